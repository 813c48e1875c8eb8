{{/*
Chart name, overridable with nameOverride.
*/}}
{{- define "neotool.name" -}}
{{- default .Chart.Name (.Values.nameOverride) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Recommended labels of the umbrella's own objects.
*/}}
{{- define "neotool.labels" -}}
{{- include "lib.labels" (dict "ctx" . "name" (include "neotool.name" .) "component" "platform" "version" (.Chart.AppVersion | default .Chart.Version)) }}
{{- end }}

{{/*
A NetworkPolicy of the flows between the platform's pods (calls, connections): (dict "ctx" $ "name" n "namespace" ns
"app" a) and either "from" (a list of dicts namespace, app), admitted on "port", or "to" (a list of dicts namespace,
app, port), one egress rule each.
*/}}
{{- define "neotool.flowPolicy" -}}
{{- $policy := dict "name" .name "namespace" .namespace "labels" (include "neotool.labels" .ctx) "app" .app }}
{{- if .from }}
{{- $peers := list }}
{{- range .from }}
{{- $peers = append $peers (include "lib.peer" (dict "namespace" .namespace "name" .app)) }}
{{- end }}
{{- include "lib.appPolicy" (merge (dict "from" (join "\n" $peers) "ports" (list .port)) $policy) }}
{{- else }}
{{- $rules := list }}
{{- range .to }}
{{- $rules = append $rules (include "lib.rule" (dict "to" (include "lib.peer" (dict "namespace" .namespace "name" .app)) "ports" (list .port))) }}
{{- end }}
{{- include "lib.appPolicy" (merge (dict "egress" (join "\n" $rules)) $policy) }}
{{- end }}
{{- end }}
