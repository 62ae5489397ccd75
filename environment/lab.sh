#!/usr/bin/env bash
# THE command to start the GAN Workbench lab: installs/updates what is needed (environment/setup.sh),
# then starts Jupyter Notebook on http://localhost:8888 with the notebooks/ folder and the
# "Java (GAN Workbench)" kernel. Jupyter prints the URL with its token; set JUPYTER_TOKEN to choose
# the token yourself. Extra arguments go to `jupyter notebook` (e.g. --ip=0.0.0.0, --port=9999).
#
#   ./environment/lab.sh
#   DJL_DEFAULT_ENGINE=PyTorch ./environment/lab.sh     # PyTorch engine instead of MXNet
#   GAN_SMOKE=1 ./environment/lab.sh                    # tiny, fast runs of every notebook
#   GAN_SKIP_SELF_CHECK=1 ./environment/lab.sh          # without the start-up self-check (~3 s)
#
# A token is always required: an empty one (--NotebookApp.token= or --NotebookApp.token '') is
# refused with exit code 2, because Jupyter would then serve anyone who reaches the port and run
# their code. To run without authentication anyway (on a machine nobody else reaches), say so
# with --no-auth.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
case "${1:-}" in -h|--help) print_help; exit 0 ;; esac

# Checked before anything else starts, so a refused start costs nothing.
no_auth=0 passed=()
prev=""
for a in "$@"; do
  if [[ $a == --no-auth ]]; then no_auth=1; continue; fi
  if [[ $a =~ ^--(NotebookApp|ServerApp|IdentityProvider)\.token=$ ]] \
     || { [[ $prev =~ ^--(NotebookApp|ServerApp|IdentityProvider)\.token$ ]] && [[ -z $a ]]; }; then
    if ((!no_auth)) && [[ " $* " != *" --no-auth "* ]]; then
      echo "lab: an empty token turns Jupyter's authentication off: anyone who reaches the port could run code" \
           "as you. Give a token (or none: Jupyter makes one and prints it), or add --no-auth to mean it." >&2
      exit 2
    fi
  fi
  passed+=("$a"); prev=$a
done
set -- "${passed[@]+"${passed[@]}"}"

"$REPO/environment/setup.sh" ${GAN_SETUP_ARGS:-}

# Variables passed empty (e.g. by docker-compose.yml when not set on the host) mean "not set".
for v in JUPYTER_TOKEN DJL_DEFAULT_ENGINE GAN_SMOKE OMP_NUM_THREADS; do
  if [[ -n ${!v+x} && -z ${!v} ]]; then unset "$v"; fi
done
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-$(nproc)}"   # again: an empty one was unset above
use_this_kernelspec
mkdir -p "$REPO/notebooks"

# The self-check (environment/gan doctor): do both engines compute right values and gradients on
# this CPU? One line when they do; the failing checks, loudly, when not (the lab starts anyway).
if [[ ${GAN_SKIP_SELF_CHECK:-} != 1 ]]; then
  check_log=$(mktemp /tmp/gan-self-check.XXXXXX)
  if "$REPO/environment/gan" doctor --summary 2>"$check_log"; then
    rm -f "$check_log"
  else
    echo "lab: !!! the self-check failed: results computed on the engine named above are wrong on this machine." >&2
    echo "lab: !!! environment/gan doctor prints the full report; its error output is in $check_log" >&2
  fi
fi

port="${GAN_LAB_PORT:-8888}" args=(--no-browser)
given=" $* "
if [[ $given =~ \ --(NotebookApp\.)?port[=\ ]([0-9]+) ]]; then port=${BASH_REMATCH[2]}; else args+=(--port="$port"); fi
[[ $given == *" --notebook-dir"* || $given == *" --NotebookApp.notebook_dir"* ]] || args+=(--notebook-dir="$REPO/notebooks")
if ((EUID == 0)) && [[ $given != *" --allow-root "* ]]; then args+=(--allow-root); fi
if ((no_auth)); then args+=(--NotebookApp.token=); echo "lab: --no-auth: NO token, anyone who reaches port $port can run code" >&2; fi
# "New" notebooks get the Java kernel, not Python
[[ $given == *"default_kernel_name"* ]] || args+=(--MultiKernelManager.default_kernel_name=gan-java)
echo "lab: starting Jupyter Notebook on port $port (engine: ${DJL_DEFAULT_ENGINE:-MXNet}${GAN_SMOKE:+, smoke mode}); stop with Ctrl-C"
exec /usr/bin/jupyter notebook "${args[@]}" "$@"
