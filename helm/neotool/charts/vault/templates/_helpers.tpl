{{/*
Recommended labels; pass (dict "ctx" $ "component" "server") to set the component.
*/}}
{{- define "vault.labels" -}}
{{- include "lib.labels" (dict "ctx" (.ctx | default .) "component" (.component | default "server")) }}
{{- end }}

{{/*
Labels of the Vault server pods: the selector labels and what never changes with a chart or image version
(no helm.sh/chart, no app.kubernetes.io/version), so a chart upgrade does not replace the pods; the dev
server keeps everything in memory.
*/}}
{{- define "vault.podLabels" -}}
{{- omit (include "lib.labels" (dict "ctx" . "component" "server") | fromYaml) "helm.sh/chart" "app.kubernetes.io/version" | toYaml }}
{{- end }}

{{/*
Selector labels of the JWT key Job's pod (its own name, so Vault's Services never select it).
*/}}
{{- define "vault.jwtInit.selectorLabels" -}}
{{- include "lib.selectorLabels" (dict "ctx" . "name" (printf "%s-jwt-init" (include "lib.fullname" .))) }}
{{- end }}

{{/*
Recommended labels of the JWT key Job's objects.
*/}}
{{- define "vault.jwtInit.labels" -}}
{{- include "lib.labels" (dict "ctx" . "name" (printf "%s-jwt-init" (include "lib.fullname" .)) "component" "jwt-init") }}
{{- end }}

{{/*
Whole-values checks, included by every workload template: values can be overridden at install time,
so the chart repeats the spec validator's rules.
*/}}
{{- define "vault.validate" -}}
{{- $prod := eq (toString (.Values.global).environment) "prod" }}
{{- if not (has .Values.mode (list "dev" "standalone" "ha")) }}
{{- fail (printf "vault: mode must be dev, standalone or ha (got %q)" (toString .Values.mode)) }}
{{- end }}
{{- if and $prod (eq .Values.mode "dev") }}
{{- fail (printf "vault: mode \"dev\" (in-memory storage, root token) is not allowed when global.environment is prod; set %s=ha and create the token Secrets as docs/vault.md shows" (include "lib.valuesKey" (list . "mode"))) }}
{{- end }}
{{- if and $prod .Values.token.value }}
{{- fail "vault: a literal token (token.value) is not allowed when global.environment is prod; create the Secret yourself and leave token.value empty" }}
{{- end }}
{{- if and .Values.token.create (ne .Values.mode "dev") }}
{{- fail (printf "vault: token.create only works in dev mode; in %s mode the token comes from `vault operator init`: set token.create=false and create the Secret %q (docs/vault.md)" .Values.mode .Values.token.secretName) }}
{{- end }}
{{- if and (eq .Values.mode "ha") (or (lt (int .Values.ha.replicas) 3) (eq (mod (int .Values.ha.replicas) 2) 0)) }}
{{- fail (printf "vault: ha.replicas must be odd and at least 3 for a Raft quorum (got %d)" (int .Values.ha.replicas)) }}
{{- end }}
{{- if and (eq .Values.mode "ha") (gt (int .Values.ha.maxUnavailable) (div (sub (int .Values.ha.replicas) 1) 2)) }}
{{- fail (printf "vault: with %d Raft servers at most %d may be evicted at once (ha.maxUnavailable %d): a majority evicted loses the quorum, and every server comes back sealed" (int .Values.ha.replicas) (div (sub (int .Values.ha.replicas) 1) 2) (int .Values.ha.maxUnavailable)) }}
{{- end }}
{{- end }}

{{/*
Name of the headless Service that publishes every server, ready or not: the StatefulSet's (Raft peers) and
the JWT Job's way to a sealed or uninitialised server.
*/}}
{{- define "vault.internalName" -}}
{{- printf "%s-internal" (include "lib.fullname" .) }}
{{- end }}

{{/*
Number of Vault servers: ha.replicas in ha mode, else one.
*/}}
{{- define "vault.replicas" -}}
{{- ternary (int .Values.ha.replicas) 1 (eq .Values.mode "ha") }}
{{- end }}

{{/*
The address of every Vault server, space separated, through the headless Service (which publishes servers
that are not ready): each StatefulSet pod by name, or in dev mode the one pod by the Service's name.
*/}}
{{- define "vault.serverAddresses" -}}
{{- $ns := include "lib.namespace" . }}
{{- $internal := include "vault.internalName" . }}
{{- if eq .Values.mode "dev" }}
{{- printf "http://%s.%s.svc.cluster.local:8200" $internal $ns }}
{{- else }}
{{- $servers := list }}
{{- range $i := until (int (include "vault.replicas" .)) }}
{{- $servers = append $servers (printf "http://%s-%d.%s.%s.svc.cluster.local:8200" (include "lib.fullname" $) $i $internal $ns) }}
{{- end }}
{{- join " " $servers }}
{{- end }}
{{- end }}

{{/*
The environment every Vault server needs (dev and Raft): a writable HOME, and no chown or setcap by the image's
entrypoint (the pod runs as non-root with no capabilities).
*/}}
{{- define "vault.serverEnv" -}}
- name: HOME
  value: /home/vault
# An operator's shell in the pod (kubectl exec -ti vault-0 -- sh, as docs/vault.md's init and unseal do) inherits
# this: busybox's ash would otherwise keep each line typed, an exported VAULT_TOKEN too, in $HOME/.ash_history on
# the node's disk for the pod's life.
- name: HISTFILE
  value: /dev/null
- name: SKIP_CHOWN
  value: "true"
- name: SKIP_SETCAP
  value: "true"
{{- end }}

{{/*
Recommended labels of the token renewal CronJobs' objects (one per token namespace, named vault-token-renew).
*/}}
{{- define "vault.renew.labels" -}}
{{- include "lib.labels" (dict "ctx" . "name" "vault-token-renew" "component" "token-renewal") }}
{{- end }}

{{/*
The namespaces whose token a vault-token-renew CronJob renews, as a JSON list (empty in dev mode or with the renewal
off): each of token.namespaces, and Vault's own while the JWT Job runs there with its token (or when token.namespaces
names it). A Vault namespace whose token nothing reads gets no CronJob that would fail every day.
*/}}
{{- define "vault.renewNamespaces" -}}
{{- $ns := include "lib.namespace" . }}
{{- $namespaces := list }}
{{- if and .Values.token.renewal.enabled (ne .Values.mode "dev") }}
{{- $namespaces = .Values.token.namespaces | default list }}
{{- if .Values.jwtInit.enabled }}
{{- $namespaces = prepend (without $namespaces $ns) $ns }}
{{- end }}
{{- end }}
{{- $namespaces | uniq | toJson }}
{{- end }}
