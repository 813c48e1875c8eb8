{{- /*
The charts' shared helpers, written once here and rendered into every chart (umbrella and subcharts) as
templates/_library.tpl, so each chart still installs, packages and lints on its own; a chart's copy keeps
the definitions that chart uses (the generator drops the others whole, with the comment right above them).
Helm shares named templates across a release's charts, so every copy of a definition must be the same text:
nothing here depends on the chart it lands in, and every lib.* name is written out in full. Arguments are the
chart's root context (.) or a dict whose "ctx" is that root context.
*/ -}}

{{/*
Name of the chart's objects: fullnameOverride, else the chart's name, not prefixed with the release name
(the platform addresses every component as <chart>.<namespace>.svc and selects its pods by that name).
*/}}
{{- define "lib.fullname" -}}
{{- .Values.fullnameOverride | default .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Namespace of every object: .Values.namespace, else the release namespace (else "default", for tools that
render without one).
*/}}
{{- define "lib.namespace" -}}
{{- .Values.namespace | default .Release.Namespace | default "default" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Selector labels: the root context, or (dict "ctx" $ "name" name) for objects named other than the chart.
*/}}
{{- define "lib.selectorLabels" -}}
{{- $ctx := .ctx | default . -}}
app.kubernetes.io/name: {{ .name | default (include "lib.fullname" $ctx) }}
app.kubernetes.io/instance: {{ $ctx.Release.Name }}
{{- end }}

{{/*
A text as a label value: "+" as "_", at most 63 characters, and no character but a letter or digit at either end
(the API server refuses a value that begins or ends otherwise: a tag cut at a "." or a "_", or set so at install).
*/}}
{{- define "lib.labelValue" -}}
{{- regexReplaceAll "^[^A-Za-z0-9]+|[^A-Za-z0-9]+$" (. | toString | replace "+" "_" | trunc 63) "" }}
{{- end }}

{{/*
Recommended labels, on every object: (dict "ctx" $ "component" c), with "name" (default the chart's fullname)
and "version" (default image.tag, else the chart's appVersion). The one place the part-of label is written.
*/}}
{{- define "lib.labels" -}}
{{- $ctx := .ctx }}
{{- $version := .version | default ($ctx.Values.image).tag | default $ctx.Chart.AppVersion -}}
helm.sh/chart: {{ include "lib.labelValue" (printf "%s-%s" $ctx.Chart.Name $ctx.Chart.Version) }}
{{ include "lib.selectorLabels" . }}
app.kubernetes.io/version: {{ include "lib.labelValue" $version | quote }}
app.kubernetes.io/component: {{ required "lib.labels: pass a component" .component }}
app.kubernetes.io/part-of: {{ index $ctx.Chart.Annotations "app.kubernetes.io/part-of" | default $ctx.Chart.Name }}
app.kubernetes.io/managed-by: {{ $ctx.Release.Service }}
{{- end }}

{{/*
An object's apiVersion, kind and metadata: (dict "apiVersion" v "kind" k "metadata" (the lib.metadata arguments)).
*/}}
{{- define "lib.object" -}}
apiVersion: {{ .apiVersion }}
kind: {{ .kind }}
metadata:
  {{- include "lib.metadata" .metadata | nindent 2 }}
{{- end }}

{{/*
An object's metadata: name, namespace and labels, from (dict "ctx" $ "labels" (include "<chart>.labels" $)) with
"name" (default the chart's fullname), "namespace" (default the chart's namespace; none with "clusterScoped") and
"annotations" (a dict).
*/}}
{{- define "lib.metadata" -}}
name: {{ if .name }}{{ .name }}{{ else }}{{ include "lib.fullname" .ctx }}{{ end }}
{{- if not .clusterScoped }}
namespace: {{ if .namespace }}{{ .namespace }}{{ else }}{{ include "lib.namespace" .ctx }}{{ end }}
{{- end }}
labels:
  {{- .labels | nindent 2 }}
{{- with .annotations }}
annotations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/*
The URLs an Ingress serves, a JSON list (read back with fromJsonArray): each host with https when it terminates TLS,
and its path, else "path"; (dict "ingress" <its values> "path" <the path routed when it names none>).
*/}}
{{- define "lib.ingressUrls" -}}
{{- $scheme := ternary "https" "http" ((.ingress.tls).enabled | default false) }}
{{- $path := .ingress.path | default .path }}
{{- $urls := list }}
{{- range $h := .ingress.hosts }}
{{- $urls = append $urls (printf "%s://%s%s" $scheme $h.host $path) }}
{{- end }}
{{- toJson $urls }}
{{- end }}

