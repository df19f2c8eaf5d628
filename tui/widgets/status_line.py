"""The bottom line: hits, query time, sort and filter; index size; background news."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static


class StatusLine(Horizontal):
    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; color: $text-muted; padding: 0 1; }
    StatusLine #status-search { width: auto; }
    StatusLine #status-news { width: 1fr; content-align: center middle; color: $text-accent; }
    StatusLine #status-index { width: auto; }
    """

    def compose(self) -> ComposeResult:
        yield Static("", id="status-search")
        yield Static("", id="status-news")
        yield Static("", id="status-index")

    def show_search(self, total: int | None, elapsed_ms: float | None, sort: str, bookmarks_only: bool) -> None:
        text = Text()
        if total is not None:
            text.append(f"{total:,}", style="bold")
            text.append(" hit" if total == 1 else " hits")
        if elapsed_ms is not None:
            text.append(f" · {elapsed_ms:,.0f} ms")
        text.append(" · by date" if sort == "date" else " · by relevance")
        if bookmarks_only:
            text.append(" · ★ bookmarks only", style="bold")
        self.query_one("#status-search", Static).update(text)

    def show_index(self, articles: int, size_bytes: int) -> None:
        self.query_one("#status-index", Static).update(f"{articles:,} article{'' if articles == 1 else 's'} · {size_bytes / 1e6:.1f} MB")

    def show_news(self, message: str) -> None:
        """Background happenings: indexing, refreshes (plain text, never markup)."""
        self.query_one("#status-news", Static).update(Text(message))
