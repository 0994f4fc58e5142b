"""The handlingsplan commands of the command line (issue 6): export-plan, and the
statusrapport kind of the document command. Kept apart from cli.py so that it stays
a short list of commands."""

from __future__ import annotations

import argparse

STATUSRAPPORT_HELP = (
    "statusrapport: lagrer også et øyeblikksbilde av tiltakene, slik at neste rapport "
    "viser hva som er endret (bruk --no-snapshot for å la prosjektet være uendret)"
)


def export_plan(args: argparse.Namespace) -> int:
    """Write the handlingsplan to an XLSX file; prints the path and the count."""
    from nvk_desktop.services.plan_excel import export_plan as export
    from nvk_desktop.services.project import open_project

    project = open_project(args.file, read_only=True)
    try:
        result = export(project, args.output)
    finally:
        project.close()
    what = "1 tiltak" if result.measures == 1 else f"{result.measures} tiltak"
    print(f"Laget {result.path} ({what}).")
    return 0


def document_statusrapport(args: argparse.Namespace) -> int:
    """The statusrapport PDF; saves the snapshot unless --no-snapshot is given."""
    from nvk_desktop.services.measure_documents import make_statusrapport
    from nvk_desktop.services.project import open_project

    save = not getattr(args, "no_snapshot", False)
    project = open_project(args.file, read_only=not save)
    try:
        out = make_statusrapport(project, args.output, save_snapshot=save)
    finally:
        project.close()
    print(f"Laget {out}")
    if save:
        print("Øyeblikksbildet er lagret i prosjektet (neste statusrapport sammenligner med det).")
    return 0
