"""What a figure measures: the parse stage of figure extraction.

Given a sentence parsed by spaCy (a copy in which wire abbreviations are
spelled out, see `pipeline.parse_input`) and a number found by
`figures.candidates`, find the thing it counts or the sum it is: the counted
noun and its event ("Armenian soldiers killed"), the noun a sum belongs to
("repayment", "sales up"), or nothing we can name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from index.extract.figure_words import (
    CHANGE_NOUNS,
    CHANGE_WORDS,
    CURRENCY_ABBREV,
    HOLDING_NOUNS,
    MEASURE_NOUNS,
    MEASURE_UNITS,
    MONEY_VERB_NOUNS,
    PERSONAL_PRONOUNS,
    PREP_NOUNS,
    SPELLED_UNITS,
    STATISTIC_NOUNS,
    TIME_UNITS,
)

if TYPE_CHECKING:
    from index.extract.figures import Candidate

BE_FORMS = frozenset({"is", "are", "was", "were", "be", "been", "being", "'s", "'re", "am", "has", "have", "had"})

_SKIP_DEPS = frozenset({"det", "nummod", "quantmod", "punct", "poss", "predet", "case", "cc", "prep", "relcl",
                        "acl", "appos", "conj", "advmod"})


def _np(noun, exclude: set[int], with_of: bool = True) -> list:
    toks = {noun.i}
    for ch in noun.lefts:
        if ch.dep_ in _SKIP_DEPS or ch.i in exclude or ch.tag_ == "CD":
            continue
        if ch.ent_type_ in ("MONEY", "PERCENT") or ch.lower_ in ("%", "percent", "pct"):
            continue  # another figure: "a 1% fall in profits to £1.13bn" -> "fall in profits"
        if ch.dep_ in ("amod", "compound", "nmod", "nn") and ch.tag_ not in ("PRP$", "DT", "WDT"):
            toks.update(t.i for t in ch.subtree if t.i not in exclude and t.dep_ not in ("det", "punct", "poss"))
    # "number of people", and for a change "increase (in 1986) in retail profit"
    preps = ("of",) if with_of else ()
    if noun.lower_ in CHANGE_NOUNS or noun.lower_ in HOLDING_NOUNS:
        preps += ("in",)  # "a rise in sales", "shares in Swiss Re"
    if preps:
        for ch in noun.rights:
            if ch.dep_ == "prep" and ch.lower_ in preps:
                objs = [g for g in ch.children if g.dep_ == "pobj"]
                if not objs or objs[0].ent_type_ in ("DATE", "TIME") or objs[0].tag_ == "CD" or objs[0].i in exclude:
                    continue
                inner = _np(objs[0], exclude, with_of=False)
                if noun.lower_ in HOLDING_NOUNS and len(inner) > 3:
                    break  # "shares in British casino operators London Clubs ...": too long to say
                toks.add(ch.i)
                toks.update(t.i for t in inner)
                break
    doc = noun.doc
    k = noun.i
    while k + 2 < len(doc) and doc[k + 1].text == "-" and not doc[k].whitespace_ and not doc[k + 1].whitespace_ \
            and doc[k + 2].is_alpha and k + 2 not in exclude:
        toks.update((k + 1, k + 2))  # "ex-presidents", "co-founders"
        k += 2
    return [doc[k] for k in sorted(toks)]


MAX_WHAT_WORDS = 8


def doc_words(doc) -> list[str]:
    """The words as written (the parsed copy may spell some out)."""
    return doc.user_data.get("words") or [t.text for t in doc]


def _join(tokens) -> str:
    # Keep to one line and to the words nearest the head (the tail).
    words = None
    if tokens:
        doc = tokens[0].doc
        words = doc.user_data.get("words")
        lo = tokens[0].i
        for k in range(tokens[-1].i, tokens[0].i - 1, -1):
            if "\n" in doc[k].text:
                lo = k + 1
                break
        # (and without the angle brackets of a news-wire name: "<Delhi Australia Fund>")
        tokens = [t for t in tokens if t.i >= lo and not t.is_space and t.text not in ("<", ">")]
        if len(tokens) > MAX_WHAT_WORDS:
            tokens = tokens[-MAX_WHAT_WORDS:]
    out = []
    for k, t in enumerate(tokens):
        out.append(words[t.i] if words else t.text)
        if k + 1 < len(tokens):
            nxt = tokens[k + 1]
            out.append(t.whitespace_ if nxt.i == t.i + 1 else " ")
    return "".join(out).strip()


# Nouns that only frame a span of time: "over the course of 10 days", "in the space of a week".
TIME_FRAMES = frozenset("course space matter span".split())
AMOUNT_LABELS = frozenset({"MONEY", "CARDINAL", "PERCENT", "QUANTITY"})
PRONOUN_TAGS = frozenset({"PRP", "WDT", "WP", "EX", "DT"})
# Clause links through which a verb without its own subject takes its head's.
SUBJECT_LINKS = frozenset({"xcomp", "conj", "advcl", "ccomp", "pcomp"})
# Nouns for verbs that move money, where no suffix rule finds them.
IRREGULAR_NOMINALS = {"lose": "losses", "sell": "sales", "lend": "loan", "earn": "earnings", "spend": "spending",
                      "donate": "donation", "borrow": "borrowing", "buy": "purchase", "owe": "debt",
                      "save": "savings", "make": "earnings", "grow": "growth"}


def nominal(verb, nouns: frozenset[str]) -> str | None:
    """The noun for the act of a verb that has a distinct one: pay -> payment,
    grow -> growth, lose -> losses.  Verbs whose noun is the verb itself
    (rise, cut, fall) return None: "profit rose" reads better than "profit rise"."""
    lemma = (verb.lemma_ or verb.lower_).lower()
    if lemma in IRREGULAR_NOMINALS:
        return IRREGULAR_NOMINALS[lemma]
    if lemma + "ment" in nouns:  # but not "-th": steal is no stealth, heal no health
        return lemma + "ment"
    return None


def _base_forms(verb) -> list[str]:
    """The lemma and plain de-inflections of a verb (the lemmatizer reads
    "fined" as "fin")."""
    low = verb.lower_
    forms = [(verb.lemma_ or low).lower(), low]
    for suffix, cut in (("ied", "y"), ("ed", ""), ("d", ""), ("es", ""), ("s", "")):
        if low.endswith(suffix) and len(low) > len(suffix) + 2:
            forms.append(low[: -len(suffix)] + cut)
    return forms


def _subject(verb, exclude: set[int]):
    """The noun the verb's clause is about, or None.  Looks through linked
    clauses ("hit $1.35 before rallying to ..."), through "it" to the clause it
    is reported in ("the firm said it hoped to pay"), and to the noun a
    participle describes ("liabilities totalling $648m")."""
    v = verb
    for _ in range(4):
        subj = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass") and c.i not in exclude]
        if subj:
            s = subj[0]
            if s.lower_ in ("which", "that", "who") and v.dep_ == "relcl" and _is_noun(v.head):
                return v.head  # "LV=, which is thought to be worth ..."
            if s.tag_ in PRONOUN_TAGS:
                # "the firm said it hoped": "it" is the subject of the clause it is reported in
                # (not in "It was issued ..., said the bank", where "it" is something before)
                if s.lower_ == "it" and v.dep_ in SUBJECT_LINKS and v.head is not v and v.head.i < s.i:
                    v = v.head
                    continue
                return None
            # "assets of $200m and liabilities totalling $648m": the conjunct next to the verb
            # (a named conjunct only when it is the subject's own: not "offences in England and Wales")
            # (and not a conjunct inside the subject's own phrase: "tariffs on apples and television sets")
            before = [c for c in s.subtree if (c.i == s.i or (c.dep_ == "conj" and (
                _conj_root(c).i == s.i or c.tag_ in ("NN", "NNS") and _is_amount(_conj_root(c)))))
                      and c.i < verb.i and _is_noun(c) and c.i not in exclude]
            return max(before, key=lambda c: c.i) if before else s
        if v.dep_ == "acl" and _is_noun(v.head) and v.head.i not in exclude:
            return v.head
        if v.dep_ in SUBJECT_LINKS and v.head is not v:
            v = v.head
            if v.dep_ == "prep" and v.head is not v:  # "hit $1.35 before rallying": pcomp of "before"
                v = v.head
        else:
            break
    return None


def _is_amount(t) -> bool:
    return t.tag_ == "CD" or t.ent_type_ in AMOUNT_LABELS


def _conj_root(t):
    """The first conjunct of the coordination `t` is in."""
    while t.dep_ == "conj" and t.head is not t:
        t = t.head
    return t


# Verbs whose percentage "at" is a rate of the act ("taxed at 9.2 per cent"),
# not a price or a level ("priced at 100-3/4 pct", "ended at 4-7/8 pct").
RATE_VERBS = frozenset("tax grow expand lend borrow charge inflate".split())


def _verb_what(verb, exclude: set[int], nouns: frozenset[str], role: str = "dobj", kind: str = "money",
               prep: str = "") -> str:
    """What a number attached to a verb measures.  `role` is how it is attached:
    "dobj" (its object or passive subject), "at" (priced at), "prep" (any
    other preposition: cut ... from 75% to 60%)."""
    if kind == "count" and role in ("at", "prep") and "retire" in _base_forms(verb):
        return "retirement age"  # "force workers to retire before 65"
    subj = _subject(verb, exclude)
    subj_words = _join(_np(subj, exclude, with_of=False)) if subj is not None else ""
    if verb.lower_ in BE_FORMS:
        if not subj_words and role == "at" and kind == "money":
            return "price"  # "at just £24.99 it's a bargain"
        if subj is not None and (subj.lower_ in STATISTIC_NOUNS or subj.lower_ == "number"):
            # "the average number of COVID-19 cases per day is at 40,000": the number of what
            return _join(_np(subj, exclude))
        return subj_words or verb.text
    if role == "prep":
        # "cut its holding from 75% to 60%": the verb's object is what changed
        # (not an amount: "fell 205.7 mln dlrs to 2.01 billion dlrs")
        objs = [c for c in verb.children if c.dep_ == "dobj" and _is_noun(c) and c.i not in exclude
                and c.ent_type_ not in ("MONEY", "PERCENT", "QUANTITY")
                and not any(g.dep_ == "nummod" and g.tag_ == "CD" and g.ent_type_ != "DATE" for g in c.children)]
        if objs:
            return _join(_np(objs[0], exclude, with_of=False) + [verb])
    # A sum paid is a payment; a percentage paid is a rate, which the verb does not name.
    noun = nominal(verb, nouns) if role == "dobj" and kind == "money" else None
    for lemma in _base_forms(verb):
        if noun is None and role in ("dobj", "other") and kind == "money" and lemma in MONEY_VERB_NOUNS:
            noun = lemma  # "has been fined $1,677" -> "fine"
        if role == "prep" and kind == "money" and (lemma, prep) in PREP_NOUNS:
            noun = PREP_NOUNS[(lemma, prep)]  # "sued for $25m" -> "damages", "sold for $10bn" -> "price"
    if noun is None and role == "prep" and prep == "for" and kind == "money" and any(
            p.dep_ == "prep" and p.lower_ == "on" and any(o.lower_ in ("market", "sale") for o in p.children)
            for p in verb.children):
        noun = "asking price"  # "has gone on the market for £400,000", "was put on sale for $2m"
    if noun is None and role == "prep" and prep == "for" and kind == "money" and not subj_words:
        lemma = (verb.lemma_ or verb.lower_).lower()
        noun = lemma + "ment" if lemma + "ment" in nouns else None  # "settled for £65,000" -> "settlement"
    lemma = (verb.lemma_ or verb.lower_).lower()
    if role == "at" and kind == "percent" and any(f in RATE_VERBS for f in _base_forms(verb)):
        act = nominal(verb, nouns) or lemma  # "taxed at 9.2 per cent" -> "tax rate", "grew at 3%" -> "growth rate"
        return f"{subj_words} {act} rate".strip()
    if role == "at":
        noun = lemma if lemma in nouns else None  # priced at -> price, valued at -> value
        objs = [c for c in verb.children if c.dep_ == "dobj" and _is_noun(c) and c.i not in exclude]
        if noun and objs:  # "valuing the player at £36m" -> "player value"
            return f"{_join(_np(objs[0], exclude, with_of=False))} {noun}"
    aim = _money_aim(verb, exclude) if kind == "money" and role == "dobj" else ""
    if noun:
        return f"{subj_words} {noun}{aim}".strip()
    if subj_words:
        return _join(_np(subj, exclude, with_of=False) + [verb]) + aim
    return verb_phrase(verb, exclude) + aim


# Prepositions that say where a sum moved by a verb comes from or goes.
MONEY_AIMS = {"from": frozenset("raise receive earn make generate get collect reap net gain save".split()),
              "on": frozenset("spend splash splurge".split()),
              "into": frozenset("put invest pump inject plough pour sink".split())}


def _money_aim(verb, exclude: set[int]) -> str:
    """" from the offering" for "raise 16.4bn rupees from the offering", " on
    tattoos" for "spent £35,000 on tattoos": the sum's source or use, or ""."""
    forms = _base_forms(verb)
    for prep in verb.children:
        verbs = MONEY_AIMS.get(prep.lower_)
        if prep.dep_ != "prep" or verbs is None or not any(f in verbs for f in forms):
            continue
        objs = [o for o in prep.children if o.dep_ == "pobj" and _is_noun(o) and o.i not in exclude]
        if objs:
            words = _np(objs[0], exclude, with_of=False)
            if len(words) <= 5:
                return f" {prep.lower_} {_join(words)}"
    return ""


