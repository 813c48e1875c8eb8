{{/*
Name of the MinIO resources: the chart's name (minio).
*/}}
{{- define "minio.fullname" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Chart name and version, as used by the helm.sh/chart label.
*/}}
{{- define "minio.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Namespace of every resource: .Values.namespace, else the release namespace. MinIO is dev only: fails in prod.
*/}}
{{- define "minio.namespace" -}}
{{- if eq (toString (.Values.global).environment) "prod" }}
{{- fail "minio: MinIO is for dev only and global.environment is prod; set minio.enabled=false and global.objectStorage.provider=r2 (Cloudflare R2)" }}
{{- end }}
{{- .Values.namespace | default .Release.Namespace | default "default" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
An image reference from (list .Values.image "image"); never "latest".
*/}}
{{- define "minio.image" -}}
{{- $image := index . 0 }}
{{- $key := index . 1 }}
{{- $tag := toString (required (printf "minio: set %s.tag" $key) $image.tag) }}
{{- printf "%s:%s" (required (printf "minio: set %s.repository" $key) $image.repository) $tag }}
{{- end }}

{{/*
StorageClass of the data volume: persistence.storageClass, else global.storageClass, else the cloud provider\'s.
*/}}
{{- define "minio.storageClass" -}}
{{- .Values.persistence.storageClass | default (include "neotool.cloud.storageClass" .) }}
{{- end }}

{{/*
Secret with root-user and root-password.
*/}}
{{- define "minio.secretName" -}}
{{- .Values.existingSecret | default (include "minio.fullname" .) }}
{{- end }}

{{/*
In-cluster S3 endpoint.
*/}}
{{- define "minio.endpoint" -}}
{{- printf "http://%s.%s.svc.cluster.local:9000" (include "minio.fullname" .) (include "minio.namespace" .) }}
{{- end }}

{{/*
Selector labels.
*/}}
{{- define "minio.selectorLabels" -}}
app.kubernetes.io/name: {{ include "minio.fullname" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Recommended labels, on every object.
*/}}
{{- define "minio.labels" -}}
helm.sh/chart: {{ include "minio.chart" . }}
{{ include "minio.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | toString | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/component: object-storage
app.kubernetes.io/part-of: {{ index .Chart.Annotations "app.kubernetes.io/part-of" | default .Chart.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Restricted container securityContext.
*/}}
{{- define "minio.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .runAsUser }}
runAsGroup: {{ .runAsGroup }}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end }}
