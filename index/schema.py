"""The Whoosh schema and how an article is stored in it."""

from __future__ import annotations

import json
import zlib
from datetime import datetime

from whoosh import fields
from whoosh.analysis import StandardAnalyzer

from index.models import Article, ArticleRecord, Extraction

# Bump when the schema or the stored payload changes shape, or extraction
# changes what it stores: an index with another version is rebuilt.
SCHEMA_VERSION = "4"

EPOCH = datetime(1800, 1, 1)
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
ENTITY_FIELDS = ("entity", "person", "org", "place")

_text = StandardAnalyzer()
# Entity names are short; stop words inside them ("Bank of England") matter.
_names = StandardAnalyzer(stoplist=None)


def make_schema() -> fields.Schema:
    return fields.Schema(
        id=fields.ID(stored=True, unique=True, sortable=True),
        # The source file and its fingerprint: the columns incremental runs read.
        src=fields.ID(stored=True, sortable=True),
        state=fields.ID(stored=True, sortable=True),
        bodyhash=fields.ID(sortable=True),
        title=fields.TEXT(stored=True, analyzer=_text, field_boost=2.0),
        # Exact, normalised title: links Related Stories entries to articles.
        title_key=fields.ID(),
        body=fields.TEXT(analyzer=_text, phrase=True),
        date=fields.DATETIME(stored=True, sortable=True),
        # Minutes since 1800 for date order; 0 for undated, so they sort last.
        when=fields.NUMERIC(int, bits=32, signed=False, sortable=True),
        source=fields.TEXT(stored=True, analyzer=_names),
        entity=fields.TEXT(analyzer=_names),
        person=fields.TEXT(analyzer=_names),
        org=fields.TEXT(analyzer=_names),
        place=fields.TEXT(analyzer=_names),
        # Everything needed to render the article, without re-reading its file.
        payload=fields.STORED(),
    )


def title_key(title: str) -> str:
    return " ".join("".join(ch for ch in title.casefold() if ch.isalnum() or ch.isspace()).split())


def document(article: Article, extraction: Extraction, *, src: str, state: str, bodyhash: str) -> dict[str, object]:
    """The Whoosh document for an article and its extraction."""
    by_field: dict[str, list[str]] = {name: [] for name in ENTITY_FIELDS}
    for entity in extraction.entities:
        by_field["entity"].append(entity.text)
        if entity.label == "PERSON":
            by_field["person"].append(entity.text)
        elif entity.label == "ORG":
            by_field["org"].append(entity.text)
        elif entity.label in PLACE_LABELS:
            by_field["place"].append(entity.text)
    payload = {
        "body": article.body,
        "url": article.url,
        "path": article.path,
        "related": [story.model_dump() for story in article.related],
        "entities": [entity.model_dump() for entity in extraction.entities],
        "figures": [figure.model_dump() for figure in extraction.figures],
        "notes": [str(note) for note in article.notes],
    }
    doc: dict[str, object] = {
        "id": article.id,
        "src": src,
        "state": state,
        "bodyhash": bodyhash,
        "title": article.title,
        "title_key": title_key(article.title),
        "body": article.body,
        "source": article.source or "",
        "payload": zlib.compress(json.dumps(payload, ensure_ascii=False).encode("utf-8"), 3),
    }
    doc["when"] = 0
    if article.date is not None:
        doc["date"] = article.date
        doc["when"] = max(1, int((article.date - EPOCH).total_seconds() // 60))
    for name, values in by_field.items():
        if values:
            doc[name] = "; ".join(values)
    return doc


def record(stored: dict[str, object]) -> ArticleRecord:
    """An `ArticleRecord` from a document's stored fields."""
    payload = json.loads(zlib.decompress(stored["payload"]))  # type: ignore[arg-type]
    date = stored.get("date")
    return ArticleRecord(
        id=str(stored["id"]),
        title=str(stored["title"]),
        date=date if isinstance(date, datetime) else None,
        source=str(stored.get("source") or "") or None,
        url=payload.get("url"),
        path=payload.get("path") or "",
        body=payload["body"],
        entities=payload.get("entities", []),
        figures=payload.get("figures", []),
        related=payload.get("related", []),
    )