def verb_phrase(verb, exclude: set[int]) -> str:
    """A verb with nothing to name its subject says little alone: add its
    purpose and object ("£1.3bn could be used to cut pensioners' bills" ->
    "used to cut pensioners' bills")."""
    # "debt amounting to": the parse may take the verb for a noun with modifiers
    words = [t for c in verb.lefts if c.dep_ in ("compound", "amod") and c.i not in exclude for t in c.subtree]
    before = verb.doc[verb.i - 1] if verb.i > 0 else None
    if not words and verb.tag_ in ("VBG", "VBN") and before is not None and _is_noun(before) \
            and before.i not in exclude:
        words = _np(before, exclude, with_of=False)  # "debt amounting to": a participle on the noun before it
    words += [verb]
    v = verb
    xcomp = [c for c in verb.children if c.dep_ == "xcomp" and c.tag_.startswith("VB") and c.i > verb.i]
    if xcomp:
        v = xcomp[0]
        words += [t for t in v.lefts if t.dep_ == "aux" and t.lower_ == "to"] + [v]
    objs = [c for c in v.children if c.dep_ == "dobj" and _is_noun(c) and c.i not in exclude]
    if objs:
        words += _np(objs[0], exclude, with_of=False)
    return _join(words)


def _is_noun(t) -> bool:
    return t.tag_.startswith("NN")


