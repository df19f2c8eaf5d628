"""Small indexes for the reader's tests: synthetic articles, and extractions without spaCy.

`write_article` writes the native format; `build_index` runs the real `Indexer`
(extract=False, fast); `add_extractions` then rewrites chosen documents with
hand-made entities and figures through `index.schema.document`, exactly as the
indexer would store an extraction.
"""

from __future__ import annotations

import re
from pathlib import Path

from index.formats import decode, parse_text
from index.indexer import Indexer
from index.models import Entity, Extraction, Figure
from index.schema import document

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SEED_ID = "000_143f2a66cda43250"
SEED_TITLE = "Armenia-Azerbaijan Hold Truce Talks again in Moscow"
SEED_FIGURE_COPY = '772 Armenian soldiers killed — "Armenia-Azerbaijan Hold Truce Talks again in Moscow" (2020-10-21)'


def write_article(folder: Path, name: str, *, date: str, title: str, paragraphs: list[str], number: int = 0) -> Path:
    """A file in the native format: ` date YYYY-MM-DD N`, a timestamp, title, paragraphs."""
    from datetime import date as Date

    day = Date.fromisoformat(date)
    stamp = f"{day.strftime('%A')} {day.day} {day.strftime('%B %Y')} - 13:38"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f" date {date} {number}\n{stamp}\n\n{title}\n\n" + "\n\n".join(paragraphs) + "\n", "utf-8")
    return path


def build_index(roots: list[Path], index_dir: Path) -> Path:
    report = Indexer(roots, index_dir, extract=False).run()
    assert report.total_articles > 0, report
    return index_dir


def entities_in(text: str, names: list[tuple[str, str]], *, in_title: bool = False) -> list[Entity]:
    """Every occurrence of each (name, label) in `text`, with offsets."""
    found = []
    for name, label in names:
        for match in re.finditer(re.escape(name), text):
            found.append(Entity(text=name, label=label, start=match.start(), end=match.end(), in_title=in_title))
    return sorted(found, key=lambda entity: entity.start)


def figure_in(body: str, text: str, value: float, what: str, sentence_start: str) -> Figure:
    start = body.index(sentence_start)
    end_of_sentence = body.find(".", start)
    sentence = body[start : end_of_sentence + 1]
    offset = body.index(text, start)
    return Figure(text=text, value=value, what=what, sentence=sentence, start=offset, end=offset + len(text))


def add_extractions(index_dir: Path, extractions: dict[str, Extraction] | None = None, *, make=None) -> None:
    """Rewrites documents with extractions: `extractions` by id, or `make(article) -> Extraction | None`."""
    from whoosh import index as whoosh_index

    ix = whoosh_index.open_dir(str(index_dir))
    with ix.reader() as reader:
        stored = {}
        hashes = reader.column_reader("bodyhash")
        for docnum in reader.all_doc_ids():
            fields = reader.stored_fields(docnum)
            raw = hashes[docnum]
            stored[fields["id"]] = (fields["src"], fields["state"], raw.decode() if isinstance(raw, bytes) else str(raw))
    writer = ix.writer()
    for article_id, (src, state, bodyhash) in stored.items():
        article = parse_text(decode(Path(src).read_bytes()).text, article_id=article_id, path=src)
        extraction = (extractions or {}).get(article_id) if make is None else make(article)
        if extraction is not None:
            writer.update_document(**document(article, extraction, src=src, state=state, bodyhash=bodyhash))
    writer.commit()


def seed_extraction(article) -> Extraction:
    """Entities and figures for the seed article, as spaCy would find them."""
    body, title = article.body, article.title
    entities = entities_in(
        body,
        [("Mike Pompeo", "PERSON"), ("Lavrov", "PERSON"), ("Jeyhun Bayramov", "PERSON"), ("Moscow", "GPE"),
         ("Karabakh", "GPE"), ("Baku", "GPE"), ("Yerevan", "GPE"), ("Minsk Group", "ORG"), ("Armenian", "NORP"),
         ("Saturday", "DATE")],
    ) + entities_in(title, [("Moscow", "GPE")], in_title=True)
    figures = [
        figure_in(body, "772", 772, "Armenian soldiers killed", "Yerevan says 772"),
        figure_in(body, "36", 36, "civilians killed", "Yerevan says 772"),
        figure_in(body, "63", 63, "civilian casualties", "Baku has reported 63"),
        figure_in(body, "30,000", 30000, "people dead", "Azerbaijan and the Armenia"),
    ]
    return Extraction(entities=entities, figures=figures)


def seed_index(tmp: Path) -> Path:
    """The bundled seed, indexed, with entities and figures."""
    index_dir = build_index([SEEDS], tmp / "seed-ix")
    add_extractions(index_dir, make=lambda article: seed_extraction(article) if article.id == SEED_ID else None)
    return index_dir
