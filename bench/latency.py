"""Search latency: Whoosh through `SearchEngine.search` vs SQLite FTS5, same queries, same run.

    python bench/latency.py --index DIR [--queries N] [--repeat 3] [--json] [--profile K]

Every query asks for the reader's first page: 50 hits, snippets for the first
20. One untimed warm-up pass (the reader keeps one searcher open, so steady
state is what a user sees after the first query), then `--repeat` timed
passes; in each pass every query runs on Whoosh and then on FTS5, so noise
from other processes hits both alike. A query's latency is the median of its
passes; percentiles are taken over queries. The cold first pass is reported
too (`whoosh_cold_p95_ms`).

`--profile K` runs the K slowest Whoosh queries under cProfile and prints the
functions that dominate.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import REPO, median, percentile, rnd, table  # noqa: E402

QUERIES = REPO / "bench" / "queries.txt"


def load_queries(path: Path = QUERIES, limit: int | None = None) -> list[tuple[str, str]]:
    """(class, query) pairs; with `limit`, a round-robin over classes so every class stays represented."""
    by_class: dict[str, list[str]] = defaultdict(list)
    order: list[str] = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cls, _, query = line.partition("\t")
        if cls not in by_class:
            order.append(cls)
        by_class[cls].append(query)
    if limit is None:
        return [(cls, q) for cls in order for q in by_class[cls]]
    picked: list[tuple[str, str]] = []
    i = 0
    while len(picked) < limit and any(i < len(by_class[c]) for c in order):
        for cls in order:
            if i < len(by_class[cls]) and len(picked) < limit:
                picked.append((cls, by_class[cls][i]))
        i += 1
    return picked


def fts5_db_for(index_dir: Path) -> Path:
    return Path(str(index_dir) + ".fts5.sqlite")


def ensure_fts5(index_dir: Path, rebuild: bool = False) -> dict[str, object]:
    import fts5

    db = fts5_db_for(index_dir)
    if not rebuild and fts5.up_to_date(index_dir, db):
        return {"fts5_build_reused": True, "fts5_mb": round(db.stat().st_size / 2**20, 1)}
    return fts5.build(index_dir, db)


def measure(index_dir: Path, queries: list[tuple[str, str]], *, repeat: int = 3) -> dict[str, object]:
    import fts5
    from index.search import SearchEngine

    engine = SearchEngine(index_dir)
    lite = fts5.Fts5Engine(fts5_db_for(index_dir))
    rows = []
    for cls, text in queries:
        try:
            fts5.translate(text)
            supported = True
        except fts5.Unsupported:
            supported = False
        rows.append({"cls": cls, "q": text, "fts5": supported, "w": [], "f": [], "wc": [], "fc": [], "w_total": None, "f_total": None})

    def one_pass(timed: bool) -> None:
        for row in rows:
            # Every timed query is a new query to the engine: its per-query caches
            # (totals, date filters, articles) would otherwise answer passes 2 and 3.
            engine.clear_caches()
            t, c = time.perf_counter(), time.process_time()
            result = engine.search(row["q"], limit=50, snippets=20)
            w, wc = (time.perf_counter() - t) * 1000, (time.process_time() - c) * 1000
            row["w_total"] = result.total
            row["w_hits"] = len(result.hits)
            if timed:
                row["w"].append(w)
                row["wc"].append(wc)
            else:
                row["w_cold"] = w
            if row["fts5"]:
                t, c = time.perf_counter(), time.process_time()
                total, hits = lite.search(row["q"], limit=50, snippets=20)
                f, fc = (time.perf_counter() - t) * 1000, (time.process_time() - c) * 1000
                row["f_total"] = total
                if timed:
                    row["f"].append(f)
                    row["fc"].append(fc)

    one_pass(False)
    for _ in range(repeat):
        one_pass(True)
    engine.close()
    lite.close()
    for row in rows:
        row["w_ms"] = median(row.pop("w"))
        row["f_ms"] = median(row.pop("f"))
        row["w_cpu"] = median(row.pop("wc"))
        row["f_cpu"] = median(row.pop("fc"))
    return summarize(rows)


def summarize(rows: list[dict]) -> dict[str, object]:
    w_all = [r["w_ms"] for r in rows]
    paired = [r for r in rows if r["fts5"]]
    classes: dict[str, dict[str, object]] = {}
    for cls in dict.fromkeys(r["cls"] for r in rows):
        mine = [r for r in rows if r["cls"] == cls]
        both = [r for r in mine if r["fts5"]]
        w95 = percentile([r["w_ms"] for r in mine], 95)
        f95 = percentile([r["f_ms"] for r in both], 95)
        classes[cls] = {
            "queries": len(mine),
            "whoosh_p50_ms": rnd(percentile([r["w_ms"] for r in mine], 50)),
            "whoosh_p95_ms": rnd(w95),
            "fts5_queries": len(both),
            "fts5_p50_ms": rnd(percentile([r["f_ms"] for r in both], 50)),
            "fts5_p95_ms": rnd(f95),
            "p95_ratio": rnd(w95 / f95, 2) if w95 and f95 else None,
            "whoosh_cpu_p95_ms": rnd(percentile([r["w_cpu"] for r in mine], 95)),
            "fts5_cpu_p95_ms": rnd(percentile([r["f_cpu"] for r in both], 95)),
            "totals_differ": sum(1 for r in both if r["w_total"] != r["f_total"]),
        }
    w95_paired = percentile([r["w_ms"] for r in paired], 95)
    f95 = percentile([r["f_ms"] for r in paired], 95)
    phrase = [r["w_ms"] for r in rows if r["cls"] == "phrase"]
    slow = sorted(rows, key=lambda r: -r["w_ms"])[:10]
    mismatches = [
        {"query": r["q"], "whoosh_total": r["w_total"], "fts5_total": r["f_total"]}
        for r in paired
        if r["w_total"] != r["f_total"]
    ]
    return {
        "queries": len(rows),
        "search_p50_ms": rnd(percentile(w_all, 50)),
        "search_p95_ms": rnd(percentile(w_all, 95)),
        "search_p99_ms": rnd(percentile(w_all, 99)),
        "search_max_ms": rnd(max(w_all) if w_all else None),
        # CPU time of this process per query: what the latency would be on an idle core.
        "search_cpu_p50_ms": rnd(percentile([r["w_cpu"] for r in rows], 50)),
        "search_cpu_p95_ms": rnd(percentile([r["w_cpu"] for r in rows], 95)),
        "phrase_cpu_p95_ms": rnd(percentile([r["w_cpu"] for r in rows if r["cls"] == "phrase"], 95)),
        "fts5_cpu_p95_ms": rnd(percentile([r["f_cpu"] for r in paired], 95)),
        "whoosh_fts5_cpu_p95_ratio": rnd(
            percentile([r["w_cpu"] for r in paired], 95) / percentile([r["f_cpu"] for r in paired], 95), 2
        ) if paired and percentile([r["f_cpu"] for r in paired], 95) else None,
        "search_nonzero_p95_ms": rnd(percentile([r["w_ms"] for r in rows if r["w_total"]], 95)),
        "whoosh_cold_p95_ms": rnd(percentile([r.get("w_cold", 0.0) for r in rows], 95)),
        "phrase_p95_ms": rnd(percentile(phrase, 95)),
        "fts5_queries": len(paired),
        "fts5_skipped_entity_queries": len(rows) - len(paired),
        "fts5_p50_ms": rnd(percentile([r["f_ms"] for r in paired], 50)),
        "fts5_p95_ms": rnd(f95),
        "fts5_p99_ms": rnd(percentile([r["f_ms"] for r in paired], 99)),
        "whoosh_p95_same_queries_ms": rnd(w95_paired),
        "whoosh_fts5_p95_ratio": rnd(w95_paired / f95, 2) if w95_paired and f95 else None,
        "totals_agree": len(paired) - len(mismatches),
        "totals_differ": mismatches[:20],
        "zero_hit_queries": sum(1 for r in rows if not r["w_total"]),
        "classes": classes,
        "slowest": [{"query": r["q"], "class": r["cls"], "whoosh_ms": rnd(r["w_ms"]), "fts5_ms": rnd(r["f_ms"]), "whoosh_cpu_ms": rnd(r["w_cpu"]), "total": r["w_total"]} for r in slow],
    }


def profile(index_dir: Path, queries: list[str], *, runs: int = 5, top: int = 25) -> dict[str, object]:
    """cProfile over `runs` repetitions of each query (after one warm-up); the top functions by own time."""
    from index.search import SearchEngine

    engine = SearchEngine(index_dir)
    for q in queries:
        engine.search(q)
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(runs):
        for q in queries:
            engine.search(q)
    prof.disable()
    engine.close()
    stats = pstats.Stats(prof)
    total = stats.total_tt
    entries = []
    for (filename, line, name), (cc, nc, tt, ct, _) in stats.stats.items():
        short = filename.split("site-packages/")[-1].split("/work/main/")[-1]
        entries.append({"function": f"{short}:{line}({name})", "calls": nc, "tottime_pct": rnd(100 * tt / total, 1), "cumtime_pct": rnd(100 * ct / total, 1)})
    buffer = io.StringIO()
    pstats.Stats(prof, stream=buffer).sort_stats("cumulative").print_stats(30)
    return {
        "profiled_queries": queries,
        "profile_total_s": rnd(total, 3),
        "by_tottime": sorted(entries, key=lambda e: -e["tottime_pct"])[:top],
        "by_cumtime": sorted(entries, key=lambda e: -e["cumtime_pct"])[:top],
        "text": buffer.getvalue(),
    }


def class_table(result: dict[str, object]) -> str:
    rows = [
        [cls, c["queries"], c["whoosh_p50_ms"], c["whoosh_p95_ms"], c["whoosh_cpu_p95_ms"], c["fts5_queries"], c["fts5_p50_ms"], c["fts5_p95_ms"], c["fts5_cpu_p95_ms"], c["p95_ratio"], c["totals_differ"]]
        for cls, c in result["classes"].items()
    ]
    return table(rows, ["class", "n", "whoosh p50", "whoosh p95", "whoosh cpu p95", "fts5 n", "fts5 p50", "fts5 p95", "fts5 cpu p95", "ratio p95", "totals differ"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--queries", type=int, default=None, help="use only N queries (round-robin over classes)")
    parser.add_argument("--query-file", type=Path, default=QUERIES)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", type=int, default=0, metavar="K", help="cProfile the K slowest Whoosh queries")
    parser.add_argument("--rebuild-fts5", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    index_dir = args.index.resolve()
    result: dict[str, object] = dict(ensure_fts5(index_dir, rebuild=args.rebuild_fts5))
    result.update(measure(index_dir, load_queries(args.query_file, args.queries), repeat=args.repeat))
    if args.profile:
        result["profile"] = profile(index_dir, [s["query"] for s in result["slowest"][: args.profile]])
    if args.json:
        print(json.dumps(result))
        return 0
    print(class_table(result))
    print()
    print(table([[k, v] for k, v in result.items() if not isinstance(v, (list, dict))], ["metric", "value"]))
    print("\nslowest Whoosh queries:")
    print(table([[s["query"], s["class"], s["whoosh_ms"], s["fts5_ms"], s["total"]] for s in result["slowest"]], ["query", "class", "whoosh ms", "fts5 ms", "total"]))
    if result["totals_differ"]:
        print("\ntotals that differ between Whoosh and FTS5 (first 20):")
        for m in result["totals_differ"]:
            print(f"  {m['query']!r}: whoosh {m['whoosh_total']}, fts5 {m['fts5_total']}")
    if args.profile:
        print("\nprofile (own time):")
        print(table([[e["function"], e["calls"], e["tottime_pct"], e["cumtime_pct"]] for e in result["profile"]["by_tottime"]], ["function", "calls", "own %", "cum %"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
