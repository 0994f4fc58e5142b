"""Start-up benchmark: ``main.py --smoke DEMO.nvk`` against a bare PySide6 window.

What is timed: process start → main window painted with the demo project open → exit,
as wall-clock (time.perf_counter around subprocess.run), for

  A  python main.py --smoke DEMO.nvk   (the app: Qt, storage, open the file, paint)
  B  python bench/bare_qt.py           (Qt alone: empty QMainWindow, quit on first paint)

interleaved A B A B … after one warm-up run of each, median of --runs (default 9).
Target (DESIGN.md rule 13, the issue): median(A) / median(B) ≤ 2.0.

Also printed, to find what costs the time:
  * time to first paint (spawn → paint event), from a second interleaved series that
    runs the same entry point through bench/_smoke_probe.py; the rest is teardown
    (closing the project, interpreter shutdown);
  * ``python -X importtime main.py --smoke``: the 15 largest cumulative imports, self
    time per top-level package, and whether matplotlib, reportlab, openpyxl or docx
    are imported (rule 13 says they must not be);
  * ``python -m cProfile main.py --smoke``: the 15 largest functions by cumulative
    time on the main thread.

Benchmarks print figures; they are never timed tests. Run:
    .venv/bin/python bench/startup.py [--runs 9] [--json out.json]
"""

from __future__ import annotations

import argparse
import pstats
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    BENCH,
    MAIN,
    ROOT,
    make_demo,
    ms,
    new_workdir,
    private_env,
    stats,
    write_json,
)

TARGET_RATIO = 2.0
HEAVY = ("matplotlib", "reportlab", "openpyxl", "docx")
# Worth knowing about on the start-up path even though rule 13 does not name them.
NOTABLE = ("numpy", "PIL", "pandas", "sqlalchemy", "platformdirs", "fontTools", "lxml")


TIMEOUT_S = 120


def _run(cmd: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=TIMEOUT_S
        )
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
        err = e.stderr.decode() if isinstance(e.stderr, bytes) else (e.stderr or "")
        return subprocess.CompletedProcess(
            cmd, -999, out, err + f"\n[hung: killed after {TIMEOUT_S} s]"
        )


def run_timed(
    cmd: list[str], env: dict[str, str]
) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    proc = _run(cmd, env)
    return time.perf_counter() - start, proc


def run_stamped(cmd: list[str], env: dict[str, str]) -> tuple[float, float | None, int]:
    """Wall-clock and spawn → paint (from the child's BENCH_PAINT line)."""
    env = dict(env, BENCH_PAINT_STAMP="1")
    spawn = time.time()
    start = time.perf_counter()
    proc = _run(cmd, env)
    wall = time.perf_counter() - start
    paint = None
    m = re.search(r"BENCH_PAINT (\d+\.\d+)", proc.stdout)
    if m:
        paint = float(m.group(1)) - spawn
    return wall, paint, proc.returncode


def check(proc: subprocess.CompletedProcess[str], what: str) -> None:
    if proc.returncode != 0:
        raise SystemExit(
            f"{what} exited {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
        )


def parse_importtime(stderr: str) -> list[tuple[int, int, int, str]]:
    """(self µs, cumulative µs, depth, module) for every line of -X importtime."""
    rows = []
    for line in stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if m:
            depth = (len(m.group(3)) - 1) // 2
            rows.append((int(m.group(1)), int(m.group(2)), depth, m.group(4)))
    return rows


