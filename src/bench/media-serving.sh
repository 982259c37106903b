#!/usr/bin/env bash
# Benchmark: a photo's copy served by Quipu from its file cache against the same bytes served by nginx from disk.
#   A 3000 x 2000 JPEG of 2.6 MB (drawn by the benchmark) is uploaded through POST /api/media; its 960-wide copy is fetched
#   once (which puts it in Quipu's cache) and written where nginx serves it, with the headers Quipu sends.
#   wrk -t1 -c32 -d10s on loopback, Quipu and nginx alternated, 5 runs each, medians compared,
#   for the full response (200) and for the conditional path (304 with If-None-Match).
#   A yardstick for the framework itself is measured too: plain Vert.x (src/bench/PlainVertx.java) answering every
#   request with the same bytes from outside the heap, no routing, no checks, alternated with nginx like Quipu.
# Needs: Debian's wrk and nginx (apt-get install wrk nginx-light); target/quipu.jar is built if absent.
# Usage: src/bench/media-serving.sh [runs] [duration] [width]      (defaults: 5 10s 960)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
duration=${2:-10s}
width=${3:-960}
work=$(mktemp -d /tmp/quipu-bench.XXXXXX)
chmod 755 "$work"   # nginx workers read the file as an unprivileged user
source src/bench/java-opts.sh
source src/bench/versus-nginx.sh
JAVA_OPTS=${JAVA_OPTS:-$JAVA_OPTS_DEFAULT}
[ -f target/quipu.jar ] || mvn -B -o -q -DskipTests package

free_port() {  # the first port from $1 on that nothing answers on
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}
quipu_port=$(free_port 18090)
nginx_port=$(free_port $((quipu_port + 1)))
plain_port=$(free_port $((nginx_port + 1)))

cleanup() {
  [ -n "${quipu_pid:-}" ] && kill "$quipu_pid" 2>/dev/null && wait "$quipu_pid" 2>/dev/null || true
  [ -n "${plain_pid:-}" ] && kill "$plain_pid" 2>/dev/null && wait "$plain_pid" 2>/dev/null || true
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# the photo: 6 megapixels, a gradient under grain and blotches, so that it and its copies compress like a camera's (2.6 MB)
cat >"$work/Photo.java" <<'JAVA'
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.stream.ImageOutputStream;

public class Photo {
    public static void main(String[] args) throws Exception {
        int w = 3000, h = 2000, cell = 6;   // grain on each pixel, blotches of 6 x 6: detail at every size
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(13);
        int cw = w / cell + 1;
        int[] cells = new int[cw * (h / cell + 1)];
        for (int i = 0; i < cells.length; i++) cells[i] = random.nextInt(41) - 20;
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int shade = cells[(y / cell) * cw + x / cell] + random.nextInt(33) - 16;
                int r = 60 + 140 * x / w + shade, g = 90 + 100 * y / h + shade, b = 160 - 80 * (x + y) / (w + h) + shade;
                row[x] = (clamp(r) << 16) | (clamp(g) << 8) | clamp(b);
            }
            image.setRGB(0, y, w, 1, row, 0, w);
        }
        var writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.92f);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(new File(args[0]))) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        }
    }

    static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
JAVA
java -Djava.awt.headless=true -Xmx512m "$work/Photo.java" "$work/photo.jpg"

QUIPU_HTTP_PORT=$quipu_port QUIPU_DATA_DIR="$work/data" java $JAVA_OPTS -jar target/quipu.jar >"$work/quipu.out" 2>"$work/quipu.err" &
quipu_pid=$!
for _ in $(seq 300); do grep -q "Quipu listening" "$work/quipu.out" 2>/dev/null && break; sleep 0.1; done
grep -q "Quipu listening" "$work/quipu.out" || { cat "$work/quipu.err"; exit 1; }

token=$(cat "$work/data/admin-token")
curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$quipu_port/api/media" -F "file=@$work/photo.jpg" \
  -F "alt=A benchmark photo: a gradient under fine grain" -F "credit=Quipu benchmark" >"$work/upload.json" \
  || { echo "the upload was refused"; cat "$work/quipu.out" "$work/quipu.err"; exit 1; }
