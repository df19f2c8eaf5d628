"""The query box: search as you type (debounced), Enter to run now, Esc to leave."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Input, Static

from tui.bindings import LEAVE_SEARCH
from tui.messages import SearchRequested

PLACEHOLDER = 'Search: words, "a phrase", title:, person:, org:, place:, date:[2020-10-01 to 2020-10-31], AND/OR/NOT'


class QueryInput(Input):
    BINDINGS = [LEAVE_SEARCH]

    def action_leave(self) -> None:
        self.screen.focus_next()


class SearchBar(Horizontal):
    """Posts `SearchRequested` after a pause in typing, or at once on Enter."""

    DEFAULT_CSS = """
    SearchBar { height: 3; }
    """

    def __init__(self, *, debounce: float = 0.25, **kwargs) -> None:
        super().__init__(**kwargs)
        self.debounce = debounce
        self._timer: Timer | None = None
        self._last_sent: str | None = None

    def compose(self) -> ComposeResult:
        yield Static("/", id="search-icon")
        yield QueryInput(placeholder=PLACEHOLDER, id="query", select_on_focus=False)

    @property
    def input(self) -> QueryInput:
        return self.query_one(QueryInput)

    @property
    def value(self) -> str:
        return self.input.value

    def set_query(self, query: str) -> None:
        """Puts `query` in the box without triggering a search (the caller runs it)."""
        with self.input.prevent(Input.Changed):
            self.input.value = query
        self.input.cursor_position = len(query)
        self._last_sent = query

    def forget_last(self) -> None:
        """The next request is sent even when the text did not change (sort or filter changed)."""
        self._last_sent = None

    @on(Input.Changed, "#query")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(self.debounce, self._send)

    @on(Input.Submitted, "#query")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self._send(submitted=True)

    def _send(self, submitted: bool = False) -> None:
        query = self.input.value
        if query == self._last_sent and not submitted:
            return
        self._last_sent = query
        self.post_message(SearchRequested(query, submitted=submitted))
