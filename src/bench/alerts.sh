#!/usr/bin/env bash
# Benchmarks of alert matching (the alerts issue's targets):
#   1. 100,000 stored alert queries matched against one 800-word article: p50 <= 20 ms;
#   2. 1,000,000 stored queries: p50 <= 200 ms per article, heap <= 2 GiB (run with -Xmx2g);
#   3. sending to a local SMTP server (GreenMail in its own JVM): >= 200 messages/s, memory flat;
#   4. (issue 14) 100,000 alerts with no words (45 % one topic, 45 % one region, 10 % all news) among the 100,000
#      queries of 1.: the speed of 1. kept.
# Queries and articles come from the Zipf generator in src/test/java/.../alert/ZipfCorpus.java
# (50,000 distinct words; 1-3 words per query, 25 % with a phrase, 20 % OR, 10 % exclusion,
# 30 % with a topic or region filter).
# Usage: src/bench/alerts.sh [articles]     (default 200 articles per run; SUBSCRIBERS=10000 for sending)
set -euo pipefail
cd "$(dirname "$0")/../.."
ARTICLES=${1:-200}
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >/dev/null
CP="target/classes:target/test-classes:$(cat target/bench-classpath.txt)"
MAIN=uk.org.perusupportgroup.quipu.alert.AlertMatchingBenchmark
echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(uname -r), $(java -version 2>&1 | head -1)"
echo "== 1. 100,000 queries (target: p50 <= 20 ms per article)"
java -Xmx2g -cp "$CP" $MAIN 100000 "$ARTICLES"
echo "== 2. 1,000,000 queries (target: p50 <= 200 ms per article, heap <= 2 GiB: -Xmx2g)"
java -Xmx2g -cp "$CP" $MAIN 1000000 "$ARTICLES"
echo "== 4. 100,000 queries and 100,000 alerts with no words (target: the speed of 1. kept)"
java -Xmx2g -cp "$CP" $MAIN 100000 "$ARTICLES" 100000
echo "== 3. sending (target: >= 200 messages/s to a local SMTP server over pooled connections, memory flat)"
SMTP_PORT=${SMTP_PORT:-18025}
SENDING=uk.org.perusupportgroup.quipu.alert.AlertSendingBenchmark
java -Xmx1g -cp "$CP" $SENDING serve "$SMTP_PORT" > target/sending-smtp.log 2>&1 &
SMTP_PID=$!
trap 'kill $SMTP_PID 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q serving target/sending-smtp.log 2>/dev/null && break; sleep 0.1; done
for run in 1 2 3; do  # three runs against the same SMTP server; report the median
  echo "-- run $run"
  java -XX:+UseSerialGC -Xmx512m -cp "$CP" $SENDING send "$SMTP_PORT" "${SUBSCRIBERS:-10000}" 2>/dev/null | grep -v '^20..-'
done
