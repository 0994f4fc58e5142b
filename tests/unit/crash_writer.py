"""A writer process for the crash test: commits changes through the services and
reports each one on stdout only after its commit returned. Killed at random."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from nvk_desktop.domain.enums import Phase  # noqa: E402
from nvk_desktop.domain.models import Person  # noqa: E402
from nvk_desktop.services import people  # noqa: E402
from nvk_desktop.services.project import open_project  # noqa: E402
from nvk_desktop.store.models import MilestoneRow  # noqa: E402

LONG_WRITE_ROWS = (
    3000  # with 1.5 kB notes: larger than the page cache, so it spills mid-transaction
)


def main(path: str, start: int) -> None:
    project = open_project(path)
    print("R", flush=True)  # ready: the test's random kill time counts from here
    i = start
    while True:
        if i % 4 == 0:
            # A long write: thousands of rows in one transaction, all or nothing.
            with project.unit_of_work("lang skriving") as s:
                s.add_all(
                    MilestoneRow(
                        phase=Phase.FORSTUDIE.value,
                        title=f"L{i}-{n}",
                        due_on=date(2027, 1, 1),
                        note="x" * 1500,
                    )
                    for n in range(LONG_WRITE_ROWS)
                )
            print(f"L {i}", flush=True)
        else:
            pid = people.add_person(project, Person(f"Person {i} æøå", "Org"))
            print(f"P {i} {pid}", flush=True)
        i += 1


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
