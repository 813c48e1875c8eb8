#!/usr/bin/env bash
# Where neotool:lint's time goes on the full platform (helm/): Maven start, JVM start, helm lint, render,
# parse, schema validation, policy rules, platform verification. Figures are recorded in docs/lint.md. Not a timed test.
# Usage: benchmarks/lint.sh [runs]   (offline; needs the dependencies in ~/.m2)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"

./mvnw -o -q -pl neotool-maven-plugin test-compile
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
./mvnw -o -q -pl neotool-maven-plugin dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test
cp="neotool-maven-plugin/target/classes:neotool-maven-plugin/target/test-classes:$(cat "$cp_file")"

echo "== Maven start (./mvnw -o -q -pl helm validate, no plugin goal)"
start=$(date +%s%N); ./mvnw -o -q -pl helm validate; end=$(date +%s%N)
echo "maven validate: $(( (end - start) / 1000000 )) ms"

echo "== JVM start (java -version)"
start=$(date +%s%N); java -version >/dev/null 2>&1; end=$(date +%s%N)
echo "java -version: $(( (end - start) / 1000000 )) ms"

echo "== neotool:lint core on helm/, $runs runs in one JVM (first is cold)"
start=$(date +%s%N)
java -Dcom.marcnuri.jkube-helm.skipRemoteJar=true -cp "$cp" io.neotool.charts.verify.LintBenchmark helm "$runs" 2>/dev/null
end=$(date +%s%N)
echo "process wall time: $(( (end - start) / 1000000 )) ms"
