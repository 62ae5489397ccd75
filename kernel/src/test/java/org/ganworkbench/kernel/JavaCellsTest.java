package org.ganworkbench.kernel;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cells through JShell on a {@link Worker}, as the kernel runs them (without the protocol, which
 * environment/kernel_check.py covers): values, error positions, cut stack traces, interrupts.
 */
class JavaCellsTest {

    private static Worker worker;
    private static JavaCells cells;
    private static int count = 100;

    @BeforeAll
    static void start() {
        // the kernel's own grace (3 s): with a shorter one, a training that stops at its next step could be stopped
        // by force on a loaded machine before its cell assigns the run (seen in CI with 700 ms)
        worker = new Worker(Duration.ofMillis(KernelMain.DEFAULT_GRACE_MS));
        cells = on(() -> new JavaCells(worker, JavaCells.jvmClasspath(), GanKernel.STARTUP));
    }

    @AfterAll
    static void stop() {
        on(() -> {
            cells.close();
            return null;
        });
        worker.close();
    }

    private static <T> T on(Callable<T> work) {
        Worker.Outcome<T> o = worker.call(work);
        if (o.error() != null) {
            throw new AssertionError(o.error());
        }
        return o.value();
    }

    private static CellResult run(String code) {
        int c = ++count;
        return on(() -> cells.run(code, c));
    }

    /**
     * Runs {@code code} and interrupts it {@code afterMs} after the cell set the system property
     * {@code ready} (so a slow compile on a busy machine cannot move the interrupt before the code
     * it is meant for); returns the outcome and the end time.
     */
    private static Object[] runInterrupted(String code, String ready, long afterMs) throws InterruptedException {
        int c = ++count;
        System.clearProperty(ready);
        Thread interrupter = new Thread(() -> {
            try {
                while (System.getProperty(ready) == null) {
                    Thread.sleep(10);
                }
                Thread.sleep(afterMs);
            } catch (InterruptedException ignored) {
                return;
            }
            worker.interrupt();
        });
        interrupter.setDaemon(true);
        interrupter.start();
        Worker.Outcome<CellResult> o = worker.call(() -> cells.run(code, c));
        long end = System.nanoTime();
        interrupter.join(10_000);
        return new Object[] {o, end};
    }

    @Test
    void theLastExpressionIsTheValueAndStatementsHaveNone() {
        CellResult r = run("int a = 20;\nint b = 22;\na + b");
        assertTrue(r.ok() && r.hasValue());
        assertEquals(42, r.value());
        assertFalse(run("System.out.println(\"x\");").hasValue(), "a void call is no value");
        assertFalse(run("var s = \"kept\";").hasValue(), "a declaration is no value");
        assertFalse(run("s = \"again\"").hasValue(), "an assignment is no value (fig = display(...) shows no id)");
        assertEquals("again", run("s").value(), "a variable alone is its value");
        CellResult obj = run("new StringBuilder(s)");
        assertTrue(obj.value() instanceof StringBuilder, "the object itself, not its string: " + obj.value());
        assertTrue(run("// only a comment").ok());
    }

    @Test
    void defaultImportsAndTheLibAreThere() {
        CellResult r = run("List<Integer> xs = new ArrayList<>(List.of(3, 1, 2));\nCollections.sort(xs);\n"
                + "xs + \" \" + Lab.pick(1, 2) + \" \" + Toy2d.ring8().name() + \" \" + Dcgan.class.getSimpleName()");
        assertTrue(r.ok(), String.valueOf(r.error()));
        assertTrue(String.valueOf(r.value()).startsWith("[1, 2, 3] "), String.valueOf(r.value()));
        assertTrue(String.valueOf(r.value()).endsWith(" ring8 Dcgan"), "the lab's packages are imported: " + r.value());
    }

