{{- /*
The charts' shared helpers, written once here and rendered into every chart (umbrella and subcharts) as
templates/_library.tpl, so each chart still installs, packages and lints on its own; a chart's copy keeps
the definitions that chart uses (the generator drops the others whole, with the comment right above them).
Helm shares named templates across a release's charts, so every copy of a definition must be the same text:
nothing here depends on the chart it lands in, and every lib.* name is written out in full. Arguments are the
chart's root context (.) or a dict whose "ctx" is that root context.
*/ -}}

{{/*
"true" when env name . says it holds a secret: it ends in password, passwd, passphrase or secret, or its last word is
token, credential(s), key or apikey (LiteralSecrets.NAME_PATTERN; a word after it says which, where or how).
*/}}
{{- define "lib.secretLikeName" -}}
{{- if regexMatch `(?i:(password|passwd|passphrase|secret)s?_?[0-9]*$)|(?i:(^|[_.-]|api|access|secret|private|signing|encryption|master|auth|bearer|refresh|session)(tokens?|credentials?|keys?|apikeys?)_?[0-9]*$)|[a-z0-9](Tokens?|Credentials?|Keys?|ApiKeys?)[0-9]*$` (toString .) }}true{{ end }}
{{- end }}

{{/*
Fails the render for an env value that holds a credential whatever its name (a URL with a password in it, a private
key, a well-known access token), as the spec and the lint's env-secret rule refuse it: (dict "chart" name "name"
variable "value" value). A password written as $(VAR), a variable from a Secret set before it, is not one. The
pattern is LiteralSecrets.PATTERN's (a test holds them equal).
*/}}
{{- define "lib.literalSecret" -}}
{{- if regexMatch `(://[^/@\s:]+:[^$/@\s][^/@\s]*@)|(-----BEGIN [A-Z ]*PRIVATE KEY-----)|(\b(AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{35}|gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22,}|glpat-[A-Za-z0-9_-]{20}|xox[abposr]-[A-Za-z0-9-]{10,}|sk-[A-Za-z0-9_-]{20,})\b)` (toString .value) }}
{{- if .key }}
{{- fail (printf "%s: %s holds a credential (a URL with a password, a private key or an access token) as a literal value; %s" .chart .key .fix) }}
{{- end }}
{{- fail (printf "%s: env.%s holds a credential (a URL with a password, a private key or an access token) as a literal value; move it to secretEnv, or write the password as $(VAR) from a secretEnv variable" .chart .name) }}
{{- end }}
{{- end }}

{{/*
Name of the chart's objects: fullnameOverride, else the chart's name, not prefixed with the release name
(the platform addresses every component as <chart>.<namespace>.svc and selects its pods by that name).
*/}}
{{- define "lib.fullname" -}}
{{- .Values.fullnameOverride | default .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Namespace of every object: .Values.namespace, else the release namespace (else "default", for tools that
render without one).
*/}}
{{- define "lib.namespace" -}}
{{- .Values.namespace | default .Release.Namespace | default "default" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Selector labels: the root context, or (dict "ctx" $ "name" name) for objects named other than the chart.
*/}}
{{- define "lib.selectorLabels" -}}
{{- $ctx := .ctx | default . -}}
app.kubernetes.io/name: {{ .name | default (include "lib.fullname" $ctx) }}
app.kubernetes.io/instance: {{ $ctx.Release.Name }}
{{- end }}

{{/*
A text as a label value: "+" as "_", at most 63 characters, and no character but a letter or digit at either end
(the API server refuses a value that begins or ends otherwise: a tag cut at a "." or a "_", or set so at install).
*/}}
{{- define "lib.labelValue" -}}
{{- regexReplaceAll "^[^A-Za-z0-9]+|[^A-Za-z0-9]+$" (. | toString | replace "+" "_" | trunc 63) "" }}
{{- end }}

{{/*
"true" when a quantity of bytes (memory, a size) is written in thousandths, millionths or billionths (512m), which the
API server takes and nothing can hold; empty otherwise.
*/}}
{{- define "lib.fractionOfBytes" -}}
{{- if regexMatch "^[0-9.]+[mun]$" (toString .) }}true{{ end }}
{{- end }}

{{/*
Recommended labels, on every object: (dict "ctx" $ "component" c), with "name" (default the chart's fullname)
and "version" (default image.tag, else the chart's appVersion). The one place the part-of label is written.
*/}}
{{- define "lib.labels" -}}
{{- $ctx := .ctx }}
{{- $version := .version | default ($ctx.Values.image).tag | default $ctx.Chart.AppVersion -}}
helm.sh/chart: {{ include "lib.labelValue" (printf "%s-%s" $ctx.Chart.Name $ctx.Chart.Version) }}
{{ include "lib.selectorLabels" . }}
app.kubernetes.io/version: {{ include "lib.labelValue" $version | quote }}
app.kubernetes.io/component: {{ required "lib.labels: pass a component" .component }}
app.kubernetes.io/part-of: {{ index $ctx.Chart.Annotations "app.kubernetes.io/part-of" | default $ctx.Chart.Name }}
app.kubernetes.io/managed-by: {{ $ctx.Release.Service }}
{{- end }}

{{/*
An object's apiVersion, kind and metadata: (dict "apiVersion" v "kind" k "metadata" (the lib.metadata arguments)).
*/}}
{{- define "lib.object" -}}
apiVersion: {{ .apiVersion }}
kind: {{ .kind }}
metadata:
  {{- include "lib.metadata" .metadata | nindent 2 }}
{{- end }}

{{/*
An object's metadata: name, namespace and labels, from (dict "ctx" $ "labels" (include "<chart>.labels" $)) with
"name" (default the chart's fullname), "namespace" (default the chart's namespace; none with "clusterScoped") and
"annotations" (a dict).
*/}}
{{- define "lib.metadata" -}}
name: {{ if .name }}{{ .name }}{{ else }}{{ include "lib.fullname" .ctx }}{{ end }}
{{- if not .clusterScoped }}
namespace: {{ if .namespace }}{{ .namespace }}{{ else }}{{ include "lib.namespace" .ctx }}{{ end }}
{{- end }}
labels:
  {{- .labels | nindent 2 }}
{{- with .annotations }}
annotations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/*
A workload's selector; pass its pods' selector labels (YAML).
*/}}
{{- define "lib.selector" -}}
selector:
  matchLabels:
    {{- . | nindent 4 }}
{{- end }}

{{/*
A Deployment's rolling update: (dict "maxSurge" n "maxUnavailable" n); both 0 is refused, as the API server would
refuse it.
*/}}
{{- define "lib.rollingUpdate" -}}
{{- if and (eq (int .maxSurge) 0) (eq (int .maxUnavailable) 0) }}
{{- fail "rollingUpdate: maxSurge and maxUnavailable are both 0, which Kubernetes refuses (an update must either add a pod or take one down); set maxSurge to 1" }}
{{- end -}}
strategy:
  type: RollingUpdate
  rollingUpdate:
    maxSurge: {{ .maxSurge }}
    maxUnavailable: {{ .maxUnavailable }}
{{- end }}

