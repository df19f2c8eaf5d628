"""A damaged index is detected on open with one line telling what to run, and
`newsreader index --rebuild` restores it."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from index import store
from index.indexer import Indexer
from index.search import SearchEngine
from test_robust_support import good_articles, newsreader, record

ARTICLES = 60


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    base = tmp_path_factory.mktemp("corrupt")
    marks = good_articles(base / "corpus", ARTICLES)
    Indexer([base / "corpus"], base / "pristine", extract=False, batch_docs=20).run()  # several segments
    return base / "corpus", base / "pristine", marks


def _part(index_dir: Path, suffix: str) -> Path:
    """One segment's file ending in `suffix` (Whoosh may keep segments as one compound `.seg` instead)."""
    compound = sorted(index_dir.glob("*.seg"))
    return compound[-1] if compound else sorted(index_dir.glob(f"MAIN_*{suffix}"))[-1]


def _truncate(suffix: str, fraction: float) -> Callable[[Path], None]:
    def damage(index_dir: Path) -> None:
        part = _part(index_dir, suffix)
        os.truncate(part, int(part.stat().st_size * fraction))

    return damage


DAMAGE: dict[str, Callable[[Path], None]] = {
    "postings truncated to half": _truncate(".pst", 0.5),
    "postings missing their last bytes": _truncate(".pst", 0.999),
    "term index missing its last bytes": _truncate(".trm", 0.999),
    "stored articles truncated": _truncate("._stored.col", 0.7),
    "column emptied": _truncate(".src.col", 0),
    "segment file deleted": lambda d: _part(d, ".trm").unlink(),
    "garbage table of contents": lambda d: next(d.glob("_MAIN_*.toc")).write_bytes(os.urandom(300)),
    "empty table of contents": lambda d: next(d.glob("_MAIN_*.toc")).write_bytes(b""),
    "table of contents deleted": lambda d: next(d.glob("_MAIN_*.toc")).unlink(),
    "newsreader.json missing": lambda d: (d / "newsreader.json").unlink(),
    "newsreader.json garbled": lambda d: (d / "newsreader.json").write_bytes(b'{"schema": \x00\xff'),
    "newsreader.json not an object": lambda d: (d / "newsreader.json").write_text("[1, 2]"),
}


@pytest.mark.parametrize("what", list(DAMAGE))
def test_damage_is_reported_in_one_line_and_rebuild_restores(built, what: str, tmp_path: Path) -> None:
    corpus, pristine, marks = built
    index_dir = tmp_path / "ix"
    shutil.copytree(pristine, index_dir)
    DAMAGE[what](index_dir)

    with pytest.raises(store.IndexCorrupt) as caught:
        SearchEngine(index_dir)
    message = str(caught.value)
    assert "\n" not in message and "run `newsreader index --rebuild`" in message

    for command in (["search", "ministers"], ["show", "good1"], ["search", "ministers", "--json"]):
        result = newsreader(*command, "--index", str(index_dir))
        assert result.returncode == 1, result.stderr
        assert result.stdout == ""
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("newsreader: "), result.stderr
        assert "newsreader index --rebuild" in lines[0]

    rebuilt = newsreader("index", "--rebuild", str(corpus), "--index", str(index_dir), "--no-extract")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert f"index: {index_dir} ({ARTICLES} articles)" in rebuilt.stderr
    engine = SearchEngine(index_dir)
    assert engine.doc_count == ARTICLES
    assert [hit.id for hit in engine.search(marks["good7"]).hits] == ["good7"]
    engine.close()
    record("corruption", damage=what, detected=True, restored=True)


def test_plain_index_run_rebuilds_a_damaged_index(built, tmp_path: Path) -> None:
    """The indexer has the sources at hand: it rebuilds instead of failing or crashing."""
    corpus, pristine, _ = built
    index_dir = tmp_path / "ix"
    shutil.copytree(pristine, index_dir)
    _truncate(".pst", 0.5)(index_dir)
    result = newsreader("index", str(corpus), "--index", str(index_dir), "--no-extract")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"rebuilding the index ({index_dir}: ")
    assert f"added {ARTICLES} · updated 0" in result.stderr
    assert SearchEngine(index_dir).doc_count == ARTICLES


def test_checking_costs_little_on_open(built) -> None:
    """verify hands its reader to the searcher: checked and unchecked opens cost about the same."""
    _, pristine, _ = built

    def best(check: bool) -> float:
        times = []
        for _ in range(15):
            started = time.perf_counter()
            ix = store.open_index(pristine, check=check)
            ix.searcher().close()
            times.append(time.perf_counter() - started)
        return min(times)

    best(True)
    checked, unchecked = best(True), best(False)
    assert checked - unchecked < 0.01, (checked, unchecked)
    record("verify_cost", checked_ms=round(checked * 1000, 2), unchecked_ms=round(unchecked * 1000, 2))
