# Quipu against nginx serving the same bytes, the same way for every benchmark that compares them (sourced by
# feed-serving.sh and media-serving.sh): the same wrk settings, warm-up, runs alternated, medians.
# Needs: $work, $duration, $runs, $quipu_port, $nginx_port, $path (served by both), $quipu_etag, $nginx_etag.

rps() {  # url [header]
  if [ $# -gt 1 ]; then out=$(wrk -t1 -c32 -d"$duration" -H "$2" "$1"); else out=$(wrk -t1 -c32 -d"$duration" "$1"); fi
  echo "$out" | grep -q "Non-2xx or 3xx" && { echo "$out" >&2; exit 1; }
  echo "$out" | awk '/Requests\/sec/ {print $2}'
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# Warms both servers' 200 and 304 paths, then measures them alternately $runs times; sets q200 n200 q304 n304 (medians,
# the runs in $work/q200 … $work/n304).
versus_nginx() {
  # warm-up: JIT both paths of both servers
  wrk -t1 -c32 -d5s "http://127.0.0.1:$quipu_port$path" >/dev/null
  wrk -t1 -c32 -d5s -H "If-None-Match: $quipu_etag" "http://127.0.0.1:$quipu_port$path" >/dev/null
  wrk -t1 -c32 -d2s "http://127.0.0.1:$nginx_port$path" >/dev/null
  : >"$work/q200"; : >"$work/n200"; : >"$work/q304"; : >"$work/n304"
  for i in $(seq "$runs"); do
    rps "http://127.0.0.1:$quipu_port$path" >>"$work/q200"
    rps "http://127.0.0.1:$nginx_port$path" >>"$work/n200"
    rps "http://127.0.0.1:$quipu_port$path" "If-None-Match: $quipu_etag" >>"$work/q304"
    rps "http://127.0.0.1:$nginx_port$path" "If-None-Match: $nginx_etag" >>"$work/n304"
  done
  q200=$(median <"$work/q200"); n200=$(median <"$work/n200"); q304=$(median <"$work/q304"); n304=$(median <"$work/n304")
}

# The runs and the table of medians; $1 names what the 200 row served.
print_versus_nginx() {
  echo "runs 200 Quipu: $(paste -sd' ' "$work/q200") | nginx: $(paste -sd' ' "$work/n200")"
  echo "runs 304 Quipu: $(paste -sd' ' "$work/q304") | nginx: $(paste -sd' ' "$work/n304")"
  awk -v q="$q200" -v n="$n200" -v q3="$q304" -v n3="$n304" -v what="$1" 'BEGIN {
    printf "| path | Quipu req/s (median) | nginx req/s (median) | Quipu / nginx |\n|---|---|---|---|\n"
    printf "| 200, %s | %.0f | %.0f | %.2f |\n", what, q, n, q / n
    printf "| 304, If-None-Match | %.0f | %.0f | %.2f |\n", q3, n3, q3 / n3 }'
}
