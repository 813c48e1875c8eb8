{{/*
Name of the PgBouncer resources; the services expect pgbouncer.<namespace>.svc.cluster.local.
*/}}
{{- define "postgres.pgbouncer.fullname" -}}
pgbouncer
{{- end }}

{{/* PgBouncer's Secret: its pgbouncer.ini and, unless auth.existingSecret, its userlist.txt. */}}
{{- define "postgres.pgbouncer.configSecret" -}}
{{- printf "%s-config" (include "postgres.pgbouncer.fullname" .) }}
{{- end }}

{{/*
Secret with postgres-password and <owner>-password: auth.existingSecret, else the generated one.
*/}}
{{- define "postgres.secretName" -}}
{{- .Values.auth.existingSecret | default (include "lib.fullname" .) }}
{{- end }}

{{/*
Why PostgreSQL refuses .name as a role's (.kind "role") or a database's (.kind "database") name, or "". The spec
refuses these names too; this is for values set at install time.
*/}}
{{- define "postgres.reservedName" -}}
{{- if eq .kind "database" }}
{{- if has .name (list "postgres" "template0" "template1") }}
{{- printf "%q is one of PostgreSQL's own databases (the superuser's and the exporter's connection, or a template every new database is copied from); name the database after its service" .name }}
{{- end }}
{{- else if hasPrefix "pg_" .name }}
{{- printf "%q starts with pg_, which PostgreSQL keeps for its own roles (CREATE ROLE and initdb refuse it); rename it" .name }}
{{- else if has .name (list "public" "none" "current_user" "current_role" "session_user") }}
{{- printf "%q stands for a role in SQL and is no role's name (CREATE ROLE refuses it); rename it" .name }}
{{- end }}
{{- end }}

{{/*
The owners of .Values.databases, sorted and unique; fails on a name SQL or pgbouncer.ini would need to quote, and on
a database, owner or superuser name PostgreSQL keeps for itself.
*/}}
{{- define "postgres.owners" -}}
{{- with include "postgres.reservedName" (dict "kind" "role" "name" (toString .Values.auth.superuser)) }}
{{- fail (printf "postgres: auth.superuser %s" .) }}
{{- end }}
{{- $owners := list }}
{{- range $db := keys (.Values.databases | default dict) | sortAlpha }}
{{- $owner := (get $.Values.databases $db).owner | default "" }}
{{- if not (regexMatch "^[a-z_][a-z0-9_]{0,62}$" $db) }}
{{- fail (printf "postgres: databases.%s: database names are lower case letters, digits and '_'" $db) }}
{{- end }}
{{- if not (regexMatch "^[a-z_][a-z0-9_]{0,62}$" $owner) }}
{{- fail (printf "postgres: databases.%s.owner %q must be lower case letters, digits and '_'" $db $owner) }}
{{- end }}
{{- with include "postgres.reservedName" (dict "kind" "database" "name" $db) }}
{{- fail (printf "postgres: databases.%s: %s" $db .) }}
{{- end }}
{{- with include "postgres.reservedName" (dict "kind" "role" "name" $owner) }}
{{- fail (printf "postgres: databases.%s.owner %s" $db .) }}
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
{{- with include "postgres.reservedName" (dict "kind" "role" "name" $user) }}
{{- fail (printf "postgres: monitoring.user %s" .) }}
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
{{- $ns := include "lib.namespace" . }}
{{- if .Values.pgbouncer.enabled }}
{{- printf "%s.%s.svc.cluster.local:%d" (include "postgres.pgbouncer.fullname" .) $ns (int .Values.pgbouncer.port) }}
{{- else }}
{{- printf "%s.%s.svc.cluster.local:5432" (include "lib.fullname" .) $ns }}
{{- end }}
{{- end }}

{{/*
Fails on an image before PostgreSQL 18 (the spec refuses it too; this is for --set at install time): the chart
mounts the volume at /var/lib/postgresql, and earlier images keep their data in a volume of their own below it.
*/}}
{{- define "postgres.checkImage" -}}
{{- $major := regexFind "^[0-9]+" (toString .Values.image.tag) }}
{{- if and $major (le (len $major) 2) (lt (atoi $major) 18) }}
{{- fail (printf "postgres: image.tag %s is PostgreSQL %s; the chart keeps the data where PostgreSQL 18 and later images keep it (/var/lib/postgresql/<major>/docker), and an earlier image would keep it off the volume: use an image of 18 or later" (toString .Values.image.tag) $major) }}
{{- end }}
{{- end }}

