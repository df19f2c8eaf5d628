"""Indexing throughput: a full build, a no-change re-run and one-file-changed re-runs.

    python bench/indexing.py CORPUS... --index DIR [--no-extract] [--json] [--skip-build] [--repeat N]

The corpus is staged as per-file symlinks in `<DIR>.corpus/` (never touching the
originals); the one-file-changed run replaces one symlink by a modified copy,
re-indexes, and finally restores the symlink and re-indexes so the index again
matches the corpus. Build numbers are also saved to `<DIR>.build.json`, which a
later `--skip-build` run reports again (marked as such).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import dump_json, median, remove_tree, rnd, stage_corpus, stage_dir_for, table  # noqa: E402


def build_record_path(index_dir: Path) -> Path:
    return Path(str(index_dir) + ".build.json")


def extraction_available() -> bool:
    return importlib.util.find_spec("index.extract") is not None


def _progress_printer(quiet: bool):
    last = [0.0]

    def on_progress(progress) -> None:
        if quiet:
            return
        now = time.perf_counter()
        if now - last[0] >= 10 or progress.stage != "indexing":
            last[0] = now
            rate = progress.articles / progress.elapsed if progress.elapsed else 0.0
            print(
                f"  [{progress.stage}] {progress.articles} articles, {progress.files_done}/{progress.files_total} files,"
                f" {progress.elapsed:.0f}s ({rate:.0f}/s)",
                file=sys.stderr,
                flush=True,
            )

    return on_progress


def full_build(roots: list[Path], index_dir: Path, *, extract: bool, quiet: bool = False) -> dict[str, object]:
    from index.indexer import Indexer

    for leftover in (index_dir, Path(str(index_dir) + ".rebuild"), Path(str(index_dir) + ".old")):
        remove_tree(leftover)
    started, cpu = time.perf_counter(), time.process_time()
    report = Indexer(roots, index_dir, extract=extract, on_progress=_progress_printer(quiet)).run()
    wall = time.perf_counter() - started
    cpu = time.process_time() - cpu
    result = {
        "articles": report.total_articles,
        "build_added": report.added,
        "build_words": report.words,
        "build_s": rnd(wall, 2),
        # CPU seconds of this process: less sensitive to other processes on the machine than wall time.
        "build_cpu_s": rnd(cpu, 2),
        "index_words_per_cpu_s": rnd(report.words / cpu if cpu else 0.0, 0),
        "index_articles_per_s": rnd(report.added / wall if wall else 0.0, 1),
        "index_words_per_s": rnd(report.words / wall if wall else 0.0, 0),
        "build_skipped_files": len(report.skipped),
        "extract": extract,
        "load_average_after_build": load_average(),
    }
    result.update(index_shape(index_dir))
    return result


def index_shape(index_dir: Path) -> dict[str, object]:
    from whoosh import index as whoosh_index

    ix = whoosh_index.open_dir(str(index_dir))
    segments = ix._segments()
    size = sum(p.stat().st_size for p in index_dir.iterdir() if p.is_file())
    return {"index_mb": rnd(size / 2**20, 1), "segments": len(segments)}


def reindex(roots: list[Path], index_dir: Path, *, extract: bool) -> tuple[float, object]:
    from index.indexer import Indexer

    started = time.perf_counter()
    report = Indexer(roots, index_dir, extract=extract).run()
    return time.perf_counter() - started, report


def load_average() -> float | None:
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError):
        return None


def reindex_runs(roots: list[Path], index_dir: Path, *, extract: bool, repeat: int = 3) -> dict[str, object]:
    """No-change re-runs, then `repeat` one-file-changed re-runs on a staged copy of one article."""
    nochange: list[float] = []
    for _ in range(repeat):
        seconds, report = reindex(roots, index_dir, extract=extract)
        if report.added or report.updated or report.removed:
            print(f"  note: no-change run changed the index ({report.added}+/{report.updated}~/{report.removed}-)", file=sys.stderr)
        nochange.append(seconds)

    victim = _pick_victim(roots)
    changed: list[float] = []
    updated = 0
    if victim is not None:
        target = os.readlink(victim)
        original = Path(target).read_bytes()
        try:
            for n in range(repeat):
                victim.unlink()
                victim.write_bytes(original.rstrip(b"\n") + f"\n\nBench edit {n} {time.time_ns()}.\n".encode())
                seconds, report = reindex(roots, index_dir, extract=extract)
                updated += report.updated + report.added
                changed.append(seconds)
        finally:
            victim.unlink()
            os.symlink(target, victim)
            reindex(roots, index_dir, extract=extract)  # back to the corpus as it is
    return {
        "reindex_nochange_s": rnd(median(nochange), 3),
        "reindex_nochange_runs": [rnd(s, 3) for s in nochange],
        "reindex_onechange_s": rnd(median(changed), 3),
        "reindex_onechange_runs": [rnd(s, 3) for s in changed],
        "reindex_onechange_file": str(victim) if victim else None,
        "reindex_onechange_updated": updated,
    }


def _pick_victim(roots: list[Path]) -> Path | None:
    """A staged article symlink in the middle of the corpus (deterministic)."""
    for root in roots:
        if not root.is_dir():
            continue
        files = sorted(p for p in root.rglob("*.txt") if p.is_symlink())
        if files:
            return files[len(files) // 2]
    return None


def run(
    corpora: list[Path],
    index_dir: Path,
    *,
    extract: bool,
    skip_build: bool,
    repeat: int = 3,
    build_only: bool = False,
    quiet: bool = False,
) -> dict[str, object]:
    if extract and not extraction_available():
        raise SystemExit("index.extract is not available yet: run with --no-extract for the Whoosh-only numbers")
    stage = stage_dir_for(index_dir)
    t = time.perf_counter()
    roots = stage_corpus(corpora, stage)
    result: dict[str, object] = {"stage_s": rnd(time.perf_counter() - t, 2)}
    record_path = build_record_path(index_dir)
    if skip_build and index_dir.exists():
        previous = json.loads(record_path.read_text()) if record_path.exists() else {}
        result.update(previous)
        result["build_reused"] = True
        result.update(index_shape(index_dir))
        if "articles" not in result:
            from whoosh import index as whoosh_index

            with whoosh_index.open_dir(str(index_dir)).reader() as reader:
                result["articles"] = reader.doc_count()
    else:
        build = full_build(roots, index_dir, extract=extract, quiet=quiet)
        dump_json(record_path, build)
        result.update(build)
        result["build_reused"] = False
    if not build_only:
        result.update(reindex_runs(roots, index_dir, extract=extract, repeat=repeat))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpora", nargs="+", type=Path)
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--no-extract", action="store_true")
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = run(
        args.corpora,
        args.index.resolve(),
        extract=not args.no_extract,
        skip_build=args.skip_build,
        repeat=args.repeat,
        build_only=args.build_only,
        quiet=args.json,
    )
    if args.json:
        print(json.dumps(result))
    else:
        print(table([[key, value] for key, value in result.items() if not isinstance(value, list)], ["metric", "value"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
