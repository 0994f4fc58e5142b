"""Write tests/data/schema-v<N>.nvk for the current schema version.

Run once when a schema version is released; the file is then kept for ever so that
the upgrade from that version is tested (DESIGN.md rule 7).
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nvk_desktop.services.demo import create_demo  # noqa: E402
from nvk_desktop.store.schema import SCHEMA_VERSION  # noqa: E402

target = Path(__file__).resolve().parent.parent / "tests" / "data" / f"schema-v{SCHEMA_VERSION}.nvk"
if target.exists():
    sys.exit(f"{target} exists: fixtures of released versions are never rewritten")
project = create_demo(target, today=date(2026, 11, 29))
project.close()
print(target)
