{{/*
Name of the chart's objects: the chart's name, "web" (the umbrella's NetworkPolicies select
app.kubernetes.io/name: web).
*/}}
{{- define "web.fullname" -}}
{{- .Chart.Name | trunc 40 | trimSuffix "-" }}
{{- end }}

{{/*
Namespace of every object (neotool-web by default).
*/}}
{{- define "web.namespace" -}}
{{- .Values.namespace | default .Release.Namespace | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Chart name and version, as used by the helm.sh/chart label.
*/}}
{{- define "web.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Selector labels of the web pods.
*/}}
{{- define "web.selectorLabels" -}}
app.kubernetes.io/name: {{ include "web.fullname" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Recommended labels.
*/}}
{{- define "web.labels" -}}
helm.sh/chart: {{ include "web.chart" . }}
{{ include "web.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | toString | replace "+" "_" | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/component: frontend
app.kubernetes.io/part-of: {{ index .Chart.Annotations "app.kubernetes.io/part-of" | default .Chart.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
The web image: registry (or global.imageRegistry)/repository:tag (or the chart's appVersion), never latest in prod.
*/}}
{{- define "web.image" -}}
{{- $tag := toString (.Values.image.tag | default .Chart.AppVersion) }}
{{- if and (eq $tag "latest") (eq (toString (.Values.global).environment) "prod") }}
{{- fail "web: image tag \"latest\" is not allowed when global.environment is prod; set web.image.tag to a released version" }}
{{- end }}
{{- $registry := .Values.image.registry | default (.Values.global).imageRegistry }}
{{- $repository := required "web: set image.repository (e.g. neotool-web)" .Values.image.repository }}
{{- if $registry }}
{{- printf "%s/%s:%s" $registry $repository $tag }}
{{- else }}
{{- printf "%s:%s" $repository $tag }}
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
{{- if not $ingress.hosts }}
{{- fail "web: ingress.hosts is empty; give at least one host (e.g. --set web.ingress.hosts[0].host=neotool.local) or set ingress.enabled=false" }}
{{- end }}
{{- range $i, $h := $ingress.hosts }}
{{- if not $h.host }}
{{- fail (printf "web: ingress.hosts[%d].host is empty" $i) }}
{{- end }}
{{- end }}
{{- if and $prod (not $ingress.tls.enabled) }}
{{- fail "web: the Ingress has no TLS and global.environment is prod; set web.ingress.tls.enabled=true and web.ingress.tls.secretName (a kubernetes.io/tls Secret in the web namespace)" }}
{{- end }}
{{- if and $ingress.tls.enabled (not $ingress.tls.secretName) }}
{{- fail "web: ingress.tls.enabled needs ingress.tls.secretName, the kubernetes.io/tls Secret holding the certificate" }}
{{- end }}
{{- if and $ingress.graphqlPath (not $ingress.routerService) }}
{{- fail "web: ingress.graphqlPath routes to the router, so set ingress.routerService (router)" }}
{{- end }}
{{- end }}
{{- range $name, $_ := .Values.env | default dict }}
{{- if regexMatch "(?i)(secret|password|passwd|token|key)" $name }}
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
