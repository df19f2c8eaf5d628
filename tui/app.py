"""The reader: the Textual app and its main screen.

The screen owns the search engine and talks to it only from thread workers,
so the interface never waits on Whoosh. Widgets post messages (see
`tui.messages`) about what the user wants; handlers here decide what to do.
"""

from __future__ import annotations

import time
import webbrowser
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Footer, Static
from textual.worker import get_current_worker

from index import store
from index.models import ArticleRecord
from index.sanitize import clean
from index.search import QueryError, SearchEngine
from tui import clipboard
from tui.bindings import GLOBAL, READER
from tui.commands import ReaderCommands
from tui.config import LoadedSettings, load_settings
from tui.messages import (
    ArticleLoaded,
    EntityChosen,
    HitHighlighted,
    HitOpened,
    IndexFailed,
    IndexFinished,
    IndexProgress,
    RelatedChosen,
    SearchFailed,
    SearchFinished,
    SearchRequested,
    SimilarLoaded,
)
from tui.quoting import figures_markdown, quote_entity, quote_figure
from tui.screens.help import HelpScreen
from tui.state import ReaderState
from tui.widgets.article_view import ArticleView
from tui.widgets.index_progress import IndexProgressView, ProblemView
from tui.widgets.result_list import ResultList
from tui.widgets.search_bar import SearchBar
from tui.widgets.side_panel import PanelList, SidePanel
from tui.widgets.status_line import StatusLine

NARROW_COLUMNS = 110
BACKGROUND_INDEX_DELAY = 1.5  # seconds after the index opened
PREVIEW_DELAY = 0.06  # cursor rest before the highlighted article is previewed
SIMILAR_DELAY = 0.3  # rest on an article before similar ones are looked up
DEFAULT_THEME = "textual-dark"


