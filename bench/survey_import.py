"""Importing a large survey export and recomputing the results, against a plain read
of the same file, in-process (issue 4's benchmark).

Built here, once per run of the benchmark:

  project  a fresh project (services.project.create_project) with one survey from the
           item bank (services.surveys.create_survey: all three groups, all items)
  data     --rows responses (10,000) from næringsliv × 60 columns, the headers being
           the survey's own næringsliv wordings: the 3 background questions (answer
           labels such as «4–10 ansatte»), the 54 scale items (digits 1–5, about 6 %
           «Vet ikke», about 3 % left empty) and 3 open questions (a sentence in
           about one row in six); written as CSV (UTF-8 with BOM, semicolons, as
           Excel in Norway saves it) and as XLSX (openpyxl write-only, numbers as
           numbers)

Timed per format, interleaved (CSV plain, CSV import, XLSX plain, XLSX import), after
one untimed warm-up round; median, min and max of --runs (≥ 5):

  (a) plain read   CSV: the csv module reading every row; XLSX: openpyxl
                   load_workbook(read_only=True) iterating every row (values_only)
  (b) import       services.surveys.import_answers into a fresh copy of the project
                   (copied and opened untimed) – this INCLUDES its automatic backup of
                   the project before the write – followed by recomputing every result
                   (services.survey_results.survey_results)

and, inside (b), where the time goes: read_table (decode, sniff, header, content
hash), propose_mapping, parse_answers, the backup, survey_results, and the rest
(the write transaction with its bulk inserts and commit, the duplicate check).

Target (issue 4): (b) at most 3× (a).

Run: .venv/bin/python bench/survey_import.py [--runs 5] [--rows 10000] [--json out.json]
"""

from __future__ import annotations

import argparse
import csv
import gc
import random
import shutil
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT, machine, ms, new_workdir, stats, use_private_env, write_json  # noqa: E402

TARGET_RATIO = 3.0
SEED = 4_2026
KOMMUNE = "5540"  # Gáivuotna – Kåfjord – Kaivuono: a real municipality, fictional answers
SURVEY = "Næringslivsundersøkelse 2026"
GROUP = "naeringsliv"
DONT_KNOW = "Vet ikke"
SENTENCES = (
    "Saksbehandlingen tar for lang tid, og vi får sjelden beskjed om hvor saken står.",
    "Veiledningen før søknaden var god og sparte oss for flere runder.",
    "Det er vanskelig å vite hvem i kommunen vi skal kontakte.",
    "Næringsforum er nyttig, men møtene kolliderer med høysesongen.",
    "Kommunen bør samle informasjon om etablering på ett sted.",
    "Gebyrene oppleves som høye sammenlignet med nabokommunene.",
    "Bredbånd og mobildekning i fjordområdene er for dårlig.",
    "Det mangler ledige næringsarealer med vei, vann og strøm.",
)
PARTS = ("read_table", "propose_mapping", "parse_answers", "backup", "insert and commit")


# -- the data ----------------------------------------------------------------------------
def build_project(path: Path) -> tuple[int, list[Any]]:
    """A fresh project with one survey; returns its id and the 60 næringsliv columns
    (3 background, 54 scale, 3 open items) in questionnaire order."""
    from nvk_desktop.domain.survey import ItemKind, RespondentGroup
    from nvk_desktop.services.project import create_project
    from nvk_desktop.services.surveys import create_survey, get_survey

    project = create_project(path, KOMMUNE, "Benchmark: import av spørreundersøkelse")
    try:
        survey_id = create_survey(project, SURVEY)
        group = RespondentGroup(GROUP)
        asked = [it for it in get_survey(project, survey_id).items if it.asked_of(group)]
    finally:
        project.close()
    background = [it for it in asked if it.kind is ItemKind.BACKGROUND][:3]
    scale = [it for it in asked if it.kind.is_scale][:54]
    opened = [it for it in asked if it.kind is ItemKind.OPEN][:3]
    keys = {it.key for it in (*background, *scale, *opened)}
    columns = [it for it in asked if it.key in keys]
    if len(columns) != 60:
        raise SystemExit(f"the item bank gives {len(columns)} næringsliv columns, not 60")
    return survey_id, columns


