{{- /*
The charts' shared helpers, written once here and rendered into every chart (umbrella and subcharts) as
templates/_library.tpl, so each chart still installs, packages and lints on its own; a chart's copy keeps
the definitions that chart uses (the generator drops the others whole, with the comment right above them).
Helm shares named templates across a release's charts, so every copy of a definition must be the same text:
nothing here depends on the chart it lands in, and every lib.* name is written out in full. Arguments are the
chart's root context (.) or a dict whose "ctx" is that root context.
*/ -}}

{{/*
The annotations of a Job that runs with every install and upgrade as a release resource named by the revision
(vault-jwt-init-<revision>, postgres-databases-<revision>), for a GitOps controller that renders with helm template
instead: there every render is revision 1, so the Job would keep one name, and a change to its pod template would be
refused as immutable; and a release resource its TTL removes (the MinIO bucket Job, named by a hash) would leave the
application out of sync. Argo CD runs a Job with these as a sync hook, deleted and created again at each sync; Helm
ignores them. Flux's helm-controller, which runs Helm's own upgrade, leaves the Job out of its drift detection: a
Job its TTL removed would otherwise count as drift, and be created and run again at every reconcile.
*/}}
{{- define "lib.gitopsSyncJob" -}}
argocd.argoproj.io/hook: Sync
argocd.argoproj.io/hook-delete-policy: BeforeHookCreation
helm.toolkit.fluxcd.io/driftDetection: disabled
{{- end }}

{{/*
Fails the render of a credential the chart would generate when global.gitops is on: a controller that renders with
helm template (Argo CD) looks nothing up, so the value would be new at every sync and no longer match the data and
the pods that hold the old one. (dict "ctx" $ "what" <what is generated> "key" <the chart's key that replaces it>).
*/}}
{{- define "lib.noGeneratedUnderGitops" -}}
{{- if (.ctx.Values.global).gitops }}
{{- fail (printf "%s: global.gitops is on (a controller that renders with helm template, such as Argo CD, looks nothing up), so %s would be generated anew at every sync and no longer match what runs: give %s (docs/secrets.md, A GitOps controller)" .ctx.Chart.Name .what (include "lib.valuesKey" (list .ctx .key))) }}
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
A values key as the one installing sets it, for messages that say what to set: (list $ "loki.storageType") gives
observability.loki.storageType when the chart is a subchart of the umbrella, loki.storageType when it is installed on
its own, and <the parent's key for the umbrella>.observability.loki.storageType under a chart that has the umbrella
as a dependency: the chart's keys from the root, as its templates' path names them (<root>/charts/<key>/...).
*/}}
{{- define "lib.valuesKey" -}}
{{- $segments := splitList "/" (index . 0).Template.BasePath }}
{{- $keys := list }}
{{- range $i, $segment := $segments }}
{{- if and (eq $segment "charts") (lt (add1 $i) (len $segments)) }}
{{- $keys = append $keys (index $segments (add1 $i)) }}
{{- end }}
{{- end }}
{{- join "." (append $keys (index . 1)) }}
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
A pod template's labels: the object's labels (YAML) without helm.sh/chart, whose value changes with every chart
version. A pod template that carried it would restart every pod on every upgrade, even when nothing else changed,
and a Job that is not a hook could not be upgraded at all (its pod template is immutable). The object itself keeps
every recommended label.
*/}}
{{- define "lib.podLabels" -}}
{{- omit (fromYaml .) "helm.sh/chart" | toYaml }}
{{- end }}

{{/*
"true" when this render reads live objects back with lookup (empty otherwise): every upgrade, and an install unless
global.lookup is false. An install finds only what an earlier release of the same name kept on uninstall
(helm.sh/resource-policy: keep), and reuses it; helm template and client-side dry runs find nothing. Renders that must
not reach a cluster set global.lookup false (helm-java's template, unlike the CLI's, asks the kubeconfig's cluster).
*/}}
{{- define "lib.readsBack" -}}
{{- if or .Release.IsUpgrade (and .Release.IsInstall (ne (toString (.Values.global).lookup) "false")) }}true{{ end }}
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
A Kubernetes quantity (10Gi, 1.5G, 512Mi) in MiB; fails naming the chart, what the value is and what to do. dict:
ctx, value, what (e.g. "loki.resources.limits.memory"), fix.
*/}}
{{- define "lib.mebibytes" -}}
{{- $size := toString .value }}
{{- $bytes := include "lib.quantity" $size }}
{{- if not $bytes }}
{{- fail (printf "%s: %s is not a quantity with a suffix (got %q); %s" .ctx.Chart.Name .what $size .fix) }}
{{- end }}
{{- divf (float64 $bytes) 1048576.0 }}
{{- end }}

{{/*
Env that sizes a Go server's runtime to its container's limits, which Go before 1.25 does not read: GOMAXPROCS the CPU
limit (rounded up to whole cores; the node's cores without a limit), GOMEMLIMIT 90 % of the memory limit (a soft
limit: the collector works harder near it instead of letting the heap double). Else a server on an 8-core node runs 8
threads against a quota of one or two, and is throttled. dict: ctx, container (its name), resources (its values),
key (their values path, for messages).
*/}}
{{- define "lib.goRuntimeEnv" -}}
- name: GOMAXPROCS
  valueFrom:
    resourceFieldRef:
      containerName: {{ .container }}
      resource: limits.cpu
{{- with ((.resources).limits).memory }}
- name: GOMEMLIMIT
  value: {{ printf "%dMiB" (int (floor (mulf (float64 (include "lib.mebibytes" (dict "ctx" $.ctx "value" . "what" (printf "%s.limits.memory" $.key) "fix" "write it as e.g. 512Mi"))) 0.9))) | quote }}
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
