"""Faster wildcard queries for Whoosh.

Whoosh answers `trad*` by Or-ing a matcher per expanded term and walking that
tree document by document in Python (hundreds of ms when the terms are common).
Wildcards score every match the same anyway, so here the expanded terms'
document ids are unioned into one sorted list, matched with a `ListMatcher`.
"""

from __future__ import annotations

from whoosh import matching
from whoosh import query as wq


class _UnionMixin:
    def matcher(self, searcher, context=None):  # type: ignore[no-untyped-def]
        fieldname = self.field()  # type: ignore[attr-defined]
        reader = searcher.reader()
        docs: set[int] = set()
        for word in self._btexts(reader):  # type: ignore[attr-defined]
            if word:
                docs.update(reader.postings(fieldname, word).all_ids())
        if not docs:
            return matching.NullMatcher()
        return matching.ListMatcher(sorted(docs), all_weights=self.boost)  # type: ignore[attr-defined]


class FastPrefix(_UnionMixin, wq.Prefix):
    pass


class FastWildcard(_UnionMixin, wq.Wildcard):
    pass


def speed_up(query: wq.Query) -> wq.Query:
    """`query` with its constant-score prefix and wildcard nodes replaced by the union versions."""

    def swap(node: wq.Query) -> wq.Query:
        if type(node) is wq.Prefix and node.constantscore:
            return FastPrefix(node.fieldname, node.text, boost=node.boost)
        if type(node) is wq.Wildcard and node.constantscore:
            return FastWildcard(node.fieldname, node.text, boost=node.boost)
        return node

    return query.accept(swap)
