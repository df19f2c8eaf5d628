"""Killed and interrupted indexing on a real corpus: nothing committed is lost,
nothing is half written, and the next run finishes the job.

The corpus is the first files of reuters21578 (symlinked into a tmp folder);
the indexer runs as a subprocess with small batches (NEWSREADER_BATCH_DOCS).
"""

from __future__ import annotations

import random
import signal
import subprocess
import time
from pathlib import Path

import pytest

from index.formats import decode, parse_text
from index.search import SearchEngine
from test_robust_support import newsreader, record, spawn

FILES = 1200
BATCH = "100"


@pytest.fixture(scope="module")
def corpus(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = shared_dir / "corpora" / "reuters21578"
    names = sorted(p.name for p in source.glob("*.txt"))[:FILES]
    if len(names) < FILES:
        pytest.skip(f"{source} has fewer than {FILES} articles")
    folder = tmp_path_factory.mktemp("reuters") / "corpus"
    folder.mkdir()
    for name in names:
        (folder / name).symlink_to(source / name)
    return folder


@pytest.fixture(scope="module")
def bodies(corpus: Path) -> dict[str, tuple[str, str]]:
    """Title and body of every article, as parsed straight from its file."""
    out = {}
    for path in corpus.iterdir():
        article = parse_text(decode(path.read_bytes()).text, article_id=path.stem, path=str(path))
        out[path.stem] = (article.title, article.body)
    return out


def generation(index_dir: Path) -> int:
    """The newest table of contents: each committed batch adds one."""
    numbers = [int(p.stem.rsplit("_", 1)[1]) for p in index_dir.glob("_MAIN_*.toc")] if index_dir.exists() else []
    return max(numbers, default=-1)


def committed(index_dir: Path) -> set[str]:
    engine = SearchEngine(index_dir)
    try:
        return {hit.id for hit in engine.search("*", limit=100_000, snippets=0).hits}
    finally:
        engine.close()


def wait_for_generation(process: subprocess.Popen, index_dir: Path, at_least: int, timeout: float = 120) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the indexer ended before batch {at_least} was committed: {process.stderr.read()}")
        now = generation(index_dir)
        if now >= at_least:
            return now
        time.sleep(0.02)
    process.kill()
    pytest.fail(f"no batch {at_least} within {timeout} s")


def check_intact(index_dir: Path, seen: set[str], bodies: dict[str, tuple[str, str]]) -> set[str]:
    """The index opens; it holds all `seen` articles; every article in it is whole."""
    engine = SearchEngine(index_dir)
    try:
        ids = {hit.id for hit in engine.search("*", limit=100_000, snippets=0).hits}
        assert seen <= ids, f"{len(seen - ids)} committed articles lost"
        assert len(ids) == engine.doc_count  # no duplicates from a half-replayed batch
        for article_id in ids:
            article = engine.get(article_id)
            assert (article.title, article.body) == bodies[article_id], f"{article_id} half written"
        return ids
    finally:
        engine.close()


def finish(corpus: Path, index_dir: Path, before: set[str], bodies: dict[str, tuple[str, str]]) -> None:
    result = newsreader("index", str(corpus), "--index", str(index_dir), "--no-extract", timeout=300, NEWSREADER_BATCH_DOCS=BATCH)
    assert result.returncode == 0, result.stderr
    summary = next(line for line in result.stderr.splitlines() if line.startswith("indexed: "))
    assert f"added {len(bodies) - len(before):,} · updated 0 · removed 0 · unchanged {len(before):,}" in summary
    assert check_intact(index_dir, before, bodies) == set(bodies)


def test_sigkill_mid_run_loses_nothing_committed(corpus: Path, bodies, tmp_path: Path) -> None:
    index_dir = tmp_path / "ix"
    rng = random.Random(7)
    kills, held = 0, set()
    for round_ in range(3):
        process = spawn("index", str(corpus), "--index", str(index_dir), "--no-extract", NEWSREADER_BATCH_DOCS=BATCH)
        start = generation(index_dir)
        wait_for_generation(process, index_dir, max(start, 0) + 1)
        time.sleep(rng.uniform(0, 0.3))  # anywhere: between batches, or in the middle of one or of a commit
        seen = committed(index_dir)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        process.stdout.close(), process.stderr.close()
        kills += 1
        ids = check_intact(index_dir, seen | held, bodies)
        assert len(ids) > len(held), "each run committed something before it was killed"
        held = ids
        if len(held) == len(bodies):
            break
    show = newsreader("show", sorted(held)[0], "--index", str(index_dir))
    assert show.returncode == 0 and bodies[sorted(held)[0]][0] in show.stdout
    finish(corpus, index_dir, held, bodies)
    record("kill", signal="SIGKILL", kills=kills, articles=len(bodies), lost=0)


def test_sigint_stops_cleanly_and_keeps_committed_batches(corpus: Path, bodies, tmp_path: Path) -> None:
    index_dir = tmp_path / "ix"
    process = spawn("index", str(corpus), "--index", str(index_dir), "--no-extract", NEWSREADER_BATCH_DOCS=BATCH)
    wait_for_generation(process, index_dir, 2)
    seen = committed(index_dir)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr
    lines = stderr.splitlines()
    assert sum(line.startswith("interrupted: added ") for line in lines) == 1, stderr
    assert "work committed before the interruption is kept; run the same command again to finish" in lines
    held = check_intact(index_dir, seen, bodies)
    assert f"({len(held):,} articles)" in stderr  # the summary counts what the index really holds
    finish(corpus, index_dir, held, bodies)
    record("kill", signal="SIGINT", kills=1, articles=len(bodies), lost=0)


def test_killed_rebuild_leaves_the_old_index(corpus: Path, bodies, tmp_path: Path) -> None:
    index_dir = tmp_path / "ix"
    assert newsreader("index", str(corpus), "--index", str(index_dir), "--no-extract", timeout=300).returncode == 0
    fresh = index_dir.with_name("ix.rebuild")
    process = spawn("index", str(corpus), "--index", str(index_dir), "--no-extract", "--rebuild", NEWSREADER_BATCH_DOCS=BATCH)
    wait_for_generation(process, fresh, 1)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    process.stdout.close(), process.stderr.close()
    assert check_intact(index_dir, set(bodies), bodies) == set(bodies)
    again = newsreader("index", str(corpus), "--index", str(index_dir), "--no-extract")
    assert again.returncode == 0 and f"unchanged {len(bodies):,}" in again.stderr
    record("kill", signal="SIGKILL during --rebuild", kills=1, articles=len(bodies), lost=0)


def test_a_file_split_across_batches_is_finished_by_the_next_run(tmp_path: Path) -> None:
    """A JSON Lines file holds many articles: a batch never ends inside it, or a killed run
    would leave it half indexed with its fingerprint stored, and the rest never added."""
    import json

    from index.indexer import Indexer

    feed = tmp_path / "feed"
    feed.mkdir()
    (feed / "feed.jsonl").write_text(
        "\n".join(json.dumps({"id": f"r{n}", "title": f"Record {n}", "body": f"Body {n}."}) for n in range(50)) + "\n"
    )
    (feed / "more.jsonl").write_text(json.dumps({"id": "m1", "title": "More", "body": "Another file."}) + "\n")
    written = {"n": 0}

    def stop_halfway(progress) -> None:
        written["n"] += 1
        if written["n"] == 30:
            raise KeyboardInterrupt

    first = Indexer([feed], tmp_path / "ix", extract=False, batch_docs=10, on_progress=stop_halfway).run()
    assert first.interrupted
    assert first.total_articles in (0, 1)  # feed.jsonl all or nothing (more.jsonl may be in)
    second = Indexer([feed], tmp_path / "ix", extract=False, batch_docs=10).run()
    assert not second.interrupted and second.total_articles == 51
    record("kill", signal="KeyboardInterrupt inside a 50-article file", kills=1, articles=51, lost=51 - second.total_articles)