{{/*
A Service: the lib.metadata arguments, "ports" (a list of (dict "name" n "port" p), "targetPort" defaulting to
the port's name; all TCP), "selector" (the pods' selector labels, YAML), and optionally "type", "headless" (no
cluster IP) and "publishNotReady".
*/}}
{{- define "lib.service" -}}
{{- include "lib.object" (dict "apiVersion" "v1" "kind" "Service" "metadata" .) }}
spec:
  {{- with .type }}
  type: {{ . }}
  {{- end }}
  {{- if .headless }}
  clusterIP: None
  {{- end }}
  {{- if .publishNotReady }}
  publishNotReadyAddresses: true
  {{- end }}
  ports:
    {{- range .ports }}
    - name: {{ .name }}
      port: {{ .port }}
      targetPort: {{ .targetPort | default .name }}
      protocol: TCP
    {{- end }}
  selector:
    {{- .selector | nindent 4 }}
{{- end }}

{{/*
An Ingress, checked first: (dict "ctx" $ "labels" <YAML> "ingress" <its values: className, hosts, tls, annotations>
"what" "<values path of ingress, for errors>" "paths" (list (dict "path" p "service" s "port" n) ...)); every host
routes every path (Prefix). At least one host, none empty; TLS needs its Secret (spec.tls), or a cloud load balancer's
own certificate named by an annotation (no spec.tls then), and prod needs TLS. Its class: the one written, else the
class of the chart's networkPolicy.ingressController, else the cloud provider's; a written class other than the
controller's is refused. Of class alb (the AWS Load Balancer Controller), the Ingress targets the pods' addresses
(target-type ip) unless its annotations say. Of class azure-application-gateway, with "healthPath" and "healthPort"
(the backend's readiness probe where it is not on the served port), the Application Gateway probes there unless its
annotations say.
*/}}
{{- define "lib.ingress" -}}
{{- $ctx := .ctx }}
{{- $in := .ingress }}
{{- $chart := $ctx.Chart.Name }}
{{- if not $in.hosts }}
{{- fail (printf "%s: %s.hosts is empty; give at least one host (e.g. --set %s.%s.hosts[0].host=neotool.local) or set %s.enabled=false" $chart .what $chart .what .what) }}
{{- end }}
{{- range $i, $h := $in.hosts }}
{{- if not $h.host }}
{{- fail (printf "%s: %s.hosts%s.host is empty" $chart $.what (print "[" $i "]")) }}
{{- end }}
{{- end }}
{{- if and (eq (toString ($ctx.Values.global).environment) "prod") (not ($in.tls).enabled) }}
{{- fail (printf "%s: the Ingress has no TLS and global.environment is prod; set %s.%s.tls.enabled=true and %s.%s.tls.secretName (a kubernetes.io/tls Secret in the %s namespace)" $chart $chart .what $chart .what $chart) }}
{{- end }}
{{- $annotations := $in.annotations | default dict }}
{{- /* a cloud load balancer's own certificate, named by an annotation, needs no Secret (IngressSpec.CLOUD_CERTIFICATE_ANNOTATIONS) */}}
{{- $cloudCertificate := false }}
{{- range $key := list "networking.gke.io/managed-certificates" "ingress.gcp.kubernetes.io/pre-shared-cert" "alb.ingress.kubernetes.io/certificate-arn" "appgw.ingress.kubernetes.io/appgw-ssl-certificate" }}
{{- if hasKey $annotations $key }}{{ $cloudCertificate = true }}{{ end }}
{{- end }}
{{- if and ($in.tls).enabled (not $in.tls.secretName) (not $cloudCertificate) }}
{{- fail (printf "%s: %s.tls.enabled needs %s.tls.secretName, the kubernetes.io/tls Secret holding the certificate, or the load balancer's own certificate in an annotation (networking.gke.io/managed-certificates, alb.ingress.kubernetes.io/certificate-arn, ...)" $chart .what .what) }}
{{- end }}
{{- /* the class of the ingress controller the chart's NetworkPolicies admit (networkPolicy.ingressController) */}}
{{- $controllerClass := ((($ctx.Values.networkPolicy).ingressController).className) | default "" }}
{{- if and $in.className $controllerClass (ne $in.className $controllerClass) }}
{{- fail (printf "%s: %s.className %s is not the class of the chart's ingress controller (networkPolicy.ingressController.className %s), the only one whose traffic its NetworkPolicies admit; leave %s.className empty or name the controller that serves %s in networkPolicy.ingressController" $chart .what $in.className $controllerClass .what $in.className) }}
{{- end }}
{{- $class := include "lib.ingressClass" (dict "ingress" $in "ctx" $ctx) }}
{{- if and (include "lib.balancerClass" $class) (include "lib.networkPolicyOn" $ctx) (not (($ctx.Values.networkPolicy).ingressController).cidrs) }}
{{- /* the key as --set names it: under the umbrella the chart's alias, alone the chart's own values */}}
{{- $key := printf "%snetworkPolicy.ingressController.cidrs" (ternary (printf "%s." $chart) "" (contains "/charts/" $ctx.Template.BasePath)) }}
{{- fail (printf "%s: the Ingress's class %s is a cloud load balancer that sends to the pods straight from its own addresses, which the chart's NetworkPolicies admit only from networkPolicy.ingressController.cidrs, and it is empty: set %s (%s), or name the ingress controller that serves the Ingress (networkPolicy.ingressController, with its className)" $chart $class $key (include "lib.balancerRanges" $class)) }}
{{- end }}
{{- if eq $class "alb" }}
{{- /* the backends are ClusterIP Services, which only the ALB's ip targets reach (instance targets need a NodePort) */}}
{{- $annotations = merge (dict) $annotations (dict "alb.ingress.kubernetes.io/target-type" "ip") }}
{{- end }}
{{- $gke := has $class (list "gce" "gce-internal") }}
{{- if $gke }}
{{- /* GKE's controller reads the class from this annotation alone: it ignores an Ingress with ingressClassName and no
annotation, and the API server refuses both together */}}
{{- $annotations = merge (dict) $annotations (dict "kubernetes.io/ingress.class" $class) }}
{{- end }}
{{- if and (eq $class "azure-application-gateway") .healthPort }}
{{- /* the Application Gateway infers a probe from a readiness probe on the served port only */}}
{{- $annotations = merge (dict) $annotations (dict "appgw.ingress.kubernetes.io/health-probe-path" (first (splitList "?" .healthPath)) "appgw.ingress.kubernetes.io/health-probe-port" (toString .healthPort)) }}
{{- end }}
{{- include "lib.object" (dict "apiVersion" "networking.k8s.io/v1" "kind" "Ingress" "metadata" (dict "ctx" $ctx "name" .name "labels" .labels "annotations" $annotations)) }}
spec:
  {{- if not $gke }}
  ingressClassName: {{ $class }}
  {{- end }}
  {{- if and ($in.tls).enabled $in.tls.secretName }}
  tls:
    - hosts:
        {{- range $h := $in.hosts }}
        - {{ $h.host | quote }}
        {{- end }}
      secretName: {{ $in.tls.secretName }}
  {{- end }}
  {{- range $p := .paths }}
  {{- /* the API server refuses these in a Prefix path, once the release's other objects are made (the spec's check too) */}}
  {{- if or (regexMatch "//|/[.]/|/[.][.]/|%2[fF]" (toString $p.path)) (regexMatch "/[.][.]?$" (toString $p.path)) }}
  {{- fail (printf "%s: the Ingress path %s has //, /./, /../ or an encoded slash in it, or ends in /. or /..: the API server refuses it; write it without" $chart (toString $p.path)) }}
  {{- end }}
  {{- end }}
  rules:
    {{- range $h := $in.hosts }}
    - host: {{ $h.host | quote }}
      http:
        paths:
          {{- range $p := $.paths }}
          - path: {{ $p.path }}
            pathType: Prefix
            backend:
              service:
                name: {{ $p.service }}
                port:
                  number: {{ int $p.port }}
          {{- end }}
    {{- end }}
{{- end }}

