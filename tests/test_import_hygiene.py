"""The engine stays headless and the reader stays light: what imports what."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def imported_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys\nprint('\\n'.join(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert result.returncode == 0, result.stderr
    return {name.split(".")[0] for name in result.stdout.split()}


def test_no_engine_module_imports_textual() -> None:
    offenders = []
    for path in sorted((REPO / "index").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            if any(name.split(".")[0] == "textual" for name in names):
                offenders.append(str(path.relative_to(REPO)))
    assert offenders == []


@pytest.mark.parametrize(
    "code",
    [
        "import index.cli, index.search, index.indexer, index.store, index.formats",
        "import tui.main",
        "from index.cli import build_parser; build_parser().format_help()",
    ],
)
def test_headless_paths_load_neither_textual_nor_spacy(code: str) -> None:
    loaded = imported_after(code)
    assert "textual" not in loaded
    assert "spacy" not in loaded


def test_importing_the_extraction_package_does_not_load_spacy() -> None:
    if not (REPO / "index" / "extract").is_dir():
        pytest.skip("extraction package not present")
    assert "spacy" not in imported_after("import index.extract")
