"""The command line as a user and other tools meet it: exit codes, output, the JSON contract."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from corpus_builder import small_corpus

SEARCH_KEYS = {"query", "total", "hits"}
HIT_KEYS = {"id", "title", "date", "source", "score", "snippet"}
SHOW_KEYS = {"id", "title", "date", "source", "url", "path", "body", "entities", "figures", "related", "similar"}


def newsreader(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui.main", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "COLUMNS": "120", **(env or {})},
    )


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("cli")
    corpus = small_corpus(base / "corpus")
    result = newsreader("index", str(corpus), "--index", str(base / "ix"), "--no-extract")
    assert result.returncode == 0, result.stderr
    return base / "ix"


def test_version() -> None:
    result = newsreader("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("newsreader 0.")


def test_index_prints_a_summary(tmp_path: Path) -> None:
    corpus = small_corpus(tmp_path / "corpus")
    (corpus / "broken.txt").write_bytes(b"%PDF-1.4 binary")
    result = newsreader("index", str(corpus), "--index", str(tmp_path / "ix"), "--no-extract")
    assert result.returncode == 0
    assert "added 5 · updated 0 · removed 0 · unchanged 0 · skipped 1" in result.stderr
    assert f"skipped: {corpus / 'broken.txt'}:1: binary content (PDF document)" in result.stderr
    again = newsreader("index", str(corpus), "--index", str(tmp_path / "ix"), "--no-extract")
    assert "added 0 · updated 0 · removed 0 · unchanged 5" in again.stderr


def test_index_exit_codes(tmp_path: Path) -> None:
    assert newsreader("index", str(tmp_path / "missing")).returncode == 2
    assert newsreader("index").returncode == 2
    junk = tmp_path / "junk"
    junk.mkdir()
    (junk / "a.txt").write_bytes(b"\x89PNG\r\n")
    result = newsreader("index", str(junk), "--index", str(tmp_path / "ix"), "--no-extract")
    assert result.returncode == 1
    assert "nothing could be indexed" in result.stderr


def test_search_json_contract(indexed: Path) -> None:
    result = newsreader("search", "talks", "--index", str(indexed), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == SEARCH_KEYS
    assert data["query"] == "talks" and data["total"] == 2
    assert all(set(hit) == HIT_KEYS for hit in data["hits"])
    first = data["hits"][0]
    assert first["date"] in ("2020-10-10T08:00:00", "2020-11-03T09:30:00")
    assert "talks" in first["snippet"].lower()


def test_search_limit_and_did_you_mean(indexed: Path) -> None:
    data = json.loads(newsreader("search", "", "--index", str(indexed), "--json", "--limit", "2").stdout)
    assert data["total"] == 5 and len(data["hits"]) == 2
    result = newsreader("search", "stepanakret", "--index", str(indexed))
    assert "did you mean: stepanakert" in result.stdout


def test_bad_query_is_one_line_not_a_traceback(indexed: Path) -> None:
    result = newsreader("search", "date:[garbage to x]", "--index", str(indexed))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("newsreader: cannot read query")


def test_show_json_contract(indexed: Path) -> None:
    result = newsreader("show", "war2", "--index", str(indexed), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == SHOW_KEYS
    assert data["date"] == "2020-10-10T08:00:00"
    assert data["related"] == [{"title": "Fighting erupts in Karabakh", "source": "Wire", "snippet": "Forces clashed", "id": "war1"}]
    assert all(set(item) == {"id", "title", "score"} for item in data["similar"])
    assert data["path"].endswith("war2.txt")


def test_show_unknown_id(indexed: Path) -> None:
    result = newsreader("show", "nope", "--index", str(indexed))
    assert result.returncode == 1
    assert "no article with id 'nope'" in result.stderr


def test_missing_index_is_a_clear_message(tmp_path: Path) -> None:
    result = newsreader("search", "x", "--index", str(tmp_path / "none"))
    assert result.returncode == 1
    assert "no index at" in result.stderr and "Traceback" not in result.stderr


def test_search_without_index_option_uses_the_last_indexed_corpus(tmp_path: Path) -> None:
    corpus = small_corpus(tmp_path / "corpus")
    env = {"NEWSREADER_DATA_DIR": str(tmp_path / "data")}
    assert newsreader("index", str(corpus), "--no-extract", env=env).returncode == 0
    data = json.loads(newsreader("search", "goal", "--json", env=env).stdout)
    assert [hit["id"] for hit in data["hits"]] == ["match"]