{{/*
A pod template's labels: the object's labels (YAML) without helm.sh/chart, whose value changes with every chart
version. A pod template that carried it would restart every pod on every upgrade, even when nothing else changed,
and a Job that is not a hook could not be upgraded at all (its pod template is immutable). The object itself keeps
every recommended label.
*/}}
{{- define "lib.podLabels" -}}
{{- omit (fromYaml .) "helm.sh/chart" | toYaml }}
{{- end }}

{{/*
A Deployment's spec.replicas, from the lib.metadata arguments with "replicas" and "autoscaled": "replicas", or
under an HorizontalPodAutoscaler the live Deployment's own number on an upgrade and nothing otherwise (install, or
no cluster: the HPA sets it). An upgrade that left the field out where the release had it (autoscaling turned on, or
a roll forward after a rollback to a fixed number) would have Helm's three-way merge delete it, and Kubernetes
would cut the Deployment to 1 pod until the HPA's next sync; the live number changes nothing, so the chart never
fights the HPA either.
*/}}
{{- define "lib.replicas" -}}
{{- if not .autoscaled -}}
replicas: {{ .replicas }}
{{- else if .ctx.Release.IsUpgrade }}
{{- $name := .name | default (include "lib.fullname" .ctx) }}
{{- $live := dig "spec" "replicas" -1 (lookup "apps/v1" "Deployment" (.namespace | default (include "lib.namespace" .ctx)) $name | default dict) }}
{{- if ge (int $live) 0 -}}
replicas: {{ int $live }}
{{- end }}
{{- end }}
{{- end }}

{{/*
A PodDisruptionBudget: the lib.metadata arguments, "selector" (the pods' selector labels, YAML),
"maxUnavailable" and "unhealthy" (its unhealthyPodEvictionPolicy; empty: AlwaysAllow).
*/}}
{{- define "lib.pdb" -}}
{{- include "lib.object" (dict "apiVersion" "policy/v1" "kind" "PodDisruptionBudget" "metadata" .) }}
spec:
  maxUnavailable: {{ .maxUnavailable }}
  {{- if semverCompare ">=1.27-0" .ctx.Capabilities.KubeVersion.Version }}
  {{- if .unhealthy }}
  unhealthyPodEvictionPolicy: {{ .unhealthy }}
  {{- else }}
  # A running pod that is not ready may be evicted whatever the budget: the default (IfHealthyBudget) lets a
  # crash-looping or not-ready pod block a node drain for as long as it stays unready (a field from 1.27).
  unhealthyPodEvictionPolicy: AlwaysAllow
  {{- end }}
  {{- end }}
  {{- include "lib.selector" .selector | nindent 2 }}
{{- end }}

{{/*
A HorizontalPodAutoscaler of the Deployment of the same name on CPU: the lib.metadata arguments, "minReplicas",
"maxReplicas" and "cpu" (the target average utilization, percent).
*/}}
{{- define "lib.hpa" -}}
{{- include "lib.object" (dict "apiVersion" "autoscaling/v2" "kind" "HorizontalPodAutoscaler" "metadata" .) }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ if .name }}{{ .name }}{{ else }}{{ include "lib.fullname" .ctx }}{{ end }}
  minReplicas: {{ .minReplicas }}
  maxReplicas: {{ .maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ .cpu }}
{{- end }}

{{/*
An image reference, [registry/]repository:tag[@digest], from (dict "ctx" $) for .Values.image, or with "image" (the
image's values), "key" (its values path, for messages) and "tag" (a default tag, e.g. the chart's appVersion).
One policy in every chart and environment: the tag is required and is never "latest" (a pinned version is what
makes a release reproducible); a digest, where given, pins the content too. Images whose values have a registry key
fall back to global.imageRegistry. Then global.imageMirrors, registry host to mirror (docker.io: harbor.corp/hub),
moves the image's registry: a name without a host is Docker Hub's, and a Docker Hub official image is library/<name>.
*/}}
{{- define "lib.image" -}}
{{- $ctx := .ctx }}
{{- $image := .image | default $ctx.Values.image }}
{{- $key := .key | default "image" }}
{{- $repository := required (printf "%s: set %s.repository" $ctx.Chart.Name $key) $image.repository }}
{{- $tag := toString ($image.tag | default .tag | default "") }}
{{- if not $tag }}
{{- fail (printf "%s: set %s.tag to a fixed version" $ctx.Chart.Name $key) }}
{{- end }}
{{- if eq $tag "latest" }}
{{- fail (printf "%s: %s.tag \"latest\" is not allowed; set a fixed version" $ctx.Chart.Name $key) }}
{{- end }}
{{- $registry := "" }}
{{- if hasKey $image "registry" }}
{{- $registry = $image.registry | default ($ctx.Values.global).imageRegistry | default "" | trimSuffix "/" }}
{{- end }}
{{- $digest := toString ($image.digest | default "") }}
{{- $name := ternary (printf "%s/%s" $registry $repository) $repository (ne $registry "") }}
{{- with ($ctx.Values.global).imageMirrors }}
{{- $first := regexFind "^[^/]+" $name }}
{{- $host := "docker.io" }}
{{- $path := $name }}
{{- if and (contains "/" $name) (or (contains "." $first) (contains ":" $first) (eq $first "localhost")) }}
{{- $host = $first }}
{{- $path = trimPrefix (printf "%s/" $first) $name }}
{{- end }}
{{- if eq $host "index.docker.io" }}
{{- $host = "docker.io" }}
{{- end }}
{{- if and (eq $host "docker.io") (not (contains "/" $path)) }}
{{- $path = printf "library/%s" $path }}
{{- end }}
{{- with get . $host }}
{{- $name = printf "%s/%s" (trimSuffix "/" (toString .)) $path }}
{{- end }}
{{- end }}
{{- printf "%s:%s" $name $tag }}
{{- with $digest }}@{{ . }}{{ end }}
{{- end }}

