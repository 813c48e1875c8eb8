#!/usr/bin/env bash
# How generate + lint and the generated files grow with the number of services: the platform spec with 5, 50 and
# 200 services (the extra ones written by this script into a temporary directory, never into the repository), each
# generated into a fresh directory and linted, several runs in one JVM (medians), with the machine's load average.
# Figures are recorded in docs/generate.md ("Scaling with services"). Not a timed test.
# Usage: benchmarks/scale.sh [runs] [repeats] [service counts]   (offline; needs the dependencies in the local Maven
# repository). runs: generate + lint rounds per platform in one JVM (default 3); repeats: separate JVMs (default 2);
# service counts: default "5 50 200", smallest first. SCALE_JAVA_OPTS: extra JVM options, e.g. a Java Flight Recording:
# SCALE_JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/scale.jfr,settings=profile" benchmarks/scale.sh 2 1 200
# SCALE_KEEP=<dir>: the specs and generated platforms go to <dir> (created if absent) and are kept there, e.g. for
# benchmarks/helm-render; by default they go to a temporary directory removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
repeats="${2:-2}"
counts="${3:-5 50 200}"

if [ -n "${SCALE_KEEP:-}" ]; then
  work="$SCALE_KEEP"
  mkdir -p "$work"
else
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
fi

./mvnw -B -o -q -pl neotool-maven-plugin test-compile
./mvnw -B -o -q -pl neotool-maven-plugin dependency:build-classpath -Dmdep.outputFile="$work/classpath" \
  -Dmdep.includeScope=test
cp="neotool-maven-plugin/target/classes:neotool-maven-plugin/target/test-classes:$(cat "$work/classpath")"

# The platform spec with its own services and (n - those) more, each with an image and an env variable, on enough
# nodes for all of them (lint's capacity report would fail otherwise).
spec() {
  local n="$1" own extra file="$work/spec-$1.yaml"
  own=$(awk '/^services:/ {on=1; next} on && /^[^ #]/ {exit} on && /^  [a-z][a-z0-9-]*:/ {c++} END {print c}' \
    charts-src/neotool.yaml)
  extra=$((n - own))
  awk -v extra="$extra" -v nodes=$((3 + n / 4)) '
    /^  nodes: [0-9]+$/ { print "  nodes: " nodes; next }
    /^    cluster: \{nodes: [0-9]+\}$/ { print "    cluster: {nodes: " nodes "}"; next }
    { print }
    /^services:/ {
      for (i = 1; i <= extra; i++) {
        printf "  svc-%d:\n    image: {repository: neotool-svc-%d, tag: \"1.0.%d\"}\n", i, i, i
        printf "    env: {FEATURE_X: \"on\"}\n"
      }
    }' charts-src/neotool.yaml >"$file"
  echo "$n=$file"
}

specs=()
for n in $counts; do specs+=("$(spec "$n")"); done
echo "neotool:generate + neotool:lint by number of services ($runs runs per JVM after a warm-up, medians; $(nproc) cores)"
for r in $(seq "$repeats"); do
  echo "== JVM $r of $repeats, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  # shellcheck disable=SC2086 # SCALE_JAVA_OPTS holds several options
  java ${SCALE_JAVA_OPTS:-} -Dcom.marcnuri.jkube-helm.skipRemoteJar=true -cp "$cp" io.neotool.charts.verify.ScaleBenchmark \
    charts-src/templates "$work" "$runs" "${specs[@]}" 2>/dev/null
done
