"""Incremental indexing: find what changed, parse it, extract, write in batches.

Each batch is one Whoosh commit, so a killed run keeps every batch committed
before it died and the next run picks up exactly what is missing (the index
stores each source file's fingerprint). A rebuild writes a fresh folder and
swaps it in only when complete.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from index import store
from index.discover import Discovery, SourceFile, discover
from index.formats import Unreadable, decode, parse_jsonl, parse_text
from index.models import Article, Extraction, Note
from index.schema import SCHEMA_VERSION, document, make_schema

MAX_FILE_BYTES = 64 * 1024 * 1024


@dataclass
class Progress:
    files_done: int
    files_total: int
    articles: int
    words: int
    elapsed: float
    stage: str = "indexing"


@dataclass
class IndexReport:
    index_dir: Path
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    words: int = 0
    seconds: float = 0.0
    files_seen: int = 0
    skipped: list[Note] = field(default_factory=list)  # files or records not indexed
    notes: list[Note] = field(default_factory=list)  # indexed, but read with a caveat
    rebuilt: str | None = None  # why the index was rebuilt
    interrupted: bool = False
    total_articles: int = 0

    @property
    def indexed(self) -> int:
        return self.added + self.updated

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


@dataclass
class _Known:
    state: str
    ids: list[str]


@dataclass
class _Pending:
    """Where an article that is on its way through extraction came from."""

    file: SourceFile
    state: str
    bodyhash: str
    replaces: bool  # the file was indexed before: its old documents go first
    last: bool = True  # the file's last article: a batch may end after it


class Indexer:
    def __init__(
        self,
        roots: list[Path],
        index_dir: Path | None = None,
        *,
        rebuild: bool = False,
        extract: bool = True,
        model: str | None = None,
        workers: int = 2,
        batch_docs: int = 2000,
        batch_seconds: float = 30.0,
        wait: bool = False,
        on_progress: Callable[[Progress], None] | None = None,
        on_message: Callable[[str], None] | None = None,
    ) -> None:
        self.roots = [Path(root) for root in roots]
        self.index_dir = Path(index_dir) if index_dir else store.default_index_dir(self.roots)
        self.rebuild = rebuild
        self.extract = extract
        self.model = model
        self.workers = workers
        self.batch_docs = batch_docs
        self.batch_seconds = batch_seconds
        self.wait = wait
        self.on_progress = on_progress or (lambda progress: None)
        self.on_message = on_message or (lambda message: None)

    def run(self) -> IndexReport:
        report = IndexReport(self.index_dir)
        started = time.perf_counter()
        with store.writer_lock(self.index_dir, wait=self.wait):
            target = self._prepare(report)
            try:
                self._update(target, report, started)
            except KeyboardInterrupt:
                report.interrupted = True
                # What the committed batches hold (a rebuild is dropped: the old index stays).
                report.total_articles = store.doc_count(target if report.rebuilt is None else self.index_dir)
            finally:
                report.seconds = time.perf_counter() - started
            if report.rebuilt is not None and not report.interrupted:
                store.swap_in(self.index_dir, target)
            elif report.rebuilt is not None:
                shutil.rmtree(target, ignore_errors=True)
        return report

    def _prepare(self, report: IndexReport) -> Path:
        """The folder to write into: the index itself, or a fresh one for a rebuild."""
        reason = "--rebuild" if self.rebuild else None
        if reason is None:
            try:
                store.open_index(self.index_dir)
            except store.IndexMissing:
                self._create(self.index_dir)
                return self.index_dir
            except (store.SchemaMismatch, store.IndexCorrupt) as error:
                reason = str(error).removesuffix("; run `newsreader index --rebuild`")  # damaged: rebuilt from the sources
        if reason is None:
            return self.index_dir
        if not self.index_dir.exists():
            self._create(self.index_dir)
            return self.index_dir
        report.rebuilt = reason
        self.on_message(f"rebuilding the index ({reason})")
        fresh = self.index_dir.with_name(self.index_dir.name + ".rebuild")
        shutil.rmtree(fresh, ignore_errors=True)
        self._create(fresh)
        return fresh

    def _create(self, folder: Path) -> None:
        from whoosh import index as whoosh_index

        if folder.exists() and not any(folder.glob("*.toc")):
            store.clear_for_index(folder)  # refuses a folder holding anything but index leftovers
        folder.mkdir(parents=True, exist_ok=True)
        whoosh_index.create_in(str(folder), make_schema())
        store.write_meta(
            folder,
            {
                "schema": SCHEMA_VERSION,
                "roots": [str(root.resolve()) for root in self.roots],
                "created": datetime.now().isoformat(timespec="seconds"),
            },
        )

    def _update(self, folder: Path, report: IndexReport, started: float) -> None:
        from whoosh import index as whoosh_index

        ix = whoosh_index.open_dir(str(folder))
        known, hashes = _manifest(ix)
        found: Discovery = discover(self.roots)
        report.skipped.extend(found.notes)
        report.files_seen = len(found.files)
        present = {str(file.path) for file in found.files}
        removed = [src for src in known if src not in present]
        todo: list[tuple[SourceFile, _Known | None]] = []
        for file in found.files:
            before = known.get(str(file.path))
            if before is not None and _same_file(before.state, file):
                report.unchanged += len(before.ids)
            else:
                todo.append((file, before))
        report.removed = sum(len(known[src].ids) for src in removed)
        if not todo and not removed:
            report.total_articles = report.unchanged
            return

        # Ids and contents of the articles that stay as they are; the rest are free to be taken again.
        redone = {str(file.path) for file, _ in todo}
        kept = {src for src in known if src in present and src not in redone}
        taken_ids = {i for src in kept for i in known[src].ids}
        ids_by_hash = {digest: i for digest, (i, src) in hashes.items() if src in kept}
        pending: dict[str, _Pending] = {}
        progress = Progress(0, len(todo), 0, 0, 0.0)
        articles = self._articles(todo, pending, taken_ids, ids_by_hash, report, progress)
        writer = _writer(ix)
        for src in removed:
            writer.delete_by_term("src", src)
        batch, batch_started, cleared = len(removed), time.perf_counter(), set()
        try:
            for article, extraction in self._extracted(articles):
                origin = pending.pop(article.id)
                src = str(origin.file.path)
                if origin.replaces and src not in cleared:
                    writer.delete_by_term("src", src)
                    cleared.add(src)
                writer.add_document(**document(article, extraction, src=src, state=origin.state, bodyhash=origin.bodyhash))
                if origin.replaces:
                    report.updated += 1
                else:
                    report.added += 1
                report.words += article.words
                progress.articles += 1
                progress.words += article.words
                progress.elapsed = time.perf_counter() - started
                self.on_progress(progress)
                batch += 1
                # Commit only between files: a file half in the index would look indexed
                # (its fingerprint is stored) and its other articles never be added.
                # Extraction keeps input order, so a file's articles arrive together.
                if not origin.last:
                    continue
                if batch >= self.batch_docs or time.perf_counter() - batch_started > self.batch_seconds:
                    writer.commit(merge=False)
                    writer = _writer(ix)
                    batch, batch_started = 0, time.perf_counter()
            progress.stage = "merging"
            self.on_progress(progress)
            # Few segments keep searches fast; merging after a bulk build pays once.
            writer.commit(optimize=len(ix._segments()) > 8)
        except BaseException:
            try:
                writer.cancel()
            except Exception:
                pass  # interrupted mid-commit, or just after: the writer is already closed
            raise
        finally:
            articles.close()
        with ix.reader() as reader:
            report.total_articles = reader.doc_count()

    def _extracted(self, articles: Iterator[Article]) -> Iterator[tuple[Article, Extraction]]:
        if not self.extract:
            return ((article, Extraction()) for article in articles)
        from index.extract import extract_articles

        return extract_articles(articles, model=self.model, workers=self.workers)

    def _articles(
        self,
        todo: list[tuple[SourceFile, _Known | None]],
        pending: dict[str, _Pending],
        taken_ids: set[str],
        ids_by_hash: dict[str, str],
        report: IndexReport,
        progress: Progress,
    ) -> Iterator[Article]:
        """Parses the files to (re)index, skipping duplicates; records where each article came from."""
        sidecars: dict[Path, dict[str, dict[str, object]]] = {}
        for file, before in todo:
            progress.files_done += 1
            try:
                data = _read(file)
            except Unreadable as error:
                report.skipped.append(Note(path=str(file.path), line=error.line, message=error.reason))
                continue
            digest = hashlib.blake2b(data, digest_size=12).hexdigest()
            state = f"{file.state}:{digest}"
            if before is not None and before.state.rsplit(":", 1)[-1] == digest:
                report.unchanged += len(before.ids)  # touched, not changed
                continue
            try:
                parsed = list(_parse(file, data))
            except Unreadable as error:
                kept = " (the previously indexed version is kept)" if before else ""
                report.skipped.append(Note(path=str(file.path), line=error.line, message=error.reason + kept))
                continue
            file_articles = [item for item in parsed if isinstance(item, Article)]
            report.skipped.extend(item for item in parsed if isinstance(item, Note))
            if before is not None and not file_articles:
                continue
            if file.sidecar is not None and file_articles:
                meta = sidecars.get(file.sidecar)
                if meta is None:
                    meta = sidecars[file.sidecar] = read_sidecar(file.sidecar)
                extra = meta.get(file.path.stem)
                if extra:
                    for article in file_articles:
                        article.source = article.source or extra.get("source")  # type: ignore[assignment]
                        article.url = article.url or extra.get("url")  # type: ignore[assignment]
            survivors: list[tuple[Article, str]] = []
            for article in file_articles:
                bodyhash = hashlib.blake2b(
                    (article.title + "\n" + article.body).encode("utf-8", "surrogatepass"), digest_size=12
                ).hexdigest()
                where = f"{article.path}"
                if article.id in taken_ids or article.id in pending:
                    report.skipped.append(Note(path=where, line=None, message=f"duplicate id {article.id!r}; skipped"))
                    continue
                twin = ids_by_hash.setdefault(bodyhash, article.id)
                if twin != article.id:
                    # Kept, so every id stays showable; similar-articles leaves twins out.
                    article.notes.append(Note(path=where, line=None, message=f"same text as article {twin!r}"))
                taken_ids.add(article.id)
                report.notes.extend(article.notes)
                survivors.append((article, bodyhash))
            for number, (article, bodyhash) in enumerate(survivors, start=1):
                pending[article.id] = _Pending(file, state, bodyhash, before is not None, last=number == len(survivors))
                yield article


def _writer(ix):
    # Separate segment files, not one compound file: Whoosh reads a compound
    # segment into memory on open (90 MB at 23k articles), separate files are
    # read on demand, so the reader opens faster and stays small.
    return ix.writer(limitmb=256, compound=False)


def _same_file(state: str, file: SourceFile) -> bool:
    return state.rsplit(":", 1)[0] == file.state


def _read(file: SourceFile) -> bytes:
    if file.size > MAX_FILE_BYTES:
        raise Unreadable(f"too large ({file.size // (1024 * 1024)} MB > {MAX_FILE_BYTES // (1024 * 1024)} MB)")
    try:
        data = file.path.read_bytes()
    except FileNotFoundError:
        raise Unreadable("vanished before it could be read") from None
    except PermissionError:
        raise Unreadable("permission denied") from None
    except IsADirectoryError:
        raise Unreadable("is a folder") from None
    except OSError as error:
        raise Unreadable(f"cannot read: {error.strerror or error}") from None
    if not data.strip():
        raise Unreadable("empty file", 1)
    return data


def _parse(file: SourceFile, data: bytes) -> Iterator[Article | Note]:
    decoded = decode(data)
    path = str(file.path)
    decode_notes = [Note(path=path, line=None, message=message) for message in decoded.notes]
    if file.kind == "jsonl":
        for item in parse_jsonl(decoded.text, path=path, id_prefix=file.id_base):
            if isinstance(item, Article):
                item.notes[:0] = decode_notes
            yield item
        return
    article = parse_text(decoded.text, article_id=file.id_base, path=path)
    article.notes[:0] = decode_notes
    yield article


def read_sidecar(path: Path) -> dict[str, dict[str, object]]:
    """`source` and `url` by article id from a `corpus.jsonl` beside text articles."""
    meta: dict[str, dict[str, object]] = {}
    try:
        with path.open(encoding="utf-8", errors="replace") as lines:
            for line in lines:
                try:
                    record = json.loads(line)
                except ValueError:
                    continue
                if isinstance(record, dict) and record.get("id") is not None:
                    meta[str(record["id"])] = {k: record.get(k) for k in ("source", "url")}
    except OSError:
        pass
    return meta


def _manifest(ix) -> tuple[dict[str, _Known], dict[str, tuple[str, str]]]:
    """Per source file: its fingerprint and article ids; and (id, source file) by content hash."""
    known: dict[str, _Known] = {}
    by_hash: dict[str, tuple[str, str]] = {}
    with ix.reader() as reader:
        if reader.doc_count() == 0:
            return known, by_hash
        ids = reader.column_reader("id")
        srcs = reader.column_reader("src")
        states = reader.column_reader("state")
        hashes = reader.column_reader("bodyhash")
        for docnum in reader.all_doc_ids():
            src = _text(srcs[docnum])
            entry = known.get(src)
            article_id = _text(ids[docnum])
            if entry is None:
                known[src] = _Known(_text(states[docnum]), [article_id])
            else:
                entry.ids.append(article_id)
            by_hash[_text(hashes[docnum])] = (article_id, src)
    return known, by_hash


def _text(value: object) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)
