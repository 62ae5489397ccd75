#!/usr/bin/env bash
# THE test command of the GAN Workbench (.ci/run calls exactly this):
#   1. setup          environment/setup.sh (installs what is missing; no Jupyter server), and its step
#                     spark (the Spark module: its tests, and notebook 03's sweep on Spark)
#   2. self-check     environment/gan doctor: the CPU, the engines' versions, gradient checks of the
#                     lib's ops on each engine; a machine where an engine computes wrong values or
#                     gradients stops here, reported as that (not as puzzling test failures later)
#   3. kernel check   the gan-java kernel on a throwaway notebook in /tmp, then through the protocol
#                     (environment/kernel-check.sh): the official conformance suite
#                     (jupyter_kernel_test), 10 fresh starts answering at once, Interrupt of a
#                     sleeping, a busy, a native and a training cell
#   4. unit tests     mvn -B -P spark test without the tests tagged "slow" (lib, kernel and spark modules,
#                     JUnit 5 via Surefire)
#   5. slow tests     mvn -B -P spark test of the tests tagged "slow": real training runs of many steps,
#                     child JVMs of parallel sweeps, sweeps on Spark (local[2], and a standalone cluster of
#                     2 workers on localhost, one killed mid-sweep)
#   6. notebooks      every notebooks/*.ipynb headless in smoke mode (GAN_SMOKE=1)
#   7. container      build the image, start the `lab` service (docker compose or podman-compose),
#                     run one notebook inside it, check Jupyter answers on its port with the token,
#                     stop it; build the image with the Spark module, start the profile spark's master
#                     and 2 workers, run a small sweep on them (results.csv as the local runner's).
#                     Skipped (loudly) only when no docker or podman works.
# Test counts come from Surefire's XML reports written by this run. Environment:
# GAN_TEST_SKIP_CONTAINER=1 skips step 7 (for a quick local run; CI never sets it).
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"   # REPO, threads, DJL telemetry off (for the tests too)
cd "$REPO"

T0=$SECONDS
STEP="start"
TMP=$(mktemp -d /tmp/gan-test.XXXXXX)   # this run's scratch files, removed on exit
declare -A TOOK
unit_passed=0 unit_failed=0 unit_skipped=0 slow_passed=0 nb_passed=0 nb_failed=0 checks_passed=0
container_result="not run"

banner() {
  STEP=$1; STEP_T0=$SECONDS
  printf '\n==================== %s ====================\n' "$1"
}
done_step() { TOOK[$STEP]=$((SECONDS - STEP_T0)); echo "---- $STEP: ok in ${TOOK[$STEP]} s"; }
on_exit() {
  local rc=${1:-$?}
  rm -rf "$TMP"
  if ((rc != 0)); then
    printf '\n==================== FAILED ====================\n' >&2
    echo "test.sh: FAILED in step '$STEP' (exit code $rc) after $((SECONDS - T0)) s" >&2
    local failed=$((unit_failed + nb_failed)); ((failed > 0)) || failed=1   # at least the failing step
    echo "summary: $((unit_passed + slow_passed + nb_passed + checks_passed)) passed, $failed failed" >&2
  fi
}
trap on_exit EXIT

# ------------------------------------------------------------------------------------------------
banner "1/7 setup"
environment/setup.sh
environment/setup.sh --steps=spark
done_step

banner "2/7 self-check (environment/gan doctor)"
if ! environment/gan doctor; then
  echo "self-check FAILED: on this machine an engine computes wrong values or gradients (lines marked WRONG above);" \
       "the tests that follow would fail for that reason" >&2
  exit 1
fi
checks_passed=$((checks_passed + 1))
done_step

banner "3/7 kernel check"
# the lab refuses an empty token (it would switch Jupyter's authentication off) before starting anything
set +e; GAN_SKIP_SELF_CHECK=1 environment/lab.sh --NotebookApp.token= >"$TMP/lab-token.log" 2>&1; rc=$?; set -e
if [[ $rc != 2 ]] || ! grep -q "an empty token turns Jupyter's authentication off" "$TMP/lab-token.log"; then
  echo "lab.sh accepted an empty token (exit $rc):" >&2; cat "$TMP/lab-token.log" >&2; exit 1
fi
echo "lab.sh refuses an empty token (exit 2)"
environment/run-notebooks.sh --no-setup --self-check
checks_passed=$((checks_passed + 1))
environment/kernel-check.sh --starts 10
checks_passed=$((checks_passed + 1))
done_step

