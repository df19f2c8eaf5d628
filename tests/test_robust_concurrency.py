"""A reader open while `newsreader index` writes; two indexers at once."""

from __future__ import annotations

import time
from pathlib import Path

from index.indexer import Indexer
from index.search import SearchEngine
from test_robust_support import good_articles, newsreader, record, spawn


def test_reader_open_while_indexing_sees_new_articles_after_refresh(tmp_path: Path) -> None:
    corpus, index_dir = tmp_path / "corpus", tmp_path / "ix"
    old = good_articles(corpus, 100, prefix="a")
    Indexer([corpus], index_dir, extract=False).run()
    engine = SearchEngine(index_dir)
    assert engine.doc_count == 100
    new = good_articles(corpus, 700, prefix="b")
    process = spawn("index", str(corpus), "--index", str(index_dir), "--no-extract", NEWSREADER_BATCH_DOCS="60")
    counts, queries = [], 0
    while process.poll() is None:
        engine.refresh()
        results = engine.search("ministers", limit=5)
        for hit in results.hits:
            assert engine.get(hit.id).title.startswith("Ordinary report")
        assert engine.search(old["a42"]).total == 1
        counts.append(engine.search("*", limit=1).total)
        queries += 3
        time.sleep(0.05)
    _, stderr = process.communicate()
    assert process.returncode == 0, stderr
    assert counts == sorted(counts), "an open reader never sees articles disappear"
    assert engine.search(new["b699"]).total in (0, 1)  # before refresh: the old snapshot or the new
    engine.refresh()
    assert engine.doc_count == 800
    assert [hit.id for hit in engine.search(new["b699"]).hits] == ["b699"]
    assert [hit.id for hit in engine.search(old["a0"]).hits] == ["a0"]
    engine.close()
    seen_midway = sorted({count for count in counts if 100 < count < 800})
    record("concurrency", test="reader during indexing", queries=queries, intermediate_states=len(seen_midway))


def test_second_indexer_refuses_at_once_or_waits(tmp_path: Path) -> None:
    corpus, index_dir = tmp_path / "corpus", tmp_path / "ix"
    marks = good_articles(corpus, 1200)
    lock = index_dir.with_name("ix.lock")
    first = spawn("index", str(corpus), "--index", str(index_dir), "--no-extract", NEWSREADER_BATCH_DOCS="100")
    deadline = time.monotonic() + 60
    while not (lock.exists() and lock.read_text().strip() == str(first.pid)):
        assert first.poll() is None and time.monotonic() < deadline, "the first indexer never took the lock"
        time.sleep(0.01)

    started = time.monotonic()
    second = newsreader("index", str(corpus), "--index", str(index_dir), "--no-extract")
    refused_in = time.monotonic() - started
    assert first.poll() is None, "the first indexer finished too soon for this test to mean anything"
    assert second.returncode == 1
    assert second.stderr.splitlines() == [
        f"newsreader: another `newsreader index` (pid {first.pid}) is writing {index_dir}; wait for it or use --wait"
    ]
    assert refused_in < 15

    waiting = spawn("index", str(corpus), "--index", str(index_dir), "--no-extract", "--wait")
    _, first_err = first.communicate(timeout=300)
    _, waiting_err = waiting.communicate(timeout=300)
    assert first.returncode == 0, first_err
    assert waiting.returncode == 0, waiting_err
    assert "added 1,200 · updated 0 · removed 0 · unchanged 0" in first_err
    assert "added 0 · updated 0 · removed 0 · unchanged 1,200" in waiting_err  # ran after, found all done

    engine = SearchEngine(index_dir)  # opens and verifies
    assert engine.doc_count == 1200
    assert {hit.id for hit in engine.search("*", limit=2000, snippets=0).hits} == set(marks)
    assert [hit.id for hit in engine.search(marks["good1199"]).hits] == ["good1199"]
    engine.close()
    record("concurrency", test="two indexers", refused_in_seconds=round(refused_in, 2))