{{/*
A Kubernetes quantity (10Gi, 1.5G, 512Mi, 250m, 2e9, a number) in its base unit (bytes, cores), as a float; empty
when it is not one.
*/}}
{{- define "lib.quantity" -}}
{{- $q := toString . }}
{{- $number := regexFind "^([0-9]+(\\.[0-9]*)?|\\.[0-9]+)" $q }}
{{- $unit := trimPrefix $number $q }}
{{- $units := dict "" 1.0 "n" 1e-9 "u" 1e-6 "m" 1e-3 "k" 1e3 "M" 1e6 "G" 1e9 "T" 1e12 "P" 1e15 "E" 1e18 "Ki" 1024.0 "Mi" 1048576.0 "Gi" 1073741824.0 "Ti" 1099511627776.0 "Pi" 1125899906842624.0 "Ei" 1152921504606846976.0 }}
{{- if and $number (hasKey $units $unit) }}
{{- mulf (float64 $number) (get $units $unit) }}
{{- else if and $number (regexMatch "^[eE][-+]?[0-9]+$" $unit) }}
{{- /* a number from YAML prints as 4.294967296e+09; the exponent's digits alone, as int would read 09 as octal */ -}}
{{- $down := hasPrefix "-" (substr 1 -1 $unit) }}
{{- $value := float64 $number }}
{{- range until (int (regexReplaceAll "^[eE][-+]?0*([0-9])" $unit "${1}")) }}
{{- $value = ternary (divf $value 10.0) (mulf $value 10.0) $down }}
{{- end }}
{{- $value }}
{{- end }}
{{- end }}

{{/*
Whether the cluster assigns the pods' user and group ids (global.userIds cluster: OpenShift's restricted-v2, which
refuses ids outside each namespace's range): "true", or empty when the charts give their images' own. Pass the
chart's context.
*/}}
{{- define "lib.clusterAssignsIds" -}}
{{- if eq (toString (.Values.global).userIds) "cluster" }}true{{ end }}
{{- end }}

{{/*
Restricted pod securityContext (Pod Security "restricted"): (dict "ctx" $ "securityContext" (the securityContext
values: runAsUser, runAsGroup, optional fsGroup and fsGroupChangePolicy)). With an fsGroup the policy defaults to
OnRootMismatch: the kubelet then changes a volume's ownership only when its root does not match, instead of walking
every file at every mount (minutes for a large Prometheus or PostgreSQL volume), nor making PostgreSQL's data
directory group-writable, which it refuses. Where the cluster assigns the ids (lib.clusterAssignsIds) they are left
out, runAsNonRoot and the policy kept.
*/}}
{{- define "lib.podSecurityContext" -}}
{{- $sc := .securityContext -}}
runAsNonRoot: true
{{- if not (include "lib.clusterAssignsIds" .ctx) }}
runAsUser: {{ int64 (required "securityContext.runAsUser is not set (a non-root user id; the image's own is the chart's default)" $sc.runAsUser) }}
runAsGroup: {{ int64 (required "securityContext.runAsGroup is not set (a group id; the image's own is the chart's default)" $sc.runAsGroup) }}
{{- if hasKey $sc "fsGroup" }}
fsGroup: {{ int64 $sc.fsGroup }}
{{- end }}
{{- end }}
{{- if hasKey $sc "fsGroup" }}
fsGroupChangePolicy: {{ $sc.fsGroupChangePolicy | default "OnRootMismatch" }}
{{- end }}
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/*
A container's resources, the values' requests and limits with every empty quantity left out: an empty value means
none (a container without a CPU limit, say), where Kubernetes refuses "" as a quantity. A request above its limit
fails here, naming both, rather than at the API server once part of the release is made.
*/}}
{{- define "lib.resources" -}}
{{- $limits := .limits | default dict }}
{{- /* memory in thousandths of a byte (512m): the API server takes it, and no container starts in it */}}
{{- range $kind := list "requests" "limits" }}
{{- with get ((get $ $kind) | default dict) "memory" }}
{{- if include "lib.fractionOfBytes" . }}
{{- fail (printf "resources: %s.memory %v is in thousandths (m), millionths (u) or billionths (n) of a byte: write it in Mi or Gi (e.g. 512Mi)" $kind .) }}
{{- end }}
{{- end }}
{{- end }}
{{- range $name, $request := .requests | default dict }}
{{- $r := include "lib.quantity" $request }}
{{- $l := include "lib.quantity" (get $limits $name) }}
{{- if and $r $l (gt (float64 $r) (float64 $l)) }}
{{- fail (printf "resources: requests.%s (%v) is more than limits.%s (%v), and the API server refuses such a pod (the release would be left half made); raise the limit or lower the request" $name $request $name (get $limits $name)) }}
{{- end }}
{{- end }}
{{- $yaml := toYaml . }}
{{- if not (or (contains ": \"\"" $yaml) (contains ": null" $yaml)) }}
{{- $yaml }}
{{- else }}
{{- $out := dict }}
{{- range $kind, $quantities := . }}
{{- if kindIs "map" $quantities }}
{{- $kept := dict }}
{{- range $name, $q := $quantities }}
{{- if not (has (toString $q) (list "" "<nil>")) }}{{ $_ := set $kept $name $q }}{{ end }}
{{- end }}
{{- if $kept }}{{ $_ := set $out $kind $kept }}{{ end }}
{{- else if $quantities }}{{ $_ := set $out $kind $quantities }}
{{- end }}
{{- end }}
{{- toYaml $out }}
{{- end }}
{{- end }}

{{/*
A container's restricted securityContext (Pod Security "restricted"), key included: (dict "ctx" $ "securityContext"
(the securityContext values: runAsUser and runAsGroup, or neither to run as the image's non-root user)). Where the
cluster assigns the ids (lib.clusterAssignsIds) they are left out.
*/}}
{{- define "lib.containerSecurityContext" -}}
{{- $sc := .securityContext }}
{{- $ids := not (include "lib.clusterAssignsIds" .ctx) -}}
securityContext:
  runAsNonRoot: true
  {{- if and $ids (hasKey $sc "runAsUser") }}
  runAsUser: {{ int64 $sc.runAsUser }}
  {{- end }}
  {{- if and $ids (hasKey $sc "runAsGroup") }}
  runAsGroup: {{ int64 $sc.runAsGroup }}
  {{- end }}
  allowPrivilegeEscalation: false
  readOnlyRootFilesystem: true
  capabilities:
    drop:
      - ALL
  seccompProfile:
    type: RuntimeDefault
{{- end }}

