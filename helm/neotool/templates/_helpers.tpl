{{/*
Chart name, overridable with nameOverride.
*/}}
{{- define "neotool.name" -}}
{{- default .Chart.Name (.Values.nameOverride) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The platform's services, enabled or not, by name, comma-separated: the top-level values sections with a serviceName
(the umbrella writes it for every alias of the service chart; Helm drops a disabled alias from Chart.yaml's
dependencies while rendering, so those cannot list it). The templates look the services up here instead of listing
them, so that a template's size does not grow with the number of services. Use:
{{- range $name := compact (splitList "," (include "neotool.services" .)) }}.
*/}}
{{- define "neotool.services" -}}
{{- $names := list }}
{{- range $name, $section := .Values }}
{{- if and (kindIs "map" $section) (hasKey $section "serviceName") }}
{{- $names = append $names $name }}
{{- end }}
{{- end }}
{{- join "," $names }}
{{- end }}

{{/*
The namespaces the operator makes (global.operatorMade's Namespaces), comma-separated. The chart never renders
them, not even when namespaces.items lists them (with the Pod Security level they are to be labelled with). Use:
{{- $operatorMade := compact (splitList "," (include "neotool.operatorMadeNamespaces" .)) }}.
*/}}
{{- define "neotool.operatorMadeNamespaces" -}}
{{- $names := list }}
{{- range (.Values.global).operatorMade | default list }}
{{- if eq .kind "Namespace" }}{{ $names = append $names .name }}{{ end }}
{{- end }}
{{- join "," $names }}
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
