{{- /*
The charts' shared helpers, written once here and rendered into every chart (umbrella and subcharts) as
templates/_library.tpl, so each chart still installs, packages and lints on its own; a chart's copy keeps
the definitions that chart uses (the generator drops the others whole, with the comment right above them).
Helm shares named templates across a release's charts, so every copy of a definition must be the same text:
nothing here depends on the chart it lands in, and every lib.* name is written out in full. Arguments are the
chart's root context (.) or a dict whose "ctx" is that root context.
*/ -}}

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
A workload's selector and the head of its pod template: "selector" and "podLabels" (YAML, the object's labels;
lib.podLabels keeps the chart's version out of the pods).
*/}}
{{- define "lib.podTemplateHead" -}}
{{- include "lib.selector" .selector }}
template:
  metadata:
    labels:
      {{- include "lib.podLabels" .podLabels | nindent 6 }}
{{- end }}

{{/*
A pod template annotation's checksum of what its pods read, from a template file's rendered text (include (print
$.Template.BasePath "/<file>") .): every object in it without its metadata. A change to a ConfigMap's or Secret's
content restarts the pods; a new chart version alone (the objects' helm.sh/chart label) does not.
*/}}
{{- define "lib.contentChecksum" -}}
{{- $content := list }}
{{- range $doc := regexSplit "(?m)^---[ \t]*$" . -1 }}
{{- $object := fromYaml $doc }}
{{- if hasKey $object "Error" }}
{{- fail (printf "lib.contentChecksum: a rendered document is not YAML: %s" (get $object "Error")) }}
{{- end }}
{{- if $object }}
{{- $content = append $content (omit $object "metadata") }}
{{- end }}
{{- end }}
{{- toJson $content | sha256sum }}
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
A StatefulSet's head, up to its pods' labels: the lib.metadata arguments, "serviceName", "replicas", optionally
"podManagementPolicy", "minReadySeconds" and "updateStrategy" (its type), "selector" (the pods' selector labels,
YAML) and "podLabels" (YAML); the template goes on with the pod template's annotations and spec.
*/}}
{{- define "lib.statefulSet" -}}
{{- include "lib.object" (dict "apiVersion" "apps/v1" "kind" "StatefulSet" "metadata" .) }}
spec:
  serviceName: {{ .serviceName }}
  replicas: {{ .replicas }}
  {{- with .podManagementPolicy }}
  podManagementPolicy: {{ . }}
  {{- end }}
  {{- with .minReadySeconds }}
  minReadySeconds: {{ int . }}
  {{- end }}
  {{- with .updateStrategy }}
  updateStrategy:
    type: {{ . }}
  {{- end }}
  {{- include "lib.podTemplateHead" . | nindent 2 }}
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
The members of a quorum (Vault's Raft servers, Kafka's KRaft voters) on different nodes, required, not preferred
(given: the pods' selector labels, YAML): two of three on one node would lose the quorum with that node, and a pod
evicted by a drain would otherwise be placed beside another member and stay there. An evicted member waits Pending
until a node without one is schedulable; the others keep the quorum meanwhile.
*/}}
{{- define "lib.quorumSpread" -}}
affinity:
  podAntiAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
      - topologyKey: kubernetes.io/hostname
        labelSelector:
          matchLabels:
            {{- . | nindent 12 }}
{{- /* and over the zones, best effort: a zone lost then takes one member, not the quorum */}}
topologySpreadConstraints:
  - maxSkew: 1
    topologyKey: topology.kubernetes.io/zone
    whenUnsatisfiable: ScheduleAnyway
    labelSelector:
      matchLabels:
        {{- . | nindent 8 }}
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
Fails for a chart installed under another name than its own, "name" (an alias of a parent chart's dependency):
(dict "ctx" $ "name" n). Its NetworkPolicies name its pods and their peers as the platform's addresses do, by that
name, and would select no pod of the alias.
*/}}
{{- define "lib.ownName" -}}
{{- if ne .ctx.Chart.Name .name }}
{{- fail (printf "%s: installed as %q (an alias): its NetworkPolicies and the platform's addresses name its pods %s, so they would select none of %s's; install it under its own name, %s" .name .ctx.Chart.Name .name .ctx.Chart.Name .name) }}
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
The NetworkPolicies of a chart's smoke test Pod, whose app.kubernetes.io/name is "name": the Pod reaches the chart's
pods on "port" and they admit it; (dict "ctx" $ "name" n "labels" (the test's labels, YAML) "port" p), and for a
chart of several servers the one tested, "server" (its app.kubernetes.io/name). DNS is the namespace's own policy.
*/}}
{{- define "lib.smokeTestPolicies" -}}
{{- $server := .server | default (include "lib.fullname" .ctx) }}
{{- $pods := include "lib.selectorLabels" (dict "ctx" .ctx "name" $server) }}
{{- include "lib.appPolicy" (dict "ctx" .ctx "name" .name "labels" .labels "app" .name "to" (include "lib.peer" (dict "selector" $pods)) "ports" (list .port)) }}
---
{{ include "lib.networkPolicy" (dict "ctx" .ctx "name" (printf "%s-from-%s" $server .name) "labels" .labels "selector" $pods "types" (list "Ingress")) }}
  ingress:
    {{- include "lib.rule" (dict "from" (include "lib.peer" (dict "name" .name)) "ports" (list .port)) | nindent 4 }}
{{- end }}

{{/*
A StatefulSet's volume claim template (ReadWriteOnce): (dict "ctx" $ "name" n "selector" (the pods' selector
labels, YAML) "size" s "storageClass" c); an empty storageClass takes the cloud provider's (lib.cloud.storageClass).
*/}}
{{- define "lib.volumeClaim" -}}
- metadata:
    name: {{ .name }}
    labels:
      {{- .selector | nindent 6 }}
  spec:
    accessModes:
      - ReadWriteOnce
    storageClassName: {{ .storageClass | default (include "lib.cloud.storageClass" .ctx) }}
    resources:
      requests:
        storage: {{ .size }}
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
StorageClass of a volume that names none: global.storageClass, else the cloud provider's.
*/}}
{{- define "lib.cloud.storageClass" -}}
{{- (.Values.global).storageClass | default (include "lib.cloud.defaults" . | fromJson).storageClass }}
{{- end }}
