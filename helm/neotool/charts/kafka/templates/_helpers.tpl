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

{{/*
The broker's properties (server.properties names): the chart's own, then config's, which may not set one of the
chart's nor one the pod's start sets from its name (node.id, advertised.listeners). YAML of a map, read back with
fromYaml. Replication factors of 3 and a minimum of 2 in-sync replicas, fewer on fewer nodes; topics created on
first use (the services' own) get num.partitions partitions.
*/}}
{{- define "kafka.properties" -}}
{{- $n := int (include "kafka.replicas" .) }}
{{- $rf := toString (min 3 $n) }}
{{- $isr := toString (min 2 $n) }}
{{- $own := dict "process.roles" "broker,controller" "controller.quorum.voters" (include "kafka.quorumVoters" .) "listeners" "PLAINTEXT://:9092,CONTROLLER://:9093" "controller.listener.names" "CONTROLLER" "listener.security.protocol.map" "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT" "inter.broker.listener.name" "PLAINTEXT" "log.dirs" "/var/lib/kafka/data/logs" "offsets.topic.replication.factor" $rf "transaction.state.log.replication.factor" $rf "transaction.state.log.min.isr" $isr "default.replication.factor" $rf "min.insync.replicas" $isr "num.partitions" (toString (int .Values.partitions)) }}
{{- $properties := deepCopy $own }}
{{- range $property, $value := .Values.config }}
{{- if not (regexMatch "^[a-z0-9]+([._-][a-z0-9]+)*$" $property) }}
{{- fail (printf "kafka: config.%s is not a broker property name: lower case words of letters and digits joined by '.', '_' or '-' (e.g. log.retention.hours)" $property) }}
{{- end }}
{{- if regexFind "kafka[._-]" $property }}
{{- fail (printf "kafka: config.%s cannot reach server.properties: the Kafka image's wrapper removes every 'KAFKA_' from the name of its variable (%s), so it would read back as another property" $property (include "kafka.envName" $property)) }}
{{- end }}
{{- if has $property (list "version" "heap.opt" "heap.opts" "opts" "debug" "log4j.opts" "jmx.opts" "jmx.hostname" "jvm.performance.opts" "gc.log.opts" "log4j.root.loglevel" "log4j.loggers" "tools.log4j.loglevel") }}
{{- fail (printf "kafka: config.%s cannot reach server.properties: its variable (%s) is read by the Kafka image's scripts as a JVM or log4j setting, not as a broker property" $property (include "kafka.envName" $property)) }}
{{- end }}
{{- if or (hasKey $own $property) (has $property (list "node.id" "advertised.listeners")) }}
{{- fail (printf "kafka: config.%s is set by the chart (from replicas, the pod's name or its own settings); remove it from kafka.config (docs/data.md, Kafka's broker properties)" $property) }}
{{- end }}
{{- $_ := set $properties $property (toString $value) }}
{{- end }}
{{- toYaml $properties }}
{{- end }}

{{/*
The image's variable for a broker property: KAFKA_, then the name upper-cased with '_' written "__", '-' "___" and
'.' "_" (its wrapper reads them back in the other order).
*/}}
{{- define "kafka.envName" -}}
{{- printf "KAFKA_%s" (. | replace "_" "__" | replace "-" "___" | replace "." "_" | upper) }}
{{- end }}
