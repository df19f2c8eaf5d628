"""The headless command line: `newsreader index | search | show`.

Output is Rich, but every piece of article text is cleaned and passed as
`Text` (never markup), so an article cannot style or control the terminal.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time
from pathlib import Path

from index import __version__, store
from index.sanitize import clean, json_for_terminal

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
COMMANDS = ("index", "search", "show")


def bundled_seeds() -> Path:
    from seeds import SEEDS_DIR

    return SEEDS_DIR


def last_index_file() -> Path:
    from platformdirs import user_data_dir

    return Path(os.environ.get("NEWSREADER_DATA_DIR") or user_data_dir("newsreader")) / "last-index"


def remember_index(index_dir: Path) -> None:
    try:
        path = last_index_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(str(index_dir), "utf-8")
    except OSError:
        pass  # remembering is a convenience, never a failure


def resolve_index(index: str | None, corpus: list[str] | None) -> Path:
    """`--index`, else the default index of `--corpus`, else the last one used, else the seeds'."""
    if index:
        return Path(index)
    if corpus:
        return store.default_index_dir([Path(p) for p in corpus])
    try:
        remembered = last_index_file().read_text("utf-8").strip()
        if remembered and Path(remembered).exists():
            return Path(remembered)
    except OSError:
        pass
    return store.default_index_dir([bundled_seeds()])


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsreader",
        description="Read, search and quote a local corpus of news articles.",
        epilog="Without a command, `newsreader [PATH...]` opens the reader (the bundled seeds/ when no PATH).",
    )
    parser.add_argument("--version", action="version", version=f"newsreader {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="{index,search,show}")

    index = commands.add_parser("index", help="index folders or files of articles (incrementally)")
    index.add_argument("paths", nargs="+", metavar="PATH", help="folders or files of articles")
    index.add_argument("--index", metavar="DIR", help="index folder (default: per corpus, in the user data dir)")
    index.add_argument("--rebuild", action="store_true", help="rebuild from scratch")
    index.add_argument("--no-extract", action="store_true", help="skip entity and figure extraction (faster)")
    index.add_argument("--workers", type=int, default=2, help="extraction processes (default 2)")
    index.add_argument("--wait", action="store_true", help="wait for another indexer instead of refusing")
    index.add_argument("--verbose", "-v", action="store_true", help="list every skipped file and note")

    search = commands.add_parser("search", help="search an index")
    search.add_argument("query", metavar="QUERY")
    _index_options(search)
    search.add_argument("--limit", type=int, default=10, help="hits to show (default 10)")
    search.add_argument("--offset", type=int, default=0, help="skip this many hits first")
    search.add_argument("--sort", choices=("relevance", "date"), default="relevance")
    search.add_argument("--json", action="store_true", help="print JSON")

    show = commands.add_parser("show", help="show one article with its entities, figures and related stories")
    show.add_argument("id", metavar="ID")
    _index_options(show)
    show.add_argument("--json", action="store_true", help="print JSON")
    return parser


def _index_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--index", metavar="DIR", help="index folder (default: the last one used)")
    parser.add_argument("--corpus", metavar="PATH", action="append", help="use the default index of this corpus")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command is None:
        build_parser().print_help()
        return EXIT_USAGE
    try:
        return {"index": cmd_index, "search": cmd_search, "show": cmd_show}[args.command](args)
    except store.IndexError_ as error:
        _err(str(error))
        return EXIT_FAILED
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:  # outside the indexer's own handling (opening, waiting for the lock, ...)
        _err("interrupted")
        return EXIT_INTERRUPTED


def _console(stderr: bool = False):
    from rich.console import Console

    # Messages on stderr are never hard-wrapped: one line per file, whole paths, greppable logs.
    return Console(stderr=stderr, highlight=False, soft_wrap=stderr)


def _err(message: str) -> None:
    from rich.text import Text

    _console(stderr=True).print(Text("newsreader: ", style="bold red") + Text(clean(message)))


def cmd_index(args: argparse.Namespace) -> int:
    from index.indexer import Indexer

    paths = [Path(p) for p in args.paths]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        _err(f"no such file or folder: {', '.join(missing)}")
        return EXIT_USAGE
    index_dir = Path(args.index) if args.index else store.default_index_dir(paths)
    console = _console(stderr=True)
    signal.signal(signal.SIGTERM, _raise_interrupt)
    with _ProgressDisplay(console) as display:
        indexer = Indexer(
            paths,
            index_dir,
            rebuild=args.rebuild,
            extract=not args.no_extract,
            workers=max(1, args.workers),
            wait=args.wait,
            batch_docs=_env_int("NEWSREADER_BATCH_DOCS", 2000),  # hidden knob: tests and huge corpora
            on_progress=display.update,
            on_message=lambda message: console.print(clean(message), markup=False, highlight=False),
        )
        report = indexer.run()
    print_report(report, console, verbose=args.verbose)
    if report.interrupted:
        return EXIT_INTERRUPTED
    remember_index(index_dir)
    if report.total_articles == 0:
        _err("nothing could be indexed")
        return EXIT_FAILED
    return EXIT_OK


def _env_int(name: str, default: int) -> int:
    try:
        return max(1, int(os.environ.get(name) or default))
    except ValueError:
        return default


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


class _ProgressDisplay:
    """A Rich progress bar fed by indexer callbacks, redrawn at most ten times a second."""

    def __init__(self, console) -> None:
        from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TaskProgressColumn(),
            TextColumn("{task.completed:,.0f}/{task.total:,.0f} files"),
            TextColumn("{task.fields[articles]:,} articles · {task.fields[rate]:,.0f}/s · {task.fields[wps]:,.0f} words/s"),
            TimeRemainingColumn(),
            console=console,
            transient=True,
            disable=not console.is_terminal,
        )
        self.task = self.progress.add_task("indexing", total=None, articles=0, rate=0.0, wps=0.0)
        self._last = 0.0

    def __enter__(self) -> _ProgressDisplay:
        self.progress.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.__exit__(*exc)  # type: ignore[arg-type]

    def update(self, progress) -> None:
        now = time.monotonic()
        if now - self._last < 0.1 and progress.stage == "indexing":
            return
        self._last = now
        elapsed = max(progress.elapsed, 1e-6)
        self.progress.update(
            self.task,
            description=progress.stage,
            total=progress.files_total,
            completed=progress.files_done,
            articles=progress.articles,
            rate=progress.articles / elapsed,
            wps=progress.words / elapsed,
        )


