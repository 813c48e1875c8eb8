{{/*
Name of the chart's objects: the chart's name, "vault". Not prefixed with the release name: the
services reach Vault at vault.<namespace>.svc.cluster.local:8200.
*/}}
{{- define "vault.fullname" -}}
{{- .Chart.Name | trunc 40 | trimSuffix "-" }}
{{- end }}

{{/*
Namespace of every object (neotool-security by default).
*/}}
{{- define "vault.namespace" -}}
{{- .Values.namespace | default .Release.Namespace | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Chart name and version, as used by the helm.sh/chart label.
*/}}
{{- define "vault.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Selector labels of the Vault server pods.
*/}}
{{- define "vault.selectorLabels" -}}
app.kubernetes.io/name: {{ include "vault.fullname" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Recommended labels; pass (dict "ctx" $ "component" "server") to set the component.
*/}}
{{- define "vault.labels" -}}
{{- $ctx := .ctx | default . }}
helm.sh/chart: {{ include "vault.chart" $ctx }}
{{ include "vault.selectorLabels" $ctx }}
app.kubernetes.io/version: {{ $ctx.Values.image.tag | toString | replace "+" "_" | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/component: {{ .component | default "server" }}
app.kubernetes.io/part-of: {{ index $ctx.Chart.Annotations "app.kubernetes.io/part-of" | default $ctx.Chart.Name }}
app.kubernetes.io/managed-by: {{ $ctx.Release.Service }}
{{- end }}

{{/*
Labels of the Vault server pods: the selector labels and what never changes with a chart or image version
(no helm.sh/chart, no app.kubernetes.io/version), so a chart upgrade does not replace the pods; the dev
server keeps everything in memory.
*/}}
{{- define "vault.podLabels" -}}
{{ include "vault.selectorLabels" . }}
app.kubernetes.io/component: server
app.kubernetes.io/part-of: {{ index .Chart.Annotations "app.kubernetes.io/part-of" | default .Chart.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Selector labels of the JWT key Job's pod (its own name, so Vault's Services never select it).
*/}}
{{- define "vault.jwtInit.selectorLabels" -}}
app.kubernetes.io/name: {{ include "vault.fullname" . }}-jwt-init
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Recommended labels of the JWT key Job's objects.
*/}}
{{- define "vault.jwtInit.labels" -}}
helm.sh/chart: {{ include "vault.chart" . }}
{{ include "vault.jwtInit.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | toString | replace "+" "_" | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/component: jwt-init
app.kubernetes.io/part-of: {{ index .Chart.Annotations "app.kubernetes.io/part-of" | default .Chart.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
The Vault image, with the checks every workload of the chart shares.
*/}}
{{- define "vault.image" -}}
{{- $tag := toString (required "vault: set image.tag (e.g. 1.21.1)" .Values.image.tag) }}
{{- if and (eq $tag "latest") (eq (toString (.Values.global).environment) "prod") }}
{{- fail "vault: image tag \"latest\" is not allowed when global.environment is prod; set image.tag to a fixed version" }}
{{- end }}
{{- printf "%s:%s" (required "vault: set image.repository (e.g. hashicorp/vault)" .Values.image.repository) $tag }}
{{- end }}

{{/*
Whole-values checks, included by every workload template: values can be overridden at install time,
so the chart repeats the spec validator's rules.
*/}}
{{- define "vault.validate" -}}
{{- $prod := eq (toString (.Values.global).environment) "prod" }}
{{- if not (has .Values.mode (list "dev" "standalone" "ha")) }}
{{- fail (printf "vault: mode must be dev, standalone or ha (got %q)" (toString .Values.mode)) }}
{{- end }}
{{- if and $prod (eq .Values.mode "dev") }}
{{- fail "vault: mode \"dev\" (in-memory storage, root token) is not allowed when global.environment is prod; set vault.mode=ha and create the token Secrets as docs/vault.md shows" }}
{{- end }}
{{- if and $prod .Values.token.value }}
{{- fail "vault: a literal token (token.value) is not allowed when global.environment is prod; create the Secret yourself and leave token.value empty" }}
{{- end }}
{{- if and .Values.token.create (ne .Values.mode "dev") }}
{{- fail (printf "vault: token.create only works in dev mode; in %s mode the token comes from `vault operator init`: set token.create=false and create the Secret %q (docs/vault.md)" .Values.mode .Values.token.secretName) }}
{{- end }}
{{- if and (eq .Values.mode "ha") (or (lt (int .Values.ha.replicas) 3) (eq (mod (int .Values.ha.replicas) 2) 0)) }}
{{- fail (printf "vault: ha.replicas must be odd and at least 3 for a Raft quorum (got %d)" (int .Values.ha.replicas)) }}
{{- end }}
{{- end }}

{{/*
Restricted container securityContext (Pod Security restricted).
*/}}
{{- define "vault.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.securityContext.runAsUser }}
runAsGroup: {{ .Values.securityContext.runAsGroup }}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/*
Restricted pod securityContext.
*/}}
{{- define "vault.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.securityContext.runAsUser }}
runAsGroup: {{ .Values.securityContext.runAsGroup }}
fsGroup: {{ .Values.securityContext.fsGroup }}
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/*
Name of the headless Service that publishes every server, ready or not: the StatefulSet's (Raft peers) and
the JWT Job's way to a sealed or uninitialised server.
*/}}
{{- define "vault.internalName" -}}
{{- printf "%s-internal" (include "vault.fullname" .) }}
{{- end }}

{{/*
Number of Vault servers: ha.replicas in ha mode, else one.
*/}}
{{- define "vault.replicas" -}}
{{- ternary (int .Values.ha.replicas) 1 (eq .Values.mode "ha") }}
{{- end }}

{{/*
The address of every Vault server, space separated, through the headless Service (which publishes servers
that are not ready): each StatefulSet pod by name, or in dev mode the one pod by the Service's name.
*/}}
{{- define "vault.serverAddresses" -}}
{{- $ns := include "vault.namespace" . }}
{{- $internal := include "vault.internalName" . }}
{{- if eq .Values.mode "dev" }}
{{- printf "http://%s.%s.svc.cluster.local:8200" $internal $ns }}
{{- else }}
{{- $servers := list }}
{{- range $i := until (int (include "vault.replicas" .)) }}
{{- $servers = append $servers (printf "http://%s-%d.%s.%s.svc.cluster.local:8200" (include "vault.fullname" $) $i $internal $ns) }}
{{- end }}
{{- join " " $servers }}
{{- end }}
{{- end }}
