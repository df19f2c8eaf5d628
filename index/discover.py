"""Finding the article files under the paths a user names.

Rules (see docs/corpus-layout.md): `.txt`, `.md` and `.markdown` files are
articles; `.jsonl` files hold one article per line. In a folder that holds
text articles, a `corpus.jsonl` beside them is read as metadata (source, url)
for those articles rather than indexed a second time. Hidden files and
README/LICENSE/CHANGELOG files are not articles.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from index.models import Note

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
NOT_ARTICLES = ("readme", "license", "licence", "changelog", "copying", "notice")
SIDECAR_NAME = "corpus.jsonl"


@dataclass(frozen=True)
class SourceFile:
    path: Path  # absolute, as found (symlinks not resolved, so ids stay stable)
    id_base: str  # article id for text files; prefix for JSON Lines records
    kind: str  # "text" or "jsonl"
    size: int
    mtime_ns: int
    sidecar: Path | None = None  # corpus.jsonl with metadata for this text file

    @property
    def state(self) -> str:
        """Cheap fingerprint: a file whose size and mtime match was not touched."""
        return f"{self.size}:{self.mtime_ns}"


@dataclass
class Discovery:
    files: list[SourceFile] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


def discover(roots: list[Path]) -> Discovery:
    found = Discovery()
    prefix_roots = len(roots) > 1
    for root in roots:
        root = Path(os.path.abspath(root))
        prefix = f"{root.stem}/" if prefix_roots else ""
        try:
            is_dir = root.is_dir()
        except OSError as error:
            found.notes.append(Note(path=str(root), line=None, message=f"cannot open: {error.strerror}"))
            continue
        if is_dir:
            _walk(root, prefix, found)
        elif root.exists():
            kind = "jsonl" if root.suffix.lower() in JSONL_SUFFIXES else "text"
            _add(found, root, prefix + root.stem, kind, None)
        else:
            found.notes.append(Note(path=str(root), line=None, message="no such file or folder"))
    return found


def _walk(root: Path, prefix: str, found: Discovery) -> None:
    seen_dirs: set[tuple[int, int]] = set()

    def on_error(error: OSError) -> None:
        found.notes.append(Note(path=str(error.filename), line=None, message=f"cannot list folder: {error.strerror}"))

    for folder, dirnames, filenames in os.walk(root, followlinks=True, onerror=on_error):
        here = Path(folder)
        try:
            stat = here.stat()
        except OSError as error:
            found.notes.append(Note(path=folder, line=None, message=f"cannot open folder: {error.strerror}"))
            dirnames[:] = []
            continue
        key = (stat.st_dev, stat.st_ino)
        if key in seen_dirs:
            found.notes.append(Note(path=folder, line=None, message="folder reached twice (symlink loop); skipped"))
            dirnames[:] = []
            continue
        seen_dirs.add(key)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        names = sorted(n for n in filenames if not n.startswith(".") and not n.lower().startswith(NOT_ARTICLES))
        texts = [n for n in names if Path(n).suffix.lower() in TEXT_SUFFIXES]
        jsonls = [n for n in names if Path(n).suffix.lower() in JSONL_SUFFIXES]
        sidecar = here / SIDECAR_NAME if texts and SIDECAR_NAME in jsonls else None
        rel_folder = here.relative_to(root).as_posix()
        stem_prefix = prefix + ("" if rel_folder == "." else rel_folder + "/")
        for name in texts:
            _add(found, here / name, stem_prefix + Path(name).stem, "text", sidecar)
        for name in jsonls:
            if texts:
                # A folder of text articles: its JSON Lines are metadata or copies. Say so
                # for any but the usual corpus.jsonl, so no file is passed over silently.
                if name != SIDECAR_NAME:
                    found.notes.append(
                        Note(path=str(here / name), line=None, message="JSON Lines beside text articles: taken as a copy, not indexed (name the file to index it)")
                    )
                continue
            _add(found, here / name, stem_prefix + Path(name).stem + ":" if len(jsonls) > 1 else stem_prefix, "jsonl", None)


def _add(found: Discovery, path: Path, id_base: str, kind: str, sidecar: Path | None) -> None:
    try:
        stat = path.stat()
    except OSError as error:
        reason = "symlink loop" if error.errno == 40 else (error.strerror or str(error))
        found.notes.append(Note(path=str(path), line=None, message=f"cannot open: {reason}"))
        return
    if not path.is_file():
        found.notes.append(Note(path=str(path), line=None, message="not a regular file"))
        return
    found.files.append(SourceFile(path, id_base, kind, stat.st_size, stat.st_mtime_ns, sidecar))
