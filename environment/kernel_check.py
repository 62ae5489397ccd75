"""Checks the gan-java kernel through the Jupyter protocol, as a notebook front end talks to it.

Run through environment/kernel-check.sh (it sets JUPYTER_PATH to this checkout's kernelspec). Needs
Debian's /usr/bin/python3 (jupyter_client, python3-jupyter-kernel-test).

  kernel-check.sh                 all three parts, 10 fresh starts
  kernel-check.sh --starts 50     the start-up part with 50 starts
  kernel-check.sh --only conformance|starts|interrupt

1. conformance: the official kernel test suite (jupyter_kernel_test.KernelTests) with Java samples
   for execute, streams, errors, results, display data, completion, is_complete, inspect, history.
2. starts: N fresh kernels, each sent `1+1` right after its process starts (no waiting for
   kernel_info first); every one must answer 2. Prints the median and the slowest start-to-reply.
3. interrupt: a cell is interrupted while it runs (a Thread.sleep loop, a busy Java loop, a loop of
   DJL native ops, a GAN training run); each must end within its limit, the next cell must print,
   and the interrupted training's model must still sample an image.

Exit status 0 when everything passed, 1 otherwise.
"""
import argparse
import os
import queue
import statistics
import sys
import time
import unittest

from jupyter_client.manager import KernelManager

KERNEL = "gan-java"


# ------------------------------------------------------------------------------------ conformance

def conformance():
    import jupyter_kernel_test

    class GanJavaKernelTests(jupyter_kernel_test.KernelTests):
        kernel_name = KERNEL
        language_name = "java"
        file_extension = ".jshell"
        code_hello_world = 'System.out.println("hello, world");'
        code_stderr = 'System.err.println("to stderr");'
        completion_samples = [
            {"text": "Math.absE", "matches": {"absExact("}},
            {"text": "int n = 1; \"x\".toUpperC", "matches": {"toUpperCase("}},
        ]
        complete_code_samples = ["1 + 1", "int x = 1;", "for (int i = 0; i < 2; i++) { x += i; }",
                                 "void f() {\n  System.out.println(1);\n}"]
        incomplete_code_samples = ["for (int i = 0; i < 3; i++) {", "int y = (1 +", "void g() {"]
        invalid_code_samples = ["int z = );", "}"]
        code_generate_error = 'throw new IllegalStateException("boom");'
        code_execute_result = [
            {"code": "6*7", "result": "42"},
            {"code": "\"ab\" + \"cd\"", "result": "abcd"},
            {"code": "new java.awt.image.BufferedImage(3, 2, java.awt.image.BufferedImage.TYPE_INT_RGB)",
             "mime": "image/png"},
        ]
        code_display_data = [
            {"code": "display(new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_INT_RGB));",
             "mime": "image/png"},
            {"code": "display(org.ganworkbench.viz.Tables.html(tech.tablesaw.api.Table.create(\"t\","
                     " tech.tablesaw.api.IntColumn.create(\"n\", new int[] {1, 2}))));",
             "mime": "text/html"},
            {"code": "display(\"plain\");", "mime": "text/plain"},
        ]
        supported_history_operations = ("tail", "range", "search")
        code_history_pattern = "6?7"
        code_inspect_sample = "Math.abs"

        def test_every_bundle_has_text_plain(self):
            """The protocol asks for text/plain in every bundle: images and tables too."""
            for code in [s["code"] for s in self.code_display_data] + [s["code"] for s in self.code_execute_result]:
                self.flush_channels()
                reply, outputs = self.execute_helper(code)
                self.assertEqual(reply["content"]["status"], "ok")
                bundles = [m for m in outputs if m["msg_type"] in ("display_data", "execute_result")]
                self.assertTrue(bundles, code)
                for m in bundles:
                    self.assertIn("text/plain", m["content"]["data"], code)

        def test_compile_error_names_line_and_column(self):
            self.flush_channels()
            reply, outputs = self.execute_helper("int a = 1;\nint b = nope + 1;")
            self.assertEqual(reply["content"]["status"], "error")
            self.assertEqual(reply["content"]["ename"], "CompilationError")
            self.assertIn("line 2, column 9", reply["content"]["evalue"])

        def test_stack_trace_ends_at_the_cell(self):
            self.flush_channels()
            reply, outputs = self.execute_helper("int k = 0;\nObjects.requireNonNull(null, \"gone\");")
            tb = "\n".join(reply["content"]["traceback"])
            self.assertIn("NullPointerException", tb)
            self.assertRegex(tb, r"cell \[\d+\] line 2")
            self.assertNotIn("jdk.jshell", tb.split("frames of JShell")[0])

        def test_cells_queued_before_an_error_are_aborted(self):
            """"Run All" after an error: the queued cells do not run (IPython's stop_on_error)."""
            self.flush_channels()
            first = self.kc.execute('throw new IllegalStateException("stop here");')
            second = self.kc.execute('System.out.println("must not run");')
            replies = {}
            while len(replies) < 2:
                r = self.get_non_kernel_info_reply(timeout=jupyter_kernel_test.TIMEOUT)
                replies[r["parent_header"]["msg_id"]] = r["content"]["status"]
            self.assertEqual(replies[first], "error")
            self.assertEqual(replies[second], "aborted")
            time.sleep(0.5)
            self.flush_channels()
            reply, outputs = self.execute_helper('System.out.println("runs again");')
            self.assertEqual(reply["content"]["status"], "ok", "a cell sent after the error runs")

    suite = unittest.TestLoader().loadTestsFromTestCase(GanJavaKernelTests)
    result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
    print("conformance: %d tests, %d failures, %d errors, %d skipped" % (
        result.testsRun, len(result.failures), len(result.errors), len(result.skipped)))
    return result.wasSuccessful()