# ------------------------------------------------------------------------------------------------
# Surefire's totals over the reports written since the marker file $1: "passed failed skipped"
surefire_totals() {
  /usr/bin/python3 - "$1" "$REPO/lib/target/surefire-reports" "$REPO/kernel/target/surefire-reports" \
    "$REPO/spark/target/surefire-reports" <<'PY'
import glob, os, sys, xml.etree.ElementTree as ET
since, total, failed, skipped = os.path.getmtime(sys.argv[1]), 0, 0, 0
for d in sys.argv[2:]:
    for report in glob.glob(os.path.join(d, "TEST-*.xml")):
        if os.path.getmtime(report) >= since:
            suite = ET.parse(report).getroot()
            total += int(suite.get("tests"))
            failed += int(suite.get("failures")) + int(suite.get("errors"))
            skipped += int(suite.get("skipped"))
print(total - failed - skipped, failed, skipped)
PY
}

# mvn test with these arguments; sets T_PASSED T_FAILED T_SKIPPED from this run's Surefire reports and
# ends the script on a failure
run_tests() {
  local marker="$TMP/marker-$STEP_T0" rc
  touch "$marker"; sleep 1   # report times have one-second resolution on some file systems
  set +e
  mvn -B -Dstyle.color=never -P spark test "$@" 2>&1 | sed -u "s/\x1b\[[0-9;]*m//g"   # (Debian's Maven 3.8.7 prints stray colour resets)
  rc=${PIPESTATUS[0]}
  set -e
  read -r T_PASSED T_FAILED T_SKIPPED < <(surefire_totals "$marker")
  echo "tests: $T_PASSED passed, $T_FAILED failed, $T_SKIPPED skipped"
  unit_failed=$((unit_failed + T_FAILED))
  ((rc == 0)) || { echo "mvn -B test $* failed (exit code $rc; see above)" >&2; exit "$rc"; }
}

banner "4/7 unit tests (mvn -B -P spark test, without the slow ones)"
run_tests -DexcludedGroups=slow
unit_passed=$T_PASSED unit_skipped=$T_SKIPPED
done_step

banner "5/7 slow tests (mvn -B -P spark test -Dgroups=slow)"
run_tests -Dgroups=slow
slow_passed=$T_PASSED unit_skipped=$((unit_skipped + T_SKIPPED))
done_step

