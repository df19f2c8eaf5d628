"""Messages the reader's widgets and workers post, as dataclasses.

Widgets say what the user asked for; the main screen decides what to do and
talks to the engine in workers, which answer with the `*Loaded`/`*Finished`
messages.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from index.models import ArticleRecord, SimilarArticle
from index.search import Hit, SearchResults


@dataclass
class SearchRequested(Message):
    """The search bar wants `query` run (debounced typing, or Enter)."""

    query: str
    submitted: bool = False  # Enter: the user is done typing, focus may move on


@dataclass
class SearchFinished(Message):
    """The first page of a search is in."""

    results: SearchResults
    sort: str
    bookmarks_only: bool


@dataclass
class SearchFailed(Message):
    query: str
    error: str


@dataclass
class HitHighlighted(Message):
    """The result list's cursor rests on `hit` (a preview, not yet read)."""

    hit: Hit


@dataclass
class HitOpened(Message):
    """The user opened `hit` (Enter or double click)."""

    hit: Hit


@dataclass
class ArticleLoaded(Message):
    article: ArticleRecord
    terms: list[str]
    opened: bool  # opened on purpose: mark it read and move focus to it


@dataclass
class SimilarLoaded(Message):
    article_id: str
    similar: list[SimilarArticle]


@dataclass
class EntityChosen(Message):
    """Search for everything mentioning this entity."""

    text: str
    label: str


@dataclass
class RelatedChosen(Message):
    """Open this corpus article (a related story or a similar article)."""

    article_id: str


@dataclass
class IndexProgress(Message):
    files_done: int
    files_total: int
    articles: int
    stage: str


@dataclass
class IndexFinished(Message):
    """An indexing run ended; `summary` says what changed, in words."""

    changed: bool
    summary: str
    initial: bool


@dataclass
class IndexFailed(Message):
    error: str
    can_rebuild: bool
    initial: bool
    busy: bool = False  # another process holds the index: retry rather than rebuild
