#!/usr/bin/env bash
# Benchmark: 30-item feeds rendered on a cache miss from a store of 100,000 articles.
# Usage: src/bench/render.sh [articles] [h2|postgres] [samples]     (defaults: 100000 h2 5000)
# The JVM options are the README run command's (src/bench/java-opts.sh), without the CDS archive.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >/dev/null
JAVA_OPTS=${JAVA_OPTS:-"-XX:+UseSerialGC -Xms32m -Xmx256m"}
echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(uname -r), $(java -version 2>&1 | head -1); JAVA_OPTS=$JAVA_OPTS"
exec java $JAVA_OPTS -cp "target/classes:target/test-classes:$(cat target/bench-classpath.txt)" \
  uk.org.perusupportgroup.quipu.bench.RenderBenchmark "$@"
