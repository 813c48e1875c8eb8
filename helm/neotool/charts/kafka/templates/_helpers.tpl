{{/*
Name of the Kafka resources: the chart's name (kafka); the services expect kafka.<namespace>.svc.cluster.local.
*/}}
{{- define "kafka.fullname" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Name of the headless Service that gives every node its DNS name.
*/}}
{{- define "kafka.headlessName" -}}
{{- printf "%s-headless" (include "kafka.fullname" .) }}
{{- end }}

{{/*
Chart name and version, as used by the helm.sh/chart label.
*/}}
{{- define "kafka.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Namespace of every resource: .Values.namespace, else the release namespace.
*/}}
{{- define "kafka.namespace" -}}
{{- .Values.namespace | default .Release.Namespace | default "default" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The node count, failing on one that cannot keep a controller majority.
*/}}
{{- define "kafka.replicas" -}}
{{- $n := int .Values.replicas }}
{{- if lt $n 1 }}
{{- fail (printf "kafka: replicas must be at least 1 (got %d)" $n) }}
{{- end }}
{{- if eq (mod $n 2) 0 }}
{{- fail (printf "kafka: replicas must be odd so the KRaft controller quorum keeps a majority (got %d); use 1, 3 or 5" $n) }}
{{- end }}
{{- $n }}
{{- end }}

{{/*
Image reference; fails on a "latest" tag in prod.
*/}}
{{- define "kafka.image" -}}
{{- $tag := toString (required "kafka: set image.tag" .Values.image.tag) }}
{{- if and (eq $tag "latest") (eq (toString (.Values.global).environment) "prod") }}
{{- fail "kafka: image.tag \"latest\" is not allowed when global.environment is prod; pin a version" }}
{{- end }}
{{- printf "%s:%s" (required "kafka: set image.repository" .Values.image.repository) $tag }}
{{- end }}

{{/*
StorageClass of the data volumes: persistence.storageClass, else global.storageClass, else the cloud provider\'s.
*/}}
{{- define "kafka.storageClass" -}}
{{- .Values.persistence.storageClass | default (include "neotool.cloud.storageClass" .) }}
{{- end }}

{{/*
KAFKA_CONTROLLER_QUORUM_VOTERS: id@host:9093 for every node.
*/}}
{{- define "kafka.quorumVoters" -}}
{{- $voters := list }}
{{- $headless := include "kafka.headlessName" . }}
{{- $ns := include "kafka.namespace" . }}
{{- range $i := until (int (include "kafka.replicas" .)) }}
{{- $voters = append $voters (printf "%d@%s-%d.%s.%s.svc.cluster.local:9093" $i (include "kafka.fullname" $) $i $headless $ns) }}
{{- end }}
{{- join "," $voters }}
{{- end }}

{{/*
Selector labels.
*/}}
{{- define "kafka.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kafka.fullname" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Recommended labels, on every object.
*/}}
{{- define "kafka.labels" -}}
helm.sh/chart: {{ include "kafka.chart" . }}
{{ include "kafka.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | toString | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/component: message-broker
app.kubernetes.io/part-of: {{ index .Chart.Annotations "app.kubernetes.io/part-of" | default .Chart.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Labels of the smoke test Pod and its objects: app.kubernetes.io/name smoke-kafka, which no Service selects.
*/}}
{{- define "kafka.smoke.labels" -}}
helm.sh/chart: {{ include "kafka.chart" . }}
app.kubernetes.io/name: smoke-kafka
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Values.image.tag | toString | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/component: smoke-test
app.kubernetes.io/part-of: {{ index .Chart.Annotations "app.kubernetes.io/part-of" | default .Chart.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}
