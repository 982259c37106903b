#!/usr/bin/env bash
# Benchmark: a cached feed served by Quipu against the same bytes served by nginx as a static file.
#   wrk -t1 -c32 -d10s on loopback, Quipu and nginx alternated, 5 runs each, medians compared,
#   for the full response (200) and for the conditional path (304 with If-None-Match).
# Then the cost of counting readers (issue 15): a second Quipu with reach.counting false, alternated with the first
#   (counting on, the default), both asked with a browser's User-Agent, the same runs; medians compared (target: on ≥ 0.95× off).
# Needs: target/quipu.jar (mvn -B package -DskipTests), Debian's wrk and nginx (apt-get install wrk nginx-light).
# Usage: src/bench/feed-serving.sh [runs] [duration]      (defaults: 5 10s)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
duration=${2:-10s}
path=/feeds/all.atom
work=$(mktemp -d /tmp/quipu-bench.XXXXXX)
chmod 755 "$work"   # nginx workers read the file as an unprivileged user
quipu_port=18080
nginx_port=18081
off_port=18082
source src/bench/java-opts.sh
source src/bench/versus-nginx.sh
JAVA_OPTS=${JAVA_OPTS:-$JAVA_OPTS_DEFAULT}

cleanup() {
  [ -n "${quipu_pid:-}" ] && kill "$quipu_pid" 2>/dev/null && wait "$quipu_pid" 2>/dev/null || true
  [ -n "${off_pid:-}" ] && kill "$off_pid" 2>/dev/null && wait "$off_pid" 2>/dev/null || true
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

QUIPU_HTTP_PORT=$quipu_port QUIPU_DATA_DIR="$work/data" java $JAVA_OPTS -jar target/quipu.jar >"$work/quipu.out" 2>"$work/quipu.err" &
quipu_pid=$!
for _ in $(seq 100); do grep -q "Quipu listening" "$work/quipu.out" 2>/dev/null && break; sleep 0.1; done
grep -q "Quipu listening" "$work/quipu.out" || { cat "$work/quipu.err"; exit 1; }
QUIPU_HTTP_PORT=$off_port QUIPU_DATA_DIR="$work/data-off" QUIPU_REACH_COUNTING=false java $JAVA_OPTS -jar target/quipu.jar \
  >"$work/off.out" 2>"$work/off.err" &
off_pid=$!
for _ in $(seq 100); do grep -q "Quipu listening" "$work/off.out" 2>/dev/null && break; sleep 0.1; done
grep -q "Quipu listening" "$work/off.out" || { cat "$work/off.err"; exit 1; }

mkdir -p "$work/www/feeds"
curl -sf "http://127.0.0.1:$quipu_port$path" -o "$work/www$path"
cat >"$work/nginx.conf" <<NGINX
daemon on;
pid $work/nginx.pid;
worker_processes 2;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  types { application/atom+xml atom; }
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/www;
    add_header Cache-Control "public, max-age=300";
  }
}
NGINX
nginx -c "$work/nginx.conf" -p "$work"
sleep 0.5
cmp <(curl -sf "http://127.0.0.1:$quipu_port$path") <(curl -sf "http://127.0.0.1:$nginx_port$path") \
  || { echo "nginx and Quipu do not serve the same bytes"; exit 1; }
quipu_etag=$(curl -sfI "http://127.0.0.1:$quipu_port$path" | tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: //p')
nginx_etag=$(curl -sfI "http://127.0.0.1:$nginx_port$path" | tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: //p')
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $quipu_etag" "http://127.0.0.1:$quipu_port$path")" = 304 ]
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $nginx_etag" "http://127.0.0.1:$nginx_port$path")" = 304 ]

versus_nginx

size=$(stat -c %s "$work/www$path")
echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(uname -r), $(java -version 2>&1 | head -1), $(nginx -v 2>&1)"
echo "feed: $path, $size bytes; wrk -t1 -c32 -d$duration, $runs runs each, alternated; JAVA_OPTS=$JAVA_OPTS"
print_versus_nginx "full feed"

# counting on (the first Quipu) against off (the second), alternated, with a browser's User-Agent
browser="User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
kill -STOP "$(cat "$work/nginx.pid")" 2>/dev/null || true   # nginx idles; only the two Quipus run
off_etag=$(curl -sfI "http://127.0.0.1:$off_port$path" | tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: //p')
rps2() {  # url header [header]
  if [ $# -gt 2 ]; then out=$(wrk -t1 -c32 -d"$duration" -H "$2" -H "$3" "$1"); else out=$(wrk -t1 -c32 -d"$duration" -H "$2" "$1"); fi
  echo "$out" | grep -q "Non-2xx or 3xx" && { echo "$out" >&2; exit 1; }
  echo "$out" | awk '/Requests\/sec/ {print $2}'
}
wrk -t1 -c32 -d5s -H "$browser" "http://127.0.0.1:$off_port$path" >/dev/null
wrk -t1 -c32 -d5s -H "$browser" -H "If-None-Match: $off_etag" "http://127.0.0.1:$off_port$path" >/dev/null
: >"$work/on200"; : >"$work/off200"; : >"$work/on304"; : >"$work/off304"
for i in $(seq "$runs"); do
  rps2 "http://127.0.0.1:$quipu_port$path" "$browser" >>"$work/on200"
  rps2 "http://127.0.0.1:$off_port$path" "$browser" >>"$work/off200"
  rps2 "http://127.0.0.1:$quipu_port$path" "$browser" "If-None-Match: $quipu_etag" >>"$work/on304"
  rps2 "http://127.0.0.1:$off_port$path" "$browser" "If-None-Match: $off_etag" >>"$work/off304"
done
kill -CONT "$(cat "$work/nginx.pid")" 2>/dev/null || true
on200=$(median <"$work/on200"); off200=$(median <"$work/off200"); on304=$(median <"$work/on304"); off304=$(median <"$work/off304")
# the counting server did count (its counters move each reach.write-every, 60 s)
echo "counted by the first Quipu: $(curl -sf "http://127.0.0.1:$quipu_port/metrics" | grep "^quipu_reach_feed_200_total{feed=\"$path\"" || echo none yet)"
echo "runs 200 counting on: $(paste -sd' ' "$work/on200") | off: $(paste -sd' ' "$work/off200")"
echo "runs 304 counting on: $(paste -sd' ' "$work/on304") | off: $(paste -sd' ' "$work/off304")"
awk -v a="$on200" -v b="$off200" -v c="$on304" -v d="$off304" 'BEGIN {
  printf "| path | counting on req/s (median) | counting off req/s (median) | on / off |\n|---|---|---|---|\n"
  printf "| 200, full feed | %.0f | %.0f | %.3f |\n", a, b, a / b
  printf "| 304, If-None-Match | %.0f | %.0f | %.3f |\n", c, d, c / d }'
