"""Searching an index: one long-lived searcher, paged hits, snippets on demand.

`SearchEngine` keeps a single Whoosh searcher open and refreshes it only when
the index has changed on disk, so repeated queries reuse its caches. Snippets
are cut from the stored body for the hits actually shown, not all matches.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from index import store
from index.models import ArticleRecord, RelatedStory, SimilarArticle
from index.schema import record, title_key
from index.counting import matching_docs
from index.wildcards import speed_up

SEARCH_FIELDS = ("title", "body")
SNIPPET_CHARS = 180
MIN_WILDCARD_PREFIX = 2
FIELD_ALIASES = {"entities": "entity", "people": "person", "organisation": "org", "organization": "org", "places": "place"}


class QueryError(ValueError):
    """A query the parser cannot make sense of; the message is one line for the user."""


@dataclass(frozen=True)
class Hit:
    id: str
    title: str
    date: datetime | None
    source: str | None
    score: float
    snippet: str = ""

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "source": self.source,
            "score": round(self.score, 4),
            "snippet": self.snippet,
        }


@dataclass
class SearchResults:
    query: str
    total: int
    hits: list[Hit]
    elapsed_ms: float
    offset: int = 0
    suggestion: str | None = None
    terms: list[str] = field(default_factory=list)  # query words, for highlighting

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {"query": self.query, "total": self.total, "hits": [hit.to_json() for hit in self.hits]}
        if self.suggestion:
            data["suggestion"] = self.suggestion
        return data


class SearchEngine:
    """Thread-safe facade over one index folder."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = Path(index_dir)
        self._lock = threading.RLock()
        self._similar_lock = threading.Lock()
        self._similar: tuple[object, object] | None = None  # (index it was opened on, searcher)
        self._ix = store.open_index(self.index_dir)
        self._searcher = self._ix.searcher()
        self._parser = self._make_parser()
        self._reset_caches()

    def clear_caches(self) -> None:
        """Forgets per-query results: totals, date filters, articles (benchmarks measure without them).

        The date column itself stays loaded, like Whoosh's own per-searcher state.
        """
        with self._lock:
            values = self._date_values
            self._reset_caches()
            self._date_values = values

    def _reset_caches(self) -> None:
        """Forgets everything computed from the current searcher (called when it changes)."""
        self._record_cache: dict[str, ArticleRecord] = {}
        self._totals: dict[tuple[object, ...], int] = {}
        self._date_cache: dict[tuple[object, ...], frozenset[int]] = {}
        self._date_values: list[int] | None = None

    # -- lifecycle -----------------------------------------------------------
    def close(self) -> None:
        with self._lock:
            self._searcher.close()
        with self._similar_lock:
            if self._similar is not None:
                self._similar[1].close()
                self._similar = None

    def refresh(self) -> bool:
        """Picks up commits made since the searcher was opened; True when there were some."""
        with self._lock:
            try:
                if self._searcher.up_to_date():
                    return False
            except Exception:
                pass  # the folder was swapped by a rebuild: reopen below
            self._searcher.close()
            self._ix = store.open_index(self.index_dir)
            self._searcher = self._ix.searcher()
            self._reset_caches()
            return True

    @property
    def doc_count(self) -> int:
        with self._lock:
            return self._searcher.doc_count()

    def size_bytes(self) -> int:
        return sum(path.stat().st_size for path in self.index_dir.iterdir() if path.is_file())

    # -- queries -------------------------------------------------------------
    def _make_parser(self):
        from whoosh import qparser

        parser = qparser.MultifieldParser(list(SEARCH_FIELDS), self._ix.schema)
        parser.add_plugin(qparser.GtLtPlugin())
        parser.add_plugin(qparser.FuzzyTermPlugin())
        return parser

    def parse(self, text: str):
        """A Whoosh query for `text`, or `QueryError` with a one-line reason."""
        from whoosh import query as wq

        text = _normalise_fields(text.strip())
        if not text:
            return wq.Every()
        for name in _FIELD_NAME.findall(_QUOTED.sub("", text)):
            if name not in _USER_FIELDS:
                raise QueryError(f"unknown field {name!r}; fields are {', '.join(_USER_FIELDS)}")
        try:
            parsed = self._parser.parse(text)
        except Exception as error:  # Whoosh raises ValueError, IndexError, ... on odd ranges
            raise QueryError(f"cannot read query {text!r}: {error}") from None
        parsed = speed_up(parsed)
        date_field = self._ix.schema["date"]
        for node in parsed.leaves():
            if getattr(node, "fieldname", None) == "date" and isinstance(node, wq.Term):
                try:  # Whoosh would only find out when matching
                    date_field.to_bytes(node.text)
                except Exception:
                    raise QueryError(f"date:{node.text!r} is not a date; try date:2020-10-21 or date:[2020-10-01 to 2020-10-31]") from None
            # `a*` expands to thousands of terms and takes seconds: ask for one more letter.
            if isinstance(node, (wq.Prefix, wq.Wildcard)) and len(str(node.text).split("*")[0].split("?")[0]) < MIN_WILDCARD_PREFIX:
                raise QueryError(f"{node.text!r}: put at least {MIN_WILDCARD_PREFIX} letters before a wildcard")
            # `word~9` builds an automaton that takes minutes on a small index; 2 edits is plenty.
            if isinstance(node, wq.FuzzyTerm) and node.maxdist > 2:
                node.maxdist = 2
        return parsed

    def search(
        self,
        text: str,
        *,
        offset: int = 0,
        limit: int = 50,
        snippets: int = 20,
        sort: str = "relevance",
        only_ids: set[str] | None = None,
    ) -> SearchResults:
        """Hits `offset`..`offset+limit` of `text`, snippets for the first `snippets` of them."""
        from whoosh import query as wq

        started = time.perf_counter()
        query = self.parse(text)
        with self._lock:
            searcher = self._searcher
            # Date ranges are answered from the date column and applied as a filter:
            # Whoosh's own range matcher is slow and, inside an And, undercounts.
            query, dates = _split_dates(query)
            allowed = self._allowed_docs(dates, only_ids)
            kwargs: dict[str, object] = {"limit": offset + limit}
            if sort == "date":
                kwargs["sortedby"] = "when"
                kwargs["reverse"] = True
            if allowed is not None:
                if not allowed:  # Whoosh reads an empty filter as no filter at all
                    query = wq.NullQuery
                kwargs["filter"] = allowed
            try:
                results = searcher.search(query, **kwargs)
            except Exception as error:  # a term Whoosh accepted but cannot match
                raise QueryError(f"cannot search for {text!r}: {error}") from None
            # Counting every match is a second pass over the postings: once per query.
            total_key = (repr(query), tuple(repr(d) for d in dates), frozenset(only_ids) if only_ids is not None else None)
            total = self._totals.get(total_key)
            if total is None:
                try:
                    matched = matching_docs(searcher, query)
                    total = len(matched if allowed is None else matched & allowed)
                except Exception as error:
                    raise QueryError(f"cannot search for {text!r}: {error}") from None
                if len(self._totals) > 256:
                    self._totals.clear()
                self._totals[total_key] = total
            terms = _query_words(query)
            hits: list[Hit] = []
            for rank, hit in enumerate(results[offset : offset + limit]):
                stored = hit.fields()
                snippet = ""
                if rank < snippets:
                    snippet = make_snippet(record(stored).body, terms)
                hits.append(
                    Hit(
                        id=stored["id"],
                        title=stored["title"],
                        date=stored.get("date"),
                        source=stored.get("source") or None,
                        score=float(hit.score or 0.0),
                        snippet=snippet,
                    )
                )
            suggestion = self._suggest(query, text) if total == 0 else None
        return SearchResults(
            query=text,
            total=total,
            hits=hits,
            elapsed_ms=(time.perf_counter() - started) * 1000,
            offset=offset,
            suggestion=suggestion,
            terms=terms,
        )

    def _allowed_docs(self, dates: list, only_ids: set[str] | None) -> set[int] | None:
        """Document numbers passing the date ranges and the id restriction; None: no restriction."""
        allowed: set[int] | None = None
        for node in dates:
            docs = self._date_docs(node)
            allowed = set(docs) if allowed is None else allowed & docs
        if only_ids is not None:
            wanted = {self._searcher.document_number(id=i) for i in only_ids} - {None}
            allowed = wanted if allowed is None else allowed & wanted  # type: ignore[operator]
        return allowed

    def _date_docs(self, node) -> frozenset[int]:
        """Documents whose date falls in a `date:` range, from the date column, cached per index state."""
        key = (node.start, node.end, node.startexcl, node.endexcl)
        docs = self._date_cache.get(key)
        if docs is None:
            if self._date_values is None:
                column = self._searcher.reader().column_reader("date", translate=False)
                self._date_values = list(column)
            low, high = node.start, node.end
            docs = frozenset(
                docnum
                for docnum, value in enumerate(self._date_values)
                if value != _NO_DATE
                and (low is None or value > low or (value == low and not node.startexcl))
                and (high is None or value < high or (value == high and not node.endexcl))
            )
            if len(self._date_cache) > 64:
                self._date_cache.clear()
            self._date_cache[key] = docs
        return docs

    def _suggest(self, query, text: str) -> str | None:
        try:
            # Keeping the first two letters: the same suggestions in practice, without
            # comparing the query word against the whole vocabulary (seconds at 100k).
            corrected = self._searcher.correct_query(query, text, maxdist=2, prefix=2)
        except Exception:
            return None
        return corrected.string if corrected.query != query else None

    # -- articles ------------------------------------------------------------
    def get(self, article_id: str) -> ArticleRecord:
        """The stored article with its related stories linked to corpus ids; KeyError if absent."""
        with self._lock:
            cached = self._record_cache.get(article_id)
            if cached is not None:
                return cached
            stored = self._searcher.document(id=article_id)
            if stored is None:
                raise KeyError(article_id)
            article = record(stored)
            article.related = [self._link(story) for story in article.related]
            if len(self._record_cache) > 256:
                self._record_cache.clear()
            self._record_cache[article_id] = article
            return article

    def _link(self, story: RelatedStory) -> RelatedStory:
        found = self._searcher.document(title_key=title_key(story.title))
        return story.model_copy(update={"id": found["id"]}) if found else story

    def similar(self, article_id: str, *, top: int = 10) -> list[SimilarArticle]:
        """Articles most like this one (more-like-this over its key terms), near-duplicates left out.

        Runs on a searcher of its own, under a lock of its own: a slow more-like-this
        over a large corpus must not hold up the searches and page fetches of the list.
        """
        article = self.get(article_id)
        names = " ".join(entity.text for entity in article.entities if entity.label in _SIMILAR_LABELS)
        text = f"{article.title}\n{names}\n{article.body}"
        own_key = title_key(article.title)
        own_body = article.body[:2000]
        with self._similar_lock:
            searcher = self._similar_searcher()
            docnum = searcher.document_number(id=article_id)
            if docnum is None:
                return []
            results = searcher.more_like(docnum, "body", text=text, top=top + 10, numterms=25, normalize=False)
            similar: list[SimilarArticle] = []
            for hit in results:
                stored = hit.fields()
                if stored["id"] == article_id or title_key(stored["title"]) == own_key:
                    continue
                if own_body and _near_duplicate(own_body, record(stored).body[:2000]):
                    continue
                similar.append(SimilarArticle(id=stored["id"], title=stored["title"], score=round(float(hit.score), 4)))
                if len(similar) == top:
                    break
            return similar

    def _similar_searcher(self):
        """The more-like-this searcher, reopened when `refresh` has moved the main one on."""
        with self._lock:
            ix = self._ix
        if self._similar is None or self._similar[0] is not ix:
            if self._similar is not None:
                self._similar[1].close()
            self._similar = (ix, ix.searcher())
        return self._similar[1]


