#!/usr/bin/env bash
# Benchmark: start-up time to the "Quipu listening" line, and resident memory (VmRSS) after 10 s idle,
# with the README's run command (JVM options in src/bench/java-opts.sh) and the sample content.
# "first start" = empty data directory (creates the database, imports the 22 articles);
# "restart" = the same data directory again. Needs target/quipu.jar and target/quipu.jsa (mvn -B package).
# Usage: src/bench/startup.sh [runs]    (default 5)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
source src/bench/java-opts.sh
JAVA_OPTS=${JAVA_OPTS:-$JAVA_OPTS_DEFAULT}
work=$(mktemp -d /tmp/quipu-startup.XXXXXX)
trap 'rm -rf "$work"' EXIT

measure() {  # data-dir label
  QUIPU_HTTP_PORT=0 QUIPU_DATA_DIR="$1" java $JAVA_OPTS -jar target/quipu.jar >"$work/out" 2>"$work/err" &
  local pid=$! start end
  start=$(date +%s%N)
  until grep -q "Quipu listening" "$work/out" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/err"; exit 1; }
    sleep 0.005
  done
  end=$(date +%s%N)
  sleep 10
  local rss
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$2 $(( (end - start) / 1000000 )) $(( rss / 1024 ))"
}

: >"$work/results"
for i in $(seq "$runs"); do
  rm -rf "$work/data"
  measure "$work/data" first >>"$work/results"
  measure "$work/data" restart >>"$work/results"
done
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(uname -r), $(java -version 2>&1 | head -1)"
echo "JAVA_OPTS=$JAVA_OPTS; $runs runs each"
echo "| start | to 'Quipu listening', ms: median (runs) | idle RSS after 10 s, MiB: median (runs) |"
echo "|---|---|---|"
for kind in first restart; do
  ms=$(awk -v k=$kind '$1 == k {print $2}' "$work/results")
  mib=$(awk -v k=$kind '$1 == k {print $3}' "$work/results")
  echo "| $kind | $(echo "$ms" | median) ($(echo $ms)) | $(echo "$mib" | median) ($(echo $mib)) |"
done