{{/*
A pod's identity and isolation: its ServiceAccount ("serviceAccount"), whether the API token is mounted
("automountToken"), no Service environment variables, the registry's pull Secrets (lib.imagePullSecrets of "ctx", the
chart's context), its PriorityClass (lib.priorityClass), its nodes (global.placement.<chart>: nodeSelector and
tolerations; or "placement", a dict of those, such as a service's own, or false where the pod spec writes its own)
and the restricted pod securityContext ("securityContext", the chart's securityContext values).
*/}}
{{- define "lib.podSecurity" -}}
serviceAccountName: {{ .serviceAccount }}
automountServiceAccountToken: {{ .automountToken }}
enableServiceLinks: false
{{- with include "lib.imagePullSecrets" .ctx }}
{{ . }}
{{- end }}
{{- with include "lib.priorityClass" .ctx }}
{{ . }}
{{- end }}
{{- $placement := get ((.ctx.Values.global).placement | default dict) .ctx.Chart.Name }}
{{- if hasKey . "placement" }}
{{- $placement = .placement }}
{{- end }}
{{- with $placement }}
{{- with .nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .tolerations }}
{{ include "lib.tolerations" . }}
{{- end }}
{{- end }}
securityContext:
  {{- include "lib.podSecurityContext" (dict "ctx" .ctx "securityContext" .securityContext) | nindent 2 }}
{{- end }}

{{/*
priorityClassName of a pod spec, from global.priorityClassNames by the chart's name (the chart's context); nothing
without one.
*/}}
{{- define "lib.priorityClass" -}}
{{- with get ((.Values.global).priorityClassNames | default dict) .Chart.Name -}}
priorityClassName: {{ . }}
{{- end }}
{{- end }}

{{/*
imagePullSecrets of a pod spec, from global.imagePullSecrets (the private registry's Secrets, which must exist in the
pod's namespace); nothing without them. Pass the chart's context.
*/}}
{{- define "lib.imagePullSecrets" -}}
{{- with ((.Values.global).imagePullSecrets) }}
imagePullSecrets:
  {{- range . }}
  - name: {{ . | quote }}
  {{- end }}
{{- end }}
{{- end }}

{{/*
A helm test Pod up to its list of containers: the lib.metadata arguments, the Pod's "serviceAccount" (no API token)
and "securityContext" (lib.podSecurityContext), and its "stage" in helm test's order; it runs once and is deleted
before the next run and when it succeeds. Helm runs the tests by weight, then name, and stops at the first that fails:
the stages put what others depend on first, so that the test that fails names the cause (1: the data stores, Vault,
metrics and logs; 2: the services' readiness; 3: the GraphQL API through the router; 4: the web). A failed Pod's log
is printed by helm test itself (Helm 3.18 and later; the Pods run in the components' namespaces, where helm test
--logs does not look).
*/}}
{{- define "lib.testPod" -}}
{{- $hook := dict "helm.sh/hook" "test" "helm.sh/hook-delete-policy" "before-hook-creation,hook-succeeded" "helm.sh/hook-weight" (toString (required "lib.testPod: stage" .stage)) "helm.sh/hook-output-log-policy" "hook-failed" }}
{{- include "lib.object" (dict "apiVersion" "v1" "kind" "Pod" "metadata" (merge (dict "annotations" $hook) (omit . "stage"))) }}
spec:
  restartPolicy: Never
  {{- include "lib.podSecurity" (merge (dict "ctx" .ctx "serviceAccount" .serviceAccount "automountToken" false "securityContext" .securityContext) (pick . "placement")) | nindent 2 }}
  containers:
{{- end }}

{{/*
"true" when an IngressClass is a cloud load balancer that sends to the pods straight from its own addresses (GKE's,
the AWS Load Balancer Controller's ALB with ip targets, Azure's Application Gateway), else empty; "lib.balancerRanges"
says where those addresses are.
*/}}
{{- define "lib.balancerClass" -}}
{{- if has . (list "gce" "gce-internal" "alb" "azure-application-gateway") }}true{{ end }}
{{- end }}

{{- define "lib.balancerRanges" -}}
{{- if eq . "gce" }}GKE's proxies and health checks: 35.191.0.0/16 and 130.211.0.0/22
{{- else if eq . "gce-internal" }}the VPC's proxy-only subnet, and the health checks' 35.191.0.0/16 and 130.211.0.0/22
{{- else if eq . "alb" }}the ALB's subnets
{{- else }}the Application Gateway's subnet{{ end }}
{{- end }}

{{/*
A pod's tolerations, from values written as strings (key, operator, value, effect, tolerationSeconds), a list that is
not empty. tolerationSeconds is an integer to the API server. Use, in a pod spec:
{{- with .Values.tolerations }}{{ include "lib.tolerations" . | nindent 6 }}{{ end }}.
*/}}
{{- define "lib.tolerations" -}}
tolerations:
  {{- range $t := . }}
  {{- $t = deepCopy $t }}
  {{- if hasKey $t "tolerationSeconds" }}
  {{- if not (regexMatch "^-?(0|[1-9][0-9]*)$" (toString $t.tolerationSeconds)) }}
  {{- fail (printf "tolerations: tolerationSeconds %q is not a whole number of seconds (digits without a leading zero, which would be read as octal)" (toString $t.tolerationSeconds)) }}
  {{- end }}
  {{- $_ := set $t "tolerationSeconds" (int64 (toString $t.tolerationSeconds)) }}
  {{- end }}
  - {{- toYaml $t | nindent 4 }}
  {{- end }}
{{- end }}

{{/*
Spread a workload's pods over the nodes and the zones (best effort: a cluster of one node or without zone labels
still schedules them); pass the pods' selector labels (YAML). A pod that sets constraints of its own loses the
cluster's default ones (among them a soft spread over zones), so the zone is named here. Only the pods of one
revision (a Deployment's pod-template-hash; ignored where the pods have no such label) are counted, so a rollout's
old pods do not skew the new ones.
*/}}
{{- define "lib.topologySpread" -}}
topologySpreadConstraints:
  {{- range list "kubernetes.io/hostname" "topology.kubernetes.io/zone" }}
  - maxSkew: 1
    topologyKey: {{ . }}
    whenUnsatisfiable: ScheduleAnyway
    labelSelector:
      matchLabels:
        {{- $ | nindent 8 }}
    matchLabelKeys: [pod-template-hash]
  {{- end }}
{{- end }}