# ------------------------------------------------------------------------------------------ helpers

class Session:
    """A kernel with a client; run() executes a cell and collects its outputs."""

    def __init__(self, wait=True):
        self.km = KernelManager(kernel_name=KERNEL)
        self.km.start_kernel()
        self.kc = self.km.client()
        self.kc.start_channels()
        if wait:
            self.kc.wait_for_ready(timeout=60)

    def run(self, code, timeout=120, interrupt_after=None):
        """Returns (reply content, outputs, seconds, seconds from interrupt to reply or None)."""
        msg_id = self.kc.execute(code)
        t0 = time.time()
        t_int = None
        outputs = []
        reply = None
        while reply is None:
            if time.time() - t0 > timeout:
                raise TimeoutError("no reply to %r within %d s" % (code[:60], timeout))
            if interrupt_after is not None and t_int is None and time.time() - t0 >= interrupt_after:
                self.km.interrupt_kernel()
                t_int = time.time()
            try:
                m = self.kc.get_iopub_msg(timeout=0.05)
                if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] in (
                        "stream", "display_data", "execute_result", "error", "update_display_data"):
                    outputs.append(m)
            except queue.Empty:
                pass
            try:
                r = self.kc.get_shell_msg(timeout=0.01)
                if r["parent_header"].get("msg_id") == msg_id:
                    reply = r["content"]
            except queue.Empty:
                pass
        # outputs published before the reply are already queued on iopub
        deadline = time.time() + 2
        while time.time() < deadline:
            try:
                m = self.kc.get_iopub_msg(timeout=0.1)
            except queue.Empty:
                continue
            if m["parent_header"].get("msg_id") != msg_id:
                continue
            if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                break
            if m["msg_type"] in ("stream", "display_data", "execute_result", "error", "update_display_data"):
                outputs.append(m)
        now = time.time()
        return reply, outputs, now - t0, (now - t_int) if t_int else None

    def close(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=False)


def text_of(outputs):
    return "".join(m["content"].get("text", "") for m in outputs if m["msg_type"] == "stream") + "".join(
        m["content"]["data"].get("text/plain", "") for m in outputs if m["msg_type"] == "execute_result")


# ------------------------------------------------------------------------------------------- starts

def starts(n):
    """n fresh kernels, `1+1` sent right after the process starts."""
    times, failures = [], []
    for i in range(n):
        s = None
        t0 = time.time()
        try:
            s = Session(wait=False)
            reply, outputs, _, _ = s.run("1+1", timeout=60)
            took = time.time() - t0
            if reply.get("status") != "ok" or text_of(outputs).strip() != "2":
                failures.append("start %d: %s %r" % (i + 1, reply.get("status"), text_of(outputs)))
            else:
                times.append(took)
        except Exception as e:   # a start that never answers is a failure, not a crash of the check
            failures.append("start %d: %s" % (i + 1, e))
        finally:
            if s:
                s.close()
    ok = len(times)
    line = "starts: %d of %d answered `1+1` sent right after start" % (ok, n)
    if times:
        line += "; start to reply: median %.2f s, min %.2f s, max %.2f s" % (
            statistics.median(times), min(times), max(times))
    print(line)
    for f in failures:
        print("  FAILED " + f)
    return ok == n