    @Test
    void aCompileErrorNamesItsLineAndColumnAndMarksTheCode() {
        CellResult r = run("int ok = 1;\n\n  int bad = nope + ok;");
        assertEquals(CellError.COMPILATION, r.error().name());
        assertTrue(r.error().message().contains("line 3, column 13"), r.error().message());
        String tb = String.join("\n", r.error().traceback());
        assertTrue(tb.contains("line 3:   int bad = nope + ok;"), tb);
        int caret = tb.lastIndexOf('^');
        assertTrue(caret > 0 && tb.contains("^^^^"), tb);
    }

    @Test
    void anUnfinishedCellSaysSo() {
        CellResult r = run("int q = 1;\nfor (int i = 0; i < 3; i++) {");
        assertEquals(CellError.COMPILATION, r.error().name());
        assertTrue(r.error().message().contains("unfinished statement (it starts at line 2)"), r.error().message());
    }

    @Test
    void aStackTraceEndsAtTheCellAndNamesCellLines() {
        int declaredIn = count + 1;
        assertTrue(run("void boom(String why) {\n  throw new IllegalStateException(why);\n}").ok());
        int ranIn = count + 1;
        CellResult r = run("int before = 1;\n\nboom(\"on purpose\");");
        assertEquals("IllegalStateException", r.error().name());
        assertEquals("on purpose", r.error().message());
        List<String> tb = r.error().traceback();
        String all = String.join("\n", tb);
        assertTrue(tb.get(0).contains("java.lang.IllegalStateException: on purpose"), all);
        assertTrue(all.contains("at boom, cell [" + declaredIn + "] line 2"), "<<" + all + ">>");
        assertTrue(all.contains("at cell [" + ranIn + "] line 3"), all);
        assertFalse(all.contains("jdk.internal.reflect") || all.contains("jdk.jshell.execution"), "cut below the cell: " + all);
        assertTrue(tb.get(tb.size() - 1).contains("cell [" + ranIn + "] line 3")
                || tb.get(tb.size() - 1).contains("frames of JShell and reflection below the cell cut"), all);
    }

    @Test
    void causesAreShown() {
        CellResult r = run("throw new RuntimeException(\"outer\", new java.io.IOException(\"inner\"));");
        String all = String.join("\n", r.error().traceback());
        assertTrue(all.contains("Caused by: java.io.IOException: inner"), all);
    }

    @Test
    void aSleepingCellEndsAtOnceOnInterruptAndTheNextCellRuns() throws Exception {
        assertTrue(run("int kept = 7;").ok());
        Object[] o = runInterrupted("System.setProperty(\"sleep.ready\", \"1\");\nfor (int i = 0; i < 300; i++) Thread.sleep(100);",
                "sleep.ready", 100);
        @SuppressWarnings("unchecked")
        Worker.Outcome<CellResult> out = (Worker.Outcome<CellResult>) o[0];
        CellResult r = out.value();
        assertTrue(r.error() != null && r.error().interrupted(), String.valueOf(r.error()));
        assertTrue(r.error().message().contains("InterruptedException"), r.error().message());
        assertEquals(Worker.Ending.INTERRUPTED, out.ending());
        CellResult next = run("kept + 1");
        assertEquals(8, next.value(), "variables survive, the next cell runs");
    }

    @Test
    void aStatementThatEndsEarlyOnInterruptStopsTheRestOfTheCell() throws Exception {
        // "ready" only once the loop has counted: under load the interrupt could otherwise come first
        Object[] o = runInterrupted("long n = 0;\nlong started = System.nanoTime();\n"
                + "while (!Thread.currentThread().isInterrupted()) { if (++n == 1) System.setProperty(\"loop.ready\", \"1\"); }\n"
                + "int after = 1;", "loop.ready", 100);
        @SuppressWarnings("unchecked")
        CellResult r = ((Worker.Outcome<CellResult>) o[0]).value();
        assertTrue(r.error().interrupted(), String.valueOf(r.error()));
        assertTrue(r.error().message().contains("line 3 ended early; the lines after it did not run"), r.error().message());
        assertTrue(((Number) run("n").value()).longValue() > 0, "the loop's variable keeps its value");
        assertFalse(run("after").ok(), "the statement after the interrupted one did not run");
    }

