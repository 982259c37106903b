#!/usr/bin/env bash
# Benchmark: one instance under hostile clients (issue "Hold up against hostile clients"):
#   (a) distinct past-the-end, unknown-scope and bad-parameter feed URLs from one client for 20 s, then 1,000,000 of
#       them from as many client addresses, then distinct searches from one client for 20 s and 100,000 of them
#       from as many client addresses: heap after a full GC at most 32 MiB above the idle heap, and the cached
#       /feeds/all.atom served during the floods at least 0.7x its rate alone (same run);
#   (b) 1,000 alert emails queued during the search flood reach a local SMTP server in at most 1.5x the time they
#       take with no flood.
# The instance is the fat jar with the README's JVM options on an embedded PostgreSQL; wrk (Lua scripts in
# src/test/resources/bench/) sends the floods with 8 connections and measures the feed with 16; see
# src/test/java/.../bench/HostileBenchmark.java.
# Needs: target/quipu.jar (mvn -B package -DskipTests), Debian's wrk.
# Usage: src/bench/hostile.sh [urls] [searches] [mails]      (defaults: 1000000 100000 1000)
set -euo pipefail
cd "$(dirname "$0")/../.."
source src/bench/java-opts.sh
JAVA_OPTS=${JAVA_OPTS:-$JAVA_OPTS_DEFAULT}
export JAVA_OPTS
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >/dev/null
CP="target/classes:target/test-classes:$(cat target/bench-classpath.txt)"
echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(uname -r), $(java -version 2>&1 | head -1), $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
exec java -cp "$CP" uk.org.perusupportgroup.quipu.bench.HostileBenchmark "${1:-1000000}" "${2:-100000}" "${3:-1000}"