path=$(sed -n 's|.*"url" : "[^"]*\(/media/[0-9a-f]*-'"$width"'\.jpg\)".*|\1|p' "$work/upload.json" | head -1)
[ -n "$path" ] || { echo "no $width-wide copy in the upload's answer:"; cat "$work/upload.json"; exit 1; }
name=${path#/media/}
mkdir -p "$work/www/media"
curl -sf "http://127.0.0.1:$quipu_port$path" -o "$work/www$path"   # the first read puts the file in the cache

# nginx: the same file from disk, with the headers Quipu sends (its own strong ETag, from the file's time and size)
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
  types { image/jpeg jpg; }
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/www;
    add_header Cache-Control "public, max-age=31536000, immutable";
    add_header X-Content-Type-Options nosniff;
    add_header Content-Security-Policy "default-src 'none'; sandbox";
    add_header Content-Disposition 'inline; filename="$name"';
  }
}
NGINX
nginx -c "$work/nginx.conf" -p "$work"
sleep 0.5
cmp <(curl -sf "http://127.0.0.1:$quipu_port$path") <(curl -sf "http://127.0.0.1:$nginx_port$path") \
  || { echo "nginx and Quipu do not serve the same bytes"; exit 1; }
curl -sf -D - -o /dev/null "http://127.0.0.1:$quipu_port$path" | tr -d '\r' >"$work/quipu.head"
curl -sf -D - -o /dev/null "http://127.0.0.1:$nginx_port$path" | tr -d '\r' >"$work/nginx.head"
grep -qi '^cache-control: public, max-age=31536000, immutable$' "$work/quipu.head" \
  || { echo "Quipu did not answer the file as immutable:"; cat "$work/quipu.head"; exit 1; }
quipu_etag=$(sed -n 's/^[Ee][Tt][Aa][Gg]: //p' "$work/quipu.head")
nginx_etag=$(sed -n 's/^[Ee][Tt][Aa][Gg]: //p' "$work/nginx.head")
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $quipu_etag" "http://127.0.0.1:$quipu_port$path")" = 304 ]
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $nginx_etag" "http://127.0.0.1:$nginx_port$path")" = 304 ]

# plain Vert.x: the same bytes, the same JVM options, nothing but the answer
java ${JAVA_OPTS//-XX:SharedArchiveFile=target\/quipu.jsa/} -cp target/quipu.jar src/bench/PlainVertx.java "$work/www$path" "$plain_port" \
  >"$work/plain.out" 2>&1 &
plain_pid=$!
for _ in $(seq 300); do grep -q listening "$work/plain.out" 2>/dev/null && break; sleep 0.1; done
cmp <(curl -sf "http://127.0.0.1:$plain_port$path") "$work/www$path" || { echo "plain Vert.x did not answer:"; cat "$work/plain.out"; exit 1; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
versus_nginx
wrk -t1 -c32 -d5s "http://127.0.0.1:$plain_port$path" >/dev/null
: >"$work/p200"; : >"$work/pn200"
for i in $(seq "$runs"); do
  rps "http://127.0.0.1:$plain_port$path" >>"$work/p200"
  rps "http://127.0.0.1:$nginx_port$path" >>"$work/pn200"
done
p200=$(median <"$work/p200"); pn200=$(median <"$work/pn200")
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

size=$(stat -c %s "$work/www$path")
echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(uname -r), $(java -version 2>&1 | head -1), $(nginx -v 2>&1)"
echo "load average (1, 5, 15 min) before the runs: $load_before; after: $load_after"
echo "photo: $(stat -c %s "$work/photo.jpg") bytes uploaded; served: $path, $size bytes; wrk -t1 -c32 -d$duration, $runs runs each, alternated; JAVA_OPTS=$JAVA_OPTS"
echo "headers Quipu: $(grep -v '^$' "$work/quipu.head" | paste -sd'|')"
echo "headers nginx: $(grep -v '^$' "$work/nginx.head" | paste -sd'|')"
print_versus_nginx "the $width-wide photo"
echo "runs 200 plain Vert.x: $(paste -sd' ' "$work/p200") | nginx: $(paste -sd' ' "$work/pn200")"
awk -v p="$p200" -v n="$pn200" 'BEGIN { printf "| 200, plain Vert.x (no routing, no checks; its own runs) | %.0f | %.0f | %.2f |\n", p, n, p / n }'
