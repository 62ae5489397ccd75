"""Executes GAN Workbench notebooks headless with the `gan-java` kernel and checks their outputs.

Run through environment/run-notebooks.sh (it sets JUPYTER_PATH so this checkout's kernelspec is
used, and brings the lib up to date). Needs Debian's /usr/bin/python3 (nbclient, nbformat).

  run-notebooks.sh [NOTEBOOK...]                  smoke mode (GAN_SMOKE=1), every notebooks/*.ipynb
                                                  by default; executed copies go to runs/executed/
  run-notebooks.sh --real --inplace NOTEBOOK...   real run (no GAN_SMOKE); on success the outputs are
                                                  written back into the notebook file (atomically)
  run-notebooks.sh --self-check                   a throwaway notebook in /tmp: kernel starts, DJL on
                                                  the classpath, display()/updateDisplay() give PNGs

A notebook fails when a cell raises, when any output is an error output, when a stderr stream
mentions "Exception" or "Error:", or when it shows no image/png output at all.
Exit status: 0 all passed, 1 some failed, 2 usage error.
"""
import argparse
import glob
import os
import re
import sys
import tempfile
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
STDERR_BAD = re.compile(r"Exception|Error:")


def clean(text, limit=3000):
    text = ANSI.sub("", text or "")
    return text if len(text) <= limit else text[:limit] + "\n... (%d more characters)" % (len(text) - limit)


def first_line(source):
    for line in source.splitlines():
        if line.strip():
            return line.strip()[:100]
    return "(empty)"


def check_outputs(nb):
    """Problems found in the executed notebook's outputs, as (cell index, text)."""
    problems, pngs = [], 0
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            kind = out.get("output_type")
            if kind == "error":
                tb = "\n".join(out.get("traceback", [])) or "%s: %s" % (out.get("ename"), out.get("evalue"))
                problems.append((i, "error output: " + clean(tb)))
            elif kind == "stream" and out.get("name") == "stderr" and STDERR_BAD.search(out.get("text", "")):
                problems.append((i, "stderr mentions an exception/error:\n" + clean(out.get("text"))))
            elif kind in ("display_data", "execute_result") and "image/png" in out.get("data", {}):
                pngs += 1
    return problems, pngs


def execute(path, nb, kernel, timeout, progress, log):
    """Runs nb in place; returns (cell index or None, error text or None). One kernel start, no
    retries: a kernel that does not come up fails the notebook. A cell over its time limit is
    interrupted (the kernel stops it and lives on) and reported."""
    t_cell = [0.0]
    current = [None]

    def on_cell_start(cell, cell_index, **_):
        current[0] = cell_index
        t_cell[0] = time.time()
        if progress and cell.cell_type == "code":
            print("    cell %d: %s" % (cell_index, first_line(cell.source)), flush=True)

    def on_done(cell, cell_index, **_):
        if progress and cell.cell_type == "code":
            print("    cell %d done in %.1f s" % (cell_index, time.time() - t_cell[0]), flush=True)

    client = NotebookClient(
        nb, kernel_name=kernel, timeout=timeout, startup_timeout=60, allow_errors=False,
        record_timing=False, interrupt_on_timeout=True,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}},
        on_cell_start=on_cell_start, on_cell_executed=on_done)
    try:
        client.execute(stdout=log, stderr=log)   # the kernel process's own output
        return None, None
    except CellTimeoutError as e:
        return current[0], "cell timed out after %d s: %s" % (timeout, clean(str(e)))
    except CellExecutionError as e:
        return current[0], clean(str(e))
    except DeadKernelError as e:
        return current[0], "the kernel died: " + clean(str(e))
    except RuntimeError as e:
        return current[0], "kernel problem: " + clean(str(e))


def run_one(path, args, out_dir):
    name = os.path.relpath(path, REPO) if os.path.abspath(path).startswith(REPO + os.sep) else path
    nb = nbformat.read(path, as_version=4)
    started = time.time()
    print("==> %s (%s mode, cell timeout %d s)" % (name, "real" if args.real else "smoke", args.timeout), flush=True)
    os.makedirs(out_dir, exist_ok=True)
    log_path = os.path.join(out_dir, os.path.splitext(os.path.basename(path))[0] + ".kernel.log")
    with open(log_path, "w") as log:
        cell, error = execute(path, nb, args.kernel, args.timeout, args.real or args.verbose, log)
    failures = []
    if error:
        where = "cell %d (%s)" % (cell, first_line(nb.cells[cell].source)) if cell is not None else "kernel start"
        failures.append("%s: %s" % (where, error))
    problems, pngs = check_outputs(nb)
    for i, text in problems:
        if error and i == cell:
            continue  # the failing cell's error output, already reported
        failures.append("cell %d (%s): %s" % (i, first_line(nb.cells[i].source), text))
    if not error and pngs == 0:
        failures.append("no image/png output at all (a notebook must show at least one picture)")
    elapsed = time.time() - started

    target = None
    if args.inplace and not failures:
        target = path
        fd, tmp = tempfile.mkstemp(prefix=".%s." % os.path.basename(path), suffix=".tmp", dir=os.path.dirname(os.path.abspath(path)))
        os.close(fd)
        nbformat.write(nb, tmp)
        os.chmod(tmp, os.stat(path).st_mode & 0o777)
        os.replace(tmp, path)
    else:
        target = os.path.join(out_dir, os.path.basename(path))
        nbformat.write(nb, target)

    if failures:
        print("FAILED %s in %.0f s (executed copy: %s)" % (name, elapsed, target), flush=True)
        for f in failures:
            print("  - " + f.replace("\n", "\n    "), flush=True)
        if args.inplace:
            print("  (not written back into %s)" % name)
        with open(log_path) as f:
            tail = f.read().splitlines()[-15:]
        if tail:
            print("  kernel process log (%s), last lines:\n    %s" % (log_path, "\n    ".join(tail)), flush=True)
    else:
        print("ok     %s in %.0f s, %d picture(s) -> %s" % (name, elapsed, pngs, target), flush=True)
    return not failures


