"""Screenshots of the reader, as SVG: `python screenshots/make.py`.

Builds a small index of the bundled seed (with hand-made entities and figures,
so no spaCy is needed) and one of the FineScoop corpus when `../shared` (or
`NEWSREADER_SHARED`) has it, runs the app headless at 160×48 and saves:
main.svg, search.svg, figures-copied.svg, help.svg.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

SIZE = (160, 48)


def shared_dir() -> Path:
    return Path(os.environ.get("NEWSREADER_SHARED") or REPO.parent / "shared")


async def settle(pilot, until=lambda: True, rounds: int = 300) -> None:
    app = pilot.app
    for _ in range(rounds):
        await app.workers.wait_for_complete()
        await pilot.pause(0.02)
        if until():
            break
    await asyncio.sleep(0.5)  # timers: preview and similar articles
    await app.workers.wait_for_complete()
    await pilot.pause()


async def shoot(work: Path) -> list[Path]:
    from index.indexer import Indexer
    from tui.app import NewsReaderApp
    from tui_fixtures import SEEDS

    saved: list[Path] = []
    # Real extraction, so the pictures show what users get.
    seed_ix = work / "seed-ix"
    Indexer([SEEDS], seed_ix).run()

    app = NewsReaderApp(roots=[SEEDS], index_dir=seed_ix, update_index=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, lambda: app.reader is not None and app.reader.side.similar is not None and app.reader.article is not None)
        saved.append(Path(app.save_screenshot(filename="main.svg", path=str(HERE))))
        await pilot.press("enter")
        await settle(pilot)
        app.reader.query_one("#figures").focus()
        await pilot.press("c")
        await pilot.pause(0.2)
        saved.append(Path(app.save_screenshot(filename="figures-copied.svg", path=str(HERE))))
        await pilot.press("question_mark")
        await pilot.pause(0.2)
        saved.append(Path(app.save_screenshot(filename="help.svg", path=str(HERE))))

    corpus = shared_dir() / "corpora" / "finescoop-2020-war-start"
    if corpus.is_dir():
        index_dir = work / "finescoop-ix"
        slice_dir = war_slice(corpus, work / "finescoop")
        Indexer([slice_dir], index_dir).run()
        app = NewsReaderApp(roots=[slice_dir], index_dir=index_dir, update_index=False)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(pilot, lambda: app.reader is not None and app.reader.results.total > 0)
            await pilot.press("slash")
            app.reader.search_bar.input.value = "armenia OR karabakh"
            await pilot.press("enter")
            await settle(pilot, lambda: app.reader.results.results is not None and app.reader.results.results.query == "armenia OR karabakh")
            await pilot.press("j", "enter")
            await settle(pilot)
            await pilot.press("n")
            await pilot.pause(0.2)
            saved.append(Path(app.save_screenshot(filename="search.svg", path=str(HERE))))
    else:
        print(f"{corpus} is absent: search.svg not made", file=sys.stderr)
    return saved


def war_slice(corpus: Path, folder: Path, others: int = 150) -> Path:
    """The articles that mention the war, and the first `others` of the rest, as symlinks.

    Extracting all 2,476 articles takes minutes; this slice keeps the search
    picture real (entities and figures extracted) and quick to make.
    """
    folder.mkdir(parents=True, exist_ok=True)
    words = ("Armenia", "Azerbaijan", "Karabakh")
    taken = 0
    for path in sorted(corpus.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        if any(word in text for word in words) or taken < others:
            taken += not any(word in text for word in words)
            (folder / path.name).symlink_to(path)
    return folder


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="newsreader-shots-") as tmp:
        work = Path(tmp)
        # Screenshots must not see (or change) the user's state, config or indexes.
        os.environ["NEWSREADER_DATA_DIR"] = str(work / "data")
        os.environ["NEWSREADER_CONFIG"] = str(work / "config.toml")
        os.environ.pop("TMUX", None)
        from tui import clipboard

        clipboard.copy_locally = lambda text, commands=None: None  # type: ignore[assignment]
        for path in asyncio.run(shoot(work)):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