{{/*
The resources of a Job's container that runs a shell script around one client (mc, psql, vault): 10m CPU and 32Mi
requested, 200m and 128Mi at most.
*/}}
{{- define "lib.jobResources" -}}
resources:
  requests:
    cpu: 10m
    memory: 32Mi
  limits:
    cpu: 200m
    memory: 128Mi
{{- end }}

{{/*
The start of a helm test Pod's one container, named smoke, that runs a shell script (its args follow):
(dict "image" <image reference> "pullPolicy" p).
*/}}
{{- define "lib.smokeContainer" -}}
- name: smoke
  image: {{ .image | quote }}
  imagePullPolicy: {{ .pullPolicy }}
  command:
    - /bin/sh
    - -c
{{- end }}

{{/*
The resources of a helm test Pod's one container (a shell script around wget or curl): 10m CPU and 16Mi requested,
100m and 32Mi at most.
*/}}
{{- define "lib.smokeResources" -}}
resources:
  requests:
    cpu: 10m
    memory: 16Mi
  limits:
    cpu: 100m
    memory: 32Mi
{{- end }}

{{/*
A container's env: (dict "chart" <name, for errors> "values" <name -> literal> "secrets" <name -> {secretName, key,
optional}>). The kubelet expands $(VAR) in a value from the variables listed before it only, so the Secret references
come first, then the literal values without $( and then those with it, each sorted by name: a value may name a
Secret's variable or a plain one, and one of its own kind sorted before it.
*/}}
{{- define "lib.env" -}}
{{- $literals := .values | default dict }}
{{- $plain := list }}
{{- $referring := list }}
{{- range $name := keys $literals | sortAlpha }}
{{- if contains "$(" (get $literals $name | toString) }}
{{- $referring = append $referring $name }}
{{- else }}
{{- $plain = append $plain $name }}
{{- end }}
{{- end }}
{{- range $name := keys (.secrets | default dict) | sortAlpha }}
{{- $ref := get $.secrets $name }}
- name: {{ $name }}
  valueFrom:
    secretKeyRef:
      name: {{ required (printf "%s: set secretEnv.%s.secretName" $.chart $name) $ref.secretName }}
      key: {{ required (printf "%s: set secretEnv.%s.key" $.chart $name) $ref.key | quote }}
      {{- if $ref.optional }}
      optional: true
      {{- end }}
{{- end }}
{{- range $name := concat $plain $referring }}
- name: {{ $name }}
  value: {{ get $literals $name | toString | quote }}
{{- end }}
{{- end }}

{{/*
The writable /tmp every container with a read-only root filesystem gets: its volume mount and the pod's volume.
*/}}
{{- define "lib.tmpMount" -}}
- name: tmp
  mountPath: /tmp
{{- end }}

{{- define "lib.tmpVolume" -}}
- name: tmp
  emptyDir: {}
{{- end }}

{{/*
A pod annotation (given: its emptyDirs' names, a list) that tells the cluster autoscaler they hold nothing to keep:
by default (--skip-nodes-with-local-storage) it never removes a node that runs a pod with an emptyDir, so the nodes
added for an autoscaled peak would stay.
*/}}
{{- define "lib.evictableVolumes" -}}
cluster-autoscaler.kubernetes.io/safe-to-evict-local-volumes: {{ join "," . | quote }}
{{- end }}

{{/*
A probe: (dict "port" p "path" path "initialDelaySeconds" n "periodSeconds" n "timeoutSeconds" n
"failureThreshold" n); an HTTP GET of path on port, or with no path a TCP connect to port. A probe's values merge
in: (merge (dict "port" "http") .Values.probes.liveness).
*/}}
{{- define "lib.probe" -}}
{{- if .path -}}
httpGet:
  path: {{ .path }}
  port: {{ .port }}
{{- else -}}
tcpSocket:
  port: {{ .port }}
{{- end }}
initialDelaySeconds: {{ .initialDelaySeconds }}
periodSeconds: {{ .periodSeconds }}
timeoutSeconds: {{ .timeoutSeconds }}
failureThreshold: {{ .failureThreshold }}
{{- end }}

{{/*
A container's preStop sleep: (dict "seconds" n "ctx" $ "indent" n). The container keeps serving that long after its
pod was marked terminating, while its endpoint is removed; the kubelet's own sleep action (Kubernetes 1.30 and later),
so no shell or sleep binary is needed in the image. It counts against terminationGracePeriodSeconds. Nothing for 0 or
an older Kubernetes. Use, in a container: include "lib.preStopSleep" (dict "seconds" 5 "ctx" $ "indent" 10).
*/}}
{{- define "lib.preStopSleep" -}}
{{- if and .seconds (semverCompare ">=1.30-0" .ctx.Capabilities.KubeVersion.Version) }}
{{- printf "lifecycle:\n  preStop:\n    sleep:\n      seconds: %d" (int .seconds) | nindent (int .indent) }}
{{- end }}
{{- end }}

{{/*
A container's startup, liveness and readiness probes: (dict "port" p "probes" .Values.probes), probes with startup
(periodSeconds, timeoutSeconds, failureThreshold), liveness and readiness (lib.probe's keys). The startup probe asks
the liveness path from the start; liveness and readiness run once it passed. Use, in a container:
include "lib.probes" (dict "port" "http" "probes" .Values.probes) | nindent 10.
*/}}
{{- define "lib.probes" -}}
startupProbe:
  {{- include "lib.probe" (merge (dict "port" .port "path" .probes.liveness.path "initialDelaySeconds" 0) .probes.startup) | nindent 2 }}
livenessProbe:
  {{- include "lib.probe" (merge (dict "port" .port) .probes.liveness) | nindent 2 }}
readinessProbe:
  {{- include "lib.probe" (merge (dict "port" .port) .probes.readiness) | nindent 2 }}
{{- end }}

{{/*
A ServiceAccount: the lib.metadata arguments and "automountToken" (whether its pods get an API token; default false).
*/}}
{{- define "lib.serviceAccount" -}}
{{- include "lib.object" (dict "apiVersion" "v1" "kind" "ServiceAccount" "metadata" .) }}
automountServiceAccountToken: {{ .automountToken | default false }}
{{- end }}

{{/*
"true" when the chart renders its NetworkPolicies, else empty: its own networkPolicy.enabled and the platform's
switch global.networkPolicy.enabled (on when absent, as for a chart installed on its own). Use:
{{- if include "lib.networkPolicyOn" . }}.
*/}}
{{- define "lib.networkPolicyOn" -}}
{{- if and (.Values.networkPolicy).enabled (dig "enabled" true (((.Values.global).networkPolicy) | default dict)) }}true{{ end }}
{{- end }}

