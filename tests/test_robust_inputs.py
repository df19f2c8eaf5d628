"""Bad input beside good articles: every bad file is named in the summary with its
reason (and line), or indexed with a note; every good article is indexed anyway.

One folder holds good articles and one file per kind of damage. The details run
through `Indexer` (with a discovery hook and patched reads for the files that
vanish or are unreadable); the printed summary and exit codes run through the
real command line.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

import index.indexer as indexer_module
from index.formats import MAX_BODY_CHARS
from index.indexer import Indexer
from index.search import SearchEngine
from test_robust_support import good_articles, native, newsreader, record

SEED = native("Truce talks in Moscow", ["Ministers met for talks.", "The truce failed within hours."])
GOOD = 6


@dataclass(frozen=True)
class Case:
    name: str  # the file, relative to the corpus folder
    outcome: str  # "skipped" or "noted" (indexed with a note) or "indexed" (cleanly)
    reason: str = ""  # a piece of the message
    line: int | None = None  # the line the message names, when there is one
    cli: bool = True  # False: needs an in-process hook (vanishing, permission denied)


CASES = [
    Case("empty.txt", "skipped", "empty file", 1),
    Case("header_only.txt", "skipped", "header only", 2),
    Case("missing_header.txt", "noted", "no ` date` header", 1),
    Case("bad_date.txt", "noted", "malformed date '2020-13-45'", 1),
    Case("year_0001.txt", "noted", "implausible date 0001-01-01", 1),
    Case("year_9999.txt", "noted", "implausible date 9999-12-31", 1),
    Case("image.txt", "skipped", "binary content (PNG image)", 1),
    Case("document.txt", "skipped", "binary content (PDF document)", 1),
    Case("nul_bytes.txt", "noted", "3 NUL byte(s) removed (first on line 8)"),
    Case("all_nul.txt", "skipped", "binary content (NUL bytes)", 1),
    Case("utf16.txt", "noted", "decoded as UTF-16"),
    Case("cp1252.txt", "noted", "not UTF-8 (2 byte(s), first on line 6); read as cp1252"),
    Case("bad_utf8_mid.txt", "noted", "not UTF-8 (1 byte(s), first on line 10); read as cp1252"),
    Case("crlf.txt", "indexed"),
    Case("no_trailing_newline.txt", "indexed"),
    Case("huge.txt", "noted", f"(the limit is {MAX_BODY_CHARS:,})"),
    Case("long_paragraph.txt", "indexed"),
    Case("vanishing.txt", "skipped", "vanished before it could be read", cli=False),
    Case("denied.txt", "skipped", "permission denied", cli=False),
    Case("loop.txt", "skipped", "symlink loop"),
    Case("sub/back", "skipped", "folder reached twice (symlink loop)"),
    Case("twin.txt", "noted", "same text as article 'seed'"),
    Case("feeds/feed.jsonl", "skipped", "broken JSON", 3),
    Case("copy.jsonl", "skipped", "taken as a copy, not indexed"),
    Case("dup.txt", "skipped", "duplicate id 'dup'"),
]


def write_cases(corpus: Path) -> dict[str, str]:
    marks = good_articles(corpus, GOOD)
    write = lambda name, data: (corpus / name).write_bytes(data)  # noqa: E731
    write("seed.txt", SEED.encode())
    write("empty.txt", b"")
    write("header_only.txt", b" date 2020-10-21 0\nWednesday 21 October 2020 - 13:38\n")
    write("missing_header.txt", SEED.split("\n", 1)[1].replace("Truce talks", "Lost header").encode())
    write("bad_date.txt", b" date 2020-13-45 0\n\nBad date\n\nThe header date is nonsense.\n")
    write("year_0001.txt", b" date 0001-01-01 0\nMonday 1 January 0001 - 10:00\n\nYear one\n\nA typo for 2001.\n")
    write("year_9999.txt", b" date 9999-12-31 0\nFriday 31 December 9999 - 10:00\n\nYear 9999\n\nA placeholder.\n")
    write("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    write("document.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + bytes(200))
    write("nul_bytes.txt", native("Nul bytes", ["Clean paragraph.", "Dirty\x00 para\x00graph\x00."]).encode())
    write("all_nul.txt", b"\x00" * 4000)
    write("utf16.txt", native("Sixteen bits", ["Caf\u00e9 talks in \u0130stanbul."]).encode("utf-16"))
    write("cp1252.txt", native("Smart quotes", ["She said \u201cno\u201d."]).encode("cp1252"))
    write(
        "bad_utf8_mid.txt",
        native("Mixed bytes", ["Caf\u00e9 au lait.", "Na\u00efve reader.", "A stray byte: X here."]).encode().replace(b"X", b"\xff"),
    )
    write("crlf.txt", native("Windows lines", ["First paragraph.", "Second paragraph."], newline="\r\n").encode())
    write("no_trailing_newline.txt", native("No newline", ["Only paragraph ends abruptly"]).rstrip("\n").encode())
    sentence = "The committee heard evidence about grain exports and shipping rates. "
    huge = native("Huge dump", [sentence * 20] * 16_000 + ["zqtailword is past the limit."])
    assert len(huge) > 20 * 1024 * 1024
    write("huge.txt", huge.encode())
    write("long_paragraph.txt", native("Long paragraph", ["\n".join(f"line {n} of one paragraph" for n in range(10_000))]).encode())
    write("vanishing.txt", native("Vanishing", ["Here now."]).encode())
    write("denied.txt", native("Denied", ["Nobody may read this."]).encode())
    os.symlink("loop.txt", corpus / "loop.txt")
    (corpus / "sub").mkdir()
    write("sub/inner.txt", native("Inner article", ["Below a folder that loops back."]).encode())
    os.symlink("..", corpus / "sub" / "back")
    write("twin.txt", SEED.encode())
    (corpus / "feeds").mkdir()
    lines = [json.dumps({"id": f"r{n}", "title": f"Record {n}", "body": f"Body of record {n}."}) for n in range(4)]
    write("feeds/feed.jsonl", "\n".join(lines[:2] + ['{"id": "r9", "title": "Broken", "body": '] + lines[2:]).encode())
    write("copy.jsonl", "\n".join(lines).encode())
    write("dup.txt", native("Duplicate id one", ["First of two files named dup."]).encode())
    write("dup.md", b"# Duplicate id two\n\nSecond of two files named dup.\n")
    return marks


# Articles the run must hold: the good ones, and every damaged file that can be read.
READABLE = {
    "seed", "missing_header", "bad_date", "year_0001", "year_9999", "nul_bytes", "utf16", "cp1252", "bad_utf8_mid",
    "crlf", "no_trailing_newline", "huge", "long_paragraph", "sub/inner", "twin", "dup", "feeds/r0", "feeds/r1",
    "feeds/r2", "feeds/r3",
}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory):
    """One indexing run over the whole folder, with the hooks for the two files no chmod can spoil for root."""
    base = tmp_path_factory.mktemp("badinput")
    corpus = base / "corpus"
    marks = write_cases(corpus)
    vanishing, denied = corpus / "vanishing.txt", corpus / "denied.txt"
    real_discover, real_read_bytes = indexer_module.discover, Path.read_bytes

    def discover_then_delete(roots):
        found = real_discover(roots)
        assert any(file.path == vanishing for file in found.files)
        vanishing.unlink()  # gone between listing and reading
        return found

    def read_bytes(self: Path) -> bytes:
        if self == denied:
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(indexer_module, "discover", discover_then_delete)
        patch.setattr(Path, "read_bytes", read_bytes)
        started = time.perf_counter()
        report = Indexer([corpus], base / "ix", extract=False).run()
        seconds = time.perf_counter() - started
    vanishing.write_bytes(native("Vanishing", ["Here now."]).encode())  # back, for the CLI run
    engine = SearchEngine(base / "ix")
    yield corpus, report, engine, marks, seconds
    engine.close()


def _messages(report, corpus: Path, case: Case) -> list[tuple[str, int | None]]:
    path = str(corpus / case.name)
    items = report.skipped if case.outcome == "skipped" else report.notes
    return [(note.message, note.line) for note in items if note.path == path or note.path.startswith(path + ":")]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_each_bad_file_is_named_with_its_reason(run, case: Case) -> None:
    corpus, report, engine, _, _ = run
    found = _messages(report, corpus, case)
    if case.outcome == "indexed":
        everything = [str(note) for note in report.skipped + report.notes if case.name in note.path]
        assert everything == [], f"{case.name} should be read cleanly"
        assert engine.get(case.name.rsplit(".", 1)[0]).body
    else:
        assert any(case.reason in message for message, _ in found), f"{case.name}: {found}"
        if case.line is not None:
            assert (case.line in [line for message, line in found if case.reason in message]), found
    record("bad_input", case=case.name, outcome=case.outcome, handled=True)


def test_every_readable_article_is_indexed_and_shown(run) -> None:
    corpus, report, engine, marks, _ = run
    expected = READABLE | set(marks)
    hits = engine.search("*", limit=1000)
    assert {hit.id for hit in hits.hits} == expected
    assert report.total_articles == len(expected)
    for article_id, mark in marks.items():
        assert [hit.id for hit in engine.search(mark).hits] == [article_id]
    record("bad_input_run", tried=len(CASES), articles=len(expected), lost=len(expected) - hits.total)


def test_what_each_readable_file_holds(run) -> None:
    corpus, report, engine, _, seconds = run
    get = engine.get
    assert get("missing_header").title == "Lost header in Moscow"
    assert get("missing_header").date == datetime(2020, 10, 21, 13, 38)
    assert get("bad_date").date is None and get("year_0001").date is None and get("year_9999").date is None
    assert get("nul_bytes").body.endswith("Dirty paragraph.")
    assert get("utf16").body == "Caf\u00e9 talks in \u0130stanbul."
    assert get("cp1252").body == "She said \u201cno\u201d."
    # One stray byte does not turn the rest of the file into mojibake.
    assert get("bad_utf8_mid").body == "Caf\u00e9 au lait.\n\nNa\u00efve reader.\n\nA stray byte: \u00ff here."
    assert get("crlf").body == "First paragraph.\n\nSecond paragraph." and get("crlf").title == "Windows lines"
    assert get("no_trailing_newline").body == "Only paragraph ends abruptly"
    assert get("long_paragraph").body.count("\n\n") == 0 and get("long_paragraph").body.endswith("line 9999 of one paragraph")
    assert "line 5000 of one paragraph" in get("long_paragraph").body
    assert engine.search('"line 5000 of one"').total == 1
    huge = get("huge")
    assert len(huge.body) <= MAX_BODY_CHARS and huge.body.endswith("shipping rates.")
    assert engine.search("zqtailword").total == 0  # past the limit, as the note says
    started = time.perf_counter()
    assert "huge" in {hit.id for hit in engine.search("grain exports").hits}
    # Its snippet is cut around ~28,000 matches of the query words: quickly, not in minutes.
    assert time.perf_counter() - started < 3
    assert get("sub/inner").title == "Inner article"
    assert get("twin").body == get("seed").body
    assert get("dup").title == "Duplicate id two"  # dup.md comes first in name order
    assert get("feeds/r3").body == "Body of record 3."
    assert seconds < 60, f"the whole folder (with a 20 MB article) took {seconds:.0f} s"


def test_command_line_prints_each_skip_and_exits_0(run, tmp_path: Path) -> None:
    corpus, _, _, marks, _ = run
    result = newsreader("index", str(corpus), "--index", str(tmp_path / "ix"), "--no-extract", "--verbose")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    skipped = [case for case in CASES if case.outcome == "skipped" and case.cli]
    summary = next(line for line in lines if line.startswith("indexed: "))
    # vanishing.txt and denied.txt are readable here, so indexed: 2 more than the in-process run.
    assert f"added {len(READABLE) + len(marks) + 2} · updated 0 · removed 0 · unchanged 0 · skipped {len(skipped)}" in summary
    for case in skipped:
        where = f"{corpus / case.name}:{case.line}" if case.line else str(corpus / case.name)
        assert any(line.startswith(f"skipped: {where}: ") and case.reason in line for line in lines), (case, lines)
    for case in CASES:
        if case.outcome == "noted" and case.line:
            assert any(line.startswith(f"noted: {corpus / case.name}:{case.line}: ") for line in lines), case
    record("bad_input_cli", skipped_lines=len(skipped))


def test_exit_codes(tmp_path: Path) -> None:
    junk = tmp_path / "junk"
    junk.mkdir()
    (junk / "empty.txt").write_bytes(b"")
    (junk / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n")
    result = newsreader("index", str(junk), "--index", str(tmp_path / "ix"), "--no-extract")
    assert result.returncode == 1
    assert "newsreader: nothing could be indexed" in result.stderr.splitlines()
    assert f"skipped: {junk / 'image.txt'}:1: binary content (PNG image)" in result.stderr.splitlines()
    assert newsreader("index", str(tmp_path / "absent"), "--no-extract").returncode == 2
    assert newsreader("index", "--no-such-option", str(junk)).returncode == 2


def test_refuses_to_index_into_a_folder_that_is_not_an_index(tmp_path: Path) -> None:
    """`--index` pointed at a folder of the user's files: refused, and not one file is touched."""
    corpus = tmp_path / "corpus"
    good_articles(corpus, 2)
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.txt").write_text("years of work")
    for extra in ([], ["--rebuild"]):
        result = newsreader("index", str(corpus), "--index", str(precious), "--no-extract", *extra)
        assert result.returncode == 1
        assert "holds files that are not an index (thesis.txt)" in result.stderr
        assert sorted(p.name for p in precious.iterdir()) == ["thesis.txt"]
        assert (precious / "thesis.txt").read_text() == "years of work"
