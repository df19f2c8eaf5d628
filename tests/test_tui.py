"""Pilot tests of the reader: every binding, search → open → copy, messages, config, persistence."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.worker import WorkerCancelled

from index.models import Extraction
from tui_fixtures import (
    SEED_FIGURE_COPY,
    SEED_ID,
    SEED_TITLE,
    SEEDS,
    add_extractions,
    build_index,
    seed_extraction,
    write_article,
)
from tui import clipboard, messages
from tui.app import NewsReaderApp
from tui.config import load_settings
from tui.screens.help import HelpScreen

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"

EVIL_TITLE = "[bold]Pwned[/] [link=https://evil.example]click[/link] [@click=app.quit]quit[/]"
EVIL_BODY = "Escapes \x1b]52;c;ZXZpbA==\x07here\x1b[2J and [red]markup[/red] stay literal; unique word zebrafish."


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed plus 120 synthetic articles (three pages of hits) and one hostile article."""
    folder = tmp_path_factory.mktemp("corpus")
    (folder / f"{SEED_ID}.txt").write_bytes((SEEDS / f"{SEED_ID}.txt").read_bytes())
    for number in range(120):
        write_article(
            folder / "synthetic",
            f"{number:03d}.txt",
            date=f"2020-{9 + number % 2:02d}-{1 + number % 28:02d}",
            title=f"Ceasefire report {number}: talks in Moscow continue",
            paragraphs=[f"Ceasefire talks resumed for day {number}.", "Diplomats met in Moscow again about the truce."],
            number=number,
        )
    write_article(folder, "evil.txt", date="2020-10-05", title=EVIL_TITLE, paragraphs=[EVIL_BODY])
    (folder / "wire").mkdir()
    (folder / "wire" / "linked.jsonl").write_text(
        json.dumps({"id": "linked", "title": "Pipeline deal signed", "body": "The pipeline deal was signed in Baku.",
                    "date": "2020-10-02", "source": "Wire", "url": "https://example.org/pipeline"}) + "\n",
        "utf-8",
    )
    return folder


@pytest.fixture(scope="module")
def index_dir(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    index_dir = build_index([corpus], tmp_path_factory.mktemp("ix") / "ix")
    add_extractions(index_dir, make=lambda article: seed_extraction(article) if "Truce Talks" in article.title else None)
    return index_dir


@pytest.fixture
def copied(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the reader sends to the clipboard (OSC 52); local tools are not run."""
    sent: list[str] = []
    monkeypatch.setattr(NewsReaderApp, "copy_to_clipboard", lambda self, text: sent.append(text))
    monkeypatch.setattr(clipboard, "copy_locally", lambda text, commands=None: None)
    return sent


def make_app(index_dir: Path, corpus: Path, **options) -> NewsReaderApp:
    options.setdefault("update_index", False)
    return NewsReaderApp(roots=[corpus], index_dir=index_dir, **options)


async def settle(pilot, app: NewsReaderApp, until=lambda: True, timeout: float = 10.0) -> None:
    """Waits for workers and messages until `until()` holds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            await app.workers.wait_for_complete()
        except WorkerCancelled:
            pass  # an exclusive worker was replaced by a newer one, as it should
        await pilot.pause()
        if until() or time.monotonic() > deadline:
            return
        await asyncio.sleep(0.02)


async def search(pilot, app: NewsReaderApp, query: str) -> None:
    await pilot.press("slash")
    app.reader.search_bar.input.value = query  # as if typed (pilot types slowly: ~0.1 s a key)
    await pilot.press("enter")
    await settle(pilot, app, lambda: app.reader.results.results is not None and app.reader.results.results.query == query)


async def started(pilot, app: NewsReaderApp) -> None:
    await settle(pilot, app, lambda: app.reader is not None and app.reader.results.total > 0 and app.reader.article is not None)


# -- search → open → copy ------------------------------------------------------------------


async def test_search_open_copy_figure(index_dir, corpus, copied):
    app = make_app(index_dir, corpus)
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot, app)
        await search(pilot, app, '"truce talks"')
        assert app.reader.results.total == 1
        assert app.focused is app.reader.results
        await pilot.press("enter")
        await settle(pilot, app, lambda: app.focused is app.reader.article_view)
        assert app.reader.article.title == SEED_TITLE
        await pilot.press("c")
        assert copied == [SEED_FIGURE_COPY]
        toast = list(app._notifications)[-1]
        assert toast.title == "Copied figure" and SEED_FIGURE_COPY in toast.message


async def test_copy_focused_entity_and_all_figures(index_dir, corpus, copied):
    app = make_app(index_dir, corpus)
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot, app)
        await search(pilot, app, "pompeo")
        await pilot.press("enter")
        await settle(pilot, app, lambda: app.reader.article is not None and app.reader.article.title == SEED_TITLE)
        app.reader.query_one("#entities").focus()
        await pilot.press("c")
        assert copied[-1] == f'Lavrov — "{SEED_TITLE}" (2020-10-21)'  # most mentioned person first
        await pilot.press("C")
        assert copied[-1].startswith("- 772 Armenian soldiers killed\n- 36 civilians killed\n")
        assert f'"{SEED_TITLE}" (2020-10-21)' in copied[-1]
        # The figures list: moving to the next figure shows its sentence and copies it.
        app.reader.query_one("#figures").focus()
        await pilot.press("j", "j")
        sentence = str(app.reader.query_one("#figure-sentence").render())
        assert "Baku has reported 63" in sentence
        await pilot.press("c")
        assert copied[-1].startswith("63 civilian casualties — ")


