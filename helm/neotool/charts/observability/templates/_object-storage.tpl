{{/*
Egress to the platform's object storage, by global.objectStorage.provider:
  - minio: the in-cluster MinIO's pods (namespace, app label and port of objectStorage.minio); the umbrella writes
    MinIO's side;
  - r2 and s3: Cloudflare R2 or another S3 service (Amazon S3, a MinIO of one's own) over HTTPS, TCP 443 to any address
    but objectStorage.exceptCidrs (neither publishes fixed addresses, so the rule cannot be narrower than "the
    internet"; the private and link-local ranges stay closed, so it opens the internet, not the cluster); or, for one
    inside the private network, the ranges and ports of global.objectStorage.addresses.
Pass (dict "provider" .Values.global.objectStorage.provider "addresses" .Values.global.objectStorage.addresses
"objectStorage" (dict "minio" <peer> "exceptCidrs" <list>)
"what" "<values path, for errors>"; "chart": the name errors begin with, by default the chart's). Written once for every chart that reaches object storage
(charts-src/templates/partials/object-storage-egress.tpl.peb).
*/}}
{{- define "observability.objectStorageEgress" -}}
{{- $os := .objectStorage }}
{{- if eq (toString .provider) "minio" -}}
# object storage: the in-cluster MinIO
- to:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: {{ required (printf "%s: set %s.minio.namespace" (.chart | default "observability") .what) ($os.minio).namespace }}
      podSelector:
        matchLabels:
          app.kubernetes.io/name: {{ required (printf "%s: set %s.minio.app" (.chart | default "observability") .what) ($os.minio).app }}
  ports:
    - protocol: TCP
      port: {{ int (required (printf "%s: set %s.minio.port" (.chart | default "observability") .what) ($os.minio).port) }}
{{- else if and (has (toString .provider) (list "r2" "s3")) .addresses -}}
# object storage: an S3 service inside the private network
{{ include "lib.addressRules" (dict "addresses" .addresses "key" "global.objectStorage.addresses" "chart" (.chart | default "observability")) }}
{{- else if has (toString .provider) (list "r2" "s3") -}}
# object storage: {{ ternary "Cloudflare R2" "an S3 service" (eq (toString .provider) "r2") }} over HTTPS, outside the cluster and the private ranges
- to:
    {{- include "lib.anyAddress" (dict "except" $os.exceptCidrs) | nindent 4 }}
  ports:
    - protocol: TCP
      port: 443
{{- else }}
{{- fail (printf "%s: %s needs global.objectStorage.provider minio, r2 or s3 (got %q)" (.chart | default "observability") .what (toString .provider)) }}
{{- end }}
{{- end }}