def _money_what(r, span_ids: set[int], nouns: frozenset[str], kind: str = "money") -> str | None:
    """What a sum or a percentage belongs to: the noun it modifies, the noun of
    `sales of $4 mln`, or the verb's clause (`profit rose 12%`, `repay $220m`)."""
    h = r.head
    # "the $550m it lost": a relative clause on the sum says what it is
    rel = [c for c in r.children if c.dep_ == "relcl" and c.tag_.startswith("VB")]
    if rel:
        return _verb_what(rel[0], span_ids, nouns, "dobj", kind)
    # "worth a record £1,152m": the sum is what the subject is worth
    t = r
    if t.head.dep_ == "npadvmod" and _is_noun(t.head) and t.head.i < t.i:
        t = t.head
    if t.dep_ == "pobj" and t.head.dep_ == "prep" and t.head.head.lower_ == "worth":
        t = t.head  # "worth between £500m and £1billion"
    if t.head.lower_ == "worth" and t.head.head.tag_.startswith("VB") and t.head.head is not t.head:
        return _verb_what(t.head.head, span_ids, nouns, "other", kind)
    if t.head.lower_ == "worth" and _is_noun(t.head.head) and t.head.head.i not in span_ids:
        return _join(_np(t.head.head, span_ids, with_of=False))  # "a contract worth $500m"
    # "$25.80 more than the $1,652 fine", "sales were up 33 pct"
    if r.dep_ == "npadvmod" and h.tag_ in ("JJR", "RBR", "RB", "RP"):
        return _comparison_what(h, span_ids, nouns, kind)
    if r.dep_ in ("nummod", "compound", "amod", "nmod", "quantmod") and _is_noun(h) and h.i > r.i:
        while h.dep_ == "compound" and h.head.i > h.i and _is_noun(h.head):
            h = h.head  # "a two billion dlr takeover proposal": the proposal
        return _join(_np(h, span_ids) + _shared_head(h, span_ids))
    # "taxed up to £100,000", "be cut by 50 pct" (a passive's "by" is its agent to the parser)
    if r.dep_ == "pobj" and (h.dep_ in ("prep", "agent") or (h.dep_ == "prt" and h.lower_ == "up")):
        g = h.head
        if g.lower_ in ("percent", "pct", "%") and g.head is not g and g.head.tag_.startswith("VB"):
            g = g.head  # "raised the dividend 7.1 pct to 60 cts": the parse hangs "to" on the percentage
        if _is_noun(g) and g.i not in span_ids:
            return _statistic_what(g, span_ids, nouns, kind) or _join(_np(g, span_ids, with_of=False))
        # (or a predicate the tagger misread: "revenues should more than double to $21bn")
        if g.tag_.startswith("VB") or any(c.dep_ == "nsubj" for c in g.children):
            return _verb_what(g, span_ids, nouns, "at" if h.lower_ == "at" else "prep", kind, h.lower_)
        if g.tag_ in ("RB", "RP", "JJR", "RBR") and g.lower_ in CHANGE_WORDS:
            return _comparison_what(g, span_ids, nouns, kind)  # "up 33 pct to 67.4 mln dlrs"
        if h.lower_ == "as" and g.tag_ in ("JJ", "RB") and g.head.tag_.startswith("VB") and g.head is not g:
            return _verb_what(g.head, span_ids, nouns, "other", kind)  # "inflation was as high as 70%"
    if h.tag_.startswith("VB") and h is not r:
        return _verb_what(h, span_ids, nouns, "dobj" if r.dep_ in ("dobj", "nsubjpass") else "other", kind)
    if _is_noun(h) and h is not r:
        return _join(_np(h, span_ids, with_of=False))
    return None


