{{/*
Name of the chart's objects: the chart's name, "router". Not prefixed with the release name: the Ingress and
web reach it at router.<namespace>.svc.cluster.local:4000, and the umbrella's NetworkPolicies select its pods
by app.kubernetes.io/name: router.
*/}}
{{- define "router.fullname" -}}
{{- .Chart.Name | trunc 40 | trimSuffix "-" }}
{{- end }}

{{/*
Namespace of every object (neotool-web by default).
*/}}
{{- define "router.namespace" -}}
{{- .Values.namespace | default .Release.Namespace | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Chart name and version, as used by the helm.sh/chart label.
*/}}
{{- define "router.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Selector labels of the router pods.
*/}}
{{- define "router.selectorLabels" -}}
app.kubernetes.io/name: {{ include "router.fullname" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Recommended labels.
*/}}
{{- define "router.labels" -}}
helm.sh/chart: {{ include "router.chart" . }}
{{ include "router.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | toString | replace "+" "_" | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/component: gateway
app.kubernetes.io/part-of: {{ index .Chart.Annotations "app.kubernetes.io/part-of" | default .Chart.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
The router image: registry (or global.imageRegistry)/repository:tag, never latest in prod.
*/}}
{{- define "router.image" -}}
{{- $tag := toString (.Values.image.tag | default .Chart.AppVersion) }}
{{- if and (eq $tag "latest") (eq (toString (.Values.global).environment) "prod") }}
{{- fail "router: image tag \"latest\" is not allowed when global.environment is prod; set router.image.tag to a fixed version (e.g. v2.7.0)" }}
{{- end }}
{{- $registry := .Values.image.registry | default (.Values.global).imageRegistry }}
{{- $repository := required "router: set image.repository (e.g. apollographql/router)" .Values.image.repository }}
{{- if $registry }}
{{- printf "%s/%s:%s" $registry $repository $tag }}
{{- else }}
{{- printf "%s:%s" $repository $tag }}
{{- end }}
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
{{- $_ := required "router: set exactly one of supergraph.schema (the composed SDL, e.g. --set-file router.supergraph.schema=supergraph.graphql) and supergraph.urls (APOLLO_ROUTER_SUPERGRAPH_URLS)" "" }}
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
The router.yaml the router runs with.
*/}}
{{- define "router.config" -}}
{{- $config := dict }}
{{- $_ := set $config "supergraph" (dict "listen" "0.0.0.0:4000" "path" (toString .Values.path)) }}
{{- $_ := set $config "health_check" (dict "enabled" true "listen" "0.0.0.0:8088" "path" "/health") }}
{{- $prometheus := dict "enabled" (eq (toString .Values.metrics.enabled) "true") "listen" "0.0.0.0:9090" "path" (toString .Values.metrics.path) }}
{{- $_ := set $config "telemetry" (dict "exporters" (dict "metrics" (dict "prometheus" $prometheus))) }}
{{- /* Router 2.5+ form: cors.policies[].origins (the older cors.origins is migrated with an error, and
`router config validate` rejects it) */}}
{{- with .Values.corsOrigins }}
{{- $_ := set $config "cors" (dict "policies" (list (dict "origins" .))) }}
{{- end }}
{{- with .Values.subgraphs }}
{{- $_ := set $config "override_subgraph_url" . }}
{{- end }}
{{- toYaml $config }}
{{- end }}

{{/*
Restricted container securityContext (Pod Security restricted).
*/}}
{{- define "router.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.securityContext.runAsUser }}
runAsGroup: {{ .Values.securityContext.runAsGroup }}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/*
Labels of the GraphQL smoke test Pod and its objects: app.kubernetes.io/name smoke-graphql, which no Service selects.
*/}}
{{- define "router.smoke.labels" -}}
helm.sh/chart: {{ include "router.chart" . }}
app.kubernetes.io/name: smoke-graphql
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Values.smokeTest.image.tag | toString | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/component: smoke-test
app.kubernetes.io/part-of: {{ index .Chart.Annotations "app.kubernetes.io/part-of" | default .Chart.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}