{{/*
PostgreSQL's connection budget: every PgBouncer pod opens up to min(defaultPoolSize + reservePoolSize,
maxDbConnections) server connections per database, on the replicas and the surge pod of a rolling update (maxSurge 1
in pgbouncer-deployment.yaml: the old pods keep their server connections until they have stopped), plus the exporter,
admin sessions and the superuser's reserved slots. Fails when connections.max does not cover it (values set at install bypass the spec's check). Without
PgBouncer the umbrella, which sees the services' values, calls it again with (dict "Values" <postgres values>
"servicePools" <the services' pools at their most pods> "servicePoolParts" <each service's share>).
*/}}
{{- define "postgres.checkConnections" -}}
{{- $c := .Values.connections }}
{{- $direct := int ((get . "servicePools") | default 0) }}
{{- $pgb := .Values.pgbouncer }}
{{- $pools := 0 }}
{{- $mostPods := add (int $pgb.replicas) 1 }}
{{- if $pgb.enabled }}
{{- $perDb := add (int $pgb.defaultPoolSize) (int $pgb.reservePoolSize) }}
{{- if gt (int $pgb.maxDbConnections) 0 }}
{{- $perDb = min $perDb (int $pgb.maxDbConnections) }}
{{- end }}
{{- $pools = mul (len (keys (.Values.databases | default dict))) $perDb $mostPods }}
{{- end }}
{{- $monitoring := ternary (int $c.monitoring) 0 (eq (toString (.Values.monitoring).enabled) "true") }}
{{- $budget := add $pools $direct $monitoring (int $c.admin) (int $c.superuserReserved) }}
{{- if lt (int $c.max) (int $budget) }}
{{- $opened := ternary (printf "the services' pools %d at their most pods (pods with a rolling update's surge x database.maxPoolSize: %s), no PgBouncer" $direct (get . "servicePoolParts")) (printf "PgBouncer pools %d (%d pods at their most: %d replicas and a rolling update's surge pod)" $pools $mostPods (int $pgb.replicas)) (gt $direct 0) }}
{{- fail (printf "postgres: connections.max %d does not cover the connection budget %d (%s + monitoring %d + admin %d + superuserReserved %d); raise connections.max or make the pools smaller" (int $c.max) (int $budget) $opened (int $monitoring) (int $c.admin) (int $c.superuserReserved)) }}
{{- end }}
{{- end }}

{{/*
Recommended labels of the PostgreSQL objects.
*/}}
{{- define "postgres.labels" -}}
{{- include "lib.labels" (dict "ctx" . "component" "database") }}
{{- end }}

{{/*
Selector labels of PgBouncer.
*/}}
{{- define "postgres.pgbouncer.selectorLabels" -}}
{{- include "lib.selectorLabels" (dict "ctx" . "name" (include "postgres.pgbouncer.fullname" .)) }}
{{- end }}

{{/*
Recommended labels of the PgBouncer objects.
*/}}
{{- define "postgres.pgbouncer.labels" -}}
{{- include "lib.labels" (dict "ctx" . "name" (include "postgres.pgbouncer.fullname" .) "component" "connection-pooler" "version" .Values.pgbouncer.image.tag) }}
{{- end }}

{{/*
Name of the backup CronJob, its ServiceAccount, ConfigMap and pods' app.kubernetes.io/name.
*/}}
{{- define "postgres.backup.fullname" -}}
{{- printf "%s-backup" (include "lib.fullname" .) }}
{{- end }}

{{/*
Labels of the backup objects and pods: PostgreSQL's, with their own name (the Services must not select them).
*/}}
{{- define "postgres.backup.labels" -}}
{{- include "lib.labels" (dict "ctx" . "name" (include "postgres.backup.fullname" .) "component" "backup") }}
{{- end }}

{{/*
Name of the Job that creates the databases and roles (with the revision after it), and its pods'
app.kubernetes.io/name.
*/}}
{{- define "postgres.databases.fullname" -}}
{{- printf "%s-databases" (include "lib.fullname" .) }}
{{- end }}

