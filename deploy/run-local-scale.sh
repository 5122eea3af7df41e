#!/usr/bin/env bash
# Two Libertas instances sharing one PostgreSQL and one Fuseki, on this machine, without Docker:
# Fuseki from the local Maven repository (the test-scoped jena-fuseki-main), Libertas from the
# shaded jar. See docs/deployment.md.
#
#   deploy/run-local-scale.sh start   # build if needed, start Fuseki :3030, Libertas :8081 and :8082
#   deploy/run-local-scale.sh stop    # stop what start started (by the pids it recorded)
#
# Needs: Java 17, Maven (dependencies downloaded once), and a PostgreSQL server reachable at
# LIBERTAS_PG_URL (default postgresql://postgres@127.0.0.1:5432/libertas_scale, created if missing
# with createdb when psql can reach the server).
set -euo pipefail
cd "$(dirname "$0")/.."
RUN=${RUN_DIR:-/tmp/libertas-scale}
PG_URL=${LIBERTAS_PG_URL:-postgresql://postgres@127.0.0.1:5432/libertas_scale}
ADMIN=${LIBERTAS_ADMIN_KEY:-scale-admin-key-0123456789abcdef}
FUSEKI_PORT=${FUSEKI_PORT:-3030}
PORTS=(${LIBERTAS_PORTS:-8081 8082})

wait_for() { # url, what, pid
  for _ in $(seq 1 300); do
    if curl -fsS -o /dev/null "$1"; then return 0; fi
    if ! kill -0 "$3" 2>/dev/null; then break; fi
    sleep 1
  done
  echo "$2 did not come up; logs in $RUN" >&2
  exit 1
}

start() {
  mkdir -p "$RUN"
  if [ ! -f target/libertas.jar ]; then
    mvn -B -q -o package -DskipTests
  fi
  mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$RUN/classpath.txt" >/dev/null
  db=${PG_URL##*/}
  server=${PG_URL%/*}
  if command -v psql >/dev/null && ! psql "$server/postgres" -tAc "select 1 from pg_database where datname = '$db'" | grep -q 1; then
    psql "$server/postgres" -c "create database $db" >/dev/null
  fi
  # Fuseki: a persistent TDB2 dataset /libertas with query, update and Graph Store endpoints.
  # Fuseki's command line sets up Log4j2, which is not on Libertas' class path (Logback is): the
  # property tells it logging is configured elsewhere.
  mkdir -p "$RUN/fuseki-tdb2"
  java -Xmx1g -Dlog4j2.configurationFile=external -Dlogback.configurationFile=src/main/resources/logback.xml -cp "$(cat "$RUN/classpath.txt")" \
    org.apache.jena.fuseki.main.cmds.FusekiMainCmd \
    --port="$FUSEKI_PORT" --tdb2 --loc="$RUN/fuseki-tdb2" --update /libertas \
    >"$RUN/fuseki.log" 2>&1 &
  echo $! >"$RUN/fuseki.pid"
  wait_for "http://127.0.0.1:$FUSEKI_PORT/libertas/query?query=ASK%7B%7D" Fuseki "$(cat "$RUN/fuseki.pid")"
  for port in "${PORTS[@]}"; do
    LIBERTAS_HTTP_PORT=$port LIBERTAS_HTTP_HOST=127.0.0.1 \
    LIBERTAS_DATA_DIR="$RUN/libertas-$port" LIBERTAS_PG_URL="$PG_URL" LIBERTAS_ADMIN_KEY="$ADMIN" \
    LIBERTAS_SPARQL_QUERY_URL="http://127.0.0.1:$FUSEKI_PORT/libertas/query" \
    LIBERTAS_SPARQL_UPDATE_URL="http://127.0.0.1:$FUSEKI_PORT/libertas/update" \
      java -Xmx1g -jar target/libertas.jar serve >"$RUN/libertas-$port.log" 2>&1 &
    echo $! >"$RUN/libertas-$port.pid"
    # One at a time: the first start publishes the ontology, the second finds it.
    wait_for "http://127.0.0.1:$port/readyz" "Libertas on $port" "$(cat "$RUN/libertas-$port.pid")"
  done
  echo "Fuseki http://127.0.0.1:$FUSEKI_PORT/libertas; Libertas on ${PORTS[*]}; admin key $ADMIN; logs in $RUN"
}

stop() {
  for f in "$RUN"/libertas-*.pid "$RUN"/fuseki.pid; do
    [ -f "$f" ] || continue
    kill "$(cat "$f")" 2>/dev/null || true
    rm -f "$f"
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
