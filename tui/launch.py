"""`newsreader [PATH…] [--index DIR]`: open the reader over a corpus.

No PATH opens the bundled seeds. Textual is imported only here, after the
arguments are read, so `newsreader --help` and the headless commands stay fast.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

from index import store
from index.cli import bundled_seeds


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsreader",
        description="Open the reader over folders or files of articles (the bundled seeds when none are given).",
        epilog="Headless commands: newsreader index|search|show --help. Keys: press ? in the reader.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="folders or files of articles")
    parser.add_argument("--index", metavar="DIR", help="index folder (default: per corpus, in the user data dir)")
    return parser


def resolve(paths: list[str], index: str | None) -> tuple[list[Path], Path]:
    """The corpus roots and the index folder for these arguments."""
    roots = [Path(path) for path in paths]
    if index:
        index_dir = Path(index)
        if not roots:
            roots = _roots_of(index_dir) or [bundled_seeds()]
        return roots, index_dir
    roots = roots or [bundled_seeds()]
    return roots, store.default_index_dir(roots)


def _roots_of(index_dir: Path) -> list[Path]:
    try:
        meta = store.read_meta(index_dir) or {}
    except store.IndexError_:
        return []
    return [Path(root) for root in meta.get("roots", []) if isinstance(root, str)]  # type: ignore[union-attr]


def extraction_available() -> bool:
    """Entity/figure extraction is installed (looked up without importing spaCy here)."""
    return importlib.util.find_spec("index.extract") is not None and importlib.util.find_spec("spacy") is not None


def launch(args: list[str]) -> int:
    options = build_parser().parse_args(args)
    missing = [path for path in options.paths if not Path(path).exists()]
    if missing:
        print(f"newsreader: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    roots, index_dir = resolve(options.paths, options.index)
    from tui.app import NewsReaderApp

    app = NewsReaderApp(roots=roots, index_dir=index_dir, extract=extraction_available())
    app.run()
    return app.return_code or 0