{{/*
The psql command that creates the roles and databases (databases.psql, idempotent) with their passwords as psql
variables, which psql reads from the credentials Secret's files in /etc/postgres/credentials: run by 10-databases.sh on the
first start (through the server's socket) and by the Job postgres-databases (through PGHOST), as POSTGRES_USER.
*/}}
{{- define "postgres.databasesPsql" -}}
{{- $owners := splitList "," (include "postgres.owners" .) | compact }}
{{- $monitor := include "postgres.monitorUser" . }}
{{- $replication := include "postgres.replicationUser" . }}
{{- $roles := concat $owners (compact (list $monitor $replication)) -}}
# A missing or empty password file would set that role's password to nothing: stop instead.
for role in {{ join " " $roles }}; do
  if [ ! -s "/etc/postgres/credentials/${role}-password" ]; then
    echo "postgres: the credentials Secret has no ${role}-password (or it is empty); add it, then run this again" >&2
    exit 1
  fi
done
# The passwords become psql variables inside psql (\set from the files), never arguments on its command line (ps, /proc).
# shellcheck disable=SC2016 # the backquotes are psql's: psql runs cat, the shell passes them on as text
{
{{- range $role := $roles }}
  printf '%s\n' '\set pw_{{ $role }} `cat /etc/postgres/credentials/{{ $role }}-password`'
{{- end }}
  cat /docker-entrypoint-initdb.d/databases.psql
# search_path pg_catalog alone, on every connection (\connect too), over any the databases set: the SQL runs as the
# superuser in databases their owners write to, where a function of public (format(text, text)) would otherwise be
# chosen over the built-in it shadows and run as the superuser.
} | PGOPTIONS='-c search_path=pg_catalog' psql -v ON_ERROR_STOP=1 --no-psqlrc --username "$POSTGRES_USER" --dbname postgres -f -
{{- end }}

{{/*
The roles' passwords (JSON, role to password; none with auth.existingSecret): read back from the credentials Secret on
an upgrade, or on an install over the Secret an earlier release kept (lib.readsBack), generated for the others.
Generated once per render: the first call keeps them in the chart's values (Helm hands every template of a chart the
same values), so secret.yaml and PgBouncer's checksum of it, rendered apart, see the same passwords. Without that, an install's checksum hashed other passwords than the Secret holds, and
the first upgrade, reading the real ones back, replaced PgBouncer's pods.
*/}}
{{- define "postgres.passwords" -}}
{{- if not (hasKey .Values "_renderedPasswords") }}
{{- $passwords := dict }}
{{- if not .Values.auth.existingSecret }}
{{- include "lib.noGeneratedUnderGitops" (dict "ctx" . "what" "PostgreSQL's passwords" "key" "auth.existingSecret") }}
{{- $ns := include "lib.namespace" . }}
{{- $existing := dict }}
{{- if include "lib.readsBack" . }}
{{- $existing = get (lookup "v1" "Secret" $ns (include "lib.fullname" .) | default dict) "data" | default dict }}
{{- end }}
{{- $owners := splitList "," (include "postgres.owners" .) | compact }}
{{- range $key := concat (list "postgres") $owners (compact (list (include "postgres.monitorUser" .) (include "postgres.replicationUser" .))) | uniq }}
{{- $name := printf "%s-password" $key }}
{{- if hasKey $existing $name }}
{{- $_ := set $passwords $key (get $existing $name | b64dec) }}
{{- else }}
{{- $_ := set $passwords $key (randAlphaNum 32) }}
{{- end }}
{{- end }}
{{- end }}
{{- $_ := set .Values "_renderedPasswords" $passwords }}
{{- end }}
{{- toJson .Values._renderedPasswords }}
{{- end }}