    @Test
    void aBusyLoopIsStoppedByForceAfterTheGracePeriod() throws Exception {
        Object[] o = runInterrupted("long spins = 0;\nSystem.setProperty(\"busy.ready\", Long.toString(System.nanoTime()));\n"
                + "while (spins >= 0) { spins++; }", "busy.ready", 200);
        double seconds = ((long) o[1] - Long.parseLong(System.getProperty("busy.ready"))) / 1e9;
        @SuppressWarnings("unchecked")
        Worker.Outcome<CellResult> out = (Worker.Outcome<CellResult>) o[0];
        assertTrue(out.value().error().interrupted(), String.valueOf(out.value().error()));
        assertTrue(out.value().error().message().contains("stopped by force"), out.value().error().message());
        assertEquals(Worker.Ending.STOPPED, out.ending());
        double grace = KernelMain.DEFAULT_GRACE_MS / 1e3;
        assertTrue(seconds >= 0.2 + grace - 0.05 && seconds < grace + 5, "interrupt 0.2 s after the loop started + grace "
                + grace + " s, then stopped: " + seconds + " s");
        assertEquals(3, run("1 + 2").value(), "the worker thread lives on");
    }

    @Test
    void anInterruptedTrainingKeepsItsModel() throws Exception {
        assertTrue(run("var ring = org.ganworkbench.data.Toy2d.ring8();\n"
                + "var config = org.ganworkbench.training.TrainingConfig.builder(ring, org.ganworkbench.models.MlpGan.forPoints().build())"
                + ".steps(1_000_000).seed(1).build();").ok());
        assertTrue(run("org.ganworkbench.training.GanTraining.train(config.withSteps(2)).close();").ok(),
                "the engine is loaded before the interrupt is timed");
        Object[] o = runInterrupted("var run = org.ganworkbench.training.GanTraining.train(config,\n"
                + "    org.ganworkbench.training.Monitor.every(5, t -> System.setProperty(\"train.ready\", \"1\")));",
                "train.ready", 300);
        @SuppressWarnings("unchecked")
        CellResult r = ((Worker.Outcome<CellResult>) o[0]).value();
        assertTrue(r.error().interrupted(), String.valueOf(r.error()));
        CellResult after = run("float[][] p = run.gan().samplePoints(new Random(1), 64);\n"
                + "run.interrupted() + \" \" + (run.step() > 0) + \" \" + Float.isFinite(p[0][0] + p[63][1])");
        assertEquals("true true true", after.value(), String.valueOf(after.error()));
        assertTrue(run("run.close();").ok());
    }

    @Test
    void isCompleteSplitsCompleteIncompleteAndInvalid() {
        assertEquals("complete", on(() -> cells.isComplete("int x = 1;\nx + 1"))[0]);
        String[] open = on(() -> cells.isComplete("for (int i = 0; i < 3; i++) {"));
        assertEquals("incomplete", open[0]);
        assertEquals("    ", open[1], "the next line is indented");
        assertEquals("invalid", on(() -> cells.isComplete("int z = );"))[0]);
    }

    @Test
    void completionAndInspectionWorkInsideAMultiStatementCell() {
        JavaCells.Completion c = on(() -> cells.complete("int i = 0;\nMath.absE", 20));
        assertEquals(List.of("absExact("), c.matches());
        assertEquals(16, c.from(), "replaces the typed prefix only");
        assertEquals(20, c.to());
        String doc = on(() -> cells.inspect("int i = 0; Math.abs", 19));
        assertTrue(doc.contains("abs(int"), doc);
        assertTrue(run("var inspected = new StringBuilder();").ok());
        assertTrue(on(() -> cells.inspect("inspected", 9)).contains("StringBuilder inspected"));
    }
}
