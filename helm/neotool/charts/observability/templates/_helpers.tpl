{{/*
Name of a component's objects: the component itself (prometheus, grafana, loki, promtail,
postgres-exporter), not prefixed with the release name. The platform's NetworkPolicies and Grafana's
datasources address them as <component>.<namespace>.svc. Pass (dict "ctx" $ "component" "loki").
*/}}
{{- define "observability.fullname" -}}
{{- .component | trunc 50 | trimSuffix "-" }}
{{- end }}

{{/*
Namespace of Promtail's objects: promtail.namespace (neotool-logging by default), a namespace of its own whose Pod
Security level allows its hostPath (privileged), so the observability namespace enforces restricted; empty means
the observability namespace.
*/}}
{{- define "observability.promtailNamespace" -}}
{{- .Values.promtail.namespace | default (include "lib.namespace" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Selector labels of a component's pods; (dict "ctx" $ "component" "prometheus").
app.kubernetes.io/name is the component: the umbrella's policies select prometheus by it.
*/}}
{{- define "observability.selectorLabels" -}}
{{- include "lib.selectorLabels" (dict "ctx" .ctx "name" (include "observability.fullname" .)) }}
{{- end }}

{{/*
Recommended labels of a component's objects; (dict "ctx" $ "component" "prometheus" "version" tag).
*/}}
{{- define "observability.labels" -}}
{{- include "lib.labels" (dict "ctx" .ctx "name" (include "observability.fullname" .) "component" .component "version" .version) }}
{{- end }}

{{/*
Labels of a smoke test Pod and its objects; (list $ name): app.kubernetes.io/name is the test's name, which no
Service selects.
*/}}
{{- define "observability.smoke.labels" -}}
{{- $ctx := index . 0 }}
{{- include "lib.labels" (dict "ctx" $ctx "name" (index . 1) "component" "smoke-test" "version" $ctx.Values.smokeTest.image.tag) }}
{{- end }}

{{/*
A smoke test Pod that asks a server's HTTP API until the answer holds "expect" (a fixed string of its JSON), every
"interval" seconds at most "attempts" times, and says "what" it proves: (dict "ctx" $ "name" n "url" u "expect" e
"what" w "attempts" a "interval" i).
*/}}
{{- define "observability.smokePod" -}}
{{- $t := .ctx.Values.smokeTest }}
{{ include "lib.testPod" (dict "ctx" .ctx "stage" 1 "name" .name "labels" (include "observability.smoke.labels" (list .ctx .name)) "serviceAccount" "smoke-observability" "securityContext" (omit $t.securityContext "fsGroup")) }}
    {{- include "lib.smokeContainer" (dict "image" (include "lib.image" (dict "ctx" .ctx "image" $t.image "key" "smokeTest.image")) "pullPolicy" $t.image.pullPolicy) | nindent 4 }}
      args:
        - |
          # Asks until the answer holds EXPECT: what the server collects arrives some time after it starts. Every
          # try ends within 5 s, so that all of them fit in helm test's timeout and the Pod's own message is the one
          # reported.
          set -eu
          i=1
          while :; do
            body=$(curl -sS --fail --max-time 5 "${URL}" 2>&1) || body="no answer: ${body}"
            case "${body}" in
              *"${EXPECT}"*) echo "smoke: ${URL}: ${WHAT}"; exit 0 ;;
            esac
            if [ "${i}" -ge "${ATTEMPTS}" ]; then
              echo "smoke: ${URL} does not show that ${WHAT} after ${ATTEMPTS} tries: ${body}" >&2
              exit 1
            fi
            i=$((i + 1))
            sleep "${INTERVAL}"
          done
      env:
        - name: URL
          value: {{ .url | quote }}
        - name: EXPECT
          value: {{ .expect | quote }}
        - name: WHAT
          value: {{ .what | quote }}
        - name: ATTEMPTS
          value: {{ .attempts | quote }}
        - name: INTERVAL
          value: {{ .interval | quote }}
      {{- include "lib.smokeResources" . | nindent 6 }}
      {{- include "lib.containerSecurityContext" (dict "ctx" .ctx "securityContext" $t.securityContext) | nindent 6 }}
{{- end }}

