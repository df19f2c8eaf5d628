"""Incremental indexing: add, change, delete, no-change, schema versions, rebuilds."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from corpus_builder import small_corpus, write_article
from index import store
from index.indexer import Indexer
from index.search import SearchEngine


def build(corpus: Path, index_dir: Path, **kwargs) -> object:
    return Indexer([corpus], index_dir, extract=False, **kwargs).run()


def ids(index_dir: Path, query: str = "") -> set[str]:
    engine = SearchEngine(index_dir)
    try:
        return {hit.id for hit in engine.search(query, limit=1000).hits}
    finally:
        engine.close()


def test_first_run_indexes_every_article(tmp_path: Path) -> None:
    corpus = small_corpus(tmp_path / "corpus")
    report = build(corpus, tmp_path / "ix")
    assert (report.added, report.updated, report.removed, report.skipped) == (5, 0, 0, [])
    assert report.total_articles == 5
    assert ids(tmp_path / "ix") == {"war1", "war2", "budget", "match", "undated"}


def test_no_change_rerun_does_no_indexing_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = small_corpus(tmp_path / "corpus")
    build(corpus, tmp_path / "ix")
    toc_before = sorted(p.name for p in (tmp_path / "ix").glob("*.toc"))

    def no_parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("a no-change run parsed a file")

    monkeypatch.setattr("index.indexer._parse", no_parsing)
    report = build(corpus, tmp_path / "ix")
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 0, 0, 5)
    assert sorted(p.name for p in (tmp_path / "ix").glob("*.toc")) == toc_before  # no new commit


def test_changed_added_and_deleted_files_are_picked_up(tmp_path: Path) -> None:
    corpus = small_corpus(tmp_path / "corpus")
    index_dir = tmp_path / "ix"
    build(corpus, index_dir)
    write_article(corpus, "budget", "Budget talks collapse", "The coalition walked out of the budget talks.")
    future = time.time() + 5
    os.utime(corpus / "budget.txt", (future, future))
    write_article(corpus, "new", "Harvest report", "Wheat harvests rose across the plains.")
    (corpus / "match.txt").unlink()
    report = build(corpus, index_dir)
    assert (report.added, report.updated, report.removed, report.unchanged) == (1, 1, 1, 3)
    assert ids(index_dir) == {"war1", "war2", "budget", "new", "undated"}
    assert ids(index_dir, "coalition") == {"budget"}
    assert ids(index_dir, "stall") == set()  # the old version is gone
    engine = SearchEngine(index_dir)
    assert engine.get("budget").title == "Budget talks collapse"


def test_touched_but_identical_file_is_not_reindexed(tmp_path: Path) -> None:
    corpus = small_corpus(tmp_path / "corpus")
    build(corpus, tmp_path / "ix")
    future = time.time() + 5
    os.utime(corpus / "war1.txt", (future, future))
    report = build(corpus, tmp_path / "ix")
    assert (report.added, report.updated, report.unchanged) == (0, 0, 5)


def test_schema_mismatch_rebuilds_with_a_message(tmp_path: Path) -> None:
    corpus = small_corpus(tmp_path / "corpus")
    index_dir = tmp_path / "ix"
    build(corpus, index_dir)
    meta = json.loads((index_dir / store.META_NAME).read_text())
    meta["schema"] = "0"
    (index_dir / store.META_NAME).write_text(json.dumps(meta))
    with pytest.raises(store.SchemaMismatch):
        SearchEngine(index_dir)
    messages: list[str] = []
    report = build(corpus, index_dir, on_message=messages.append)
    assert report.rebuilt and "schema 0" in report.rebuilt
    assert any("rebuilding" in message for message in messages)
    assert report.added == 5
    assert ids(index_dir) == {"war1", "war2", "budget", "match", "undated"}


def test_failed_rebuild_leaves_the_previous_index_usable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = small_corpus(tmp_path / "corpus")
    index_dir = tmp_path / "ix"
    build(corpus, index_dir)

    def crash(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("index.indexer._parse", crash)
    report = build(corpus, index_dir, rebuild=True)
    assert report.interrupted
    assert ids(index_dir) == {"war1", "war2", "budget", "match", "undated"}
    assert not index_dir.with_name("ix.rebuild").exists()


def test_duplicate_article_in_two_files_is_indexed_with_a_note(tmp_path: Path) -> None:
    corpus = small_corpus(tmp_path / "corpus")
    (corpus / "copy.txt").write_bytes((corpus / "war1.txt").read_bytes())
    report = build(corpus, tmp_path / "ix")
    assert report.added == 6
    # Files are read in name order: the later one carries the note naming the first.
    assert [(Path(note.path).name, note.message) for note in report.notes] == [("war1.txt", "same text as article 'copy'")]


def test_sidecar_jsonl_gives_source_and_is_not_indexed_twice(tmp_path: Path) -> None:
    corpus = small_corpus(tmp_path / "corpus")
    (corpus / "corpus.jsonl").write_text(
        json.dumps({"id": "war1", "title": "x", "body": "y", "source": "Daily Wire", "url": "https://example.org/war1"}) + "\n"
    )
    build(corpus, tmp_path / "ix")
    engine = SearchEngine(tmp_path / "ix")
    assert engine.doc_count == 5
    article = engine.get("war1")
    assert (article.source, article.url) == ("Daily Wire", "https://example.org/war1")


def test_readme_and_hidden_files_are_not_articles(tmp_path: Path) -> None:
    corpus = small_corpus(tmp_path / "corpus")
    (corpus / "README.md").write_text("# About this corpus\n\nNot an article.")
    (corpus / ".notes.txt").write_text("scratch")
    report = build(corpus, tmp_path / "ix")
    assert report.added == 5


def test_jsonl_corpus_is_indexed_with_record_ids(tmp_path: Path) -> None:
    folder = tmp_path / "feed"
    folder.mkdir()
    lines = [
        json.dumps({"id": f"r{i}", "date": f"2021-01-0{i}T10:00:00", "title": f"Report {i}", "body": f"Body {i} of the feed."})
        for i in range(1, 4)
    ]
    (folder / "feed.jsonl").write_text("\n".join(lines[:2] + ["{oops"] + lines[2:]) + "\n")
    report = build(folder, tmp_path / "ix")
    assert report.added == 3
    assert [(Path(n.path).name, n.line) for n in report.skipped] == [("feed.jsonl", 3)]
    assert ids(tmp_path / "ix") == {"r1", "r2", "r3"}


def test_related_story_links_to_the_corpus_article_with_that_title(tmp_path: Path) -> None:
    corpus = small_corpus(tmp_path / "corpus")
    build(corpus, tmp_path / "ix")
    related = SearchEngine(tmp_path / "ix").get("war2").related
    assert [(story.title, story.id) for story in related] == [("Fighting erupts in Karabakh", "war1")]


def test_second_indexer_is_refused_while_one_writes(tmp_path: Path) -> None:
    index_dir = tmp_path / "ix"
    with store.writer_lock(index_dir):
        with pytest.raises(store.IndexBusy, match="another `newsreader index`"):
            with store.writer_lock(index_dir):
                pass
    with store.writer_lock(index_dir):  # released again
        pass