async def test_enter_on_entity_searches_for_it(index_dir, corpus):
    app = make_app(index_dir, corpus)
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot, app)
        await search(pilot, app, "pompeo")
        await pilot.press("enter")
        await settle(pilot, app, lambda: app.reader.article is not None and app.reader.article.title == SEED_TITLE)
        app.reader.query_one("#entities").focus()
        await pilot.press("enter")
        await settle(pilot, app, lambda: app.reader.results.results.query == 'entity:"Lavrov"')
        assert app.reader.search_bar.value == 'entity:"Lavrov"'
        assert app.reader.results.total == 1
        assert app.focused is app.reader.results


async def test_message_sequence_of_a_search(index_dir, corpus):
    seen: list[object] = []
    app = make_app(index_dir, corpus)
    def hook(message) -> None:  # a bubbling message passes the hook once per widget: count it once
        if type(message).__module__ == "tui.messages" and all(message is not other for other in seen):
            seen.append(message)

    async with app.run_test(size=(160, 48), message_hook=hook) as pilot:
        await started(pilot, app)
        await asyncio.sleep(0.5)  # the first article's similar lookup (it waits for the reader to rest)
        await settle(pilot, app)
        seen.clear()
        await pilot.press("slash")
        for end in range(1, len("pipeline") + 1):  # typing, faster than the debounce
            app.reader.search_bar.input.value = "pipeline"[:end]
        await settle(pilot, app, lambda: any(isinstance(m, messages.ArticleLoaded) for m in seen))
        kinds = [type(m).__name__ for m in seen]
        assert kinds[:4] == ["SearchRequested", "SearchFinished", "HitHighlighted", "ArticleLoaded"], kinds
        assert seen[0].query == "pipeline" and not seen[0].submitted  # debounced typing: one request
        assert seen[1].results.total == 1 and seen[1].results.terms == ["pipeline"]
        assert seen[3].opened is False  # a preview does not mark it read
        seen.clear()
        await pilot.press("enter")  # Enter in the search bar: run now, focus the results
        await settle(pilot, app, lambda: app.focused is app.reader.results)
        await pilot.press("enter")
        await settle(pilot, app, lambda: any(isinstance(m, messages.ArticleLoaded) and m.opened for m in seen))
        kinds = [type(m).__name__ for m in seen]
        assert kinds[kinds.index("HitOpened") + 1] == "ArticleLoaded", kinds


