"""Measure extraction speed on a corpus folder.

    python bench/extract_speed.py ../shared/corpora/reuters21578 --limit 3000 [--workers 2] [--batch-size 64]

Reads `corpus.jsonl` (keys id, date, title, body, source) in the folder and
prints words/s and articles/s for index.extract.extract_articles, model
loading included (it is part of every indexing run).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from index.extract import extract_articles, pipeline_name  # noqa: E402
from index.models import Article  # noqa: E402


def read_corpus(folder: Path, limit: int | None) -> list[Article]:
    out = []
    with open(folder / "corpus.jsonl", encoding="utf-8") as fh:
        for line in fh:
            if limit is not None and len(out) >= limit:
                break
            d = json.loads(line)
            out.append(Article(id=str(d["id"]), title=d.get("title") or "", body=d.get("body") or "",
                               source=d.get("source")))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--model", default=None)
    args = ap.parse_args()

    articles = read_corpus(args.corpus, args.limit)
    words = sum(a.words for a in articles)
    print(f"pipeline {pipeline_name(args.model)}; {len(articles)} articles, {words} words; "
          f"workers={args.workers} batch_size={args.batch_size}", flush=True)
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    n_ents = n_figs = 0
    first_at = None
    for _, ex in extract_articles(articles, model=args.model, workers=args.workers, batch_size=args.batch_size):
        if first_at is None:
            first_at = time.perf_counter() - t0
        n_ents += len(ex.entities)
        n_figs += len(ex.figures)
    dt = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    print(f"{dt:.1f} s (first result after {first_at or 0:.1f} s): {words / dt:,.0f} words/s, "
          f"{len(articles) / dt:,.1f} articles/s; {n_ents} entities, {n_figs} figures")
    # Other jobs on the machine slow the wall clock; CPU time shows the work
    # itself (only meaningful in-process, --workers 1, model load included).
    if args.workers <= 1:
        print(f"CPU {cpu:.1f} s: {words / cpu:,.0f} words per CPU-second; load average now "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    else:
        print(f"load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