def _statistic_what(noun, exclude: set[int], nouns: frozenset[str], kind: str) -> str | None:
    """"issued to a maximum of 325 mln dlrs" -> "nine pct bonds issued (maximum)":
    a statistic noun names no thing, so what is measured comes from its clause."""
    if noun.lower_ not in STATISTIC_NOUNS:
        return None
    base = None
    if noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.tag_.startswith("VB"):
        base = _verb_what(noun.head.head, exclude | {noun.i}, nouns, "prep", kind)
    elif noun.dep_ in ("dobj", "nsubjpass") and noun.head.tag_.startswith("VB"):
        base = _verb_what(noun.head, exclude | {noun.i}, nouns, "dobj", kind)
    elif noun.dep_ in ("attr", "nsubj") and noun.head.tag_.startswith("VB"):
        base = _verb_what(noun.head, exclude | {noun.i}, nouns, "other", kind)
    if not base or base == noun.head.head.text and noun.dep_ == "pobj":
        return None
    return f"{base} ({noun.text})"


def _comparison_what(comp, exclude: set[int], nouns: frozenset[str], kind: str) -> str:
    """"(the total,) which is $25.80 more than the $1,652 fine" -> "total more than fine"."""
    than = [c for c in comp.children if c.dep_ == "prep" and c.lower_ == "than"]
    objs = [g for g in than[0].children if g.dep_ == "pobj"] if than else []
    tail = f"{comp.text} than {_join(_np(objs[0], exclude, with_of=False))}" if objs else comp.text
    base = ""
    own = [c for c in comp.children if c.dep_ in ("nsubj", "nsubjpass") and _is_noun(c) and c.i not in exclude]
    subj = own[0] if own else None
    if subj is None and comp.head.tag_.startswith("VB") and comp.head is not comp:
        subj = _subject(comp.head, exclude)
    if subj is not None:
        base = _join(_np(subj, exclude, with_of=False))
    return f"{base} {tail}".strip()


