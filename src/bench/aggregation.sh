#!/usr/bin/env bash
# Benchmarks of partner aggregation (the three targets of the aggregation issue):
#   1. a full refresh cycle of 1,000 sources on distinct loopback addresses, all answering 304,
#      with the per-host politeness limits on;
#   2. ingest of changed feeds (parse, sanitise, tag, store) into the embedded database, items/s;
#   3. peak heap while polling 1,000 sources whose bodies are over the 15 MiB limit (-Xmx512m).
# Usage: src/bench/aggregation.sh [sources] [feeds] [items-per-feed]     (defaults: 1000 40 250)
# The fixture partner sites run in their own JVM on port 18090 of every loopback address.
set -euo pipefail
cd "$(dirname "$0")/../.."
SOURCES=${1:-1000}; FEEDS=${2:-40}; ITEMS=${3:-250}; PORT=${PORT:-18090}
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >/dev/null
CP="target/classes:target/test-classes:$(cat target/bench-classpath.txt)"
MAIN=uk.org.perusupportgroup.quipu.aggregate.AggregationBenchmark
JAVA_OPTS=${JAVA_OPTS:-"-XX:+UseSerialGC -Xms32m -Xmx512m"}
echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(uname -r), $(java -version 2>&1 | head -1); JAVA_OPTS=$JAVA_OPTS"
java -Xmx1g -cp "$CP" $MAIN serve "$PORT" > target/aggregation-fixture.log 2>&1 &
FIXTURE=$!
trap 'kill $FIXTURE 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q serving target/aggregation-fixture.log 2>/dev/null && break; sleep 0.1; done
echo "== 1. refresh cycle: $SOURCES sources, all 304 (target: <= 10 s)"
java $JAVA_OPTS -cp "$CP" $MAIN refresh "$PORT" "$SOURCES" 2>/dev/null | grep -v '^20..-'
echo "== 2. ingest: $FEEDS feeds of $ITEMS new items (target: >= 2,000 items/s)"
java $JAVA_OPTS -cp "$CP" $MAIN ingest "$FEEDS" "$ITEMS" excerpt 2>/dev/null | grep -v "^20..-"
echo "== 3. memory: $SOURCES sources with bodies over the 15 MiB limit (target: heap <= 512 MiB)"
java $JAVA_OPTS -cp "$CP" $MAIN memory "$PORT" "$SOURCES" 2>/dev/null | grep -v '^20..-'
