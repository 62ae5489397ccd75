#!/usr/bin/env bash
# Checks the gan-java kernel through the Jupyter protocol (see kernel_check.py): the official
# conformance suite, N fresh starts answering at once, Interrupt of running cells.
#
#   environment/kernel-check.sh [--starts N] [--only conformance|starts|interrupt]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
case "${1:-}" in -h|--help) print_help; exec /usr/bin/python3 "$REPO/environment/kernel_check.py" --help ;; esac
use_this_kernelspec
unset GAN_SMOKE
exec /usr/bin/python3 "$REPO/environment/kernel_check.py" "$@"
