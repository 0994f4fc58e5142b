"""The headless command line: automation, tests and the packaging smoke run.

Imports no Qt (a layering test checks it). Every command exits 0 on success and
non-zero with one clear Norwegian line on stderr on failure.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from nvk_desktop import __version__
from nvk_desktop.cli_measures import STATUSRAPPORT_HELP
from nvk_desktop.cli_workshops import WORKSHOP_HELP
from nvk_desktop.errors import KnownError

COMMANDS = (
    "new",
    "demo",
    "check",
    "backup",
    "restore",
    "document",
    "export-servicemap",
    "export-plan",
    "import-survey",
    "surveys",
    "results",
    "screenshots",
)

TABLE_LABELS = {
    "project": "prosjekt",
    "person": "personer",
    "role_assignment": "rolletildelinger",
    "project_group": "grupper",
    "group_member": "gruppemedlemskap",
    "decision_point": "beslutningspunkter",
    "milestone": "milepæler",
    "plan_text": "tekstavsnitt i prosjektplanen",
    "checklist_item": "sjekklistepunkter",
    "checklist_link": "koblinger fra sjekklistepunkter",
    "service_area": "tjenesteområder",
    "service": "tjenester",
    "service_dimension": "tjenestedimensjoner",
    "service_assessment": "vurderinger av tjenester",
    "service_kpi": "nøkkeltall for tjenester",
    "note": "intervju- og dokumentnotater",
    "note_area": "notatkoblinger til områder",
    "note_service": "notatkoblinger til tjenester",
    "finding": "funn",
    "meeting": "møter",
    "meeting_participant": "møtedeltakelser",
    "meeting_decision": "vedtak",
    "survey": "spørreundersøkelser",
    "survey_group": "respondentgrupper i undersøkelser",
    "survey_item": "spørsmål i undersøkelser",
    "survey_import": "importerte svarfiler",
    "response": "besvarelser",
    "open_answer": "svar på åpne spørsmål",
    "comment_theme": "temaer for kommentarer",
    "comment_code": "kodede kommentarer",
    "import_mapping": "huskede kolonnekoblinger",
    "plan_decision": "vedtak om handlingsplanen",
    "measure": "tiltak",
    "measure_point": "koblinger fra tiltak til forbedringspunkter",
    "measure_area": "tiltakenes områder",
    "measure_dependency": "avhengigheter mellom tiltak",
    "criterion": "prioriteringskriterier",
    "measure_score": "poeng på kriterier",
    "follow_up": "oppføringer i oppfølgingsloggen",
    "indicator": "effektindikatorer",
    "indicator_value": "målinger av effektindikatorer",
    "measure_effect_target": "områder og spørsmål tiltakene skal påvirke",
    "status_report": "statusrapporter",
    "workshop": "verksteder",
    "workshop_participant": "verkstedsdeltakere",
    "workshop_group": "arbeidsgrupper i verksteder",
    "agenda_step": "punkter på verkstedsagendaer",
    "card": "innspill fra verksteder",
    "card_conflict": "innspill i konflikt etter sammenslåing",
    "workshop_merge": "flettede gruppefiler",
    "improvement_point": "forbedringspunkter",
    "improvement_point_link": "koblinger fra forbedringspunkter",
    "vote": "stemmer (prikker)",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="main.py",
        description="NVK Desktop – verktøy for Næringsvennlig kommune. "
        "Uten kommando startes programmet; med en .nvk-fil åpnes den.",
    )
    parser.add_argument("--version", action="version", version=f"NVK Desktop {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="KOMMANDO")

    p = sub.add_parser("new", help="lag et nytt prosjekt", description="Lag en ny prosjektfil.")
    p.add_argument("file", type=Path, metavar="FIL.nvk")
    p.add_argument("--kommune", required=True, help="kommunenummer, for eksempel 4645")
    p.add_argument("--navn", required=True, help="prosjektets navn")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser(
        "demo",
        help="lag eksempelprosjektet (fiktive data)",
        description="Lag et realistisk eksempelprosjekt med fiktive personer.",
    )
    p.add_argument("file", type=Path, metavar="FIL.nvk")
    p.add_argument(
        "--size",
        choices=("normal", "large"),
        default="normal",
        help="large lager et stort prosjekt for ytelsesmålinger",
    )
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser(
        "check",
        help="kontroller en prosjektfil",
        description="Skriv ut filversjon, integritet og antall. Endrer ikke filen.",
    )
    p.add_argument("file", type=Path, metavar="FIL.nvk")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser(
        "backup",
        help="ta en sikkerhetskopi nå",
        description="Ta en sikkerhetskopi i brukerens datamappe og skriv ut hvor den ligger.",
    )
    p.add_argument("file", type=Path, metavar="FIL.nvk")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser(
        "restore",
        help="gjenopprett fra en sikkerhetskopi",
        description="Erstatt prosjektet med en sikkerhetskopi. Tilstanden før tas vare på "
        "som en ny sikkerhetskopi.",
    )
    p.add_argument("file", type=Path, metavar="FIL.nvk")
    p.add_argument("backup", type=Path, metavar="SIKKERHETSKOPI")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser(
        "document", help="lag et fasedokument (PDF)", description="Lag et fasedokument som PDF."
    )
    p.add_argument(
        "kind",
        choices=("prosjektplan", "undersokelse", "statusrapport", "verkstedreferat"),
        help="hvilket dokument; " + STATUSRAPPORT_HELP,
    )
    p.add_argument("file", type=Path, metavar="FIL.nvk")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="UT.pdf")
    p.add_argument("--survey", metavar="NAVN", help="undersøkelsen (for undersokelse)")
    p.add_argument("--workshop", metavar="NAVN", help=WORKSHOP_HELP)
    p.add_argument(
        "--no-snapshot",
        action="store_true",
        help="statusrapport: ikke lagre øyeblikksbildet (prosjektet endres ikke)",
    )
    p.set_defaults(func=cmd_document)

    p = sub.add_parser(
        "export-servicemap",
        help="eksporter tjenestekartet (XLSX)",
        description="Skriv tjenestekartet til en Excel-fil: én rad per tjeneste, én kolonne "
        "per tjenestedimensjon med vurderingen 1–5, og nøkkeltallene. Endrer ikke prosjektet.",
    )
    p.add_argument("file", type=Path, metavar="FIL.nvk")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="UT.xlsx")
    p.set_defaults(func=cmd_export_servicemap)

    p = sub.add_parser(
        "export-plan",
        help="eksporter handlingsplanen (XLSX)",
        description="Skriv handlingsplanen til en Excel-fil: én rad per tiltak med ID, "
        "ansvarlig, datoer, status, fremdrift og ressurser. Prosjektlederen kan oppdatere "
        "filen og lese den inn igjen i programmet. Endrer ikke prosjektet.",
    )
    p.add_argument("file", type=Path, metavar="FIL.nvk")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="PLAN.xlsx")
    p.set_defaults(func=cmd_export_plan)

    p = sub.add_parser(
        "import-survey",
        help="importer svar fra en spørreundersøkelse (CSV/XLSX)",
        description="Importer en eksport fra Nettskjema, Microsoft Forms, Questback o.l. til "
        "en undersøkelse i prosjektet. Alt eller ingenting: kan noe ikke leses, lagres ingenting.",
    )
    p.add_argument("file", type=Path, metavar="FIL.nvk")
    p.add_argument("data", type=Path, metavar="DATA.csv|DATA.xlsx")
    p.add_argument("--survey", required=True, metavar="NAVN", help="undersøkelsens navn")
    p.add_argument(
        "--group",
        required=True,
        choices=("naeringsliv", "ansatte", "politikere", "utviklingsselskap"),
        help="respondentgruppen svarene kommer fra",
    )
    p.add_argument("--mapping", type=Path, metavar="MAP.json", help="bruk denne kolonnekoblingen")
    p.add_argument(
        "--save-mapping", type=Path, metavar="MAP.json", help="lagre kolonnekoblingen som JSON"
    )
    p.add_argument("--dry-run", action="store_true", help="vis hva som ville blitt importert")
    p.set_defaults(func=cmd_import_survey)

    p = sub.add_parser(
        "surveys",
        help="list undersøkelsene i et prosjekt",
        description="List spørreundersøkelsene med runde, grupper og antall svar.",
    )
    p.add_argument("file", type=Path, metavar="FIL.nvk")
    p.add_argument("--json", action="store_true", help="skriv ut som JSON")
    p.set_defaults(func=cmd_surveys)

    p = sub.add_parser(
        "results",
        help="resultater for en undersøkelse",
        description="Resultater per spørsmål og område og respondentgruppe (n, snitt, "
        "andel godt/svært godt, indeks 0–100). «Vet ikke» telles ikke med.",
    )
    p.add_argument("file", type=Path, metavar="FIL.nvk")
    p.add_argument("--survey", required=True, metavar="NAVN", help="undersøkelsens navn")
    p.add_argument("--json", action="store_true", help="skriv ut som JSON")
    p.set_defaults(func=cmd_results)

    p = sub.add_parser(
        "screenshots",
        help="bilder av alle sidene (PNG)",
        description="Tegn alle sidene i hovedvinduet uten skjerm og lagre dem som PNG.",
    )
    p.add_argument("file", type=Path, metavar="FIL.nvk")
    p.add_argument("outdir", type=Path, metavar="MAPPE")
    p.add_argument("--size", default="1366x768", help="vindusstørrelse, for eksempel 1920x1080")
    p.set_defaults(func=cmd_screenshots)
    return parser


def cmd_new(args: argparse.Namespace) -> int:
    from nvk_desktop.services.project import create_project, project_info

    project = create_project(args.file, args.kommune, args.navn)
    try:
        info = project.path, project_info(project)
    finally:
        project.close()
    print(f"Laget {info[0]} for {info[1].kommune.display} ({info[1].name}).")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from nvk_desktop.services.demo import create_demo

    project = create_demo(args.file, size=args.size)
    path = project.path
    project.close()
    print(f"Laget eksempelprosjektet {path} (fiktive data).")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from nvk_desktop.services.project import check_project

    report = check_project(args.file)
    print(f"Fil: {report.path}")
    print(f"Filversjon (skjema): {report.schema_version}")
    print(f"Integritet: {report.integrity}")
    print("Antall:")
    for table, count in report.counts.items():
        print(f"  {TABLE_LABELS.get(table, table)}: {count}")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from nvk_desktop.services.project import make_backup, open_project

    project = open_project(args.file, read_only=True)
    try:
        target = make_backup(project)
    finally:
        project.close()
    print(f"Sikkerhetskopi: {target}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from nvk_desktop.services.project import restore_file

    before = restore_file(args.file, args.backup)
    print(f"Gjenopprettet {args.file} fra {args.backup}.")
    if before is not None:
        print(f"Tilstanden før er tatt vare på i {before}")
    return 0


def cmd_document(args: argparse.Namespace) -> int:
    from nvk_desktop.services.documents import make_prosjektplan
    from nvk_desktop.services.project import open_project

    if args.kind == "statusrapport":
        from nvk_desktop.cli_measures import document_statusrapport

        return document_statusrapport(args)
    if args.kind == "verkstedreferat":
        from nvk_desktop.cli_workshops import document_verkstedreferat

        return document_verkstedreferat(args)
    if args.kind == "undersokelse" and not args.survey:
        raise KnownError("Velg undersøkelsen med --survey NAVN.")
    project = open_project(args.file, read_only=True)
    try:
        if args.kind == "undersokelse":
            from nvk_desktop.services.survey_documents import make_survey_report
            from nvk_desktop.services.surveys import find_survey

            survey = find_survey(project, args.survey)
            out = make_survey_report(project, survey.id, args.output)
        else:
            out = make_prosjektplan(project, args.output)
    finally:
        project.close()
    print(f"Laget {out}")
    return 0


def cmd_export_servicemap(args: argparse.Namespace) -> int:
    from nvk_desktop.services.project import open_project
    from nvk_desktop.services.servicemap import export_xlsx

    project = open_project(args.file, read_only=True)
    try:
        out, count = export_xlsx(project, args.output)
    finally:
        project.close()
    what = "1 tjeneste" if count == 1 else f"{count} tjenester"
    print(f"Laget {out} ({what}).")
    return 0


def cmd_export_plan(args: argparse.Namespace) -> int:
    from nvk_desktop.cli_measures import export_plan

    return export_plan(args)


def cmd_import_survey(args: argparse.Namespace) -> int:
    from nvk_desktop.cli_surveys import import_survey

    return import_survey(args)


def cmd_surveys(args: argparse.Namespace) -> int:
    from nvk_desktop.cli_surveys import print_surveys

    return print_surveys(args)


def cmd_results(args: argparse.Namespace) -> int:
    from nvk_desktop.cli_surveys import print_results

    return print_results(args)


def cmd_screenshots(args: argparse.Namespace) -> int:
    try:
        width, height = (int(v) for v in args.size.lower().split("x"))
    except ValueError:
        raise KnownError(
            f"Ugyldig størrelse «{args.size}».",
            "Skriv den som BREDDExHØYDE, for eksempel 1366x768.",
        ) from None
    from ui.screenshots import take_screenshots  # the one command that needs Qt

    for path in take_screenshots(args.file, args.outdir, (width, height)):
        print(path)
    return 0


def main(argv: Sequence[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] | None = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    try:
        return func(args)
    except KnownError as e:
        print(f"feil: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("avbrutt", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head`: not an error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
