"""The SQLite FTS5 baseline: the same articles, the same queries, the same page.

The database is built from the Whoosh index's own stored fields (id, title,
date, source, body from the payload), so both engines hold exactly the same
articles. Layout:

    fts(title, body, source, id UNINDEXED, date UNINDEXED)   -- FTS5, unicode61, diacritics kept
    meta(rowid INTEGER PRIMARY KEY, date TEXT)  + index on date

A search mirrors `SearchEngine.search(text, limit=50, snippets=20)`:
`bm25(fts, 2, 1, 1)` order (title weighs double, as in our schema), LIMIT 50,
a `count(*)` for the total, and `snippet()` over the body for the first 20 hits
in a second statement restricted to their rowids.

Query translation (Whoosh syntax -> FTS5), see `translate`:
  word -> {title body} : "word"          word* -> {title body} : "word" *
  "a b" -> {title body} : "a b"          title:x / title:"a b" -> title : ...
  source:x -> source : "x"               AND / OR / NOT / ( ) -> the same operators
  date:[a to b], date:YYYY-MM[-DD], date:>x, date:<x -> a WHERE on the date
  person: / org: / place: / entity: -> not translatable (FTS5 has no entity
  columns): `Unsupported`, and the bench reports how many were skipped.
"""

from __future__ import annotations

import calendar
import re
import sqlite3
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ENTITY_FIELDS = {"person", "org", "place", "entity", "people", "organisation", "organization", "places", "entities"}
TOKEN = re.compile(
    r"""\s*(?:
        (?P<lparen>\() | (?P<rparen>\)) |
        (?P<field>[A-Za-z_]\w*):(?P<fvalue>"[^"]*"|\[[^\]]*\]|[<>]=?\S+|[^\s()]+) |
        (?P<phrase>"[^"]*") |
        (?P<word>[^\s()"]+)
    )""",
    re.VERBOSE,
)
SNIPPET_TOKENS = 30  # ~180 characters, our snippet width
BM25 = "bm25(fts, 2.0, 1.0, 1.0, 0.0, 0.0)"


class Unsupported(ValueError):
    pass


@dataclass
class Translated:
    match: str | None
    where: str  # extra SQL on fts.date / meta.date, "" when none
    params: tuple[str, ...]


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _term(text: str) -> str:
    if text.endswith("*"):
        return _quote(text.rstrip("*").lower()) + " *"
    return _quote(text.lower())


def _day_range(value: str) -> tuple[str, str]:
    """[start, end) ISO strings for YYYY, YYYY-MM or YYYY-MM-DD."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return f"{parts[0]:04d}-01-01", f"{parts[0] + 1:04d}-01-01"
    if len(parts) == 2:
        y, m = parts
        last = calendar.monthrange(y, m)[1]
        return f"{y:04d}-{m:02d}-01", (date(y, m, last) + timedelta(days=1)).isoformat()
    d = date(*parts)
    return d.isoformat(), (d + timedelta(days=1)).isoformat()


def translate(text: str) -> Translated:
    """FTS5 MATCH expression plus a date WHERE for a Whoosh query (the subset the bench uses)."""
    out: list[str] = []
    where: list[str] = []
    params: list[str] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise Unsupported(f"cannot read {text[pos:]!r}")
        pos = m.end()
        if m.group("lparen"):
            out.append("(")
        elif m.group("rparen"):
            out.append(")")
        elif m.group("field"):
            field, value = m.group("field").lower(), m.group("fvalue")
            if field in ENTITY_FIELDS:
                raise Unsupported(f"{field}: has no FTS5 column")
            if field == "date":
                lo, hi = _date_clause(value)
                if lo:
                    where.append("date >= ?")
                    params.append(lo)
                if hi:
                    where.append("date < ?")
                    params.append(hi)
                continue
            if field not in ("title", "body", "source"):
                raise Unsupported(f"field {field}:")
            inner = _quote(value[1:-1].lower()) if value.startswith('"') else _term(value)
            out.append(f"{field} : {inner}")
        elif m.group("phrase"):
            out.append("{title body} : " + _quote(m.group("phrase")[1:-1].lower()))
        else:
            word = m.group("word")
            if word in ("AND", "OR", "NOT"):
                out.append(word)
            else:
                out.append("{title body} : " + _term(word))
    # Drop operators left dangling by a removed date clause; make implicit ANDs
    # explicit (FTS5 rejects them next to parentheses and column filters).
    while out and out[-1] in ("AND", "OR", "NOT"):
        out.pop()
    while out and out[0] in ("AND", "OR"):
        out.pop(0)
    joined: list[str] = []
    for token in out:
        if joined and joined[-1] not in ("AND", "OR", "NOT", "(") and token not in ("AND", "OR", "NOT", ")"):
            joined.append("AND")
        joined.append(token)
    return Translated(" ".join(joined) or None, " AND ".join(where), tuple(params))


def _date_clause(value: str) -> tuple[str | None, str | None]:
    if value.startswith("["):
        lo_text, _, hi_text = value[1:-1].partition(" to ")
        lo = _day_range(lo_text.strip())[0] if lo_text.strip() else None
        hi = _day_range(hi_text.strip())[1] if hi_text.strip() else None
        return lo, hi
    if value.startswith(">="):
        return _day_range(value[2:])[0], None
    if value.startswith(">"):
        return _day_range(value[1:])[1], None
    if value.startswith("<="):
        return None, _day_range(value[2:])[1]
    if value.startswith("<"):
        return None, _day_range(value[1:])[0]
    return _day_range(value)


# -- building ---------------------------------------------------------------
def build(index_dir: Path, db_path: Path) -> dict[str, object]:
    """(Re)creates the FTS5 database from the Whoosh index's stored fields."""
    from whoosh import index as whoosh_index

    from index.schema import record

    started = time.perf_counter()
    db_path.unlink(missing_ok=True)
    conn = sqlite3.connect(db_path)
    conn.executescript(
        """
        PRAGMA journal_mode = OFF;
        PRAGMA synchronous = OFF;
        CREATE VIRTUAL TABLE fts USING fts5(title, body, source, id UNINDEXED, date UNINDEXED,
                                            tokenize = 'unicode61 remove_diacritics 0');
        CREATE TABLE meta(rowid INTEGER PRIMARY KEY, date TEXT);
        CREATE TABLE info(key TEXT PRIMARY KEY, value TEXT);
        """
    )
    ix = whoosh_index.open_dir(str(index_dir))
    rows = 0
    with ix.reader() as reader:
        batch = []
        for _, stored in reader.iter_docs():
            article = record(stored)
            rows += 1
            day = article.date.isoformat() if article.date else None
            batch.append((rows, article.title, article.body, article.source or "", article.id, day))
            if len(batch) >= 2000:
                _insert(conn, batch)
                batch = []
        _insert(conn, batch)
        generation = str(ix.latest_generation())
    conn.execute("CREATE INDEX meta_date ON meta(date)")
    conn.execute("INSERT INTO fts(fts) VALUES('optimize')")
    conn.executemany("INSERT INTO info VALUES (?, ?)", [("generation", generation), ("rows", str(rows))])
    conn.commit()
    conn.close()
    return {"fts5_build_s": round(time.perf_counter() - started, 2), "fts5_rows": rows, "fts5_mb": round(db_path.stat().st_size / 2**20, 1)}