def importtime_report(demo: Path, env: dict[str, str]) -> dict[str, object]:
    cmd = [sys.executable, "-X", "importtime", str(MAIN), "--smoke", str(demo)]
    proc = _run(cmd, env)
    rows = parse_importtime(proc.stderr)
    top = sorted(rows, key=lambda r: r[1], reverse=True)[:15]
    by_package: dict[str, int] = {}
    for self_us, _cum, _depth, name in rows:
        pkg = name.split(".")[0]
        by_package[pkg] = by_package.get(pkg, 0) + self_us
    names = {r[3] for r in rows}
    heavy = sorted({n.split(".")[0] for n in names if n.split(".")[0] in HEAVY})
    notable = sorted({n.split(".")[0] for n in names if n.split(".")[0] in NOTABLE})
    return {
        "returncode": proc.returncode,
        "modules": len(rows),
        "total_self_ms": sum(r[0] for r in rows) / 1000,
        "top_cumulative": [
            {"module": n, "cumulative_ms": c / 1000, "self_ms": s / 1000, "depth": d}
            for s, c, d, n in top
        ],
        "self_by_package": [
            {"package": p, "self_ms": us / 1000}
            for p, us in sorted(by_package.items(), key=lambda kv: kv[1], reverse=True)[:12]
        ],
        "heavy_imported": heavy,
        "notable_imported": notable,
    }


def cprofile_report(demo: Path, env: dict[str, str], workdir: Path) -> list[dict[str, object]]:
    out = workdir / "smoke.prof"
    cmd = [sys.executable, "-m", "cProfile", "-o", str(out), str(MAIN), "--smoke", str(demo)]
    proc = _run(cmd, env)
    if proc.returncode != 0 or not out.exists():
        return []
    st = pstats.Stats(str(out))
    rows = []
    for (filename, line, func), (_cc, nc, tt, ct, _callers) in st.stats.items():  # type: ignore[attr-defined]
        where = filename
        try:
            where = str(Path(filename).resolve().relative_to(ROOT))
        except ValueError:
            m = re.search(r"site-packages/(.*)", filename)
            if m:
                where = m.group(1)
        rows.append(
            {
                "function": f"{where}:{line}({func})",
                "calls": nc,
                "tottime_ms": tt * 1000,
                "cumtime_ms": ct * 1000,
            }
        )
    rows.sort(key=lambda r: r["cumtime_ms"], reverse=True)  # type: ignore[arg-type, return-value]
    # Skip the wrappers every run has (the profiler's own exec, main.py's module code).
    skip = ("{built-in method builtins.exec}", "<module>", "(run)", "cProfile", "runpy")
    return [r for r in rows if not any(s in str(r["function"]) for s in skip)][:15]


def measure(runs: int) -> dict[str, object]:
    with new_workdir("nvk-bench-startup-") as tmp:
        workdir = Path(tmp)
        env = private_env(workdir)
        demo = make_demo(workdir / "demo.nvk", env=env)

        smoke = [sys.executable, str(MAIN), "--smoke", str(demo)]
        bare = [sys.executable, str(BENCH / "bare_qt.py")]
        probe = [sys.executable, str(BENCH / "_smoke_probe.py"), "--smoke", str(demo)]

        # Warm-up: page cache, .pyc files, the first-open backup of the demo file.
        for cmd, what in ((smoke, "main.py --smoke"), (bare, "bench/bare_qt.py")):
            _, proc = run_timed(cmd, env)
            check(proc, what)

        app_times: list[float] = []
        bare_times: list[float] = []
        for _ in range(runs):
            t, proc = run_timed(smoke, env)
            check(proc, "main.py --smoke")
            app_times.append(t)
            t, proc = run_timed(bare, env)
            check(proc, "bench/bare_qt.py")
            bare_times.append(t)

        # Second series: spawn → first paint, interleaved the same way.
        app_paint: list[float] = []
        bare_paint: list[float] = []
        app_teardown: list[float] = []
        bare_teardown: list[float] = []
        for _ in range(runs):
            wall, paint, code = run_stamped(probe, env)
            if code == 0 and paint is not None:
                app_paint.append(paint)
                app_teardown.append(wall - paint)
            wall, paint, code = run_stamped(bare, env)
            if code == 0 and paint is not None:
                bare_paint.append(paint)
                bare_teardown.append(wall - paint)

        result: dict[str, object] = {
            "runs": runs,
            "app": stats(app_times),
            "bare": stats(bare_times),
            "ratio": stats(app_times)["median"] / stats(bare_times)["median"],
            "target_ratio": TARGET_RATIO,
            "app_times": app_times,
            "bare_times": bare_times,
        }
        if app_paint and bare_paint:
            result["app_paint"] = stats(app_paint)
            result["bare_paint"] = stats(bare_paint)
            result["paint_ratio"] = stats(app_paint)["median"] / stats(bare_paint)["median"]
            result["app_teardown"] = stats(app_teardown)
            result["bare_teardown"] = stats(bare_teardown)
        result["meets_target"] = result["ratio"] <= TARGET_RATIO  # type: ignore[operator]
        result["importtime"] = importtime_report(demo, env)
        result["cprofile"] = cprofile_report(demo, env, workdir)
        return result


