"""The search engine alone in a fresh process: first page time, imports and memory.

    python bench/engine_probe.py --index DIR [--searches 50] [--json]

Starts a fresh interpreter (`python -c` child) that imports `index.search`,
opens a `SearchEngine`, shows the first page of the empty query (what the
reader lists on start), then runs `--searches` bench queries. Reports the
child's wall time to the first page, VmRSS after opening, after the first page
and after the searches (plus VmHWM, the peak), and whether spaCy was imported.
This is the fallback `rss_mb` when the reader cannot be measured.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import REPO, median, rnd, table  # noqa: E402
from latency import QUERIES, load_queries  # noqa: E402

CHILD = r"""
import json, sys, time
t0 = time.perf_counter()
sys.path.insert(0, {repo!r})
def vm():
    out = {{}}
    for line in open('/proc/self/status'):
        k, _, v = line.partition(':')
        if k in ('VmRSS', 'VmHWM'):
            out[k] = int(v.split()[0]) / 1024.0
    return out
from index.search import SearchEngine
t1 = time.perf_counter()
engine = SearchEngine({index!r})
t2 = time.perf_counter()
rss_open = vm()['VmRSS']
first = engine.search('', limit=50, snippets=20)
t3 = time.perf_counter()
print('READY', flush=True)
rss_first = vm()['VmRSS']
queries = json.loads(sys.stdin.readline())
for q in queries:
    engine.search(q, limit=50, snippets=20)
end = vm()
print(json.dumps({{
    'import_s': t1 - t0, 'open_s': t2 - t1, 'first_page_s': t3 - t2, 'first_page_hits': len(first.hits),
    'rss_open_mb': rss_open, 'rss_first_mb': rss_first, 'rss_after_mb': end['VmRSS'], 'hwm_mb': end['VmHWM'],
    'spacy_imported': 'spacy' in sys.modules, 'textual_imported': 'textual' in sys.modules, 'modules': len(sys.modules),
}}), flush=True)
"""


def probe(index_dir: Path, searches: int = 50) -> dict[str, object]:
    queries = [q for _, q in load_queries(QUERIES)][:searches]
    code = CHILD.format(repo=str(REPO), index=str(index_dir))
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert child.stdin and child.stdout
    line = child.stdout.readline()
    ready = time.perf_counter() - started
    if line.strip() != "READY":
        child.kill()
        raise RuntimeError(f"engine probe failed: {line!r}")
    child.stdin.write(json.dumps(queries) + "\n")
    child.stdin.flush()
    data = json.loads(child.stdout.readline())
    child.wait(timeout=60)
    data["process_to_first_page_s"] = ready
    data["searches"] = len(queries)
    return data


def run(index_dir: Path, searches: int = 50, repeat: int = 3) -> dict[str, object]:
    runs = [probe(index_dir, searches) for _ in range(repeat)]
    out: dict[str, object] = {"engine_probe_runs": repeat, "engine_searches": searches}
    for key in ("process_to_first_page_s", "import_s", "open_s", "first_page_s"):
        out[f"engine_{key}"] = rnd(median([r[key] for r in runs]), 3)
    for key in ("rss_open_mb", "rss_first_mb", "rss_after_mb", "hwm_mb"):
        out[f"engine_{key}"] = rnd(median([r[key] for r in runs]), 1)
    out["engine_spacy_imported"] = any(r["spacy_imported"] for r in runs)
    out["engine_textual_imported"] = any(r["textual_imported"] for r in runs)
    out["engine_modules"] = runs[-1]["modules"]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--searches", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = run(args.index.resolve(), args.searches, args.repeat)
    print(json.dumps(result) if args.json else table([[k, v] for k, v in result.items()], ["metric", "value"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