# ------------------------------------------------------------------------------------------------
banner "6/7 notebooks (smoke mode)"
nb_log="$TMP/notebooks.log"
set +e
environment/run-notebooks.sh --no-setup 2>&1 | tee "$nb_log"
nb_rc=${PIPESTATUS[0]}
set -e
read -r nb_passed nb_failed < <(sed -n 's/^notebooks: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$nb_log" | tail -1) || true
nb_passed=${nb_passed:-0} nb_failed=${nb_failed:-0}
((nb_rc == 0)) || { echo "notebook run failed (see above)" >&2; exit "$nb_rc"; }
done_step

# ------------------------------------------------------------------------------------------------
banner "7/7 container (image build, lab service, one notebook inside, Jupyter on its port)"
engine=""
if [[ ${GAN_TEST_SKIP_CONTAINER:-} == 1 ]]; then
  echo "container check SKIPPED: GAN_TEST_SKIP_CONTAINER=1"
  container_result="skipped (GAN_TEST_SKIP_CONTAINER=1)"
else
  if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1 && docker compose version >/dev/null 2>&1; then
    engine=docker; compose=(docker compose)
  else
    prep="$REPO/../shared/tools/prepare-container-host"
    if [[ -x $prep ]] && ((EUID == 0)); then
      echo "running $(cd "$(dirname "$prep")" && pwd -P)/prepare-container-host"
      "$prep"
    fi
    if command -v podman >/dev/null 2>&1 && podman info >/dev/null 2>&1 && command -v podman-compose >/dev/null 2>&1; then
      engine=podman; compose=(podman-compose)
      # `init: true` needs podman's init binary (Debian: catatonit, a Recommends of podman)
      if [[ ! -x /usr/libexec/podman/catatonit ]] && ! command -v catatonit >/dev/null 2>&1; then
        if ((EUID == 0)); then
          echo "installing catatonit (podman's --init, for init: true)"
          DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends catatonit >/dev/null 2>&1 \
            || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends catatonit >/dev/null; }
        else
          echo "podman lacks catatonit (needed by init: true): sudo apt-get install -y catatonit" >&2; exit 1
        fi
      fi
    fi
  fi
  if [[ -z $engine ]]; then
    echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
    echo "!!! container check SKIPPED: no working docker or podman"
    echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
    container_result="SKIPPED: no working docker or podman"
  else
    project="gwbtest$$"
    token="test-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
    port=8888
    # a lab already running on 8888 (yours?) must not answer for the container
    if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then
      port=18888
      while (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; do port=$((port + 1)); done
      echo "port 8888 is busy here; the test lab uses $port"
    fi
    export GAN_LAB_PORT=$port JUPYTER_TOKEN=$token
    unset DJL_DEFAULT_ENGINE GAN_SMOKE
    mkdir -p notebooks data
    # The lab runs as `lab`, whose uid/gid are the mounted folders' owner's. As root (a CI machine),
    # the test mounts copies of notebooks/ and data/ owned by 1000:1000, the image's default user,
    # and checks that the lab runs as 1000 and that what it writes there is 1000's; as a normal user
    # the image is built with your uid/gid and mounts your folders.
    mounts=""
    if ((EUID == 0)); then
      lab_uid=1000 lab_gid=1000
      mounts=$(mktemp -d /tmp/gwb-mounts.XXXXXX)
      cp -a notebooks "$mounts/notebooks" && cp -a data "$mounts/data"
      chown -R "$lab_uid:$lab_gid" "$mounts"
      export GAN_LAB_NOTEBOOKS=$mounts/notebooks GAN_LAB_DATA=$mounts/data
    else
      lab_uid=$(id -u) lab_gid=$(id -g)
      [[ $engine == podman ]] && export PODMAN_USERNS=keep-id
    fi
    export GAN_LAB_UID=$lab_uid GAN_LAB_GID=$lab_gid
    cleanup_container() {
      echo "stopping the test lab ($project)"
      "${compose[@]}" -p "$project" down >/dev/null 2>&1 || true
      if [[ $engine == podman ]]; then podman network rm -f "${project}_default" >/dev/null 2>&1 || true; fi
      [[ -n $mounts ]] && rm -rf $mounts   # (a list of folders)
    }
    trap 'rc=$?; cleanup_container; on_exit $rc' EXIT

    echo "engine: $engine ($("$engine" --version | head -1))"
    t=$SECONDS
    "$engine" build -t gan-workbench-lab --build-arg GAN_LAB_UID="$lab_uid" --build-arg GAN_LAB_GID="$lab_gid" \
      -f environment/Dockerfile . 2>&1 | sed -u 's/^/  build | /'
    build_s=$((SECONDS - t))
    echo "image gan-workbench-lab built in ${build_s} s"

    "${compose[@]}" -p "$project" up -d lab 2>&1 | sed -u 's/^/  compose | /'
    cid=$("$engine" ps -q --filter "label=com.docker.compose.project=$project" --filter "label=com.docker.compose.service=lab" | head -1)
    [[ -n $cid ]] || { echo "the lab container did not start" >&2; "$engine" ps -a >&2; exit 1; }

    echo "waiting for Jupyter on http://localhost:$port (container $cid)"
    ok=0
    for _ in $(seq 1 180); do
      code=$(curl -s -m 5 -o /dev/null -w '%{http_code}' "http://localhost:$port/api/status?token=$token" || true)
      [[ $code == 200 ]] && { ok=1; break; }
      [[ $("$engine" inspect -f '{{.State.Running}}' "$cid" 2>/dev/null) == true ]] || break
      sleep 2
    done
    if ((!ok)); then
      echo "Jupyter did not answer on port $port; container log:" >&2
      "$engine" logs "$cid" 2>&1 | tail -40 >&2
      exit 1
    fi
    version=$(curl -s -m 5 "http://localhost:$port/api")
    noauth=$(curl -s -m 5 -o /dev/null -w '%{http_code}' "http://localhost:$port/api/status" || true)
    [[ $noauth == 403 ]] || { echo "Jupyter answered $noauth (not 403) without the token" >&2; exit 1; }
    echo "Jupyter answers on port $port: /api -> $version; /api/status -> 200 with the token, 403 without"
    published=$("$engine" port "$cid" 2>/dev/null | tr '\n' ' ')
    [[ $published == *"127.0.0.1:$port"* ]] || { echo "the lab's port is published beyond the loopback: $published" >&2; exit 1; }
    echo "published on the loopback only: $published"
    ids=$("$engine" exec "$cid" sh -c 'echo "$(id -u):$(id -g) $(stat -c %u /proc/1)"')
    [[ $ids == "$lab_uid:$lab_gid $lab_uid" ]] \
      || { echo "the lab runs as '$ids' (uid:gid, init's uid), not as $lab_uid:$lab_gid" >&2; exit 1; }
    ((lab_uid != 0)) || echo "(you are root: the lab runs as root too, with your uid)"
    echo "the lab runs as uid:gid $lab_uid:$lab_gid (not root), init too"

    if [[ -f notebooks/01-original-gan.ipynb ]]; then nb_args=(notebooks/01-original-gan.ipynb)
    else
      first=$(ls notebooks/*.ipynb 2>/dev/null | head -1 || true)
      if [[ -n $first ]]; then nb_args=("$first"); else nb_args=(--self-check); echo "(no notebook yet: kernel self-check instead)"; fi
    fi
    echo "running ${nb_args[*]} inside the container (smoke mode)"
    "$engine" exec "$cid" environment/run-notebooks.sh "${nb_args[@]}"
    if [[ -n $mounts ]]; then
      foreign=$(find "$mounts" ! -uid "$lab_uid" | head -5)
      [[ -z $foreign ]] || { echo "files in the mounted folders not owned by $lab_uid: $foreign" >&2; exit 1; }
      echo "everything the lab wrote into the mounted folders is $lab_uid's"
    fi

    # the compose profile spark: a standalone master and 2 workers from the image with the Spark module,
    # and a sweep through them from a container of that image, whose results.csv must equal the local
    # runner's on this machine (same engine, 1 thread a run)
    t=$SECONDS
    "$engine" build -t gan-workbench-spark --build-arg GAN_SPARK=true --build-arg GAN_LAB_UID="$lab_uid" \
      --build-arg GAN_LAB_GID="$lab_gid" -f environment/Dockerfile . 2>&1 | sed -u 's/^/  build spark | /'
    spark_build_s=$((SECONDS - t))
    echo "image gan-workbench-spark built in ${spark_build_s} s"
    runs=$(mktemp -d /tmp/gwb-runs.XXXXXX)
    cat > "$runs/tiny.json" <<'JSON'
{"name": "tiny", "base": {"data": "ring8",
   "model": {"name": "mlp", "latent_dim": 4, "generator_hidden": [32], "discriminator_hidden": [32]},
   "batch_size": 64, "steps": 300, "log_every": 10, "checkpoint_every": 100, "evaluation": {"n": 500}, "samples": 100},
 "variants": {"vanilla": {"loss.name": "minimax"}, "+instance noise": {"loss.name": "minimax", "tricks.instance_noise": 0.1}},
 "seeds": [1, 2]}
JSON
    ((EUID != 0)) || chown -R "$lab_uid:$lab_gid" "$runs"
    export GAN_LAB_RUNS=$runs
    mounts="$mounts $runs"
    "${compose[@]}" -p "$project" up -d spark-master spark-worker 2>&1 | sed -u 's/^/  compose | /'
    t=$SECONDS
    "${compose[@]}" -p "$project" run --rm --no-deps sweep runs/tiny.json --out runs/tiny 2>&1 | sed -u 's/^/  sweep | /'
    spark_sweep_s=$((SECONDS - t))
    [[ -s $runs/tiny/results.csv ]] || { echo "the sweep on the containers' Spark cluster wrote no results.csv" >&2; exit 1; }
    environment/gan sweep "$runs/tiny.json" --parallel 2 --threads-per-run 1 --out "$TMP/tiny-local" >/dev/null
    /usr/bin/python3 - "$runs/tiny/results.csv" "$TMP/tiny-local/results.csv" <<'PY'
import csv, sys
def rows(p):
    r = list(csv.DictReader(open(p)))
    for x in r:
        x.pop("seconds")
    return r
a, b = rows(sys.argv[1]), rows(sys.argv[2])
if len(a) != 4 or any(x["status"] != "ok" for x in a) or a != b:
    sys.exit("results.csv of the containers' Spark cluster differs from the local runner's:\n%s\n%s" % (a, b))
print("the sweep on the containers' Spark cluster (a master, 2 workers): 4 runs, results.csv equal to the local runner's")
PY

    cleanup_container
    trap on_exit EXIT
    container_result="passed with $engine (image build ${build_s} s; the Spark image ${spark_build_s} s, a sweep on its 2-worker cluster ${spark_sweep_s} s)"
    checks_passed=$((checks_passed + 1))
  fi
fi
done_step

# ------------------------------------------------------------------------------------------------
printf '\n==================== SUMMARY ====================\n'
echo "unit tests: $unit_passed passed, $unit_failed failed, $unit_skipped skipped (${TOOK["4/7 unit tests (mvn -B -P spark test, without the slow ones)"]} s)"
echo "slow tests: $slow_passed passed (${TOOK["5/7 slow tests (mvn -B -P spark test -Dgroups=slow)"]} s)"
echo "notebooks (smoke): $nb_passed passed, $nb_failed failed (${TOOK["6/7 notebooks (smoke mode)"]} s)"
echo "self-check: passed; kernel check (notebook, conformance, starts, interrupt): passed; container: $container_result"
echo "total time: $((SECONDS - T0)) s"
echo "summary: $((unit_passed + slow_passed + nb_passed + checks_passed)) passed, 0 failed, $unit_skipped skipped"