def print_report(report, console, *, verbose: bool = False) -> None:
    from rich.text import Text

    if report.rebuilt:
        console.print(Text(f"rebuilt: {clean(report.rebuilt)}"))
    line = Text()
    line.append("interrupted: " if report.interrupted else "indexed: ", style="bold yellow" if report.interrupted else "bold")
    line.append(
        f"added {report.added:,} · updated {report.updated:,} · removed {report.removed:,} · "
        f"unchanged {report.unchanged:,} · skipped {len(report.skipped):,}"
    )
    line.append(f" in {report.seconds:.1f} s")
    if report.indexed:
        line.append(f" ({report.indexed / max(report.seconds, 1e-6):,.0f} articles/s, {report.words_per_second:,.0f} words/s)")
    console.print(line)
    console.print(Text(f"index: {report.index_dir} ({report.total_articles:,} articles)", style="dim"))
    if report.interrupted:
        console.print(Text("work committed before the interruption is kept; run the same command again to finish"))
    limit = None if verbose else 20
    for title, items, style in (("skipped", report.skipped, "yellow"), ("noted", report.notes, "dim")):
        for item in items[:limit]:
            console.print(Text(f"{title}: ", style=style) + Text(clean(str(item))))
        if limit is not None and len(items) > limit:
            console.print(Text(f"… and {len(items) - limit:,} more {title} (--verbose lists them)", style=style))


def _engine(args: argparse.Namespace):
    from index.search import SearchEngine

    index_dir = resolve_index(args.index, args.corpus)
    return SearchEngine(index_dir)


def cmd_search(args: argparse.Namespace) -> int:
    from rich.table import Table
    from rich.text import Text

    from index.search import QueryError

    engine = _engine(args)
    try:
        results = engine.search(args.query, offset=max(0, args.offset), limit=max(1, args.limit), sort=args.sort)
    except QueryError as error:
        _err(str(error))
        return EXIT_USAGE
    if args.json:
        print(json_for_terminal(json.dumps(results.to_json(), ensure_ascii=False)))
        return EXIT_OK
    console = _console()
    if not results.hits:
        message = Text(f"no articles match {clean(args.query)!r}")
        if results.suggestion:
            message.append(f" — did you mean: {clean(results.suggestion)}", style="bold")
        console.print(message)
        return EXIT_OK
    table = Table(show_header=True, header_style="bold", expand=True, box=None, pad_edge=False)
    table.add_column("id", no_wrap=True, style="cyan")
    table.add_column("date", no_wrap=True)
    table.add_column("title / snippet", ratio=1)
    table.add_column("score", justify="right", style="dim")
    for hit in results.hits:
        cell = Text(clean(hit.title), style="bold")
        if hit.snippet:
            cell.append("\n")
            cell.append(clean(hit.snippet), style="dim")
        table.add_row(Text(clean(hit.id)), Text(hit.date.date().isoformat() if hit.date else "undated"), cell, f"{hit.score:.2f}")
    console.print(table)
    shown = f"{results.offset + 1}–{results.offset + len(results.hits)}"
    console.print(Text(f"{shown} of {results.total:,} hits · {results.elapsed_ms:.0f} ms", style="dim"))
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from rich.text import Text

    engine = _engine(args)
    try:
        article = engine.get(args.id)
    except KeyError:
        _err(f"no article with id {args.id!r} in {engine.index_dir}")
        return EXIT_FAILED
    article.similar = engine.similar(args.id)
    if args.json:
        print(json_for_terminal(article.model_dump_json()))
        return EXIT_OK
    console = _console()
    console.print(Text(clean(article.title), style="bold"))
    meta = " · ".join(
        part for part in (article.date.isoformat(sep=" ", timespec="minutes") if article.date else "undated", article.source, article.id) if part
    )
    console.print(Text(clean(meta), style="dim"))
    console.print()
    console.print(Text(clean(article.body)))
    if article.figures:
        console.print(Text("\nFigures", style="bold"))
        for figure in article.figures:
            console.print(Text(clean(f"  {figure.text} · {figure.what}")))
    if article.entities:
        console.print(Text("\nEntities", style="bold"))
        grouped: dict[str, list[str]] = {}
        for entity in article.entities:
            names = grouped.setdefault(entity.label, [])
            if entity.text not in names:
                names.append(entity.text)
        for label, names in sorted(grouped.items()):
            console.print(Text(f"  {label}: ", style="bold") + Text(clean(", ".join(names))))
    if article.related or article.similar:
        console.print(Text("\nRelated", style="bold"))
        for story in article.related:
            console.print(Text(clean(f"  {story.title} — {story.source or 'unknown source'}" + (f" [{story.id}]" if story.id else ""))))
        for similar in article.similar:
            console.print(Text(clean(f"  {similar.title} [{similar.id}]"), style="dim"))
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
