"""The survey commands of the command line (issue 4, point 8): import-survey, surveys,
results. Kept apart from cli.py so that it stays a short list of commands.

The JSON printed by ``surveys --json`` and ``results --json`` is a stable contract.
"""

from __future__ import annotations

import argparse
import json
import sys

from nvk_desktop.analysis.formatting import format_number, format_percent
from nvk_desktop.errors import KnownError
from nvk_desktop.importers.survey_import import ColumnMapping

MAX_PROBLEM_LINES = 20


def _read_mapping(args: argparse.Namespace) -> ColumnMapping | None:
    if args.mapping is None:
        return None
    try:
        text = args.mapping.read_text(encoding="utf-8-sig")
    except OSError as e:
        raise KnownError(
            f"Kan ikke lese koblingsfilen «{args.mapping}» ({e.strerror or e}).",
            "Sjekk navnet og mappen.",
        ) from None
    return ColumnMapping.from_json(text)


def import_survey(args: argparse.Namespace) -> int:
    from nvk_desktop.services.project import open_project
    from nvk_desktop.services.surveys import (
        ImportRefused,
        find_survey,
        import_answers,
        preview_import,
    )

    mapping = _read_mapping(args)
    project = open_project(args.file, read_only=args.dry_run)
    try:
        survey = find_survey(project, args.survey)
        preview = preview_import(project, survey.id, args.group, args.data, mapping)
        for line in preview.lines:
            print(line)
        print(f"Lest som: {preview.source}")
        for problem in preview.warnings[:MAX_PROBLEM_LINES]:
            print(f"Merk: {problem}")
        if args.save_mapping is not None:
            try:
                args.save_mapping.write_text(preview.mapping.to_json() + "\n", encoding="utf-8")
            except OSError as e:
                raise KnownError(
                    f"Kan ikke skrive koblingsfilen «{args.save_mapping}» ({e.strerror or e})."
                ) from None
            print(f"Kolonnekoblingen er lagret i {args.save_mapping}")
        if args.dry_run:
            if preview.errors:
                _print_problems(preview.errors)
                print(
                    f"feil: «{args.data.name}» kan ikke importeres ({len(preview.errors)} feil).",
                    file=sys.stderr,
                )
                return 1
            if preview.duplicate_of is not None:
                print(f"Merk: filen er importert før: {preview.duplicate_of.describe()}.")
            print(f"Respondenter: {preview.respondents} (prøvekjøring, ingenting er lagret)")
            return 0
        try:
            summary = import_answers(project, survey.id, args.group, args.data, mapping)
        except ImportRefused as e:
            _print_problems(e.problems)
            raise
        print(f"Respondenter: {summary.respondents} importert til «{survey.name}».")
        if summary.backup is not None:
            print(f"Sikkerhetskopi før importen: {summary.backup}")
        return 0
    finally:
        project.close()


def _print_problems(problems: tuple[object, ...]) -> None:
    for problem in problems[:MAX_PROBLEM_LINES]:
        print(f"  {problem}", file=sys.stderr)
    if len(problems) > MAX_PROBLEM_LINES:
        print(f"  … og {len(problems) - MAX_PROBLEM_LINES} til", file=sys.stderr)


def print_surveys(args: argparse.Namespace) -> int:
    from nvk_desktop.services.project import open_project
    from nvk_desktop.services.surveys import list_surveys

    project = open_project(args.file, read_only=True)
    try:
        surveys = list_surveys(project)
    finally:
        project.close()
    if args.json:
        out = [
            {
                "name": sv.name,
                "round": sv.round.value,
                "groups": [g.value for g in sv.groups],
                "answers": sv.responses,
            }
            for sv in surveys
        ]
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    if not surveys:
        print("Prosjektet har ingen spørreundersøkelser ennå.")
        return 0
    width = max(len(sv.name) for sv in surveys)
    print(f"{'Navn'.ljust(width)}  Runde  Svar  Grupper")
    for sv in surveys:
        groups = ", ".join(g.label for g in sv.groups)
        base = f" (oppfølging av «{sv.baseline_name}»)" if sv.baseline_name else ""
        print(f"{sv.name.ljust(width)}  {sv.round.value:<5}  {sv.responses:>4}  {groups}{base}")
    return 0


def print_results(args: argparse.Namespace) -> int:
    from nvk_desktop.services.project import open_project
    from nvk_desktop.services.survey_results import results_json, survey_results
    from nvk_desktop.services.surveys import find_survey

    project = open_project(args.file, read_only=True)
    try:
        survey = find_survey(project, args.survey)
        results = survey_results(project, survey.id)
    finally:
        project.close()
    if args.json:
        print(json.dumps(results_json(results), ensure_ascii=False, indent=2))
        return 0
    sc = results.survey.scale
    print(f"{results.survey.name} ({results.survey.round.label}), skala {sc.min}–{sc.max}")
    for rate in results.rates:
        share = f", svarprosent {format_percent(rate.rate)}" if rate.rate is not None else ""
        invited = f" av {rate.invited} inviterte" if rate.invited else ""
        print(f"  {rate.group.label}: {rate.responses} svar{invited}{share}")
    for area in results.areas:
        print()
        print(area.name)
        for g, st in area.stats.items():
            if st.n:
                print(
                    f"  {g.label}: snitt {format_number(st.mean, 2)}, "
                    f"godt/svært godt {format_percent(st.top2)}, "
                    f"indeks {format_number(st.index, 0)} (n = {st.n})"
                )
            else:
                print(f"  {g.label}: ingen svar")
    return 0
