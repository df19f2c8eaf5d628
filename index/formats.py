"""Reading article files: the native seed format, JSON Lines and plain text.

Every reader takes bytes (already read) and a display path, and returns
articles plus `Note`s. A file that cannot be read at all raises `Unreadable`
with the line it failed on; everything else degrades with a note.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from index.models import Article, Note, RelatedStory

NATIVE_HEADER = re.compile(r"^\s*date\s+(\S+)\s+(\d+)\s*$")
HEADERISH = re.compile(r"^\s*date\b", re.IGNORECASE)
TIMESTAMP = re.compile(
    r"^\s*(?:[A-Za-z]+day\s+)?(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})\s*(?:-\s*(\d{1,2}):(\d{2}))?\s*$"
)
RELATED_MARK = "Related Stories"
# A news article is a few thousand characters; a body past this is a dump or a
# concatenation. Cut there (at a paragraph break, with a note) so one file cannot
# take minutes and gigabytes to index, or make every snippet slow to cut.
MAX_BODY_CHARS = 1_000_000
MAX_TITLE_CHARS = 1_000
# Dates outside this window are almost certainly typos (0001, 9999) and would
# wreck date sorting and range queries.
PLAUSIBLE_YEARS = range(1800, 2201)
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}

BINARY_SIGNATURES = {
    b"\x89PNG": "PNG image",
    b"%PDF": "PDF document",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"PK\x03\x04": "ZIP archive",
    b"\x1f\x8b": "gzip archive",
    b"\x7fELF": "executable",
}


class Unreadable(Exception):
    """The file holds nothing we can index; `line` says where it went wrong."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


@dataclass
class Decoded:
    text: str
    notes: list[str] = field(default_factory=list)


