#!/usr/bin/env bash
# Side-by-side benchmark (targets in bench/README.md): bench/run.sh small|full  (or a comma-separated list of sizes).
# Builds the project (test classes included), generates the seeded data under target/bench-data/,
# runs every row beside its peer, and writes bench/results/<date>.json and .md. See bench/README.md.
set -euo pipefail
mode="${1:-small}"
cd "$(dirname "$0")/.."
# MAVEN_ARGS may add -o once the dependencies are downloaded; BENCH_OPTS may set
# -Dbench.rows=server,scoring,ingest,screening (which rows, in order) and -Dbench.rowTimeoutMinutes=N.
mvn -B -q ${MAVEN_ARGS:-} -DskipTests test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=test
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
exec java -Xmx1g -Dbench.commit="$commit" ${BENCH_OPTS:-} \
  -cp "target/classes:target/test-classes:$(cat target/bench-cp.txt)" \
  org.libertas.bench.SideBySide "$mode" bench/results target/bench-data