SELF_CHECK_CELLS = [
    "import java.awt.image.BufferedImage;",
    "var img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);\n"
    "for (int i = 0; i < 64; i++) img.setRGB(i, i, 0xff0000);\n"
    "String id = display(img);   // Display.display: static-imported by the kernel\n"
    "if (id == null || id.isEmpty()) throw new IllegalStateException(\"display() returned no id\");",
    "img.setRGB(10, 20, 0x00ff00);\nupdateDisplay(id, img);",
    "String engine = ai.djl.engine.Engine.getInstance().getEngineName();\n"
    "String wanted = System.getenv(\"DJL_DEFAULT_ENGINE\");\n"
    "if (wanted != null && !wanted.isEmpty() && !wanted.equals(engine)) throw new IllegalStateException(\"engine \" + engine + \" != \" + wanted);\n"
    "try (var m = ai.djl.ndarray.NDManager.newBaseManager()) {\n"
    "  float s = m.ones(new ai.djl.ndarray.types.Shape(2, 3)).sum().getFloat();\n"
    "  if (s != 6f) throw new IllegalStateException(\"sum \" + s);\n"
    "}\n"
    "System.out.println(\"engine \" + engine + \", data \" + System.getenv(\"GAN_WORKBENCH_DATA\") + \", OMP_NUM_THREADS \" + System.getenv(\"OMP_NUM_THREADS\"));",
]


def self_check(args):
    tmpdir = tempfile.mkdtemp(prefix="gan-kernel-check-")
    path = os.path.join(tmpdir, "kernel-check.ipynb")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in SELF_CHECK_CELLS]
    nb.metadata["kernelspec"] = {"name": args.kernel, "display_name": "Java (GAN Workbench)", "language": "java"}
    nbformat.write(nb, path)
    ok = run_one(path, args, tmpdir)
    if ok:
        done = nbformat.read(os.path.join(tmpdir, "kernel-check.ipynb"), as_version=4)
        updated = [o for o in done.cells[1].outputs if "image/png" in o.get("data", {})]
        if not updated:
            print("FAILED self-check: display() showed no PNG")
            ok = False
        else:
            for o in done.cells[3].outputs:
                if o.get("output_type") == "stream":
                    print("  " + o.get("text", "").strip())
    return ok


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("notebooks", nargs="*", help="default: notebooks/*.ipynb")
    p.add_argument("--real", action="store_true", help="no GAN_SMOKE: full training runs")
    p.add_argument("--inplace", action="store_true", help="write outputs back into the notebook (needs --real)")
    p.add_argument("--timeout", type=int, help="seconds per cell (smoke 600, real 7200)")
    p.add_argument("--out", default=os.path.join(REPO, "runs", "executed"), help="where executed copies go")
    p.add_argument("--kernel", default="gan-java")
    p.add_argument("--self-check", action="store_true")
    p.add_argument("-v", "--verbose", action="store_true", help="print each cell as it runs")
    args = p.parse_args()
    if args.inplace and not args.real:
        p.error("--inplace needs --real: smoke-mode outputs are not for committing")
    if args.timeout is None:
        args.timeout = 7200 if args.real else 600
    if args.real:
        os.environ.pop("GAN_SMOKE", None)
    else:
        os.environ["GAN_SMOKE"] = "1"

    if args.self_check:
        return 0 if self_check(args) else 1

    paths = args.notebooks or sorted(glob.glob(os.path.join(REPO, "notebooks", "*.ipynb")))
    if not paths:
        print("no notebooks found in notebooks/: nothing to run")
        print("notebooks: 0 passed, 0 failed")
        return 0
    missing = [x for x in paths if not os.path.isfile(x)]
    if missing:
        p.error("no such notebook: " + ", ".join(missing))
    passed = failed = 0
    for path in paths:
        if run_one(path, args, args.out):
            passed += 1
        else:
            failed += 1
    print("notebooks: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
