{{/*
Name of the PostgreSQL resources: the chart's name (postgres).
*/}}
{{- define "postgres.fullname" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Name of the PgBouncer resources; the services expect pgbouncer.<namespace>.svc.cluster.local.
*/}}
{{- define "postgres.pgbouncer.fullname" -}}
pgbouncer
{{- end }}

{{/*
Chart name and version, as used by the helm.sh/chart label.
*/}}
{{- define "postgres.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Namespace of every resource: .Values.namespace, else the release namespace.
*/}}
{{- define "postgres.namespace" -}}
{{- .Values.namespace | default .Release.Namespace | default "default" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
An image reference from (list $ .Values.image "image"): fails on a missing or "latest" tag in prod.
*/}}
{{- define "postgres.image" -}}
{{- $root := index . 0 }}
{{- $image := index . 1 }}
{{- $key := index . 2 }}
{{- $repository := required (printf "postgres: set %s.repository" $key) $image.repository }}
{{- $tag := toString (required (printf "postgres: set %s.tag" $key) $image.tag) }}
{{- if and (eq $tag "latest") (eq (toString ($root.Values.global).environment) "prod") }}
{{- fail (printf "postgres: %s.tag \"latest\" is not allowed when global.environment is prod; pin a version" $key) }}
{{- end }}
{{- printf "%s:%s" $repository $tag }}
{{- end }}

{{/*
StorageClass of the data volume: persistence.storageClass, else global.storageClass, else the cloud provider\'s.
*/}}
{{- define "postgres.storageClass" -}}
{{- .Values.persistence.storageClass | default (include "neotool.cloud.storageClass" .) }}
{{- end }}

{{/*
Secret with postgres-password and <owner>-password: auth.existingSecret, else the generated one.
*/}}
{{- define "postgres.secretName" -}}
{{- .Values.auth.existingSecret | default (include "postgres.fullname" .) }}
{{- end }}

{{/*
The owners of .Values.databases, sorted and unique; fails on a name SQL or pgbouncer.ini would need to quote.
*/}}
{{- define "postgres.owners" -}}
{{- $owners := list }}
{{- range $db := keys (.Values.databases | default dict) | sortAlpha }}
{{- $owner := (get $.Values.databases $db).owner | default "" }}
{{- if not (regexMatch "^[a-z_][a-z0-9_]{0,62}$" $db) }}
{{- fail (printf "postgres: databases.%s: database names are lower case letters, digits and '_'" $db) }}
{{- end }}
{{- if not (regexMatch "^[a-z_][a-z0-9_]{0,62}$" $owner) }}
{{- fail (printf "postgres: databases.%s.owner %q must be lower case letters, digits and '_'" $db $owner) }}
{{- end }}
{{- if eq $owner $.Values.auth.superuser }}
{{- fail (printf "postgres: databases.%s.owner is the superuser %q; give the database its own role" $db $owner) }}
{{- end }}
{{- $owners = append $owners $owner }}
{{- end }}
{{- $owners | uniq | sortAlpha | join "," }}
{{- end }}

{{/*
The monitoring role of monitoring.user (the PostgreSQL exporter's), or "" when monitoring is off; fails on a name
SQL would need to quote, the superuser or a database owner.
*/}}
{{- define "postgres.monitorUser" -}}
{{- $mon := .Values.monitoring | default dict }}
{{- if $mon.enabled }}
{{- $user := toString $mon.user }}
{{- if not (regexMatch "^[a-z_][a-z0-9_]{0,62}$" $user) }}
{{- fail (printf "postgres: monitoring.user %q must be lower case letters, digits and '_'" $user) }}
{{- end }}
{{- if eq $user .Values.auth.superuser }}
{{- fail (printf "postgres: monitoring.user is the superuser %q; the exporter gets a role of its own" $user) }}
{{- end }}
{{- if has $user (splitList "," (include "postgres.owners" .)) }}
{{- fail (printf "postgres: monitoring.user %q owns a database; the monitoring role must not own data" $user) }}
{{- end }}
{{- $user }}
{{- end }}
{{- end }}

{{/*
host:port the services connect to: PgBouncer's Service, or PostgreSQL's when PgBouncer is off.
*/}}
{{- define "postgres.serviceEndpoint" -}}
{{- $ns := include "postgres.namespace" . }}
{{- if .Values.pgbouncer.enabled }}
{{- printf "%s.%s.svc.cluster.local:%d" (include "postgres.pgbouncer.fullname" .) $ns (int .Values.pgbouncer.port) }}
{{- else }}
{{- printf "%s.%s.svc.cluster.local:5432" (include "postgres.fullname" .) $ns }}
{{- end }}
{{- end }}

