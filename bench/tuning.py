"""Tuning experiments: variants of SearchEngine.search's steps, timed on the bench queries.

    python bench/tuning.py --index DIR [--queries N] [--repeat 3] [--json] [--merged-copy]

Does not change the engine: each variant re-does one step of
`index.search.SearchEngine.search` with the engine's own searcher and parser,
so the numbers say what a change in `index/search.py` would gain:

  count      `len(results)` (today: with the default block-quality TopCollector,
             Whoosh re-runs the whole query unscored to count) vs
             `search(optimize=False)` (count while scoring) vs no exact total
             (`results.estimated_length()`);
  suggest    "did you mean" on zero-hit queries: `correct_query(q, text)` (today:
             Levenshtein against every term of the field) vs
             `correct_query(q, text, prefix=2, maxdist=1)`;
  snippets   building 20 snippets via `record()` (zlib + json + pydantic) vs via
             zlib + json only;
  segments   (--merged-copy) the same queries on a copy of the index merged into
             one segment (`writer.commit(optimize=True)`).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import median, percentile, rnd, table  # noqa: E402
from latency import QUERIES, load_queries  # noqa: E402


def _timed(fn, repeat: int) -> tuple[float, object]:
    times, value = [], None
    fn()  # warm-up
    for _ in range(repeat):
        t = time.perf_counter()
        value = fn()
        times.append((time.perf_counter() - t) * 1000)
    return median(times), value


def count_variants(engine, queries, repeat: int) -> dict[str, object]:
    s = engine._searcher
    rows = {"len_default": [], "len_optimize_false": [], "top50_only": [], "estimated_length": []}
    exact_mismatch = 0
    by_class: dict[str, dict[str, list[float]]] = {}
    for cls, text in queries:
        q = engine.parse(text)
        a, total = _timed(lambda: len(s.search(q, limit=50)), repeat)
        b, total_b = _timed(lambda: len(s.search(q, limit=50, optimize=False)), repeat)
        c, _ = _timed(lambda: s.search(q, limit=50).top_n, repeat)
        d, est = _timed(lambda: s.search(q, limit=50).estimated_length(), repeat)
        exact_mismatch += total != total_b
        for key, value in zip(rows, (a, b, c, d)):
            rows[key].append(value)
            by_class.setdefault(cls, {k: [] for k in rows})[key].append(value)
    return {
        "count_p95_ms": {k: rnd(percentile(v, 95)) for k, v in rows.items()},
        "count_p50_ms": {k: rnd(percentile(v, 50)) for k, v in rows.items()},
        "count_class_p95_ms": {cls: {k: rnd(percentile(v, 95)) for k, v in d.items()} for cls, d in by_class.items()},
        "count_optimize_false_totals_differ": exact_mismatch,
    }


def suggest_variants(engine, queries, repeat: int) -> dict[str, object]:
    s = engine._searcher
    slow, fast, same = [], [], 0
    zero = 0
    for _, text in queries:
        q = engine.parse(text)
        if len(s.search(q, limit=1)):
            continue
        zero += 1
        a, ca = _timed(lambda: s.correct_query(q, text).string, 1)
        b, cb = _timed(lambda: s.correct_query(q, text, prefix=2, maxdist=1).string, repeat)
        slow.append(a)
        fast.append(b)
        same += ca == cb
    return {
        "zero_hit_queries": zero,
        "suggest_default_p50_ms": rnd(percentile(slow, 50)),
        "suggest_default_max_ms": rnd(max(slow) if slow else None),
        "suggest_prefix2_p50_ms": rnd(percentile(fast, 50)),
        "suggest_prefix2_max_ms": rnd(max(fast) if fast else None),
        "suggest_same_answer": same,
    }


def snippet_variants(engine, queries, repeat: int) -> dict[str, object]:
    from index.schema import record
    from index.search import _query_words, make_snippet

    s = engine._searcher
    via_record, via_json, fetch = [], [], []
    for _, text in queries:
        q = engine.parse(text)
        results = s.search(q, limit=50)
        stored = [hit.fields() for hit in results[:50]]
        if not stored:
            continue
        terms = _query_words(q)
        a, _ = _timed(lambda: [make_snippet(record(f).body, terms) for f in stored[:20]], repeat)
        b, _ = _timed(lambda: [make_snippet(json.loads(zlib.decompress(f["payload"]))["body"], terms) for f in stored[:20]], repeat)
        c, _ = _timed(lambda: [hit.fields() for hit in s.search(q, limit=50)[:50]], repeat)
        via_record.append(a)
        via_json.append(b)
        fetch.append(c)
    return {
        "snippets20_record_p50_ms": rnd(percentile(via_record, 50)),
        "snippets20_record_p95_ms": rnd(percentile(via_record, 95)),
        "snippets20_json_only_p50_ms": rnd(percentile(via_json, 50)),
        "snippets20_json_only_p95_ms": rnd(percentile(via_json, 95)),
        "search_plus_50_stored_p95_ms": rnd(percentile(fetch, 95)),
    }


def engine_p95(index_dir: Path, queries, repeat: int) -> dict[str, float | None]:
    from index.search import SearchEngine

    engine = SearchEngine(index_dir)
    times: dict[str, list[float]] = {}
    for cls, text in queries:
        ms, _ = _timed(lambda: engine.search(text), repeat)
        times.setdefault(cls, []).append(ms)
        times.setdefault("all", []).append(ms)
    engine.close()
    return {cls: rnd(percentile(v, 95)) for cls, v in times.items()}


def merged_copy(index_dir: Path) -> Path:
    from whoosh import index as whoosh_index

    target = Path(str(index_dir) + ".merged")
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(index_dir, target)
    ix = whoosh_index.open_dir(str(target))
    before = len(ix._segments())
    t = time.perf_counter()
    writer = ix.writer()
    writer.commit(optimize=True)
    print(f"merged {before} segments into {len(whoosh_index.open_dir(str(target))._segments())} in {time.perf_counter() - t:.1f}s", file=sys.stderr)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--queries", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", nargs="*", default=["count", "suggest", "snippets"])
    parser.add_argument("--merged-copy", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    from index.search import SearchEngine

    index_dir = args.index.resolve()
    queries = load_queries(QUERIES, args.queries)
    engine = SearchEngine(index_dir)
    result: dict[str, object] = {"segments": len(engine._ix._segments()), "queries": len(queries)}
    if "count" in args.only:
        result.update(count_variants(engine, queries, args.repeat))
    if "suggest" in args.only:
        result.update(suggest_variants(engine, queries, args.repeat))
    if "snippets" in args.only:
        result.update(snippet_variants(engine, queries, args.repeat))
    engine.close()
    if args.merged_copy:
        target = merged_copy(index_dir)
        result["p95_ms_as_is"] = engine_p95(index_dir, queries, args.repeat)
        result["p95_ms_merged"] = engine_p95(target, queries, args.repeat)
        shutil.rmtree(target, ignore_errors=True)
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            if isinstance(value, dict) and all(isinstance(v, dict) for v in value.values()):
                variants = list(next(iter(value.values())))
                print(f"\n{key}:")
                print(table([[cls, *[d[v] for v in variants]] for cls, d in value.items()], ["class", *variants]))
            else:
                print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
