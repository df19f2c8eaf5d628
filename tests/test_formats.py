"""Reading articles: the native seed format, JSON Lines, plain text."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from conftest import SEED_ID, SEEDS
from index.formats import Unreadable, decode, parse_jsonl, parse_text, to_native
from index.models import Article, Note, RelatedStory

CORPORA = ("reuters21578", "bbc-news", "finescoop-2020-war-start")


def seed_article() -> Article:
    path = SEEDS / f"{SEED_ID}.txt"
    return parse_text(decode(path.read_bytes()).text, article_id=SEED_ID, path=str(path))


def test_seed_header_title_date_and_body() -> None:
    article = seed_article()
    assert article.title == "Armenia-Azerbaijan Hold Truce Talks again in Moscow"
    assert article.date == datetime(2020, 10, 21, 13, 38)
    assert article.body.startswith("The ministers are due to meet US Secretary of State Mike Pompeo")
    assert article.body.endswith("held by Armenian forces.")
    assert len(article.body.split("\n\n")) == 13
    assert article.notes == []


def test_seed_related_stories_are_structured_not_body() -> None:
    article = seed_article()
    assert "Related Stories" not in article.body
    assert "Islam Times" not in article.body
    assert article.related == [
        RelatedStory(
            title="Armenia President Says Disappointed by Israeli Military Support to Azerbaijan",
            source="Islam Times",
            snippet=article.related[0].snippet,
        )
    ]
    assert article.related[0].snippet.startswith("The Armenian President Armen Sarkissian on Saturday")


@pytest.mark.corpus
@pytest.mark.parametrize("corpus", CORPORA)
def test_every_corpus_file_round_trips_against_its_jsonl(shared_dir: Path, corpus: str) -> None:
    folder = shared_dir / "corpora" / corpus
    mismatches: list[str] = []
    count = 0
    with (folder / "corpus.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            count += 1
            path = folder / f"{record['id']}.txt"
            article = parse_text(decode(path.read_bytes()).text, article_id=record["id"], path=str(path))
            expected_date = datetime.fromisoformat(record["date"]).replace(second=0, microsecond=0)
            if (article.title, article.body, article.date) != (record["title"], record["body"], expected_date):
                mismatches.append(record["id"])
            elif article.notes:
                mismatches.append(f"{record['id']} (notes: {article.notes})")
    assert count > 1000
    assert mismatches == [], f"{len(mismatches)} of {count} differ, e.g. {mismatches[:5]}"


def test_plain_text_and_markdown_take_the_first_line_as_title() -> None:
    article = parse_text("# Budget talks stall\n\nMinisters met.\nThey left.\n\nNo deal.", article_id="a", path="a.md")
    assert article.title == "Budget talks stall"
    assert article.body == "Ministers met. They left.\n\nNo deal."
    assert article.date is None


def test_jsonl_keeps_extra_keys_and_reports_a_broken_line() -> None:
    text = "\n".join(
        [
            json.dumps({"id": "a1", "date": "2020-10-01T08:00:00", "title": "One", "body": "First.", "source": "Wire", "category": "war"}),
            '{"id": "a2", "title": "Two", "body": ',
            json.dumps({"id": "a3", "title": "Three", "body": "Third.", "url": "https://example.org/3", "date": "not a date"}),
        ]
    )
    items = list(parse_jsonl(text, path="c.jsonl"))
    articles = [item for item in items if isinstance(item, Article)]
    notes = [item for item in items if isinstance(item, Note)]
    assert [a.id for a in articles] == ["a1", "a3"]
    assert articles[0].extra == {"category": "war"}
    assert articles[0].source == "Wire" and articles[0].date == datetime(2020, 10, 1, 8)
    assert articles[1].url == "https://example.org/3" and articles[1].date is None
    assert "unreadable date" in str(articles[1].notes[0])
    assert len(notes) == 1 and notes[0].line == 2 and "broken JSON" in notes[0].message
    assert str(notes[0]).startswith("c.jsonl:2: ")


@pytest.mark.parametrize(
    ("data", "expected_note"),
    [
        ("\ufeff date 2020-10-21 0\r\nWednesday 21 October 2020 - 13:38\r\n\r\nTitle\r\n\r\nBody.\r\n".encode("utf-8"), None),
        (" date 2020-10-21 0\n\nTitle\n\nShe said \x93no\x94.\n".encode("latin-1"), "cp1252"),
        ("\ufeff date 2020-10-21 0\n\nTitle\n\nBody.\n".encode("utf-16"), "UTF-16"),
    ],
)
def test_encodings_are_decoded_with_a_note(data: bytes, expected_note: str | None) -> None:
    decoded = decode(data)
    article = parse_text(decoded.text, article_id="x", path="x.txt")
    assert article.title == "Title"
    assert "\r" not in article.body
    if expected_note is None:
        assert decoded.notes == []
    else:
        assert any(expected_note in note for note in decoded.notes)
    if expected_note == "cp1252":
        assert article.body == "She said \u201cno\u201d."


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"), (b"%PDF-1.7\n%\xe2\xe3", "PDF"), (b"", "empty"), (b"   \n\n", "empty")],
)
def test_unreadable_content_names_the_reason(data: bytes, reason: str) -> None:
    with pytest.raises(Unreadable, match=reason):
        parse_text(decode(data).text, article_id="x", path="x")


def test_malformed_header_date_is_noted_with_its_line() -> None:
    article = parse_text(" date 2020-13-45 0\n\nTitle\n\nBody.", article_id="x", path="bad.txt")
    assert article.date is None
    assert [str(note) for note in article.notes] == ["bad.txt:1: malformed date '2020-13-45'; date unknown"]


def test_native_writer_is_the_parsers_inverse() -> None:
    article = seed_article()
    again = parse_text(to_native(article), article_id=article.id, path=article.path)
    assert (again.title, again.body, again.date, again.related) == (article.title, article.body, article.date, article.related)