{{/*
"true" when an IngressClass is a cloud load balancer that sends to the pods straight from its own addresses (GKE's,
the AWS Load Balancer Controller's ALB with ip targets, Azure's Application Gateway), else empty; "lib.balancerRanges"
says where those addresses are.
*/}}
{{- define "lib.balancerClass" -}}
{{- if has . (list "gce" "gce-internal" "alb" "azure-application-gateway") }}true{{ end }}
{{- end }}

{{- define "lib.balancerRanges" -}}
{{- if eq . "gce" }}GKE's proxies and health checks: 35.191.0.0/16 and 130.211.0.0/22
{{- else if eq . "gce-internal" }}the VPC's proxy-only subnet, and the health checks' 35.191.0.0/16 and 130.211.0.0/22
{{- else if eq . "alb" }}the ALB's subnets
{{- else }}the Application Gateway's subnet{{ end }}
{{- end }}

{{/*
"true" when the chart renders its NetworkPolicies, else empty: its own networkPolicy.enabled and the platform's
switch global.networkPolicy.enabled (on when absent, as for a chart installed on its own). Use:
{{- if include "lib.networkPolicyOn" . }}.
*/}}
{{- define "lib.networkPolicyOn" -}}
{{- if and (.Values.networkPolicy).enabled (dig "enabled" true (((.Values.global).networkPolicy) | default dict)) }}true{{ end }}
{{- end }}

{{/*
A NetworkPolicy: apiVersion, kind, metadata (the lib.metadata arguments), the pods it selects ("selector", YAML
matchLabels; none selects every pod of the namespace) and its policyTypes ("types", default Ingress and Egress); the
template goes on with its rules.
*/}}
{{- define "lib.networkPolicy" -}}
{{- include "lib.object" (dict "apiVersion" "networking.k8s.io/v1" "kind" "NetworkPolicy" "metadata" .) }}
spec:
  {{- if .selector }}
  podSelector:
    matchLabels:
      {{- .selector | nindent 6 }}
  {{- else }}
  podSelector: {}
  {{- end }}
  policyTypes:
    {{- range .types | default (list "Ingress" "Egress") }}
    - {{ . }}
    {{- end }}
{{- end }}

{{/*
A NetworkPolicy rule to ("to") or from ("from") peers (YAML, e.g. from lib.peer) on TCP "ports" (a list; none
allows every port).
*/}}
{{- define "lib.rule" -}}
- {{ if .from }}from{{ else }}to{{ end }}:
    {{- .from | default .to | nindent 4 }}
  {{- with .ports }}
  ports:
    {{- range . }}
    - protocol: TCP
      port: {{ . }}
    {{- end }}
  {{- end }}
{{- end }}

{{/*
A NetworkPolicy in one direction for the pods named "app" (app.kubernetes.io/name), with the lib.metadata arguments
(name, namespace, labels): either its "ingress" or "egress" rules (YAML, e.g. from lib.rule), or one rule from
("from") or to ("to") peers on TCP "ports" (the lib.rule arguments). Its policyType is the direction of its rules.
*/}}
{{- define "lib.appPolicy" -}}
{{- $ingress := not (empty (or .ingress .from)) }}
{{- $rules := or .ingress .egress }}
{{- if not $rules }}{{ $rules = include "lib.rule" . }}{{ end }}
{{- include "lib.networkPolicy" (merge (dict "selector" (printf "app.kubernetes.io/name: %s" .app) "types" (list (ternary "Ingress" "Egress" $ingress))) .) }}
  {{ ternary "ingress" "egress" $ingress }}:
    {{- $rules | nindent 4 }}
{{- end }}