def _shared_head(noun, exclude: set[int]) -> list:
    """"a 5/8 pct combined management and underwriting fee": the number
    belongs to the whole coordination, whose last noun ("fee") is the head.
    Returns the tokens to add after `noun`'s phrase, or []."""
    conj = [c for c in noun.children if c.dep_ == "conj" and _is_noun(c)]
    if not conj:
        return []
    last = conj[-1]
    if not any(g.dep_ == "compound" for g in last.children) or any(
            g.dep_ in ("det", "nummod", "poss") for g in last.children):
        return []
    doc = noun.doc
    if any(doc[k].dep_ in ("prep", "pobj") or doc[k].tag_.startswith("VB") for k in range(noun.i + 1, last.i)):
        return []  # "a 60% rise in profit, topping market expectations": two phrases, not one head
    return [doc[k] for k in range(noun.i + 1, last.i + 1) if k not in exclude and not doc[k].is_punct]


def _in_object(tok):
    """"$280bn in profits", "$500m in soft loans": the noun a sum is made of.
    The parse may hang the "in" on the verb; right after the sum it still counts."""
    preps = list(tok.rights) + [c for c in tok.head.rights if c.i == tok.i + 1 and tok.head is not tok]
    for ch in preps:
        if ch.dep_ == "prep" and ch.lower_ == "in":
            objs = [g for g in ch.children if g.dep_ == "pobj"]
            if objs and objs[0].tag_ in ("NNS", "NN") and not objs[0].ent_type_ and objs[0].lower_ not in STATISTIC_NOUNS \
                    and not any(g.dep_ in ("det", "poss", "nummod") for g in objs[0].children):
                return objs[0]
    return None


def _of_object(tok):
    """The noun of "50 pct of its oil consumption" or "14,600 billion yen
    worth of bills", or None."""
    worth = [c for c in tok.rights if c.lower_ == "worth"] + ([tok.head] if tok.head.lower_ == "worth" else [])
    for holder in (tok, *worth):
        of = [ch for ch in holder.rights if ch.dep_ == "prep" and ch.lower_ == "of"]
        objs = [g for g in of[0].children if g.dep_ == "pobj"] if of else []
        if objs and _is_noun(objs[0]):
            return objs[0]
    return None


def _model_list_noun(h):
    """In "five MiG-21, 12 MiG-29 and 12 Su-25 planes" each number counts a
    model named by a code; the common noun that ends the list says what they
    are.  Returns that noun, or None."""
    if h.tag_ == "NNS" or not (any(ch.isdigit() for ch in h.text) or h.tag_.startswith("NNP")):
        return None
    found = None
    stack = [h]
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ not in ("conj", "appos"):
                continue
            stack.append(c)
            if c.tag_ == "NNS" and any(g.dep_ == "compound" for g in c.children) \
                    and any(g.dep_ == "nummod" for g in c.children) and (found is None or c.i > found.i):
                found = c
    return found


def _fronted_whole(sdoc, r, exclude: set[int]) -> str | None:
    """The whole a sentence opens with, that its numbers are parts of: "Of
    Argentina's bondholders, 38.4% reside in Argentina, 15.6% in Italy"."""
    lead = sdoc[0] if len(sdoc) else None
    if lead is None or lead.lower_ != "of":
        return None
    objs = [g for g in lead.children if g.dep_ == "pobj" and _is_noun(g) and g.i < r.i]
    return _join(_np(objs[0], exclude, with_of=False)) if objs else None


def _noun_after(doc, k: int):
    """Where the parse hangs a count on nothing useful ("to make it 61 home
    league matches unbeaten"), the noun run right after it: its last noun if
    that is plural, or None."""
    j = k
    while j < len(doc) and j < k + 4 and (doc[j].tag_ in ("JJ", "NN", "NNS") or doc[j].text == "-"):
        j += 1
    last = doc[j - 1] if j > k else None
    if last is not None and last.tag_ == "NNS" and last.lower_ not in TIME_UNITS:
        return last
    return None


def _measured_by_unit(u, exclude: set[int], nouns: frozenset[str], kind: str) -> str | None:
    """A unit counts nothing itself: "its quota of 4.1 mln bpd" measures the
    quota, "exports rose to 763,331 tonnes" the exports.  The unit stays, in
    brackets.  None when `u` is no unit or has its own "of" ("tonnes of rubber")."""
    basis = u.lower_ == "points" and u.i > 0 and u.doc[u.i - 1].lower_ == "basis"  # "115 basis points"
    if u.lower_ not in SPELLED_UNITS and u.lower_ not in MEASURE_NOUNS and not basis:
        return None
    unit = " (basis points)" if basis else f" ({_join([u])})"
    if u.dep_ == "dobj" and u.head.tag_.startswith("VB") and _of_object(u) is None:
        subj = _subject(u.head, exclude)  # "the crop could reach 7.1 billion bushels"
        return _join(_np(subj, exclude, with_of=False) + [u.head]) + unit if subj is not None else None
    if u.dep_ != "pobj" or u.head.dep_ != "prep":
        return None
    g = u.head.head
    own = _of_object(u)
    if own is not None:  # "stocks of 1.4 billion bushels of soybeans"
        if _is_noun(g) and g.i not in exclude and u.head.lower_ == "of":
            return f"{_join(_np(g, exclude, with_of=False))} of {_join(_np(own, exclude, with_of=False))}{unit}"
        return None
    # "its quota of 4.1 mln bpd", "supply at 45 mln bpd" (not a place: "China at 86,383 tonnes")
    if _is_noun(g) and g.i not in exclude and (u.head.lower_ == "of" or (
            u.head.lower_ == "at" and g.tag_ in ("NN", "NNS") and not g.ent_type_)):
        return f"{_join(_np(g, exclude, with_of=False))}{unit}"
    if g.tag_.startswith("VB") and u.head.lower_ in ("to", "at", "by", "of", "above", "below", "over", "under"):
        what = _verb_what(g, exclude | {u.i}, nouns, "prep", kind)
        if what and what != _join([g]):  # a bare verb names nothing
            return f"{what}{unit}"
    return None


