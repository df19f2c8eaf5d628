"""Shown while the first index of a corpus is built, and when an index is unusable."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.widgets import ProgressBar, Static


class IndexProgressView(Vertical):
    DEFAULT_CSS = """
    IndexProgressView { align: center middle; }
    IndexProgressView > Static { width: 100%; content-align: center middle; }
    IndexProgressView #progress-title { text-style: bold; }
    IndexProgressView #progress-counts { color: $text-muted; }
    """

    def compose(self) -> ComposeResult:
        yield Static("Indexing", id="progress-title")
        with Center():
            yield ProgressBar(id="progress-bar", show_eta=False)
        yield Static("looking for articles…", id="progress-counts")

    def start(self, where: str) -> None:
        self.query_one("#progress-title", Static).update(Text(f"Indexing {where}", style="bold"))
        self.query_one(ProgressBar).update(total=None, progress=0)

    def show(self, files_done: int, files_total: int, articles: int, stage: str) -> None:
        self.query_one(ProgressBar).update(total=max(files_total, 1), progress=files_done)
        self.query_one("#progress-counts", Static).update(
            Text(f"{stage}: {files_done:,} of {files_total:,} files · {articles:,} articles")
        )


class ProblemView(Vertical):
    """An unusable index, said plainly, with what the user can do about it."""

    DEFAULT_CSS = """
    ProblemView { align: center middle; }
    ProblemView > Static { width: 80%; max-width: 100; height: auto; padding: 1 2; border: round $error; }
    """

    def compose(self) -> ComposeResult:
        yield Static("", id="problem-text")

    def show(self, message: str, *, can_rebuild: bool, rebuild_key: str, quit_key: str, rebuild_label: str = "rebuild it from the corpus") -> None:
        text = Text("The index cannot be opened\n\n", style="bold")
        text.append(message)  # already cleaned; appended as plain text, never markup
        text.append("\n\n")
        if can_rebuild:
            text.append(f" {rebuild_key} ", style="reverse bold")
            text.append(f" {rebuild_label}    ")
        text.append(f" {quit_key} ", style="reverse bold")
        text.append(" quit")
        self.query_one("#problem-text", Static).update(text)
