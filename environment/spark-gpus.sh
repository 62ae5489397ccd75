#!/usr/bin/env bash
# Spark's GPU discovery script for a standalone worker: prints this machine's GPUs as the JSON Spark
# expects, {"name": "gpu", "addresses": ["0", "1"]}, from nvidia-smi. Used as
#   SPARK_WORKER_OPTS="-Dspark.worker.resource.gpu.amount=2 \
#     -Dspark.worker.resource.gpu.discoveryScript=$PWD/environment/spark-gpus.sh" \
#     environment/spark-cluster.sh worker spark://MASTER:7077
# (see README, "Sweeps on a cluster"). Exit 1 with a message when nvidia-smi is missing or fails.
set -euo pipefail
command -v nvidia-smi >/dev/null || { echo "spark-gpus.sh: nvidia-smi is not installed: no GPUs to offer" >&2; exit 1; }
ids=$(nvidia-smi --query-gpu=index --format=csv,noheader) || { echo "spark-gpus.sh: nvidia-smi failed" >&2; exit 1; }
printf '{"name": "gpu", "addresses": [%s]}\n' "$(echo "$ids" | sed 's/ //g; /^$/d; s/.*/"&"/' | paste -sd, -)"
