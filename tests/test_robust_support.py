"""Helpers for the robustness tests (tests/test_robust_*.py); holds no tests itself.

`record` appends one JSON line per measured fact to the file named by
NEWSREADER_ROBUSTNESS_LOG, which `bench/robustness_report.py` sums up.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def record(kind: str, **facts: object) -> None:
    """Notes a fact for the robustness report (a no-op unless the report asked for it)."""
    path = os.environ.get("NEWSREADER_ROBUSTNESS_LOG")
    if path:
        with open(path, "a", encoding="utf-8") as log:
            log.write(json.dumps({"kind": kind, **facts}) + "\n")


def cli_env(**extra: str) -> dict[str, str]:
    # Wide columns so Rich never folds a table cell; PYTHONPATH so the checkout, not an install, runs.
    env = {**os.environ, "COLUMNS": "200", "PYTHONPATH": str(REPO), **extra}
    env.pop("FORCE_COLOR", None)
    return env


def newsreader(*args: str, timeout: float = 120, **env: str) -> subprocess.CompletedProcess[str]:
    """Runs the real command line (`python -m tui.main ...`), capturing its output."""
    return subprocess.run(
        [sys.executable, "-m", "tui.main", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
        env=cli_env(**env),
    )


def spawn(*args: str, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tui.main", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env=cli_env(**env),
    )


def native(
    title: str,
    paragraphs: list[str],
    date: datetime | None = datetime(2020, 10, 21, 13, 38),
    related: list[tuple[str, str]] | None = None,
    newline: str = "\n",
) -> str:
    """An article in the native format, written by hand (not by `to_native`)."""
    lines: list[str] = []
    if date is not None:
        lines.append(f" date {date:%Y-%m-%d} 0")
        lines.append(f"{date:%A} {date.day} {date:%B %Y - %H:%M}")
    lines += ["", title, ""]
    lines.append("\n\n".join(paragraphs))
    if related:
        lines += ["", "Related Stories"]
        for story_title, source_line in related:
            lines += [story_title, source_line]
    return newline.join(lines) + newline


def good_articles(folder: Path, count: int, prefix: str = "good") -> dict[str, str]:
    """`count` ordinary articles in `folder`; returns {id: a word only that article holds}."""
    folder.mkdir(parents=True, exist_ok=True)
    marks: dict[str, str] = {}
    for number in range(count):
        mark = f"zq{prefix}{number}x"
        (folder / f"{prefix}{number}.txt").write_text(
            native(
                f"Ordinary report number {number}",
                [f"Ministers met on Tuesday to discuss item {mark}.", "Talks will resume next week, officials said."],
            ),
            encoding="utf-8",
        )
        marks[f"{prefix}{number}"] = mark
    return marks