{{/*
The role of replication.user, with or without replicas ("" when unset): the first start's pg_hba.conf admits it, so
that replicas added by a later upgrade can connect. Fails on a name SQL would need to quote, the superuser, a
database owner or the monitoring role.
*/}}
{{- define "postgres.replicationRole" -}}
{{- $user := toString ((.Values.replication | default dict).user | default "") }}
{{- if $user }}
{{- if not (regexMatch "^[a-z_][a-z0-9_]{0,62}$" $user) }}
{{- fail (printf "postgres: replication.user %q must be lower case letters, digits and '_'" $user) }}
{{- end }}
{{- with include "postgres.reservedName" (dict "kind" "role" "name" $user) }}
{{- fail (printf "postgres: replication.user %s" .) }}
{{- end }}
{{- if or (eq $user .Values.auth.superuser) (has $user (splitList "," (include "postgres.owners" .))) (eq $user (include "postgres.monitorUser" .)) }}
{{- fail (printf "postgres: replication.user %q is the superuser, a database owner or the monitoring role; give the replicas a role of their own" $user) }}
{{- end }}
{{- $user }}
{{- end }}
{{- end }}

{{/*
The replication role when there are replicas, or "" with none.
*/}}
{{- define "postgres.replicationUser" -}}
{{- $r := .Values.replication | default dict }}
{{- if gt (int $r.replicas) 0 }}
{{- $user := include "postgres.replicationRole" . }}
{{- if not $user }}
{{- fail "postgres: set replication.user, the role the replicas connect as" }}
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
{{- printf "%s-replica" (include "lib.fullname" .) }}
{{- end }}

{{/*
Selector labels of the replicas (not the primary's: Service postgres and PgBouncer reach only the primary).
*/}}
{{- define "postgres.replica.selectorLabels" -}}
{{- include "lib.selectorLabels" (dict "ctx" . "name" (include "postgres.replica.fullname" .)) }}
{{- end }}

{{/*
Labels of the replica objects and pods.
*/}}
{{- define "postgres.replica.labels" -}}
{{- include "lib.labels" (dict "ctx" . "name" (include "postgres.replica.fullname" .) "component" "database-replica") }}
{{- end }}

