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
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
setup=1 args=()
for a in "$@"; do
  case "$a" in
    --no-setup) setup=0 ;;
    -h|--help) print_help; exit 0 ;;
    *) args+=("$a") ;;
  esac
done
if ((setup)); then
  "$REPO/environment/setup.sh" --quiet --steps=mnist,lib,classifier,segmenter,kernel
fi
use_this_kernelspec
exec /usr/bin/python3 "$REPO/environment/run_notebooks.py" "${args[@]+"${args[@]}"}"
