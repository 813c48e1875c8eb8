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
