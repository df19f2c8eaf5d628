"""Format and offsets of the hand-annotated gold sets in tests/gold/.

The offsets are checked against the corpora in the shared folder
(`<repo>/../shared`, or NEWSREADER_SHARED); those checks skip when it is absent.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pytest

GOLD = Path(__file__).resolve().parent / "gold"
CORPORA = ("reuters21578", "bbc-news", "finescoop-2020-war-start")
LABELS = {"PERSON", "ORG", "PLACE"}
FIGURE_FILES = (
    "figures.jsonl", "figures_heldout.jsonl", "figures_blind.jsonl",
    *(f"figures_blind{n}.jsonl" for n in range(2, 28)),
)
# Second, independent annotations of some figure sets (tests/gold/second/).
SECOND_FILES = tuple(f"second/{p.name}" for p in sorted((GOLD / "second").glob("figures*.jsonl")))


def shared_dir() -> Path:
    env = os.environ.get("NEWSREADER_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[1].parent / "shared"


def read(name: str) -> list[dict]:
    with (GOLD / name).open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@pytest.fixture(scope="module")
def bodies() -> dict[tuple[str, str], str]:
    shared = shared_dir()
    if not (shared / "corpora").is_dir():
        pytest.skip(f"shared corpora not found at {shared}")
    wanted = {(r["corpus"], r["id"]) for name in ("entities.jsonl", *FIGURE_FILES, *SECOND_FILES) for r in read(name)}
    out: dict[tuple[str, str], str] = {}
    for corpus in CORPORA:
        path = shared / "corpora" / corpus / "corpus.jsonl"
        if not path.is_file():
            pytest.skip(f"{path} not found")
        with path.open(encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                if (corpus, rec["id"]) in wanted:
                    out[(corpus, rec["id"])] = rec["body"]
    return out


@pytest.mark.parametrize("name", ["entities.jsonl", "figures.jsonl"])
def test_coverage(name: str) -> None:
    rows = read(name)
    keys = [(r["corpus"], r["id"]) for r in rows]
    assert len(keys) == len(set(keys)), "an article appears twice"
    assert len(rows) >= 20
    per = {c: sum(1 for k in keys if k[0] == c) for c in CORPORA}
    assert all(n >= 1 for n in per.values()), per
    assert set(per) >= {k[0] for k in keys}, "unknown corpus"
    ids = {k[1] for k in keys if k[0] == "finescoop-2020-war-start"}
    assert {"000245", "002335"} <= ids


def test_entities_format() -> None:
    for row in read("entities.jsonl"):
        assert set(row) == {"corpus", "id", "entities"}
        spans = []
        for e in row["entities"]:
            assert set(e) == {"start", "end", "text", "label"}
            assert e["label"] in LABELS
            assert isinstance(e["start"], int) and isinstance(e["end"], int)
            assert 0 <= e["start"] < e["end"]
            assert e["text"] == e["text"].strip() and e["text"]
            assert not e["text"].lower().startswith("the ")
            assert not e["text"].endswith(("'s", "’s")) or e["text"] in {"Lord's"}
            spans.append((e["start"], e["end"]))
        spans.sort()
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), f"overlap in {row['id']}"


def test_figure_sets_are_disjoint() -> None:
    seen: set[tuple[str, str]] = set()
    for name in FIGURE_FILES:
        keys = {(r["corpus"], r["id"]) for r in read(name)}
        assert not keys & seen, f"{name} repeats an article of an earlier set"
        assert {k[0] for k in keys} == set(CORPORA), f"{name} lacks a corpus"
        seen |= keys


@pytest.mark.parametrize("name", FIGURE_FILES + SECOND_FILES)
def test_figures_format(name: str) -> None:
    for row in read(name):
        assert set(row) == {"corpus", "id", "figures"}
        spans = []
        for f in row["figures"]:
            assert set(f) == {"text", "value", "start", "end", "what", "head"}
            assert isinstance(f["value"], (int, float)) and math.isfinite(f["value"])
            assert 0 <= f["start"] < f["end"]
            assert f["what"].strip() and f["head"].strip() and " " not in f["head"]
            assert f["head"].lower() in f["what"].lower()
            spans.append((f["start"], f["end"]))
        assert spans == sorted(spans), f"figures out of order in {row['id']}"
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), f"overlap in {row['id']}"


@pytest.mark.parametrize("name,key", [("entities.jsonl", "entities")]
                         + [(n, "figures") for n in FIGURE_FILES + SECOND_FILES])
def test_offsets_match_bodies(bodies: dict, name: str, key: str) -> None:
    for row in read(name):
        body = bodies.get((row["corpus"], row["id"]))
        assert body is not None, f"{row['corpus']}/{row['id']} not in the corpus"
        for item in row[key]:
            assert body[item["start"]:item["end"]] == item["text"], (row["id"], item)


@pytest.mark.parametrize("name", SECOND_FILES)
def test_second_annotations_cover_the_same_articles(name: str) -> None:
    first = [(r["corpus"], r["id"]) for r in read(name.removeprefix("second/"))]
    assert [(r["corpus"], r["id"]) for r in read(name)] == first
