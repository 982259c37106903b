#!/usr/bin/env bash
# Benchmarks of several instances on one PostgreSQL database (the several-instances issue's targets):
#   1. feed serving through nginx (config/nginx/quipu.conf, over TLS): two instances behind it serve at
#      least 0.9x what one instance behind the same nginx serves. Two nginx servers run side by side
#      with the same config, one with one instance upstream (the whole machine's event loops) and one
#      with two other instances (each with half of them, as README advises for instances sharing a
#      machine; SHARE=no gives them the default of one per core too); wrk alternates between them
#      (5 runs each, medians), for the full feed (200) and the conditional path (304).
#   2. alert delivery of 100,000 emails by three instances sharing the outbox, to a local SMTP server
#      that counts messages and Message-IDs: no duplicates, throughput recorded
#      (src/test/java/.../bench/ScaleOutBenchmark.java and SmtpSink.java).
# Needs: target/quipu.jar (mvn -B package -DskipTests), Debian's wrk, nginx-light and openssl.
# Usage: src/bench/scale-out.sh [feeds|sending|all] [runs] [duration] [messages] [instances]
#        (defaults: all 5 10s 100000 3)
set -euo pipefail
cd "$(dirname "$0")/../.."
part=${1:-all}
runs=${2:-5}
duration=${3:-10s}
messages=${4:-100000}
instances=${5:-3}
path=/feeds/all.atom
source src/bench/java-opts.sh
JAVA_OPTS=${JAVA_OPTS:-$JAVA_OPTS_DEFAULT}
export JAVA_OPTS
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >/dev/null
CP="target/classes:target/test-classes:$(cat target/bench-classpath.txt)"
MAIN=uk.org.perusupportgroup.quipu.bench.ScaleOutBenchmark
echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(uname -r), $(java -version 2>&1 | head -1), $(nginx -v 2>&1)"

