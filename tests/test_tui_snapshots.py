"""Snapshots of the reader's main states (pytest-textual-snapshot).

Deterministic: fixed size, the seed article with hand-made extractions, no
background indexing, no clock on screen. Update with `pytest --snapshot-update`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tui_fixtures import SEEDS, seed_index
from tui.app import NewsReaderApp


@pytest.fixture(autouse=True)
def no_timings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Query times vary from run to run: keep them off the snapshots."""
    from tui.widgets.status_line import StatusLine

    show_search = StatusLine.show_search
    monkeypatch.setattr(StatusLine, "show_search", lambda self, total, elapsed_ms, sort, only: show_search(self, total, None, sort, only))


@pytest.fixture(scope="module")
def seed_ix(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seed_index(tmp_path_factory.mktemp("snap"))


def reader(index_dir: Path) -> NewsReaderApp:
    return NewsReaderApp(roots=[SEEDS], index_dir=index_dir, update_index=False)


async def ready(pilot) -> None:
    app = pilot.app
    for _ in range(200):
        await app.workers.wait_for_complete()
        await pilot.pause()
        side = app.reader.side if app.reader else None
        if side is not None and side.article is not None and side.similar is not None and app.reader.results.total:
            break
    await app.workers.wait_for_complete()
    await pilot.pause()


def test_main_screen_on_the_seed(snap_compare, seed_ix):
    assert snap_compare(reader(seed_ix), terminal_size=(150, 44), run_before=ready)


def test_help_screen(snap_compare, seed_ix):
    async def open_help(pilot) -> None:
        await ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(reader(seed_ix), terminal_size=(150, 44), run_before=open_help)


def test_narrow_layout_with_side_panel_drawer(snap_compare, seed_ix):
    async def open_drawer(pilot) -> None:
        await ready(pilot)
        await pilot.press("enter", "f")
        await ready(pilot)

    assert snap_compare(reader(seed_ix), terminal_size=(96, 36), run_before=open_drawer)
