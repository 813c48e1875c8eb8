{{/*
Recommended labels.
*/}}
{{- define "router.labels" -}}
{{- include "lib.labels" (dict "ctx" . "component" "gateway") }}
{{- end }}

{{/*
Whole-values checks, included by the Deployment: values can be overridden at install time, so the chart repeats
the spec validator's rules.
*/}}
{{- define "router.validate" -}}
{{- $prod := eq (toString (.Values.global).environment) "prod" }}
{{- $schema := (.Values.supergraph).schema }}
{{- $urls := (.Values.supergraph).urls }}
{{- if and $schema $urls }}
{{- fail "router: set exactly one of supergraph.schema (the composed SDL) and supergraph.urls (APOLLO_ROUTER_SUPERGRAPH_URLS), not both" }}
{{- end }}
{{- if not (or $schema $urls) }}
{{- /* `required` fails the render; helm lint (which tolerates missing values) only reports it */ -}}
{{- $_ := required (printf "router: set exactly one of supergraph.schema (the composed SDL, e.g. --set-file %s=supergraph.graphql) and supergraph.urls (APOLLO_ROUTER_SUPERGRAPH_URLS)" (include "lib.valuesKey" (list . "supergraph.schema"))) "" }}
{{- end }}
{{- range $url := $urls | default list }}
{{- if not (regexMatch "^https?://[^/]+" (toString $url)) }}
{{- fail (printf "router: supergraph.urls entry %q is not an http(s) URL" (toString $url)) }}
{{- end }}
{{- end }}
{{- range $name, $url := .Values.subgraphs | default dict }}
{{- if not (regexMatch "^https?://[^/]+" (toString $url)) }}
{{- fail (printf "router: subgraphs.%s %q is not an http(s) URL" $name (toString $url)) }}
{{- end }}
{{- end }}
{{- if not (hasPrefix "/" (toString .Values.path)) }}
{{- fail (printf "router: path %q must start with /" (toString .Values.path)) }}
{{- end }}
{{- if .Values.autoscaling.enabled }}
{{- if lt (int .Values.autoscaling.maxReplicas) (int .Values.autoscaling.minReplicas) }}
{{- fail (printf "router: autoscaling.maxReplicas (%d) must be >= autoscaling.minReplicas (%d)" (int .Values.autoscaling.maxReplicas) (int .Values.autoscaling.minReplicas)) }}
{{- end }}
{{- if and $prod (lt (int .Values.autoscaling.minReplicas) 2) }}
{{- fail "router: autoscaling.minReplicas must be >= 2 when global.environment is prod" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
The seconds the router gives a whole request: the longest of timeoutSeconds and subgraphTimeoutSeconds.
*/}}
{{- define "router.requestTimeout" -}}
{{- $longest := int .Values.timeoutSeconds }}
{{- range $seconds := values (.Values.subgraphTimeoutSeconds | default dict) }}
{{- if gt (int $seconds) $longest }}{{ $longest = int $seconds }}{{ end }}
{{- end }}
{{- $longest }}
{{- end }}

{{/*
The router.yaml the router runs with.
*/}}
{{- define "router.config" -}}
{{- /* [::] takes IPv4 and IPv6 (the router, like Node, binds 0.0.0.0 to IPv4 alone: on an IPv6-only or IPv6-first
cluster the kubelet's probes and the Service's traffic, sent to the pod's IPv6 address, would be refused). */}}
{{- $config := dict }}
{{- $_ := set $config "supergraph" (dict "listen" "[::]:4000" "path" (toString .Values.path)) }}
{{- $_ := set $config "health_check" (dict "enabled" true "listen" "[::]:8088" "path" "/health") }}
{{- /* The router closes a keep-alive connection that sends no request within header_read_timeout (10 s by default),
idle ones included: the proxies in front keep theirs longer (Traefik 90 s, an AWS ALB 60 s, Google's load balancer
600 s) and send a request on a connection the router is closing, answered with a 502. Longer than all of them. */}}
{{- $_ := set $config "server" (dict "http" (dict "header_read_timeout" "620s")) }}
{{- /* each call to a subgraph gets timeoutSeconds or its own, and the whole request the longest of them */}}
{{- $shaping := dict "all" (dict "timeout" (printf "%ds" (int .Values.timeoutSeconds))) "router" (dict "timeout" (printf "%ss" (include "router.requestTimeout" .))) }}
{{- $subgraphs := dict }}
{{- range $name, $seconds := .Values.subgraphTimeoutSeconds | default dict }}
{{- $_ := set $subgraphs $name (dict "timeout" (printf "%ds" (int $seconds))) }}
{{- end }}
{{- with $subgraphs }}{{ $_ := set $shaping "subgraphs" . }}{{ end }}
{{- $_ := set $config "traffic_shaping" $shaping }}
{{- $prometheus := dict "enabled" (eq (toString .Values.metrics.enabled) "true") "listen" "[::]:9090" "path" (toString .Values.metrics.path) }}
{{- $_ := set $config "telemetry" (dict "exporters" (dict "metrics" (dict "prometheus" $prometheus))) }}
{{- /* Router 2.5+ form: cors.policies[].origins (the older cors.origins is migrated with an error, and
`router config validate` rejects it) */}}
{{- with .Values.corsOrigins }}
{{- $_ := set $config "cors" (dict "policies" (list (dict "origins" .))) }}
{{- end }}
{{- with .Values.subgraphs }}
{{- $_ := set $config "override_subgraph_url" . }}
{{- end }}
{{- /* the router passes no client header to the subgraphs unless told to */}}
{{- with .Values.propagateHeaders }}
{{- $rules := list }}
{{- range . }}
{{- $rules = append $rules (dict "propagate" (dict "named" (toString .))) }}
{{- end }}
{{- $_ := set $config "headers" (dict "all" (dict "request" $rules)) }}
{{- end }}
{{- /* Apollo Router replaces the message of every subgraph error with "Subgraph errors redacted" and drops its
extensions unless told otherwise: clients then cannot tell an expired token from any other error. On, the message
and the listed extension keys (the code) pass; an exception's class or stack trace and the subgraph's name do not. */}}
{{- if .Values.includeSubgraphErrors }}
{{- $all := dict "redact_message" false "allow_extensions_keys" (.Values.subgraphErrorExtensions | default list) }}
{{- $_ := set $config "include_subgraph_errors" (dict "all" $all) }}
{{- end }}
{{- toYaml $config }}
{{- end }}

{{/*
Labels of the GraphQL smoke test Pod and its objects: app.kubernetes.io/name smoke-graphql, which no Service selects.
*/}}
{{- define "router.smoke.labels" -}}
{{- include "lib.labels" (dict "ctx" . "name" "smoke-graphql" "component" "smoke-test" "version" .Values.smokeTest.image.tag) }}
{{- end }}
