"""Figures: numbers that count or measure something, with what they count.

Two stages.  `candidates` runs on the NER-only doc (no parse) and finds the
number groups worth keeping; `figures` runs on the parsed sentence and finds
what each one counts.  Spelled-out numbers are valued with text2num.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from text_to_num import text2num

# Entity labels inside which a number is part of a name or identifier.
NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "NORP", "LANGUAGE"}
)
# Units of duration: a number with one of these inside a DATE/TIME entity is a
# duration ("three weeks"), not a calendar date.
TIME_UNITS = frozenset(
    "second seconds minute minutes hour hours day days night nights week weeks fortnight fortnights "
    "month months quarter quarters year years decade decades century centuries".split()
)
# Abbreviated scale words (news-wire style) -> the word text2num knows.
SCALE_ABBREV = {"mln": "million", "bln": "billion", "bn": "billion", "trln": "trillion", "mn": "million"}
# News-wire abbreviations of currency words (the words themselves come from the gazetteer).
CURRENCY_ABBREV = frozenset({"dlrs", "dlr", "stg", "cts", "cents", "cent", "pence"})
PERCENT_WORDS = frozenset({"%", "percent", "pct", "per-cent"})
IDENT_PREFIX = frozenset({"#", "no", "no.", "nos", "nos.", "number", "num"})

_DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^\.\d+$")
_FRACTION = re.compile(r"^(?:(\d+)[- ])?(\d+)/(\d+)$")
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d|2100)$")
# Phone numbers: +1 (212) 555-1212, 212-555-1212, 555-1234, 0171 542 1234
_PHONE = re.compile(
    r"(?<![\w.,])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,5}\)\s?\d{2,4}[\s.-]\d{3,4}|\d{2,5}[\s.-]\d{3,4}[\s.-]\d{3,4}|\d{3}-\d{4})(?![\w,]|\.\d)"
)


@dataclass
class Candidate:
    start: int  # token indices in the body doc (end exclusive), the whole figure text
    end: int
    num_start: int  # the number tokens only
    num_end: int
    value: float
    kind: str  # count | money | percent | duration | quantity
    unit: str | None


@lru_cache(maxsize=4096)
def _word_value(word: str) -> float | None:
    w = word.lower()
    if not w.isalpha() and "-" not in w:
        return None
    try:
        return float(text2num(w.replace("-", " "), "en"))
    except (ValueError, TypeError, IndexError):
        return None


@lru_cache(maxsize=64)
def _scale(word: str) -> float | None:
    w = SCALE_ABBREV.get(word.lower(), word.lower())
    if w not in ("hundred", "thousand", "million", "billion"):
        return None
    try:
        return float(text2num("one " + w, "en"))
    except ValueError:  # text2num 3.1 stops at billion
        return None


def _digit_value(text: str) -> float | None:
    if _DIGITS.match(text):
        return float(text.replace(",", ""))
    m = _FRACTION.match(text)
    if m and 0 < int(m.group(2)) < int(m.group(3)) <= 64:  # 1/2, 3-1/4; not 1986/87
        whole = int(m.group(1) or 0)
        return whole + int(m.group(2)) / int(m.group(3))
    return None


def masked_ranges(body: str) -> list[tuple[int, int]]:
    return [m.span() for m in _PHONE.finditer(body)]


def _is_number(tok) -> bool:
    t = tok.text
    if t[:1].isdigit() or t[:1] == ".":
        return _digit_value(t) is not None
    if tok.like_num or "-" in t:
        return _word_value(t) is not None
    return False


def _group_value(texts: list[str]) -> float | None:
    if _digit_value(texts[0]) is not None:
        value = _digit_value(texts[0])
        for w in texts[1:]:
            s = _scale(w)
            if s is None:
                return None
            value *= s
        return value
    words = [SCALE_ABBREV.get(w.lower(), w.lower()) for w in texts]
    try:
        return float(text2num(" ".join(words).replace("-", " "), "en"))
    except (ValueError, TypeError, IndexError):
        return None


def candidates(sent, masked: list[tuple[int, int]], text: str, currencies: frozenset[str] | set[str] = frozenset()):
    """Number groups in a sentence span of the NER-only doc that may be figures."""
    doc = sent.doc
    out: list[Candidate] = []
    i = sent.start
    end = sent.end
    while i < end:
        tok = doc[i]
        if not _is_number(tok):
            i += 1
            continue
        j = i + 1
        while j < end and (
            _is_number(doc[j]) and not doc[j].text[:1].isdigit() and not doc[j - 1].text[:1].isdigit()
            or _scale(doc[j].text) is not None
            or (doc[j].lower_ == "and" and j + 1 < end and _is_number(doc[j + 1]) and not doc[j + 1].text[:1].isdigit()
                and not doc[i].text[:1].isdigit())
        ):
            j += 1
        cand = _candidate(doc, i, j, end, sent.start, masked, text, currencies)
        if cand is not None:
            out.append(cand)
        i = j
    return out


def _candidate(doc, i: int, j: int, sent_end: int, sent_start: int, masked, text: str, currencies) -> Candidate | None:
    first, last = doc[i], doc[j - 1]
    texts = [t.text for t in doc[i:j]]
    if all(_scale(t) is not None and _digit_value(t) is None for t in texts):
        return None  # "million" alone
    value = _group_value(texts)
    if value is None:
        return None
    c0, c1 = first.idx, last.idx + len(last.text)
    if any(a < c1 and c0 < b for a, b in masked):
        return None  # phone number
    # Inside an identifier: letter right before/after (A320, F-16, 3M, 10am).
    before = text[c0 - 1] if c0 > 0 else " "
    before2 = text[c0 - 2] if c0 > 1 else " "
    after = text[c1] if c1 < len(text) else " "
    if before.isalpha() or (before in "-/" and before2.isalnum()):
        return None
    if after.isalpha() and not (j < len(doc) and (_scale(doc[j].text) is not None or doc[j].lower_ in PERCENT_WORDS
                                                  or doc[j].lower_ in TIME_UNITS)):
        return None
    if after in "-/" and c1 + 1 < len(text) and text[c1 + 1].isdigit():
        return None  # 1987/88, 555-1234 leftovers, ranges written as ids
    if i > sent_start and doc[i - 1].lower_ in IDENT_PREFIX:
        return None
    if first.text[:1].isdigit() and "." not in first.text and len(first.text) > 1 and first.text[0] == "0":
        return None  # 007, 0171: codes
    ent = first.ent_type_
    nxt = doc[j] if j < sent_end else None
    is_time_unit = nxt is not None and nxt.lower_ in TIME_UNITS
    if ent in NAME_LABELS or ent == "ORDINAL":
        return None
    if ent in ("DATE", "TIME") and not is_time_unit:
        return None
    if len(texts) == 1 and _YEAR.match(first.text) and not is_time_unit:
        return None  # a year

    start, stop = i, j
    kind, unit = "count", None
    prev = doc[i - 1] if i > sent_start else None
    if prev is not None and (prev.is_currency or prev.text in ("$", "US$", "C$", "A$", "HK$")):
        kind, unit, start = "money", prev.text, i - 1
        if start - 1 >= sent_start and doc[start - 1].text in ("US", "U.S.") and doc[start - 1].idx + len(doc[start - 1].text) == prev.idx:
            start -= 1
            unit = doc[start].text + prev.text
    if nxt is not None:
        if nxt.lower_ in PERCENT_WORDS:
            kind, unit, stop = "percent", "%", j + 1
        elif nxt.lower_ == "per" and j + 1 < sent_end and doc[j + 1].lower_ == "cent":
            kind, unit, stop = "percent", "%", j + 2
        elif is_time_unit:
            kind, unit, stop = "duration", nxt.text, j + 1
        elif kind == "count" and (nxt.lower_ in currencies or nxt.lower_ in CURRENCY_ABBREV):
            kind, unit, stop = "money", nxt.text, j + 1
        elif kind == "count" and nxt.ent_type_ == "MONEY" and first.ent_type_ == "MONEY" \
                and nxt.is_alpha and not nxt.is_stop and nxt.ent_iob_ == "I":
            kind, unit, stop = "money", nxt.text, j + 1
    return Candidate(start, stop, i, j, value, kind, unit)


# ---------------------------------------------------------------- parse stage

# Forms of "be": a count that is the subject of a copula takes no verb ("20 nationals were").
BE_FORMS = frozenset({"is", "are", "was", "were", "be", "been", "being", "'s", "'re", "am", "has", "have", "had"})

_SKIP_DEPS = frozenset({"det", "nummod", "quantmod", "punct", "poss", "predet", "case", "cc", "prep", "relcl",
                        "acl", "appos", "conj", "advmod"})


def _np(noun, exclude: set[int], with_of: bool = True) -> list:
    toks = {noun.i}
    for ch in noun.lefts:
        if ch.dep_ in _SKIP_DEPS or ch.i in exclude or ch.tag_ == "CD":
            continue
        if ch.dep_ in ("amod", "compound", "nmod", "nn") and ch.tag_ not in ("PRP$", "DT", "WDT"):
            toks.update(t.i for t in ch.subtree if t.i not in exclude and t.dep_ not in ("det", "punct", "poss"))
    if with_of:
        for ch in noun.rights:
            if ch.dep_ == "prep" and ch.lower_ == "of":
                objs = [g for g in ch.children if g.dep_ == "pobj"]
                if objs:
                    toks.add(ch.i)
                    toks.update(t.i for t in _np(objs[0], exclude, with_of=False))
                break
    doc = noun.doc
    return [doc[k] for k in sorted(toks)]


MAX_WHAT_WORDS = 8


def _join(tokens) -> str:
    # Keep to one line and to the words nearest the head (the tail).
    if tokens:
        doc = tokens[0].doc
        lo = tokens[0].i
        for k in range(tokens[-1].i, tokens[0].i - 1, -1):
            if "\n" in doc[k].text:
                lo = k + 1
                break
        tokens = [t for t in tokens if t.i >= lo and not t.is_space]
        if len(tokens) > MAX_WHAT_WORDS:
            tokens = tokens[-MAX_WHAT_WORDS:]
    out = []
    for k, t in enumerate(tokens):
        out.append(t.text)
        if k + 1 < len(tokens):
            nxt = tokens[k + 1]
            out.append(t.whitespace_ if nxt.i == t.i + 1 else " ")
    return "".join(out).strip()


def _subject_verb(verb, exclude: set[int]) -> str:
    v = verb
    for _ in range(3):
        subj = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass") and c.i not in exclude]
        if subj:
            s = subj[0]
            if s.tag_ in ("PRP", "WDT", "WP", "EX", "DT"):
                return verb.text
            if verb.lower_ in BE_FORMS:
                return _join(_np(s, exclude, with_of=False))
            return _join(_np(s, exclude, with_of=False) + [verb])
        if v.dep_ in ("xcomp", "conj", "advcl", "ccomp") and v.head is not v:
            v = v.head
        else:
            break
    return verb.text


def _is_noun(t) -> bool:
    return t.tag_.startswith("NN") or t.tag_ in ("PRP",) and False


def _money_what(r, span_ids: set[int]) -> str | None:
    """What a sum or a percentage belongs to: the noun it modifies, the noun of
    `sales of $4 mln`, or subject + verb (`profit rose 12%`)."""
    h = r.head
    if r.dep_ in ("nummod", "compound", "amod", "nmod", "quantmod") and _is_noun(h) and h.i > r.i:
        return _join(_np(h, span_ids))
    if r.dep_ == "pobj" and h.dep_ == "prep":
        g = h.head
        if _is_noun(g) and g.i not in span_ids:
            return _join(_np(g, span_ids, with_of=False))
        if g.tag_.startswith("VB"):
            return _subject_verb(g, span_ids)
    if h.tag_.startswith("VB") and h is not r:
        return _subject_verb(h, span_ids)
    if _is_noun(h) and h is not r:
        return _join(_np(h, span_ids, with_of=False))
    return None


def _what(sdoc, c: Candidate, offset: int) -> tuple[str | None, str, str | None, int]:
    """(what, kind, unit, end token in sdoc) for a candidate."""
    end = c.end - offset
    span_ids = set(range(c.start - offset, end))
    toks = [sdoc[k] for k in sorted(span_ids)]
    roots = [t for t in toks if t.head.i not in span_ids or t.head is t]
    r = roots[-1] if roots else toks[-1]

    if c.kind in ("money", "percent"):
        return _money_what(r, span_ids), c.kind, c.unit, end

    kind, unit = c.kind, c.unit
    if c.kind in ("duration", "quantity"):
        counted = sdoc[end - 1]
    else:
        h = r.head
        if r.dep_ in ("nummod", "compound", "nmod", "amod", "quantmod", "appos", "npadvmod") and _is_noun(h):
            if h.i < r.i:
                return None, kind, unit, end  # "page 5", "Chapter 11", "Boeing 747": a label, not a count
            counted = h
            # "4 mln dlrs", "60 kilos": the model's MONEY/QUANTITY entity says
            # the noun is a unit, not a thing counted.
            if h.i >= end and h.ent_type_ in ("MONEY", "QUANTITY") and h.ent_type_ == r.ent_type_ \
                    and all(sdoc[k].ent_iob_ == "I" for k in range(end, h.i + 1)):
                unit, end = h.text, h.i + 1
                span_ids.update(range(r.i, end))
                if h.ent_type_ == "MONEY":
                    return _money_what(h, span_ids), "money", unit, end
                kind = "quantity"
        else:
            of = [ch for ch in r.rights if ch.dep_ == "prep" and ch.lower_ == "of"]
            objs = [g for g in of[0].children if g.dep_ == "pobj"] if of else []
            if objs:
                counted = objs[0]
            elif r.dep_ in ("nsubj", "nsubjpass", "dobj") and r.head.tag_.startswith("VB"):
                return r.head.text, kind, unit, end
            elif r.dep_ == "pobj" and h.dep_ == "prep" and h.head.tag_.startswith("VB"):
                return _subject_verb(h.head, span_ids), kind, unit, end
            elif r.dep_ == "pobj" and h.dep_ == "prep" and _is_noun(h.head):
                return _join(_np(h.head, span_ids, with_of=False)), kind, unit, end
            else:
                return None, kind, unit, end
    words = _np(counted, span_ids)
    # The event: the verb the counted thing is the subject of.
    c2 = counted
    while c2.dep_ == "conj" and c2.head is not c2:
        c2 = c2.head
    if c2.dep_ in ("nsubj", "nsubjpass") and (c2.head.tag_.startswith("VB") or c2.head.tag_.startswith("JJ")):
        if c2.head.lower_ not in BE_FORMS:
            words = words + [c2.head]
    elif c2.dep_ == "dobj":
        preds = [ch for ch in c2.head.rights if ch.dep_ in ("oprd", "acomp") and ch.tag_.startswith("JJ")]
        if preds:
            words = words + [preds[0]]
    return _join(words) or None, kind, unit, end


def figures(sent, sdoc, cands: list[Candidate], body: str):
    offset = sent.start
    base = sent.start_char
    sentence = " ".join(sent.text.split())
    out = []
    for c in cands:
        what, kind, unit, end = _what(sdoc, c, offset)
        if not what:
            continue
        # Quantity modifiers to the left: "more than", "about", "nearly", "at least".
        start = c.start - offset
        num_ids = set(range(c.num_start - offset, c.num_end - offset)) | set(range(c.start - offset, c.end - offset))
        while start > 0:
            t = sdoc[start - 1]
            if not t.is_alpha or t.like_num or (t.lower_ in ("to", "and", "or") and not (
                    start > 1 and sdoc[start - 2].lower_ == "up")):
                break
            if t.dep_ in ("quantmod", "advmod") and t.head.i in num_ids or (
                t.dep_ in ("amod",) and t.tag_ in ("JJR", "JJS", "RBR", "RBS") and t.head.i in num_ids
            ) or (t.dep_ == "advmod" and t.head.i == start and t.head.dep_ in ("quantmod", "advmod")):
                num_ids.add(t.i)
                start -= 1
            else:
                break
        s_char = sdoc[start].idx + base
        last = sdoc[end - 1]
        e_char = last.idx + len(last.text) + base
        out.append((body[s_char:e_char], c.value, what, sentence, s_char, e_char, unit))
    return out
