"""Figures: numbers that count or measure something, with what they count.

Two stages.  `candidates` runs on the NER-only doc (no parse) and finds the
number groups worth keeping; `figures` takes the parsed sentence and asks
`figure_what` what each one counts, then links numbers that share it (ranges,
conversions, lists).  Spelled-out numbers are valued with text2num; the word
lists are in `figure_words`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from text_to_num import text2num

from index.extract.figure_what import listed_item, root_of, what_of
from index.extract.figure_words import (
    CHANGE_NOUNS,
    CHANGE_WORDS,
    COUNTABLE_NAME_LABELS,
    CURRENCY_ABBREV,
    FOCUS_WORDS,
    FRACTION_WORDS,
    FUNCTION_WORDS,
    GLUED_SCALE,
    IDENT_PREFIX,
    MEASURE_UNITS,
    MONTHS,
    NAME_LABELS,
    NOT_UNITS,
    PERCENT_WORDS,
    PERSON_NOUNS,
    PREVIOUS_LEVEL_WORDS,
    PERSONAL_PRONOUNS,
    ROLE_NOUNS,
    SCALE_ABBREV,
    SCORE_UNITS,
    SCORE_WORDS,
    SPELLED_UNITS,
    STREET_WORDS,
    TIME_UNITS,
    TIME_ZONES,
    WEEKDAYS,
)

# Digits with a scale word glued on: "1.5million", "£100million".
_GLUED_WORD = re.compile(r"^(\d[\d,]*(?:\.\d+)?)(million|billion|mln|bln|bn|trillion)$", re.I)
# Temperatures, pence, data rates and seconds written glued in one token:
# "180C", "350F", "80p", "512kbps", "6.39secs".
# The tokenizer keeps "220C." and "1.25gbps" whole.
_GLUED_UNIT = re.compile(r"^(\d{1,4}(?:\.\d+)?)([CFp]|[kmg]bps|[KMG]bps|secs?)\.?$")
_DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^\.\d+$")
_FRACTION = re.compile(r"^(?:(\d+)[- ])?(\d+)/(\d+)$")
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d|2100)$")
# Phone numbers: +1 (212) 555-1212, 212-555-1212, 555-1234, 0171 542 1234
_PHONE = re.compile(
    r"(?<![\w.,])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,5}\)\s?\d{2,4}[\s.-]\d{3,4}|\d{2,5}[\s.-]\d{3,4}[\s.-]\d{3,4}|\d{3}-\d{4})(?![\w,]|\.\d)"
)


# Metals the currency list also names ("1,500m gold" is a race won, not money).
METALS = frozenset("gold silver platinum".split())
_GLUED_PC = re.compile(r"^(\d+(?:\.\d+)?)pc$")
# "fourfold", "tenfold", "two-fold" (the hyphenated form comes as three tokens and is left out)
_FOLD = re.compile(r"^(two|three|four|five|six|seven|eight|nine|ten|twenty|hundred|thousand)fold$")
# Digits grouped in thousands ("6,048"): never part of a name.
_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
# Words that mark an "N-M" in double figures as a result: "a 24-18 win", "beat Italy 18-10".
RESULT_NOUNS = frozenset("win victory defeat loss draw triumph thrashing drubbing hammering rout scoreline".split())
RESULT_VERBS = frozenset("beat beats beating won win wins lost lose loses defeated drew trailed trailing led leading"
                         .split())
# Words only rugby reports use.
RUGBY_WORDS = frozenset("rugby scrum scrum-half fly-half lineout line-out try-scorer sin-bin drop-goal".split())
# Nouns after "zero" that make a slogan of it.
ZERO_IDIOMS = frozenset("tolerance waste hour sum".split())
# "a child under 12": people whose age limits are given bare.
YOUNG_PEOPLE = frozenset("child children kids boys girls pupils youngsters teenagers minors".split())
# Races measured in metres ("the 400m hurdles", "100m freestyle"), not millions.
RACE_WORDS = frozenset("hurdles freestyle backstroke breaststroke butterfly medley relay relays sprint sprints "
                       "heats finals metres meters race races".split())
# Words ending in "s" that are no plural nouns ("well over 60m indoors").
S_ADVERBS = frozenset("indoors outdoors upwards downwards towards backwards forwards always sometimes "
                      "afterwards overseas abroad was has is its his this as us thus plus whereas yes".split())
# What fractions are written over: halves to 64ths (market prices), fifths and tenths.
FRACTION_DENOMINATORS = frozenset({2, 3, 4, 5, 8, 10, 16, 32, 64})
# "four consecutive quarters": words that may stand between a count and its unit of time.
SUCCESSION_WORDS = frozenset("consecutive straight successive".split())
# "the over-70s", "under-16s": a group of people by age (a team is capitalised: "Under-21")
_DECADE = re.compile(r"^([1-9]0)s$")
_OVER_AGE = re.compile(r"^(?:over|under)-(\d{1,2})s$")
# What "half" takes before its noun: "half the income", "half their bill".
HALF_OF_WORDS = frozenset("the their his her its our my your of".split())
MAKE_FORMS = frozenset("make makes made making".split())
# Endings of nouns for people (hiker, doctor, dentist, musician, student).
AGENT_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ent", "man", "woman")
PARENT_WORDS = frozenset("father mother mum dad mom parent grandfather grandmother grandparent".split())
# Photo captions put these in brackets between a name and an age: "Ray Ward (right), 27,".
CAPTION_WORDS = frozenset("left right centre center pictured above below top bottom inset".split())


@dataclass
class Candidate:
    start: int  # token indices in the body doc (end exclusive), the whole figure text
    end: int
    num_start: int  # the number tokens only
    num_end: int
    value: float
    kind: str  # count | money | percent | duration | quantity | compound | score
    unit: str | None
    what: str | None = None  # known without a parse (table rows, scores)
    unit_tok: int = -1  # "52-year-old": the token of the unit word after the hyphen


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
    if w in ("millions", "billions", "trillions"):
        w = w[:-1]  # "£22 billions": only ever read after a number
    if w == "trillion":
        return 1e12
    if w not in ("hundred", "thousand", "million", "billion"):
        return None
    try:
        return float(text2num("one " + w, "en"))
    except ValueError:  # text2num 3.1 stops at billion
        return None


def _digit_value(text: str) -> float | None:
    if _DIGITS.match(text):
        return float(text.replace(",", ""))
    g = _GLUED_WORD.match(text)
    if g and _DIGITS.match(g.group(1)):
        scale = _scale(g.group(2))
        if scale is not None:
            return float(g.group(1).replace(",", "")) * scale
    m = _FRACTION.match(text)
    if m and 0 < int(m.group(2)) < int(m.group(3)) and int(m.group(3)) in FRACTION_DENOMINATORS:  # not 1986/87, 9/11
        whole = int(m.group(1) or 0)
        return whole + int(m.group(2)) / int(m.group(3))
    return None


# Words the parser reads more reliably when spelled out (see parse_input).
PARSER_WORDS = {"mln": "million", "bln": "billion", "trln": "trillion", "dlrs": "dollars", "dlr": "dollar",
                "cts": "cents", "stg": "sterling"}


def parser_word(doc, i: int) -> str:
    tok = doc[i]
    low = tok.lower_
    if low in PARSER_WORDS:
        return PARSER_WORDS[low]
    if low == "m" and _centimetres(doc, i):
        return "metres"
    if low.rstrip(".") in GLUED_SCALE and _glued(doc, i) and doc[i - 1].text[:1].isdigit():
        return GLUED_SCALE[low.rstrip(".")]
    return tok.text


def _substitution_minute(doc, i: int, start: int, end: int) -> int | None:
    """The index of the minute in a line-up's "McGregor (Soro 86)": a player,
    then in brackets his substitute and the minute he came on; else None."""
    if doc[i].text != "(" or i - 1 < start or not doc[i - 1].text[:1].isupper():  # "McGregor" is no is_title
        return None
    k = i + 1
    while k < end and k < i + 4 and doc[k].text[:1].isupper() and doc[k].is_alpha:
        k += 1
    if k == i + 1 or k + 1 >= end or doc[k + 1].text != ")" or not doc[k].text.isdigit():
        return None
    return k if 1 <= int(doc[k].text) <= 120 else None


def _centimetres(doc, i: int) -> bool:
    """doc[i] is the "m" of "16.87m": a length to the centimetre (a jump, a
    throw), not millions, when no currency comes before."""
    if i < 1 or not _glued(doc, i) or "." not in doc[i - 1].text:
        return False
    whole, _, cents = doc[i - 1].text.partition(".")
    return (len(cents) == 2 and whole.isdigit() and cents.isdigit() and not (
        i > 1 and (doc[i - 2].is_currency or doc[i - 2].text in ("$", "\u00a3", "\u20ac"))))


def after_dateline(sent):
    """The sentence without a news-wire dateline ("BANGKOK, March 9 - Thai
    rubber exports rose ..."), which the parser would take for the subject."""
    doc = sent.doc
    for k in range(sent.start + 2, min(sent.end - 3, sent.start + 8)):
        if (doc[k - 1].text == "," and _is_month(doc[k]) and doc[k + 1].text.isdigit()
                and doc[k + 2].text in ("-", "\u2013", "\u2014") and all(t.is_alpha or t.text in (",", ".")
                                                                        for t in doc[sent.start:k - 1])):
            return doc[k + 3:sent.end]
    return sent


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


def _glued(doc, j: int) -> bool:
    """doc[j] is written right after doc[j - 1], with no space."""
    return j > 0 and doc[j - 1].whitespace_ == ""


def _table_row(sent) -> list[str] | None:
    """The label words of a table row ("Oper shr loss 6 cts vs profit 7 cts",
    "Revs 189.1 mln vs 174.7 mln"), or None when the line is not one."""
    toks = [t for t in sent if not t.is_space]
    for k, t in enumerate(toks[:10]):
        if t.text in ("-", "--") and t.whitespace_ and k and toks[k - 1].whitespace_:
            toks = toks[k + 1:]  # "TORONTO, March 3 - Oper shr 25 cts vs 25 cts"
            break
    if not toks or not toks[0].is_alpha or not toks[0].text[:1].isupper():
        return None
    if not any(t.lower_ in ("vs", "vs.", "versus") for t in toks):
        return None
    label = []
    for t in toks:
        if _is_number(t) or t.text in ("$", "£"):
            break
        if not (t.is_alpha or t.text in (".", "&")) or len(label) >= 5:
            return None
        label.append(t.text)
    if not label or len(label) == len(toks):
        return None
    return label


def candidates(sent, masked: list[tuple[int, int]], text: str, currencies: frozenset[str] | set[str] = frozenset()):
    """Number groups in a sentence span of the NER-only doc that may be figures."""
    doc = sent.doc
    out: list[Candidate] = []
    i = sent.start
    end = sent.end
    sets_run_end = -1  # where the last score of a run of set scores ended
    row = _stat_row_figures(sent)
    if row is not None:
        return row
    while i < end:
        tok = doc[i]
        low = tok.lower_
        # "the over-70s": people above an age
        over = _OVER_AGE.match(tok.text)
        if over:
            out.append(Candidate(i, i + 1, i, i + 1, float(over.group(1)), "count", None, "age"))
            i += 1
            continue
        # "aged in his 20s", "in their early 30s": an age by decade
        decade = _DECADE.match(tok.text)
        if decade and i > sent.start and doc[i - 1].lower_ in ("his", "her", "their", "early", "late"):
            out.append(Candidate(i, i + 1, i, i + 1, float(decade.group(1)), "count", None, "age"))
            i += 1
            continue
        # "a father-of-two": the children
        if (low in PARENT_WORDS and i + 4 < end and doc[i + 1].text == "-" and doc[i + 2].lower_ == "of"
                and doc[i + 3].text == "-" and _is_number(doc[i + 4]) and _word_value(doc[i + 4].text)):
            k = i + 4
            out.append(Candidate(k, k + 1, k, k + 1, _word_value(doc[k].text), "count", None, "children"))
            i = k + 1
            continue
        # "a half-hour reduction": half of a unit of time
        if (low == "half" and i + 2 < end and doc[i + 1].text == "-" and _glued(doc, i + 1) and _glued(doc, i + 2)
                and doc[i + 2].lower_ in TIME_UNITS):
            out.append(Candidate(i, i + 1, i, i + 1, 0.5, "compound", doc[i + 2].text, None, i + 2))
            i += 3
            continue
        # "just over half the income", "half their bill"
        if low == "half" and i + 1 < end and doc[i + 1].lower_ in HALF_OF_WORDS and not (
                i > sent.start and doc[i - 1].lower_ in ("a", "one", "first", "second", "the", "other")):
            out.append(Candidate(i, i + 1, i, i + 1, 0.5, "count", None))
            i += 1
            continue
        # "a quarter of a billion dlrs", "a third of a million"
        if (low in ("a", "one") and i + 5 <= end and doc[i + 1].lower_ in FRACTION_WORDS and doc[i + 2].lower_ == "of"
                and doc[i + 3].lower_ in ("a", "one") and _scale(doc[i + 4].text) is not None):
            part = 1 / FRACTION_WORDS[doc[i + 1].lower_]
            money = i + 5 < end and (doc[i + 5].lower_ in currencies or doc[i + 5].lower_ in CURRENCY_ABBREV)
            stop = i + 6 if money else i + 5
            out.append(Candidate(i, stop, i, i + 5, part * _scale(doc[i + 4].text), "money" if money else "count",
                                 doc[i + 5].text if money else None))
            i = stop
            continue
        # "half a million", "half an hour", "nearly quarter of a century"
        if low in ("half", "quarter") and i + 2 < end and not (i > sent.start and doc[i - 1].lower_ in ("a", "one")):
            k = i + 2 if low == "quarter" and doc[i + 1].lower_ == "of" else i + 1
            if k + 1 < end and doc[k].lower_ in ("a", "an"):
                part = 0.5 if low == "half" else 0.25
                unit = doc[k + 1]
                scale = _scale(unit.text)
                if scale is not None:
                    out.append(Candidate(i, k + 2, i, k + 2, part * scale, "count", None))
                    i = k + 2
                    continue
                if unit.lower_ in TIME_UNITS:
                    out.append(Candidate(i, k + 2, i, i + 1, part, "duration", unit.text))
                    i = k + 2
                    continue
        # "two-thirds of": a number word, a hyphen and a fraction word
        if (i + 3 < end and not tok.text[:1].isdigit() and _is_number(tok) and doc[i + 1].text == "-"
                and _glued(doc, i + 1) and _glued(doc, i + 2) and doc[i + 2].lower_ in FRACTION_WORDS
                and doc[i + 3].lower_ == "of"):
            out.append(Candidate(i, i + 3, i, i + 3, _word_value(tok.text) / FRACTION_WORDS[doc[i + 2].lower_],
                                 "count", None))
            i += 3
            continue
        # "a third of", "two thirds of", "a dozen"
        if i + 1 < end and (low in ("a", "one") or (_is_number(tok) and not tok.text[:1].isdigit())):
            nxt = doc[i + 1].lower_
            n = 1.0 if low in ("a", "one") else _word_value(tok.text)
            if nxt in FRACTION_WORDS and i + 2 < end and doc[i + 2].lower_ == "of" and n:
                out.append(Candidate(i, i + 2, i, i + 2, n / FRACTION_WORDS[nxt], "count", None))
                i += 2
                continue
            if low == "a" and nxt in ("hundred", "thousand", "million", "billion") and not (
                    i + 2 < end and doc[i + 2].lower_ == "of"):
                money = i + 2 < end and (doc[i + 2].lower_ in currencies or doc[i + 2].lower_ in CURRENCY_ABBREV)
                stop = i + 3 if money else i + 2
                out.append(Candidate(i, stop, i, i + 2, _scale(nxt), "money" if money else "count",
                                     doc[i + 2].text if money else None))  # "a million views", "a billion dlrs"
                i = stop
                continue
            if nxt == "dozen" and n and not (i + 2 < end and doc[i + 2].lower_ == "of"):
                out.append(Candidate(i, i + 2, i, i + 2, 12.0 * n, "count", None))  # "a dozen", "two dozen"
                i += 2
                continue
        # "10pc": a percentage in British newspaper style
        pc = _GLUED_PC.match(tok.text)
        if pc:
            out.append(Candidate(i, i + 1, i, i + 1, float(pc.group(1)), "percent", "%"))
            i += 1
            continue
        # "increased fourfold", "a threefold rise": a multiple
        fold = _FOLD.match(low)
        if fold and _word_value(fold.group(1)):
            out.append(Candidate(i, i + 1, i, i + 1, _word_value(fold.group(1)), "count", None))
            i += 1
            continue
        glued_unit = _GLUED_UNIT.match(tok.text)
        if glued_unit and tok.ent_type_ not in NAME_LABELS:
            value, letter = float(glued_unit.group(1)), glued_unit.group(2)
            negated = i > sent.start and doc[i - 1].lower_ in ("negative", "minus")  # "minus 5C"
            kind, unit = ("money", "p") if letter == "p" else ("duration", letter) if letter.startswith("sec") \
                else ("quantity", letter)
            out.append(Candidate(i - negated, i + 1, i, i + 1, -value if negated else value, kind, unit))
            i += 1
            continue
        # "a two-thirds majority": a fraction written with a hyphen
        if (i + 2 < end and doc[i + 1].text == "-" and _glued(doc, i + 1) and _glued(doc, i + 2)
                and doc[i + 2].lower_ in FRACTION_WORDS and doc[i + 2].lower_.endswith("s")
                and not tok.text[:1].isdigit() and (_word_value(tok.text) or 0) > 1):
            value = _word_value(tok.text) / FRACTION_WORDS[doc[i + 2].lower_]
            out.append(Candidate(i, i + 3, i, i + 3, value, "count", None))
            i += 3
            continue
        minute = _substitution_minute(doc, i, sent.start, end)
        if minute is not None:
            out.append(Candidate(minute, minute + 1, minute, minute + 1, float(doc[minute].text), "count", None,
                                 "minute"))
            i = minute + 2
            continue
        if not _is_number(tok):
            i += 1
            continue
        # "2-1 victory", "Partizani Tirana 6-1": a score, each side a figure
        if (i + 2 < end and doc[i + 1].text == "-" and _glued(doc, i + 1) and _glued(doc, i + 2)
                and tok.text.isdigit() and doc[i + 2].text.isdigit()
                and (int(tok.text) <= 15 and int(doc[i + 2].text) <= 15 or _high_score(doc, i, sent.start, end))
                and not (i + 3 < end and doc[i + 3].text in ("-", "/"))
                and not (i > sent.start and doc[i - 1].text in ("-", "/") and _glued(doc, i))):  # 4-4-2
            around = {doc[k].lower_ for k in range(max(sent.start, i - 6), min(end, i + 7))}
            prev = doc[i - 1] if i > sent.start else None
            draw = tok.text == doc[i + 2].text and prev is not None and prev.lower_ in ("'s", "is", "was", "at")
            # "to make it 2-2": a score reached
            made = prev is not None and prev.lower_ == "it" and i - 2 >= sent.start and doc[i - 2].lower_ in MAKE_FORMS
            # "won 6-3 6-2 1-6 3-6 10-8": scores in a row are the sets of a tennis match
            # (or by commas: "won 6-1, 6-3, 6-2")
            in_sets = sets_run_end == i or (sets_run_end == i - 1 and doc[i - 1].text == ",") \
                or _score_at(doc, i + 3, end) or (i + 4 < end and doc[i + 3].text == "," and _score_at(doc, i + 4, end))
            if around & SCORE_WORDS or draw or in_sets or made or _is_rugby(doc) or (
                    prev is not None and (prev.ent_type_ in ("ORG", "GPE", "PERSON")
                                          or prev.is_title and not prev.is_sent_start)):
                # "5-4 on penalties": penalties only when said after the score
                near = [doc[k].lower_ for k in range(max(sent.start, i - 6), min(end, i + 7))
                        if k > i + 2 or SCORE_UNITS.get(doc[k].lower_) != "penalties"]
                # a side in double figures is rugby, basketball or cricket: points, not goals
                counts = "games" if in_sets else next((SCORE_UNITS[w] for w in near if w in SCORE_UNITS), (
                    "points" if max(int(tok.text), int(doc[i + 2].text)) > 9 or _is_rugby(doc) else "goals"))
                if in_sets:
                    sets_run_end = i + 3
                for k in (i, i + 2):
                    out.append(Candidate(k, k + 1, k, k + 1, float(doc[k].text), "score", None, counts))
                i += 3
                continue
        # "1-1/4 pct", "101-3/4": a whole number and a fraction
        if (i + 2 < end and tok.text.isdigit() and doc[i + 1].text == "-" and _glued(doc, i + 1)
                and _glued(doc, i + 2) and "/" in doc[i + 2].text and _digit_value(doc[i + 2].text) is not None):
            value = float(tok.text) + _digit_value(doc[i + 2].text)
            cand = _candidate(doc, i + 2, i + 3, end, sent.start, masked, text, currencies, ignore_before=True)
            if cand is not None:
                cand.start, cand.num_start, cand.value = i, i, value
                out.append(cand)
            i += 3
            continue
        j = i + 1
        # "Twenty-three-month-old": a hyphenated number word is one number
        while (j + 1 < end and doc[j].text == "-" and _glued(doc, j) and _glued(doc, j + 1)
               and not tok.text[:1].isdigit() and _is_number(doc[j + 1]) and not doc[j + 1].text[:1].isdigit()):
            j += 2
        while j < end and (
            _is_number(doc[j]) and not doc[j].text[:1].isdigit() and not doc[j - 1].text[:1].isdigit()
            or _scale(doc[j].text) is not None
            or (doc[j].lower_.rstrip(".") in GLUED_SCALE and _glued(doc, j) and doc[j - 1].text[:1].isdigit()
                and j - 1 == i and (_counts_plural(doc, j, end) or (j + 1 < end and doc[j + 1].lower_ in currencies
                                                        and doc[j + 1].lower_ not in METALS) or (
                    i > sent.start and (doc[i - 1].is_currency or doc[i - 1].text in ("$", "£", "€")))))
            or (doc[j].lower_ == "and" and j + 1 < end and _is_number(doc[j + 1]) and not doc[j + 1].text[:1].isdigit()
                and not doc[i].text[:1].isdigit())
        ):
            j += 1
        ands = [k for k in range(i + 1, j) if doc[k].lower_ == "and"]
        if ands and _group_value([t.text for t in doc[i:j]]) is None:
            j = ands[0]  # "mother of five and four of her children": two numbers
        cand = _candidate(doc, i, j, end, sent.start, masked, text, currencies)
        if cand is not None:
            out.append(cand)
        i = j
    label = _table_row(sent) if out else None
    if label is not None:
        toks_start = max(sent.start, out[0].start - len(label) - 1)
        # Reuters tables: what a number is, is the row label, with the words
        # after "vs" replacing the label's last ones ("Oper net loss 481,517 vs
        # profit 487,432": "Oper net loss", "Oper net profit").
        for c in out:
            words = []
            k = c.start - 1
            while k >= toks_start and doc[k].is_alpha and doc[k].lower_ not in ("vs", "versus"):
                words.insert(0, doc[k].text)
                k -= 1
            if k >= toks_start and doc[k].lower_ in ("vs", "vs.", "versus") and words:
                cut = len(label) - len(words) if len(label) > len(words) else len(label)
                c.what = " ".join(label[:cut] + words)
            else:
                c.what = " ".join(label)
        return out
    return out


def _stat_row_figures(sent) -> list[Candidate] | None:
    """Every number of a statistics table row, whatever the model labels them
    (it reads "IRAN 1.6 2.2 1.9" as dates), with the row's label as what."""
    label = _stat_row(sent)
    if label is None:
        return None
    doc = sent.doc
    what = " ".join(_table_heading(doc, sent.start) + label)
    out = [Candidate(t.i, t.i + 1, t.i, t.i + 1, _digit_value(t.text), "count", None, what)
           for t in sent if t.text[:1].isdigit() and _digit_value(t.text) is not None]
    if not out or all(_YEAR.match(doc[c.start].text) for c in out):
        return None  # "Year 1987 1986" is a header
    return out


_ROW_FLAG = re.compile(r"^[a-z]$")


def _stat_row(sent) -> list[str] | None:
    """The label of a statistics table row: a few words, then numbers only,
    each perhaps flagged as revised ("Crude 1,663.3-x 1,542.6 893.7"), perhaps
    followed by the next block's heading ("... 1,181.1 Cotton Oils --")."""
    toks = [t for t in sent if not t.is_space]
    if not toks or not toks[0].is_alpha or not toks[0].text[:1].isupper():
        return None
    k = 0
    label = []
    while k < len(toks) and toks[k].is_alpha and len(label) < 4:
        label.append(toks[k].text)
        k += 1
    numbers = 0
    while k < len(toks):
        t = toks[k]
        if t.text[:1].isdigit() and _digit_value(t.text) is not None:
            numbers += 1
            k += 1
            if k + 1 < len(toks) and toks[k].text == "-" and _ROW_FLAG.match(toks[k + 1].text) \
                    and toks[k].idx == t.idx + len(t.text):
                k += 2
            continue
        break
    rest = toks[k:]
    if numbers < 2 or not label or (rest and not (rest[-1].text in ("--", ":") and all(t.is_alpha for t in rest[:-1]))):
        return None
    return label


def _table_heading(doc, start: int) -> list[str]:
    """The words of the block heading above a table row ("Soybean Oils --"),
    looked for in the few lines before it; [] when there is none."""
    k = start - 1
    lines_seen = 0
    words: list[str] = []
    while k >= 0 and lines_seen < 6:
        t = doc[k]
        if "\n" in t.text:
            lines_seen += 1
            k -= 1
            continue
        if t.text in ("--", ":") and k > 0:
            j = k - 1
            while j >= 0 and doc[j].is_alpha:
                words.insert(0, doc[j].text)
                j -= 1
            return words if 0 < len(words) <= 4 else []
        if not (t.is_alpha or t.text[:1].isdigit() or t.text in ("-", ".", ",")):
            return []
        k -= 1
    return []


def _counts_plural(doc, j: int, end: int) -> bool:
    """"133m text messages", "2bn people": a glued scale letter before a
    plural noun is millions (not "400m hurdles", metres of a race)."""
    if doc[j].lower_ not in ("m", "bn", "mn"):
        return False
    if "." in doc[j - 1].text and len(doc[j - 1].text.split(".")[1]) > 1:
        return False  # "17.30m": a length to the centimetre
    k = j + 1
    if k < end and doc[k].is_alpha and doc[k].is_lower and not doc[k].lower_.endswith(("s", "ed", "ly", "ing")) \
            and doc[k].lower_ not in RACE_WORDS and k + 1 < end:
        k += 1  # "133m text messages"
    w = doc[k].lower_ if k < end else ""
    return (w.endswith("s") and not w.endswith("ss") and doc[k].is_alpha and doc[k].is_lower
            and w not in RACE_WORDS and w not in SPELLED_UNITS and w not in TIME_UNITS and w not in S_ADVERBS)


def _high_score(doc, i: int, start: int, end: int) -> bool:
    """doc[i:i+3] is an "N-M" in double figures that a result word marks as a
    score: "Saturday's 24-18 win", "beat Italy 18-10"."""
    if not (int(doc[i].text) < 100 and int(doc[i + 2].text) < 100):
        return False
    if _is_rugby(doc):
        return True  # "Ireland leading 18-12", "cut the gap to 18-12"
    k = i + 3
    while k < min(end, i + 6) and doc[k].is_title and doc[k].lower_ not in RESULT_NOUNS:
        k += 1  # "Sunday's 19-13 Six Nations loss"
    return (k < end and doc[k].lower_ in RESULT_NOUNS) or (
        i - 1 >= start and (doc[i - 1].lower_ in RESULT_VERBS
                            or i - 2 >= start and doc[i - 2].lower_ in RESULT_VERBS and doc[i - 1].is_title))


def _is_rugby(doc) -> bool:
    """The article is about rugby, whose scores count points ("led 6-3 at the break")."""
    if "rugby" not in doc.user_data:
        words = {t.lower_ for t in doc}
        doc.user_data["rugby"] = bool(words & RUGBY_WORDS) or {"tries", "conversion"} <= words or any(
            t.lower_ == "nations" and t.i > 0 and doc[t.i - 1].lower_ == "six" for t in doc)
    return doc.user_data["rugby"]


def _score_at(doc, i: int, end: int) -> bool:
    """doc[i:i+3] is a glued "N-M" of two small numbers."""
    return (i + 2 < end and doc[i].text.isdigit() and doc[i + 1].text == "-" and doc[i + 2].text.isdigit()
            and _glued(doc, i + 1) and _glued(doc, i + 2) and int(doc[i].text) <= 15 and int(doc[i + 2].text) <= 15)


def _named_currency_end(doc, j: int, end: int, currencies) -> int:
    """The end of "Australian dlrs", "Hong Kong dollars", "U.S. Dlrs" at doc[j]:
    up to two capitalised words, then a currency; 0 when there is none."""
    for k in range(j, min(j + 2, end - 1)):
        if not doc[k].text[:1].isupper() or not (doc[k].is_alpha or doc[k].text in ("U.S.", "H.K.")):
            return 0
        if doc[k + 1].lower_ in currencies or doc[k + 1].lower_ in CURRENCY_ABBREV:
            return k + 2
    return 0


def _address_follows(doc, j: int, end: int) -> bool:
    """A street word right after the number or after up to two names: "10
    Downing Street", "71 Street South", "12 St Mary's Road" (not "£36million
    for St Etienne", where "St" is Saint and no street follows)."""
    names = 0
    for k in range(j, min(j + 5, end)):
        if doc[k].lower_ in ("'s", "\u2019s"):
            continue
        if not doc[k].is_title or names > 2:
            return False
        saint = doc[k].lower_.rstrip(".") == "st" and k + 1 < end and doc[k + 1].is_title
        if doc[k].lower_.rstrip(".") in STREET_WORDS and not saint:
            return True
        names += not saint  # "12 St Mary's Road": a saint's name may come first
    return False


def _names_someone(tok) -> bool:
    """A name ("Lamptey") or a word for a person ("star", "striker"), not "index"."""
    low = tok.lower_
    return tok.is_title or low in PERSON_NOUNS or low in ROLE_NOUNS or low.endswith(AGENT_SUFFIXES)


def _is_month(tok) -> bool:
    return tok.lower_.rstrip(".") in MONTHS and tok.text[:1].isupper()  # "Oct." too


def _unit_follows(doc, j: int, sent_end: int, currencies) -> bool:
    """A unit word (time, percent, measure, currency) or a scale word at doc[j]."""
    if j >= sent_end:
        return False
    w = doc[j].lower_
    glued = _GLUED_UNIT.match(doc[j].text)  # "1-2mbps"
    return (w in TIME_UNITS or w in PERCENT_WORDS or w in MEASURE_UNITS or w in SPELLED_UNITS
            or w in CURRENCY_ABBREV or w in currencies or _scale(doc[j].text) is not None
            or (glued is not None and glued.group(2) != "p"))


def _after_caption(doc, k: int, sent_start: int) -> bool:
    """doc[k] closes a photo caption's bracket after a name: "Doria (pictured with Meghan)"."""
    if doc[k].text != ")":
        return False
    for o in range(k - 1, max(sent_start, k - 7) - 1, -1):
        if doc[o].text == "(":
            return (o + 1 < k and doc[o + 1].lower_ in CAPTION_WORDS and o - 1 >= sent_start
                    and (doc[o - 1].ent_type_ == "PERSON" or doc[o - 1].is_title))
    return False


def _after_age_words(doc, i: int, sent_start: int) -> bool:
    """The number follows "aged" or "age(s) of", directly or as the later end
    of a range ("aged 30 to 40", "between the ages of six and 11"), or an
    age limit on children, or ", both 20"."""
    k = i - 1
    while k >= sent_start and i - k <= 4:
        low = doc[k].lower_
        if low == "aged" or (low == "of" and k > sent_start and doc[k - 1].lower_ in ("age", "ages")):
            return True
        if low in ("under", "over") and k > sent_start and doc[k - 1].lower_ in YOUNG_PEOPLE:
            return True  # "a child under 12", "children over five"
        if low == "both" and k == i - 1 and k > sent_start and doc[k - 1].text == ",":
            return True  # "Hugo Palmer, both 20,"
        if not (_is_number(doc[k]) or low in ("to", "and", "-", "or", "from", "between", "\u2013")):
            return False
        k -= 1
    return False


def _candidate(doc, i: int, j: int, sent_end: int, sent_start: int, masked, text: str, currencies,
               ignore_before: bool = False) -> Candidate | None:
    first, last = doc[i], doc[j - 1]
    texts = [GLUED_SCALE.get(t.lower_.rstrip("."), t.text) if k and _glued(doc, i + k) else t.text
             for k, t in enumerate(doc[i:j])]
    if all(_scale(t) is not None and _digit_value(t) is None for t in texts):
        return None  # "million" alone
    value = _group_value(texts)
    if value is None:
        return None
    if value == 0 and j < sent_end and doc[j].lower_ in ZERO_IDIOMS:
        return None  # "a zero tolerance drive", "zero waste": a slogan, not a quantity
    negated = i > sent_start and doc[i - 1].lower_ in ("negative", "minus")
    if negated:
        value = -value  # "up from a negative 1.4 pct"
    c0, c1 = first.idx, last.idx + len(last.text)
    if any(a < c1 and c0 < b for a, b in masked):
        return None  # phone number
    # Inside an identifier: letter right before/after (A320, F-16, 3M, 10am).
    before = text[c0 - 1] if c0 > 0 else " "
    before2 = text[c0 - 2] if c0 > 1 else " "
    after = text[c1] if c1 < len(text) else " "
    range_end = before == "-" and before2.isdigit() and (
        _unit_follows(doc, j, sent_end, currencies) or any(_scale(t) is not None for t in texts[1:])
        or _after_age_words(doc, i, sent_start))  # "aged 6-25"
    if not ignore_before and (before.isalpha() or (before in "-/" and before2.isalnum() and not range_end)):
        return None
    # "52-year-old", "a four-day escalation", "the 50-over World Cup": the
    # number measures the word after the hyphen.
    unit_tok = -1
    if (j + 1 < sent_end and doc[j].text == "-" and _glued(doc, j) and _glued(doc, j + 1) and doc[j + 1].is_alpha
            and doc[j + 1].is_lower and doc[j + 1].lower_ not in NOT_UNITS and len(doc[j + 1].text) > 1
            and not (value == 1 and doc[j + 1].lower_ not in TIME_UNITS)
            and not (doc[j + 1].lower_ in ("a", "per") and j + 2 < sent_end and doc[j + 2].text == "-")):
        unit_tok = j + 1  # but "£650,000-a-year contracts" is a sum per year, not a measure of "a"
    metres = j < sent_end and doc[j].lower_ == "m" and _centimetres(doc, j)
    if after.isalpha() and not metres and not (
            j < len(doc) and (_scale(doc[j].text) is not None or doc[j].lower_ in PERCENT_WORDS
                              or doc[j].lower_ in TIME_UNITS or doc[j].lower_ in MEASURE_UNITS
                              or doc[j].text in ("C", "F", "p"))):
        return None
    if before in "'’" and len(first.text) == 2 and first.text.isdigit() and not (
            j < sent_end and doc[j].lower_ in PERCENT_WORDS):
        return None  # "class of '83": a year (not a quote opening on "'57%")
    if after in "-/" and c1 + 1 < len(text) and text[c1 + 1].isdigit() and not (
            after == "-" and j + 2 < sent_end and (_unit_follows(doc, j + 2, sent_end, currencies)
                                                  or _unit_follows(doc, j + 1, sent_end, currencies)
                                                  or (i > sent_start and doc[i - 1].lower_ == "aged"))):
        return None  # 1987/88, 555-1234 leftovers, ranges written as ids; not "30-35 minutes"
    if (i > sent_start and _is_month(doc[i - 1])) or (j < sent_end and _is_month(doc[j])):
        return None  # "Oct 20", "8 December": a date (not "10 may die")
    if i > sent_start and _glued(doc, i) is False and doc[i - 1].is_upper and doc[i - 1].is_alpha \
            and len(doc[i - 1].text) >= 2 and doc[i - 1].lower_ not in currencies and j < sent_end and doc[j].is_lower:
        return None  # "FTSE 100 companies", "CAC 40 index": an index named with a number
    if i > sent_start and doc[i - 1].lower_ in IDENT_PREFIX:
        return None
    if i - 1 > sent_start and doc[i - 1].text in ("Under", "Over"):
        return None  # "the Under 18 Boys Grand Final": an age group's name
    # "a 3 in 1 Snack Maker", "2-in-1 shampoo": an all-in-one product (not "one in four Turks")
    if (i - 2 >= sent_start and doc[i - 1].lower_ == "in" and _is_number(doc[i - 2]) and value == 1) or (
            j + 1 < sent_end and doc[j].lower_ == "in" and doc[j + 1].lower_ in ("1", "one") and value > 1):
        return None
    if _address_follows(doc, j, sent_end):
        return None  # "71 Street South", "10 Downing Street": an address
    if j < sent_end and (doc[j].lower_ in TIME_ZONES or doc[j].lower_ in ("o'clock", "o\u2019clock")):
        return None  # "1500 GMT", "10 o'clock": a time of day
    if first.text[:1].isdigit() and "." not in first.text and len(first.text) > 1 and first.text[0] == "0":
        return None  # 007, 0171: codes
    ent = first.ent_type_
    nxt = doc[j] if j < sent_end else None
    is_time_unit = nxt is not None and (nxt.lower_ in TIME_UNITS or (
        nxt.lower_ in SUCCESSION_WORDS and j + 1 < sent_end and doc[j + 1].lower_ in TIME_UNITS))
    # "four or five months": the first end of a range of durations is no date either
    time_range = (nxt is not None and nxt.lower_ in ("or", "to", "and", "-", "\u2013") and j + 2 < sent_end
                  and _is_number(doc[j + 1]) and doc[j + 2].lower_ in TIME_UNITS)
    # A name never starts with a count: "800,000 Azerbaijanis" tagged PERSON is a count.
    count_before_name = first.ent_iob_ == "B" and ent in COUNTABLE_NAME_LABELS and (
        first.text[:1].isdigit() or first.is_lower)
    # the model calls "6bn" ORDINAL now and then; only "3rd" or a word is one
    ordinal = ent == "ORDINAL" and (not first.text[:1].isdigit() or first.lower_.endswith(("st", "nd", "rd", "th")))
    # "Austria 6,048 (4,104)": a number grouped in thousands is never part of a name
    grouped = _GROUPED.match(first.text) is not None or (  # nor is a sum: "paid Sporting Lisbon £4.5million"
        i > sent_start and doc[i - 1].text in ("$", "\u00a3", "\u20ac") and not doc[i - 1].whitespace_)
    # "awarded Varig 2bn reais": the model runs the name on over the sum
    sum_in_currency = first.text[:1].isdigit() and nxt is not None and nxt.lower_ in currencies
    if (ent in NAME_LABELS and not count_before_name and not grouped and not sum_in_currency) or ordinal:
        return None
    # "Group of Seven", "a day with Five": a capitalised number word inside a
    # sentence (after a word, not a quote or a colon) is part of a name.
    if not first.text[:1].isdigit() and first.is_title and i > sent_start and doc[i - 1].is_alpha:
        return None
    # "this year's Six Nations", "the 19-13 Six Nations loss": a capitalised
    # number word inside a sentence, before a capitalised word, starts a name
    # (not in a title-case heading: "Gritty Melodrama, Four Times a Week")
    if (not first.text[:1].isdigit() and first.is_title and i > sent_start
            and (doc[i - 1].lower_ in ("'s", "\u2019s") or doc[i - 1].is_lower or doc[i - 1].text[:1].isdigit())
            and nxt is not None and nxt.is_title and nxt.is_alpha and nxt.ent_type_ not in ("NORP", "GPE")):
        return None
    if unit_tok >= 0:
        return Candidate(i, j, i, j, value, "compound", doc[unit_tok].text, None, unit_tok)
    prev = doc[i - 1] if i > sent_start else None
    # "John Houston, 54, was", "Mr Davies, 60, said", "his wife, 39.": a person, then the age
    is_age = prev is not None and (prev.lower_ in ("aged", "turn", "turns", "turned", "turning") or (
        prev.text == "," and i - 2 >= sent_start and doc[i - 2].lower_ in PERSON_NOUNS
        and nxt is not None and nxt.text in (",", ".", ")")) or (
        prev.text == "," and i - 2 >= sent_start and nxt is not None and nxt.text in (",", ")")
        and (doc[i - 2].ent_type_ == "PERSON" or (doc[i - 2].is_title and not doc[i - 2].ent_type_ and (
            i - 2 == sent_start or (i - 3 >= sent_start and doc[i - 3].is_title))))))
    # "A hiker, 43, fell", "Ray Ward (right), 27, and": someone, then the age
    is_age = is_age or (prev is not None and prev.text == "," and nxt is not None and nxt.text in (",", ")")
                        and first.text.isdigit() and 1 <= value <= 110 and i - 3 >= sent_start and (
        (doc[i - 2].is_alpha and doc[i - 2].is_lower and doc[i - 3].lower_ in ("a", "an", "the")
         and (doc[i - 2].lower_ in PERSON_NOUNS or doc[i - 2].lower_.endswith(AGENT_SUFFIXES)))
        or _after_caption(doc, i - 2, sent_start)
        # "Right-back Lamptey, 19, has", "The Stay With Me star, 28,": the model
        # itself labels such an appositive age DATE, as OntoNotes does
        or (ent == "DATE" and doc[i - 2].is_alpha and not _is_month(doc[i - 2])
            and doc[i - 2].lower_ not in WEEKDAYS and _names_someone(doc[i - 2])
            and not (j + 1 < sent_end and _is_number(doc[j + 1])))))  # not "levels, 30, 40 and 50 decibels"
    is_age = is_age or _after_age_words(doc, i, sent_start) or (  # "I am 25.", "Jack was six in 2019"
        prev is not None and prev.lower_ in ("am", "'m", "is", "was") and i - 2 >= sent_start
        and (doc[i - 2].lower_ in PERSONAL_PRONOUNS or doc[i - 2].lower_ == "who" or doc[i - 2].ent_type_ == "PERSON")
        and (nxt is None or nxt.is_punct or nxt.lower_ in ("in", "when", "at", "and", "or"))) or (
        # "when she was 20 or 21": the other end of an age
        prev is not None and prev.lower_ == "or" and i - 4 >= sent_start and _is_number(doc[i - 2])
        and doc[i - 3].lower_ in ("was", "is", "am") and doc[i - 4].lower_ in PERSONAL_PRONOUNS) or (
        prev is not None and prev.lower_ == "now" and i - 2 >= sent_start and doc[i - 2].text == ","  # "Ms Lee, now 36,"
        and nxt is not None and nxt.text in (",", ".") and first.text.isdigit())
    scaled = any(_scale(t) is not None for t in texts[1:])  # "17.1 mln" is never a date
    # "Two episodes ago": the model's DATE, but what is counted is no unit of time
    counts_things = nxt is not None and nxt.is_alpha and nxt.is_lower and nxt.lower_.endswith("s") \
        and nxt.lower_ not in TIME_UNITS and nxt.ent_type_ == ent
    spelled_unit = nxt is not None and nxt.lower_ in SPELLED_UNITS  # "one tablespoon", which the model calls TIME
    if ent in ("DATE", "TIME") and not is_time_unit and not time_range and not is_age and not scaled \
            and not counts_things and not spelled_unit:
        return None
    if len(texts) == 1 and _YEAR.match(first.text) and not is_time_unit:
        return None  # a year
    unit_next = nxt is not None and (nxt.lower_ in PERCENT_WORDS or nxt.lower_ in CURRENCY_ABBREV
                                     or nxt.lower_ in currencies or nxt.lower_ in SPELLED_UNITS)
    one_in = nxt is not None and nxt.lower_ == "in" and j + 1 < sent_end and _is_number(doc[j + 1])  # "one in 16"
    if len(texts) == 1 and first.lower_ == "one" and not is_time_unit and not unit_next and not time_range \
            and not one_in and not (
            i > sent_start and doc[i - 1].lower_ in FOCUS_WORDS):
        return None  # "one source said", "one of which"

    if is_age:
        return Candidate(i, j, i, j, value, "count", None, "age")
    start, stop = i, j
    kind, unit = "count", None
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
        elif is_time_unit and nxt.lower_ in SUCCESSION_WORDS:
            kind, unit, stop = "duration", doc[j + 1].text, j + 2  # "four consecutive quarters"
        elif is_time_unit:
            kind, unit, stop = "duration", nxt.text, j + 1
        elif (nxt.lower_ in MEASURE_UNITS and _glued(doc, j)) or metres:
            kind, unit, stop = "quantity", nxt.text, j + 1
        elif nxt.text in ("C", "F") and _glued(doc, j):
            kind, unit, stop = "quantity", nxt.text, j + 1  # "180C": degrees
        elif nxt.text == "p" and _glued(doc, j) and kind == "count":
            kind, unit, stop = "money", "p", j + 1  # "80p": pence
        elif kind == "count" and (nxt.lower_ in currencies or nxt.lower_ in CURRENCY_ABBREV):
            kind, unit, stop = "money", nxt.text, j + 1
        elif kind == "count" and (k := _named_currency_end(doc, j, sent_end, currencies)):
            kind, unit, stop = "money", doc[j:k].text, k  # "985 mln Australian dlrs", "20 U.S. Dlrs"
        elif kind == "count" and nxt.ent_type_ == "MONEY" and first.ent_type_ == "MONEY" \
                and nxt.is_alpha and not nxt.is_stop and nxt.ent_iob_ == "I":
            k = j + 1
            while k < sent_end and doc[k].ent_iob_ == "I" and doc[k].is_alpha and not doc[k].is_stop:
                k += 1  # "86.7bn Swiss francs"; the model also says MONEY of "square feet"
            if any(t.lower_ in currencies or t.lower_ in CURRENCY_ABBREV for t in doc[j:k]):
                kind, unit, stop = "money", doc[j:k].text, k
    return Candidate(i - 1 if negated else start, stop, i, j, value, kind, unit)


# ---------------------------------------------------------------- parse stage

# Forms of "be": a count that is the subject of a copula takes no verb ("20 nationals were").


def _trailing_change(sdoc, c: Candidate, offset: int):
    """The "down" of ", down 6.3 pct" right before the figure, or None."""
    k = c.start - offset - 1
    if k < 1 or sdoc[k].lower_ not in CHANGE_WORDS or sdoc[k - 1].text != ",":
        return None
    return sdoc[k]


def _changed_from(sdoc, k: int) -> bool:
    """sdoc[k] is a "from" of change ("rose to 8,285 from 5,908", "up from 16.5"),
    not of a starting price ("cushions from $10")."""
    head = sdoc[k].head
    return head.pos_ in ("VERB", "AUX") or head.lower_ in CHANGE_WORDS or head.lower_ in CHANGE_NOUNS


# "compared with 3.95 billion dlrs", "which compares with 2,000 billion"
COMPARED = [[verb, prep] for verb in ("compared", "compares", "compare", "comparing") for prep in ("with", "to")]


def _earlier_level(doc, sdoc, a: Candidate, b: Candidate, offset: int, gap: list[str]) -> bool:
    """`b` gives an earlier level of what `a` measures: "rose to 8,285 tonnes
    from 5,908", "compared with 3.95 billion dlrs", "against yearago two
    billion", "China 69,952 (60,296)".  `gap` is the words between them."""
    if not (b.kind == "count" and b.unit is None or (b.kind == a.kind and b.unit == a.unit)):
        return False  # a level in another unit is another thing
    root = root_of(sdoc, b, offset)
    if root.dep_ in ("nummod", "compound", "quantmod") and root.head.lower_ not in PREVIOUS_LEVEL_WORDS:
        return False  # "77 cases": the number has its own noun
    if any(g in (";", ".") for g in gap) or _starts_range(doc, b):
        return False
    if gap[-1] in PREVIOUS_LEVEL_WORDS:
        return gap[-1] != "from" or _changed_from(sdoc, b.start - offset - 1)
    closes = b.end < len(doc) and doc[b.end].text == ")"
    return gap[-2:] in COMPARED or (gap[-1] == "(" and len(gap) <= 2 and closes)


def _starts_range(doc, c: Candidate) -> bool:
    """"from 20 to 50": the number opens a range of its own."""
    k = c.end
    return k + 1 < len(doc) and doc[k].lower_ in ("to", "and", "-", "\u2013") and _is_number(doc[k + 1])


def figures(sent, sdoc, cands: list[Candidate], body: str, nouns: frozenset[str] = frozenset(),
            currencies: frozenset[str] = frozenset()):
    offset = sent.start
    sentence = " ".join(sent.text.split())
    out = []
    whats = []
    for c in cands:
        if c.what is not None:
            whats.append((c.what, c.kind, c.unit, c.end - offset))
        elif sdoc is None:
            whats.append((None, c.kind, c.unit, c.end - offset))
        else:
            whats.append(what_of(sdoc, c, offset, nouns, currencies))
    # A what with no content word ("-", "or") says nothing: let the linking below fill it.
    whats = [(w if w and any(any(ch.isalpha() for ch in x) and x.lower() not in FUNCTION_WORDS for x in w.split())
              else None, *rest) for w, *rest in whats]
    doc = sent.doc
    # Linked numbers: "from 20 to 50 pct", "aged 30 to 40", "1,000 and 10,000
    # dlrs", "4,573,000 dlrs or 17 cts share": the bare end of a range takes
    # what the other end measures.
    for k in range(len(cands) - 1):
        a, b = cands[k], cands[k + 1]
        if b.start - a.end != 1 or a.what is not None:
            continue
        conn = doc[a.end].lower_
        wa, wb = whats[k], whats[k + 1]
        if conn in ("to", "and", "or", "-", "\u2013", "\u2014"):
            # "cut by between five and 50 pct": the bare first end is a percentage too
            if a.kind == "count" and a.unit is None and b.kind == "percent" and b.start == a.end + 1 and wb[0]:
                whats[k] = (wb[0], "percent", wb[2], wa[3])
                continue
            # "between 1.5 and 1.6 mln tonnes": the scale word belongs to both ends
            scales = [_scale(t.text) for t in doc[b.num_start:b.num_end] if _scale(t.text) is not None]
            if scales and a.num_end - a.num_start == 1 and a.kind == "count" and a.unit is None \
                    and a.value < b.value / scales[0] * 10:
                a.value *= scales[0]
            # "declined 75.4 mln dlrs to 104.0": the bare new level has the change's scale and unit
            a_scales = [_scale(t.text) for t in doc[a.num_start:a.num_end] if _scale(t.text) is not None]
            if conn == "to" and wa[1] == "money" and a_scales and b.kind == "count" and b.unit is None \
                    and b.num_end - b.num_start == 1 and doc[b.num_start].text[:1].isdigit():
                b.value *= a_scales[0]
                whats[k + 1] = (wa[0], "money", wa[2], wb[3])
                continue
            if wb[0] and (wa[0] is None or (a.unit is None and b.unit is not None)):
                whats[k] = (wb[0], wa[1], wa[2], wa[3])
            elif wa[0] and wb[0] is None:
                whats[k + 1] = (wa[0], wb[1], wb[2], wb[3])
            elif conn == "or" and wa[0] and wb[0] in ("share", "per share"):
                # "a gain of 4,573,000 dlrs or 17 cts share"
                whats[k + 1] = (wa[0] + " per share", wb[1], wb[2], wb[3])
    # "$15m (£8.3m)", "86.7bn Swiss francs ($74.6bn; £39.1bn)": the same sum converted
    converted = False
    for k in range(len(cands) - 1):
        a, b = cands[k], cands[k + 1]
        wa, wb = whats[k], whats[k + 1]
        a_end = wa[3] + offset if sdoc is not None else a.end
        gap = [t.text for t in doc[a_end:b.start]]
        converted = bool(wa[0]) and wa[1] == wb[1] == "money" and b.what is None and (
            gap == ["("] or (converted and gap in ([";"], [","])))
        if converted:
            whats[k + 1] = (wa[0], wb[1], wb[2], wb[3])
    # "64 respondents out of 146": the whole counts what the part counts.
    # "pay $100m now and another $120m": a sum the parse leaves hanging in a
    # list takes what the list's previous sum is.
    for k in range(1, len(cands)):
        a, b = cands[k - 1], cands[k]
        wa, wb = whats[k - 1], whats[k]
        if b.what is not None or sdoc is None:
            continue
        if b.kind == "money" and listed_item(sdoc, b.start - offset, wb[3]):
            continue  # "skirt, £119,": its own item, not the list's first
        gap = [t.lower_ for t in doc[a.end:b.start]]
        after_a = [t.lower_ for t in doc[max(a.end, wa[3] + offset):b.start]]
        # "rose to 8,285 tonnes from 5,908", "China 69,952 (60,296)": an earlier
        # level of what the figure before measures, in its unit
        if wa[0] and 0 < len(after_a) <= 14 and _earlier_level(doc, sdoc, a, b, offset, gap):
            whats[k] = (wa[0], wa[1], wa[2], wb[3])
            continue
        # "France rose to 20,479 tonnes ..., and Italy 4,014 tonnes": a bare
        # unit in a list is measured as the list's first item is
        if wa[0] and wb[0] and wa[0].endswith(f"({wb[0]})") and len(gap) <= 8 and ("," in gap or "and" in gap):
            whats[k] = (wa[0], wb[1], wb[2], wb[3])
            continue
        # "sales of 343.06 billion, down 6.3 pct": a change said after the
        # figure it changes measures the same thing
        change = _trailing_change(sdoc, b, offset)
        if change is not None:
            # the nearest figure before the comma that is no span of time ("in the three month period")
            m = next((m for m in range(k - 1, -1, -1) if cands[m].kind != "duration" and whats[m][0]
                      and cands[m].end <= change.i - 1 + offset), None)
            if m is not None and change.i - 1 + offset - cands[m].end <= 12:
                whats[k] = (f"{whats[m][0]} {change.text}", wb[1], wb[2], wb[3])
                continue
        if wb[0] and gap in (["out", "of"], ["in"]) and a.kind == b.kind == "count" and (
                not wa[0] or gap == ["in"]):
            whats[k - 1] = (wb[0], wa[1], wa[2], wa[3])  # "six out of 20 women", "one in 16 messages"
            continue
        if not wa[0]:
            continue
        if " " not in wa[0] and any(t.text == wa[0] and t.tag_.startswith("VB") for t in sdoc):
            continue  # a bare verb says too little to pass on
        if gap[-2:] == ["out", "of"] and len(gap) <= 4 and b.kind == a.kind:
            whats[k] = (wa[0], wb[1], wb[2], wb[3])
        elif (b.kind == a.kind and (b.kind in ("money", "percent") or not wb[0]) and 0 < len(gap) <= 4
              and not (wb[0] and b.end < len(doc) and doc[b.end].lower_ in ("in", "of"))  # "$6bn in equity"
              and ("and" in gap or "," in gap or "or" in gap)
              and (not wb[0] or root_of(sdoc, b, offset).dep_ in ("npadvmod", "appos", "conj", "dep"))):
            whats[k] = (wa[0], wb[1], wb[2], wb[3])
    for c, (what, kind, unit, end) in zip(cands, whats):
        if not what:
            continue
        if sdoc is None:
            s_char = doc[c.start].idx
            last = doc[c.end - 1]
            e_char = last.idx + len(last.text)
            out.append((body[s_char:e_char], c.value, what, sentence, s_char, e_char, unit))
            continue
        # Quantity modifiers to the left: "more than", "about", "nearly", "at least".
        start = c.start - offset
        num_ids = set(range(c.num_start - offset, c.num_end - offset)) | set(range(c.start - offset, c.end - offset))
        while start > 0:
            t = sdoc[start - 1]
            if not t.is_alpha or t.like_num or t.lower_ in ("between", "from", "in", "of") or (t.lower_ in ("to", "and", "or") and not (
                    start > 1 and sdoc[start - 2].lower_ == "up")):
                break
            if t.lower_ in ("now", "then", "still"):
                break  # "Ms Lee, now 36,": time, not a hedge on the number
            if t.dep_ in ("quantmod", "advmod") and t.head.i in num_ids or (
                t.dep_ in ("amod",) and t.tag_ in ("JJR", "JJS", "RBR", "RBS") and t.head.i in num_ids
            ) or (t.dep_ == "advmod" and t.head.i == start and t.head.dep_ in ("quantmod", "advmod")):
                num_ids.add(t.i)
                start -= 1
            else:
                break
        if sdoc[start].lower_ == "to" and start < c.start - offset:
            start += 1  # "up to" whose "up" the parse gave to the verb ("taxed up to £100,000")
        elif sdoc[start].lower_ == "as" and start < c.start - offset:
            # "as many as 1.5million": the parse hangs "many" elsewhere; the hedge is all three words or none
            if start >= 2 and sdoc[start - 1].lower_ in ("many", "much") and sdoc[start - 2].lower_ == "as":
                start -= 2
            else:
                start += 1
        # Offsets from the original tokens: the parsed copy may spell words out.
        s_char = doc[start + offset].idx
        last = doc[end - 1 + offset]
        e_char = last.idx + len(last.text)
        if last.text.endswith(".") and (last.lower_.rstrip(".") in GLUED_SCALE or _GLUED_UNIT.match(last.text)):
            e_char -= 1  # "$220m." at the end of a sentence
        out.append((body[s_char:e_char], c.value, what, sentence, s_char, e_char, unit))
    return out
