#!/usr/bin/env bash
# Hardening finding 6, end to end: a kill -9 during a large upload's scoring, then a restart, timing
# /healthz (the port answers) and /readyz 200 (recovery done: the upload rescored and saved).
# usage: bench/crash-recovery.sh [ROWS]   (after `mvn -B -q package -DskipTests`; needs curl, bc, python3)
set -euo pipefail
ROWS=${1:-100000}
HERE=$(cd "$(dirname "$0")/.." && pwd)
JAR=${JAR:-$HERE/target/libertas.jar}
W=$(mktemp -d); D=$W/data; mkdir -p $D
KEY=lbt_crashtest_admin_key_0123456789abcdef
PORT=18089
B=http://127.0.0.1:$PORT
export LIBERTAS_DATA_DIR=$D LIBERTAS_ADMIN_KEY=$KEY LIBERTAS_HTTP_PORT=$PORT LIBERTAS_HTTP_HOST=127.0.0.1 LIBERTAS_RATE_LIMIT_PER_MINUTE=0
python3 - $ROWS > $W/s.csv <<'PY'
import sys
n=int(sys.argv[1]); cs=["PE","TH","MY","CN","DE","BR","IN","BD","VN","MX"]; se=["mining","fishing","textiles-garments","electronics","agriculture","logistics"]
print("supplier_id,name,country,sector")
for i in range(n): print(f"S{i},Supplier {i} Ltd,{cs[i%10]},{se[i%6]}")
PY
start() { java -Xmx4g -jar $JAR serve > $D/serve-$1.log 2>&1 & echo $!; }
wait_code() { until [ "$(curl -s -o /dev/null -w '%{http_code}' $B$1)" = "$2" ]; do sleep 0.2; done; }
P=$(start 1); wait_code /readyz 200
curl -s -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' -d '{"id":"big","name":"Big"}' $B/v1/tenants >/dev/null
AK=$(curl -s -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' -d '{"role":"auditor"}' $B/v1/tenants/big/keys | python3 -c 'import json,sys;print(json.load(sys.stdin)["key"])')
LOC=$(curl -s -D - -o /dev/null -H "Authorization: Bearer $AK" -H 'Content-Type: text/csv' --data-binary @$W/s.csv "$B/v1/uploads?kind=suppliers" | awk 'tolower($1)=="location:"{print $2}' | tr -d '\r')
T0=$(date +%s.%N)
while :; do st=$(curl -s -H "Authorization: Bearer $AK" $B$LOC | python3 -c 'import json,sys;print(json.load(sys.stdin)["status"])'); [ "$st" = scoring ] && break; [ "$st" = succeeded ] && { echo "finished before the kill"; break; }; [ "$st" = failed ] && { echo "upload failed"; curl -s -H "Authorization: Bearer $AK" $B$LOC | head -c 600; exit 1; }; sleep 0.5; done
sleep ${KILL_DELAY:-3}
echo "upload reached scoring after $(echo "$(date +%s.%N) - $T0" | bc) s; killing -9 during scoring"
kill -9 $P; sleep 1
R0=$(date +%s.%N); P=$(start 2)
wait_code /healthz 200; H=$(echo "$(date +%s.%N) - $R0" | bc)
wait_code /readyz 200; R=$(echo "$(date +%s.%N) - $R0" | bc)
echo "rows=$ROWS restart: /healthz 200 after ${H} s, /readyz 200 (recovery done) after ${R} s"
curl -s $B/readyz; echo
curl -s -H "Authorization: Bearer $AK" $B$LOC | head -c 300; echo
kill $P; wait $P 2>/dev/null || true
uptime
rm -rf "$W"