class ReaderScreen(Screen):
    """Search bar, results | article | side panel, status line."""

    BINDINGS = READER
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW_COLUMNS, "-wide")]
    AUTO_FOCUS = "#results"

    def __init__(self, app: NewsReaderApp) -> None:
        super().__init__(id="reader-screen")
        self.reader_app = app
        self.engine: SearchEngine | None = None
        self.query_text = ""
        self.sort = "relevance"
        self.bookmarks_only = False
        self.terms: list[str] = []
        self.article: ArticleRecord | None = None
        self._focus_results_on_finish = False
        self._indexing_initial = False
        self._last_progress = 0.0
        self._news_timer = None
        self._preview_timer = None
        self._similar_timer = None

    # -- layout ------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield SearchBar(debounce=self.reader_app.settings.settings.debounce_ms / 1000, id="search-bar")
        yield Static("", id="query-error")
        with ContentSwitcher(initial="reader", id="main"):
            with Horizontal(id="reader"):
                yield ResultList(page_size=self.reader_app.settings.settings.page_size, id="results")
                yield ArticleView(id="article")
                yield SidePanel(id="side")
            yield IndexProgressView(id="indexing")
            yield ProblemView(id="problem")
        yield StatusLine(id="status")
        yield Footer()

    @property
    def results(self) -> ResultList:
        return self.query_one("#results", ResultList)

    @property
    def article_view(self) -> ArticleView:
        return self.query_one("#article", ArticleView)

    @property
    def side(self) -> SidePanel:
        return self.query_one("#side", SidePanel)

    @property
    def status(self) -> StatusLine:
        return self.query_one("#status", StatusLine)

    @property
    def search_bar(self) -> SearchBar:
        return self.query_one("#search-bar", SearchBar)

    def on_mount(self) -> None:
        state = self.reader_app.state
        self.results.is_read = lambda article_id: article_id in state.read
        self.results.is_bookmarked = lambda article_id: article_id in state.bookmarks
        self.results.border_title = "Results"
        self.article_view.border_title = "Article"
        self.status.show_search(None, None, self.sort, self.bookmarks_only)
        self.open_index()

    # -- opening and indexing ----------------------------------------------------
    @work(thread=True, exclusive=True, group="open-index")
    def open_index(self) -> None:
        app = self.reader_app
        try:
            engine = SearchEngine(app.index_dir)
        except (store.IndexMissing, store.SchemaMismatch):
            # No index yet, or one from another version: (re)build it, showing progress.
            app.call_from_thread(self.start_indexing, initial=True)
            return
        except store.NotAnIndex as error:
            app.call_from_thread(self.show_problem, str(error), False)
            return
        except store.IndexError_ as error:
            app.call_from_thread(self.show_problem, str(error), True)
            return
        except Exception as error:  # a damaged index can fail in ways Whoosh does not name
            app.call_from_thread(self.show_problem, f"{app.index_dir}: {type(error).__name__}: {error}", True)
            return
        app.call_from_thread(self.engine_ready, engine)

    def engine_ready(self, engine: SearchEngine) -> None:
        if self.engine is not None:
            self.engine.close()
        self.engine = engine
        self.query_one("#main", ContentSwitcher).current = "reader"
        self.show_index_size()
        store_remember(self.reader_app.index_dir)
        self.run_search()
        if self.reader_app.update_index and not self._indexing_initial:
            # Let the first screen paint before the indexer competes for the CPU.
            self.set_timer(BACKGROUND_INDEX_DELAY, lambda: self.start_indexing(initial=False))
        self._indexing_initial = False

    def show_index_size(self) -> None:
        if self.engine is not None:
            self.status.show_index(self.engine.doc_count, self.engine.size_bytes())

    def start_indexing(self, *, initial: bool, rebuild: bool = False) -> None:
        app = self.reader_app
        roots = [root for root in app.roots if root.exists()]
        if not roots:
            if initial:
                self.show_problem(f"no index at {app.index_dir}, and its corpus folders are gone", False)
            return
        self._indexing_initial = initial
        if initial:
            self.query_one("#main", ContentSwitcher).current = "indexing"
            self.query_one(IndexProgressView).start(", ".join(clean(str(root)) for root in roots))
        else:
            self.show_news("checking the corpus for new articles…", linger=None)
        self.run_indexer(roots, initial, rebuild)

    @work(thread=True, exclusive=True, group="indexer")
    def run_indexer(self, roots: list[Path], initial: bool, rebuild: bool) -> None:
        from index.indexer import Indexer

        app = self.reader_app

        def progress(report) -> None:
            now = time.monotonic()
            if now - self._last_progress >= 0.1 or report.stage != "indexing":
                self._last_progress = now
                self.post_message(IndexProgress(report.files_done, report.files_total, report.articles, report.stage))

        def run(extract: bool):
            return Indexer(roots, app.index_dir, rebuild=rebuild, extract=extract, on_progress=progress).run()

        try:
            try:
                report = run(app.extract)
            except (ImportError, OSError) as error:
                if not app.extract:
                    raise
                # No extraction model here: index the text anyway, entities and figures stay empty.
                self.post_message(IndexProgress(0, 0, 0, f"no entity extraction ({error}); indexing text only"))
                report = run(False)
        except store.IndexBusy as error:
            self.post_message(IndexFailed(str(error), can_rebuild=True, initial=initial, busy=True))
            return
        except store.NotAnIndex as error:
            self.post_message(IndexFailed(str(error), can_rebuild=False, initial=initial))
            return
        except store.IndexError_ as error:
            self.post_message(IndexFailed(str(error), can_rebuild=True, initial=initial))
            return
        except Exception as error:
            self.post_message(IndexFailed(f"{type(error).__name__}: {error}", can_rebuild=True, initial=initial))
            return
        changed = bool(report.added or report.updated or report.removed or report.rebuilt)
        parts = [f"{count:,} {what}" for count, what in ((report.added, "new"), (report.updated, "changed"), (report.removed, "removed")) if count]
        summary = f"index updated: {', '.join(parts) or 'rebuilt'}" if changed else "index up to date"
        if report.interrupted:
            summary = "indexing interrupted; run again to finish"
        self.post_message(IndexFinished(changed, summary, initial))

    def on_index_progress(self, message: IndexProgress) -> None:
        if self._indexing_initial:
            self.query_one(IndexProgressView).show(message.files_done, message.files_total, message.articles, message.stage)
        else:
            self.show_news(f"indexing: {message.files_done:,}/{message.files_total:,} files", linger=None)

    def on_index_finished(self, message: IndexFinished) -> None:
        if message.initial or self.engine is None:
            self.open_index()
            self.show_news(message.summary.replace("index updated", "indexed"))
        elif message.changed:
            self.refresh_engine(message.summary)
        else:
            self.show_news(message.summary)

    def on_index_failed(self, message: IndexFailed) -> None:
        if message.initial or self.engine is None:
            self.show_problem(message.error, message.can_rebuild, from_scratch=not message.busy)
        else:
            self.show_news(f"background indexing failed: {message.error}", linger=15)

    @work(thread=True, exclusive=True, group="refresh")
    def refresh_engine(self, summary: str) -> None:
        if self.engine is not None and self.engine.refresh():
            self.app.call_from_thread(self._refreshed, summary)

    def _refreshed(self, summary: str) -> None:
        self.show_index_size()
        self.show_news(summary)
        self.run_search(keep_position=True)

    def show_problem(self, message: str, can_rebuild: bool, from_scratch: bool = True) -> None:
        app = self.reader_app
        self._can_rebuild = can_rebuild
        self._rebuild_from_scratch = from_scratch
        self.query_one("#main", ContentSwitcher).current = "problem"
        self.query_one(ProblemView).show(
            clean(message), can_rebuild=can_rebuild, rebuild_key=app.key_for("rebuild", "R"), quit_key=app.key_for("quit", "q"),
            rebuild_label="rebuild it from the corpus" if from_scratch else "try again",
        )

    def action_rebuild_index(self) -> None:
        if not [root for root in self.reader_app.roots if root.exists()]:
            self.notify("The corpus folders of this index are gone; nothing to rebuild from.", severity="error")
            return
        if self.engine is not None:
            self.engine.close()
            self.engine = None
        self.start_indexing(initial=True, rebuild=getattr(self, "_rebuild_from_scratch", True))

    def show_news(self, message: str, linger: float | None = 6.0) -> None:
        self.status.show_news(message)
        if self._news_timer is not None:
            self._news_timer.stop()
        self._news_timer = self.set_timer(linger, lambda: self.status.show_news("")) if linger else None

    # -- searching ---------------------------------------------------------------
    def on_search_requested(self, message: SearchRequested) -> None:
        self.query_text = message.query
        self._focus_results_on_finish = message.submitted
        self.run_search()

    def run_search(self, keep_position: bool = False) -> None:
        if self.engine is None:
            return
        only_ids = set(self.reader_app.state.bookmarks) if self.bookmarks_only else None
        self._search(self.engine, self.query_text, self.sort, only_ids, self.bookmarks_only)

    @work(thread=True, exclusive=True, group="search")
    def _search(self, engine: SearchEngine, query: str, sort: str, only_ids: set[str] | None, bookmarks_only: bool) -> None:
        worker = get_current_worker()
        try:
            results = engine.search(query, limit=self.results.page_size, snippets=0, sort=sort, only_ids=only_ids)
        except QueryError as error:
            if not worker.is_cancelled:
                self.post_message(SearchFailed(query, str(error)))
            return
        if not worker.is_cancelled:  # a newer search started: this one's answer is stale
            self.post_message(SearchFinished(results, sort, bookmarks_only))

    def on_search_finished(self, message: SearchFinished) -> None:
        if self.engine is None:
            return
        results = message.results
        self.terms = results.terms
        self.query_one("#query-error", Static).update("")
        self.query_one("#query-error").display = False
        self.status.show_search(results.total, results.elapsed_ms, message.sort, message.bookmarks_only)
        only_ids = set(self.reader_app.state.bookmarks) if message.bookmarks_only else None
        self.results.show_results(self.engine, results, sort=message.sort, only_ids=only_ids)
        if results.total == 0:
            self.results.show_message(self._nothing_found(results.query, results.suggestion, message.bookmarks_only))
        if self._focus_results_on_finish:
            self._focus_results_on_finish = False
            self.results.focus()

    def _nothing_found(self, query: str, suggestion: str | None, bookmarks_only: bool) -> Text:
        app = self.reader_app
        if bookmarks_only and not self.reader_app.state.bookmarks:
            return Text.assemble(
                ("No bookmarks yet.\n\n", "bold"),
                f"Press {app.key_for('bookmark', 'b')} on an article to keep it here; "
                f"{app.key_for('bookmarks_only', 'B')} shows every article again.",
            )
        if self.engine is not None and self.engine.doc_count == 0:
            return Text.assemble(("This index has no articles.\n\n", "bold"), "Index a folder with `newsreader PATH`.")
        text = Text.assemble(("No articles match ", "bold"), (clean(query), "bold italic"), "\n\n")
        if suggestion:
            text.append("Did you mean: ")
            text.append(clean(suggestion), style="bold")
            text.append("\n\n")
        text.append("Try fewer words, a wildcard (arm*), OR between words, or ctrl+u in the search bar to clear it.")
        if bookmarks_only:
            text.append(f"\nOnly bookmarks are searched: {app.key_for('bookmarks_only', 'B')} searches everything.")
        return text

    def on_search_failed(self, message: SearchFailed) -> None:
        error = self.query_one("#query-error", Static)
        error.update(Text(clean(message.error)))
        error.display = True
        self.status.show_search(None, None, self.sort, self.bookmarks_only)

    # -- articles ------------------------------------------------------------------
    def on_hit_highlighted(self, message: HitHighlighted) -> None:
        # Previews wait for the cursor to rest a moment: holding j must not queue an article per row.
        if self._preview_timer is not None:
            self._preview_timer.stop()
        if self.article is None or self.article.id != message.hit.id:
            article_id = message.hit.id
            self._preview_timer = self.set_timer(PREVIEW_DELAY, lambda: self.load_article(article_id, opened=False))

    def on_hit_opened(self, message: HitOpened) -> None:
        self.load_article(message.hit.id, opened=True)

    def on_related_chosen(self, message: RelatedChosen) -> None:
        self.load_article(message.article_id, opened=True)

    def on_entity_chosen(self, message: EntityChosen) -> None:
        query = f'entity:"{message.text.replace(chr(34), "")}"'
        self.search_bar.set_query(query)
        self.query_text = query
        self._focus_results_on_finish = True
        self.run_search()

    @work(thread=True, exclusive=True, group="article")
    def load_article(self, article_id: str, opened: bool) -> None:
        engine = self.engine
        if engine is None:
            return
        try:
            article = engine.get(article_id)
        except KeyError:
            self.app.call_from_thread(self.notify, f"Article {clean(article_id)} is no longer in the index.", severity="warning")
            return
        if not get_current_worker().is_cancelled:
            self.post_message(ArticleLoaded(article, list(self.terms), opened))

    async def on_article_loaded(self, message: ArticleLoaded) -> None:
        article = message.article
        changed = self.article is None or self.article.id != article.id
        self.article = article
        if changed or message.opened:
            await self.article_view.show_article(article, message.terms)
            self.side.show_article(article)
            # More-like-this is the costliest query: only for an article the reader stays on.
            if self._similar_timer is not None:
                self._similar_timer.stop()
            self._similar_timer = self.set_timer(SIMILAR_DELAY, lambda: self._similar_if_current(article.id))
        if message.opened:
            if self.reader_app.state.mark_read(article.id):
                self.results.refresh()
            self.article_view.focus()

    def _similar_if_current(self, article_id: str) -> None:
        if self.article is not None and self.article.id == article_id:
            self.find_similar(article_id)

    @work(thread=True, exclusive=True, group="similar")
    def find_similar(self, article_id: str) -> None:
        engine = self.engine
        if engine is None:
            return
        try:
            similar = engine.similar(article_id, top=8)
        except Exception:
            similar = []  # "similar" is a nicety: never an error to show
        if not get_current_worker().is_cancelled:
            self.post_message(SimilarLoaded(article_id, similar))

    def on_similar_loaded(self, message: SimilarLoaded) -> None:
        self.side.show_similar(message.article_id, message.similar)

    # -- actions -----------------------------------------------------------------
    def action_focus_search(self) -> None:
        self.search_bar.input.focus()

    def action_toggle_sort(self) -> None:
        self.sort = "date" if self.sort == "relevance" else "relevance"
        self.notify(f"Sorted by {self.sort}", timeout=2)
        self.run_search()

    def action_toggle_bookmarks_only(self) -> None:
        self.bookmarks_only = not self.bookmarks_only
        self.notify("Showing bookmarks only" if self.bookmarks_only else "Showing all articles", timeout=2)
        self.run_search()

    def action_toggle_bookmark(self) -> None:
        if self.article is None:
            self.notify("Open an article to bookmark it.", severity="warning")
            return
        added = self.reader_app.state.toggle_bookmark(self.article.id)
        title = clean(self.article.title)
        self.notify(f"Bookmarked “{title}”" if added else f"Removed the bookmark on “{title}”", timeout=3)
        self.results.refresh()
        if self.bookmarks_only:
            self.run_search()

    def action_copy_focused(self) -> None:
        article = self.article
        if article is None:
            self.notify("Open an article first: there is nothing to copy.", severity="warning")
            return
        focused = self.focused
        if isinstance(focused, PanelList) and focused.id == "entities":
            entity = self.side.highlighted_entity()
            if entity is not None:
                self.reader_app.copy_text(quote_entity(entity, article), "entity")
                return
        figure = self.side.highlighted_figure()
        if figure is None:
            self.notify("This article has no figures to copy (focus an entity to copy it instead).", severity="warning")
            return
        self.reader_app.copy_text(quote_figure(figure, article), "figure")

    def action_copy_figures(self) -> None:
        article = self.article
        if article is None or not article.figures:
            self.notify("This article has no figures to copy.", severity="warning")
            return
        self.reader_app.copy_text(figures_markdown(article), f"{len(article.figures)} figures")

    def action_open_url(self) -> None:
        article = self.article
        if article is None or not article.url:
            self.notify("This article has no URL.", severity="warning")
            return
        url = clean(article.url).strip()
        self.reader_app.open_url(url)
        self.notify(Text(f"Opening {url}").plain, timeout=3)

    def action_next_match(self) -> None:
        self.notify(self.article_view.jump_to_match(1), timeout=1.5)

    def action_previous_match(self) -> None:
        self.notify(self.article_view.jump_to_match(-1), timeout=1.5)

    def action_toggle_side_panel(self) -> None:
        if self.has_class("-narrow"):
            self.toggle_class("-side-shown")
        else:
            self.toggle_class("-side-hidden")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "rebuild_index":
            return self.query_one("#main", ContentSwitcher).current == "problem" and getattr(self, "_can_rebuild", False)
        return True