def _elided_noun(r, exclude: set[int]):
    """A bare count standing for a noun said before it in the sentence:
    "killing about 30,000 people and displacing an estimated one million",
    "tracks six million blogs and says more than 12,000 are added daily".
    The nearest earlier plural noun that a number counts, or None."""
    doc = r.doc
    found = []
    for k in range(min(exclude) - 1, -1, -1):
        t = doc[k]
        if t.tag_ == "NNS" and t.lower_ not in TIME_UNITS and t.lower_ not in MEASURE_UNITS \
                and t.ent_type_ not in ("MONEY", "PERCENT", "DATE", "QUANTITY") \
                and any(g.dep_ == "nummod" and g.i not in exclude for g in t.children):
            found.append(t)
    # "2,153 men across three trials - 1,075 had ...": a part of a larger whole said before
    own = _number_of(r)
    for t in found:
        whole = max((_number_of(g) or 0 for g in t.children if g.dep_ == "nummod"), default=0)
        if own is not None and whole >= own:
            return t
    return found[0] if found else None


def _number_of(tok) -> float | None:
    try:
        return float(tok.text.replace(",", ""))
    except ValueError:
        return None


def listed_item(sdoc, start: int, end: int) -> str | None:
    """"Cashmere cardigan, £225, and skirt, £119, meandem.com": a price set
    off by commas right after the thing it buys, as in a shopping caption."""
    if start < 2 or end >= len(sdoc) or sdoc[start - 1].text != "," or sdoc[end].text != ",":
        return None
    k = start - 2
    words = []
    while k >= 0 and len(words) < 3 and sdoc[k].is_alpha and sdoc[k].tag_ in ("NN", "NNS", "NNP", "NNPS", "JJ") \
            and sdoc[k].ent_type_ not in ("DATE", "TIME"):
        words.insert(0, sdoc[k])
        k -= 1
    if not words or words[-1].tag_ == "JJ":
        return None
    return _join(words)


def root_of(sdoc, c: Candidate, offset: int):
    ids = set(range(c.start - offset, c.end - offset))
    roots = [sdoc[k] for k in sorted(ids) if sdoc[k].head.i not in ids or sdoc[k].head.i == k]
    return roots[-1] if roots else sdoc[c.end - offset - 1]