{{/*
PostgreSQL's connection budget: every PgBouncer pod opens up to min(defaultPoolSize + reservePoolSize,
maxDbConnections) server connections per database, plus the exporter, admin sessions and the superuser's reserved
slots. Fails when connections.max does not cover it (values set at install bypass the spec's check).
*/}}
{{- define "postgres.checkConnections" -}}
{{- $c := .Values.connections }}
{{- $pgb := .Values.pgbouncer }}
{{- $pools := 0 }}
{{- if $pgb.enabled }}
{{- $perDb := add (int $pgb.defaultPoolSize) (int $pgb.reservePoolSize) }}
{{- if gt (int $pgb.maxDbConnections) 0 }}
{{- $perDb = min $perDb (int $pgb.maxDbConnections) }}
{{- end }}
{{- $pools = mul (len (keys (.Values.databases | default dict))) $perDb (int $pgb.replicas) }}
{{- end }}
{{- $monitoring := ternary (int $c.monitoring) 0 (eq (toString (.Values.monitoring).enabled) "true") }}
{{- $budget := add $pools $monitoring (int $c.admin) (int $c.superuserReserved) }}
{{- if lt (int $c.max) (int $budget) }}
{{- fail (printf "postgres: connections.max %d does not cover the connection budget %d (PgBouncer pools %d + monitoring %d + admin %d + superuserReserved %d); raise connections.max or make the pools smaller" (int $c.max) (int $budget) (int $pools) (int $monitoring) (int $c.admin) (int $c.superuserReserved)) }}
{{- end }}
{{- end }}

