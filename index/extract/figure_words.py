"""The closed word lists figure extraction reads: units, scale words,
currencies beyond the gazetteer's, and the small classes of words that make a
number a date, an age, a score or part of a name.  Facts about English and
news-wire style, kept apart from the rules that use them."""

from __future__ import annotations

# Entity labels inside which a number is part of a name or identifier.
NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
)
# Words that alone cannot say what a number counts.
FUNCTION_WORDS = frozenset("a an the and or to of in on at for by from with - as than per".split())
# Words before a number that give an earlier level of what the figure before
# it measures ("rose to 8,285 tonnes from 5,908", "2.3 billion against two billion").
PREVIOUS_LEVEL_WORDS = frozenset("from against versus vs vs. yearago year-ago".split())
# Units a count may be measured in; what is measured is the noun or clause they belong to.
MEASURE_NOUNS = frozenset({"bpd", "b/d"})
# Month names and their news-wire abbreviations (a number beside one is a
# date; entities read them too).
MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
# Units written out, after which even "one" is a measure ("a one metre distance").
SPELLED_UNITS = frozenset(
    "metre metres meter meters kilometre kilometres kilometer kilometers mile miles foot feet inch inches yard yards "
    "acre acres hectare hectares tonne tonnes ton tons kilo kilos kilogram kilograms gram grams litre litres liter "
    "liters gallon gallons barrel barrels ounce ounces degree degrees bushel bushels bale bales carat carats "
    "tablespoon tablespoons teaspoon teaspoons pint pints "
    "kilobyte kilobytes megabyte megabytes gigabyte gigabytes terabyte terabytes".split()
)
# What a sum after a verb and a preposition is, by convention ("sued for $25m").
PREP_NOUNS = {("sue", "for"): "damages", ("sell", "for"): "price", ("buy", "for"): "price",
              ("sell", "at"): "price", ("buy", "at"): "price"}
# Verbs whose noun names the sum itself ("fined $1,677" -> "fine").
MONEY_VERB_NOUNS = frozenset("fine cost charge bid offer price value tax bill fee".split())
# Zones after a time of day ("at 1500 GMT").
TIME_ZONES = frozenset("gmt bst utc est edt cet cest pst pdt jst ist aest aedt".split())
# Words that make a number before them part of an address.
STREET_WORDS = frozenset("street st avenue ave road rd lane boulevard blvd drive highway route".split())
# Nouns for people, after which ", 39," is an age.
PERSON_NOUNS = frozenset(
    "wife husband son daughter mother father brother sister man woman boy girl partner friend mum dad "
    "grandmother grandfather grandson granddaughter widow widower fiance fiancee boyfriend girlfriend".split()
)
# People named by what they do, which no agent suffix marks ("The Stay With Me star, 28,").
ROLE_NOUNS = frozenset("star boss chief host coach captain keeper actress model celebrity victim pupil student "
                       "teenager youngster suspect pensioner veteran beauty heiress cook chef".split())
# Subjects that make a bare number an age ("I am 25").
PERSONAL_PRONOUNS = frozenset({"i", "he", "she", "you", "we"})
# Units written glued to a number ("200km", "5kg"); "m" is left out (metres or million).
MEASURE_UNITS = frozenset(
    "km kg mm cm mph kph kmh ml mg ha lb lbs ft kw mw gw kwh mwh gb mb tb mhz ghz kbps mbps gbps".split()
)
# Nouns that only say which statistic a number is ("a total of 34", "a maximum of
# 325 mln dlrs"): what is counted is found in the clause around them.
# Nouns of change, which take "in" for what changes ("a rise in sales").
CHANGE_NOUNS = frozenset("increase increases rise rises fall falls drop drops decline declines cut cuts jump gain gains "
                         "growth reduction reductions".split())
# Nouns that take "in" for what is held ("shares in Swiss Re", "a stake in the bank").
HOLDING_NOUNS = frozenset("share shares stake stakes holding holdings investment investments interest".split())
# Adverbs that report a change ("sales were up 33 pct to 67.4 mln dlrs").
CHANGE_WORDS = frozenset("up down off higher lower more less".split())
STATISTIC_NOUNS = frozenset("maximum minimum total average sum peak high low ceiling limit level range".split())
# Name labels the model also puts on "800,000 Azerbaijanis" or "12 Britons".
COUNTABLE_NAME_LABELS = frozenset({"PERSON", "GPE", "NORP", "LOC"})
# Units of duration: a number with one of these inside a DATE/TIME entity is a
# duration ("three weeks"), not a calendar date.
TIME_UNITS = frozenset(
    "second seconds minute minutes hour hours day days night nights week weeks fortnight fortnights "
    "month months quarter quarters year years decade decades century centuries".split()
)
# Abbreviated scale words (news-wire style) -> the word text2num knows.
SCALE_ABBREV = {"mln": "million", "bln": "billion", "bn": "billion", "trln": "trillion", "mn": "million"}
# News-wire abbreviations of currency words (the words themselves come from the gazetteer).
CURRENCY_ABBREV = frozenset({"dlrs", "dlr", "stg", "cts", "ct", "cents", "cent", "pence"})
PERCENT_WORDS = frozenset({"%", "percent", "pct", "per-cent", "pc"})
IDENT_PREFIX = frozenset({"#", "no", "no.", "nos", "nos.", "number", "num"})

# Scale letters glued to an amount of money: "$220m", "£1.2bn", "£5k".
GLUED_SCALE = {"m": "million", "bn": "billion", "k": "thousand", "mn": "million"}
# Fractions written as words: "a third of", "two thirds of".
FRACTION_WORDS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5,
                  "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8,
                  "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10}
# Nouns and verbs around "2-1" that make it a score.
SCORE_WORDS = frozenset(
    "victory win wins won defeat defeats defeated loss lost lose draw drew drawn lead led beat beats beaten "
    "thrashing thrashed scoreline overcome overcame triumph home away aggregate down ahead behind trailing "
    "ended finished penalties shootout set sets decision vote verdict ruling majority capitulation drubbing held "
    "winners winner leading trailing "
    "masterclass "
    "hammering thumping rout stalemate comeback deficit half-time halftime full-time".split()
)
# What each side of a score counts, by the words around it (default: goals).
SCORE_UNITS = {"penalties": "penalties", "shootout": "penalties", "set": "games", "sets": "games",
               "decision": "votes", "vote": "votes", "verdict": "votes", "ruling": "votes", "majority": "votes"}
# "one" counts only after a focusing word ("just one appearance"); otherwise it
# is a determiner or pronoun ("one source said", "one of which").
FOCUS_WORDS = frozenset("just only least exactly precisely than nearly almost about some".split())
# Words glued to a number by a hyphen that never make it a measure ("one-off").
NOT_UNITS = frozenset("off time way sided party".split())
