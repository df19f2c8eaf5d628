"""`?`: every key binding, generated from `tui.bindings` and the user's keymap."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.bindings import BUILTIN_KEYS, CLOSE, HELP_SECTIONS, GLOBAL


class HelpScreen(ModalScreen[None]):
    BINDINGS = [CLOSE, GLOBAL[0].with_key(GLOBAL[0].key)]  # ? closes it again

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 72; max-height: 90%; height: auto; border: round $accent; background: $surface; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "Keys"
            scroll.border_subtitle = "esc to close · remap in config.toml [keys]"
            self.table = self._table()
            yield Static(self.table, id="help-table")

    def _table(self) -> Table:
        keymap: dict[str, str] = getattr(self.app, "keymap", {})
        table = Table(box=None, show_header=False, expand=True, padding=(0, 1))
        table.add_column("key", style="bold", no_wrap=True, min_width=14)
        table.add_column("does")
        table.add_column("id", style="dim", no_wrap=True)
        for title, bindings in HELP_SECTIONS:
            table.add_row(Text(title, style="bold underline"), "", "")
            for binding in bindings:
                keys = keymap.get(binding.id or "", binding.key)
                shown = " / ".join(self.app.get_key_display(binding.with_key(key.strip())) for key in keys.split(","))
                table.add_row(Text(shown), Text(binding.description), Text(binding.id or ""))
            table.add_row("", "", "")
        table.add_row(Text("Built in", style="bold underline"), "", "")
        for keys, does in BUILTIN_KEYS:
            table.add_row(Text(keys), Text(does), "")
        return table

    def action_close(self) -> None:
        self.dismiss(None)

    def action_help(self) -> None:
        self.dismiss(None)
