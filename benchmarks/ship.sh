#!/usr/bin/env bash
# Benchmark of neotool:package + neotool:push for the whole platform against a local docker-registry.
# Usage: benchmarks/ship.sh [charts-dir] [runs]   (charts-dir: the directory holding neotool/, default ./helm)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
charts="$(cd "${1:-$root/helm}" && pwd)"
runs="${2:-10}"
cd "$root"
./mvnw -o -q -pl neotool-maven-plugin test -Dtest=ShipBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dneotool.benchmark=true -Dneotool.benchmark.charts="$charts" -Dneotool.benchmark.runs="$runs" \
  | sed -n '/^Ship benchmark/,$p'
