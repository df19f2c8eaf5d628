"""Search over a real corpus (finescoop, 2,476 articles): counts, dates, similar articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.indexer import Indexer
from index.search import QueryError, SearchEngine

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def engine(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> SearchEngine:
    index_dir = tmp_path_factory.mktemp("finescoop") / "ix"
    report = Indexer([shared_dir / "corpora" / "finescoop-2020-war-start"], index_dir, extract=False).run()
    assert report.added == 2476 and not report.skipped
    engine = SearchEngine(index_dir)
    yield engine
    engine.close()


def brute_count(engine: SearchEngine, *parts: str) -> int:
    """Matches of each part alone, intersected: what an AND of them must count."""
    searcher = engine._searcher
    sets = [set(searcher.docs_for_query(engine.parse(part))) for part in parts]
    return len(set.intersection(*sets))


@pytest.mark.parametrize(("date", "word"), [("date:2020-09", "year"), ("date:[2020-09-28 to 2020-09-29]", "people")])
def test_word_and_date_range_count_every_match(engine: SearchEngine, date: str, word: str) -> None:
    results = engine.search(f"{date} {word}", limit=2000, snippets=0)
    assert results.total == brute_count(engine, date, word)
    assert len(results.hits) == results.total  # nothing dropped from the list either
    assert all(hit.date is not None and hit.date.strftime("%Y-%m") in ("2020-09", "2020-10") for hit in results.hits)


def test_totals_are_the_same_on_every_page(engine: SearchEngine) -> None:
    pages = [engine.search("armenia OR azerbaijan", offset=offset, limit=5) for offset in (0, 5, 10)]
    assert len({page.total for page in pages}) == 1
    ids = [hit.id for page in pages for hit in page.hits]
    assert len(ids) == len(set(ids)) == min(15, pages[0].total)


def test_war_story_ranks_first_for_its_subject(engine: SearchEngine) -> None:
    results = engine.search('armenia azerbaijan "fighting"')
    assert results.hits[0].title in {
        "Armenia and Azerbaijan continue fighting overnight",
        "Sixteen killed as fighting erupts between Armenia and Azerbaijan",
    }


def test_similar_articles_on_a_real_corpus_share_the_subject(engine: SearchEngine) -> None:
    similar = engine.similar("000245")  # Sixteen killed as fighting erupts between Armenia and Azerbaijan
    assert len(similar) == 10
    assert "000245" not in {item.id for item in similar}
    on_subject = [item for item in similar if any(word in item.title for word in ("Armenia", "Azerbaijan", "Karabakh"))]
    assert len(on_subject) >= 5, [item.title for item in similar]


def test_one_letter_wildcards_are_refused_with_a_reason(engine: SearchEngine) -> None:
    with pytest.raises(QueryError, match="at least 2 letters"):
        engine.search("a*")
    assert engine.search("arm*").total > 0


def test_totals_do_not_depend_on_the_page_size(engine: SearchEngine) -> None:
    """Whoosh's own count changes with the collector's limit; ours is the number of matching articles."""
    from whoosh.analysis import StandardAnalyzer

    analyzer = StandardAnalyzer()
    reader = engine._searcher.reader()
    words = [{token.text for token in analyzer(engine.get(reader.stored_fields(d)["id"]).title + " " + engine.get(reader.stored_fields(d)["id"]).body)} for d in reader.all_doc_ids()]
    expected = {
        "danger*": sum(any(w.startswith("danger") for w in ws) for ws in words),
        "spring NOT six": sum("spring" in ws and "six" not in ws for ws in words),
        "armenia OR karabakh": sum(bool({"armenia", "karabakh"} & ws) for ws in words),
    }
    for query, count in expected.items():
        assert count > 0
        assert {engine.search(query, limit=limit, snippets=0).total for limit in (1, 10, 50)} == {count}, query
