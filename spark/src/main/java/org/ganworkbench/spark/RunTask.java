package org.ganworkbench.spark;

import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.ganworkbench.experiments.ChildRun;
import org.ganworkbench.experiments.Classpath;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One run of a sweep as one Spark task, executed on an executor: starts the run's child JVM
 * ({@link ChildRun}, the same process as a local parallel sweep's) on the executor's machine and waits
 * for it. The child gets {@code OMP_NUM_THREADS} = the task's cores ({@code spark.task.cpus}), the
 * GPUs Spark gave the task as {@code CUDA_VISIBLE_DEVICES} (when {@code spark.task.resource.gpu.amount}
 * is set), and the executor's pid as the process it must not outlive: an executor lost with its worker
 * takes its run with it, and Spark runs the task again elsewhere, where the child resumes from the
 * run's last checkpoint (the run folder is on a shared file system).
 *
 * <p>Uses only the JDK and the lib's {@link ChildRun} / {@link Classpath}: the executor needs the
 * spark module's and the lib's own classes, not the lib's dependencies (the child has those).
 *
 * @param run the run's index in the sweep's runs
 * @param dir the run folder, prepared by the driver (its spec.json written)
 * @param childClasspath the child's class path, unless the executor's {@code GAN_CLASSPATH} is set
 * @param engine the DJL engine
 * @param retryFailed rerun a failed run
 */
record RunTask(int run, String dir, String childClasspath, String engine, boolean retryFailed) implements Serializable {

    /** Environment variable the child reads its GPUs from (CUDA's). */
    static final String GPU_ENV = "CUDA_VISIBLE_DEVICES";

    /** Runs the run; the child's exit code (the driver looks for the run's result in its folder). */
    int call() {
        TaskContext task = TaskContext.get();
        int threads = task == null ? 1 : task.cpus();
        Map<String, String> env = task == null ? Map.of() : gpuEnvironment(task.resourcesJMap());
        String cp = System.getenv("GAN_CLASSPATH") != null ? Classpath.forChildren() : childClasspath;
        ChildRun child = new ChildRun(ChildRun.thisJava(), cp, Path.of(dir), retryFailed, threads, engine,
                ProcessHandle.current().pid(), env);
        try {
            return child.runAndWait();
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("run " + dir + ": cannot start its JVM: " + e.getMessage(), e));
        } catch (InterruptedException e) {   // the task was killed (the job cancelled): the child is gone
            Thread.currentThread().interrupt();
            throw new IllegalStateException("run " + dir + " interrupted", e);
        }
    }

    /** {@code CUDA_VISIBLE_DEVICES} of the GPUs Spark assigned to the task, if any. */
    static Map<String, String> gpuEnvironment(Map<String, ResourceInformation> resources) {
        Map<String, String> env = new LinkedHashMap<>();
        ResourceInformation gpus = resources.get("gpu");
        if (gpus != null && gpus.addresses().length > 0) {
            env.put(GPU_ENV, String.join(",", gpus.addresses()));
        }
        return env;
    }
}