def decode(data: bytes) -> Decoded:
    """Bytes to text: UTF-8 (BOM allowed), UTF-16 (BOM, or NULs in every other byte),
    else UTF-8 with the stray bytes read as cp1252, with a note. Raises `Unreadable`
    for binary content."""
    for signature, kind in BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise Unreadable(f"binary content ({kind})", 1)
    notes: list[str] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise Unreadable(f"broken UTF-16: {error.reason}", 1) from None
        notes.append("decoded as UTF-16")
    elif (utf16 := _bomless_utf16(data)) is not None:
        text = utf16
        notes.append("decoded as UTF-16 (no byte order mark)")
    else:
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        nul_count = data.count(b"\x00")
        if nul_count:
            if nul_count > max(8, len(data) // 100):
                raise Unreadable("binary content (NUL bytes)", _line_of(data, data.index(b"\x00")))
            first_nul = _line_of(data, data.index(b"\x00"))
            notes.append(f"{nul_count} NUL byte(s) removed (first on line {first_nul})")
            data = data.replace(b"\x00", b"")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            # Valid UTF-8 stays as it is; only the stray bytes are read as cp1252
            # (latin-1 for the five bytes cp1252 leaves undefined), so one bad
            # byte mid-file does not turn every accented letter into mojibake.
            line = _line_of(data, error.start)
            escaped = data.decode("utf-8", "surrogateescape")
            stray = len(_STRAY_BYTES.findall(escaped))
            text = _STRAY_BYTES.sub(_stray_to_cp1252, escaped)
            notes.append(f"not UTF-8 ({stray} byte(s), first on line {line}); read as cp1252")
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if _looks_binary(text):
        raise Unreadable("binary content (control characters)", 1)
    return Decoded(text, notes)


_STRAY_BYTES = re.compile("[\udc80-\udcff]")


def _stray_to_cp1252(match: re.Match[str]) -> str:
    byte = bytes([ord(match.group()) - 0xDC00])
    try:
        return byte.decode("cp1252")
    except UnicodeDecodeError:
        return byte.decode("latin-1")


def _bomless_utf16(data: bytes) -> str | None:
    """Text when `data` looks like UTF-16 without a BOM (NULs in every other byte), else None."""
    if len(data) < 4 or len(data) % 2 or data.count(b"\x00") < len(data) // 4:
        return None
    sample = data[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = max(1, len(sample) // 2)
    encoding = "utf-16-le" if odd > 0.7 * half and even < 0.1 * half else "utf-16-be" if even > 0.7 * half and odd < 0.1 * half else None
    if encoding is None:
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    if not sample:
        return False
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\t\f\v\x1b")
    return controls / len(sample) > 0.1


def parse_text(text: str, *, article_id: str, path: str) -> Article:
    """A text file: native format when it opens with a ` date` header (or, header
    lost, with a timestamp line), else plain text."""
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise Unreadable("empty file", 1)
    if HEADERISH.match(lines[first]) or _timestamp(lines[first]) is not None:
        return parse_native(text, article_id=article_id, path=path)
    return parse_plain(text, article_id=article_id, path=path)


def parse_native(text: str, *, article_id: str, path: str) -> Article:
    lines = text.split("\n")
    notes: list[Note] = []

    def note(line: int | None, message: str) -> None:
        notes.append(Note(path=path, line=line, message=message))

    # The header is the first non-blank line (blank lines before it are tolerated).
    top = next((i for i, line in enumerate(lines) if line.strip()), 0)
    header_date: datetime | None = None
    cursor = top
    if _timestamp(lines[top]) is not None and not HEADERISH.match(lines[top]):
        note(top + 1, "no ` date` header; date taken from the timestamp line")
    else:
        match = NATIVE_HEADER.match(lines[top])
        if match is None:
            note(top + 1, f"malformed header {lines[top].strip()[:60]!r}; date unknown")
        else:
            header_date = _iso_date(match.group(1))
            if header_date is None and match.group(1).lower() != "unknown":  # `to_native` writes "unknown"
                note(top + 1, f"malformed date {match.group(1)!r}; date unknown")
        cursor = top + 1
    stamp: datetime | None = None
    if len(lines) > cursor and lines[cursor].strip():
        stamp = _timestamp(lines[cursor])
        if stamp is None:
            note(cursor + 1, f"unreadable timestamp {lines[cursor].strip()[:60]!r}")
        cursor += 1
    date = stamp or header_date
    if stamp and header_date and stamp.date() != header_date.date():
        note(cursor, f"timestamp {stamp.date()} disagrees with header date {header_date.date()}; using the timestamp")
    if date is not None and date.year not in PLAUSIBLE_YEARS:
        note(top + 1, f"implausible date {date.date()}; date unknown")
        date = None

    blocks = _blocks(lines, cursor)
    if not blocks:
        raise Unreadable("header only: no title or body", len(text.rstrip().split("\n")))
    title_line, title_block = blocks[0]
    title = " ".join(title_block)
    paragraphs, related, related_notes = _split_related(blocks[1:], path)
    notes.extend(related_notes)
    if not paragraphs:
        note(title_line, "no body text after the title")
    return _limited(
        Article(
            id=article_id,
            title=_collapse(title)[:MAX_TITLE_CHARS],
            body="\n\n".join(paragraphs),
            date=date,
            path=path,
            related=related,
            notes=notes,
        ),
        blocks,
    )


def parse_plain(text: str, *, article_id: str, path: str) -> Article:
    blocks = _blocks(text.split("\n"), 0)
    if not blocks:
        raise Unreadable("empty file", 1)
    first_line, first_block = blocks[0]
    title = first_block[0].lstrip("#").strip()
    rest = [" ".join(first_block[1:])] if len(first_block) > 1 else []
    paragraphs, related, notes = _split_related(
        ([(first_line + 1, first_block[1:])] if rest else []) + blocks[1:], path
    )
    return _limited(
        Article(
            id=article_id,
            title=(_collapse(title) or "(untitled)")[:MAX_TITLE_CHARS],
            body="\n\n".join(paragraphs),
            date=None,
            path=path,
            related=related,
            notes=notes,
        ),
    )


def _limited(article: Article, blocks: list[tuple[int, list[str]]] | None = None) -> Article:
    """`article` with its body cut to MAX_BODY_CHARS at a paragraph break, with a note."""
    body = article.body
    if len(body) <= MAX_BODY_CHARS:
        return article
    cut = body.rfind("\n\n", 0, MAX_BODY_CHARS)
    if cut < MAX_BODY_CHARS // 2:
        cut = body.rfind(" ", 0, MAX_BODY_CHARS)
    if cut < MAX_BODY_CHARS // 2:
        cut = MAX_BODY_CHARS
    kept = body[:cut].rstrip()
    line = None
    if blocks:
        # Native format: blocks[0] is the title, blocks[k] body paragraph k; the
        # note names the first line of the first paragraph not kept whole.
        whole = kept.count("\n\n") + (1 if body.startswith("\n\n", cut) else 0)
        line = blocks[min(whole + 1, len(blocks) - 1)][0]
    article.notes.append(
        Note(
            path=article.path,
            line=line,
            message=f"body of {len(body):,} characters cut to {len(kept):,} (the limit is {MAX_BODY_CHARS:,}); "
            "the rest is not searchable",
        )
    )
    article.body = kept
    return article


def _blocks(lines: list[str], start: int) -> list[tuple[int, list[str]]]:
    """Blank-line separated blocks as (1-based first line, stripped lines)."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    first = 0
    for number, raw in enumerate(lines[start:], start=start + 1):
        line = raw.strip()
        if line:
            if not current:
                first = number
            current.append(line)
        elif current:
            blocks.append((first, current))
            current = []
    if current:
        blocks.append((first, current))
    return blocks


def _split_related(
    blocks: list[tuple[int, list[str]]], path: str
) -> tuple[list[str], list[RelatedStory], list[Note]]:
    """Body paragraphs, and the trailing `Related Stories` block as structured entries."""
    paragraphs: list[str] = []
    related_lines: list[tuple[int, str]] | None = None
    mark_line = 0
    for first, block in blocks:
        for offset, line in enumerate(block):
            if line == RELATED_MARK:
                # The last mark wins; anything after an earlier one was body after all.
                if related_lines is not None:
                    paragraphs.extend(text for _, text in related_lines)
                related_lines = []
                mark_line = first + offset
                if offset:
                    paragraphs.append(" ".join(block[:offset]))
                related_lines.extend((first + offset + 1 + k, text) for k, text in enumerate(block[offset + 1 :]))
                break
        else:
            if related_lines is None:
                paragraphs.append(" ".join(block))
            else:
                related_lines.extend((first + k, text) for k, text in enumerate(block))
    related: list[RelatedStory] = []
    notes: list[Note] = []
    if related_lines is not None:
        for k in range(0, len(related_lines) - 1, 2):
            title = related_lines[k][1]
            source, snippet = _source_line(related_lines[k + 1][1])
            related.append(RelatedStory(title=_collapse(title), source=source, snippet=snippet))
        if len(related_lines) % 2:
            line, text = related_lines[-1]
            notes.append(Note(path=path, line=line, message=f"related story {text[:40]!r} has no source line"))
            related.append(RelatedStory(title=_collapse(text)))
        if not related_lines:
            notes.append(Note(path=path, line=mark_line, message="empty Related Stories block"))
    return [_collapse(p) for p in paragraphs], related, notes


def _source_line(line: str) -> tuple[str | None, str]:
    """`Source - snippet` (either side may be empty; lines arrive stripped)."""
    if line == "-":
        return None, ""
    if line.startswith("- "):
        return None, line[2:].strip()
    source, dash, snippet = line.partition(" - ")
    if dash:
        return source.strip() or None, snippet.strip()
    if line.endswith(" -"):
        return line[:-2].strip() or None, ""
    return None, line


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _iso_date(value: str) -> datetime | None:
    try:
        return datetime.strptime(value, "%Y-%m-%d")
    except ValueError:
        return None


def _timestamp(line: str) -> datetime | None:
    match = TIMESTAMP.match(line)
    if not match:
        return None
    day, month_name, year, hour, minute = match.groups()
    month = MONTHS.get(month_name.lower())
    if month is None:
        return None
    try:
        return datetime(int(year), month, int(day), int(hour or 0), int(minute or 0))
    except ValueError:
        return None


def parse_jsonl(text: str, *, path: str, id_prefix: str = "") -> Iterator[Article | Note]:
    """One article per line; a broken line yields a `Note` naming it and is skipped."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield Note(path=path, line=number, message=f"broken JSON ({error.msg} at column {error.colno}); line skipped")
            continue
        if not isinstance(record, dict):
            yield Note(path=path, line=number, message="not a JSON object; line skipped")
            continue
        title = record.get("title")
        body = record.get("body", record.get("text"))
        if not isinstance(body, str) or not isinstance(title, str) or not (title.strip() or body.strip()):
            yield Note(path=path, line=number, message="no string 'title' and 'body'; line skipped")
            continue
        notes: list[Note] = []
        date = None
        raw_date = record.get("date")
        if raw_date not in (None, ""):
            date = _json_date(raw_date)
            if date is None:
                notes.append(Note(path=path, line=number, message=f"unreadable date {str(raw_date)[:40]!r}; date unknown"))
        raw_id = record.get("id")
        article_id = f"{id_prefix}{raw_id}" if raw_id not in (None, "") else f"{id_prefix}{number}"
        known = {"id", "title", "body", "text", "date", "source", "url", "related"}
        related = [
            RelatedStory(title=str(item.get("title", "")), source=item.get("source"), snippet=str(item.get("snippet", "")))
            for item in record.get("related") or []
            if isinstance(item, dict) and item.get("title")
        ]
        yield _limited(Article(
            id=article_id,
            title=(_collapse(title) or "(untitled)")[:MAX_TITLE_CHARS],
            body=body.strip(),
            date=date,
            source=_string_or_none(record.get("source")),
            url=_string_or_none(record.get("url")),
            path=f"{path}:{number}",
            related=related,
            extra={k: v for k, v in record.items() if k not in known},
            notes=notes,
        ))


def _string_or_none(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _json_date(value: object) -> datetime | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(value)
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
        parsed = parsed.replace(tzinfo=None)
        return parsed if parsed.year in PLAUSIBLE_YEARS else None
    return None


_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")


def to_native(article: Article, index_in_day: int = 0) -> str:
    """Writes an article in the native seed format (the inverse of `parse_native`)."""
    lines: list[str] = []
    if article.date is not None:
        lines.append(f" date {article.date.year:04d}-{article.date:%m-%d} {index_in_day}")
        day, month = _DAY_NAMES[article.date.weekday()], _MONTH_NAMES[article.date.month - 1]
        lines.append(f"{day} {article.date.day} {month} {article.date.year:04d} - {article.date:%H:%M}")
    else:
        lines.append(" date unknown 0")
        lines.append("")
    lines += ["", article.title, ""]
    lines.append("\n\n".join(article.body.split("\n\n")))
    if article.related:
        lines.append(RELATED_MARK)
        for story in article.related:
            lines.append(story.title)
            lines.append(f"{story.source or ''} - {story.snippet}")
    return "\n".join(lines) + "\n"