_NO_DATE = 2**64 - 1  # the date column's value for an undated article


def _split_dates(query) -> tuple[object, list]:
    """Separates top-level `date:` ranges from the rest of the query."""
    from whoosh import query as wq

    def is_date(node: object) -> bool:
        return isinstance(node, wq.NumericRange) and node.fieldname == "date"

    if is_date(query):
        return wq.Every(), [query]
    if isinstance(query, wq.And):
        dates = [node for node in query.subqueries if is_date(node)]
        if dates:
            rest = [node for node in query.subqueries if not is_date(node)]
            return (rest[0] if len(rest) == 1 else wq.And(rest) if rest else wq.Every()), dates
    return query, []


_SIMILAR_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT"})
_USER_FIELDS = ("title", "body", "date", "source", "entity", "person", "org", "place", "id")
_FIELD_NAME = re.compile(r"(?<![\w\\])([A-Za-z_]\w*):")
_QUOTED = re.compile(r'"[^"]*"')
_FIELD_PATTERN = re.compile(r"\b(" + "|".join(FIELD_ALIASES) + r"):")


def _normalise_fields(text: str) -> str:
    return _FIELD_PATTERN.sub(lambda match: FIELD_ALIASES[match.group(1)] + ":", text)


def _query_words(query) -> list[str]:
    """The words a query looks for in title or body (not negated ones), for highlighting."""
    from whoosh import query as wq

    words: list[str] = []

    def add(word: str) -> None:
        if word and word not in words:
            words.append(word)

    def walk(node) -> None:
        if isinstance(node, wq.Not):
            return  # words the articles must not have are not highlighted
        if isinstance(node, (wq.Prefix, wq.Wildcard)) and node.fieldname in SEARCH_FIELDS:
            add(str(node.text).rstrip("*?") + "*")
        elif isinstance(node, wq.Phrase) and node.fieldname in SEARCH_FIELDS:
            for word in node.words:
                add(str(word))
        elif isinstance(node, wq.Term) and node.fieldname in SEARCH_FIELDS:
            add(node.text.decode() if isinstance(node.text, bytes) else str(node.text))
        for child in node.children():
            walk(child)

    walk(query)
    return words


