{{/*
Recommended labels.
*/}}
{{- define "web.labels" -}}
{{- include "lib.labels" (dict "ctx" . "component" "frontend") }}
{{- end }}

{{/*
Labels of the web smoke test Pod and its objects: app.kubernetes.io/name smoke-web, which no Service selects.
*/}}
{{- define "web.smoke.labels" -}}
{{- include "lib.labels" (dict "ctx" . "name" "smoke-web" "component" "smoke-test" "version" .Values.smokeTest.image.tag) }}
{{- end }}

{{/*
The browser's GraphQL URL: graphql.publicUrl, or <scheme>://<first host><graphqlPath> of the Ingress this chart renders
(https with TLS), so that hosts or TLS set at install time carry it; empty with neither.
*/}}
{{- define "web.publicUrl" -}}
{{- $ingress := .Values.ingress }}
{{- if .Values.graphql.publicUrl }}
{{- .Values.graphql.publicUrl }}
{{- else if and $ingress.enabled $ingress.hosts }}
{{- printf "%s://%s%s" (ternary "https" "http" (($ingress.tls).enabled | default false)) (first $ingress.hosts).host ($ingress.graphqlPath | default "/graphql") }}
{{- end }}
{{- end }}

{{/*
Whole-values checks, included by the Deployment and the Ingress: values can be overridden at install time, so
the chart repeats the spec validator's rules.
*/}}
{{- define "web.validate" -}}
{{- $prod := eq (toString (.Values.global).environment) "prod" }}
{{- $ingress := .Values.ingress }}
{{- if $ingress.enabled }}
{{- /* hosts and TLS: lib.ingress, when the Ingress renders */}}
{{- if and $ingress.graphqlPath (not $ingress.routerService) }}
{{- fail "web: ingress.graphqlPath routes to the router, so set ingress.routerService (router)" }}
{{- end }}
{{- end }}
{{- $publicUrl := include "web.publicUrl" . }}
{{- if not $publicUrl }}
{{- fail (printf "web: graphql.publicUrl is empty and the Ingress is off, so there is no host to make the browser's GraphQL URL from (%s would be empty and every call from the browser would fail); set %s to the URL browsers reach the API at, or enable the Ingress" .Values.graphql.publicUrlEnv (include "lib.valuesKey" (list . "graphql.publicUrl"))) }}
{{- end }}
{{- if and (hasPrefix "http://" $publicUrl) $ingress.enabled (($ingress.tls).enabled | default false) }}
{{- fail (printf "web: graphql.publicUrl %q is plain http while the Ingress serves the pages over https (ingress.tls): browsers block such calls (mixed content); use an https URL" $publicUrl) }}
{{- end }}
{{- range $name, $value := .Values.env | default dict }}
{{- include "lib.literalSecret" (dict "chart" "web" "name" $name "value" $value) }}
{{- if include "lib.secretLikeName" $name }}
{{- fail (printf "web: env.%s looks like a secret; literal secret values are not allowed (mount it from a Secret)" $name) }}
{{- end }}
{{- end }}
{{- if .Values.autoscaling.enabled }}
{{- if lt (int .Values.autoscaling.maxReplicas) (int .Values.autoscaling.minReplicas) }}
{{- fail (printf "web: autoscaling.maxReplicas (%d) must be >= autoscaling.minReplicas (%d)" (int .Values.autoscaling.maxReplicas) (int .Values.autoscaling.minReplicas)) }}
{{- end }}
{{- if and $prod (lt (int .Values.autoscaling.minReplicas) 2) }}
{{- fail "web: autoscaling.minReplicas must be >= 2 when global.environment is prod" }}
{{- end }}
{{- end }}
{{- end }}
