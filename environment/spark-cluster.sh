#!/usr/bin/env bash
# A Spark standalone cluster from the Spark module's jars alone (no Spark download), for sweeps on
# Spark (`gan sweep FILE --spark spark://HOST:PORT`):
#
#   environment/spark-cluster.sh start [--workers N] [--cores C] [--memory M] [--port P] [--dir DIR]
#        a master and N workers on this machine, in the background; prints the master URL and waits
#        until all workers have registered. Defaults: 2 workers of 1 core and 2g each, port 7077,
#        DIR spark/target/cluster (pid files master.pid, worker-K.pid; logs; the workers' folders)
#   environment/spark-cluster.sh stop [--dir DIR]       ends them (SIGTERM, then SIGKILL)
#   environment/spark-cluster.sh status [--dir DIR]     the master's view: alive workers, cores, apps
#   environment/spark-cluster.sh master [--port P] [--announce FILE]   a master in the foreground (a
#        container's command); --announce writes its URL into FILE (a folder the others share)
#   environment/spark-cluster.sh worker URL [--cores C] [--memory M]   a worker in the foreground
#   environment/spark-cluster.sh sweep URL FILE [gan sweep options]    `gan sweep FILE --spark URL ...`
#        with SPARK_LOCAL_IP set to this host's address (a container's, in the compose profile)
# URL may be @FILE: the URL a master announced there, once that master answers (waits up to 2 min),
# which is how the compose profile's containers find the master without a DNS name for it.
#
# The master is Spark's org.apache.spark.deploy.master.Master, a worker its ...deploy.worker.Worker,
# run from spark/target/dependency/ (setup.sh --steps=spark builds it). A worker starts its executors
# from SPARK_HOME/jars, so SPARK_HOME is a small folder (spark/target/spark-home) whose jars/ is that
# folder, with the RELEASE file Spark looks for; SPARK_SCALA_VERSION=2.13 saves it from looking for a
# source build. The master's web UI is on port P+1003 (8080 for 7077); workers' on random ports.
# SPARK_LOCAL_IP is the address each binds and tells the others: default 127.0.0.1 for start, this
# host's first address (hostname -i) for master, worker and sweep, which in containers is the one the
# other containers reach. SPARK_WORKER_OPTS adds -D settings to a worker (its GPUs: see
# environment/spark-gpus.sh). Every worker must see the sweep's --out folder and the workbench at the
# same path as the driver (true here, and in the compose profile `spark`, where they share the image
# and a volume).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

SPARK_DEPS="$REPO/spark/target/dependency"
cmd=${1:-}; [[ -n $cmd ]] && shift || true
[[ $cmd == -h || $cmd == --help ]] && { print_help; exit 0; }
host_address() { hostname -i 2>/dev/null | awk '{print $1}'; }
# the master URL of URL, or of @FILE once the master announced there answers on its port
master_url() {
  local arg=$1 u hostport
  [[ $arg == @* ]] || { echo "$arg"; return; }
  for _ in $(seq 120); do
    u=$(cat "${arg#@}" 2>/dev/null || true)
    hostport=${u#spark://}
    if [[ $u == spark://*:* ]] && (exec 3<>"/dev/tcp/${hostport%:*}/${hostport##*:}") 2>/dev/null; then
      echo "$u"; return
    fi
    sleep 1
  done
  echo "spark-cluster.sh: no master answered at the URL announced in ${arg#@} ('${u:-}') within 2 minutes" >&2
  exit 1
}
if [[ $cmd == sweep ]]; then
  (($# >= 2)) || { echo "spark-cluster.sh sweep: expected the master URL and the sweep file" >&2; exit 2; }
  url=$(master_url "$1") file=$2; shift 2
  export SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-$(host_address)}
  # the name the driver gives the executors to call back: its address, not a container name they cannot resolve
  export SPARK_LOCAL_HOSTNAME=${SPARK_LOCAL_HOSTNAME:-$SPARK_LOCAL_IP}
  exec "$REPO/environment/gan" sweep "$file" --spark "$url" "$@"
fi
announce=""
workers=2 cores=1 memory=2g port=7077 dir="$REPO/spark/target/cluster" url=""
while (($#)); do
  case $1 in
    --workers) workers=$2; shift 2 ;;
    --cores) cores=$2; shift 2 ;;
    --memory) memory=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --announce) announce=$2; shift 2 ;;
    -h|--help) print_help; exit 0 ;;
    spark://*|@*) url=$1; shift ;;
    *) echo "spark-cluster.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
for n in "$workers" "$cores" "$port"; do
  [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "spark-cluster.sh: '$n' is not a positive whole number (--workers, --cores, --port)" >&2; exit 2; }
done

