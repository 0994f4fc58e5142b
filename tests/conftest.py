"""Shared test set-up: Qt offscreen, and no test touches the real user folders."""

import os

# Before anything imports Qt: the platform plugin is chosen when QApplication starts.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

UI_TESTS = Path(__file__).resolve().parent / "ui"


@pytest.fixture(autouse=True)
def _isolated_user_dirs(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Automatic backups and settings go to per-test folders, never the user's own."""
    monkeypatch.setenv("NVK_DESKTOP_DATA_DIR", str(tmp_path_factory.mktemp("nvk-data")))
    monkeypatch.setenv("NVK_DESKTOP_CONFIG_DIR", str(tmp_path_factory.mktemp("nvk-config")))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything under tests/ui/ needs the Qt app: `pytest -m "not gui"` skips it."""
    for item in items:
        if item.path.resolve().is_relative_to(UI_TESTS):
            item.add_marker(pytest.mark.gui)