def build_rows(columns: list[Any], rows: int) -> tuple[list[str], list[list[object]]]:
    """Headers (the næringsliv wording) and answers; scale answers as ints."""
    from nvk_desktop.domain.survey import ItemKind, RespondentGroup

    group = RespondentGroup(GROUP)
    rng = random.Random(SEED)
    headers = [it.text(group) or it.key for it in columns]
    data: list[list[object]] = []
    for _ in range(rows):
        lean = rng.uniform(-1.0, 1.0)  # some respondents are happier than others
        row: list[object] = []
        for it in columns:
            if it.kind is ItemKind.BACKGROUND:
                row.append(rng.choice(it.options).label)
            elif it.kind is ItemKind.OPEN:
                row.append(rng.choice(SENTENCES) if rng.random() < 0.17 else "")
            else:
                r = rng.random()
                if r < 0.06:
                    row.append(DONT_KNOW)
                elif r < 0.09:
                    row.append("")
                else:
                    row.append(min(5, max(1, round(rng.gauss(3.2 + lean, 1.0)))))
        data.append(row)
    return headers, data


def write_csv(path: Path, headers: list[str], data: list[list[object]]) -> None:
    with path.open("w", newline="", encoding="utf-8-sig") as f:
        writer = csv.writer(f, delimiter=";")
        writer.writerow(headers)
        writer.writerows(data)


def write_xlsx(path: Path, headers: list[str], data: list[list[object]]) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Svar")
    ws.append(headers)
    for row in data:
        ws.append([None if v == "" else v for v in row])
    wb.save(path)


# -- (a) the plain read ----------------------------------------------------------------
def plain_csv(path: Path) -> int:
    with path.open(newline="", encoding="utf-8-sig") as f:
        return len(list(csv.reader(f, delimiter=";")))


def plain_xlsx(path: Path) -> int:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    try:
        return len(list(wb.worksheets[0].iter_rows(values_only=True)))
    finally:
        wb.close()