{{/*
A NetworkPolicy peer: pods by "selector" (YAML matchLabels) or by app.kubernetes.io/name "name", in "namespace"
(else the policy's own namespace).
*/}}
{{- define "lib.peer" -}}
{{- if .namespace -}}
- namespaceSelector:
    matchLabels:
      kubernetes.io/metadata.name: {{ .namespace }}
  podSelector:
{{- else -}}
- podSelector:
{{- end }}
    matchLabels:
      {{- .selector | default (printf "app.kubernetes.io/name: %s" .name) | nindent 6 }}
{{- end }}

{{/*
Egress rule to the cluster DNS: (dict "ctx" $ "namespace" (networkPolicy.dnsNamespace)), in global.networkPolicy.dns's
namespace where it names one. Its pods, ports and any
cache outside them (NodeLocal DNSCache's link-local address) are global.networkPolicy.dns's: CoreDNS's k8s-app:
kube-dns (when podLabels is empty: a map set at install time is then the whole selector, not merged into a default)
on port 53 unless it says otherwise (OpenShift's DNS pods listen on 5353, the port the policy sees).
*/}}
{{- define "lib.dnsEgress" -}}
{{- $dns := ((.ctx.Values.global).networkPolicy).dns | default dict -}}
- to:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: {{ $dns.namespace | default .namespace }}
      podSelector:
        matchLabels:
          {{- toYaml ($dns.podLabels | default (dict "k8s-app" "kube-dns")) | nindent 10 }}
    {{- range $cidr := $dns.cidrs }}
    - ipBlock:
        cidr: {{ $cidr | quote }}
    {{- end }}
  ports:
    {{- range $port := $dns.ports | default (list 53) }}
    - protocol: UDP
      port: {{ int $port }}
    - protocol: TCP
      port: {{ int $port }}
    {{- end }}
{{- end }}

{{/*
Cloud provider defaults (global.cloudProvider: local = K3S, aws, gcp, azure); an explicit class in the values
always wins over these.
*/}}
{{- define "lib.cloud.defaults" -}}
{{- $byProvider := dict
    "local" (dict "storageClass" "local-path" "ingressClass" "traefik")
    "aws" (dict "storageClass" "ebs-gp3" "ingressClass" "alb")
    "gcp" (dict "storageClass" "pd-ssd" "ingressClass" "gce")
    "azure" (dict "storageClass" "managed-premium" "ingressClass" "azure-application-gateway") }}
{{- $provider := (.Values.global).cloudProvider | default "local" }}
{{- if not (hasKey $byProvider $provider) }}
{{- fail (printf "global.cloudProvider %q is not one of local, aws, gcp, azure" $provider) }}
{{- end }}
{{- toJson (get $byProvider $provider) }}
{{- end }}

{{/*
StorageClass of a volume that names none: global.storageClass, else the cloud provider's.
*/}}
{{- define "lib.cloud.storageClass" -}}
{{- (.Values.global).storageClass | default (include "lib.cloud.defaults" . | fromJson).storageClass }}
{{- end }}

{{/*
The IngressClass an Ingress of a chart takes: (dict "ingress" .Values.<...>.ingress "ctx" <the chart's context>), its
own className, else the class of the chart's ingress controller (networkPolicy.ingressController.className), else
the cloud provider's.
*/}}
{{- define "lib.ingressClass" -}}
{{- .ingress.className | default (((.ctx.Values.networkPolicy).ingressController).className) | default (include "lib.cloud.ingressClass" .ctx) }}
{{- end }}

{{/*
IngressClass of an Ingress that names none: the cloud provider's.
*/}}
{{- define "lib.cloud.ingressClass" -}}
{{- (include "lib.cloud.defaults" . | fromJson).ingressClass }}
{{- end }}
