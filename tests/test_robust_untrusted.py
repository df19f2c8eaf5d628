"""Article text is data: markup shows as typed, escape sequences never reach the terminal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from test_robust_support import native, newsreader, record

MARKUP = ["[bold red]alarm[/bold red]", "[link=http://x]click[/link]", "[@click=app.quit]quit[/]"]
ESCAPES = ["\x1b[2J", "\x1b]52;c;aGVsbG8=\x07", "\x1b]8;;http://evil\x1b\\", "\x9b2J"]
FORBIDDEN = [b"\x1b]52", b"\x1b[2J", b"\x1b]8", b"\xc2\x9b"]


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("untrusted")
    corpus = base / "corpus"
    corpus.mkdir()
    (corpus / "evil.txt").write_text(
        native(
            f"Zqevil {MARKUP[0]} headline {ESCAPES[0]}",
            [f"Zqevil body {MARKUP[1]} and {MARKUP[2]}.", f"Clipboard {ESCAPES[1]} hyperlink {ESCAPES[2]} csi {ESCAPES[3]} end."],
            related=[(f"Related {MARKUP[0]}", f"Source {ESCAPES[0]} - snippet {MARKUP[2]}")],
        ),
        encoding="utf-8",
    )
    (corpus / f"name[bold]{ESCAPES[0]}x.txt").write_text(native("Zqevil file name", ["The file name is hostile."]))
    result = newsreader("index", str(corpus), "--index", str(base / "ix"), "--no-extract")
    assert result.returncode == 0, result.stderr
    for forbidden in FORBIDDEN:
        assert forbidden not in result.stderr.encode()
    return base / "ix"


def _run_bytes(*args: str) -> tuple[int, bytes]:
    result = newsreader(*args)
    return result.returncode, result.stdout.encode("utf-8", "surrogateescape")


def test_search_table_shows_markup_literally(index_dir: Path) -> None:
    code, out = _run_bytes("search", "zqevil", "--index", str(index_dir))
    assert code == 0
    for forbidden in FORBIDDEN:
        assert forbidden not in out
    text = out.decode()
    assert "[bold red]alarm[/bold red]" in text  # the title, as typed
    assert "name[bold]x" in text  # the hostile file name, escape removed
    record("untrusted", command="search")


def test_show_prints_markup_as_typed_and_no_escapes(index_dir: Path) -> None:
    code, out = _run_bytes("show", "evil", "--index", str(index_dir))
    assert code == 0
    for forbidden in FORBIDDEN:
        assert forbidden not in out
    text = out.decode()
    for markup in MARKUP:
        assert markup in text
    assert "Clipboard ;c;aGVsbG8= hyperlink" not in text  # the whole OSC sequence is gone, not just ESC
    assert "Clipboard  hyperlink  csi  end." in text
    assert "Related [bold red]alarm[/bold red]" in text
    record("untrusted", command="show")


@pytest.mark.parametrize("command", [["search", "zqevil"], ["show", "evil"]])
def test_json_output_is_valid_and_escapes_control_characters(index_dir: Path, command: list[str]) -> None:
    code, out = _run_bytes(*command, "--index", str(index_dir), "--json")
    assert code == 0
    for forbidden in FORBIDDEN:
        assert forbidden not in out
    data = json.loads(out)
    if command[0] == "show":  # the stored text is kept whole; JSON escapes it
        assert f"Clipboard {ESCAPES[1]} hyperlink {ESCAPES[2]} csi {ESCAPES[3]} end." in data["body"]
        assert data["title"] == f"Zqevil {MARKUP[0]} headline {ESCAPES[0]}"
    else:
        assert any(hit["title"] == f"Zqevil {MARKUP[0]} headline {ESCAPES[0]}" for hit in data["hits"])
    record("untrusted", command=" ".join(command) + " --json")
