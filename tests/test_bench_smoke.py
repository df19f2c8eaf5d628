"""Smoke test of the performance bench: the scripts run and report every number.

Runs `bench/run.py` as a subprocess on the first 1,000 Reuters articles of
../shared (symlinked into tmp; NEWSREADER_SHARED overrides; skipped when
absent) with --no-extract and 16 queries. Asserts only the shape of the JSON,
never a time: timings belong to bench runs, not to CI.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench"
NUMERIC_KEYS = (
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

pytestmark = [pytest.mark.slow, pytest.mark.corpus]


def _reuters() -> Path:
    shared = Path(os.environ.get("NEWSREADER_SHARED") or REPO.parent / "shared")
    reuters = shared / "corpora" / "reuters21578"
    if not reuters.is_dir():
        pytest.skip(f"{reuters} is absent: the bench smoke test runs where ../shared exists")
    return reuters


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def test_run_reports_every_number(tmp_path: Path) -> None:
    reuters = _reuters()
    corpus = tmp_path / "reuters21578"
    corpus.mkdir()
    for path in sorted(reuters.glob("*.txt"))[:1000]:
        (corpus / path.name).symlink_to(path)
    done = subprocess.run(
        [
            sys.executable, str(BENCH / "run.py"), str(corpus),
            "--index", str(tmp_path / "index"), "--no-extract", "--json",
            "--queries", "16", "--repeat", "1", "--reader-searches", "3", "--reader-timeout", "15",
        ],
        capture_output=True, text=True, timeout=240, cwd=REPO,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout)
    assert result["articles"] == 1000
    for key in NUMERIC_KEYS:
        assert key in result, key
        if key == "cold_start_s" and result[key] is None:
            # The reader could not be measured here; the bench must say why.
            assert isinstance(result.get("reader_skipped"), str) and result["reader_skipped"]
            continue
        assert _is_number(result[key]), (key, result[key])
    assert result["queries"] == 16
    assert set(result["classes"]) >= {"single", "phrase", "field", "entity", "date"}
    # The corpus given to the bench is never modified: still 1,000 symlinks.
    assert all(path.is_symlink() for path in corpus.iterdir())


def test_scale_corpus_is_synthetic_and_distinct(tmp_path: Path) -> None:
    reuters = _reuters()
    source = tmp_path / "src" / "reuters21578"
    source.mkdir(parents=True)
    for path in sorted(reuters.glob("*.txt"))[:20]:
        (source / path.name).symlink_to(path)
    out = tmp_path / "scale"
    done = subprocess.run(
        [sys.executable, str(BENCH / "make_scale_corpus.py"), str(out), str(source), "--articles", "50"],
        capture_output=True, text=True, timeout=60, cwd=REPO,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    files = sorted(out.rglob("*.txt"))
    assert len(files) == 50
    assert len({f.relative_to(out) for f in files}) == 50
    assert "synthetic" in (out / "README.md").read_text().lower()
    assert sorted(p.name for p in out.iterdir()) == ["README.md", "copy0", "copy1", "copy2"]
