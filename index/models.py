"""The article and what is extracted from it, as validated pydantic models.

These are the shapes that cross every boundary: parsers produce `Article`,
extraction produces `Extraction`, the index stores both and `show --json`
prints `ArticleRecord`.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class RelatedStory(BaseModel):
    """One entry of an article's own `Related Stories` block."""

    model_config = ConfigDict(frozen=True)

    title: str
    source: str | None = None
    snippet: str = ""
    id: str | None = None  # the corpus article with this title, when there is one


class Entity(BaseModel):
    """A named entity; `start`/`end` are character offsets into the body.

    Entities found in the title carry `in_title=True` and offsets into the title.
    """

    model_config = ConfigDict(frozen=True)

    text: str
    label: str
    start: int
    end: int
    in_title: bool = False


class Figure(BaseModel):
    """A number together with what it counts or measures."""

    model_config = ConfigDict(frozen=True)

    text: str  # as written: "772", "three weeks", "$4 million"
    value: float
    what: str  # "Armenian soldiers killed"
    sentence: str
    start: int  # offsets of `text` in the body
    end: int
    unit: str | None = None  # "$", "%", "hours", ... when the number carries one


class SimilarArticle(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    score: float


class Note(BaseModel):
    """Something worth telling the user about how a file was read."""

    model_config = ConfigDict(frozen=True)

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class Article(BaseModel):
    """An article as parsed from a file, before extraction."""

    id: str
    title: str
    body: str
    date: datetime | None = None
    source: str | None = None
    url: str | None = None
    path: str = ""
    related: list[RelatedStory] = Field(default_factory=list)
    extra: dict[str, object] = Field(default_factory=dict)
    notes: list[Note] = Field(default_factory=list)

    @property
    def words(self) -> int:
        return len(self.body.split()) + len(self.title.split())


class Extraction(BaseModel):
    """Everything computed for an article at index time."""

    entities: list[Entity] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)


class ArticleRecord(BaseModel):
    """An indexed article as the reader and `show --json` see it."""

    id: str
    title: str
    date: datetime | None = None
    source: str | None = None
    url: str | None = None
    path: str = ""
    body: str
    entities: list[Entity] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    related: list[RelatedStory] = Field(default_factory=list)
    similar: list[SimilarArticle] = Field(default_factory=list)

    def citation(self) -> str:
        day = self.date.date().isoformat() if self.date else "undated"
        return f'"{self.title}" ({day})'