# -- (b) import + results, with the time of its parts ------------------------------------
class Parts:
    """Wraps the import's steps (as surveys.py calls them) to time each one."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def installed(self) -> Iterator[None]:
        from nvk_desktop.services import surveys
        from nvk_desktop.store.projectfile import ProjectStore

        saved: list[tuple[object, str, object]] = []

        def wrap(owner: object, name: str, part: str) -> None:
            original = getattr(owner, name)

            def timed(*args: object, **kwargs: object) -> object:
                t0 = time.perf_counter()
                try:
                    return original(*args, **kwargs)
                finally:
                    self.seconds[part] = self.seconds.get(part, 0.0) + time.perf_counter() - t0

            saved.append((owner, name, original))
            setattr(owner, name, timed)

        wrap(surveys, "read_table", "read_table")
        wrap(surveys, "propose_mapping", "propose_mapping")
        wrap(surveys, "parse_answers", "parse_answers")
        wrap(ProjectStore, "backup", "backup")
        try:
            yield
        finally:
            for owner, name, original in reversed(saved):
                setattr(owner, name, original)


def import_and_results(
    base: Path, survey_id: int, data: Path, workdir: Path, rows: int
) -> dict[str, float]:
    from nvk_desktop.services.project import open_project
    from nvk_desktop.services.survey_results import survey_results
    from nvk_desktop.services.surveys import import_answers

    copy = workdir / f"run-{data.suffix[1:]}.nvk"
    shutil.copyfile(base, copy)
    project = open_project(copy)
    parts = Parts()
    try:
        gc.collect()
        with parts.installed():
            t0 = time.perf_counter()
            summary = import_answers(project, survey_id, GROUP, data)
            t1 = time.perf_counter()
            results = survey_results(project, survey_id)
            t2 = time.perf_counter()
    finally:
        project.close()
    if summary.respondents != rows:
        raise SystemExit(f"imported {summary.respondents} of {rows} rows from {data.name}")
    if not results.items:
        raise SystemExit("survey_results gave no items")
    copy.unlink()
    out = {"import": t1 - t0, "results": t2 - t1, "total": t2 - t0}
    out.update({k: parts.seconds.get(k, 0.0) for k in PARTS[:4]})
    out["insert and commit"] = out["import"] - sum(parts.seconds.get(k, 0.0) for k in PARTS[:4])
    return out


def timed(fn: Callable[[], object]) -> float:
    gc.collect()
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


# -- report ------------------------------------------------------------------------------
def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed rounds (≥ 5)")
    parser.add_argument("--rows", type=int, default=10_000, help="responses in the file")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    if args.runs < 5:
        parser.error("--runs must be at least 5")

    with new_workdir("nvk-bench-survey-import-") as tmp:
        workdir = Path(tmp)
        use_private_env(workdir)  # backups and settings stay in the work folder
        sys.path.insert(0, str(ROOT))
        facts = machine()

        t0 = time.perf_counter()
        base = workdir / "base.nvk"
        survey_id, columns = build_project(base)
        headers, data = build_rows(columns, args.rows)
        files = {"CSV": workdir / "svar.csv", "XLSX": workdir / "svar.xlsx"}
        write_csv(files["CSV"], headers, data)
        write_xlsx(files["XLSX"], headers, data)
        built = time.perf_counter() - t0
        plain = {"CSV": plain_csv, "XLSX": plain_xlsx}

        samples: dict[str, dict[str, list[float]]] = {f: {} for f in files}
        for round_ in range(args.runs + 1):  # round 0 warms up (imports, caches)
            for fmt, path in files.items():
                read = timed(lambda fmt=fmt, path=path: plain[fmt](path))  # type: ignore[misc]
                figures = import_and_results(base, survey_id, path, workdir, args.rows)
                if round_ == 0:
                    continue
                samples[fmt].setdefault("plain", []).append(read)
                for key, value in figures.items():
                    samples[fmt].setdefault(key, []).append(value)

        print(
            f"Machine: {facts['nproc']} CPUs ({facts['cpu']}), {facts['os']},"
            f" Python {facts['python']}"
        )
        print(f"Date: {facts['date']}")
        rows_text = f"{args.rows:,}".replace(",", " ")
        print(
            f"Data: {rows_text} responses × {len(columns)} columns (3 background, 54 scale,"
            f" 3 open), næringsliv wording; CSV {files['CSV'].stat().st_size / 1e6:.1f} MB,"
            f" XLSX {files['XLSX'].stat().st_size / 1e6:.1f} MB (built in {built:.1f} s)"
        )
        print(f"Medians of {args.runs} interleaved runs; the import includes its automatic backup.")
        head = f"  {'':5s} {'(a) plain read':>15s} {'import':>9s} {'results':>9s}"
        print(head + f" {'(b) import+results':>19s} {'(b)/(a)':>8s}   target ≤ {TARGET_RATIO:g}×")
        out: dict[str, object] = {}
        met_all = True
        for fmt in files:
            s = {k: stats(v) for k, v in samples[fmt].items()}
            ratio = s["total"]["median"] / s["plain"]["median"]
            met = ratio <= TARGET_RATIO
            met_all &= met
            print(
                f"  {fmt:5s} {ms(s['plain']['median']):>15s} {ms(s['import']['median']):>9s}"
                f" {ms(s['results']['median']):>9s} {ms(s['total']['median']):>19s}"
                f" {ratio:7.1f}×   {'MET' if met else 'MISSED'}"
            )
            out[fmt] = {"ratio": ratio, "meets_target": met, **s}
        print("  Where (b) goes (medians):")
        for fmt in files:
            parts = [(k, statistics.median(samples[fmt][k])) for k in (*PARTS, "results")]
            total = statistics.median(samples[fmt]["total"])
            print(f"    {fmt:5s} " + ", ".join(f"{k} {ms(v)} ({v / total:.0%})" for k, v in parts))
        print("  Spread (min–max):")
        for fmt in files:
            got = samples[fmt]
            print(
                f"    {fmt:5s} plain {ms(min(got['plain']))}–{ms(max(got['plain']))},"
                f" import+results {ms(min(got['total']))}–{ms(max(got['total']))}"
            )
        print(f"  target (b) ≤ {TARGET_RATIO:g}× (a): {'MET' if met_all else 'MISSED'}")
        write_json(
            args.json,
            {
                "machine": facts,
                "runs": args.runs,
                "rows": args.rows,
                "columns": len(columns),
                "target_ratio": TARGET_RATIO,
                "backup_included": True,
                "formats": out,
            },
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