async def test_stale_searches_never_overwrite_newer_ones(index_dir, corpus):
    app = make_app(index_dir, corpus)
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot, app)
        for query in ("ceasefire", "moscow", "zebrafish"):
            app.reader.query_text = query
            app.reader.run_search()
        await settle(pilot, app, lambda: app.reader.results.results.query == "zebrafish")
        await asyncio.sleep(0.2)
        await settle(pilot, app)
        assert app.reader.results.results.query == "zebrafish" and app.reader.results.total == 1


# -- keys ------------------------------------------------------------------------------------


async def test_list_navigation_and_paging(index_dir, corpus):
    app = make_app(index_dir, corpus)
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot, app)
        await search(pilot, app, "ceasefire")
        results = app.reader.results
        assert results.total == 121 and results.pages_loaded() == 1  # only the first page came with the search
        await pilot.press("j", "j", "down")
        assert results.cursor == 3
        await pilot.press("k", "up")
        assert results.cursor == 1
        await pilot.press("G")
        await settle(pilot, app, lambda: results.hit_at(120) is not None)
        assert results.cursor == 120 and results.pages_loaded() == 2  # jumped: the middle page never fetched
        await settle(pilot, app, lambda: app.reader.article is not None and app.reader.article.id == results.hit_at(120).id)
        await pilot.press("g")
        assert results.cursor == 0
        await pilot.press("end", "home")
        assert results.cursor == 0


async def test_sort_toggle_orders_by_date(index_dir, corpus):
    app = make_app(index_dir, corpus)
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot, app)
        await search(pilot, app, "ceasefire OR truce")
        await pilot.press("s")
        await settle(pilot, app, lambda: app.reader.results.results.query and app.reader.sort == "date")
        await settle(pilot, app, lambda: "by date" in str(app.reader.query_one("#status-search").render()))
        hits = app.reader.results.results.hits
        dates = [hit.date for hit in hits if hit.date]
        assert dates == sorted(dates, reverse=True)
        await pilot.press("s")
        await settle(pilot, app, lambda: "by relevance" in str(app.reader.query_one("#status-search").render()))


async def test_tab_cycles_panes_and_escape_leaves_search(index_dir, corpus):
    app = make_app(index_dir, corpus)
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot, app)
        assert app.focused.id == "results"
        order = []
        for _ in range(6):
            await pilot.press("tab")
            order.append(app.focused.id)
        assert order == ["article", "entities", "figures", "related", "query", "results"]
        await pilot.press("shift+tab")
        assert app.focused.id == "query"
        await pilot.press("slash")
        assert app.focused.id == "query"
        await pilot.press("escape")
        assert app.focused.id == "results"


async def test_next_and_previous_hit_in_article(index_dir, corpus):
    app = make_app(index_dir, corpus)
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot, app)
        await search(pilot, app, "moscow")
        app.reader.load_article(SEED_ID, opened=True)
        await settle(pilot, app, lambda: app.reader.article.id == SEED_ID)
        view = app.reader.article_view
        assert len(view.matches) == 3  # Moscow, three times in the body
        await pilot.press("n")
        assert view.current_match == 0
        await pilot.press("n", "n")
        assert view.current_match == 2
        await pilot.press("n")
        assert view.current_match == 0  # wraps around
        await pilot.press("N")
        assert view.current_match == 2


async def test_bookmarks_filter_and_persistence(index_dir, corpus):
    app = make_app(index_dir, corpus)
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot, app)
        await pilot.press("B")
        await settle(pilot, app, lambda: app.reader.bookmarks_only and app.reader.results.total == 0)
        assert "No bookmarks yet" in app.reader.results.empty_message.plain
        await pilot.press("B")
        await search(pilot, app, "zebrafish")
        evil_id = app.reader.results.highlighted.id
        await settle(pilot, app, lambda: app.reader.article is not None)
        await pilot.press("b")
        await pilot.press("B")
        await settle(pilot, app, lambda: app.reader.bookmarks_only and app.reader.results.total == 1)
        assert app.reader.results.highlighted.id == evil_id
    again = make_app(index_dir, corpus)
    assert evil_id in again.state.bookmarks


