package org.ganworkbench.spark;

import org.apache.spark.launcher.JavaModuleOptions;
import org.apache.spark.resource.ResourceInformation;
import org.ganworkbench.experiments.SparkSweep;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the lib says about Spark without depending on it, checked against Spark itself. */
class SparkModuleTest {

    @Test
    void theLibStartsTheDriverWithSparksOwnModuleOptions() {
        assertEquals(List.of(JavaModuleOptions.defaultModuleOptionArray()), SparkSweep.JAVA_MODULE_OPTIONS,
                "Spark's JavaModuleOptions changed (a new Spark version?): copy them into SparkSweep.JAVA_MODULE_OPTIONS");
    }

    @Test
    void theGpusSparkGivesATaskBecomeTheRunsCudaVisibleDevices() {
        assertEquals(Map.of(), RunTask.gpuEnvironment(Map.of()));
        assertEquals(Map.of(RunTask.GPU_ENV, "1,3"),
                RunTask.gpuEnvironment(Map.of("gpu", new ResourceInformation("gpu", new String[] {"1", "3"}))));
        assertEquals(Map.of(), RunTask.gpuEnvironment(Map.of("fpga", new ResourceInformation("fpga", new String[] {"0"}))));
    }
}
