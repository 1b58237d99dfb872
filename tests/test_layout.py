"""The shape of the code, checked: the clock (`jobs/`) and the memory (`storage/`) import nothing
from the face (`bot/`), and no module grows past what a newcomer reads in one sitting."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 500


def modules(*packages: str) -> list[Path]:
    return sorted(path for package in packages for path in (ROOT / package).rglob("*.py"))


def imported(path: Path) -> set[str]:
    """Every module `path` imports, at any depth (function-local imports included)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@pytest.mark.parametrize("package", ["jobs", "storage"])
def test_the_clock_and_the_memory_import_nothing_from_the_face(package: str) -> None:
    found = modules(package)
    assert found, f"no modules found in {package}/"
    offenders = {
        name(path): sorted(m for m in imported(path) if m == "bot" or m.startswith("bot."))
        for path in found
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_the_import_check_sees_imports_at_any_depth(tmp_path: Path) -> None:
    module = tmp_path / "sample.py"
    module.write_text("import os\n\ndef later():\n    from bot.app import serve\n    import bot\n")
    assert imported(module) == {"os", "bot.app", "bot"}


def test_no_module_is_longer_than_a_newcomer_reads_in_one_sitting() -> None:
    lengths = {
        name(path): len(path.read_text(encoding="utf-8").splitlines())
        for path in modules("bot", "storage", "jobs")
    }
    assert {path: count for path, count in lengths.items() if count > MAX_LINES} == {}