def what_of(sdoc, c: Candidate, offset: int, nouns: frozenset[str],
          currencies: frozenset[str] = frozenset()) -> tuple[str | None, str, str | None, int]:
    """(what, kind, unit, end token in sdoc) for a candidate."""
    end = c.end - offset
    span_ids = set(range(c.start - offset, end))
    toks = [sdoc[k] for k in sorted(span_ids)]
    roots = [t for t in toks if t.head.i not in span_ids or t.head is t]
    r = roots[-1] if roots else toks[-1]

    if c.kind == "compound":
        # "52-year-old" -> "year-old", "four-day escalation" -> "day escalation"
        u = sdoc[c.unit_tok - offset]
        words = [u]
        if u.i + 2 < len(sdoc) and sdoc[u.i + 1].text == "-" and sdoc[u.i + 2].lower_ in ("old", "olds"):
            words += [sdoc[u.i + 1], sdoc[u.i + 2]]
        h = u.head
        while h.dep_ == "compound" and h.head.i > h.i and _is_noun(h.head):
            h = h.head
        if _is_noun(h) and words[-1].i < h.i <= words[-1].i + 4:
            words.append(h)
        return _join(words), "count", c.unit, end

    prev = sdoc[c.start - offset - 1] if c.start - offset > 0 else None
    if prev is not None and prev.lower_ == "aged":
        return "age", "count", c.unit, end
    if prev is not None and prev.text == "," and prev.i > 0 and sdoc[prev.i - 1].ent_type_ == "PERSON" and \
            end < len(sdoc) and sdoc[end].text in (",", ".", ")") and c.kind == "count":
        return "age", "count", c.unit, end  # "John Houston, 54, was due to stand"

    if c.kind == "quantity" and c.unit in ("C", "F"):  # "temperatures hit 22C" -> "temperatures hit (°C)"
        return f"{_money_what(r, span_ids, nouns, 'quantity') or 'temperature'} (\u00b0{c.unit})", c.kind, c.unit, end
    glued = c.end - c.start == 1 and c.unit and c.unit.endswith(("bps", "sec", "secs"))
    if glued:  # "a 512kbps line" -> "line (kbps)", "a world record of 6.39secs" -> "world record (secs)"
        what = _money_what(r, span_ids, nouns, "quantity")
        return (f"{what} ({c.unit})" if what else "speed" if c.unit.endswith("bps") else "time"), c.kind, c.unit, end

    if c.kind == "money":
        item = listed_item(sdoc, c.start - offset, end)
        if item:
            return item, c.kind, c.unit, end
    if c.kind in ("money", "percent"):
        what = None
        last = sdoc[end - 1]
        # "50 pct of its oil consumption", "a third of independent developers"
        total = None
        for tok in (last, r):
            obj = _of_object(tok) or (_in_object(tok) if c.kind == "money" else None)
            if obj is not None and obj.i in span_ids:
                continue  # "a quarter of a billion dlrs": the "of" is inside the amount
            if obj is not None and obj.lower_ in STATISTIC_NOUNS and all(g.dep_ == "det" for g in obj.lefts):
                total = obj  # "accounted for 68.2 pct of the total": the clause says of what
                break
            if obj is not None:
                what = _join(_np(obj, span_ids, with_of=False))
                break
        if what is None and c.kind == "percent":
            what = _fronted_whole(sdoc, r, span_ids)  # "Of Argentina's bondholders, 38.4% reside in ..."
        if what is None:
            what = _money_what(r, span_ids, nouns, c.kind)
            if total is not None and (not what or " " not in what):
                what = _join([total])  # no subject to say of what: "making up 1.02 per cent of the total"
        # "32 dlr a share bid", "17 cts share"
        k = end
        if k < len(sdoc) and sdoc[k].lower_ in ("a", "per"):
            k += 1
            while k + 1 < len(sdoc) and sdoc[k].tag_ in ("JJ", "NN") and sdoc[k].lower_ != "share" \
                    and k < end + 3 and sdoc[k + 1].lower_ in ("share", "common", "preferred", "preference"):
                k += 1  # "per common share"
        if k == end + 1 and k + 1 < len(sdoc) and sdoc[k].tag_ == "NN" and sdoc[k].lower_ != "share" \
                and not sdoc[k + 1].tag_.startswith("NN") and sdoc[k].i not in span_ids:
            per = f"per {_join([sdoc[k]])}"  # "$160 a pair", "1.72 dlrs per lb"
            return (f"{what} {per}" if what else f"price {per}"), c.kind, c.unit, end
        if k < len(sdoc) and sdoc[k].lower_ == "share":
            nxt = sdoc[k + 1] if k + 1 < len(sdoc) else None
            per = "per " + " ".join(t.text for t in sdoc[end:k + 1] if t.lower_ not in ("a", "per"))  # "per common share"
            if nxt is not None and nxt.tag_.startswith("NN"):
                what = f"{nxt.text} {per}"
            else:
                what = f"{what} {per}" if what and "share" not in what.split() else (what or per)
        return what, c.kind, c.unit, end

    kind, unit = c.kind, c.unit
    if r.lower_.endswith("fold"):  # "traffic increased fourfold", "a threefold rise", "risen more than tenfold"
        h = r.head
        for _ in range(3):
            if h.tag_ in ("RB", "RBR", "JJR", "IN") and h.head.i != h.i:
                h = h.head
        if _is_noun(h) and h.i > r.i:
            return _join(_np(h, span_ids)), kind, unit, end
        if h.tag_.startswith("VB"):
            return _verb_what(h, span_ids, nouns, "other", kind), kind, unit, end
        return None, kind, unit, end
    if c.kind == "count" and r.dep_ in ("nsubj", "nsubjpass", "dobj"):
        whole = _fronted_whole(sdoc, r, span_ids)  # "Of the total shares to be sold, 1,500,000 will be ..."
        if whole:
            return whole, kind, unit, end
    of_objs = [g for g in sdoc[end].children if g.dep_ == "pobj" and _is_noun(g)] \
        if end < len(sdoc) and sdoc[end].lower_ == "of" else []
    if c.kind == "count" and 0 < c.value < 1 and of_objs:
        counted = of_objs[0]  # "two-thirds of the island's income", however the parse hangs the "of"
    elif c.kind in ("duration", "quantity"):
        counted = sdoc[end - 1]
        h = counted.head
        if c.kind == "duration" and counted.dep_ == "compound" and _is_noun(h) and h.i > counted.i:
            return _join([counted, *_np(h, span_ids)]), kind, unit, end  # "a seven hour response"
        first = _conj_root(counted)
        if c.kind == "duration" and first.dep_ == "pobj" and first.head.lower_ == "of" and _is_noun(first.head.head) \
                and first.head.head.lower_ not in STATISTIC_NOUNS and first.head.head.lower_ not in TIME_FRAMES \
                and first.head.head.i == first.head.i - 1:  # the noun right before "of" (not "life and wife of")
            # "a ban of between six months and two years" -> "ban (months)", "a wait time of six days"
            return f"{_join(_np(first.head.head, span_ids, with_of=False))} ({counted.text})", kind, unit, end
        if c.kind == "quantity" and counted.dep_ in ("compound", "nmod", "amod", "nummod") and _is_noun(h) \
                and h.i > counted.i:
            return _join([counted, *_np(h, span_ids)]), kind, unit, end  # "the 7ft pre-lit tree"
    else:
        h = r.head
        listed = _model_list_noun(h) if r.dep_ == "nummod" else None
        if listed is not None:
            return _join([h, listed]), kind, unit, end  # "five MiG-21 ... planes" -> "MiG-21 planes"
        if r.dep_ in ("nummod", "compound", "nmod", "amod", "quantmod", "appos", "npadvmod", "predet") and _is_noun(h):
            if h.i < r.i:
                return None, kind, unit, end  # "page 5", "Chapter 11", "Boeing 747": a label, not a count
            counted = h
            shared = [g for g in h.children if g.dep_ == "conj" and g.tag_ == "NNS"
                      and any(x.dep_ == "nummod" for x in g.children)]
            if h.tag_ == "NN" and shared and c.value > 1:
                return _join([h, shared[0]]), kind, unit, end  # "150 mining and 23 petroleum projects"
            # "4 mln dlrs", "60 kilos": the model's MONEY/QUANTITY entity says
            # the noun is a unit, not a thing counted.
            if h.i >= end and h.ent_type_ in ("MONEY", "QUANTITY") and h.ent_type_ == r.ent_type_ \
                    and all(sdoc[k].ent_iob_ == "I" and sdoc[k].tag_ != "CD" for k in range(end, h.i + 1)):
                # to the end of the entity: "86.7bn Swiss francs"
                while h.i + 1 < len(sdoc) and sdoc[h.i + 1].ent_iob_ == "I" and sdoc[h.i + 1].is_alpha:
                    h = sdoc[h.i + 1]
                unit = _join(list(sdoc[end:h.i + 1]))
                end = h.i + 1
                span_ids.update(range(r.i, end))
                words = doc_words(sdoc)
                if h.ent_type_ == "MONEY" and any(words[k].lower() in currencies or words[k].lower() in CURRENCY_ABBREV
                                                  for k in range(r.i, end)):
                    return _money_what(h, span_ids, nouns), "money", unit, end
                kind, counted = "quantity", h
        else:
            of = [ch for ch in r.rights if ch.dep_ == "prep" and ch.lower_ == "of"]
            objs = [g for g in of[0].children if g.dep_ == "pobj"] if of else []
            if objs:
                counted = objs[0]
            elif r.dep_ in ("nsubj", "nsubjpass", "dobj") and r.head.tag_.startswith("VB"):
                # "killing 30,000 people and displacing one million": the noun of the parallel clause
                noun = _elided_noun(r, span_ids)
                if noun is None:
                    return verb_phrase(r.head, span_ids), kind, unit, end
                words = _join(_np(noun, span_ids, with_of=False))
                what = f"{r.head.text} {words}" if r.dep_ == "dobj" else f"{words} {r.head.text}"
                return what, kind, unit, end
            elif r.dep_ in ("attr", "acomp") and h.lower_ in BE_FORMS and c.value >= 2 and any(
                    c2.dep_ == "nsubj" and c2.lower_ in PERSONAL_PRONOUNS for c2 in h.children):
                return "age", kind, unit, end  # "I am 25", "she is 30"
            elif r.dep_ == "pobj" and h.dep_ == "prep" and h.head.lower_ in CHANGE_WORDS:
                return _comparison_what(h.head, span_ids, nouns, kind), kind, unit, end  # "down from 4.546"
            elif r.dep_ == "pobj" and h.dep_ == "prep" and h.head.tag_.startswith("VB"):
                role = "at" if h.lower_ == "at" else "prep"
                what = _verb_what(h.head, span_ids, nouns, role, kind)
                if " " not in what:  # "compared to 8,051 in France": the cases said before
                    noun = _elided_noun(r, span_ids)
                    said = _join(_np(noun, span_ids, with_of=False)) if noun is not None else ""
                    if said and said.split()[-1] != what:
                        what = f"{said} {what}"
                return what, kind, unit, end
            elif r.dep_ == "pobj" and h.dep_ == "prep" and _is_noun(h.head):
                what = _statistic_what(h.head, span_ids, nouns, kind) or _join(_np(h.head, span_ids, with_of=False))
                return what, kind, unit, end
            else:
                counted = _noun_after(sdoc, end)
                if counted is None:
                    return None, kind, unit, end
    measured = _measured_by_unit(counted, span_ids, nouns, kind)
    if measured:
        return measured, kind, unit, end
    if counted.tag_ in ("PRP", "WP", "WDT") or counted.lower_ in ("those", "these"):  # "three of them", "nine of whom"
        earlier = _elided_noun(r, span_ids)
        if earlier is None:
            return None, kind, unit, end
        counted = earlier
    # "82,000 armed forces personnel": the head of the compound is what is counted
    while counted.dep_ == "compound" and counted.head.i > counted.i and _is_noun(counted.head):
        counted = counted.head
    words = _np(counted, span_ids)
    # The event: the verb the counted thing is the subject of.
    c2 = counted
    while c2.dep_ == "conj" and c2.head is not c2:
        c2 = c2.head
    if c2.dep_ in ("nsubj", "nsubjpass") and (c2.head.tag_.startswith("VB") or c2.head.tag_.startswith("JJ")):
        if c2.head.lower_ not in BE_FORMS:
            words = words + [c2.head]
    elif c2.dep_ == "attr" and c2.head.lower_ in BE_FORMS:
        # "average monthly requirements were 6.7 mln bags"
        subj = [ch for ch in c2.head.children if ch.dep_ == "nsubj" and _is_noun(ch) and ch.i not in span_ids]
        if subj:
            return f"{_join(_np(subj[0], span_ids, with_of=False))} ({_join(words)})", kind, unit, end
    elif c2.dep_ == "dobj":
        preds = [ch for ch in c2.head.rights if ch.dep_ in ("oprd", "acomp") and ch.tag_.startswith("JJ")]
        if preds:
            words = words + [preds[0]]
    return _join(words) or None, kind, unit, end
