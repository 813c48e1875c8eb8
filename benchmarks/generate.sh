#!/usr/bin/env bash
# Benchmark of neotool:generate: in-process render + write for 5, 50 and 200 services, then whole
# Maven runs: a generate that changes nothing against Maven's own start (mvn validate).
# Usage: benchmarks/generate.sh [runs]   (run after ./mvnw install -DskipTests, so the plugin is installed)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-20}"
cd "$root"
./mvnw -o -q -pl neotool-maven-plugin test -Dtest=GenerateBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dneotool.benchmark=true -Dneotool.benchmark.runs="$runs" | sed -n '/^Generate benchmark/,/^$/p'

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(((e - s) / 1000000)); }
maven_runs=5
echo "Whole Maven runs ($maven_runs each, median ms), from the repository root:"
base=$(for _ in $(seq "$maven_runs"); do time_ms ./mvnw -o -q -N validate; done | median)
help=$(for _ in $(seq "$maven_runs"); do time_ms ./mvnw -o -q -N neotool:help; done | median)
gen=$(for _ in $(seq "$maven_runs"); do time_ms ./mvnw -o -q -N neotool:generate; done | median)
echo "  mvn validate (Maven start only)        ${base} ms"
echo "  mvn neotool:help (plus loading plugin) ${help} ms"
echo "  mvn neotool:generate (nothing changes) ${gen} ms"
