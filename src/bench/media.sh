#!/usr/bin/env bash
# Benchmark: a 12-megapixel photo (4000 x 3000 JPEG, drawn by the benchmark) checked and made into its clean copies
# (2400, 1600, 960, 480 wide): time per photo and peak heap.
# Then the largest photo the default media.max-pixels accepts (8660 x 5773, 50 megapixels), once, in the same heap.
# Usage: src/bench/media.sh [runs] [warm-up]     (defaults: 15 5)
# The JVM options are the README run command's heap and collector (src/bench/java-opts.sh), without the CDS archive.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >/dev/null
JAVA_OPTS=${JAVA_OPTS:-"-XX:+UseSerialGC -Xms32m -Xmx256m"}
echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(uname -r), $(java -version 2>&1 | head -1); JAVA_OPTS=$JAVA_OPTS"
CLASSPATH="target/classes:target/test-classes:$(cat target/bench-classpath.txt)"
# the photos are drawn first, by a JVM with room for a 50-megapixel drawing
java -Xmx1g -cp "$CLASSPATH" uk.org.perusupportgroup.quipu.bench.MediaBenchmark make target/bench-media
exec java $JAVA_OPTS -cp "$CLASSPATH" uk.org.perusupportgroup.quipu.bench.MediaBenchmark target/bench-media "$@"
