{{/*
Namespace of every resource: .Values.namespace, else the release namespace. MinIO is dev only: fails in prod.
*/}}
{{- define "minio.namespace" -}}
{{- if eq (toString (.Values.global).environment) "prod" }}
{{- fail (printf "minio: MinIO is for dev only and global.environment is prod; %sset global.objectStorage.provider=r2 or s3 (Cloudflare R2 or another S3 service)" (ternary "" "set minio.enabled=false and " .Chart.IsRoot)) }}
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
In-cluster S3 host name, and the endpoint (plain HTTP on 9000).
*/}}
{{- define "minio.hostname" -}}
{{- printf "%s.%s.svc.cluster.local" (include "lib.fullname" .) (include "minio.namespace" .) }}
{{- end }}

{{- define "minio.endpoint" -}}
{{- printf "http://%s:9000" (include "minio.hostname" .) }}
{{- end }}

{{/*
Recommended labels, on every object.
*/}}
{{- define "minio.labels" -}}
{{- include "lib.labels" (dict "ctx" . "component" "object-storage") }}
{{- end }}

{{/*
The environment of MinIO's containers (the server and the bucket Job's client): HOME on the writable /tmp and the
root credentials from the chart's Secret.
*/}}
{{- define "minio.env" -}}
- name: HOME
  value: /tmp
- name: MINIO_ROOT_USER
  valueFrom:
    secretKeyRef:
      name: {{ include "minio.secretName" . }}
      key: root-user
- name: MINIO_ROOT_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "minio.secretName" . }}
      key: root-password
{{- end }}
