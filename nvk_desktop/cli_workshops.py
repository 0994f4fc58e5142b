"""The workshop commands of the command line (issue 5, point 8): the verkstedreferat.
Kept apart from cli.py so that it stays a short list of commands."""

from __future__ import annotations

import argparse

WORKSHOP_HELP = "verkstedet (for verkstedreferat; uten: det siste verkstedet)"


def document_verkstedreferat(args: argparse.Namespace) -> int:
    """``document verkstedreferat FILE.nvk [--workshop NAME] -o OUT.pdf``.

    Without ``--workshop`` the most recent workshop is used; an unknown name is a
    Norwegian message listing the workshops (exit 1). The project is not changed.
    """
    from nvk_desktop.services.project import open_project
    from nvk_desktop.services.workshop_documents import make_verkstedreferat
    from nvk_desktop.services.workshops import find_workshop

    project = open_project(args.file, read_only=True)
    try:
        workshop = find_workshop(project, getattr(args, "workshop", None))
        assert workshop.id is not None
        out = make_verkstedreferat(project, workshop.id, args.output)
    finally:
        project.close()
    print(f"Laget {out} («{workshop.name}»)")
    return 0