def store_remember(index_dir: Path) -> None:
    from index.cli import remember_index

    remember_index(index_dir)


class NewsReaderApp(App[int]):
    """The reader over one index. `roots` are the corpus folders it is kept up to date from."""

    CSS_PATH = "app.tcss"
    TITLE = "newsreader"
    BINDINGS = GLOBAL
    COMMANDS = App.COMMANDS | {ReaderCommands}
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self,
        *,
        roots: list[Path],
        index_dir: Path,
        extract: bool = False,
        update_index: bool = True,
        settings: LoadedSettings | None = None,
        state: ReaderState | None = None,
        open_url=webbrowser.open,
    ) -> None:
        super().__init__()
        self.roots = [Path(root) for root in roots]
        self.index_dir = Path(index_dir)
        self.extract = extract
        self.update_index = update_index
        self.settings = settings or load_settings()
        self.state = state or ReaderState.for_index(self.index_dir)
        self._open_url = open_url
        self.keymap: dict[str, str] = dict(self.settings.settings.keys)
        self.set_keymap(self.keymap)
        self._clash_reported: set[frozenset[str]] = set()
        self.reader: ReaderScreen | None = None

    def on_mount(self) -> None:
        wanted = self.state.theme or self.settings.settings.theme or DEFAULT_THEME
        if wanted in self.available_themes:
            self.theme = wanted
        else:
            self.notify(f"Unknown theme {clean(wanted)!r}; using {DEFAULT_THEME}.", severity="warning")
        self.theme_changed_signal.subscribe(self, lambda theme: self.state.set_theme(theme.name))
        for problem in self.settings.problems:
            self.notify(clean(problem), title="Config", severity="warning", timeout=12)
        self.reader = ReaderScreen(self)
        self.push_screen(self.reader)

    def notify(self, message: str, *, title: str = "", severity="information", timeout: float | None = None, markup: bool = True) -> None:
        """Notifications often quote article text: never read them as markup."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def key_for(self, binding_id: str, default: str) -> str:
        """How to press the action with this id, after the user's remapping."""
        keys = self.keymap.get(binding_id, default).split(",")[0].strip()
        return self.get_key_display(Binding(keys, ""))

    def handle_bindings_clash(self, clashed_bindings: set[Binding], node) -> None:
        ids = frozenset(binding.id or binding.action for binding in clashed_bindings)
        if ids not in self._clash_reported:
            self._clash_reported.add(ids)
            names = ", ".join(sorted(ids))
            self.notify(f"config keys: your keymap takes over the key of {names}", title="Config", severity="warning", timeout=12)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def copy_text(self, text: str, what: str) -> None:
        """OSC 52, plus tmux's buffer and a local clipboard tool where there are some."""
        self.copy_to_clipboard(text)
        clipboard.copy_locally(text)
        preview = text if len(text) <= 160 else text[:157] + "…"
        self.notify(preview, title=f"Copied {what}", timeout=4)

    def open_url(self, url: str) -> None:
        import threading

        threading.Thread(target=self._open_quietly, args=(url,), daemon=True).start()

    def _open_quietly(self, url: str) -> None:
        try:
            self._open_url(url)
        except Exception:
            pass  # no browser here (SSH): the notification still shows the URL to copy
