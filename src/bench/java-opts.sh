# The JVM options of the README's run command; the benchmarks use the same.
# -XX:SharedArchiveFile: the class-data sharing archive the build makes (target/quipu.jsa) halves start-up.
# -XX:+UseSerialGC -Xms32m -Xmx256m: a small service on two cores; a small young generation keeps idle memory low.
JAVA_OPTS_DEFAULT="-XX:SharedArchiveFile=target/quipu.jsa -Xlog:cds=off -Xlog:cds+dynamic=off -XX:+UseSerialGC -Xms32m -Xmx256m"
