"""Writes small synthetic corpora in the native format for tests."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from index.formats import to_native
from index.models import Article, RelatedStory


def write_article(
    folder: Path,
    name: str,
    title: str,
    body: str,
    date: datetime | None = datetime(2020, 10, 21, 13, 38),
    related: list[RelatedStory] | None = None,
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.txt"
    article = Article(id=name, title=title, body=body, date=date, related=related or [])
    path.write_text(to_native(article), encoding="utf-8")
    return path


def small_corpus(folder: Path) -> Path:
    """Five articles about a war, a budget and a match, with dates a month apart."""
    write_article(
        folder, "war1", "Fighting erupts in Karabakh",
        "Armenian and Azerbaijani forces clashed on Sunday.\n\nSixteen people were killed in the fighting near Stepanakert.",
        datetime(2020, 9, 27, 19, 55),
    )
    write_article(
        folder, "war2", "Truce talks in Moscow",
        "Foreign ministers met in Moscow for peace talks.\n\nThe truce was agreed after 11 hours of talks.",
        datetime(2020, 10, 10, 8, 0),
        related=[RelatedStory(title="Fighting erupts in Karabakh", source="Wire", snippet="Forces clashed")],
    )
    write_article(
        folder, "budget", "Budget talks stall",
        "The finance minister said the budget deficit would widen.\n\nTax revenue fell sharply this year.",
        datetime(2020, 11, 3, 9, 30),
    )
    write_article(
        folder, "match", "Late goal wins the derby",
        "A late goal settled the derby in front of a full stadium.\n\nThe manager praised the peace of mind it brought.",
        datetime(2020, 11, 15, 21, 0),
    )
    write_article(
        folder, "undated", "Markets steady",
        "Share prices were steady as traders awaited the budget.", None,
    )
    return folder
