"""Extraction end to end on real articles of every shared corpus, through the CLI's JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.corpus, pytest.mark.slow]

SAMPLE = {
    "reuters21578": ["000001", "000002", "003603", "016118"],
    "bbc-news": ["000001", "000186", "000406", "001825"],
    "finescoop-2020-war-start": ["000245", "000992", "001871", "002335"],
}


@pytest.fixture(scope="module")
def index_dir(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("extract")
    roots = []
    for corpus, ids in SAMPLE.items():
        folder = base / corpus
        folder.mkdir()
        for article_id in ids:
            (folder / f"{article_id}.txt").symlink_to(shared_dir / "corpora" / corpus / f"{article_id}.txt")
        roots.append(str(folder))
    result = subprocess.run(
        [sys.executable, "-m", "tui.main", "index", *roots, "--index", str(base / "ix")],
        capture_output=True, text=True, timeout=600, env=os.environ.copy(),
    )
    assert result.returncode == 0, result.stderr
    return base / "ix"


def show(index_dir: Path, article_id: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "tui.main", "show", article_id, "--index", str(index_dir), "--json"],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(("corpus", "article_id"), [(c, i) for c, ids in SAMPLE.items() for i in ids])
def test_show_json_has_entities_figures_and_similar(index_dir: Path, corpus: str, article_id: str) -> None:
    data = show(index_dir, f"{corpus}/{article_id}")  # several roots: ids carry the folder name
    body = data["body"]
    assert data["entities"], "no entities"
    for entity in data["entities"]:
        text = data["title"] if entity["in_title"] else body
        assert text[entity["start"] : entity["end"]] == entity["text"]
        assert "\n" not in entity["text"]
    for figure in data["figures"]:
        assert body[figure["start"] : figure["end"]] == figure["text"]
        assert figure["what"] and isinstance(figure["value"], float)
        assert figure["text"] in figure["sentence"]
    assert len(data["similar"]) >= 1
    assert all(item["id"] != data["id"] for item in data["similar"])


def test_the_war_story_carries_its_people_places_and_casualties(index_dir: Path) -> None:
    data = show(index_dir, "finescoop-2020-war-start/000245")  # Sixteen killed as fighting erupts ...
    places = {e["text"] for e in data["entities"] if e["label"] in ("GPE", "LOC", "FAC")}
    assert {"Armenia", "Azerbaijan"} <= places
    assert not {e["text"] for e in data["entities"] if e["label"] == "PERSON"} & {"Armenia", "Azerbaijan", "Karabakh", "Baku", "Yerevan"}
    figures = {(f["value"], f["what"]) for f in data["figures"]}
    assert any(value == 16 for value, _ in figures), figures
    assert any(value == 100 and "wounded" in what for value, what in figures), figures
