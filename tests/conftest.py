"""Shared fixtures: the `../shared` corpora (skipped where absent) and isolated user dirs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SEED_ID = "000_143f2a66cda43250"


def shared_path() -> Path:
    return Path(os.environ.get("NEWSREADER_SHARED") or REPO.parent / "shared")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    path = shared_path()
    if not (path / "corpora").is_dir():
        pytest.skip(f"{path} is absent: corpus tests run where ../shared exists (CI)")
    return path


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data and config dirs, so no test sees a user's index or settings."""
    base = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("NEWSREADER_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("NEWSREADER_CONFIG", str(base / "config.toml"))
    return base