async def test_read_state_and_theme_persist(index_dir, corpus):
    app = make_app(index_dir, corpus)
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot, app)
        first = app.reader.results.highlighted.id
        assert first not in app.state.read
        await pilot.press("enter")
        await settle(pilot, app, lambda: first in app.state.read)
        app.theme = "nord"
        await pilot.pause()
    again = make_app(index_dir, corpus)
    assert first in again.state.read
    async with again.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        assert again.theme == "nord"


async def test_open_url_in_a_thread(index_dir, corpus):
    opened: list[str] = []
    app = make_app(index_dir, corpus, open_url=opened.append)
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot, app)
        await search(pilot, app, "pipeline")
        await settle(pilot, app, lambda: app.reader.article is not None and app.reader.article.title == "Pipeline deal signed")
        await pilot.press("o")
        await settle(pilot, app, lambda: bool(opened))
        assert opened == ["https://example.org/pipeline"]
        await search(pilot, app, "zebrafish")
        await settle(pilot, app, lambda: app.reader.article.title.startswith("[bold]"))
        await pilot.press("o")
        assert list(app._notifications)[-1].message == "This article has no URL."


async def test_help_screen_lists_every_binding(index_dir, corpus):
    from tui.bindings import HELP_SECTIONS

    app = make_app(index_dir, corpus)
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot, app)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.table
        from rich.console import Console

        console = Console(width=120, record=True)
        console.print(table)
        shown = console.export_text()
        for _, bindings in HELP_SECTIONS:
            for binding in bindings:
                assert binding.description in shown and binding.id in shown
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_command_palette_runs_reader_actions(index_dir, corpus):
    app = make_app(index_dir, corpus)
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot, app)
        await pilot.press("ctrl+p")
        await settle(pilot, app, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"sort by date")
        await asyncio.sleep(0.3)
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot, app, lambda: app.reader.sort == "date")
        assert app.reader.sort == "date"


async def test_side_panel_folds_on_narrow_terminals(index_dir, corpus):
    app = make_app(index_dir, corpus)
    async with app.run_test(size=(100, 40)) as pilot:
        await started(pilot, app)
        side = app.reader.side
        assert not side.display
        await pilot.press("f")
        await pilot.pause()
        assert side.display
        await pilot.press("f")
        await pilot.pause()
        assert not side.display
    app = make_app(index_dir, corpus)
    async with app.run_test(size=(160, 40)) as pilot:
        await started(pilot, app)
        assert app.reader.side.display
        await pilot.press("f")
        await pilot.pause()
        assert not app.reader.side.display


async def test_quit_key(index_dir, corpus):
    app = make_app(index_dir, corpus)
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot, app)
        await pilot.press("q")
        await pilot.pause()
    assert app._exit


# -- errors and untrusted text -------------------------------------------------------------


async def test_untrusted_markup_and_escapes_show_literally(index_dir, corpus):
    app = make_app(index_dir, corpus)
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot, app)
        await search(pilot, app, "zebrafish")
        await settle(pilot, app, lambda: app.reader.article is not None and "Pwned" in app.reader.article.title)
        title = app.reader.query_one("#article-title").render()
        assert title.plain == EVIL_TITLE  # markup, links and click actions shown as typed
        body = app.reader.article_view.query("Paragraph").first().render().plain
        assert "\x1b" not in body and "ZXZpbA==" not in body and "[red]markup[/red]" in body
        lines = [strip.text for strip in (app.reader.results.render_line(y) for y in range(3))]
        assert any(EVIL_TITLE[:30] in line for line in lines)
        # The [@click=app.quit] text is inert: clicking the title does nothing.
        await pilot.click("#article-title")
        await pilot.pause()
        assert not app._exit


async def test_bad_query_shows_inline_error(index_dir, corpus):
    app = make_app(index_dir, corpus)
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot, app)
        await pilot.press("slash")
        app.reader.search_bar.input.value = "nosuchfield:x"
        await pilot.press("enter")
        error = app.reader.query_one("#query-error")
        await settle(pilot, app, lambda: error.display)
        assert "unknown field 'nosuchfield'" in str(error.render())
        await search(pilot, app, "qqqxyzzy")
        assert not error.display
        assert "No articles match" in app.reader.results.empty_message.plain


