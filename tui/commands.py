"""The command palette (ctrl+p): the reader's actions, findable by name."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class ReaderCommands(Provider):
    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        app = self.app
        screen = getattr(app, "reader", None)
        commands: list[tuple[str, str, Callable[[], object]]] = []
        if screen is not None:
            commands += [
                ("Search", "Focus the search bar", screen.action_focus_search),
                ("Sort by date / relevance", "Toggle the result order", screen.action_toggle_sort),
                ("Bookmark this article", "Add or remove the open article from bookmarks", screen.action_toggle_bookmark),
                ("Show bookmarks only", "Toggle the bookmarks filter", screen.action_toggle_bookmarks_only),
                ("Copy figure or entity", "Copy the focused figure (or entity) with its citation", screen.action_copy_focused),
                ("Copy all figures", "Copy the article's figures as a Markdown list", screen.action_copy_figures),
                ("Open article URL", "Open the article's web page in a browser", screen.action_open_url),
                ("Toggle side panel", "Show or hide entities, figures and related", screen.action_toggle_side_panel),
                ("Next search hit", "Jump to the next search word in the article", screen.action_next_match),
                ("Rebuild index", "Re-index the corpus from scratch", screen.action_rebuild_index),
            ]
        commands.append(("Keys", "Show every key binding", app.action_help))  # type: ignore[attr-defined]
        for name in sorted(app.available_themes):
            commands.append((f"Theme: {name}", "Switch to this theme (remembered)", partial(setattr, app, "theme", name)))
        commands.append(("Quit", "Leave the reader", app.exit))
        return commands

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            if not name.startswith("Theme:"):
                yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