{{/*
Whole-values checks, included by every workload template: values can be overridden at install time, so
the chart repeats the spec validator's rules.
*/}}
{{- define "observability.validate" -}}
{{- $prod := eq (toString (.Values.global).environment) "prod" }}
{{- if .Values.loki.enabled }}
{{- if not (has .Values.loki.storageType (list "filesystem" "s3")) }}
{{- fail (printf "observability: loki.storageType must be filesystem or s3 (got %q)" (toString .Values.loki.storageType)) }}
{{- end }}
{{- if and $prod (eq .Values.loki.storageType "filesystem") }}
{{- fail (printf "observability: loki.storageType \"filesystem\" keeps every log on one node's volume and is not allowed when global.environment is prod; set %s=s3 and %s (object storage outside the cluster, docs/observability.md)" (include "lib.valuesKey" (list . "loki.storageType")) (include "lib.valuesKey" (list . "loki.s3.secretName"))) }}
{{- end }}
{{- if and (eq .Values.loki.storageType "s3") (not .Values.loki.s3.secretName) }}
{{- fail "observability: loki.storageType s3 needs loki.s3.secretName: an existing Secret with the keys endpoint, access-key-id and secret-access-key (docs/observability.md)" }}
{{- end }}
{{- end }}
{{- if and $prod .Values.grafana.enabled (not .Values.grafana.admin.existingSecret) }}
{{- fail (printf "observability: when global.environment is prod, Grafana's admin password comes from an existing Secret: set %s (key admin-password)" (include "lib.valuesKey" (list . "grafana.admin.existingSecret"))) }}
{{- end }}
{{- if .Values.prometheus.enabled }}
{{- /* ObservabilitySpec.Prometheus' bounds: the rules' and dashboards' 5-minute rates need two samples */}}
{{- $interval := toString .Values.prometheus.scrapeInterval }}
{{- $ms := mul (regexFind "^[0-9]+" $interval | atoi) (get (dict "ms" 1 "s" 1000 "m" 60000 "h" 3600000) (regexFind "(ms|s|m|h)$" $interval)) }}
{{- if or (lt $ms 5000) (gt $ms 120000) (gt (len (regexFind "^[0-9]+" $interval)) 6) }}
{{- fail (printf "observability: %s %q is outside 5s to 2m: the alerts and dashboards take rates over 5 minutes, which need two samples in them, and a scrape's timeout is at most its interval, too short below 5s for a target to answer" (include "lib.valuesKey" (list . "prometheus.scrapeInterval")) $interval) }}
{{- end }}
{{- end }}
{{- if and .Values.promtail.enabled (not .Values.loki.enabled) }}
{{- fail (printf "observability: promtail ships the logs to Loki, and loki.enabled is false: set %s=false too" (include "lib.valuesKey" (list . "promtail.enabled"))) }}
{{- end }}
{{- if and .Values.postgresExporter.enabled (or (not .Values.postgresExporter.passwordSecret.name) (not .Values.postgresExporter.passwordSecret.key)) }}
{{- fail "observability: postgresExporter.passwordSecret needs name and key (the Secret with the PostgreSQL password)" }}
{{- end }}
{{- end }}

{{/*
Prometheus' --storage.tsdb.retention.size: prometheus.retentionSize, or when it is empty 80 % of the volume
(prometheus.storage.size, a Kubernetes quantity) in Prometheus' MB (units of 1024), so that the oldest blocks go before
the volume fills: on a full volume Prometheus stops writing. The size counts the WAL too; the rest is room for a
compaction's new block (written before the blocks it replaces go) and the filesystem's own.
*/}}
{{- define "observability.prometheusRetentionSize" -}}
{{- $p := .Values.prometheus }}
{{- if $p.retentionSize }}
{{- $p.retentionSize }}
{{- else }}
{{- $mib := include "lib.mebibytes" (dict "ctx" . "value" $p.storage.size "what" "prometheus.retentionSize is derived from prometheus.storage.size, which" "fix" "write the size as e.g. 10Gi, or set prometheus.retentionSize (e.g. 8GB)") | float64 }}
{{- printf "%dMB" (max 1 (int (floor (divf (mulf $mib 4) 5)))) }}
{{- end }}
{{- end }}

