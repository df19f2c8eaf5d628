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


class NotAnIndex(IndexError_):
    """The index folder holds files that are not the index's: never overwrite or delete them."""


# What an index folder may hold: Whoosh's files (MAIN_*, _MAIN_*.toc) and ours.
_INDEX_FILE = re.compile(r"^(?:_?MAIN[_.].*|newsreader\.json(?:\.tmp)?)$")  # MAIN.tmp: a killed writer's


def _one_line(text: object, limit: int = 300) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def check_index_folder(index_dir: Path) -> None:
    """Raises `NotAnIndex` when `index_dir` exists and holds anything but an index's files."""
    try:
        strangers = sorted(entry.name for entry in os.scandir(index_dir) if not _INDEX_FILE.match(entry.name))
    except FileNotFoundError:
        return
    except NotADirectoryError:
        raise NotAnIndex(f"{index_dir} is a file, not an index folder; choose another --index") from None
    if strangers:
        raise NotAnIndex(
            f"{index_dir} holds files that are not an index ({', '.join(strangers[:3])}"
            f"{', …' if len(strangers) > 3 else ''}); choose an empty or new folder for --index"
        )


def clear_for_index(folder: Path) -> None:
    """Empties a folder that holds only index leftovers, to create a fresh index in it."""
    check_index_folder(folder)
    for entry in folder.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()


def default_index_dir(roots: list[Path]) -> Path:
    """A per-corpus folder under the user's data dir, named for the corpus."""
    from platformdirs import user_data_dir

    resolved = sorted(str(Path(os.path.abspath(root))) for root in roots)
    digest = hashlib.sha1("\n".join(resolved).encode()).hexdigest()[:10]
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", Path(resolved[0]).name or "corpus")[:40]
    return Path(os.environ.get("NEWSREADER_DATA_DIR") or user_data_dir("newsreader")) / "indexes" / f"{name}-{digest}"


def read_meta(index_dir: Path) -> dict[str, object] | None:
    try:
        meta = json.loads((index_dir / META_NAME).read_text("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        raise IndexCorrupt(
            f"{index_dir / META_NAME}: unreadable ({_one_line(error)}); run `newsreader index --rebuild`"
        ) from None
    if not isinstance(meta, dict):
        raise IndexCorrupt(f"{index_dir / META_NAME}: not an index description; run `newsreader index --rebuild`")
    return meta


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
        check_index_folder(index_dir)
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
    """Opens an index for reading, turning every failure into a message to act on.

    A writer may commit (and delete the segments it merged) while we open; a
    failure is only reported as damage when it happens again on the latest
    table of contents.
    """
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
    for attempt in range(3):
        generation = _latest_toc(index_dir)
        try:
            ix = whoosh_index.open_dir(str(index_dir))
            if check:
                _hand_over(ix, verify(ix))
            return ix
        except Exception as error:  # Whoosh raises many kinds on damaged files
            if attempt < 2 and _latest_toc(index_dir) != generation:
                continue  # a writer committed meanwhile: try the new generation
            if isinstance(error, IndexError_):
                raise IndexCorrupt(f"{index_dir}: {error}") from None
            raise IndexCorrupt(
                f"{index_dir}: damaged index ({type(error).__name__}: {_one_line(error, 160)}); "
                "run `newsreader index --rebuild`"
            ) from None
    raise AssertionError("unreachable")


def _latest_toc(index_dir: Path) -> str | None:
    tocs = [entry.name for entry in os.scandir(index_dir) if entry.name.endswith(".toc")]
    return max(tocs, key=lambda name: (len(name), name)) if tocs else None


def doc_count(index_dir: Path) -> int:
    """Articles in the index at `index_dir` (0 when it cannot be opened)."""
    try:
        ix = open_index(index_dir, check=False)
        return ix.doc_count()
    except Exception:
        return 0


def verify(ix):
    """Cheap structural check; returns the reader it opened (open, for reuse).

    Every segment's files exist and are not empty; a compound segment's
    directory (written at its end, so any truncation breaks it) reads and
    every part lies inside the file; each segment's first term, its postings
    and its first stored document read back. Opening the reader is most of the
    cost, and `open_index` hands that reader to the first searcher, so checking
    adds about a millisecond to opening.
    """
    from whoosh.filedb.compound import CompoundStorage

    storage = ix.storage
    names = list(storage.list())
    for segment in ix._segments():
        if segment.is_compound():
            expected = [segment.make_filename(segment.COMPOUND_EXT)]
        else:
            prefix = segment.segment_id() + "."
            expected = sorted({segment.make_filename(ext) for ext in (".trm", ".pst")} | {n for n in names if n.startswith(prefix)})
        for name in expected:
            if not storage.file_exists(name):
                raise IndexCorrupt(f"segment file {name} is missing; run `newsreader index --rebuild`")
            if storage.file_length(name) == 0:
                raise IndexCorrupt(f"segment file {name} is empty; run `newsreader index --rebuild`")
            if segment.is_compound():
                compound = CompoundStorage(storage.open_file(name), use_mmap=False)
                try:
                    end = compound._diroffset
                    for part, info in compound._dir.items():
                        if info["offset"] + info["length"] > end:
                            raise IndexCorrupt(f"segment file {name} is cut short ({part}); run `newsreader index --rebuild`")
                finally:
                    compound.close()
    reader = ix.reader()
    try:
        for subreader, _ in reader.leaf_readers():
            if subreader.doc_count_all() == 0:
                continue
            for fieldname, text in subreader.all_terms():
                for _ in subreader.postings(fieldname, text).all_ids():
                    break
                break
            last = _last_term(subreader)
            if last is not None:  # postings are written in term order: the last term's end the file
                info = subreader._terms.term_info(*last)
                if not getattr(info, "_inlined", True):
                    length = info._length[0] if isinstance(info._length, tuple) else info._length  # Whoosh keeps a 1-tuple
                    end = info._offset + length
                    if len(subreader._terms._postfile.get(end - 1, 1)) != 1:
                        raise IndexCorrupt("postings are cut short; run `newsreader index --rebuild`")
            for docnum in subreader.all_doc_ids():
                subreader.stored_fields(docnum)
                break
            # Per-document columns (what incremental runs and date order read): their last value.
            final = subreader.doc_count_all() - 1
            for fieldname in subreader.schema.names():
                if subreader.has_column(fieldname):
                    subreader.column_reader(fieldname)[final]
    except BaseException:
        reader.close()
        raise
    return reader


def _last_term(subreader) -> tuple[str, bytes] | None:
    """The segment's last (field, term), read from the end of its sorted term index; None if unknown."""
    terms = getattr(subreader, "_terms", None)
    table = getattr(terms, "_tindex", None)
    if table is None or not getattr(table, "indexlen", 0):
        return None
    position = table._get_pos(table.indexbase + (table.indexlen - 1) * table.indexsize)
    return terms._keydecoder(table.key_at(position))


def _hand_over(ix, reader) -> None:
    """Makes `ix.reader()` (and so `ix.searcher()`) return the verified `reader` once."""

    def reader_once(**kwargs):
        del ix.reader  # back to the class's method
        if kwargs or getattr(reader, "is_closed", False):
            reader.close()
            return ix.reader(**kwargs)
        return reader

    ix.reader = reader_once