{{/*
A NetworkPolicy: apiVersion, kind, metadata (the lib.metadata arguments), the pods it selects ("selector", YAML
matchLabels; none selects every pod of the namespace) and its policyTypes ("types", default Ingress and Egress); the
template goes on with its rules.
*/}}
{{- define "lib.networkPolicy" -}}
{{- include "lib.object" (dict "apiVersion" "networking.k8s.io/v1" "kind" "NetworkPolicy" "metadata" .) }}
spec:
  {{- if .selector }}
  podSelector:
    matchLabels:
      {{- .selector | nindent 6 }}
  {{- else }}
  podSelector: {}
  {{- end }}
  policyTypes:
    {{- range .types | default (list "Ingress" "Egress") }}
    - {{ . }}
    {{- end }}
{{- end }}

{{/*
A NetworkPolicy rule to ("to") or from ("from") peers (YAML, e.g. from lib.peer) on TCP "ports" (a list; none
allows every port).
*/}}
{{- define "lib.rule" -}}
- {{ if .from }}from{{ else }}to{{ end }}:
    {{- .from | default .to | nindent 4 }}
  {{- with .ports }}
  ports:
    {{- range . }}
    - protocol: TCP
      port: {{ . }}
    {{- end }}
  {{- end }}
{{- end }}

{{/*
A NetworkPolicy in one direction for the pods named "app" (app.kubernetes.io/name), with the lib.metadata arguments
(name, namespace, labels): either its "ingress" or "egress" rules (YAML, e.g. from lib.rule), or one rule from
("from") or to ("to") peers on TCP "ports" (the lib.rule arguments). Its policyType is the direction of its rules.
*/}}
{{- define "lib.appPolicy" -}}
{{- $ingress := not (empty (or .ingress .from)) }}
{{- $rules := or .ingress .egress }}
{{- if not $rules }}{{ $rules = include "lib.rule" . }}{{ end }}
{{- include "lib.networkPolicy" (merge (dict "selector" (printf "app.kubernetes.io/name: %s" .app) "types" (list (ternary "Ingress" "Egress" $ingress))) .) }}
  {{ ternary "ingress" "egress" $ingress }}:
    {{- $rules | nindent 4 }}
{{- end }}

{{/*
The ingress controller's way in to the chart's pods (app.kubernetes.io/name: the chart's fullname), named
<fullname>-from-ingress-controller: from networkPolicy.ingressController (lib.ingressControllerPeers) on "port",
rendered when the chart's NetworkPolicies are on (lib.networkPolicyOn) and that names pods or ranges;
(dict "ctx" $ "labels" (include "<chart>.labels" $) "port" p), "app" where the pods' app.kubernetes.io/name is not
the chart's fullname, and "healthPort" where the pods answer their health checks on a port of its own: the ranges
(a cloud load balancer's, whose health checks go to it: lib.cloud.backendAnnotations) are admitted there too. With
"ingress" (the chart's Ingress values) enabled and annotated with a cert-manager issuer, the controller also reaches
cert-manager's HTTP-01 solver pods on 8089 (<fullname>-acme-solver-from-ingress-controller): under the default-deny,
the ACME challenge that cert-manager routes through the controller to them would never be answered.
*/}}
{{- define "lib.ingressControllerPolicy" -}}
{{- $app := .app | default (include "lib.fullname" .ctx) }}
{{- $ic := .ctx.Values.networkPolicy.ingressController | default dict }}
{{- $from := include "lib.ingressControllerPeers" (dict "ic" $ic "chart" $app) }}
{{- if and (include "lib.networkPolicyOn" .ctx) $from }}
{{- $rules := include "lib.rule" (dict "from" $from "ports" (list (int .port))) }}
{{- if and .healthPort $ic.cidrs }}
{{- $rules = printf "%s\n%s" $rules (include "lib.rule" (dict "from" (include "lib.ingressControllerPeers" (dict "ic" (dict "cidrs" $ic.cidrs) "chart" $app)) "ports" (list (int .healthPort)))) }}
{{- end }}
{{- include "lib.appPolicy" (dict "name" (printf "%s-from-ingress-controller" $app) "namespace" (include "lib.namespace" .ctx) "labels" .labels "app" $app "ingress" $rules) }}
{{- $ingress := .ingress | default dict }}
{{- $annotations := $ingress.annotations | default dict }}
{{- if and $ingress.enabled (or (hasKey $annotations "cert-manager.io/cluster-issuer") (hasKey $annotations "cert-manager.io/issuer")) }}
---
{{ include "lib.networkPolicy" (dict "name" (printf "%s-acme-solver-from-ingress-controller" $app) "namespace" (include "lib.namespace" .ctx) "labels" .labels "selector" "acme.cert-manager.io/http01-solver: \"true\"" "types" (list "Ingress")) }}
  ingress:
    {{- include "lib.rule" (dict "from" $from "ports" (list 8089)) | nindent 4 }}
{{- end }}
{{- end }}
{{- end }}

{{/*
The ingress controller's peers, a rule's "from" (YAML; empty when it names none): its pods (networkPolicy.
ingressController's namespace, and app and podLabels) and each of its cidrs, the ranges a cloud load balancer sends from straight to
the pods (an ALB with target-type ip, GKE's proxies). (dict "ic" .Values.networkPolicy.ingressController "chart" c),
"chart" naming the chart in the message for a missing namespace.
*/}}
{{- define "lib.ingressControllerPeers" -}}
{{- $ic := .ic | default dict }}
{{- $peers := list }}
{{- if or $ic.app $ic.podLabels }}
{{- $labels := deepCopy ($ic.podLabels | default dict) }}
{{- with $ic.app }}{{ $_ := set $labels "app.kubernetes.io/name" . }}{{ end }}
{{- $peers = append $peers (include "lib.peer" (dict "namespace" (required (printf "%s: set networkPolicy.ingressController.namespace" .chart) $ic.namespace) "selector" (toYaml $labels))) }}
{{- end }}
{{- range $ic.cidrs | default list }}
{{- $peers = append $peers (printf "- ipBlock:\n    cidr: %s" .) }}
{{- end }}
{{- join "\n" $peers }}
{{- end }}

{{/*
A NetworkPolicy peer: pods by "selector" (YAML matchLabels) or by app.kubernetes.io/name "name", in "namespace"
(else the policy's own namespace).
*/}}
{{- define "lib.peer" -}}
{{- if .namespace -}}
- namespaceSelector:
    matchLabels:
      kubernetes.io/metadata.name: {{ .namespace }}
  podSelector:
{{- else -}}
- podSelector:
{{- end }}
    matchLabels:
      {{- .selector | default (printf "app.kubernetes.io/name: %s" .name) | nindent 6 }}
{{- end }}

