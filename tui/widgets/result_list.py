"""The hit list: a line-API `ScrollView` over paged search results.

Only the first page comes with a search; further 50-hit pages are fetched in
thread workers when a row of theirs is about to be drawn, so 10,000 hits cost
no more than 50. Rows are rendered (and search words highlighted) only when
they are on screen.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from index.sanitize import clean
from index.search import Hit, SearchEngine, SearchResults, term_pattern
from tui.bindings import NAVIGATION, OPEN
from tui.messages import HitHighlighted, HitOpened

ROW_HEIGHT = 2  # title line, then date · source


class ResultList(ScrollView, can_focus=True):
    BINDINGS = [*NAVIGATION, OPEN]

    COMPONENT_CLASSES = {
        "result-list--cursor",
        "result-list--meta",
        "result-list--unread",
        "result-list--match",
        "result-list--bookmark",
        "result-list--loading",
        "result-list--empty",
    }

    DEFAULT_CSS = """
    ResultList { background: $surface; }
    ResultList > .result-list--cursor { background: $block-cursor-blurred-background; }
    ResultList:focus > .result-list--cursor { background: $block-cursor-background; color: $block-cursor-foreground; }
    ResultList > .result-list--meta { color: $text-muted; }
    ResultList > .result-list--unread { text-style: bold; }
    ResultList > .result-list--match { color: $text-accent; text-style: bold underline; }
    ResultList > .result-list--bookmark { color: $text-warning; }
    ResultList > .result-list--loading { color: $text-disabled; }
    ResultList > .result-list--empty { color: $text-muted; }
    """

    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)

    def __init__(self, *, page_size: int = 50, **kwargs) -> None:
        super().__init__(**kwargs)
        self.page_size = page_size
        self.total = 0
        self.results: SearchResults | None = None
        self.empty_message: Text = Text("Opening the index…")
        self._engine: SearchEngine | None = None
        self._sort = "relevance"
        self._only_ids: set[str] | None = None
        self._pages: dict[int, list[Hit]] = {}
        self._pending: set[int] = set()
        self._generation = 0
        self._pattern: re.Pattern[str] | None = None
        self._announce_when_loaded = False
        self.is_read: Callable[[str], bool] = lambda article_id: False
        self.is_bookmarked: Callable[[str], bool] = lambda article_id: False

    # -- data ------------------------------------------------------------------
    def show_results(
        self, engine: SearchEngine, results: SearchResults, *, sort: str, only_ids: set[str] | None
    ) -> None:
        """Replaces the list with a new search's first page; the cursor goes to the top."""
        self._generation += 1
        self._engine, self.results, self._sort, self._only_ids = engine, results, sort, only_ids
        self.total = results.total
        self._pages = {0: results.hits} if results.hits else {}
        self._pending.clear()
        self._pattern = term_pattern(results.terms)
        self._update_virtual_size()
        self.scroll_to(0, 0, animate=False, immediate=True)
        self.cursor = 0
        self.refresh()

    def show_message(self, message: Text) -> None:
        """An empty list that says what to do next."""
        self.empty_message = message
        if self.total == 0:
            self.refresh()

    def clear(self, message: Text) -> None:
        self._generation += 1
        self.total, self._pages, self.results = 0, {}, None
        self.empty_message = message
        self._update_virtual_size()
        self.refresh()

    def hit_at(self, row: int) -> Hit | None:
        """The hit on `row`, or None while its page is being fetched."""
        if not 0 <= row < self.total:
            return None
        page, index = divmod(row, self.page_size)
        hits = self._pages.get(page)
        if hits is None:
            self._fetch(page)
            return None
        return hits[index] if index < len(hits) else None

    @property
    def highlighted(self) -> Hit | None:
        return self.hit_at(self.cursor) if self.total else None

    def _fetch(self, page: int) -> None:
        if page in self._pending or self._engine is None:
            return
        self._pending.add(page)
        generation, engine = self._generation, self._engine
        query = self.results.query if self.results else ""
        sort, only_ids, size = self._sort, self._only_ids, self.page_size

        def fetch() -> None:
            if not self._page_wanted(page):
                # Scrolled past while queued: skip, so a fast scroll leaves no backlog of searches.
                self.app.call_from_thread(self._page_skipped, generation, page)
                return
            try:
                results = engine.search(query, offset=page * size, limit=size, snippets=0, sort=sort, only_ids=only_ids)
            except Exception:
                hits: list[Hit] = []
            else:
                hits = results.hits
            self.app.call_from_thread(self._page_arrived, generation, page, hits)

        self.run_worker(fetch, thread=True, group="result-pages", name=f"page {page}")

    def _page_skipped(self, generation: int, page: int) -> None:
        if generation == self._generation:
            self._pending.discard(page)  # fetched again if it scrolls back into view

    def _page_wanted(self, page: int) -> bool:
        """Is part of `page` on screen, or the cursor in it? (Read from a worker thread: plain ints.)"""
        first = int(self.scroll_offset.y) // ROW_HEIGHT
        last = first + self.scrollable_content_region.height // ROW_HEIGHT + 1
        start, end = page * self.page_size, (page + 1) * self.page_size
        return (start <= last and end > first) or start <= self.cursor < end

    def _page_arrived(self, generation: int, page: int, hits: list[Hit]) -> None:
        if generation != self._generation:
            return  # a newer search replaced the one this page belongs to
        self._pending.discard(page)
        self._pages[page] = hits
        self.refresh()
        if self._announce_when_loaded and self.cursor // self.page_size == page:
            self._announce()

    def pages_loaded(self) -> int:
        return len(self._pages)

    # -- geometry --------------------------------------------------------------
    def _update_virtual_size(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, max(self.total, 0) * ROW_HEIGHT)

    def on_resize(self, event: events.Resize) -> None:
        self._update_virtual_size()

    # -- cursor ------------------------------------------------------------------
    def watch_cursor(self, old: int, new: int) -> None:
        if not self.total:
            return
        self.scroll_to_region(
            Region(0, new * ROW_HEIGHT, max(1, self.scrollable_content_region.width), ROW_HEIGHT),
            animate=False,
            immediate=True,
        )
        self.refresh()
        self._announce()

    def _announce(self) -> None:
        hit = self.hit_at(self.cursor)
        self._announce_when_loaded = hit is None
        if hit is not None:
            self.post_message(HitHighlighted(hit))

    def move_to(self, row: int) -> None:
        if self.total:
            self.cursor = max(0, min(self.total - 1, row))

    def action_cursor_down(self) -> None:
        self.move_to(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_to(self.cursor - 1)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(self.total - 1)

    def action_page_down(self) -> None:
        self.move_to(self.cursor + max(1, self.scrollable_content_region.height // ROW_HEIGHT))

    def action_page_up(self) -> None:
        self.move_to(self.cursor - max(1, self.scrollable_content_region.height // ROW_HEIGHT))

    def action_open(self) -> None:
        hit = self.highlighted
        if hit is not None:
            self.post_message(HitOpened(hit))

    def on_click(self, event: events.Click) -> None:
        row = (event.y + int(self.scroll_offset.y)) // ROW_HEIGHT
        if 0 <= row < self.total:
            self.cursor = row
            if event.chain >= 2:
                self.action_open()

    # -- drawing -----------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if not self.total:
            return self._empty_line(y, width, base)
        virtual_y = y + int(self.scroll_offset.y)
        row, line = divmod(virtual_y, ROW_HEIGHT)
        if row >= self.total:
            return Strip.blank(width, base)
        style = base + self.get_component_rich_style("result-list--cursor") if row == self.cursor else base
        hit = self.hit_at(row)
        if hit is None:
            text = Text("  loading…" if line == 0 else "", style=self.get_component_rich_style("result-list--loading"))
        elif line == 0:
            text = self._title_line(hit)
        else:
            text = self._meta_line(hit, row)
        text.truncate(width, overflow="ellipsis", pad=True)
        segments = list(text.render(self.app.console, end=""))
        return Strip(segments, width).apply_style(style).crop(0, width)

    def _title_line(self, hit: Hit) -> Text:
        unread = not self.is_read(hit.id)
        text = Text(" ")
        marker_style = self.get_component_rich_style("result-list--bookmark")
        text.append("★ " if self.is_bookmarked(hit.id) else "", style=marker_style)
        title = Text(clean(hit.title).replace("\n", " "), style=self.get_component_rich_style("result-list--unread") if unread else Style())
        if self._pattern is not None:
            title.highlight_regex(self._pattern, style=self.get_component_rich_style("result-list--match"))
        return text + title

    def _meta_line(self, hit: Hit, row: int) -> Text:
        date = hit.date.date().isoformat() if hit.date else "undated"
        parts = [date, clean(hit.source or "").strip() or None]
        meta = " · ".join(part for part in parts if part)
        return Text(f"   {meta}", style=self.get_component_rich_style("result-list--meta"))

    def _empty_line(self, y: int, width: int, base: Style) -> Strip:
        lines = self.empty_message.wrap(self.app.console, max(10, width - 4))
        if 1 <= y <= len(lines):
            text = Text("  ") + lines[y - 1]
            text.stylize(self.get_component_rich_style("result-list--empty"))
            text.truncate(width, pad=True)
            return Strip(list(text.render(self.app.console, end="")), width).apply_style(base)
        return Strip.blank(width, base)