def _insert(conn: sqlite3.Connection, batch: list[tuple]) -> None:
    conn.executemany("INSERT INTO fts(rowid, title, body, source, id, date) VALUES (?, ?, ?, ?, ?, ?)", batch)
    conn.executemany("INSERT INTO meta(rowid, date) VALUES (?, ?)", [(row[0], row[5]) for row in batch])


def up_to_date(index_dir: Path, db_path: Path) -> bool:
    from whoosh import index as whoosh_index

    if not db_path.exists():
        return False
    try:
        conn = sqlite3.connect(db_path)
        info = dict(conn.execute("SELECT key, value FROM info"))
        conn.close()
    except sqlite3.Error:
        return False
    return info.get("generation") == str(whoosh_index.open_dir(str(index_dir)).latest_generation())


# -- searching --------------------------------------------------------------
class Fts5Engine:
    def __init__(self, db_path: Path) -> None:
        self.conn = sqlite3.connect(db_path, check_same_thread=False)

    def close(self) -> None:
        self.conn.close()

    def search(self, text: str, limit: int = 50, snippets: int = 20) -> tuple[int, list[tuple]]:
        """(total, [(id, title, date, source, snippet)]) for the first page, like SearchEngine.search."""
        q = translate(text)
        conn = self.conn
        if q.match is None:
            where = f"WHERE {q.where.replace('date', 'meta.date')}" if q.where else ""
            total = conn.execute(f"SELECT count(*) FROM meta {where}", q.params).fetchone()[0]
            rows = conn.execute(
                f"SELECT fts.rowid, fts.id, fts.title, fts.date, fts.source, substr(fts.body, 1, 180)"
                f" FROM meta CROSS JOIN fts ON fts.rowid = meta.rowid {where} ORDER BY meta.rowid LIMIT ?",
                (*q.params, limit),
            ).fetchall()
            return total, [(r[1], r[2], r[3], r[4], r[5] if n < snippets else "") for n, r in enumerate(rows)]
        extra = f" AND {q.where}" if q.where else ""
        args = (q.match, *q.params)
        total = conn.execute(f"SELECT count(*) FROM fts WHERE fts MATCH ?{extra}", args).fetchone()[0]
        rows = conn.execute(
            f"SELECT rowid, id, title, date, source, {BM25} AS score FROM fts WHERE fts MATCH ?{extra}"
            f" ORDER BY score LIMIT ?",
            (*args, limit),
        ).fetchall()
        first = [r[0] for r in rows[:snippets]]
        cut: dict[int, str] = {}
        if first:
            marks = ",".join("?" * len(first))
            cut = dict(
                conn.execute(
                    f"SELECT rowid, snippet(fts, 1, '', '', '…', {SNIPPET_TOKENS}) FROM fts"
                    f" WHERE fts MATCH ? AND rowid IN ({marks})",
                    (q.match, *first),
                )
            )
        return total, [(r[1], r[2], r[3], r[4], cut.get(r[0], "")) for r in rows]
