"""Property-based tests: the native-format parser and the query path never crash
on any input, and `to_native` is the parser's inverse for every article the
format can express.

What the native format can express (the constraints of `articles()` below):
- title, paragraphs, related-story titles, sources and snippets are single
  lines of text without control characters, with single spaces (the parser
  collapses runs of whitespace, which is how hard-wrapped paragraphs are read);
- a paragraph is not the exact line `Related Stories` (it would start the block);
- a related story has a title; its source, when given, neither contains ` - `
  nor starts or ends with `-` (the `Source - snippet` line is split at the first ` - `);
- dates fall in 1800–2200 (others are taken as typos) and carry minutes, not seconds.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.formats import RELATED_MARK, Unreadable, decode, parse_jsonl, parse_text, to_native
from index.models import Article, Note, RelatedStory
from test_robust_support import good_articles, record

EXAMPLES = 400
# Health checks judge the strategies, not the product: a random "data too large" must not fail CI.
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)

# -- any input -------------------------------------------------------------------------------------

_native_lines = st.sampled_from(
    [
        " date 2020-10-21 0", " date 2020-13-45 3", " date 0001-01-01 0", " date 9999-12-31 1", " date  ", "date",
        "Wednesday 21 October 2020 - 13:38", "31 February 2020 - 25:61", "Monday 1 Smarch 2020",
        "", " ", "Related Stories", "Source - snippet", " - ", "-", "Title", "\t", "\x1b[2J", "\x00", "\ufeff",
        "\u2028", "\r", "\x85", "#", "{\"title\": \"x\", \"body\": \"y\"}",
    ]
)
_texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(_native_lines, st.text(max_size=40)), max_size=30).map("\n".join),
)
_raw = st.one_of(
    st.binary(max_size=600),
    _texts.map(lambda text: text.encode("utf-8", "surrogatepass")),
    _texts.map(lambda text: text.encode("utf-16")),
    st.tuples(st.sampled_from([b"\x89PNG", b"%PDF", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b""]), st.binary(max_size=200)).map(
        lambda parts: parts[0] + parts[1]
    ),
)


def test_decode_and_parse_raise_only_unreadable() -> None:
    runs = {"n": 0, "unreadable": 0}

    @SETTINGS
    @given(data=_raw)
    def check(data: bytes) -> None:
        runs["n"] += 1
        try:
            decoded = decode(data)
            article = parse_text(decoded.text, article_id="x", path="x.txt")
        except Unreadable as error:
            runs["unreadable"] += 1
            assert error.reason
            return
        assert isinstance(article, Article)
        assert article.title.strip()
        for item in parse_jsonl(decoded.text, path="x.jsonl"):
            assert isinstance(item, (Article, Note))

    check()
    record("hypothesis", test="decode+parse_text never crash", examples=runs["n"])
    assert runs["n"] >= EXAMPLES
    assert 0 < runs["unreadable"] < runs["n"]  # both outcomes were reached


# -- to_native is the parser's inverse -----------------------------------------------------------

_word = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")), min_size=1, max_size=12).filter(
    lambda word: not word.isspace() and word.split() == [word]
)
_line = st.lists(_word, min_size=1, max_size=8).map(" ".join)
_paragraph = _line.filter(lambda line: line != RELATED_MARK)
_source = _line.filter(lambda s: " - " not in s and not s.startswith("-") and not s.endswith("-"))
_story = st.builds(
    RelatedStory,
    title=_line,
    source=st.none() | _source,
    snippet=st.just("") | _line,
)


@st.composite
def articles(draw) -> Article:
    date = draw(st.none() | st.datetimes(min_value=datetime(1800, 1, 1), max_value=datetime(2200, 12, 31, 23, 59)))
    return Article(
        id="a",
        title=draw(_line),
        body="\n\n".join(draw(st.lists(_paragraph, max_size=5))),
        date=date.replace(second=0, microsecond=0) if date else None,
        related=draw(st.lists(_story, max_size=3)),
        path="a.txt",
    )


def test_to_native_round_trips() -> None:
    runs = {"n": 0}

    @SETTINGS
    @given(article=articles())
    def check(article: Article) -> None:
        runs["n"] += 1
        text = to_native(article)
        again = parse_text(decode(text.encode("utf-8")).text, article_id="a", path="a.txt")
        assert (again.title, again.body.split("\n\n"), again.date, again.related) == (
            article.title,
            article.body.split("\n\n"),
            article.date,
            article.related,
        )
        assert [note.message for note in again.notes if "no body text" not in note.message] == []

    check()
    record("hypothesis", test="to_native round trip", examples=runs["n"])
    assert runs["n"] >= EXAMPLES


# -- the query path ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory):
    from index.indexer import Indexer
    from index.search import SearchEngine

    base = tmp_path_factory.mktemp("props")
    good_articles(base / "corpus", 30)
    Indexer([base / "corpus"], base / "ix", extract=False).run()
    engine = SearchEngine(base / "ix")
    yield engine
    engine.close()


_query_bits = st.sampled_from(
    [
        "title:", "body:", "date:", "source:", "entity:", "person:", "org:", "place:", "id:", "nosuch:", "AND", "OR",
        "NOT", "ANDNOT", "ANDMAYBE", "(", ")", "[", "]", "{", "}", '"', "'", "*", "?", "~", "~2", "~99", "^", "^9",
        ">", "<", ">=", "to", "TO", "2020", "1987-02-26", "-", "+", ":", "\\", "/", "ministers", "talks", "zq",
        "zqgood1x", "20200101", "yesterday", "\x00", "\x1b[2J", " ", "  ",
    ]
)
_queries = st.one_of(st.text(max_size=60), st.lists(_query_bits, max_size=12).map("".join), st.lists(_query_bits, max_size=8).map(" ".join))


def test_search_raises_only_query_error(engine) -> None:
    from index.search import QueryError

    runs = {"n": 0, "rejected": 0, "found": 0}

    # A deadline too: a query that takes seconds on 30 articles would take minutes on a real corpus.
    @settings(SETTINGS, deadline=10_000)
    @given(query=_queries, sort=st.sampled_from(["relevance", "date"]))
    def check(query: str, sort: str) -> None:
        runs["n"] += 1
        try:
            results = engine.search(query, limit=5, sort=sort)
        except QueryError as error:
            runs["rejected"] += 1
            assert "\n" not in str(error).strip()
            return
        runs["found"] += bool(results.total)
        assert results.total >= len(results.hits)

    check()
    record("hypothesis", test="SearchEngine.search raises only QueryError", examples=runs["n"])
    assert runs["n"] >= EXAMPLES
    assert runs["found"] > 0  # the strategy reaches real hits, not only errors