# ---------------------------------------------------------------------------------------- interrupt

CASES = [
    # (what, setup cell, cell to interrupt, interrupt after s, limit s from interrupt to reply)
    ("Thread.sleep loop", None,
     "for (int i = 0; i < 600; i++) Thread.sleep(100);", 1.5, 2.0),
    ("busy pure-Java loop", None,
     "long spins = 0; while (spins >= 0) { spins++; }", 1.5, 10.0),
    ("loop of DJL native ops", None,
     "try (var m = ai.djl.ndarray.NDManager.newBaseManager()) {\n"
     "  var a = m.randomUniform(0f, 1f, new ai.djl.ndarray.types.Shape(256, 256));\n"
     "  while (true) { try (var s = m.newSubManager()) { a.tempAttach(s); var b = a.matMul(a).div(256f); b.getFloat(0, 0); } }\n"
     "}", 2.0, 10.0),
]

TRAINING_SETUP = (
    "var clothes = org.ganworkbench.data.FashionMnist.train();\n"
    "var config = org.ganworkbench.training.TrainingConfig.builder(clothes, org.ganworkbench.models.Dcgan.fashionMnist())\n"
    "    .steps(100_000).batchSize(64).seed(1).logEvery(10).build();")
TRAINING = "var run = org.ganworkbench.training.GanTraining.train(config);"
AFTER_TRAINING = (
    "System.out.println(run.log().events().get(run.log().events().size() - 1).message());\n"
    "System.out.println(\"interrupted \" + run.interrupted() + \" at \" + run.interruptedAt() + \", step \" + run.step()"
    " + String.format(\", %.3f s per step\", run.trainingSeconds() / run.step()));\n"
    "display(org.ganworkbench.viz.Views.sampleGrid(run.gan(), run.gan().latent().draw(new Random(1), 8), 8));")


def interrupt():
    s = Session()
    ok = True
    try:
        s.run("int before = 41;")
        for what, setup, cell, after, limit in CASES:
            if setup:
                s.run(setup)
            reply, outputs, total, since = s.run(cell, timeout=120, interrupt_after=after)
            nxt, nout, _, _ = s.run("System.out.println(\"next cell prints \" + (before + 1));")
            good = (reply.get("status") == "error" and reply.get("ename") == "Interrupted" and since is not None
                    and since <= limit and "next cell prints 42" in text_of(nout))
            ok &= good
            print("interrupt %-24s %s: reply %.2f s after the interrupt (limit %.0f s), %s; next cell: %r" % (
                what, "ok" if good else "FAILED", since or -1, limit, reply.get("evalue", reply.get("status"))[:110],
                text_of(nout).strip()))
        reply, _, _, _ = s.run(TRAINING_SETUP, timeout=300)
        if reply.get("status") != "ok":
            print("interrupt training: setup FAILED: %s" % reply.get("evalue"))
            return False
        reply, outputs, total, since = s.run(TRAINING, timeout=300, interrupt_after=6.0)
        after, aout, _, _ = s.run(AFTER_TRAINING, timeout=120)
        pngs = [m for m in aout if m["msg_type"] == "display_data" and "image/png" in m["content"]["data"]]
        lines = text_of(aout).strip().splitlines()
        step_s = None
        for l in lines:
            if "s per step" in l:
                step_s = float(l.rsplit(",", 1)[1].split()[0])
        good = (reply.get("status") == "error" and reply.get("ename") == "Interrupted" and after.get("status") == "ok"
                and any("interrupted true" in l for l in lines) and len(pngs) == 1 and step_s is not None
                and since <= max(2.0, 2 * step_s + 1.0))
        ok &= good
        print("interrupt %-24s %s: reply %.2f s after the interrupt (one step takes %s s); %s; the model sampled %d image(s)" % (
            "GanTraining run", "ok" if good else "FAILED", since or -1, "%.3f" % step_s if step_s else "?",
            " / ".join(lines), len(pngs)))
    finally:
        s.close()
    return ok


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--starts", type=int, default=10, help="fresh starts to try (default 10)")
    p.add_argument("--only", choices=["conformance", "starts", "interrupt"])
    args = p.parse_args()
    results = {}
    if args.only in (None, "conformance"):
        results["conformance"] = conformance()
    if args.only in (None, "starts"):
        results["starts"] = starts(args.starts)
    if args.only in (None, "interrupt"):
        results["interrupt"] = interrupt()
    print("kernel check: " + ", ".join("%s %s" % (k, "passed" if v else "FAILED") for k, v in results.items()))
    return 0 if all(results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
