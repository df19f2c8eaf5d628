"""Every key binding of the reader, in one place.

Widgets take their `BINDINGS` from here, the help screen lists these groups and
the config file remaps them by `id` (Textual's keymap), so the three never
drift apart.
"""

from __future__ import annotations

from textual.binding import Binding

# Reader-wide actions, bound on the main screen.
READER = [
    Binding("slash", "focus_search", "Search", id="search"),
    Binding("s", "toggle_sort", "Sort", id="sort"),
    Binding("b", "toggle_bookmark", "Bookmark", id="bookmark"),
    Binding("B", "toggle_bookmarks_only", "Bookmarks only", id="bookmarks_only"),
    Binding("c", "copy_focused", "Copy", id="copy"),
    Binding("C", "copy_figures", "Copy figures", id="copy_figures", show=False),
    Binding("o", "open_url", "Open URL", id="open_url", show=False),
    Binding("n", "next_match", "Next hit", id="next_match", show=False),
    Binding("N", "previous_match", "Previous hit", id="previous_match", show=False),
    Binding("f", "toggle_side_panel", "Panel", id="side_panel"),
    Binding("R", "rebuild_index", "Rebuild index", id="rebuild", show=False),
]

# App-wide: work on every screen.
GLOBAL = [
    Binding("question_mark", "help", "Help", id="help"),
    Binding("q", "quit", "Quit", id="quit"),
]

# Moving inside a pane: the result list, the article and the side panel lists.
NAVIGATION = [
    Binding("j,down", "cursor_down", "Down", id="cursor_down", show=False),
    Binding("k,up", "cursor_up", "Up", id="cursor_up", show=False),
    Binding("g,home", "first", "First", id="first", show=False),
    Binding("G,end", "last", "Last", id="last", show=False),
    Binding("pagedown,space", "page_down", "Page down", id="page_down", show=False),
    Binding("pageup", "page_up", "Page up", id="page_up", show=False),
]
OPEN = Binding("enter", "open", "Open", id="open")
LEAVE_SEARCH = Binding("escape", "leave", "Back to results", id="leave_search", show=False)
CLOSE = Binding("escape", "close", "Close", id="close")

# What the help screen shows: its sections, and Textual's own keys worth knowing.
HELP_SECTIONS: list[tuple[str, list[Binding]]] = [
    ("Reader", READER),
    ("Moving", [*NAVIGATION, OPEN, LEAVE_SEARCH]),
    ("App", GLOBAL),
]
BUILTIN_KEYS: list[tuple[str, str]] = [
    ("tab / shift+tab", "Next / previous pane"),
    ("ctrl+p", "Command palette"),
    ("enter (search bar)", "Run the search now"),
    ("esc (help)", "Close this screen"),
]


def binding_ids() -> set[str]:
    """Every id the config file may remap."""
    return {binding.id for _, bindings in HELP_SECTIONS for binding in bindings if binding.id} | {CLOSE.id or ""}
