{{/*
Name of the headless Service that gives every node its DNS name.
*/}}
{{- define "kafka.headlessName" -}}
{{- printf "%s-headless" (include "lib.fullname" .) }}
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
KAFKA_CONTROLLER_QUORUM_VOTERS: id@host:9093 for every node.
*/}}
{{- define "kafka.quorumVoters" -}}
{{- $voters := list }}
{{- $headless := include "kafka.headlessName" . }}
{{- $ns := include "lib.namespace" . }}
{{- range $i := until (int (include "kafka.replicas" .)) }}
{{- $voters = append $voters (printf "%d@%s-%d.%s.%s.svc.cluster.local:9093" $i (include "lib.fullname" $) $i $headless $ns) }}
{{- end }}
{{- join "," $voters }}
{{- end }}

{{/*
Recommended labels, on every object.
*/}}
{{- define "kafka.labels" -}}
{{- include "lib.labels" (dict "ctx" . "component" "message-broker") }}
{{- end }}

{{/*
Labels of the smoke test Pod and its objects: app.kubernetes.io/name smoke-kafka, which no Service selects.
*/}}
{{- define "kafka.smoke.labels" -}}
{{- include "lib.labels" (dict "ctx" . "name" "smoke-kafka" "component" "smoke-test") }}
{{- end }}
