"""The layering rule (DESIGN.md rule 1), read from the code with ast, not grep.

nvk_desktop/ never imports PySide6 or shiboken6; ui/ never imports sqlalchemy or
nvk_desktop.store (it goes through nvk_desktop.services).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CORE_FORBIDDEN = ("PySide6", "shiboken6")
UI_FORBIDDEN = ("sqlalchemy", "nvk_desktop.store")


def _matches(module: str, forbidden: tuple[str, ...]) -> str | None:
    for prefix in forbidden:
        if module == prefix or module.startswith(prefix + "."):
            return prefix
    return None


def imported_modules(tree: ast.AST) -> list[tuple[int, str]]:
    """Every module name an import anywhere in the tree can load, with its line.

    `from a import b` yields both `a` and `a.b` (b may be a submodule), and
    importlib.import_module("x") / __import__("x") with a literal name count too.
    Relative imports are resolved no further than their dots: they stay in the
    package, so they cannot cross into another layer's top-level package.
    """
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level or not node.module:
                continue
            found.append((node.lineno, node.module))
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            arg = node.args[0]
            if (
                name in ("import_module", "__import__")
                and isinstance(arg, ast.Constant)
                and isinstance(arg.value, str)
            ):
                found.append((node.lineno, arg.value))
    return found


def forbidden_imports(
    source: str, forbidden: tuple[str, ...], filename: str = "<src>"
) -> list[str]:
    """`file:line: module` for every import of a forbidden package in the source."""
    tree = ast.parse(source, filename=filename)
    hits = []
    for lineno, module in imported_modules(tree):
        if _matches(module, forbidden):
            hits.append(f"{filename}:{lineno}: {module}")
    return sorted(set(hits))


def violations(package: str, forbidden: tuple[str, ...]) -> tuple[int, list[str]]:
    files = sorted((ROOT / package).rglob("*.py"))
    hits: list[str] = []
    for path in files:
        rel = path.relative_to(ROOT).as_posix()
        hits += forbidden_imports(path.read_text(encoding="utf-8"), forbidden, rel)
    return len(files), hits


def test_core_does_not_import_qt() -> None:
    count, hits = violations("nvk_desktop", CORE_FORBIDDEN)
    assert count > 0, "found no .py files under nvk_desktop/"
    assert not hits, "nvk_desktop/ must stay Qt-free:\n" + "\n".join(hits)


def test_ui_does_not_reach_storage() -> None:
    _, hits = violations("ui", UI_FORBIDDEN)
    assert not hits, "ui/ must go through nvk_desktop.services:\n" + "\n".join(hits)


@pytest.mark.parametrize(
    ("source", "forbidden", "expected"),
    [
        ("import PySide6\n", CORE_FORBIDDEN, "PySide6"),
        ("from PySide6.QtCore import QObject\n", CORE_FORBIDDEN, "PySide6.QtCore"),
        ("import shiboken6 as sb\n", CORE_FORBIDDEN, "shiboken6"),
        ("def f():\n    if True:\n        import PySide6.QtGui\n", CORE_FORBIDDEN, "PySide6.QtGui"),
        (
            "import importlib\nimportlib.import_module('PySide6.QtWidgets')\n",
            CORE_FORBIDDEN,
            "PySide6.QtWidgets",
        ),
        ("from sqlalchemy.orm import Session\n", UI_FORBIDDEN, "sqlalchemy.orm"),
        ("from nvk_desktop import store\n", UI_FORBIDDEN, "nvk_desktop.store"),
        (
            "class A:\n    def m(self):\n        from nvk_desktop.store.engine import x\n",
            UI_FORBIDDEN,
            "nvk_desktop.store.engine",
        ),
    ],
)
def test_checker_reports_forbidden_import(
    source: str, forbidden: tuple[str, ...], expected: str
) -> None:
    hits = forbidden_imports(source, forbidden)
    assert any(hit.endswith(": " + expected) for hit in hits), hits


@pytest.mark.parametrize(
    ("source", "forbidden"),
    [
        ("import PySide6x\nfrom mypkg.PySide6 import y\n", CORE_FORBIDDEN),
        ("from nvk_desktop import services\nfrom nvk_desktop.storage import z\n", UI_FORBIDDEN),
        ("from . import store\nfrom .store import engine\n", UI_FORBIDDEN),
        ("text = 'import PySide6'\n", CORE_FORBIDDEN),
    ],
)
def test_checker_allows_lookalikes(source: str, forbidden: tuple[str, ...]) -> None:
    assert forbidden_imports(source, forbidden) == []


@pytest.mark.skipif(
    not (ROOT / "nvk_desktop" / "cli.py").exists(), reason="nvk_desktop/cli.py is not written yet"
)
def test_cli_import_loads_no_qt() -> None:
    code = (
        "import sys, nvk_desktop.cli; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]", "importing nvk_desktop.cli loaded Qt: " + result.stdout
