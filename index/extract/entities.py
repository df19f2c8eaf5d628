"""Entity post-processing: spans, title handling, per-article label voting,
surname propagation, gazetteer corrections.

Works on spaCy docs but imports nothing heavy itself.
"""

from __future__ import annotations

import re
from collections import defaultdict

from index.extract.gazetteer import Gazetteer

# Labels that are numbers: they become figures, not entities.
NUMERIC_LABELS = frozenset({"CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "TIME"})
# Labels a gazetteer place may overwrite.  Places the model already calls GPE,
# LOC or FAC are left alone.
OVERRIDABLE = frozenset({"PERSON", "ORG", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "LANGUAGE"})

TITLE_WEIGHT = 0.5  # headlines confuse the model (Title Case, ALL CAPS)
LONE_PERSON_WEIGHT = 0.5  # a bare capitalised token called PERSON with no full name in the article
ANALOGY_WEIGHT = 1.5  # a mention in the same slot as a known person of the article
GAZETTEER_WEIGHT = 1.0  # a city name, when the model calls it an ORG

_NAME_ONLY = frozenset({"PERSON", "GPE", "LOC", "NORP"})
_DATE_DIGITS = re.compile(r"^(?:\d{4}s?|\d{1,2}/\d{1,2}(?:/\d{2,4})?|\d{4}-\d{2}-\d{2})$")
_WORD = re.compile(r"[A-Za-z]+")
_PERSON_TOKEN = re.compile(r"^[A-Z][a-zA-Z'’-]+$")


def _is_english(key: str, words: frozenset[str]) -> bool:
    """In the WordNet word list, directly or after stripping a regular
    inflection (files, sets, raises, lowered, signing)."""
    if key in words:
        return True
    for suffix, repl in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e")):
        if key.endswith(suffix) and len(key) > len(suffix) + 2 and key[: -len(suffix)] + repl in words:
            return True
    return False


def truecase_title(title: str, body: str, words: frozenset[str], gaz: Gazetteer) -> str:
    """Turn a headline into sentence case so that NER is not misled.

    Every word of the title takes the casing it has most often in the body;
    words absent from the body are lower-cased when they are English words and
    not known places, and otherwise kept (capitalised in ALL CAPS headlines).
    The first word keeps a capital. Lengths never change, so offsets hold."""
    if not title:
        return title
    forms: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for m in _WORD.finditer(body):
        w = m.group()
        forms[w.casefold()][w] += 1
    all_caps = title.upper() == title and any(c.isalpha() for c in title)
    out = []
    pos = 0
    first = True
    for m in _WORD.finditer(title):
        w = m.group()
        out.append(title[pos : m.start()])
        pos = m.end()
        key = w.casefold()
        seen = forms.get(key)
        if seen:
            # Prefer the body's most frequent casing; a capitalised form that
            # only appears at a sentence start would lose to a lower-case one.
            new = max(seen.items(), key=lambda kv: (kv[1], kv[0] != kv[0].lower()))[0]
        elif m.start() > 0 and title[m.start() - 1].isdigit():
            new = w.lower()  # 1ST, 4TH
        elif _is_english(key, words) and gaz.place(w) is None:
            new = w.lower()
        elif all_caps and len(w) > 1:
            new = w[0] + w[1:].lower()
        else:
            new = w
        if first:
            new = new[:1].upper() + new[1:]
            first = False
        out.append(new if len(new) == len(w) else w)
    out.append(title[pos:])
    result = "".join(out)
    return result if len(result) == len(title) else title


def _key(text: str) -> str:
    t = text.strip()
    low = t.casefold()
    for art in ("the ",):
        if low.startswith(art):
            t = t[len(art) :]
            low = low[len(art) :]
    if low.endswith("'s") or low.endswith("’s"):
        t = t[:-2]
    return " ".join(t.split()).casefold()


class Mention:
    __slots__ = ("text", "label", "start", "end", "in_title", "key", "tokens", "context")

    def __init__(self, text, label, start, end, in_title, tokens, context):
        self.text = text
        self.label = label
        self.start = start
        self.end = end
        self.in_title = in_title
        self.key = _key(text)
        self.tokens = tokens  # alphabetic tokens of the span
        self.context = context  # lower-cased content word before the span, or ""


def _context_word(doc, start_tok: int) -> str:
    """The nearest content word to the left, skipping stop words/punctuation
    (`meet with Lavrov` -> `meet`), within the same line."""
    j = start_tok - 1
    steps = 0
    while j >= 0 and steps < 3:
        t = doc[j]
        if "\n" in t.text:
            return ""
        if t.is_alpha and not t.is_stop:
            return t.lower_
        j -= 1
        steps += 1
    return ""


def _mentions(doc, text: str, in_title: bool) -> list[Mention]:
    out = []
    for ent in doc.ents:
        if ent.label_ in NUMERIC_LABELS:
            continue
        # Split at line breaks: no entity spans two lines.
        pieces = []
        cur = []
        for tok in ent:
            if "\n" in tok.text or tok.is_space:
                if cur:
                    pieces.append(cur)
                cur = []
            else:
                cur.append(tok)
        if cur:
            pieces.append(cur)
        for toks in pieces:
            # trim punctuation at the edges
            while toks and toks[0].is_punct and toks[0].text not in ("(",):
                toks = toks[1:]
            while toks and toks[-1].is_punct and toks[-1].text != ".":
                toks = toks[:-1]
            if ent.label_ in _NAME_ONLY:
                # "Mar 20.4" in a table is not a person: names hold no numbers
                while toks and any(c.isdigit() for c in toks[-1].text):
                    toks = toks[:-1]
                while toks and any(c.isdigit() for c in toks[0].text):
                    toks = toks[1:]
            if not toks or not any(t.is_alpha or t.like_num for t in toks):
                continue
            if ent.label_ == "DATE" and not any(t.is_alpha for t in toks) and not _DATE_DIGITS.match(
                    "".join(t.text for t in toks)):
                continue  # "14.5" in a price table is not a date
            start = toks[0].idx
            end = toks[-1].idx + len(toks[-1].text)
            surface = text[start:end]
            if in_title and not text[:start].strip(" \"'“”‘’-:") and not text[end:].strip(" \"'“”‘’-:.!?"):
                # an entity covering the whole headline is a headline, not a name
                if len([t for t in toks if t.is_alpha]) > 1:
                    continue
            out.append(
                Mention(
                    surface,
                    ent.label_,
                    start,
                    end,
                    in_title,
                    [t.text for t in toks if t.is_alpha],
                    _context_word(doc, toks[0].i),
                )
            )
    return out


def _split_compounds(mentions: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """`Armenia-Azerbaijan` (one ORG to the model) is two places when each part
    is an entity elsewhere in the article or a known place: split it, and let
    each part take the label its own mentions vote for."""
    keys = {m.key for m in mentions if "-" not in m.text}
    out = []
    for m in mentions:
        if "-" in m.text and " " not in m.text:
            parts = []
            pos = 0
            for piece in m.text.split("-"):
                parts.append((piece, m.start + pos))
                pos += len(piece) + 1
            if len(parts) > 1 and all(p and (p.casefold() in keys or gaz.place(p) is not None) for p, _ in parts):
                for piece, start in parts:
                    out.append(Mention(piece, "", start, start + len(piece), m.in_title, [piece], m.context))
                continue
        out.append(m)
    return out


def article_entities(title: str, body: str, tdoc, bdoc, gaz: Gazetteer) -> list[tuple[str, str, int, int, bool]]:
    mentions = _mentions(tdoc, title, True) + _mentions(bdoc, body, False)
    if not mentions:
        return []
    mentions = _split_compounds(mentions, gaz)

    # Full person names (two or more capitalised tokens, no hyphen inside)
    # whose own mentions are mostly PERSON: their last token is a surname.
    full_names: dict[str, float] = defaultdict(float)
    for m in mentions:
        if len(m.tokens) >= 2 and all(_PERSON_TOKEN.match(t) for t in m.tokens) and "-" not in m.text:
            w = TITLE_WEIGHT if m.in_title else 1.0
            full_names[m.key] += w if m.label == "PERSON" else -w
    surnames: set[str] = set()
    person_tokens: set[str] = set()
    for m in mentions:
        if full_names.get(m.key, 0) > 0:
            surnames.add(m.tokens[-1].casefold())
            person_tokens.update(t.casefold() for t in m.tokens)

    def is_lone(m: Mention) -> bool:
        return len(m.tokens) == 1 and m.key not in person_tokens

    # Weighted votes per surface form.
    votes: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for m in mentions:
        if not m.label:
            continue  # a part of a split compound: labelled by its other mentions
        w = TITLE_WEIGHT if m.in_title else 1.0
        if m.label == "PERSON" and is_lone(m):
            w *= LONE_PERSON_WEIGHT
        votes[m.key][m.label] += w

    # Slot analogy: a lone token in the same slot (`meet X`) as a mention that
    # is surely a person in this article votes PERSON.
    person_contexts: set[str] = set()
    for m in mentions:
        if m.context and (m.key in surnames or (full_names.get(m.key, 0) > 0)):
            person_contexts.add(m.context)
    for m in mentions:
        if (
            m.context in person_contexts
            and len(m.tokens) == 1
            and m.label in ("ORG", "GPE", "PERSON", "NORP")
            and gaz.place(m.key) is None
            and not m.text.isupper()
        ):
            votes[m.key]["PERSON"] += ANALOGY_WEIGHT

    first_label: dict[str, str] = {}
    for m in mentions:
        if m.label:
            first_label.setdefault(m.key, m.label)

    decided: dict[str, str] = {}
    for key, v in votes.items():
        best = max(v.items(), key=lambda kv: (kv[1], kv[0] == first_label[key]))[0]
        place = gaz.place(key)
        if key in surnames and not (place is not None and place.kind in ("country", "state", "continent")):
            best = "PERSON"
        elif gaz.is_demonym(key) and best in ("PERSON", "ORG", "GPE", "LOC"):
            best = "NORP"
        elif place is not None and best in OVERRIDABLE:
            if place.kind in ("country", "state", "continent"):
                best = place.label
            elif best == "PERSON":
                if place.strong:
                    best = place.label
            else:
                # A city the model calls ORG may be a club or firm named after
                # it (Liverpool): the gazetteer is one more vote, not a verdict.
                v[place.label] = v.get(place.label, 0.0) + (GAZETTEER_WEIGHT if place.strong else GAZETTEER_WEIGHT / 2)
                best = max(v.items(), key=lambda kv: (kv[1], kv[0] == place.label))[0]
        decided[key] = best

    out = []
    for m in mentions:
        label = decided.get(m.key, m.label)
        if not label:
            place = gaz.place(m.key)
            label = place.label if place is not None else ""
        if not label or label in NUMERIC_LABELS:
            continue
        out.append((m.text, label, m.start, m.end, m.in_title))
    return out
