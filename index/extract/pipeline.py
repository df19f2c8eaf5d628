"""Worker side of extraction: load spaCy once, turn (title, body) pairs into
compact entity and figure tuples.

Nothing here is imported by `index.extract` at module level: importing this
module imports spaCy.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass

import spacy
from spacy.tokens import Doc, Span

from index.extract import entities as ents_mod
from index.extract import figures as figs_mod
from index.extract import gazetteer as gaz_mod

# Entity tuple: (text, label, start, end, in_title)
# Figure tuple: (text, value, what, sentence, start, end, unit)
EntTuple = tuple[str, str, int, int, bool]
FigTuple = tuple[str, float, str, str, int, int, "str | None"]


@dataclass
class Resources:
    nlp: spacy.Language
    gazetteer: gaz_mod.Gazetteer
    words: frozenset[str]  # every English word the lemmatizer tables know (WordNet)
    word_like: frozenset[str]  # verbs, adjectives, adverbs (never place names)
    nouns: frozenset[str]  # noun lemmas (names the act of a verb: pay -> payment)


_RESOURCES: dict[str, Resources] = {}


def _limit_threads() -> None:
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
        os.environ.setdefault(var, "1")


def resources(name: str) -> Resources:
    res = _RESOURCES.get(name)
    if res is not None:
        return res
    _limit_threads()
    from index.extract import ExtractionUnavailable

    try:
        # Disabled components are loaded but left out of nlp.pipe: the
        # lemmatizer's tables are read, and attribute_ruler + lemmatizer run
        # by hand on the few sentences parsed for figures (see process).
        nlp = spacy.load(name, disable=["lemmatizer", "attribute_ruler", "senter"])
    except OSError as exc:
        raise ExtractionUnavailable(
            f"spaCy pipeline {name!r} could not be loaded ({exc}). Install an English pipeline, "
            "e.g. `pip install en_core_web_sm`, or set NEWSREADER_SPACY_MODEL."
        ) from exc
    nlp.max_length = max(nlp.max_length, 10_000_000)
    # "aged 4–8", "2–3 years": split number ranges written with an en or em
    # dash, as the default tokenizer already does for a hyphen.
    infixes = [*nlp.Defaults.infixes, r"(?<=[0-9])[\u2013\u2014](?=[0-9])"]
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer
    missing = {"ner", "parser", "tok2vec"} - set(nlp.component_names)
    if missing:
        raise ExtractionUnavailable(f"spaCy pipeline {name!r} lacks components {sorted(missing)}")
    words: set[str] = set()
    word_like: set[str] = set()
    nouns: set[str] = set()
    if "lemmatizer" in nlp.component_names:
        lookups = nlp.get_pipe("lemmatizer").lookups
        if lookups.has_table("lemma_index"):
            index = lookups.get_table("lemma_index")
            for pos in ("noun", "verb", "adj", "adv"):
                entries = index.get(pos, []) or []
                words.update(entries)
                if pos == "noun":
                    nouns.update(entries)
                if pos != "noun":
                    word_like.update(entries)
    frozen_like = frozenset(w for w in word_like if w.isalpha())
    frozen_words = frozenset(words)
    res = Resources(nlp, gaz_mod.load(frozen_like, frozen_words), frozen_words, frozen_like, frozenset(nouns))
    _RESOURCES[name] = res
    return res


def sentence_spans(doc: Doc) -> list[Span]:
    """Cheap sentence split (no parser): after . ! ? (and closing quotes), and
    at every line break.  Whitespace-only tokens are left out."""
    out: list[Span] = []
    start = None
    n = len(doc)
    i = 0
    while i < n:
        tok = doc[i]
        if "\n" in tok.text or tok.is_space:
            if start is not None:
                out.append(doc[start:i])
                start = None
            i += 1
            continue
        if start is None:
            start = i
        # "... by $587m. Spending": a scale letter keeps the full stop the tokenizer gave it
        glued_stop = (len(tok.text) > 1 and tok.text.endswith(".") and i > 0 and doc[i - 1].text[:1].isdigit()
                      and not doc[i - 1].whitespace_ and tok.lower_[:-1] in figs_mod.GLUED_SCALE)
        if tok.text in (".", "!", "?", "...", "…") or glued_stop:
            j = i + 1
            while j < n and (doc[j].is_quote or doc[j].text in (")", "]")):
                j += 1
            if j >= n or doc[j].is_space or doc[j].text[:1].isupper() or doc[j].is_quote:
                out.append(doc[start:j])
                start = None
                i = j
                continue
        i += 1
    if start is not None:
        out.append(doc[start:n])
    return out


def parse_input(sent: Span) -> Doc:
    """A copy of the sentence for the parser, token for token, with news-wire
    abbreviations and glued scale letters spelled out ("$220m" -> "$220
    million", "12 pct" -> "12 percent"): the small model parses those as
    verbs or punctuation.  The original words ride along in user_data so
    nothing the reader shows is rewritten."""
    words = [figs_mod.parser_word(sent.doc, t.i) for t in sent]
    ents = []
    for t in sent:
        if not t.ent_type_:
            ents.append("O")
        else:
            iob = "B" if t.ent_iob_ == "B" or not ents or ents[-1] == "O" else "I"
            ents.append(f"{iob}-{t.ent_type_}")
    doc = Doc(sent.doc.vocab, words=words, spaces=[bool(t.whitespace_) for t in sent], ents=ents)
    doc.user_data["words"] = [t.text for t in sent]
    return doc


def process(pairs: list[tuple[str, str]], name: str, batch_size: int = 64) -> list[tuple[list[EntTuple], list[FigTuple]]]:
    res = resources(name)
    nlp = res.nlp
    ner = nlp.get_pipe("ner")

    titles = [ents_mod.truecase_title(t, b, res.words, res.gazetteer) for t, b in pairs]
    bodies = [ents_mod.recase_body(b, res.words, res.gazetteer) for _, b in pairs]
    docs = [nlp.make_doc(text) for text in titles] + [nlp.make_doc(b) for b in bodies]
    docs = list(ner.pipe(docs, batch_size=max(batch_size, 128)))
    n = len(pairs)
    title_docs, body_docs = docs[:n], docs[n:]

    # Figures need a parse, but only of sentences holding a candidate number.
    per_doc_cands: list[list[tuple[Span, list[figs_mod.Candidate], bool]]] = []
    to_parse: list[Doc] = []
    for (_, body), doc in zip(pairs, body_docs):
        found = []
        masked = figs_mod.masked_ranges(body)
        for sent in sentence_spans(doc):
            sent = figs_mod.after_dateline(sent)
            cands = figs_mod.candidates(sent, masked, body, res.gazetteer.currencies)
            if cands:
                # table rows and scores know what they count: no parse needed
                need = any(c.what is None for c in cands)
                found.append((sent, cands, need))
                if need:
                    to_parse.append(parse_input(sent))
        per_doc_cands.append(found)
    if to_parse:
        # The lemmas (attribute_ruler + lemmatizer) name a verb's act: paid -> payment.
        for pname in ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"):
            if pname in nlp.pipe_names or pname in nlp.component_names:
                to_parse = list(nlp.get_pipe(pname).pipe(to_parse, batch_size=max(batch_size, 128)))
    parsed = iter(to_parse)

    out = []
    for (title, body), scan, tdoc, bdoc, found in zip(pairs, bodies, title_docs, body_docs, per_doc_cands):
        sdocs = [next(parsed) if need else None for _, _, need in found]
        try:
            ents = ents_mod.article_entities(title, body, tdoc, bdoc, res.gazetteer, res.words, res.word_like, scan)
        except Exception as exc:  # one odd article must not stop an indexing run
            warnings.warn(f"entity extraction failed for {title[:60]!r}: {exc!r}", stacklevel=1)
            ents = []
        figs: list[FigTuple] = []
        for (sent, cands, _), sdoc in zip(found, sdocs):
            try:
                figs.extend(figs_mod.figures(sent, sdoc, cands, body, res.nouns, res.gazetteer.currencies))
            except Exception as exc:
                warnings.warn(f"figure extraction failed in {sent.text[:60]!r}: {exc!r}", stacklevel=1)
        out.append((ents, figs))
    return out