feeds() {
  local work pg_port=15432 a_port=18091 b_port=18092 c_port=18093 one_port=18443 two_port=18444
  local half=$(( $(nproc) / 2 )); [ "$half" -ge 1 ] || half=1
  [ "${SHARE:-yes}" = yes ] || half=0
  work=$(mktemp -d /tmp/quipu-scale.XXXXXX)
  chmod 755 "$work"
  local pids=()
  cleanup() {
    for f in "$work"/nginx-*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; done
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
  }
  trap cleanup EXIT
  java -cp "$CP" $MAIN postgres $pg_port >"$work/pg.out" 2>"$work/pg.err" &
  pids+=($!)
  for _ in $(seq 300); do grep -q '^ready' "$work/pg.out" 2>/dev/null && break; sleep 0.1; done
  local url; url=$(sed -n 's/^ready //p' "$work/pg.out")
  [ -n "$url" ] || { cat "$work/pg.err"; exit 1; }
  for port in $a_port $b_port $c_port; do
    loops=0; [ "$port" = "$a_port" ] || loops=$half
    QUIPU_HTTP_PORT=$port QUIPU_HTTP_EVENT_LOOPS=$loops QUIPU_DATA_DIR="$work/data-$port" QUIPU_DB_URL="$url" QUIPU_HTTP_BEHIND_PROXY=true \
      QUIPU_PARTNERS_ENABLED=false QUIPU_BASE_URL=https://feeds.example.org \
      java $JAVA_OPTS -jar target/quipu.jar >"$work/quipu-$port.out" 2>"$work/quipu-$port.err" &
    pids+=($!)
    for _ in $(seq 300); do grep -q "Quipu listening" "$work/quipu-$port.out" 2>/dev/null && break; sleep 0.1; done
    grep -q "Quipu listening" "$work/quipu-$port.out" || { cat "$work/quipu-$port.err"; exit 1; }
  done
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" -days 2 \
    -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 2>/dev/null
  # the shipped site, with only its ports, upstream servers and certificate replaced (as in OperationsIT), and
  # without its access log (as measured before the log was added)
  site() {  # name https-port upstream-port...
    local name=$1 https=$2; shift 2
    local upstream=""
    for p in "$@"; do upstream+="    server 127.0.0.1:$p max_fails=3 fail_timeout=10s;\n"; done
    awk -v up="$upstream" '
      /^[[:space:]]*server 127\.0\.0\.1:[0-9]+ / { if (!done) { printf "%s", up; done = 1 } next }
      { print }' config/nginx/quipu.conf \
    | sed -e "s|upstream quipu {|upstream quipu_$name {|" -e "s|proxy_pass http://quipu;|proxy_pass http://quipu_$name;|" \
          -e "s|listen 80;|listen 127.0.0.1:$((https - 400));|" -e "s|listen 443 ssl http2;|listen 127.0.0.1:$https ssl http2;|" \
          -e "s|/etc/letsencrypt/live/feeds.perusupportgroup.org.uk/fullchain.pem|$work/cert.pem|" \
          -e "s|/etc/letsencrypt/live/feeds.perusupportgroup.org.uk/privkey.pem|$work/key.pem|" \
          -e "/access_log \/var\/log\/nginx\/quipu.access.log/d" >"$work/site-$name.conf"
    cat >"$work/nginx-$name.conf" <<NGINX
worker_processes auto;
pid $work/nginx-$name.pid;
error_log $work/nginx-$name-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/body-$name;
  proxy_temp_path $work/proxy-$name;
  include $work/site-$name.conf;
}
NGINX
    nginx -p "$work" -c "$work/nginx-$name.conf"
  }
  site one $one_port $a_port
  site two $two_port $b_port $c_port
  sleep 0.5
  local one="https://127.0.0.1:$one_port$path" two="https://127.0.0.1:$two_port$path"
  cmp <(curl -sfk "$one") <(curl -sfk "$two") || { echo "the two setups do not serve the same bytes"; exit 1; }
  local etag; etag=$(curl -sfkI "$one" | tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: //p')
  [ "$(curl -sk -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$two")" = 304 ]
  rps() {  # url [header]
    local out
    if [ $# -gt 1 ]; then out=$(wrk -t2 -c32 -d"$duration" -H "$2" "$1"); else out=$(wrk -t2 -c32 -d"$duration" "$1"); fi
    echo "$out" | grep -q "Non-2xx or 3xx" && { echo "$out" >&2; exit 1; }
    echo "$out" | awk '/Requests\/sec/ {print $2}'
  }
  median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
  # warm-up: JIT every instance on both paths
  for u in "$one" "$two"; do wrk -t2 -c32 -d5s "$u" >/dev/null; wrk -t2 -c32 -d5s -H "If-None-Match: $etag" "$u" >/dev/null; done
  : >"$work/o200"; : >"$work/t200"; : >"$work/o304"; : >"$work/t304"
  for _ in $(seq "$runs"); do
    rps "$one" >>"$work/o200"; rps "$two" >>"$work/t200"
    rps "$one" "If-None-Match: $etag" >>"$work/o304"; rps "$two" "If-None-Match: $etag" >>"$work/t304"
  done
  local size; size=$(curl -sfk "$one" | wc -c)
  echo "== 1. feed serving: $path, $size bytes, over TLS through nginx; wrk -t2 -c32 -d$duration, $runs runs each, alternated"
  echo "one instance: http.event-loops=0 (one per core); two instances: http.event-loops=$half each (0: one per core)"
  echo "runs 200 one instance: $(paste -sd' ' "$work/o200") | two: $(paste -sd' ' "$work/t200")"
  echo "runs 304 one instance: $(paste -sd' ' "$work/o304") | two: $(paste -sd' ' "$work/t304")"
  awk -v o="$(median <"$work/o200")" -v t="$(median <"$work/t200")" -v o3="$(median <"$work/o304")" -v t3="$(median <"$work/t304")" 'BEGIN {
    printf "| path | one instance req/s (median) | two instances req/s (median) | two / one |\n|---|---|---|---|\n"
    printf "| 200, full feed | %.0f | %.0f | %.2f |\n", o, t, t / o
    printf "| 304, If-None-Match | %.0f | %.0f | %.2f |\n", o3, t3, t3 / o3 }'
  cleanup
  trap - EXIT
}

sending() {
  echo "== 2. alert delivery: $messages messages, $instances instances sharing the outbox, the SMTP server in the benchmark's JVM"
  java -Xmx1g -cp "$CP" $MAIN sending "$instances" "$messages" 2>/dev/null | grep -v '^20..-'
}

case "$part" in
  feeds) feeds ;;
  sending) sending ;;
  all) feeds; sending ;;
  *) echo "usage: $0 [feeds|sending|all] [runs] [duration] [messages] [instances]"; exit 2 ;;
esac
