#!/usr/bin/env bash
# The main job side by side, in one run and interleaved: (a) Maven's floor (./mvnw -o -q validate), (b)
# ./mvnw -o -q neotool:package on this repository (the platform in helm/: lint, then package), (c) JKube's
# kubernetes-maven-plugin on a throwaway 5-chart project (k8s:resource k8s:helm k8s:helm-lint). Each run of each
# is timed; the medians, the ratios and the load average before and after are printed. The machine may be
# shared: rely on the ratios. Figures are recorded in docs/performance.md. Not a timed test.
#
# (b) is timed three times per round: after removing target/ (every check and every archive is redone, and Helm's
# native library is extracted again), right after that with nothing changed (the lint and the package set are reused
# when their inputs match, see docs/performance.md), and with the lint's records and the package set removed but
# Helm's library kept (what a change to the charts makes the next build redo).
#
# Usage: benchmarks/main-job.sh [runs]   (after ./mvnw install -DskipTests, so the plugin is installed; the first
# run needs the network once to fetch JKube, later runs are offline). Honours MAVEN_ARGS (e.g. -Dmaven.repo.local=...).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-5}"
jkube_version="${JKUBE_VERSION:-1.18.1}"
cd "$root"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The JKube project: an aggregator with five modules, each a Deployment + Service fragment, one chart each.
jkube="$work/jkube"
mkdir -p "$jkube"
modules=""
for i in 1 2 3 4 5; do
  modules="$modules<module>svc$i</module>"
  mkdir -p "$jkube/svc$i/src/main/jkube"
  cat >"$jkube/svc$i/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent><groupId>bench.jkube</groupId><artifactId>parent</artifactId><version>0.1.0</version></parent>
  <artifactId>svc$i</artifactId>
  <packaging>pom</packaging>
</project>
EOF
  cat >"$jkube/svc$i/src/main/jkube/deployment.yml" <<EOF
spec:
  replicas: 2
  template:
    spec:
      securityContext:
        runAsNonRoot: true
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: svc$i
          image: ghcr.io/bench/svc$i:1.0.0
          ports:
            - containerPort: 8080
              name: http
          resources:
            requests: {cpu: 100m, memory: 256Mi}
            limits: {cpu: 500m, memory: 512Mi}
          readinessProbe:
            httpGet: {path: /health, port: http}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: {drop: [ALL]}
EOF
  cat >"$jkube/svc$i/src/main/jkube/service.yml" <<EOF
spec:
  ports:
    - name: http
      port: 80
      targetPort: 8080
EOF
done
cat >"$jkube/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>bench.jkube</groupId>
  <artifactId>parent</artifactId>
  <version>0.1.0</version>
  <packaging>pom</packaging>
  <modules>$modules</modules>
  <properties>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
    <jkube.generator.skip>true</jkube.generator.skip>
  </properties>
  <build>
    <plugins>
      <plugin>
        <groupId>org.eclipse.jkube</groupId>
        <artifactId>kubernetes-maven-plugin</artifactId>
        <version>$jkube_version</version>
      </plugin>
    </plugins>
  </build>
</project>
EOF

# The same JVM options as this repository's Maven runs (.mvn/jvm.config), so that JKube is measured like for like.
jvm_options=""
if [ -f "$root/.mvn/jvm.config" ]; then
  mkdir -p "$jkube/.mvn"
  cp "$root/.mvn/jvm.config" "$jkube/.mvn/jvm.config"
  jvm_options="$(tr -s '\r\n' ' ' <"$root/.mvn/jvm.config")"
fi

mvnw="$root/mvnw"
jkube_modules=svc1,svc2,svc3,svc4,svc5   # the aggregator has no chart of its own
jkube_goals=(org.eclipse.jkube:kubernetes-maven-plugin:"$jkube_version":resource
             org.eclipse.jkube:kubernetes-maven-plugin:"$jkube_version":helm
             org.eclipse.jkube:kubernetes-maven-plugin:"$jkube_version":helm-lint)