async def test_damaged_index_offers_rebuild(corpus, tmp_path):
    index_dir = build_index([corpus], tmp_path / "ix")
    segments = [*index_dir.glob("*.seg"), *index_dir.glob("*.trm")]  # compound or separate files
    assert segments
    for segment in segments:
        segment.write_bytes(b"garbage")
    app = make_app(index_dir, corpus)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app, lambda: app.reader is not None and app.reader.query_one("#main").current == "problem")
        text = app.reader.query_one("#problem-text").render().plain
        assert "cannot be opened" in text and "R" in text and "rebuild" in text
        await pilot.press("R")
        await settle(pilot, app, lambda: app.reader.results.total > 0, timeout=60)
        assert app.reader.query_one("#main").current == "reader"


async def test_missing_index_is_built_with_progress(corpus, tmp_path):
    seen: list[object] = []
    small = tmp_path / "small"
    for number in range(5):
        write_article(small, f"{number}.txt", date="2020-10-0" + str(number + 1), title=f"Story {number}", paragraphs=["Text."])
    app = make_app(tmp_path / "ix", small)
    async with app.run_test(size=(160, 48), message_hook=seen.append) as pilot:
        await settle(pilot, app, lambda: app.reader is not None and app.reader.results.total == 5, timeout=60)
    progress = [m for m in seen if isinstance(m, messages.IndexProgress)]
    assert progress and progress[-1].articles == 5
    assert any(isinstance(m, messages.IndexFinished) and m.initial for m in seen)


async def test_existing_index_opens_then_updates_in_background(tmp_path):
    folder = tmp_path / "news"
    write_article(folder, "a.txt", date="2020-10-01", title="First story", paragraphs=["Alpha text."])
    index_dir = build_index([folder], tmp_path / "ix")
    write_article(folder, "b.txt", date="2020-10-02", title="Second story", paragraphs=["Beta text."])
    app = NewsReaderApp(roots=[folder], index_dir=index_dir, update_index=True)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app, lambda: app.reader is not None and app.reader.results.total >= 1)
        await settle(pilot, app, lambda: app.reader.results.total == 2, timeout=30)
        news = str(app.reader.query_one("#status-news").render())
        assert "index updated: 1 new" in news
        assert "2 articles" in str(app.reader.query_one("#status-index").render())


