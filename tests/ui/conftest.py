"""Fixtures shared by the GUI tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from nvk_desktop.services import project as project_service


@pytest.fixture
def project(tmp_path: Path) -> Iterator[project_service.Project]:
    """A new, empty project in a temp folder, closed after the test."""
    p = project_service.create_project(tmp_path / "p.nvk", "4645", "Test")
    yield p
    p.close()


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Messages ctx.perform would have shown in a message box."""
    shown: list[str] = []
    monkeypatch.setattr(
        "ui.errors.show_known_error", lambda _parent, e, *a, **k: shown.append(str(e))
    )
    return shown