floor() { "$mvnw" -o -q validate; }
neotool() { "$mvnw" -o -q neotool:package; }
jkube() { (cd "$jkube" && "$mvnw" -o -q -pl "$jkube_modules" "${jkube_goals[@]}"); }

# Once, untimed: JKube fetched (online if need be) and working, the plugin installed, caches warm.
(cd "$jkube" && "$mvnw" -q -pl "$jkube_modules" "${jkube_goals[@]}") >"$work/jkube-first.log" 2>&1 \
  || { echo "JKube's first run failed:"; tail -40 "$work/jkube-first.log"; exit 1; }
ls "$jkube"/svc*/target/jkube/helm/svc*/kubernetes/*.tar.gz >/dev/null \
  || { echo "JKube wrote no chart archives"; exit 1; }
neotool >"$work/neotool-first.log" 2>&1 || { echo "neotool:package failed:"; tail -40 "$work/neotool-first.log"; exit 1; }
floor

# What a change to the charts makes the next run redo: every record of a lint and the package set go, Helm's native
# library (kept in target/neotool/helm-java across builds) stays.
forget_results() {
  find "$root/target" -mindepth 1 -maxdepth 1 ! -name neotool -exec rm -rf {} +
  find "$root/target/neotool" -mindepth 1 -maxdepth 1 ! -name helm-java -exec rm -rf {} +
}

# One timed run: "<wall ms> <cpu ms>", CPU being user + system time of the whole process tree (less disturbed by a
# busy machine than wall time; the work run side by side on several threads counts in full).
time_run() {
  local t
  t=$( { TIMEFORMAT='%3R %3U %3S'; time "$@" >"$work/last.log" 2>&1; } 2>&1 ) || { cat "$work/last.log"; exit 1; }
  awk '{printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000}' <<<"$t"
}
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

declare -A wall cpu
load_before="$(load)"
for r in $(seq "$runs"); do
  line="round $r:"
  for job in floor clean_neotool neotool redo_neotool jkube; do
    [ "$job" = clean_neotool ] && rm -rf "$root/target"
    [ "$job" = redo_neotool ] && forget_results
    job_command="${job#clean_}"
    time_run "${job_command#redo_}" >"$work/times"
    read -r w c <"$work/times"
    wall[$job]="${wall[$job]:-} $w"
    cpu[$job]="${cpu[$job]:-} $c"
    line="$line $job ${w} ms (cpu ${c} ms),"
  done
  echo "$line load $(load)"
done
load_after="$(load)"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
row() { # label job
  local w c
  w=$(echo "${wall[$2]}" | median); c=$(echo "${cpu[$2]}" | median)
  printf '  %-58s %6d ms  cpu %6d ms' "$1" "$w" "$c"
  if [ "$2" != floor ] && [ "$2" != jkube ]; then
    printf '   = %s x floor, %s x JKube' "$(ratio "$w" "$fw")" "$(ratio "$w" "$jw")"
  fi
  echo
}
fw=$(echo "${wall[floor]}" | median); jw=$(echo "${wall[jkube]}" | median)
echo
echo "Main job, $runs interleaved runs each, medians ($(nproc) cores, JKube $jkube_version, JVM options of all three:"
echo "${jvm_options:-none} (.mvn/jvm.config),"
echo "load average $load_before before, $load_after after):"
row "(a) Maven floor: ./mvnw -o -q validate" floor
row "(b) ./mvnw -o -q neotool:package, after rm -rf target" clean_neotool
row "    ./mvnw -o -q neotool:package, nothing changed" neotool
row "    ./mvnw -o -q neotool:package, results gone, library kept" redo_neotool
row "(c) JKube, 5 charts: k8s:resource k8s:helm k8s:helm-lint" jkube
echo "  targets: <= 2 x floor = $((2 * fw)) ms, <= 0.45 x JKube = $(awk -v j="$jw" 'BEGIN {printf "%d", 0.45 * j}') ms"