def report(r: dict[str, object]) -> None:
    app, bare = r["app"], r["bare"]
    assert isinstance(app, dict) and isinstance(bare, dict)
    print(f"Start-up, wall-clock, median of {r['runs']} interleaved runs (after a warm-up):")
    print(
        f"  main.py --smoke DEMO.nvk   median {ms(app['median'])}"
        f"  (min {ms(app['min'])}, max {ms(app['max'])})"
    )
    print(
        f"  bench/bare_qt.py           median {ms(bare['median'])}"
        f"  (min {ms(bare['min'])}, max {ms(bare['max'])})"
    )
    verdict = "MET" if r["meets_target"] else "MISSED"
    print(f"  ratio {r['ratio']:.2f}x   target ≤ {TARGET_RATIO:.1f}x   {verdict}")
    if "app_paint" in r:
        ap, bp = r["app_paint"], r["bare_paint"]
        assert isinstance(ap, dict) and isinstance(bp, dict)
        at, bt = r["app_teardown"], r["bare_teardown"]
        assert isinstance(at, dict) and isinstance(bt, dict)
        print("Second series, same interleaving: spawn → first paint, and paint → exit:")
        print(
            f"  app  paint {ms(ap['median'])}, teardown {ms(at['median'])}\n"
            f"  bare paint {ms(bp['median'])}, teardown {ms(bt['median'])}\n"
            f"  ratio to first paint {r['paint_ratio']:.2f}x"
        )
    it = r["importtime"]
    assert isinstance(it, dict)
    print(
        f"\npython -X importtime main.py --smoke: {it['modules']} modules,"
        f" {it['total_self_ms']:.0f} ms of import time in total (all threads)"
    )
    print("  top 15 by cumulative time:")
    for row in it["top_cumulative"]:
        indent = "  " * min(row["depth"], 6)
        print(
            f"    {row['cumulative_ms']:7.1f} ms cum  {row['self_ms']:6.1f} ms self  "
            f"{indent}{row['module']}"
        )
    print("  self time by top-level package:")
    for row in it["self_by_package"]:
        print(f"    {row['self_ms']:7.1f} ms  {row['package']}")
    if it["heavy_imported"]:
        print(f"  RULE 13 VIOLATION: imported at start-up: {', '.join(it['heavy_imported'])}")
    else:
        print("  matplotlib, reportlab, openpyxl, docx: none imported (rule 13 kept)")
    if it["notable_imported"]:
        print(f"  other notable packages on the path: {', '.join(it['notable_imported'])}")
    prof = r["cprofile"]
    if prof:
        print("\npython -m cProfile main.py --smoke (main thread), top 15 by cumulative time:")
        assert isinstance(prof, list)
        for row in prof:
            print(
                f"  {row['cumtime_ms']:7.1f} ms cum {row['tottime_ms']:7.1f} ms own"
                f" {row['calls']:6d}x  {row['function']}"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=9, help="timed runs of each (≥ 7)")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    if args.runs < 7:
        parser.error("--runs must be at least 7")
    result = measure(args.runs)
    report(result)
    write_json(args.json, result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