def term_pattern(terms: list[str]) -> re.Pattern[str] | None:
    """A regex matching the query's words as whole words (`word*`, `w?rd` as wildcards)."""
    # Wildcards: `*` is any run of word characters, `?` one of them.
    parts = [re.escape(term).replace(r"\*", r"\w*").replace(r"\?", r"\w") for term in terms]
    if not parts:
        return None
    return re.compile(r"\b(?:" + "|".join(sorted(parts, key=len, reverse=True)) + r")\b", re.IGNORECASE)


def make_snippet(body: str, terms: list[str], width: int = SNIPPET_CHARS) -> str:
    """A one-line window of `body` around the densest cluster of query words."""
    flat = " ".join(body.split())
    pattern = term_pattern(terms)
    matches = list(pattern.finditer(flat)) if pattern else []
    if not matches:
        return _clip(flat, 0, width)
    from bisect import bisect_left

    # Matches within `width` after each one, by bisection: a common word in a long
    # article has tens of thousands of matches, and counting pairwise took minutes.
    starts = [match.start() for match in matches]
    best_start, best_count = starts[0], 0
    for i, begin in enumerate(starts):
        count = bisect_left(starts, begin + width, i) - i
        if count > best_count:
            best_start, best_count = begin, count
    start = max(0, best_start - width // 4)
    space = flat.rfind(" ", 0, start)
    return _clip(flat, space + 1 if start and space >= 0 else start, width)


def _clip(text: str, start: int, width: int) -> str:
    end = min(len(text), start + width)
    if end < len(text):
        cut = text.rfind(" ", start, end)
        end = cut if cut > start else end
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def _near_duplicate(a: str, b: str) -> bool:
    """Shingle overlap: two bodies sharing most of their 5-word runs are one story twice."""
    if a == b:
        return True
    wa, wb = a.split(), b.split()
    if len(wa) < 10 or len(wb) < 10:
        return False
    sa = {tuple(wa[i : i + 5]) for i in range(len(wa) - 4)}
    sb = {tuple(wb[i : i + 5]) for i in range(len(wb) - 4)}
    return len(sa & sb) / max(1, min(len(sa), len(sb))) > 0.8
