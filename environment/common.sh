# Sourced by the environment's scripts (gan, lab.sh, setup.sh, test.sh, run-notebooks.sh,
# kernel-check.sh): what they all need, said once.
#   REPO         the checkout's root
#   LIB_JAR      the built lib (lib/pom.xml's finalName); its run-time dependencies are in
#                lib/target/dependency/
#   KERNEL_JAR   the built kernel (kernel/pom.xml's finalName), dependencies in kernel/target/dependency/
#   SPARK_JAR    the built Spark module (setup.sh --steps=spark), Spark's jars in spark/target/dependency/
#   print_help   prints the usage comment at the top of the calling script (up to `set -euo pipefail`)
#   use_this_kernelspec   this checkout's gan-java kernelspec first, whatever checkout installed the
#                user-wide one last
# and exports OMP_NUM_THREADS (default: the number of cores; MXNet's default threading is about half
# as fast on 2 cores) and OPT_OUT_TRACKING=true (DJL: no EC2-metadata telemetry probe).
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
LIB_JAR="$REPO/lib/target/gan-workbench.jar"
KERNEL_JAR="$REPO/kernel/target/gan-workbench-kernel.jar"
SPARK_JAR="$REPO/spark/target/gan-workbench-spark.jar"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-$(nproc)}"
export OPT_OUT_TRACKING=true

print_help() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[1]}" | sed '$d; s/^# \{0,1\}//'; }
use_this_kernelspec() { export JUPYTER_PATH="$REPO/environment/kernel/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"; }
