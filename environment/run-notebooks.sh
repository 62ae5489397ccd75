#!/usr/bin/env bash
# Executes notebooks headless with the gan-java kernel and checks them (see run_notebooks.py).
#
#   environment/run-notebooks.sh [NOTEBOOK...]          smoke mode (GAN_SMOKE=1), all notebooks/*.ipynb
#                                                       by default; executed copies in runs/executed/
#   environment/run-notebooks.sh --real --inplace notebooks/01-original-gan.ipynb
#                                                       full run; outputs written back into the notebook
#   environment/run-notebooks.sh --self-check           kernel + classpath check on a throwaway notebook
# Other options: --timeout SECONDS (per cell; smoke 600, real 7200), --out DIR, -v (print each cell),
# --no-setup (skip bringing the lib and kernelspec up to date first).
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
setup=1 args=()
for a in "$@"; do
  case "$a" in
    --no-setup) setup=0 ;;
    -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) args+=("$a") ;;
  esac
done
if ((setup)); then
  "$REPO/environment/setup.sh" --quiet --steps=mnist,lib,classifier,kernel
fi
# this checkout's kernelspec first, whatever checkout installed the user-wide one last
export JUPYTER_PATH="$REPO/environment/kernel/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-$(nproc)}"
export OPT_OUT_TRACKING=true   # DJL: no EC2-metadata telemetry probe
exec /usr/bin/python3 "$REPO/environment/run_notebooks.py" "${args[@]+"${args[@]}"}"