{{/*
Loki's memory limit in MiB ("" without one), for its WAL replay ceiling.
*/}}
{{- define "observability.lokiMemoryMiB" -}}
{{- with ((.Values.loki.resources).limits).memory }}
{{- include "lib.mebibytes" (dict "ctx" $ "value" . "what" "loki.resources.limits.memory" "fix" "write it as e.g. 2Gi") }}
{{- end }}
{{- end }}

{{/*
The ipBlock peers of ranges of the cluster's hosts (the API server's, the kubelets'), (dict "cidrs" list "key" values key):
0.0.0.0/0 stands for every address, IPv6 too (lib.anyAddress); another range is itself. No range fails: a rule to no
peer admits every address.
*/}}
{{- define "observability.hostRanges" -}}
{{- if empty .cidrs }}
{{- fail (printf "observability: set %s, at least one range (0.0.0.0/0 for every address): none would admit every address" .key) }}
{{- end }}
{{- $peers := list }}
{{- range $cidr := .cidrs }}
{{- if eq (toString $cidr) "0.0.0.0/0" }}
{{- $peers = concat $peers (include "lib.anyAddress" dict | fromYamlArray) }}
{{- else }}
{{- $peers = append $peers (dict "ipBlock" (dict "cidr" (toString $cidr))) }}
{{- end }}
{{- end }}
{{- toYaml (uniq $peers) }}
{{- end }}

{{/*
Fails on an empty list of ports for an egress rule to an address range: a rule without ports admits every port.
*/}}
{{- define "observability.requirePorts" -}}
{{- if empty .ports }}
{{- fail (printf "observability: set %s, the TCP ports of %s (none would open every port to its addresses)" .key .what) }}
{{- end }}
{{- end }}

{{/*
Egress rule to the Kubernetes API server (service discovery of Prometheus and Promtail).
*/}}
{{- define "observability.apiServerEgress" -}}
{{- include "observability.requirePorts" (dict "ports" .Values.networkPolicy.apiServer.ports "key" "networkPolicy.apiServer.ports" "what" "the API server") -}}
- to:
    {{- include "observability.hostRanges" (dict "cidrs" .Values.networkPolicy.apiServer.cidrs "key" "networkPolicy.apiServer.cidrs") | nindent 4 }}
  ports:
    {{- range $port := .Values.networkPolicy.apiServer.ports }}
    - protocol: TCP
      port: {{ int $port }}
    {{- end }}
{{- end }}

{{/*
A peer selector for a component's pods, in the namespace it runs in (Promtail's own, or the observability
namespace); (dict "ctx" $ "component" "grafana").
*/}}
{{- define "observability.peer" -}}
{{- include "lib.peer" (dict "namespace" (ternary (include "observability.promtailNamespace" .ctx) (include "lib.namespace" .ctx) (eq .component "promtail")) "selector" (include "observability.selectorLabels" .)) }}
{{- end }}

{{/*
The NetworkPolicy of a component Prometheus scrapes, named after it: (dict "ctx" $ "component" c "version" tag "port"
its metrics port); it admits Prometheus on that port when Prometheus is on, and the template goes on with its egress.
*/}}
{{- define "observability.scrapedPolicy" -}}
{{- $prometheus := dict "ctx" .ctx "component" "prometheus" "version" .ctx.Values.prometheus.image.tag }}
{{- include "lib.networkPolicy" (dict "name" .component "namespace" (ternary (include "observability.promtailNamespace" .ctx) (include "lib.namespace" .ctx) (eq .component "promtail")) "labels" (include "observability.labels" .) "selector" (include "observability.selectorLabels" .)) }}
  ingress:
    {{- if .ctx.Values.prometheus.enabled }}
    {{- include "lib.rule" (dict "from" (include "observability.peer" $prometheus) "ports" (.ports | default (list .port))) | nindent 4 }}
    {{- end }}
{{- end }}

