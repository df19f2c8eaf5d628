"""Helpers shared by the bench scripts: paths, staging a corpus, statistics, tables.

Nothing here writes into the repository or into ../shared: corpora are staged
as per-file symlinks beside the index (``<index>.corpus/``), so a bench can
replace one symlink by a modified copy without touching the original.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

BENCH_TMP = Path(os.environ.get("NEWSREADER_BENCH_TMP") or Path(tempfile.gettempdir()) / "newsreader-bench")


def shared_path() -> Path:
    return Path(os.environ.get("NEWSREADER_SHARED") or REPO.parent / "shared")


def inside_repo(path: Path) -> bool:
    try:
        Path(os.path.abspath(path)).relative_to(REPO)
    except ValueError:
        return False
    return True


def stage_dir_for(index_dir: Path) -> Path:
    return Path(str(index_dir) + ".corpus")


def stage_corpus(roots: list[Path], stage: Path) -> list[Path]:
    """Mirrors each root under `stage/<root name>` as per-file symlinks; returns the staged roots.

    Idempotent: an existing stage keeps its symlinks (same paths, same targets), so an
    index built on it stays up to date across bench runs. A file that a previous run
    replaced by a modified copy is put back as a symlink.
    """
    staged: list[Path] = []
    names = [Path(os.path.abspath(root)).name for root in roots]
    if len(set(names)) != len(names):
        raise SystemExit(f"corpus folders must have distinct names, got {names}")
    for root in roots:
        root = Path(os.path.abspath(root))
        target = stage / root.name
        if root.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            _link(root, target)
            staged.append(target)
            continue
        for folder, dirnames, filenames in os.walk(root, followlinks=True):
            rel = Path(folder).relative_to(root)
            out = target / rel
            out.mkdir(parents=True, exist_ok=True)
            dirnames.sort()
            for name in filenames:
                _link(Path(folder) / name, out / name)
        staged.append(target)
    return staged


def _link(source: Path, link: Path) -> None:
    if link.is_symlink():
        if os.readlink(link) == str(source):
            return
        link.unlink()
    elif link.exists():
        link.unlink()  # a modified copy left by a one-file-changed run
    os.symlink(source, link)


def percentile(values: list[float], q: float) -> float | None:
    """Linear-interpolated percentile (q in 0..100); None for no values."""
    if not values:
        return None
    data = sorted(values)
    if len(data) == 1:
        return data[0]
    pos = (len(data) - 1) * q / 100.0
    lo, hi = math.floor(pos), math.ceil(pos)
    return data[lo] + (data[hi] - data[lo]) * (pos - lo)


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def rnd(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def vm_status(pid: int | str = "self") -> dict[str, float]:
    """VmRSS and VmHWM of a process, in MB."""
    out: dict[str, float] = {}
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                key, _, value = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    out[key] = int(value.split()[0]) / 1024.0
    except OSError:
        pass
    return out


def table(rows: list[list[object]], headers: list[str]) -> str:
    cells = [[_cell(value) for value in row] for row in [headers, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for n, row in enumerate(cells):
        lines.append("  ".join(value.ljust(widths[i]) if i == 0 else value.rjust(widths[i]) for i, value in enumerate(row)))
        if n == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def _cell(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        if abs(value) >= 1000:
            return f"{value:,.0f}"
        if abs(value) >= 100:
            return f"{value:.0f}"
        if abs(value) >= 10:
            return f"{value:.1f}"
        return f"{value:.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def dump_json(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, default=str), "utf-8")
    os.replace(tmp, path)


def remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
