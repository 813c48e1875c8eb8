{{/*
Chart name: the service's name (serviceName), required.
*/}}
{{- define "neotool-service.name" -}}
{{- $name := required "neotool-service: set serviceName (e.g. --set serviceName=app)" .Values.serviceName }}
{{- /* `required` only returns "" under `helm lint`, which tolerates missing values: keep names valid there */ -}}
{{- default .Chart.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified name of every resource: fullnameOverride, else serviceName.
*/}}
{{- define "neotool-service.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- include "neotool-service.name" . }}
{{- end }}
{{- end }}

{{/*
Chart name and version, as used by the helm.sh/chart label.
*/}}
{{- define "neotool-service.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Namespace of every resource: .Values.namespace, else the release namespace
(else "default", for tools that render without a namespace).
*/}}
{{- define "neotool-service.namespace" -}}
{{- .Values.namespace | default .Release.Namespace | default "default" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Image tag: image.tag, else the chart's appVersion. Fails on "latest" in prod.
*/}}
{{- define "neotool-service.imageTag" -}}
{{- $tag := toString (default .Chart.AppVersion .Values.image.tag) }}
{{- if and (eq $tag "latest") (eq (toString (.Values.global).environment) "prod") }}
{{- fail "neotool-service: image tag \"latest\" is not allowed when global.environment is prod; set image.tag to a fixed version" }}
{{- end }}
{{- $tag }}
{{- end }}

{{/*
Full image reference: [registry/]repository:tag. registry falls back to global.imageRegistry.
*/}}
{{- define "neotool-service.image" -}}
{{- $repository := required "neotool-service: set image.repository (e.g. --set image.repository=ghcr.io/salomax/neotool-app)" .Values.image.repository }}
{{- $registry := default ((.Values.global).imageRegistry) .Values.image.registry }}
{{- $tag := include "neotool-service.imageTag" . }}
{{- if $registry }}
{{- printf "%s/%s:%s" (trimSuffix "/" $registry) $repository $tag }}
{{- else }}
{{- printf "%s:%s" $repository $tag }}
{{- end }}
{{- end }}

{{/*
Selector labels: name and instance only.
*/}}
{{- define "neotool-service.selectorLabels" -}}
app.kubernetes.io/name: {{ include "neotool-service.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Recommended labels, on every object.
*/}}
{{- define "neotool-service.labels" -}}
helm.sh/chart: {{ include "neotool-service.chart" . }}
{{ include "neotool-service.selectorLabels" . }}
app.kubernetes.io/version: {{ include "neotool-service.imageTag" . | replace "+" "_" | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/component: service
app.kubernetes.io/part-of: {{ index .Chart.Annotations "app.kubernetes.io/part-of" | default .Chart.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Name of the ServiceAccount: serviceAccount.name, else the fullname when created, else "default".
*/}}
{{- define "neotool-service.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "neotool-service.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Labels of a smoke test Pod and its objects, from (list $ name): the name is the Pod's own app.kubernetes.io/name,
which no Service selects.
*/}}
{{- define "neotool-service.smoke.labels" -}}
{{- $root := index . 0 }}
helm.sh/chart: {{ include "neotool-service.chart" $root }}
app.kubernetes.io/name: {{ index . 1 }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/version: {{ include "neotool-service.imageTag" $root | replace "+" "_" | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/component: smoke-test
app.kubernetes.io/part-of: {{ index $root.Chart.Annotations "app.kubernetes.io/part-of" | default $root.Chart.Name }}
app.kubernetes.io/managed-by: {{ $root.Release.Service }}
{{- end }}

{{/*
Pod-level securityContext and the restricted container securityContext of the smoke test Pods, which run the
vaultInit image (busybox wget and the vault CLI) as the vault-init container does.
*/}}
{{- define "neotool-service.smoke.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 100
runAsGroup: 1000
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "neotool-service.smoke.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: 100
runAsGroup: 1000
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end }}