{{/*
The API group of each kind kube-state-metrics can report (kubeStateMetrics.collectors), for its ClusterRole.
*/}}
{{- define "observability.ksmApiGroups" -}}
cronjobs: batch
daemonsets: apps
deployments: apps
horizontalpodautoscalers: autoscaling
jobs: batch
namespaces: ""
nodes: ""
persistentvolumeclaims: ""
pods: ""
replicasets: apps
statefulsets: apps
{{- end }}

{{/*
kubeStateMetrics.collectors, sorted, refusing a kind the ClusterRole cannot name; a YAML list (fromYamlArray).
*/}}
{{- define "observability.ksmCollectors" -}}
{{- $known := include "observability.ksmApiGroups" . | fromYaml }}
{{- $kinds := .Values.kubeStateMetrics.collectors | default list }}
{{- if not $kinds }}
{{- fail "observability: kubeStateMetrics.collectors is empty; name the kinds it reports (e.g. nodes, pods, deployments)" }}
{{- end }}
{{- range $kind := $kinds }}
{{- if not (hasKey $known $kind) }}
{{- fail (printf "observability: kubeStateMetrics.collectors: %q is not one of %s" $kind (keys $known | sortAlpha | join ", ")) }}
{{- end }}
{{- end }}
{{- toYaml ($kinds | uniq | sortAlpha) }}
{{- end }}

{{/*
"true" when a dashboard panel (dict "panel" <panel> "sources" <dict of the provisioned datasource uids: prometheus,
loki>) can show: its datasource (a uid, else a type, else a legacy name string, any case) is provisioned, or it is
Grafana's default (none, null), a dashboard variable ($datasource) or one of Grafana's own (mixed, dashboard, grafana).
*/}}
{{- define "observability.panelShown" -}}
{{- $ds := get .panel "datasource" }}
{{- $ref := "" }}
{{- if kindIs "map" $ds }}{{ $ref = toString ((get $ds "uid") | default (get $ds "type") | default "") }}
{{- else if kindIs "string" $ds }}{{ $ref = $ds }}{{ end }}
{{- if or (eq $ref "") (hasPrefix "$" $ref) (has $ref (list "-- Mixed --" "-- Dashboard --" "-- Grafana --" "grafana")) (hasKey .sources (lower $ref)) }}true{{ end }}
{{- end }}

{{/*
The Role <namespace>-<component> that reads pods, and its RoleBinding to the ServiceAccount <component> of namespace,
in each of networkPolicy.scrapeNamespaces: (dict "ctx" . "component" c "version" imageTag "namespace" saNamespace).
*/}}
{{- define "observability.podReaders" -}}
{{- $name := printf "%s-%s" .namespace .component }}
{{- $labels := include "observability.labels" (dict "ctx" .ctx "component" .component "version" .version) }}
{{- range $ns := .ctx.Values.networkPolicy.scrapeNamespaces }}
---
{{ include "lib.object" (dict "apiVersion" "rbac.authorization.k8s.io/v1" "kind" "Role" "metadata" (dict "name" $name "namespace" $ns "labels" $labels)) }}
rules:
  - apiGroups: [""]
    resources: ["pods"]
    verbs: ["get", "list", "watch"]
---
{{ include "lib.object" (dict "apiVersion" "rbac.authorization.k8s.io/v1" "kind" "RoleBinding" "metadata" (dict "name" $name "namespace" $ns "labels" $labels)) }}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: {{ $name }}
subjects:
  - kind: ServiceAccount
    name: {{ $.component }}
    namespace: {{ $.namespace }}
{{- end }}
{{- end }}