{{/*
NetworkPolicy peers of every address, IPv4 and IPv6, but the ranges of a list ("except"): an ipBlock for 0.0.0.0/0
with the list's IPv4 ranges and one for ::/0 with its IPv6 ranges (an except must lie inside its cidr). On an IPv6-only
or dual-stack cluster the API server, the nodes and the internet have IPv6 addresses, which 0.0.0.0/0 does not hold.
A list of one family's ranges alone keeps the other family closed: IPv4 ranges alone (every list written before IPv6
ranges could be) keep IPv6 closed, as it was, and IPv6 ranges alone keep IPv4 closed; opened, the other family would
reach the private ranges the list never named. An empty list opens both.
*/}}
{{- define "lib.anyAddress" -}}
{{- $families := dict "v4" list "v6" list }}
{{- range $cidr := .except | default list }}
{{- $family := ternary "v6" "v4" (contains ":" (toString $cidr)) }}
{{- $_ := set $families $family (append (get $families $family) $cidr) }}
{{- end }}
{{- $peers := list }}
{{- range $family, $cidr := dict "v4" "0.0.0.0/0" "v6" "::/0" }}
{{- if or (not (or $families.v4 $families.v6)) (get $families $family) }}
{{- $block := dict "cidr" $cidr }}
{{- with get $families $family }}
{{- $_ := set $block "except" . }}
{{- end }}
{{- $peers = append $peers (dict "ipBlock" $block) }}
{{- end }}
{{- end }}
{{- toYaml $peers }}
{{- end }}

{{/*
Egress rules to address ranges outside the cluster's pods, each with its TCP ports: (dict "addresses" (list of
{cidr, ports}) "key" (their values path) "chart" (the name errors begin with)). A range without ports fails: the rule
would admit every port.
*/}}
{{- define "lib.addressRules" -}}
{{- range $i, $address := .addresses }}
{{- if empty $address.ports }}
{{- fail (printf "%s: set %s%s.ports, the TCP ports to reach %s on (none would open every port)" $.chart $.key (print "[" $i "]") (toString $address.cidr)) }}
{{- end }}
{{- if $i }}{{ "\n" }}{{ end -}}
# {{ $.key }}[{{ $i }}]: outside the cluster's pods
- to:
    - ipBlock:
        cidr: {{ required (printf "%s: set %s%s.cidr" $.chart $.key (print "[" $i "]")) $address.cidr }}
  ports:
    {{- range $port := $address.ports }}
    - protocol: TCP
      port: {{ int $port }}
    {{- end }}
{{- end }}
{{- end }}

{{/*
Egress rule to the cluster DNS: (dict "ctx" $ "namespace" (networkPolicy.dnsNamespace)), in global.networkPolicy.dns's
namespace where it names one. Its pods, ports and any
cache outside them (NodeLocal DNSCache's link-local address) are global.networkPolicy.dns's: CoreDNS's k8s-app:
kube-dns (when podLabels is empty: a map set at install time is then the whole selector, not merged into a default)
on port 53 unless it says otherwise (OpenShift's DNS pods listen on 5353, the port the policy sees).
*/}}
{{- define "lib.dnsEgress" -}}
{{- $dns := ((.ctx.Values.global).networkPolicy).dns | default dict -}}
- to:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: {{ $dns.namespace | default .namespace }}
      podSelector:
        matchLabels:
          {{- toYaml ($dns.podLabels | default (dict "k8s-app" "kube-dns")) | nindent 10 }}
    {{- range $cidr := $dns.cidrs }}
    - ipBlock:
        cidr: {{ $cidr | quote }}
    {{- end }}
  ports:
    {{- range $port := $dns.ports | default (list 53) }}
    - protocol: UDP
      port: {{ int $port }}
    - protocol: TCP
      port: {{ int $port }}
    {{- end }}
{{- end }}

{{/*
Cloud provider defaults (global.cloudProvider: local = K3S, aws, gcp, azure); an explicit class in the values
always wins over these.
*/}}
{{- define "lib.cloud.defaults" -}}
{{- $byProvider := dict
    "local" (dict "storageClass" "local-path" "ingressClass" "traefik")
    "aws" (dict "storageClass" "ebs-gp3" "ingressClass" "alb")
    "gcp" (dict "storageClass" "pd-ssd" "ingressClass" "gce")
    "azure" (dict "storageClass" "managed-premium" "ingressClass" "azure-application-gateway") }}
{{- $provider := (.Values.global).cloudProvider | default "local" }}
{{- if not (hasKey $byProvider $provider) }}
{{- fail (printf "global.cloudProvider %q is not one of local, aws, gcp, azure" $provider) }}
{{- end }}
{{- toJson (get $byProvider $provider) }}
{{- end }}

{{/*
Annotations of a Service an Ingress may send to, as JSON (read back with fromJson), for the cloud provider's load
balancer: (dict "ctx" $ "healthPath" <the pods' readiness path> "healthPort" <its port where it is not the served one>).
On AWS, the ALB's health check of the Service's targets: the readiness path (without its query), on the health port
where there is one; left to itself the ALB asks for / on the served port, which the services and the router answer
with 404, so every target would stay unhealthy. On GKE, a network endpoint group of the pods' addresses
(container-native load balancing): the only way a gce Ingress reaches a ClusterIP Service, and one GKE turns on by
itself only in clusters without network policy enforcement; where there is a health port, the chart's BackendConfig
of the Service's name, which the chart renders (GKE takes a health check from the readiness probe only on the served
port). Behind no load balancer of that cloud, they make nothing.
*/}}
{{- define "lib.cloud.backendAnnotations" -}}
{{- $provider := ((.ctx.Values.global).cloudProvider) | default "local" }}
{{- $annotations := dict }}
{{- if eq $provider "aws" }}
{{- $_ := set $annotations "alb.ingress.kubernetes.io/healthcheck-path" (first (splitList "?" .healthPath)) }}
{{- with .healthPort }}
{{- $_ := set $annotations "alb.ingress.kubernetes.io/healthcheck-port" (toString .) }}
{{- end }}
{{- else if eq $provider "gcp" }}
{{- $_ := set $annotations "cloud.google.com/neg" "{\"ingress\": true}" }}
{{- if .healthPort }}
{{- /* GKE takes the health check from a readiness probe on the served port only: the chart's BackendConfig, named as the Service */}}
{{- $_ := set $annotations "cloud.google.com/backend-config" (printf "{\"default\": \"%s\"}" (include "lib.fullname" .ctx)) }}
{{- end }}
{{- end }}
{{- toJson $annotations }}
{{- end }}

{{/*
The IngressClass an Ingress of a chart takes: (dict "ingress" .Values.<...>.ingress "ctx" <the chart's context>), its
own className, else the class of the chart's ingress controller (networkPolicy.ingressController.className), else
the cloud provider's.
*/}}
{{- define "lib.ingressClass" -}}
{{- .ingress.className | default (((.ctx.Values.networkPolicy).ingressController).className) | default (include "lib.cloud.ingressClass" .ctx) }}
{{- end }}

{{/*
IngressClass of an Ingress that names none: the cloud provider's.
*/}}
{{- define "lib.cloud.ingressClass" -}}
{{- (include "lib.cloud.defaults" . | fromJson).ingressClass }}
{{- end }}
