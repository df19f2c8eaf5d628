"""Where an index lives, who may write it, and opening it safely.

An index is a folder of Whoosh files plus `newsreader.json` (schema version and
the corpus roots). Writers hold an exclusive `flock` on `<folder>.lock`, which
the kernel releases when a writer dies, so a killed run never leaves a stale
lock. A rebuild writes a sibling folder and swaps it in with renames, so an
interrupted rebuild leaves the previous index in place.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from index.schema import SCHEMA_VERSION

META_NAME = "newsreader.json"


class IndexError_(Exception):
    """Base for index problems the user can act on; the message says how."""


class IndexMissing(IndexError_):
    pass


class IndexCorrupt(IndexError_):
    pass


class IndexBusy(IndexError_):
    pass


class SchemaMismatch(IndexError_):
    pass


def default_index_dir(roots: list[Path]) -> Path:
    """A per-corpus folder under the user's data dir, named for the corpus."""
    from platformdirs import user_data_dir

    resolved = sorted(str(Path(os.path.abspath(root))) for root in roots)
    digest = hashlib.sha1("\n".join(resolved).encode()).hexdigest()[:10]
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", Path(resolved[0]).name or "corpus")[:40]
    return Path(os.environ.get("NEWSREADER_DATA_DIR") or user_data_dir("newsreader")) / "indexes" / f"{name}-{digest}"


def read_meta(index_dir: Path) -> dict[str, object] | None:
    try:
        return json.loads((index_dir / META_NAME).read_text("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        raise IndexCorrupt(f"{index_dir / META_NAME}: unreadable ({error}); run `newsreader index --rebuild`") from None


def write_meta(index_dir: Path, meta: dict[str, object]) -> None:
    temp = index_dir / (META_NAME + ".tmp")
    temp.write_text(json.dumps(meta, indent=2), "utf-8")
    os.replace(temp, index_dir / META_NAME)


@contextmanager
def writer_lock(index_dir: Path, *, wait: bool = False) -> Iterator[None]:
    """Exclusive right to write `index_dir`; refuses at once unless `wait`."""
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    lock_path = index_dir.with_name(index_dir.name + ".lock")
    fd = os.open(lock_path, os.O_CREAT | os.O_RDWR, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "another process"
            raise IndexBusy(
                f"another `newsreader index` (pid {holder}) is writing {index_dir}; wait for it or use --wait"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        recover_swap(index_dir)
        yield
    finally:
        os.close(fd)  # closing releases the flock


def recover_swap(index_dir: Path) -> None:
    """Finishes or undoes a rebuild swap that a killed process left half done."""
    old = index_dir.with_name(index_dir.name + ".old")
    if old.exists():
        if index_dir.exists():
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(old, index_dir)


def swap_in(index_dir: Path, fresh: Path) -> None:
    """Replaces `index_dir` by the freshly built `fresh` with two renames."""
    old = index_dir.with_name(index_dir.name + ".old")
    if index_dir.exists():
        os.replace(index_dir, old)
    os.replace(fresh, index_dir)
    shutil.rmtree(old, ignore_errors=True)


def open_index(index_dir: Path, *, check: bool = True):  # -> whoosh.index.FileIndex
    """Opens an index for reading, turning every failure into a message to act on."""
    from whoosh import index as whoosh_index

    recover_swap_readonly = index_dir.with_name(index_dir.name + ".old")
    if not index_dir.exists() and recover_swap_readonly.exists():
        index_dir = recover_swap_readonly
    meta = read_meta(index_dir) if index_dir.exists() else None
    if meta is None:
        if index_dir.exists() and any(index_dir.glob("*.toc")):
            raise IndexCorrupt(f"{index_dir}: {META_NAME} is missing; run `newsreader index --rebuild`")
        raise IndexMissing(f"no index at {index_dir}; run `newsreader index PATH`")
    if meta.get("schema") != SCHEMA_VERSION:
        raise SchemaMismatch(
            f"{index_dir} was built by another version (schema {meta.get('schema')}, now {SCHEMA_VERSION})"
        )
    try:
        ix = whoosh_index.open_dir(str(index_dir))
        if check:
            verify(ix)
    except IndexError_:
        raise
    except Exception as error:  # Whoosh raises many kinds on damaged files
        raise IndexCorrupt(
            f"{index_dir}: damaged index ({type(error).__name__}: {error}); run `newsreader index --rebuild`"
        ) from None
    return ix


def verify(ix) -> None:
    """Cheap structural check: every segment's files exist, are not empty, and open."""
    storage = ix.storage
    for segment in ix._segments():
        expected = [".seg"] if segment.is_compound() else [".trm", ".pst", ".col"]
        for ext in expected:
            name = segment.make_filename(ext)
            if not storage.file_exists(name):
                raise IndexCorrupt(f"segment file {name} is missing; run `newsreader index --rebuild`")
            if storage.file_length(name) == 0:
                raise IndexCorrupt(f"segment file {name} is empty; run `newsreader index --rebuild`")
    with ix.reader() as reader:
        for docnum in reader.all_doc_ids():
            reader.stored_fields(docnum)
            break