def test_reader_never_loads_spacy(tmp_path):
    """Opening the reader (without indexing) keeps spaCy out of its process."""
    folder = tmp_path / "news"
    write_article(folder, "a.txt", date="2020-10-01", title="First story", paragraphs=["Alpha text."])
    index_dir = build_index([folder], tmp_path / "ix")
    script = f"""
import asyncio, sys
from pathlib import Path
from tui.app import NewsReaderApp
async def main():
    app = NewsReaderApp(roots=[Path({str(folder)!r})], index_dir=Path({str(index_dir)!r}), update_index=False)
    async with app.run_test() as pilot:
        for _ in range(100):
            await pilot.pause(0.05)
            if app.reader and app.reader.results.total:
                break
        assert app.reader.results.total == 1
asyncio.run(main())
print("spacy" in sys.modules)
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=Path(__file__).parents[1])
    assert out.stdout.strip().splitlines()[-1] == "False", out.stderr


# -- config --------------------------------------------------------------------------------


async def test_config_remaps_keys(index_dir, corpus, tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text('[keys]\nsearch = "ctrl+f"\nsort = "S"\n', "utf-8")
    monkeypatch.setenv("NEWSREADER_CONFIG", str(config))
    app = make_app(index_dir, corpus)
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot, app)
        await pilot.press("slash")
        assert app.focused.id == "results"  # `/` no longer searches
        await pilot.press("ctrl+f")
        assert app.focused.id == "query"
        await pilot.press("escape", "S")
        await settle(pilot, app, lambda: app.reader.sort == "date")
        await pilot.press("question_mark")
        from rich.console import Console

        console = Console(width=120, record=True)
        console.print(app.screen.table)
        assert "^f" in console.export_text()
    assert not list(app._notifications) or all(n.title != "Config" for n in app._notifications)


async def test_bad_config_is_named_and_the_app_starts(index_dir, corpus, tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text('debounce_ms = -5\ncolour = "red"\n[keys]\nserach = "ctrl+f"\nquit = "ctrl+q"\n', "utf-8")
    monkeypatch.setenv("NEWSREADER_CONFIG", str(config))
    loaded = load_settings()
    assert loaded.settings.keys == {"quit": "ctrl+q"} and loaded.settings.debounce_ms == 250
    app = make_app(index_dir, corpus)
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot, app)
        problems = [n.message for n in app._notifications if n.title == "Config"]
        assert any("debounce_ms" in p for p in problems)
        assert any("colour" in p for p in problems)
        assert any("serach" in p for p in problems)
        await pilot.press("ctrl+q")  # the valid part of the keymap still applies
        await pilot.pause()
    assert app._exit


async def test_config_that_is_not_toml(index_dir, corpus, tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text("keys = [unclosed\n", "utf-8")
    monkeypatch.setenv("NEWSREADER_CONFIG", str(config))
    app = make_app(index_dir, corpus)
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot, app)
        assert any("not valid TOML" in n.message for n in app._notifications)


# -- clipboard plumbing ------------------------------------------------------------------------


def test_local_copy_commands(monkeypatch):
    monkeypatch.setattr(clipboard.shutil, "which", lambda name: f"/usr/bin/{name}")
    assert clipboard.local_copy_commands({})[0] == ["pbcopy"]
    commands = clipboard.local_copy_commands({"TMUX": "/tmp/tmux-0/default,1,0", "DISPLAY": ":0"})
    assert commands[0][:2] == ["tmux", "load-buffer"] and ["xclip", "-selection", "clipboard"] in commands
    assert ["wl-copy"] in clipboard.local_copy_commands({"WAYLAND_DISPLAY": "wayland-0"})


def test_failing_clipboard_tools_are_ignored():
    thread = clipboard.copy_locally("text", [["/nonexistent/tool"], [sys.executable, "-c", "import sys; sys.exit(3)"]])
    thread.join(5)
    assert not thread.is_alive()


def test_quoting_formats():
    from index.formats import parse_text
    from tui.quoting import figures_markdown, quote_figure

    article = parse_text((SEEDS / f"{SEED_ID}.txt").read_text("utf-8"), article_id=SEED_ID, path="seed")
    extraction = seed_extraction(article)
    from index.models import ArticleRecord

    record = ArticleRecord(id=SEED_ID, title=article.title, date=article.date, body=article.body, figures=extraction.figures)
    assert quote_figure(extraction.figures[0], record) == SEED_FIGURE_COPY
    assert figures_markdown(record).splitlines()[:2] == ["- 772 Armenian soldiers killed", "- 36 civilians killed"]
    assert isinstance(Extraction(), Extraction)


def test_a_copied_figure_does_not_say_its_unit_twice():
    from index.models import Figure
    from tui.quoting import figure_line, figure_what

    exports = Figure(text="763,331 tonnes", value=763331, what="Thai rubber exports rose (tonnes)",
                     sentence="", start=0, end=14, unit="tonnes")
    imports = Figure(text="384,622 tonnes", value=384622, what="tonnes of Thai rubber", sentence="", start=0, end=14)
    quota = Figure(text="4.1 mln", value=4.1e6, what="quota (bpd)", sentence="", start=0, end=7)
    assert figure_line(exports) == "763,331 tonnes Thai rubber exports rose"
    assert figure_what(exports) == "Thai rubber exports rose"
    assert figure_line(imports) == "384,622 tonnes of Thai rubber"
    assert figure_line(quota) == "4.1 mln quota (bpd)"  # the unit is not in the text: it stays
    leap = Figure(text="16.87m", value=16.87, what="leap (m)", sentence="", start=0, end=6, unit="m")
    assert figure_what(leap) == "leap" and figure_line(leap) == "16.87m leap"
