{{/*
Chart name: the service's name (serviceName), required.
*/}}
{{- define "neotool-service.name" -}}
{{- $name := required (printf "%s: set serviceName (e.g. --set serviceName=app)" $.Chart.Name) .Values.serviceName }}
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
Full image reference: [registry/]repository:tag; the tag defaults to the chart's appVersion, the registry to
global.imageRegistry.
*/}}
{{- define "neotool-service.image" -}}
{{- include "lib.image" (dict "ctx" . "tag" .Chart.AppVersion) }}
{{- end }}

{{/*
The image of the vault-init container and the smoke-test Pods (the vault CLI), under the same policy as every image.
*/}}
{{- define "neotool-service.vaultInitImage" -}}
{{- include "lib.image" (dict "ctx" . "image" .Values.vaultInit.image "key" "vaultInit.image") }}
{{- end }}

{{/*
Selector labels: name and instance only.
*/}}
{{- define "neotool-service.selectorLabels" -}}
{{- include "lib.selectorLabels" (dict "ctx" . "name" (include "neotool-service.name" .)) }}
{{- end }}

{{/*
Recommended labels, on every object.
*/}}
{{- define "neotool-service.labels" -}}
{{- include "lib.labels" (dict "ctx" . "name" (include "neotool-service.name" .) "component" "service") }}
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
{{- include "lib.labels" (dict "ctx" (index . 0) "name" (index . 1) "component" "smoke-test") }}
{{- end }}

{{/*
The egress peers a service uses, as JSON, from its values (the chart's .Values, or the umbrella's values of one
alias): networkPolicy.egress without pgbouncer when it has no database, and without vault unless it reads the JWT
keys (vaultInit with platform.vault.enabled), and without kafka when platform.kafka.bootstrapServers is empty. Both sides of each connection are rendered from this.
*/}}
{{- define "neotool-service.egressPeers" -}}
{{- $egress := deepCopy ((.networkPolicy).egress | default dict) }}
{{- if not (.database).name }}
{{- $_ := unset $egress "pgbouncer" }}
{{- end }}
{{- if not (and (.vaultInit).enabled ((.platform).vault).enabled) }}
{{- $_ := unset $egress "vault" }}
{{- end }}
{{- if not ((.platform).kafka).bootstrapServers }}
{{- $_ := unset $egress "kafka" }}
{{- end }}
{{- toJson $egress }}
{{- end }}
