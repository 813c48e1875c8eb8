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
Secret with root-user and root-password.
*/}}
{{- define "minio.secretName" -}}
{{- .Values.existingSecret | default (include "lib.fullname" .) }}
{{- end }}

{{/*
In-cluster S3 endpoint.
*/}}
{{- define "minio.endpoint" -}}
{{- printf "http://%s.%s.svc.cluster.local:9000" (include "lib.fullname" .) (include "minio.namespace" .) }}
{{- end }}

{{/*
Recommended labels, on every object.
*/}}
{{- define "minio.labels" -}}
{{- include "lib.labels" (dict "ctx" . "component" "object-storage") }}
{{- end }}