{{/*
The start of every init script of the server's pods (postgres.initContainer): $data is PGDATA, $volume the data
volume's mount (DATA_VOLUME), and a volume that holds another major version's cluster stops the pod. The images keep
their data in <volume>/<major>/docker (18 and later) or <volume>/data (17 and earlier), so a new major version finds
PGDATA empty with the old cluster beside it, and its entrypoint would initialise an empty cluster there, which the
services, the replicas and the backups would then carry on with.
*/}}
{{- define "postgres.dataCheck" -}}
set -eu
data=${PGDATA:?set PGDATA}
volume=${DATA_VOLUME:?set DATA_VOLUME}
if [ ! -s "$data/PG_VERSION" ]; then
  for found in "$volume"/*/docker/PG_VERSION "$volume"/data/PG_VERSION; do
    if [ -s "$found" ]; then
      echo "postgres: $(dirname "$found") holds a PostgreSQL $(cat "$found") cluster, and this image (PostgreSQL ${PG_MAJOR:-of another version}) would start an empty one in $data beside it: go back to the PostgreSQL $(cat "$found") image, or move the data to the new version first (docs/data.md, \"A new major version\")" >&2
      exit 1
    fi
  done
fi
{{- end }}

{{/*
An init container of the server's pods, with the server's image, resources, security context and volume: (dict
"root" $ "name" <name> "script" <shell lines run after postgres.dataCheck> "env" <env entries>).
*/}}
{{- define "postgres.initContainer" -}}
{{- $root := .root -}}
- name: {{ .name }}
  image: {{ include "lib.image" (dict "ctx" $root) | quote }}
  imagePullPolicy: {{ $root.Values.image.pullPolicy }}
  command:
    - /bin/sh
    - -c
  args:
    - |
      {{- include "postgres.dataCheck" $root | nindent 6 }}
      {{- with .script }}
      {{- . | nindent 6 }}
      {{- end }}
  env:
    - name: DATA_VOLUME
      value: /var/lib/postgresql
    {{- with .env }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  {{- with $root.Values.resources }}
  resources:
    {{- include "lib.resources" . | nindent 4 }}
  {{- end }}
  {{- include "lib.containerSecurityContext" (dict "ctx" $root "securityContext" $root.Values.securityContext) | nindent 2 }}
  volumeMounts:
    - name: postgres-storage
      mountPath: /var/lib/postgresql
    {{- include "lib.tmpMount" . | nindent 4 }}
{{- end }}

{{/*
The replicas' clone (their init container, after postgres.dataCheck): on an empty volume, pg_basebackup of the
primary into a side directory moved into PGDATA only when complete, with standby.signal and primary_conninfo. A volume
that holds a copy of another cluster than the primary's (the primary's volume made anew: a restore into a fresh
install, whose replicas' claims were kept) stops the pod: it could never follow, and it may hold data the new primary
lacks, so it is not cloned over. The check waits for the primary as the clone does (both StatefulSets start together
on a fresh install); a primary not ready within 5 minutes leaves the volume started unchecked.
*/}}
{{- define "postgres.cloneScript" -}}
# the primary ready within PRIMARY_WAIT_SECONDS (5 minutes unless the environment says otherwise): 0, else 1
wait_seconds=${PRIMARY_WAIT_SECONDS:-300}
primary_ready() {
  waited=0
  until pg_isready -q -h "$PRIMARY_HOST" -p "$PRIMARY_PORT"; do
    if [ "$waited" -ge "$wait_seconds" ]; then
      return 1
    fi
    sleep 5
    waited=$((waited + 5))
  done
}
if [ -s "$data/PG_VERSION" ]; then
  if ! primary_ready; then
    echo "replica: $data holds a cluster; the primary $PRIMARY_HOST:$PRIMARY_PORT is not ready after ${wait_seconds}s, so it starts as it is, unchecked"
    exit 0
  fi
  ours=$(pg_controldata "$data" 2>/dev/null | sed -n 's/^Database system identifier: *//p')
  theirs=$(psql "host=$PRIMARY_HOST port=$PRIMARY_PORT user=$REPLICATION_USER replication=true connect_timeout=10" \
    -XAtc IDENTIFY_SYSTEM 2>/dev/null | cut -d'|' -f1) || theirs=""
  if [ -n "$ours" ] && [ -n "$theirs" ] && [ "$ours" != "$theirs" ]; then
    echo "replica: $data holds a copy of another cluster (system identifier $ours) than the primary's ($theirs), which was made anew: it can never follow it. It may hold data the primary lacks: see docs/data.md, \"The primary's volume made anew\", then delete this replica's claim and pod to clone the primary again" >&2
    exit 1
  fi
  echo "replica: $data holds a cluster; starting it as it is"
  exit 0
fi
if [ -d "$data" ] && [ -n "$(ls -A "$data")" ]; then
  echo "replica: $data holds files but no cluster (no PG_VERSION); move them away or delete the volume" >&2
  exit 1
fi
clone="$data.clone"
rm -rf "$clone"
mkdir -p "$(dirname "$data")"
if ! primary_ready; then
  echo "replica: the primary $PRIMARY_HOST:$PRIMARY_PORT is not ready after ${wait_seconds}s" >&2
  exit 1
fi
echo "replica: cloning $PRIMARY_HOST:$PRIMARY_PORT with pg_basebackup as $REPLICATION_USER"
pg_basebackup --pgdata="$clone" --host="$PRIMARY_HOST" --port="$PRIMARY_PORT" \
  --username="$REPLICATION_USER" --no-password --wal-method=stream --checkpoint=fast
touch "$clone/standby.signal"
printf "primary_conninfo = 'host=%s port=%s user=%s application_name=%s'\n" \
  "$PRIMARY_HOST" "$PRIMARY_PORT" "$REPLICATION_USER" "$POD_NAME" >> "$clone/postgresql.auto.conf"
rmdir "$data" 2>/dev/null || true
mv "$clone" "$data"
echo "replica: cloned; starting as a standby of $PRIMARY_HOST"
{{- end }}

{{/*
The settings of .Values.parameters as JSON (name -> value as a string); fails on a name that is no setting's, one made
from connections, one the chart's Services, probes, volume or replication depend on, or a value not on one line. The
spec refuses these too; this is for values set at install time.
*/}}
{{- define "postgres.parameters" -}}
{{- $parameters := dict }}
{{- range $name, $value := .Values.parameters | default dict }}
{{- $value = toString $value }}
{{- if not (regexMatch "^[a-z][a-z0-9_]*([.][a-z][a-z0-9_]*)?$" $name) }}
{{- fail (printf "postgres: parameters.%s is not a PostgreSQL setting's name: lower case letters, digits and '_' (e.g. work_mem), or an extension's setting (pg_stat_statements.track)" $name) }}
{{- end }}
{{- with get (dict "max_connections" "connections.max" "superuser_reserved_connections" "connections.superuserReserved") $name }}
{{- fail (printf "postgres: parameters.%s is made from postgres.%s, which the connection budget checks: set that instead" $name .) }}
{{- end }}
{{- if has $name (list "listen_addresses" "port" "unix_socket_directories" "data_directory" "config_file" "hba_file" "ident_file" "external_pid_file" "wal_level" "max_wal_senders" "hot_standby" "primary_conninfo" "primary_slot_name" "password_encryption" "reserved_connections") }}
{{- fail (printf "postgres: parameters.%s is one the chart depends on as the image sets it (its Services, probes, volume, replication, SCRAM logins or connection budget); remove it" $name) }}
{{- end }}
{{- if or (not (trim $value)) (regexMatch "[\\x00-\\x1f\\x7f]" $value) }}
{{- fail (printf "postgres: parameters.%s: give the setting a value on one line (e.g. work_mem: \"16MB\")" $name) }}
{{- end }}
{{- $_ := set $parameters $name $value }}
{{- end }}
{{- toJson $parameters }}
{{- end }}

{{/*
The PostgreSQL server container of the primary and the replicas: (dict "root" $ "env" <extra env entries> "primary"
<bool>). Only the primary gets the superuser's password and the credentials Secret and init scripts: the image's
entrypoint reads them on an empty volume alone, and a replica's volume is the clone's (a replica's one password is
its replication role's, in "env").
*/}}
{{- define "postgres.serverContainer" -}}
{{- $root := .root -}}
- name: postgres
  image: {{ include "lib.image" (dict "ctx" $root) | quote }}
  imagePullPolicy: {{ $root.Values.image.pullPolicy }}
  # The image's entrypoint runs postgres with these options (also for the first start's init scripts).
  {{- $parameters := include "postgres.parameters" $root | fromJson }}
  args:
    - "-c"
    - "max_connections={{ int $root.Values.connections.max }}"
    - "-c"
    - "superuser_reserved_connections={{ int $root.Values.connections.superuserReserved }}"
    {{- with $root.Values.resources.limits.memory }}
    {{- $mib := include "lib.mebibytes" (dict "ctx" $root "value" . "what" "resources.limits.memory" "fix" "write it as e.g. 2Gi") | float64 | int }}
    {{- /* its memory follows the container's limit: a quarter for its buffer pool, three quarters as what the planner
    may count on being cached (its own defaults, 128MB and 4GB, know nothing of the limit), unless parameters say */}}
    {{- if not (hasKey $parameters "shared_buffers") }}
    - "-c"
    - "shared_buffers={{ div $mib 4 }}MB"
    {{- end }}
    {{- if not (hasKey $parameters "effective_cache_size") }}
    - "-c"
    - "effective_cache_size={{ div (mul $mib 3) 4 }}MB"
    {{- end }}
    {{- end }}
    {{- range $name := keys $parameters | sortAlpha }}
    - "-c"
    - {{ printf "%s=%s" $name (get $parameters $name) | quote }}
    {{- end }}
  ports:
    - name: postgresql
      containerPort: 5432
      protocol: TCP
  env:
    - name: POSTGRES_USER
      value: {{ $root.Values.auth.superuser | quote }}
    {{- if .primary }}
    - name: POSTGRES_PASSWORD
      valueFrom:
        secretKeyRef:
          name: {{ include "postgres.secretName" $root }}
          key: postgres-password
    {{- end }}
    {{- with .env }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  readinessProbe:
    exec:
      {{- if .primary }}
      command: ["/bin/sh", "-c", "exec pg_isready -h 127.0.0.1 -p 5432 -U \"$POSTGRES_USER\" -d postgres"]
      {{- else }}
      {{- /* a standby whose WAL receiver has stopped (its primary no longer holds the WAL it needs, a changed
      replication password) still accepts read-only connections, serving ever older data: ready only while it streams */}}
      command: ["/bin/sh", "-c", "pg_isready -q -h 127.0.0.1 -p 5432 -U \"$POSTGRES_USER\" -d postgres && [ \"$(psql -XAtq -h /var/run/postgresql -p 5432 -U \"$POSTGRES_USER\" -d postgres -c \"SELECT pg_catalog.count(*) FROM pg_catalog.pg_stat_wal_receiver WHERE status = 'streaming'\")\" = 1 ]"]
      {{- end }}
    initialDelaySeconds: 5
    periodSeconds: 10
    timeoutSeconds: 5
    failureThreshold: 3
  {{- /* crash recovery (WAL replay after a node loss or an OOM kill) and a standby catching up refuse connections
  for as long as they take: the startup probe gives them startupMinutes before liveness may restart the server, which
  would start the replay over. Both ask the local socket. */}}
  {{- $socketReady := list "/bin/sh" "-c" "exec pg_isready -h /var/run/postgresql -p 5432 -U \"$POSTGRES_USER\" -d postgres" | toJson }}
  startupProbe:
    exec:
      command: {{ $socketReady }}
    periodSeconds: 10
    timeoutSeconds: 5
    failureThreshold: {{ mul (int $root.Values.startupMinutes) 6 }}
  {{- /* alive while the server answers, accepting connections (0) or refusing them (1): a server that restarts its
  processes in place after one of them crashed (restart_after_crash) replays WAL without a new container, where the
  startup probe does not run again */}}
  livenessProbe:
    exec:
      command: ["/bin/sh", "-c", "pg_isready -q -h /var/run/postgresql -p 5432 -U \"$POSTGRES_USER\" -d postgres; [ $? -le 1 ]"]
    periodSeconds: 15
    timeoutSeconds: 5
    failureThreshold: 6
  {{- with $root.Values.resources }}
  resources:
    {{- include "lib.resources" . | nindent 4 }}
  {{- end }}
  {{- include "lib.containerSecurityContext" (dict "ctx" $root "securityContext" $root.Values.securityContext) | nindent 2 }}
  volumeMounts:
    - name: postgres-storage
      mountPath: /var/lib/postgresql
    - name: run
      mountPath: /var/run/postgresql
    {{- include "lib.tmpMount" . | nindent 4 }}
    - name: shm
      mountPath: /dev/shm
    {{- if .primary }}
    {{- include "postgres.databasesMounts" . | nindent 4 }}
    {{- end }}
{{- end }}

{{/*
What postgres.databasesPsql reads: the credentials Secret's files and the initdb ConfigMap, as mounts and volumes
(the primary's server and the Job postgres-databases).
*/}}
{{- define "postgres.databasesMounts" -}}
- name: credentials
  mountPath: /etc/postgres/credentials
  readOnly: true
- name: initdb
  mountPath: /docker-entrypoint-initdb.d
  readOnly: true
{{- end }}

{{- define "postgres.databasesVolumes" -}}
- name: credentials
  secret:
    secretName: {{ include "postgres.secretName" . }}
    defaultMode: 0440
- name: initdb
  configMap:
    name: {{ include "lib.fullname" . }}-initdb
{{- end }}

{{/*
A PostgreSQL client's connection to the primary through its Service, as the superuser: PGHOST, PGPORT, PGUSER and
PGPASSWORD (from the credentials Secret) env entries.
*/}}
{{- define "postgres.superuserEnv" -}}
- name: PGHOST
  value: {{ printf "%s.%s.svc.cluster.local" (include "lib.fullname" .) (include "lib.namespace" .) | quote }}
- name: PGPORT
  value: "5432"
- name: PGUSER
  value: {{ .Values.auth.superuser | quote }}
- name: PGPASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "postgres.secretName" . }}
      key: postgres-password
{{- end }}

{{/*
The volumes the server container mounts (besides its volume claim), from (dict "root" $ "primary" <bool>).
*/}}
{{- define "postgres.serverVolumes" -}}
{{- $root := .root -}}
- name: run
  emptyDir: {}
{{- include "lib.tmpVolume" $root | nindent 0 }}
- name: shm
  emptyDir:
    medium: Memory
    sizeLimit: {{ $root.Values.shmSize }}
{{- if .primary }}
{{- include "postgres.databasesVolumes" $root | nindent 0 }}
{{- end }}
{{- end }}

{{/*
Labels of a smoke test Pod and its NetworkPolicies, from (list $ name): the name is the Pod's own
app.kubernetes.io/name, which no Service selects.
*/}}
{{- define "postgres.smoke.labels" -}}
{{- include "lib.labels" (dict "ctx" (index . 0) "name" (index . 1) "component" "smoke-test") }}
{{- end }}