need_module() {
  [[ -d $SPARK_DEPS ]] || { echo "spark-cluster.sh: the Spark module is not built ($SPARK_DEPS is missing): run environment/setup.sh --steps=spark" >&2; exit 2; }
  export SPARK_HOME="$REPO/spark/target/spark-home" SPARK_SCALA_VERSION=2.13
  mkdir -p "$SPARK_HOME"
  [[ -e $SPARK_HOME/jars ]] || ln -s ../dependency "$SPARK_HOME/jars"
  [[ -f $SPARK_HOME/RELEASE ]] || echo "Spark from the workbench's spark/target/dependency (Maven Central)" > "$SPARK_HOME/RELEASE"
}

# java with Spark's module options (org.apache.spark.launcher.JavaModuleOptions) on Spark's jars
spark_java() {
  exec java -Xmx512m -XX:+IgnoreUnrecognizedVMOptions \
    --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED \
    --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
    --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED \
    -Dio.netty.tryReflectionSetAccessible=true -cp "$SPARK_DEPS/*" "$@"
}

master_json() { curl -fsS "http://${SPARK_LOCAL_IP}:$((port + 1003))/json/" 2>/dev/null; }

case $cmd in
  master)
    need_module
    export SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-$(host_address)}
    if [[ -n $announce ]]; then
      mkdir -p "$(dirname "$announce")"
      echo "spark://$SPARK_LOCAL_IP:$port" > "$announce.tmp" && mv "$announce.tmp" "$announce"
    fi
    spark_java org.apache.spark.deploy.master.Master --host "$SPARK_LOCAL_IP" --port "$port" --webui-port $((port + 1003)) ;;
  worker)
    need_module
    [[ -n $url ]] || { echo "spark-cluster.sh worker: the master URL (spark://HOST:PORT or @FILE) is missing" >&2; exit 2; }
    url=$(master_url "$url")
    export SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-$(host_address)}
    workdir=${SPARK_WORKER_DIR:-/tmp/spark-worker-$$}
    mkdir -p "$workdir"
    # shellcheck disable=SC2086   # SPARK_WORKER_OPTS: Spark's -D settings of a worker, e.g. its GPUs (README)
    spark_java ${SPARK_WORKER_OPTS:-} org.apache.spark.deploy.worker.Worker --host "$SPARK_LOCAL_IP" --cores "$cores" --memory "$memory" \
      --work-dir "$workdir" --webui-port 0 "$url" ;;
  start)
    need_module
    export SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1}
    mkdir -p "$dir"
    for f in "$dir"/*.pid; do
      [[ -e $f ]] && kill -0 "$(cat "$f")" 2>/dev/null && { echo "spark-cluster.sh: a cluster is running from $dir (stop it first)" >&2; exit 2; }
    done
    rm -f "$dir"/*.pid
    url="spark://$SPARK_LOCAL_IP:$port"
    # each in a session of its own (setsid): its pid is its process group's, which holds its executors
    setsid "$0" master --port "$port" >"$dir/master.log" 2>&1 < /dev/null & echo $! > "$dir/master.pid"
    for _ in $(seq 100); do master_json >/dev/null && break; sleep 0.2; done
    master_json >/dev/null || { echo "the master did not start; $dir/master.log:" >&2; tail -20 "$dir/master.log" >&2; exit 1; }
    for k in $(seq "$workers"); do
      SPARK_WORKER_DIR="$dir/worker-$k" setsid "$0" worker "$url" --cores "$cores" --memory "$memory" \
        >"$dir/worker-$k.log" 2>&1 < /dev/null & echo $! > "$dir/worker-$k.pid"
    done
    alive=0
    for _ in $(seq 150); do
      alive=$(master_json | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin).get("aliveworkers", 0))' 2>/dev/null || echo 0)
      ((alive >= workers)) && break; sleep 0.2
    done
    ((alive >= workers)) || { echo "only $alive of $workers workers registered; logs in $dir" >&2; exit 1; }
    echo "$url" > "$dir/master-url"
    echo "$url"
    ;;
  stop)
    shopt -s nullglob
    pids=()
    for f in "$dir"/*.pid; do pids+=("$(cat "$f")"); done
    for p in "${pids[@]}"; do kill -TERM -- "-$p" 2>/dev/null || true; done   # the process group: executors too
    for _ in $(seq 50); do
      left=0; for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && left=1; done
      ((left)) || break; sleep 0.2
    done
    for p in "${pids[@]}"; do kill -KILL -- "-$p" 2>/dev/null || true; done
    rm -f "$dir"/*.pid "$dir/master-url"
    echo "stopped ${#pids[@]} processes" ;;
  status)
    export SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1}
    master_json | /usr/bin/python3 -c 'import json,sys
m = json.load(sys.stdin)
print(m["url"], m["status"], "workers alive:", m["aliveworkers"], "cores:", m["cores"], "used:", m["coresused"],
      "apps:", [a["name"] for a in m["activeapps"]])' || { echo "no master answers on port $((port + 1003))" >&2; exit 1; } ;;
  *) print_help; exit 2 ;;
esac
