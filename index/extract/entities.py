"""Entity post-processing: spans, title handling, per-article label voting,
surname propagation, gazetteer corrections.

Works on spaCy docs but imports nothing heavy itself.
"""

from __future__ import annotations

import re
from collections import defaultdict

from index.extract.figure_words import MONTHS, WEEKDAYS
from index.extract.gazetteer import Gazetteer

# Labels that are numbers: they become figures, not entities.
NUMERIC_LABELS = frozenset({"CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "TIME"})
# Labels a gazetteer place may overwrite.  Places the model already calls GPE,
# LOC or FAC are left alone.
OVERRIDABLE = frozenset({"PERSON", "ORG", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "LANGUAGE"})

TITLE_WEIGHT = 0.5
CONTEXT_WEIGHT = 1.0  # a place noun or an organisation noun right next to the mention
SUFFIX_WEIGHT = 3.0  # a span ending in Inc / Ministry / Party ...  # headlines confuse the model (Title Case, ALL CAPS)
LONE_PERSON_WEIGHT = 0.5  # a bare capitalised token called PERSON with no full name in the article
ANALOGY_WEIGHT = 1.5  # a mention in the same slot as a known person of the article
GAZETTEER_WEIGHT = 1.0  # a city name, when the model calls it an ORG
# A locative preposition ("in X", "beyond X", "miles from X") or a conflict
# word after the name ("X clashes"): more than a lone PERSON vote (0.5), less
# than one ORG mention (1), so "in Microsoft" alone stays an ORG.
LOCATIVE_WEIGHT = 0.75
PLACE_LABELS = ("GPE", "LOC", "FAC")

_NAME_ONLY = frozenset({"PERSON", "GPE", "LOC", "NORP"})
# Words in front of a name that are not part of it (the gold convention and
# common sense: "the White House" is the entity "White House").
LEADING_DETERMINERS = frozenset({"the", "a", "an", "another", "this", "that", "these", "those"})
# Titles and honorifics before a person's name ("Mr Blair" -> "Blair").
HONORIFICS = frozenset(
    "mr mr. mrs mrs. ms ms. miss dr dr. sir dame lord lady baroness baron prof prof. professor rev rev. "
    "reverend pope president premier chancellor senator sen. sen rep. gov. governor mayor king queen prince "
    "princess sheikh gen gen. general col col. lt lt. major maj. capt capt. captain sgt sgt. judge justice "
    "cardinal bishop archbishop father brother sister st. saint".split()
)
# A role noun in front of a full name ("songwriter Guy Chambers"): not part of it.
ROLE_NOUNS = frozenset(
    "minister secretary spokesman spokeswoman spokesperson chairman chairwoman director chief executive "
    "songwriter singer composer actor actress author writer striker defender midfielder goalkeeper winger "
    "coach manager captain batsman bowler player leader nominee candidate presenter producer analyst "
    "economist strategist".split()
)
# Function words a name never ends with ("Direct Saver and", "Group of").
TRAILING_FUNCTION = frozenset({"and", "of", "the", "&", "for", "in", "at", "on", "to", "or"})
# The last word of an organisation's name.  A span ending in one is an ORG.
ORG_SUFFIXES = frozenset(
    "inc inc. corp corp. co co. plc ltd ltd. llc ag sa nv bv gmbh spa ab asa oyj "
    "group bank ministry party council association committee commission department agency "
    "office institute university college service services board court society fund federation "
    "authority corporation company companies holdings trust organisation organization foundation "
    "club fc exchange"
    .split()
)
# Lower-case nouns that say the name next to them is a place: "Shevchenko
# district", "region of Nagorno-Karabakh".
PLACE_NOUNS = frozenset(
    "region province district enclave territory village town city capital republic county state "
    "island islands peninsula valley river mountains border borders oblast prefecture street road avenue "
    "square".split()
)
# Lower-case words that are part of a place's name when they follow it: "Kharg
# island", "Tolbukhin street", "Shevchenko district" (not "Karabakh region").
NAME_PART_NOUNS = frozenset("island street road avenue lane square boulevard district".split())
_MONTHS = MONTHS | WEEKDAYS
# Place nouns that make a single "<noun> of X" / "X <noun>" a verdict: the
# name is a place ("the breakaway region of X", "the X region", "Republic of X").
STRONG_PLACE_NOUNS = frozenset(
    "region province enclave oblast krai prefecture governorate republic emirate principality kingdom "
    "county district".split()
)
# These follow adjectives too ("a former Soviet republic"): only "<noun> of X" counts.
TITLE_PLACE_NOUNS = frozenset("republic emirate principality kingdom".split())
# Prepositions that put the name after them in a place (the name may follow
# "the": "beyond the X region").
LOCATIVE_PREPS = frozenset(
    "in into near around across beyond inside outside throughout within towards toward".split()
)
# "from X" is locative after a distance: "miles from X", "away from X".
DISTANCE_WORDS = frozenset("miles mile km kilometres kilometers kilometre kilometer away far".split())
# Words after a name that say it is a place: "X clashes", "the X conflict".
LOCATIVE_AFTER = frozenset("clashes conflict war fighting frontline ceasefire".split())
ORG_NOUNS = frozenset("newspaper club side company firm group party agency broadcaster bank insurer".split())
# Religious and other group names that behave like demonyms (NORP).
GROUP_WORDS = frozenset(
    "christian christians muslim muslims jew jews jewish hindu hindus buddhist buddhists sikh sikhs "
    "catholic catholics protestant protestants orthodox sunni sunnis shia shiite shiites arab arabs "
    "kurd kurds kurdish".split()
)
_SENT_END = frozenset({".", "!", "?", ":", ";", "\"", "“", "‘", "'", "-", "—", "–", "(", "•"})
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


_CAPS_RUN = re.compile(r"[A-Z]{2}")
_DATELINE = re.compile(r"^[ \t]*([A-Z][A-Z.'&-]*(?: [A-Z][A-Z.'&-]*)*)(?= ?, | - )", re.M)
_LINE = re.compile(r"[^\n]+")


def recase_body(body: str, words: frozenset[str], gaz: Gazetteer) -> str:
    """The body with its ALL-CAPS stretches (headline-style lines such as
    "WHAT AND WHERE IS NAGORNO-KARABAKH?", section labels, Reuters datelines
    "HAMBURG, March 30 -") put into ordinary case for NER, which is poor on
    ALL CAPS.  A word takes the casing it has elsewhere in the body, else a
    gazetteer place is capitalised, an English word is lower-cased and any
    other word capitalised; a word written in capitals elsewhere (an acronym)
    stays.  Lengths never change, so offsets hold."""
    if not _CAPS_RUN.search(body):
        return body
    regions: list[tuple[int, int]] = []
    for ln in _LINE.finditer(body):
        text = ln.group()
        if any(c.islower() for c in text):
            continue
        ws = [w for w in _WORD.findall(text) if len(w) > 1]
        if any(len(w) >= 4 for w in ws) or len(ws) >= 2:
            regions.append(ln.span())
    for m in _DATELINE.finditer(body):
        if any(len(w) >= 3 for w in _WORD.findall(m.group(1))) and not any(a <= m.start(1) < b for a, b in regions):
            regions.append(m.span(1))
    if not regions:
        return body
    regions.sort()
    forms: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    acronyms: set[str] = set()
    k = 0
    for m in _WORD.finditer(body):
        while k < len(regions) and regions[k][1] <= m.start():
            k += 1
        if k < len(regions) and regions[k][0] <= m.start():
            continue
        w = m.group()
        if len(w) > 1 and w.isupper():
            acronyms.add(w)
        elif not w.isupper():
            forms[w.casefold()][w] += 1
    out = list(body)
    for a, b in regions:
        first = True
        for m in _WORD.finditer(body, a, b):
            w = m.group()
            seen = forms.get(w.casefold())
            if seen:
                new = max(seen.items(), key=lambda kv: (kv[1], kv[0] != kv[0].lower()))[0]
            elif w in acronyms or len(w) == 1 and m.end() < len(body) and body[m.end()] == ".":
                new = w
            elif gaz.place(w) is not None:
                new = w[0] + w[1:].lower()
            elif _is_english(w.lower(), words) or len(w) == 1:
                new = w.lower()
            else:
                new = w[0] + w[1:].lower()
            if first:
                new = new[:1].upper() + new[1:]
                first = False
            if len(new) == len(w):
                out[m.start():m.end()] = new
    result = "".join(out)
    return result if len(result) == len(body) else body


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
    __slots__ = ("text", "label", "start", "end", "in_title", "key", "tokens", "context", "initial", "after",
                 "after2", "before", "before2")

    def __init__(self, text, label, start, end, in_title, tokens, context):
        self.text = text
        self.label = label
        self.start = start
        self.end = end
        self.in_title = in_title
        self.key = _key(text)
        self.tokens = tokens  # alphabetic tokens of the span
        self.context = context  # lower-cased content word before the span, or ""
        self.initial = False  # first word of a sentence or line
        self.after = ""  # lower-cased token right after the span
        self.after2 = ""  # and the one after that
        self.before = ""  # and the two before it
        self.before2 = ""


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


def _sentence_initial(doc, i: int) -> bool:
    """Token i starts a sentence or a line (cheap, no parse)."""
    j = i - 1
    while j >= 0 and doc[j].is_space and "\n" not in doc[j].text:
        j -= 1
    if j < 0:
        return True
    t = doc[j]
    return "\n" in t.text or t.text in _SENT_END or t.is_quote


def _sentence_final(text: str, end: int) -> bool:
    rest = text[end:end + 3]
    return not rest or rest[0] == "\n" or (rest[0] == " " and (len(rest) < 2 or rest[1].isupper() or rest[1] == "\n"))


def _has_alpha(tok) -> bool:
    return any(c.isalpha() for c in tok.text)


def _trim(toks: list, label: str) -> list:
    """Normalise a span to the bare name: no leading determiner or title, no
    possessive, no bracket debris, no trailing function word."""
    changed = True
    while toks and changed:
        changed = False
        # edge punctuation and symbols: quotes, brackets, ">" of a Reuters <Name>
        while toks and not _has_alpha(toks[0]) and not toks[0].like_num:
            toks, changed = toks[1:], True
        while toks and not _has_alpha(toks[-1]) and not toks[-1].like_num and toks[-1].text != ".":
            toks, changed = toks[:-1], True
        if len(toks) > 1 and toks[0].lower_ in LEADING_DETERMINERS:
            toks, changed = toks[1:], True
        if len(toks) > 1 and label == "PERSON" and toks[0].lower_ in HONORIFICS:
            toks, changed = toks[1:], True
        if len(toks) > 2 and label == "PERSON" and toks[0].lower_ in ROLE_NOUNS:
            toks, changed = toks[1:], True
        if len(toks) > 1 and toks[-1].lower_ in TRAILING_FUNCTION:
            toks, changed = toks[:-1], True
        if len(toks) > 1 and toks[-1].lower_ in ("'s", "’s", "'", "’"):
            nxt = toks[-1].doc[toks[-1].i + 1] if toks[-1].i + 1 < len(toks[-1].doc) else None
            # a possessive is followed by what is possessed; "at Lord's." is a name
            if nxt is not None and nxt.is_alpha:
                toks, changed = toks[:-1], True
    if label in _NAME_ONLY:
        # "Mar 20.4" in a table is not a person: names hold no numbers
        while toks and any(c.isdigit() for c in toks[-1].text):
            toks = toks[:-1]
        while toks and any(c.isdigit() for c in toks[0].text):
            toks = toks[1:]
    return toks


def _pieces(ent) -> list[list]:
    """An entity cut at line breaks and at an unmatched "(" ("China Aviation Oil (CAO")."""
    pieces = []
    cur: list = []
    for k, tok in enumerate(ent):
        if "\n" in tok.text or tok.is_space or tok.text in ("(", "<", "[") and k > 0:
            if cur:
                pieces.append(cur)
            cur = []
        elif tok.text in (")", ">", "]") or tok.text in ("-", "--", "—", "–") and tok.whitespace_ and k > 0 \
                and ent[k - 1].whitespace_:
            if cur:
                pieces.append(cur)
            cur = []
        else:
            cur.append(tok)
    if cur:
        pieces.append(cur)
    return pieces


def _extend(ent, doc):
    """An ORG ending in "of" takes the capitalised word after it ("Group of" Seven)."""
    toks = list(ent)
    if len(toks) > 1 and toks[-1].lower_ == "of" and ent.end < len(doc):
        nxt = doc[ent.end]
        if nxt.is_alpha and nxt.text[:1].isupper():
            toks.append(nxt)
    return toks


def _mentions(doc, text: str, in_title: bool) -> list[Mention]:
    out = []
    for ent in doc.ents:
        if ent.label_ in NUMERIC_LABELS:
            continue
        toks_all = _extend(ent, doc) if ent.label_ == "ORG" else list(ent)
        for toks in _pieces(toks_all):
            toks = _trim(toks, ent.label_)
            if not toks or not any(_has_alpha(t) or t.like_num for t in toks):
                continue
            if ent.label_ == "DATE" and not any(t.is_alpha for t in toks) and not _DATE_DIGITS.match(
                    "".join(t.text for t in toks)):
                continue  # "14.5" in a price table is not a date
            if ent.label_ != "DATE" and all(t.lower_ in _MONTHS or not _has_alpha(t) for t in toks):
                continue  # "June 2" cut from a dateline
            start = toks[0].idx
            end = toks[-1].idx + len(toks[-1].text)
            last = toks[-1].text
            if last.endswith(".") and last.count(".") == 1 and len(last) > 2 and _sentence_final(text, end):
                end -= 1  # "bid from Ciba-Geigy Corp." : the full stop ends the sentence
            surface = text[start:end]
            if ent.label_ not in NUMERIC_LABELS and ent.label_ != "DATE" and not any(c.isupper() for c in surface):
                continue  # "defence ministry", "cts": a proper name has a capital
            if in_title and not text[:start].strip(" \"'“”‘’-:") and not text[end:].strip(" \"'“”‘’-:.!?"):
                # an entity covering the whole headline is a headline, not a name
                if len([t for t in toks if t.is_alpha]) > 1:
                    continue
            m = Mention(
                surface,
                ent.label_,
                start,
                end,
                in_title,
                [t.text for t in toks if _has_alpha(t)],
                _context_word(doc, toks[0].i),
            )
            m.initial = _sentence_initial(doc, toks[0].i)
            m.after = doc[toks[-1].i + 1].lower_ if toks[-1].i + 1 < len(doc) else ""
            m.after2 = doc[toks[-1].i + 2].lower_ if toks[-1].i + 2 < len(doc) else ""
            m.before = doc[toks[0].i - 1].lower_ if toks[0].i > 0 else ""
            m.before2 = doc[toks[0].i - 2].lower_ if toks[0].i > 1 else ""
            out.append(m)
    return out


def _sub(m: Mention, offset: int, piece: str, label: str) -> Mention:
    sub = Mention(piece, label, m.start + offset, m.start + offset + len(piece), m.in_title,
                  _WORD.findall(piece), m.context if offset == 0 else "")
    sub.initial = m.initial and offset == 0
    sub.after = m.after if offset + len(piece) == len(m.text) else ""
    sub.after2 = m.after2 if offset + len(piece) == len(m.text) else ""
    sub.before, sub.before2 = (m.before, m.before2) if offset == 0 else ("", "")
    return sub


_JOINERS = re.compile(r"-| and | & |['’]s ")


def _split_compounds(mentions: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """`Armenia-Azerbaijan` (one ORG to the model), `Purolator and Interlink`,
    `Armenia's SU-25`: when every part before a joiner is an entity elsewhere in
    the article or a known place, split the span.  The parts take the label
    their own mentions vote for; the part after a possessive must be known too
    or it is dropped."""
    keys = {m.key for m in mentions if not _JOINERS.search(m.text)}

    def known(p: str) -> bool:
        return bool(p) and (_key(p) in keys or gaz.place(p) is not None)

    out = []
    for m in mentions:
        seps = list(_JOINERS.finditer(m.text))
        if not seps or (any(sp.group() == "-" for sp in seps) and " " in m.text and
                        not any(sp.group() != "-" for sp in seps)):
            out.append(m)
            continue
        parts = []
        pos = 0
        possessive_tail = False
        for sp in seps:
            if sp.group() == "-" and " " in m.text:
                continue  # "Dominic Calvert-Lewin": a hyphen inside a longer name
            parts.append((m.text[pos:sp.start()], pos))
            possessive_tail = sp.group().endswith("s ") and sp.group()[0] in "'’"
            pos = sp.end()
        parts.append((m.text[pos:], pos))
        if len(parts) < 2:
            out.append(m)
            continue
        head_ok = all(known(p) for p, _ in parts[:-1])
        tail = parts[-1][0]
        if head_ok and (known(tail) or possessive_tail):
            for piece, off in parts:
                if piece == tail and possessive_tail and not known(tail):
                    continue  # "Armenia's SU-25": the thing possessed is not a name here
                out.append(_sub(m, off, piece, ""))
            continue
        out.append(m)
    return out


def _drop_common_words(mentions: list[Mention], body: str, word_like: frozenset[str]) -> list[Mention]:
    """A lone capitalised word at the start of a sentence that is an ordinary
    English word ("Fighting", "Martial", "Revs") is not a name: it is written
    lower-case elsewhere in the body, or it is a verb/adjective/adverb and never
    capitalised in the middle of a sentence."""
    lower_words = {w for w in _WORD.findall(body) if w.islower()}
    mid_capitalised = {m.key for m in mentions if not m.initial and not m.in_title}
    out = []
    for m in mentions:
        if len(m.tokens) == 1 and m.initial and not m.in_title and m.text[:1].isupper() and not m.text.isupper():
            low = m.text.lower()
            if low in lower_words or (m.key not in mid_capitalised and _is_english(low, word_like)):
                continue
            if _TABLE_ROW.match(body, m.end):
                continue  # "Avg shrs 23.5 mln vs 17.1 mln": the label of a table row
        out.append(m)
    return out


# The rest of a table row after its label: lower-case words, numbers, units.
_TABLE_ROW = re.compile(r"(?:[ \t]+[a-z][a-z.]*)*(?:[ \t]+[-$£(]?[\d.,/]+[a-z%)]*)+(?:[ \t]+(?:[a-z.]+|[-$£(]?[\d.,/]+[a-z%)]*))*[ \t]*(?:\n|$)")


def _strip_modifiers(mentions: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """"Muslim Azerbaijan", "Soviet Armenia": a demonym in front of a known place
    is a modifier, not part of the name."""
    keys = {m.key for m in mentions if " " not in m.text}
    out = []
    for m in mentions:
        if len(m.tokens) >= 2 and " " in m.text:
            first, rest = m.text.split(" ", 1)
            head, last = m.text.rsplit(" ", 1)
            if (gaz.is_demonym(first) or first.lower() in GROUP_WORDS) and gaz.place(rest) is not None:
                m = _sub(m, len(first) + 1, rest, m.label)
            elif _is_group_word(last.lower(), gaz) and last.endswith("s") and (
                    head.casefold() in keys or gaz.place(head) is not None):
                m = _sub(m, 0, head, "")  # "the Karabakh Armenians": the place, then its people
        out.append(m)
    return out


def _is_group_word(key: str, gaz: Gazetteer) -> bool:
    """Demonyms and their plurals (Azerbaijanis, Africans), religions (Christians)."""
    if key in GROUP_WORDS or gaz.is_demonym(key):
        return True
    if key.endswith("s") and gaz.is_demonym(key[:-1]):
        return True
    if " " in key:
        first, rest = key.split(" ", 1)
        return (first in GROUP_WORDS or gaz.is_demonym(first)) and _is_group_word(rest, gaz)
    return False


_STATE_ABBREV = re.compile(
    r"(?<=[A-Za-z], )(Ala|Ariz|Ark|Calif|Colo|Conn|Del|Fla|Ga|Ill|Ind|Kan|Ky|La|Md|Mass|Mich|Minn|Miss|Mo|Mont|"
    r"Neb|Nev|N\.H|N\.J|N\.M|N\.Y|N\.C|N\.D|Okla|Ore|Pa|R\.I|S\.C|S\.D|Tenn|Tex|Va|Vt|Wash|Wis|W\.Va|Wyo|D\.C)\."
    r"(?=[,\s])"
)


_NAME_PART = re.compile(r" ([a-z]+)\b")
_HONORIFIC_NAME = re.compile(r"\b(?:Mr|Mrs|Ms|Dr)\.? ([A-Z][a-z][\w’'-]*[a-z])(?![\w-]| [A-Z])")


def _free(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    return not any(a < e and s < b for a, b in spans)


def article_entities(title: str, body: str, tdoc, bdoc, gaz: Gazetteer, words: frozenset[str] = frozenset(),
                     word_like: frozenset[str] = frozenset(), scan_body: str | None = None
                     ) -> list[tuple[str, str, int, int, bool]]:
    """Entity tuples (text, label, start, end, in_title) of one article.

    `scan_body` is the body as NER saw it (ALL-CAPS lines recased, same
    length); occurrences of names are looked up in it."""
    mentions = _mentions(tdoc, title, True) + _mentions(bdoc, body, False)
    mentions = _split_compounds(mentions, gaz)
    mentions = _strip_modifiers(mentions, gaz)
    mentions = _drop_common_words(mentions, body, word_like)

    # Full person names (two or more capitalised tokens, no hyphen inside)
    # whose own mentions are mostly PERSON: their last token is a surname.
    full_names: dict[str, float] = defaultdict(float)
    for m in mentions:
        if len(m.tokens) >= 2 and all(_PERSON_TOKEN.match(t) for t in m.tokens) and "-" not in m.text:
            w = TITLE_WEIGHT if m.in_title else 1.0
            full_names[m.key] += w if m.label == "PERSON" else -w
    surnames: set[str] = set()
    person_tokens: set[str] = set()
    # A full name ending in a demonym counts only when the body says it:
    # "MIXED ASIAN REACTION ..." recased in a title makes no surname "Asian",
    # while "Dawn French" in the body does make "French" one.
    in_body = {m.key for m in mentions if not m.in_title}
    for m in mentions:
        if full_names.get(m.key, 0) > 0 and (m.key in in_body or not _is_group_word(m.tokens[-1].casefold(), gaz)):
            surnames.add(m.tokens[-1].casefold())
            person_tokens.update(t.casefold() for t in m.tokens)

    # Names written after Mr/Mrs/Ms/Dr somewhere in the body are people, and so
    # is a full name ending in one ("Herve Gaymard" ... "Mr Gaymard").
    titled = {mt.group(1).casefold() for mt in _HONORIFIC_NAME.finditer(scan_body or body)}
    titled.update(m.key for m in mentions if m.before in HONORIFICS and len(m.tokens) == 1)

    def is_lone(m: Mention) -> bool:
        return len(m.tokens) == 1 and m.key not in person_tokens

    # Weighted votes per surface form.
    votes: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    place_context: dict[str, int] = defaultdict(int)
    strong_place: set[str] = set()  # once "the X region", "the breakaway region of X"
    locative: dict[str, float] = defaultdict(float)  # "in X", "miles from X", "X clashes"
    suffixed: set[str] = set()
    n_mentions: dict[str, int] = defaultdict(int)
    for m in mentions:
        n_mentions[m.key] += 1
    for m in mentions:
        if not m.label:
            continue  # a part of a split compound: labelled by its other mentions
        w = TITLE_WEIGHT if m.in_title else 1.0
        if m.label == "PERSON" and is_lone(m):
            w *= LONE_PERSON_WEIGHT
        votes[m.key][m.label] += w
        # Context: "Mr X", "X region", "region of X", "club X", "X Ministry".
        if m.key in titled or (len(m.tokens) in (2, 3) and m.tokens[-1].casefold() in titled
                               and all(_PERSON_TOKEN.match(t) for t in m.tokens)
                               and m.tokens[-1].lower() not in ORG_SUFFIXES):
            votes[m.key]["PERSON"] += 2 * CONTEXT_WEIGHT
        possessive = m.after in ("'s", "’s")
        if m.after in PLACE_NOUNS or (m.before == "of" and m.before2 in PLACE_NOUNS) or (
                possessive and m.after2 in PLACE_NOUNS):
            votes[m.key]["GPE"] += CONTEXT_WEIGHT
            place_context[m.key] += 1
            if m.after in STRONG_PLACE_NOUNS - TITLE_PLACE_NOUNS or (
                    m.before == "of" and m.before2 in STRONG_PLACE_NOUNS and not possessive):
                strong_place.add(m.key)
        elif m.after in ORG_NOUNS or m.before in ORG_NOUNS:
            votes[m.key]["ORG"] += CONTEXT_WEIGHT
        if m.after in LOCATIVE_AFTER or not possessive and (
                m.before in LOCATIVE_PREPS or (m.before == "from" and m.before2 in DISTANCE_WORDS)):
            locative[m.key] += (TITLE_WEIGHT if m.in_title else 1.0) * LOCATIVE_WEIGHT
        if len(m.tokens) >= 2:
            last = m.text.split()[-1].lower()
            first = m.tokens[0].lower()
            if last in ORG_SUFFIXES and first not in ("west", "east", "north", "south"):
                votes[m.key]["ORG"] += SUFFIX_WEIGHT
                suffixed.add(m.key)
            elif first in ("republic", "kingdom", "emirate", "principality") and m.tokens[1].lower() == "of":
                votes[m.key]["GPE"] += SUFFIX_WEIGHT

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
        # GPE, LOC and FAC votes (and locative context) are one place vote
        # against PERSON or ORG; the place label is then the most voted one.
        if best not in PLACE_LABELS:
            ptotal = sum(v.get(lab, 0.0) for lab in PLACE_LABELS) + locative.get(key, 0.0)
            if ptotal > 0 and (ptotal > v[best] or ptotal == v[best] and first_label[key] in PLACE_LABELS):
                pv = [(v.get(lab, 0.0), lab == first_label[key], lab) for lab in PLACE_LABELS]
                top = max(pv)
                best = top[2] if top[0] > 0 else (place.label if place is not None else "GPE")
        if key in surnames and not (place is not None and place.kind in ("country", "state", "continent")):
            best = "PERSON"
        elif _is_group_word(key, gaz) and best in ("PERSON", "ORG", "GPE", "LOC"):
            best = "NORP"
        elif (best in ("ORG", "PERSON", "NORP") and place_context[key] >= min(2, n_mentions[key])
              or best in ("ORG", "PERSON") and key in strong_place) \
                and key not in suffixed and not _is_group_word(key, gaz):
            # "the Nagorno-Karabakh region", "the village of Talis", twice, or
            # "the breakaway region of X" once: a place
            best = "GPE"
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
    _lend_place_labels(mentions, decided, votes, surnames, suffixed, gaz)

    out = []
    taken: list[tuple[int, int]] = []
    for m in mentions:
        label = decided.get(m.key, m.label)
        if not label:
            place = gaz.place(m.key)
            label = place.label if place is not None else ""
        if not label or label in NUMERIC_LABELS:
            continue
        text, end = m.text, m.end
        if label in ("GPE", "LOC", "FAC") and not m.in_title:
            nm = _NAME_PART.match(body, end)
            if nm and nm.group(1) in NAME_PART_NOUNS:
                end = nm.end()
                text = body[m.start:end]
        out.append((text, label, m.start, end, m.in_title))
        if not m.in_title:
            taken.append((m.start, end))
    if scan_body is None:
        scan_body = body
    taken.extend((e.start_char, e.end_char) for e in bdoc.ents)

    # Every occurrence of a name is a mention: the model tags "Armenia" in one
    # sentence and misses it at the start of the next.  Surfaces the article
    # has decided on, surnames of its full names, and gazetteer countries,
    # states and continents are looked up in the body.
    surfaces: dict[str, str] = {}
    for m in mentions:
        label = decided.get(m.key)
        if m.in_title or label not in PROPAGATE_LABELS:
            continue
        if len(m.tokens) == 1 and m.key not in surnames and gaz.place(m.key) is None and (
                _is_english(m.key, words) or len(m.text) < 3):
            continue  # "Test", "City": a common word is not a name everywhere
        surfaces.setdefault(m.text, label)
    for sn in surnames:
        for m in mentions:
            if m.key == sn:
                break
        else:
            for m in mentions:
                if full_names.get(m.key, 0) > 0 and m.tokens[-1].casefold() == sn and not m.in_title:
                    surfaces.setdefault(m.tokens[-1], "PERSON")
                    break
    found: list[tuple[int, int, str]] = []
    for surface, label in surfaces.items():
        pos = scan_body.find(surface)
        while pos >= 0:
            found.append((pos, pos + len(surface), label))
            pos = scan_body.find(surface, pos + 1)
    for mt in gaz.strong_names().finditer(scan_body):
        place = gaz.place(mt.group())
        if place is not None:
            found.append((mt.start(), mt.end(), place.label))
    for mt in _STATE_ABBREV.finditer(scan_body):
        found.append((mt.start(), mt.end(), "GPE"))
    for mt in _HONORIFIC_NAME.finditer(scan_body):
        if _free(taken, mt.start(1), mt.end(1)):
            taken.append(mt.span(1))
            out.append((body[mt.start(1):mt.end(1)], "PERSON", mt.start(1), mt.end(1), False))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    for s0, e0, label in found:
        if not _free(taken, s0, e0) or not _standalone(scan_body, s0, e0, words, gaz):
            continue
        taken.append((s0, e0))
        out.append((body[s0:e0], label, s0, e0, False))
    out.sort(key=lambda t: (not t[4], t[2]))
    return out


_PLACE_HEAD_OF = re.compile(r"(?:^|\s)([A-Za-z]+) of ([A-Z][^\s].*)$")
_PLACE_HEAD_BEFORE = re.compile(r"^([A-Z].*?) ([A-Za-z]+)$")


def _lend_place_labels(mentions: list[Mention], decided: dict[str, str], votes, surnames: set[str],
                       suffixed: set[str], gaz: Gazetteer) -> None:
    """A place lends its label to the bare name inside it, the way a full
    person name lends PERSON to its surname:

    - the head of a place name: "Republic of X", "Province of X", "X Region"
      decided GPE/LOC make the bare "X" of the same article a place;
    - the parts of a hyphenated place: "Upper-Vale" decided GPE makes a lone
      "Vale" a place.

    Only names the article also mentions alone are relabelled, and never a
    surname, a name with an organisational suffix or a demonym."""

    def lend(name: str, label: str) -> None:
        k = _key(name)
        if k not in votes or decided.get(k) in PLACE_LABELS or k in surnames or k in suffixed:
            return
        if _is_group_word(k, gaz) or not name[:1].isupper():
            return
        place = gaz.place(k)
        decided[k] = place.label if place is not None else label

    seen: set[str] = set()
    for m in mentions:
        label = decided.get(m.key)
        if label not in ("GPE", "LOC") or m.key in seen:
            continue
        seen.add(m.key)
        text = m.text[4:] if m.text[:4].lower() == "the " else m.text
        if " " in text:
            mt = _PLACE_HEAD_OF.search(text)
            if mt and mt.group(1).lower() in STRONG_PLACE_NOUNS:
                lend(mt.group(2), label)
                continue
            mt = _PLACE_HEAD_BEFORE.match(text)
            if mt and mt.group(2).lower() in STRONG_PLACE_NOUNS:
                lend(mt.group(1), label)
    for m in mentions:
        label = decided.get(m.key)
        if label not in ("GPE", "LOC") or "-" not in m.text or " " in m.text:
            continue
        for part in m.text.split("-"):
            if len(part) > 1:
                lend(part, label)


# Labels whose surfaces are looked up again in the body.
PROPAGATE_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"})
_LOWER_OK = frozenset("both and or but in on at of for from to by with as the a an all while when".split())


def _standalone(text: str, s: int, e: int, words: frozenset[str], gaz: Gazetteer) -> bool:
    """The occurrence text[s:e] is a whole name, not part of a longer one:
    whole words, and no capitalised word glued to it by a space, except a
    demonym or an ordinary word before it ("Christian Armenia", "Both Armenia")."""
    if s > 0 and (text[s - 1].isalnum() or text[s - 1] in "-&"):
        return False
    if e < len(text) and (text[e].isalnum() or text[e] == "-" and e + 1 < len(text) and text[e + 1].isalpha()):
        return False
    m = re.match(r" +([A-Z][\w'’.-]*)", text[e:e + 40])
    if m and m.group(1).lower() not in _LOWER_OK:
        return False
    m = re.search(r"([A-Z][\w'’.-]*) +$", text[max(0, s - 40):s])
    if m:
        w = m.group(1).lower()
        if not (w in _LOWER_OK or w in words or w in GROUP_WORDS or gaz.is_demonym(w)):
            return False
    return True
