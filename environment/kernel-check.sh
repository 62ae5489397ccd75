#!/usr/bin/env bash
# Checks the gan-java kernel through the Jupyter protocol (see kernel_check.py): the official
# conformance suite, N fresh starts answering at once, Interrupt of running cells.
#
#   environment/kernel-check.sh [--starts N] [--only conformance|starts|interrupt]
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
case "${1:-}" in -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exec /usr/bin/python3 "$REPO/environment/kernel_check.py" --help ;; esac
# this checkout's kernelspec first, whatever checkout installed the user-wide one last
export JUPYTER_PATH="$REPO/environment/kernel/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-$(nproc)}"
export OPT_OUT_TRACKING=true
unset GAN_SMOKE
exec /usr/bin/python3 "$REPO/environment/kernel_check.py" "$@"
