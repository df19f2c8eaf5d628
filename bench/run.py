"""The performance bench: indexing, search latency vs SQLite FTS5, cold start, memory.

    python bench/run.py CORPUS... [--index DIR] [--no-extract] [--json] [--skip-build]
                        [--queries N] [--repeat N] [--skip-reader] [--reader-searches N]
                        [--profile K] [--save FILE]

Phases (each also runnable alone, see the module named):
  1. indexing.py    full build (articles/s, words/s), no-change and one-file-changed re-runs,
                    on a symlinked stage of the corpus in `<DIR>.corpus/` (originals untouched);
  2. latency.py     bench/queries.txt (240 queries, 8 classes) through SearchEngine.search
                    (first page of 50, snippets for 20) and the same on SQLite FTS5
                    (`<DIR>.fts5.sqlite`, built from the index's stored fields);
  3. engine_probe.py a SearchEngine in a fresh process: first page, RSS after 50 searches;
  4. coldstart.py   the reader in tmux: cold start, imports, RSS after 50 searches (skipped,
                    with the reason, when the reader is unavailable).

Without --index the index goes to $TMPDIR/newsreader-bench/<corpus>-<hash> (never the repo).
`--skip-build` reuses an existing index (and reports its saved build numbers).
Prints a table with each number beside its target; `--json` prints one JSON object.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import coldstart  # noqa: E402
import engine_probe  # noqa: E402
import indexing  # noqa: E402
import latency  # noqa: E402
from common import BENCH_TMP, dump_json, inside_repo, table  # noqa: E402

REQUIRED = (
    "articles",
    "index_words_per_s",
    "reindex_nochange_s",
    "search_p50_ms",
    "search_p95_ms",
    "phrase_p95_ms",
    "fts5_p95_ms",
    "cold_start_s",
    "rss_mb",
)


def default_index(corpora: list[Path]) -> Path:
    resolved = sorted(os.path.abspath(c) for c in corpora)
    digest = hashlib.sha1("\n".join(resolved).encode()).hexdigest()[:8]
    return BENCH_TMP / f"{Path(resolved[0]).name}-{len(resolved)}-{digest}"


def targets(articles: int) -> list[tuple[str, str, float, str]]:
    """(metric, label, limit, note): every target is an upper bound."""
    big = articles > 50_000
    return [
        ("search_p95_ms", "search p95 (ms)", 150.0 if big else 50.0, "≤150 ms at 100k" if big else "≤50 ms at 23.6k"),
        ("whoosh_fts5_p95_ratio", "Whoosh p95 / FTS5 p95", 4.0, "same queries, entity queries excluded"),
        ("phrase_p95_ms", "phrase p95 (ms)", 200.0, "≤200 ms at 100k"),
        ("cold_start_s", "reader cold start (s)", 1.0, "tmux, until a title shows"),
        ("reindex_nochange_s", "no-change re-index (s)", 5.0, "≤5 s at 23.6k"),
        ("rss_mb", "RSS after 50 searches (MB)", 300.0, "reader; engine alone if no reader"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpora", nargs="+", type=Path)
    parser.add_argument("--index", type=Path)
    parser.add_argument("--no-extract", action="store_true", help="index without entity extraction (Whoosh only)")
    parser.add_argument("--skip-build", action="store_true", help="reuse the index at --index when it exists")
    parser.add_argument("--queries", type=int, default=None, help="only N of bench/queries.txt (round-robin over classes)")
    parser.add_argument("--query-file", type=Path, default=latency.QUERIES)
    parser.add_argument("--repeat", type=int, default=3, help="timed passes / runs per measurement (medians)")
    parser.add_argument("--skip-reader", action="store_true", help="do not start the reader in tmux")
    parser.add_argument("--reader-searches", type=int, default=50)
    parser.add_argument("--reader-timeout", type=float, default=20.0)
    parser.add_argument("--profile", type=int, default=0, metavar="K", help="cProfile the K slowest Whoosh queries")
    parser.add_argument("--save", type=Path, help="also write the JSON result to this file")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    for corpus in args.corpora:
        if not corpus.exists():
            parser.error(f"{corpus}: no such file or folder")
    index_dir = (args.index or default_index(args.corpora)).resolve()
    if inside_repo(index_dir):
        parser.error(f"{index_dir} is inside the repository; put bench indexes elsewhere")
    log = lambda message: print(f"[bench] {message}", file=sys.stderr, flush=True)  # noqa: E731

    result: dict[str, object] = {
        "corpora": [str(c) for c in args.corpora],
        "index": str(index_dir),
        "load_average_start": indexing.load_average(),  # other processes share the machine
    }
    started = time.perf_counter()
    log(f"indexing ({'reusing ' if args.skip_build else 'building '}{index_dir})")
    result.update(
        indexing.run(
            args.corpora, index_dir, extract=not args.no_extract, skip_build=args.skip_build, repeat=args.repeat, quiet=False
        )
    )
    log("FTS5 baseline database")
    result.update(latency.ensure_fts5(index_dir))
    queries = latency.load_queries(args.query_file, args.queries)
    log(f"search latency: {len(queries)} queries x (1 warm-up + {args.repeat}) passes on Whoosh and FTS5")
    result.update(latency.measure(index_dir, queries, repeat=args.repeat))
    log("engine in a fresh process")
    result.update(engine_probe.run(index_dir, searches=min(50, len(queries) or 50), repeat=args.repeat))
    if args.skip_reader:
        result.update({"cold_start_s": None, "reader_skipped": "--skip-reader"})
    else:
        log("reader cold start in tmux")
        result.update(coldstart.run(index_dir, repeat=args.repeat, searches=args.reader_searches, timeout=args.reader_timeout))
    if result.get("reader_rss_after_searches_mb") is not None:
        result["rss_mb"], result["rss_source"] = result["reader_rss_after_searches_mb"], "reader"
    else:
        result["rss_mb"], result["rss_source"] = result["engine_rss_after_mb"], "engine (fresh process, 50 searches)"
    if args.profile:
        log(f"profiling the {args.profile} slowest Whoosh queries")
        result["profile"] = latency.profile(index_dir, [s["query"] for s in result["slowest"][: args.profile]])
    result["bench_s"] = round(time.perf_counter() - started, 1)
    result["load_average_end"] = indexing.load_average()
    missing = [key for key in REQUIRED if key not in result]
    assert not missing, missing
    if args.save:
        dump_json(args.save, result)
    if args.json:
        print(json.dumps(result, default=str))
    else:
        print(report(result))
    return 0


def report(result: dict[str, object]) -> str:
    articles = int(result["articles"])  # type: ignore[arg-type]
    lines = [f"newsreader bench: {articles:,} articles, index {result['index']}", ""]
    rows = []
    for key, label, limit, note in targets(articles):
        value = result.get(key)
        verdict = "—" if value is None else ("ok" if float(value) <= limit else "MISSED")  # type: ignore[arg-type]
        rows.append([label, value, f"≤ {limit:g}", verdict, note])
    lines.append(table(rows, ["metric", "measured", "target", "", "note"]))
    lines.append("")
    build_note = " (saved from an earlier build)" if result.get("build_reused") else ""
    info = [
        ["build time (s)" + build_note, result.get("build_s")],
        ["build CPU time (s)", result.get("build_cpu_s")],
        ["articles/s (build)", result.get("index_articles_per_s")],
        ["words/s (build)", result.get("index_words_per_s")],
        ["index size (MB) / segments", f"{result.get('index_mb')} / {result.get('segments')}"],
        ["one-file-changed re-index (s)", result.get("reindex_onechange_s")],
        ["search p50 / p99 (ms)", f"{result.get('search_p50_ms')} / {result.get('search_p99_ms')}"],
        ["search p95, first (cold) pass (ms)", result.get("whoosh_cold_p95_ms")],
        ["search p95 without zero-hit queries (ms)", result.get("search_nonzero_p95_ms")],
        ["CPU-time p50 / p95: search, phrase (ms)", f"{result.get('search_cpu_p50_ms')} / {result.get('search_cpu_p95_ms')}, {result.get('phrase_cpu_p95_ms')}"],
        ["CPU-time p95 FTS5 (ms) / ratio", f"{result.get('fts5_cpu_p95_ms')} / {result.get('whoosh_fts5_cpu_p95_ratio')}"],
        ["FTS5 p50 / p95 (ms)", f"{result.get('fts5_p50_ms')} / {result.get('fts5_p95_ms')}"],
        ["FTS5: queries run / entity queries skipped", f"{result.get('fts5_queries')} / {result.get('fts5_skipped_entity_queries')}"],
        ["totals equal in both engines", f"{result.get('totals_agree')} of {result.get('fts5_queries')}"],
        ["queries with no hit (Whoosh)", result.get("zero_hit_queries")],
        ["engine: process start → first page (s)", result.get("engine_process_to_first_page_s")],
        ["engine RSS after 50 searches (MB)", result.get("engine_rss_after_mb")],
        ["reader RSS start / after searches (MB)", f"{result.get('reader_rss_start_mb')} / {result.get('reader_rss_after_searches_mb')}"],
        ["reader imports (modules / spacy?)", f"{result.get('imported_modules')} / {result.get('spacy_imported')}"],
        ["rss_mb source", result.get("rss_source")],
        ["load average at start / end", f"{result.get('load_average_start')} / {result.get('load_average_end')}"],
    ]
    lines.append(table(info, ["more", "value"]))
    if result.get("reader_skipped"):
        lines.append(f"\nreader not measured: {result['reader_skipped']}")
    lines.append("\nper query class (ms, median of passes; p95 over the class's queries):")
    lines.append(latency.class_table(result))
    lines.append("\nslowest Whoosh queries:")
    lines.append(table([[s["query"], s["class"], s["whoosh_ms"], s["fts5_ms"], s["total"]] for s in result["slowest"]], ["query", "class", "whoosh ms", "fts5 ms", "total"]))  # type: ignore[index]
    if result.get("profile"):
        lines.append("\nprofile of the slowest queries (own time):")
        lines.append(table([[e["function"], e["calls"], e["tottime_pct"], e["cumtime_pct"]] for e in result["profile"]["by_tottime"][:15]], ["function", "calls", "own %", "cum %"]))  # type: ignore[index]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
