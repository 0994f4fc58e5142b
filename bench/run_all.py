"""Run every benchmark and print one table of figures (Markdown, for bench/README.md).

    .venv/bin/python bench/run_all.py [--runs 9] [--json all.json]

Runs bench/startup.py and bench/open_large.py, each in its own process (so neither
measures the other's imports), shows their full output, then prints the machine
(nproc, CPU model, Python, PySide6/Qt, load average), the date and the summary table
with pass/miss against the targets. Benchmarks print figures; they are never tests.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import BENCH, ROOT, machine, write_json  # noqa: E402


def run(script: str, runs: int, out: Path) -> dict[str, object] | None:
    print(f"\n=== bench/{script} ===", flush=True)
    proc = subprocess.run(
        [sys.executable, str(BENCH / script), "--runs", str(runs), "--json", str(out)], cwd=ROOT
    )
    if proc.returncode != 0 or not out.exists():
        print(f"bench/{script} failed (exit {proc.returncode})", flush=True)
        return None
    return json.loads(out.read_text(encoding="utf-8"))


def refcount_check() -> tuple[bool, str]:
    """(leaks, first line): see bench/pyside_refcount_check.py."""
    print("\n=== bench/pyside_refcount_check.py ===", flush=True)
    proc = subprocess.run(
        [sys.executable, str(BENCH / "pyside_refcount_check.py")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    print(proc.stdout, end="", flush=True)
    return proc.returncode != 0, (proc.stdout.splitlines() or ["?"])[0]


def fmt_ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def table(
    m: dict[str, str],
    load: str,
    su: dict | None,
    ol: dict | None,
    leak: tuple[bool, str] | None = None,
) -> str:
    lines = [
        f"Machine: {m['nproc']} CPUs ({m['cpu']}), {m['os']}, Python {m['python']},"
        f" PySide6 {m['pyside6']} / Qt {m['qt']}; load average at start {load}",
        f"Date: {m['date']}",
        "",
        "| Benchmark | Median | Min – max | Target | Result |",
        "|---|---|---|---|---|",
    ]
    if su is None:
        lines.append("| Start-up | – | – | ≤ 2.0× bare Qt | not measured (failed) |")
    else:
        app, bare = su["app"], su["bare"]
        lines += [
            f"| Start-up: `main.py --smoke` demo (wall-clock) | {fmt_ms(app['median'])} |"
            f" {fmt_ms(app['min'])} – {fmt_ms(app['max'])} | | |",
            f"| Start-up: `bench/bare_qt.py` (wall-clock) | {fmt_ms(bare['median'])} |"
            f" {fmt_ms(bare['min'])} – {fmt_ms(bare['max'])} | | |",
            f"| **Start-up ratio** app / bare Qt | **{su['ratio']:.2f}×** |"
            f" min/min {app['min'] / bare['min']:.2f}× | ≤ 2.0× |"
            f" {'met' if su['meets_target'] else '**missed**'} |",
        ]
        if "app_paint" in su:
            ap, bp = su["app_paint"], su["bare_paint"]
            lines.append(
                f"| Start-up to first paint (spawn → paint) app / bare | {fmt_ms(ap['median'])}"
                f" / {fmt_ms(bp['median'])} = {su['paint_ratio']:.2f}× |"
                f" app {fmt_ms(ap['min'])} – {fmt_ms(ap['max'])} | (info) | |"
            )
            if "app_teardown" in su:
                at, bt = su["app_teardown"], su["bare_teardown"]
                lines.append(
                    f"| Teardown (paint → process gone) app / bare | {fmt_ms(at['median'])}"
                    f" / {fmt_ms(bt['median'])} | | (info) | |"
                )
        heavy = su["importtime"]["heavy_imported"]
        lines.append(
            "| Heavy imports on the smoke path (matplotlib, reportlab, openpyxl, docx) |"
            f" {', '.join(heavy) if heavy else 'none'} | | none (rule 13) |"
            f" {'**missed**' if heavy else 'met'} |"
        )
    if ol is None:
        lines.append("| Open large + Organisering | – | – | < 300 ms | not measured (failed) |")
    else:
        for key, label in (
            ("large", "Open **large** demo + Organisering painted"),
            ("normal", "Open normal demo + Organisering painted"),
        ):
            r = ol[key]
            t = r["total"]
            target = "< 300 ms" if key == "large" else "(reference)"
            verdict = ("met" if ol["meets_target"] else "**missed**") if key == "large" else ""
            lines.append(
                f"| {label} | {fmt_ms(t['median'])} | {fmt_ms(t['min'])} – {fmt_ms(t['max'])}"
                f" | {target} | {verdict} |"
            )
            parts = ", ".join(
                f"{name} {fmt_ms(r[k]['median'])}"
                for k, name in (
                    ("open", "open_project"),
                    ("window", "window"),
                    ("show", "show"),
                    ("page", "Organisering built"),
                    ("paint", "paint"),
                )
                if k in r
            )
            lines.append(f"| &nbsp;&nbsp;split ({key}, medians) | {parts} | | | |")
        lines.append(f"| Ratio large / normal | {ol['ratio_large_normal']:.2f}× | | (info) | |")
    if leak is not None:
        lines.append(
            f"| PySide6 loses a None reference per void Qt call ({leak[1]}) |"
            f" {'yes' if leak[0] else 'no'} | | no | {'**crash risk**' if leak[0] else 'ok'} |"
        )
    return "\n".join(lines)


# The feature benchmarks of the later issues: each prints its own figures and target
# verdicts; they run with their own default repetitions.
FEATURE_BENCHES = (
    "search.py",
    "servicemap_matrix.py",
    "survey_import.py",
    "workshop.py",
    "handlingsplan.py",
    "handlingsplan_gui.py",
)


def run_feature(script: str, out: Path) -> dict[str, object] | None:
    print(f"\n=== bench/{script} ===", flush=True)
    proc = subprocess.run([sys.executable, str(BENCH / script), "--json", str(out)], cwd=ROOT)
    if proc.returncode != 0 or not out.exists():
        print(f"bench/{script} failed (exit {proc.returncode})", flush=True)
        return None
    return json.loads(out.read_text(encoding="utf-8"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=9, help="timed runs per figure (≥ 7)")
    parser.add_argument("--json", help="also write all figures to this file")
    parser.add_argument(
        "--only-startup", action="store_true", help="skip the feature benchmarks (quicker)"
    )
    args = parser.parse_args()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    m = machine()
    with tempfile.TemporaryDirectory(prefix="nvk-bench-") as tmp:
        su = run("startup.py", args.runs, Path(tmp) / "startup.json")
        ol = run("open_large.py", args.runs, Path(tmp) / "open_large.json")
        features = {}
        if not args.only_startup:
            for script in FEATURE_BENCHES:
                features[script] = run_feature(script, Path(tmp) / f"{script}.json")
    leak = refcount_check()
    print("\n=== Summary ===")
    print(table(m, load, su, ol, leak))
    write_json(
        args.json,
        {
            "machine": m,
            "load": load,
            "startup": su,
            "open_large": ol,
            "none_leak": leak[0],
            "features": features,
        },
    )
    failed = [name for name, result in features.items() if result is None]
    if failed:
        print(f"failed: {', '.join(failed)}")
    return 0 if su is not None and ol is not None and not failed else 1


if __name__ == "__main__":
    sys.exit(main())
