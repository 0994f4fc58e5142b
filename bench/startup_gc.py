"""What the garbage collector costs the start-up, measured without changing the app.

Diagnostic (bench/startup.py is the benchmark). Runs ``main.run(["--smoke", demo])``
through a small wrapper in four ways, interleaved with bench/bare_qt.py:

  as is       python main.py --smoke DEMO.nvk
  freeze      gc.freeze() after main.run returns: interpreter shutdown no longer
              walks every object (several full collections at finalisation)
  nogc        gc.disable() before anything is imported, gc.freeze() at the end:
              also no collections while the modules and the window are built
  nogc+_exit  as nogc, but os._exit(rc) after flushing: no finalisation at all

The wrapper is this file run with ``--variant NAME``. Median of --runs each.

    .venv/bin/python bench/startup_gc.py [--runs 9]
"""

from __future__ import annotations

import gc
import os
import sys

if __name__ == "__main__" and len(sys.argv) > 2 and sys.argv[1] == "--variant":
    variant = sys.argv[2]
    if variant.startswith("nogc"):
        gc.disable()
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import main

    rc = main.run(sys.argv[3:])
    if variant in ("freeze", "nogc"):
        gc.freeze()
    if variant == "nogc+_exit":
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(rc)
    sys.exit(rc)

import argparse  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import BENCH, MAIN, ROOT, make_demo, new_workdir, private_env  # noqa: E402

VARIANTS = ("as is", "freeze", "nogc", "nogc+_exit")


def main_() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    with new_workdir("nvk-bench-gc-") as tmp:
        env = private_env(Path(tmp))
        demo = make_demo(Path(tmp) / "demo.nvk", env=env)
        cmds = {"bare Qt": [sys.executable, str(BENCH / "bare_qt.py")]}
        for v in VARIANTS:
            cmds[v] = (
                [sys.executable, str(MAIN), "--smoke", str(demo)]
                if v == "as is"
                else [sys.executable, __file__, "--variant", v, "--smoke", str(demo)]
            )
        times: dict[str, list[float]] = {k: [] for k in cmds}
        for i in range(args.runs + 1):
            for name, cmd in cmds.items():
                start = time.perf_counter()
                proc = subprocess.run(
                    cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
                )
                elapsed = time.perf_counter() - start
                if proc.returncode != 0:
                    raise SystemExit(f"{name} exited {proc.returncode}:\n{proc.stderr}")
                if i:  # the first round is the warm-up
                    times[name].append(elapsed)
    bare = statistics.median(times["bare Qt"])
    print(f"main.py --smoke with the collector tuned from outside; median of {args.runs}:")
    for name, values in times.items():
        med = statistics.median(values)
        print(
            f"  {name:11s} {med * 1000:6.0f} ms  (min {min(values) * 1000:.0f})"
            f"  ratio to bare Qt {med / bare:.2f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main_())