{{/*
Selector labels of PostgreSQL.
*/}}
{{- define "postgres.selectorLabels" -}}
app.kubernetes.io/name: {{ include "postgres.fullname" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Recommended labels of the PostgreSQL objects.
*/}}
{{- define "postgres.labels" -}}
helm.sh/chart: {{ include "postgres.chart" . }}
{{ include "postgres.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | toString | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/component: database
app.kubernetes.io/part-of: {{ index .Chart.Annotations "app.kubernetes.io/part-of" | default .Chart.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Selector labels of PgBouncer.
*/}}
{{- define "postgres.pgbouncer.selectorLabels" -}}
app.kubernetes.io/name: {{ include "postgres.pgbouncer.fullname" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Recommended labels of the PgBouncer objects.
*/}}
{{- define "postgres.pgbouncer.labels" -}}
helm.sh/chart: {{ include "postgres.chart" . }}
{{ include "postgres.pgbouncer.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.pgbouncer.image.tag | toString | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/component: connection-pooler
app.kubernetes.io/part-of: {{ index .Chart.Annotations "app.kubernetes.io/part-of" | default .Chart.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Restricted container securityContext (Pod Security "restricted").
*/}}
{{- define "postgres.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .runAsUser }}
runAsGroup: {{ .runAsGroup }}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/*
Name of the backup CronJob, its ServiceAccount, ConfigMap and pods' app.kubernetes.io/name.
*/}}
{{- define "postgres.backup.fullname" -}}
{{- printf "%s-backup" (include "postgres.fullname" .) }}
{{- end }}

{{/*
Labels of the backup objects and pods: PostgreSQL's, with their own name (the Services must not select them).
*/}}
{{- define "postgres.backup.labels" -}}
{{- merge (dict "app.kubernetes.io/name" (include "postgres.backup.fullname" .) "app.kubernetes.io/component" "backup") (include "postgres.labels" . | fromYaml) | toYaml }}
{{- end }}

{{/*
The replication role of replication.user, or "" with no replicas; fails on a name SQL would need to quote, the
superuser, a database owner or the monitoring role.
*/}}
{{- define "postgres.replicationUser" -}}
{{- $r := .Values.replication | default dict }}
{{- if gt (int $r.replicas) 0 }}
{{- $user := toString $r.user }}
{{- if not (regexMatch "^[a-z_][a-z0-9_]{0,62}$" $user) }}
{{- fail (printf "postgres: replication.user %q must be lower case letters, digits and '_'" $user) }}
{{- end }}
{{- if or (eq $user .Values.auth.superuser) (has $user (splitList "," (include "postgres.owners" .))) (eq $user (include "postgres.monitorUser" .)) }}
{{- fail (printf "postgres: replication.user %q is the superuser, a database owner or the monitoring role; give the replicas a role of their own" $user) }}
{{- end }}
{{- if gt (int $r.replicas) 8 }}
{{- fail (printf "postgres: replication.replicas %d is more than the primary's WAL senders allow (at most 8 of max_wal_senders 10)" (int $r.replicas)) }}
{{- end }}
{{- $user }}
{{- end }}
{{- end }}

{{/*
Name of the replicas' StatefulSet and their pods' app.kubernetes.io/name.
*/}}
{{- define "postgres.replica.fullname" -}}
{{- printf "%s-replica" (include "postgres.fullname" .) }}
{{- end }}

{{/*
Selector labels of the replicas (not the primary's: Service postgres and PgBouncer reach only the primary).
*/}}
{{- define "postgres.replica.selectorLabels" -}}
app.kubernetes.io/name: {{ include "postgres.replica.fullname" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Labels of the replica objects and pods.
*/}}
{{- define "postgres.replica.labels" -}}
{{- merge (fromYaml (include "postgres.replica.selectorLabels" .)) (dict "app.kubernetes.io/component" "database-replica") (include "postgres.labels" . | fromYaml) | toYaml }}
{{- end }}

{{/*
The PostgreSQL server container of the primary and the replicas: (dict "root" $ "env" <extra env entries>).
*/}}
{{- define "postgres.serverContainer" -}}
{{- $root := .root -}}
- name: postgres
  image: {{ include "postgres.image" (list $root $root.Values.image "image") | quote }}
  imagePullPolicy: {{ $root.Values.image.pullPolicy }}
  # The image's entrypoint runs postgres with these options (also for the first start's init scripts).
  args:
    - "-c"
    - "max_connections={{ int $root.Values.connections.max }}"
    - "-c"
    - "superuser_reserved_connections={{ int $root.Values.connections.superuserReserved }}"
  ports:
    - name: postgresql
      containerPort: 5432
      protocol: TCP
  env:
    - name: POSTGRES_USER
      value: {{ $root.Values.auth.superuser | quote }}
    - name: POSTGRES_PASSWORD
      valueFrom:
        secretKeyRef:
          name: {{ include "postgres.secretName" $root }}
          key: postgres-password
    {{- with .env }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  readinessProbe:
    exec:
      command: ["/bin/sh", "-c", "exec pg_isready -h 127.0.0.1 -p 5432 -U \"$POSTGRES_USER\" -d postgres"]
    initialDelaySeconds: 5
    periodSeconds: 10
    timeoutSeconds: 5
    failureThreshold: 3
  livenessProbe:
    exec:
      command: ["/bin/sh", "-c", "exec pg_isready -h /var/run/postgresql -p 5432 -U \"$POSTGRES_USER\" -d postgres"]
    initialDelaySeconds: 30
    periodSeconds: 15
    timeoutSeconds: 5
    failureThreshold: 6
  {{- with $root.Values.resources }}
  resources:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  securityContext:
    {{- include "postgres.containerSecurityContext" $root.Values.securityContext | nindent 4 }}
  volumeMounts:
    - name: postgres-storage
      mountPath: /var/lib/postgresql
    - name: run
      mountPath: /var/run/postgresql
    - name: tmp
      mountPath: /tmp
    - name: shm
      mountPath: /dev/shm
    - name: credentials
      mountPath: /etc/postgres/credentials
      readOnly: true
    - name: initdb
      mountPath: /docker-entrypoint-initdb.d
      readOnly: true
{{- end }}

{{/*
The volumes the server container mounts (besides its volume claim).
*/}}
{{- define "postgres.serverVolumes" -}}
- name: run
  emptyDir: {}
- name: tmp
  emptyDir: {}
- name: shm
  emptyDir:
    medium: Memory
    sizeLimit: {{ .Values.shmSize }}
- name: credentials
  secret:
    secretName: {{ include "postgres.secretName" . }}
    defaultMode: 0440
- name: initdb
  configMap:
    name: {{ include "postgres.fullname" . }}-initdb
{{- end }}

{{/*
Labels of a smoke test Pod and its NetworkPolicies, from (list $ name): the name is the Pod's own
app.kubernetes.io/name, which no Service selects.
*/}}
{{- define "postgres.smoke.labels" -}}
{{- $root := index . 0 }}
helm.sh/chart: {{ include "postgres.chart" $root }}
app.kubernetes.io/name: {{ index . 1 }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/version: {{ $root.Values.image.tag | toString | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/component: smoke-test
app.kubernetes.io/part-of: {{ index $root.Chart.Annotations "app.kubernetes.io/part-of" | default $root.Chart.Name }}
app.kubernetes.io/managed-by: {{ $root.Release.Service }}
{{- end }}
