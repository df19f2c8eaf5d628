"""Colours for entity types, after displaCy's palette (black text on a tint)."""

from __future__ import annotations

from rich.style import Style

ENTITY_COLOURS: dict[str, str] = {
    "PERSON": "#aa9cfc",
    "ORG": "#7aecec",
    "GPE": "#feca74",
    "LOC": "#ff9561",
    "NORP": "#c887fb",
    "FAC": "#9cc9cc",
    "DATE": "#bfe1d9",
    "TIME": "#bfe1d9",
    "EVENT": "#ffeb80",
    "PRODUCT": "#bfeeb7",
    "LAW": "#ff8197",
    "LANGUAGE": "#ff8197",
    "WORK_OF_ART": "#f0d0ff",
    "MONEY": "#e4e7d2",
    "QUANTITY": "#e4e7d2",
    "PERCENT": "#e4e7d2",
    "CARDINAL": "#e4e7d2",
    "ORDINAL": "#e4e7d2",
}
FALLBACK = "#dddddd"

ENTITY_NAMES: dict[str, str] = {
    "PERSON": "People",
    "ORG": "Organisations",
    "GPE": "Countries, cities",
    "LOC": "Places",
    "NORP": "Groups",
    "FAC": "Facilities",
    "DATE": "Dates",
    "TIME": "Times",
    "EVENT": "Events",
    "PRODUCT": "Products",
    "LAW": "Laws",
    "WORK_OF_ART": "Works",
    "MONEY": "Money",
    "QUANTITY": "Quantities",
    "PERCENT": "Percentages",
    "CARDINAL": "Numbers",
    "ORDINAL": "Ordinals",
    "LANGUAGE": "Languages",
}
# Types worth listing in the side panel first; numbers and dates are mostly noise there.
LABEL_ORDER = ["PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "LAW", "WORK_OF_ART", "LANGUAGE",
               "DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"]


def entity_style(label: str) -> Style:
    return Style(color="#000000", bgcolor=ENTITY_COLOURS.get(label, FALLBACK))


def label_rank(label: str) -> int:
    return LABEL_ORDER.index(label) if label in LABEL_ORDER else len(LABEL_ORDER)
