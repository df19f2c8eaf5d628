"""Query syntax, paging, snippets, suggestions and the searcher's lifetime."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus_builder import small_corpus, write_article
from index.indexer import Indexer
from index.search import QueryError, SearchEngine, make_snippet


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> SearchEngine:
    base = tmp_path_factory.mktemp("search")
    corpus = small_corpus(base / "corpus")
    Indexer([corpus], base / "ix", extract=False).run()
    engine = SearchEngine(base / "ix")
    yield engine
    engine.close()


def found(engine: SearchEngine, query: str, **kwargs: object) -> list[str]:
    return [hit.id for hit in engine.search(query, limit=100, **kwargs).hits]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("talks", {"war2", "budget"}),
        ("budget AND deficit", {"budget"}),
        ("budget OR goal", {"budget", "match", "undated"}),
        ("talks NOT moscow", {"budget"}),
        ('"peace talks"', {"war2"}),
        ('"talks peace"', set()),
        ("peace", {"war2", "match"}),
        ("stad*", {"match"}),
        ("title:budget", {"budget"}),
        ("date:[2020-10-01 to 2020-10-31]", {"war2"}),
        ("date:2020-11", {"budget", "match"}),
        ("date:>2020-11-10", {"match"}),
    ],
)
def test_query_syntax(engine: SearchEngine, query: str, expected: set[str]) -> None:
    assert set(found(engine, query)) == expected


def test_title_matches_rank_above_body_matches(engine: SearchEngine) -> None:
    assert found(engine, "budget")[0] == "budget"


def test_date_order_puts_newest_first_and_undated_last(engine: SearchEngine) -> None:
    assert found(engine, "", sort="date") == ["match", "budget", "war2", "war1", "undated"]


def test_paging_returns_successive_slices_with_the_full_total(engine: SearchEngine) -> None:
    everything = found(engine, "")
    pages = [engine.search("", offset=offset, limit=2) for offset in (0, 2, 4)]
    assert [hit.id for page in pages for hit in page.hits] == everything
    assert {page.total for page in pages} == {5}


def test_snippets_only_for_the_hits_asked_for(engine: SearchEngine) -> None:
    results = engine.search("budget OR talks OR goal", limit=5, snippets=2)
    assert [bool(hit.snippet) for hit in results.hits] == [True, True, False, False, False][: len(results.hits)]


def test_snippet_centres_on_query_words() -> None:
    body = "Filler words. " * 40 + "The truce was agreed after 11 hours of talks. " + "More filler. " * 40
    snippet = make_snippet(body, ["truce", "talks"])
    assert "truce was agreed after 11 hours of talks" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")


def test_a_query_of_stop_words_finds_nothing_without_error(engine: SearchEngine) -> None:
    assert engine.search("the").total == 0


def test_misspelled_query_gets_a_suggestion(engine: SearchEngine) -> None:
    results = engine.search("stepanakret")
    assert results.total == 0
    assert results.suggestion == "stepanakert"


@pytest.mark.parametrize("query", ["date:[garbage to x]", "nosuchfield:word", "date:[2020-99-99 to 2020-01-01]"])
def test_bad_queries_raise_a_one_line_query_error(engine: SearchEngine, query: str) -> None:
    with pytest.raises(QueryError) as raised:
        engine.search(query)
    assert "\n" not in str(raised.value)


def test_searcher_is_reused_and_refreshed_only_after_a_commit(tmp_path: Path) -> None:
    corpus = small_corpus(tmp_path / "corpus")
    Indexer([corpus], tmp_path / "ix", extract=False).run()
    engine = SearchEngine(tmp_path / "ix")
    searcher = engine._searcher
    engine.search("talks")
    assert engine.refresh() is False and engine._searcher is searcher
    write_article(corpus, "late", "Late edition", "Talks resumed in Geneva.")
    Indexer([corpus], tmp_path / "ix", extract=False).run()
    assert "late" not in found(engine, "geneva")
    assert engine.refresh() is True
    assert found(engine, "geneva") == ["late"]


def test_similar_articles_exclude_the_article_and_its_twins(tmp_path: Path) -> None:
    corpus = small_corpus(tmp_path / "corpus")
    (corpus / "war1-copy.txt").write_bytes((corpus / "war1.txt").read_bytes())
    write_article(corpus, "war3", "More fighting in Karabakh", "Armenian and Azerbaijani forces clashed again near Stepanakert.")
    Indexer([corpus], tmp_path / "ix", extract=False).run()
    engine = SearchEngine(tmp_path / "ix")
    similar = [s.id for s in engine.similar("war1")]
    assert similar and similar[0] == "war3"
    assert "war1" not in similar and "war1-copy" not in similar


def test_similar_does_not_hold_up_searches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    corpus = small_corpus(tmp_path / "corpus")
    Indexer([corpus], tmp_path / "ix", extract=False).run()
    engine = SearchEngine(tmp_path / "ix")
    engine.get("war1")  # cached, so `similar` goes straight to its own searcher
    started, release = threading.Event(), threading.Event()
    searcher = engine._similar_searcher()
    original = searcher.more_like

    def slow_more_like(*args: object, **kwargs: object):
        started.set()
        release.wait(5)
        return original(*args, **kwargs)

    monkeypatch.setattr(searcher, "more_like", slow_more_like)
    worker = threading.Thread(target=engine.similar, args=("war1",))
    worker.start()
    assert started.wait(5)
    try:
        assert [hit.id for hit in engine.search("budget", limit=5).hits][0] == "budget"  # not blocked
    finally:
        release.set()
        worker.join(5)


def test_empty_id_restriction_finds_nothing(engine: SearchEngine) -> None:
    """The bookmarks-only filter with no bookmarks: no hits, not every article."""
    assert engine.search("", only_ids=set()).total == 0
    assert found(engine, "", only_ids={"war1", "budget"}) and set(found(engine, "", only_ids={"war1", "budget"})) == {"war1", "budget"}


@pytest.mark.parametrize(("query", "expected"), [("kar*h", {"war1"}), ("stepa?akert", {"war1"}), ("stad* OR budg*", {"match", "budget", "undated"})])
def test_wildcards_match_and_highlight(engine: SearchEngine, query: str, expected: set[str]) -> None:
    results = engine.search(query, limit=100)
    assert {hit.id for hit in results.hits} == expected
    from index.search import term_pattern

    pattern = term_pattern(results.terms)
    assert pattern is not None
    assert all(pattern.search(engine.get(hit.id).title + " " + engine.get(hit.id).body) for hit in results.hits)
