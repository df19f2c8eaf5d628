"""What `c` and `C` put on the clipboard: a figure or entity with its citation."""

from __future__ import annotations

from index.models import ArticleRecord, Entity, Figure
from index.sanitize import clean


def figure_what(figure: Figure) -> str:
    """The figure's `what` without a unit its own text already says:
    "763,331 tonnes" · "exports rose (tonnes)" shows "exports rose", and
    "16.87m" · "leap (m)" shows "leap"."""
    text, what = clean(figure.text).strip(), clean(figure.what).strip()
    last = text.split()[-1] if text else ""
    # the last word, or the letters glued to the number ("16.87m", "512kbps")
    unit = last.lower() if " " in text else last.lstrip("0123456789.,").lower()
    if unit and what.lower().endswith(f" ({unit})"):
        what = what[: -len(unit) - 3].rstrip()
    return what


def figure_line(figure: Figure) -> str:
    """The figure as a phrase: "772 Armenian soldiers killed", and
    "384,622 tonnes of Thai rubber" (not "tonnes tonnes of")."""
    text, what = clean(figure.text).strip(), figure_what(figure)
    words = what.split()
    if words and " " in text and words[0].lower() == text.split()[-1].lower():
        what = " ".join(words[1:])
    return " ".join(part for part in (text, what) if part)


def quote_figure(figure: Figure, article: ArticleRecord) -> str:
    """`772 Armenian soldiers killed — "Armenia-Azerbaijan Hold …" (2020-10-21)`."""
    return f"{figure_line(figure)} — {clean(article.citation())}"


def quote_entity(entity: Entity, article: ArticleRecord) -> str:
    return f"{clean(entity.text).strip()} — {clean(article.citation())}"


def figures_markdown(article: ArticleRecord) -> str:
    """Every figure of the article as a Markdown list, cited once underneath."""
    lines = [f"- {figure_line(figure)}" for figure in article.figures]
    source = f" — {clean(article.source)}" if article.source else ""
    url = f" <{clean(article.url)}>" if article.url else ""
    return "\n".join(lines) + f"\n\n{clean(article.citation())}{source}{url}\n"
