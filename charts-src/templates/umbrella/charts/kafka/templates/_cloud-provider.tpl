{{/*
Cloud provider defaults (global.cloudProvider: local = K3S, aws, gcp, azure). This file is the same in every
chart that has a volume or an Ingress; an explicit class in the values always wins over these.
*/}}
{{- define "neotool.cloud.defaults" -}}
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
{{- define "neotool.cloud.storageClass" -}}
{{- (.Values.global).storageClass | default (include "neotool.cloud.defaults" . | fromJson).storageClass }}
{{- end }}

{{/*
IngressClass of an Ingress that names none: the cloud provider's.
*/}}
{{- define "neotool.cloud.ingressClass" -}}
{{- (include "neotool.cloud.defaults" . | fromJson).ingressClass }}
{{- end }}
