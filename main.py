"""NVK Desktop entry point.

No command starts the GUI (optionally opening a .nvk file); a command runs the
headless command line, which never imports Qt.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def run(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from nvk_desktop.cli import COMMANDS

    if argv and (argv[0] in COMMANDS or argv[0] in ("-h", "--help", "--version")):
        from nvk_desktop.cli import main as cli_main

        return cli_main(argv)

    gui = argparse.ArgumentParser(prog="main.py", description="Start NVK Desktop.")
    gui.add_argument("file", nargs="?", type=Path, help="prosjektfil (.nvk) som skal åpnes")
    gui.add_argument(
        "--smoke",
        action="store_true",
        help="start uten skjerm, åpne filen og avslutt når hovedvinduet er tegnet",
    )
    args = gui.parse_args(argv)
    import gc

    gc.disable()  # until the first window is up (ui.app resumes it); start-up is a feature
    if args.smoke:
        if args.file is None:
            gui.error("--smoke trenger en prosjektfil")
        from ui.app import run_smoke

        return run_smoke(args.file)
    from ui.app import run_gui

    return run_gui(args.file)


if __name__ == "__main__":
    sys.exit(run())
