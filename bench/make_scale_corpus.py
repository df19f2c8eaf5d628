"""Builds a synthetic scale corpus by replicating real corpora with small variations.

    python bench/make_scale_corpus.py OUT --articles 100000 [CORPUS ...]

Default sources are the three folders of ../shared/corpora (reuters21578,
bbc-news, finescoop-2020-war-start; NEWSREADER_SHARED moves ../shared).
OUT gets `copy0/` (the originals, byte for byte) and `copy1/`, `copy2/`, ...
(each article with its body paragraphs after the first shuffled by a seeded
RNG and its date moved k*7 days later), until `--articles` files exist; the
last copy is a seeded sample. Every copy folder holds a `corpus.jsonl` sidecar
with each article's source and url, so `source:` queries work as on the
originals. Files are in the native `.txt` format; ids are distinct because
they carry the copy folder (`copy2/bbc-news/000123`).

The output is synthetic and only meant for measuring scale; OUT/README.md says
so. OUT must not be inside the repository. Deterministic for given arguments.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import inside_repo, shared_path  # noqa: E402

from index.indexer import read_sidecar  # noqa: E402

DEFAULT_CORPORA = ("reuters21578", "bbc-news", "finescoop-2020-war-start")
HEADER = re.compile(r"^(\s*date\s+)(\d{4}-\d{2}-\d{2})(\s+\d+\s*)$")
TIMESTAMP = re.compile(r"^\s*(?:[A-Za-z]+day\s+)?(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})\s*(?:-\s*(\d{1,2}):(\d{2}))?\s*$")
RELATED_MARK = "Related Stories"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("corpora", nargs="*", type=Path)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--force", action="store_true", help="replace OUT when it exists")
    args = parser.parse_args(argv)

    corpora = args.corpora or [shared_path() / "corpora" / name for name in DEFAULT_CORPORA]
    out: Path = args.out.resolve()
    if inside_repo(out):
        parser.error(f"{out} is inside the repository; write the scale corpus elsewhere (e.g. /tmp)")
    for corpus in corpora:
        if not corpus.is_dir():
            parser.error(f"{corpus} is not a folder")
    if out.exists():
        if not args.force and any(out.iterdir()):
            parser.error(f"{out} exists and is not empty (use --force)")
        shutil.rmtree(out)
    out.mkdir(parents=True)

    sources = [(corpus, sorted(p for p in corpus.glob("*.txt") if not p.name.lower().startswith("readme"))) for corpus in corpora]
    meta = {corpus: _sidecar(corpus / "corpus.jsonl") for corpus, _ in sources}
    originals = sum(len(files) for _, files in sources)
    if originals == 0:
        parser.error("no .txt articles found in the given corpora")
    written, copy = 0, 0
    rng = random.Random(args.seed)
    while written < args.articles:
        remaining = args.articles - written
        items = [(corpus, path) for corpus, files in sources for path in files]
        if remaining < len(items):
            items = sorted(rng.sample(items, remaining), key=lambda item: (str(item[0]), item[1].name))
        by_corpus: dict[Path, list[Path]] = {}
        for corpus, path in items:
            by_corpus.setdefault(corpus, []).append(path)
        for corpus, paths in by_corpus.items():
            folder = out / f"copy{copy}" / corpus.name
            folder.mkdir(parents=True, exist_ok=True)
            with (folder / "corpus.jsonl").open("w", encoding="utf-8") as sidecar:
                for path in paths:
                    data = path.read_bytes()
                    if copy:
                        data = vary(data, copy, f"{args.seed}:{copy}:{corpus.name}:{path.stem}")
                    (folder / path.name).write_bytes(data)
                    extra = meta[corpus].get(path.stem, {})
                    sidecar.write(json.dumps({"id": path.stem, **extra}, ensure_ascii=False) + "\n")
        written += len(items)
        print(f"copy{copy}: {len(items)} articles ({written}/{args.articles})", file=sys.stderr)
        copy += 1

    (out / "README.md").write_text(
        "# Synthetic scale corpus (for performance measurement only)\n\n"
        f"Made by `bench/make_scale_corpus.py` (seed {args.seed}) from: "
        + ", ".join(f"`{corpus}` ({len(files)} articles)" for corpus, files in sources)
        + f".\n\n{written} articles in {copy} copy folders. `copy0/` holds the originals unchanged; in\n"
        "`copyK/` (K >= 1) every article's body paragraphs after the first are shuffled\n"
        "and its date is moved K*7 days later. Titles, sources and the text of each\n"
        "paragraph are the originals'. This is NOT a real corpus: do not use it for\n"
        "quality or relevance measurements, and do not redistribute it (the original\n"
        "corpora's licences apply to its text).\n",
        encoding="utf-8",
    )
    print(f"{written} articles written to {out}")
    return 0


def vary(data: bytes, copy: int, seed: str) -> bytes:
    """The native article with its paragraphs after the first shuffled and its date shifted."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data
    lines = text.replace("\r\n", "\n").split("\n")
    shift = timedelta(days=7 * copy)
    head = 0
    match = HEADER.match(lines[0]) if lines else None
    if match:
        try:
            day = datetime.strptime(match.group(2), "%Y-%m-%d") + shift
            lines[0] = f"{match.group(1)}{day:%Y-%m-%d}{match.group(3)}"
        except ValueError:
            pass
        head = 1
    if len(lines) > head and TIMESTAMP.match(lines[head]):
        lines[head] = _shift_stamp(lines[head], shift)
        head += 1
    blocks = _blocks(lines[head:])
    if len(blocks) < 3:
        return "\n".join(lines).encode("utf-8")
    title, rest = blocks[0], blocks[1:]
    related_at = next((i for i, block in enumerate(rest) if block == [RELATED_MARK]), len(rest))
    body, tail = rest[:related_at], rest[related_at:]
    if len(body) > 2:
        moved = body[1:]
        random.Random(seed).shuffle(moved)
        body = body[:1] + moved
    parts = ["\n".join(lines[:head]), "", "\n\n".join("\n".join(block) for block in [title, *body])]
    if tail:
        # The Related Stories block is pairs of lines; keep it exactly as it was.
        parts += ["", "\n".join("\n".join(block) for block in tail)]
    return ("\n".join(parts) + "\n").encode("utf-8")


def _blocks(lines: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if line.strip():
            current.append(line)
            if line.strip() == RELATED_MARK:
                # The marker may be followed by its pairs without a blank line.
                current.pop()
                if current:
                    blocks.append(current)
                blocks.append([RELATED_MARK])
                current = []
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _shift_stamp(line: str, shift: timedelta) -> str:
    match = TIMESTAMP.match(line)
    assert match
    day, month, year, hour, minute = match.groups()
    try:
        when = datetime.strptime(f"{day} {month[:3]} {year} {hour or 0} {minute or 0}", "%d %b %Y %H %M") + shift
    except ValueError:
        return line
    return f"{when:%A} {when.day} {when:%B} {when:%Y} - {when:%H:%M}"


def _sidecar(path: Path) -> dict[str, dict[str, object]]:
    if not path.exists():
        return {}
    return {key: {k: v for k, v in meta.items() if v is not None} for key, meta in read_sidecar(path).items()}


if __name__ == "__main__":
    sys.exit(main())
