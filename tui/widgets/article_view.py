"""The article: title, date, source and body, with entities and search words marked.

Text is cut at entity boundaries and each piece cleaned (`index.sanitize`)
before it becomes a `rich.text.Text`, so offsets stay right and nothing in an
article can style or control the terminal. Paragraphs are separate widgets,
which lets `n`/`N` scroll straight to the paragraph holding the next hit.
"""

from __future__ import annotations

import re

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from index.models import ArticleRecord, Entity
from index.sanitize import clean
from index.search import term_pattern
from tui.bindings import NAVIGATION
from tui.palette import entity_style

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
MATCH_STYLE = Style(bold=True, reverse=True)
CURRENT_MATCH_STYLE = Style(bold=True, color="#000000", bgcolor="#00d7ff", underline=True)


def marked_text(text: str, entities: list[Entity], offset: int = 0) -> Text:
    """`text` (which starts at `offset` of its field) cleaned, with entity spans coloured."""
    out = Text()
    position = 0
    spans = sorted((e for e in entities if offset <= e.start < offset + len(text)), key=lambda e: e.start)
    for entity in spans:
        start, end = entity.start - offset, min(entity.end - offset, len(text))
        if start < position or end <= start:
            continue  # overlapping or empty span: keep the first
        out.append(clean(text[position:start]))
        out.append(clean(text[start:end]), style=entity_style(entity.label))
        position = end
    out.append(clean(text[position:]))
    return out


def paragraphs(body: str) -> list[tuple[int, str]]:
    """The body's paragraphs with their start offsets."""
    parts: list[tuple[int, str]] = []
    position = 0
    for match in PARAGRAPH_BREAK.finditer(body):
        if body[position : match.start()].strip():
            parts.append((position, body[position : match.start()]))
        position = match.end()
    if body[position:].strip():
        parts.append((position, body[position:]))
    return parts


class Paragraph(Static):
    """One paragraph; remembers its unmarked text so the current hit can move."""

    def __init__(self, text: Text, **kwargs) -> None:
        super().__init__(text, **kwargs)
        self.base = text
        self.matches: list[tuple[int, int]] = []

    def mark(self, current: int | None) -> None:
        text = self.base.copy()
        for index, (start, end) in enumerate(self.matches):
            text.stylize(CURRENT_MATCH_STYLE if index == current else MATCH_STYLE, start, end)
        self.update(text)


class ArticleView(VerticalScroll, can_focus=True):
    BINDINGS = NAVIGATION

    DEFAULT_CSS = """
    ArticleView { padding: 0 2; }
    ArticleView #article-title { text-style: bold; color: $text; margin: 1 0 0 0; }
    ArticleView #article-meta { color: $text-muted; margin-bottom: 1; }
    ArticleView Paragraph { margin-bottom: 1; }
    ArticleView #article-empty { color: $text-muted; margin: 2 0; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.article: ArticleRecord | None = None
        self.matches: list[tuple[Paragraph, int]] = []  # every hit in reading order
        self.current_match: int | None = None

    def compose(self) -> ComposeResult:
        yield Static(EMPTY_HELP, id="article-empty")

    async def show_article(self, article: ArticleRecord, terms: list[str]) -> None:
        self.article = article
        self.matches, self.current_match = [], None
        pattern = term_pattern(terms)
        title = marked_text(article.title, [e for e in article.entities if e.in_title])
        title.stylize("bold")
        meta = " · ".join(
            part
            for part in (
                article.date.strftime("%A %d %B %Y, %H:%M") if article.date else "undated",
                clean(article.source or "").strip() or None,
                clean(article.url or "").strip() or None,
            )
            if part
        )
        widgets: list[Static] = [Static(title, id="article-title"), Static(Text(meta), id="article-meta")]
        body_entities = [e for e in article.entities if not e.in_title]
        for offset, chunk in paragraphs(article.body):
            paragraph = Paragraph(marked_text(chunk, body_entities, offset))
            if pattern is not None:
                paragraph.matches = [m.span() for m in pattern.finditer(paragraph.base.plain)]
                self.matches.extend((paragraph, index) for index in range(len(paragraph.matches)))
                paragraph.mark(None)
            widgets.append(paragraph)
        with self.app.batch_update():
            await self.remove_children()
            await self.mount_all(widgets)
        self.scroll_home(animate=False)

    async def show_empty(self, message: Text | str = "") -> None:
        self.article = None
        self.matches, self.current_match = [], None
        await self.remove_children()
        await self.mount(Static(message or EMPTY_HELP, id="article-empty"))

    def jump_to_match(self, step: int) -> str:
        """Moves to the next (`step`=1) or previous hit; returns a status such as `3/12`."""
        if not self.matches:
            return "no search words in this article"
        if self.current_match is None:
            self.current_match = 0 if step > 0 else len(self.matches) - 1
        else:
            previous_paragraph = self.matches[self.current_match][0]
            self.current_match = (self.current_match + step) % len(self.matches)
            previous_paragraph.mark(None)
        paragraph, index = self.matches[self.current_match]
        paragraph.mark(index)
        self.scroll_to_center(paragraph, animate=False)
        return f"hit {self.current_match + 1}/{len(self.matches)}"

    # Navigation bindings shared with the lists, as scrolling here.
    def action_cursor_down(self) -> None:
        self.scroll_down(animate=False)

    def action_cursor_up(self) -> None:
        self.scroll_up(animate=False)

    def action_first(self) -> None:
        self.scroll_home(animate=False)

    def action_last(self) -> None:
        self.scroll_end(animate=False)

    def action_page_down(self) -> None:
        self.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.scroll_page_up(animate=False)


EMPTY_HELP = Text.assemble(
    ("No article open.\n\n", "bold"),
    "Move through the results with j/k or the arrows, Enter opens one.\n",
    "/ searches, s sorts by date, ? lists every key.",
)
