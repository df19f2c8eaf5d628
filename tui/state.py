"""What the reader remembers between runs: read articles, bookmarks, theme.

One JSON file in the user data dir (or `NEWSREADER_DATA_DIR`), written
atomically (temp file + rename) so a crash never leaves it half written.
Read marks and bookmarks are kept per index, since ids are per corpus.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path


def data_dir() -> Path:
    override = os.environ.get("NEWSREADER_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("newsreader"))


class ReaderState:
    def __init__(self, path: Path, index_key: str) -> None:
        self.path = path
        self.index_key = index_key
        self.theme: str | None = None
        self.read: set[str] = set()
        self.bookmarks: set[str] = set()
        self._other: dict[str, object] = {}
        self._load()

    @classmethod
    def for_index(cls, index_dir: Path) -> ReaderState:
        return cls(data_dir() / "reader-state.json", str(Path(index_dir).resolve()))

    def _load(self) -> None:
        try:
            data = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            return  # no state yet, or unreadable: start afresh rather than fail
        if not isinstance(data, dict):
            return
        self._other = data
        theme = data.get("theme")
        self.theme = theme if isinstance(theme, str) else None
        mine = (data.get("indexes") or {}).get(self.index_key) or {}
        self.read = {str(i) for i in mine.get("read", [])}
        self.bookmarks = {str(i) for i in mine.get("bookmarks", [])}

    def save(self) -> None:
        data = dict(self._other)
        data["theme"] = self.theme
        indexes = dict(data.get("indexes") or {})  # type: ignore[arg-type]
        indexes[self.index_key] = {"read": sorted(self.read), "bookmarks": sorted(self.bookmarks)}
        data["indexes"] = indexes
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".reader-state.", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(data, out, indent=1)
            os.replace(temp, self.path)
        except OSError:
            pass  # remembering is a convenience; the reader keeps working

    def mark_read(self, article_id: str) -> bool:
        """True when the article was unread."""
        if article_id in self.read:
            return False
        self.read.add(article_id)
        self.save()
        return True

    def toggle_bookmark(self, article_id: str) -> bool:
        """True when the article is now bookmarked."""
        if article_id in self.bookmarks:
            self.bookmarks.discard(article_id)
        else:
            self.bookmarks.add(article_id)
        self.save()
        return article_id in self.bookmarks

    def set_theme(self, theme: str) -> None:
        if theme != self.theme:
            self.theme = theme
            self.save()
