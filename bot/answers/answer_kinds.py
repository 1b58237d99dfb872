"""Whether a sentence holds the kind of answer a question asks for: a date, a place, a person or
body, a figure, a law, a reason. Plain English patterns; a capitalised word the sources never
write in lower case reads as a name."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from bot.answers.candidate import CITATION, CITED
from bot.answers.counts import counted, measured, of_those
from bot.answers.knowledge import Corpus
from bot.answers.named import gives_a_name, thing_named
from bot.answers.question import Kind, Question
from bot.answers.references import asks_reference, gives_reference
from bot.answers.vocabulary import FRAMING, NUMBER_WORDS, ORGANISATIONS, ROLES, words
from bot.answers.words import stem, stems, words_of

__all__ = [
    "date_for",
    "dated_years",
    "has_kind",
    "holder",
    "names",
    "when",
    "year_before",
]

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_DAY = r"(?:[0-3]?\d)"
_SPAN_MDY = re.compile(
    rf"\b{_MONTH}\s+{_DAY}\s*(?:to|–|-|until|through)\s*{_MONTH}?\s*{_DAY},?\s+{_YEAR}\b"
)
_SPAN_DMY = re.compile(
    rf"\b{_DAY}\s+{_MONTH}\s*(?:to|–|-|until|through)\s*{_DAY}\s+{_MONTH}\s+{_YEAR}\b"
)
_MDY = re.compile(rf"\b({_MONTH})\s+({_DAY}),?\s+({_YEAR})\b")
_DMY = re.compile(rf"\b({_DAY})\s+({_MONTH}),?\s+({_YEAR})\b")
_MY = re.compile(rf"\b({_MONTH})\s+(?:[o0]f\s+)?({_YEAR})\b")
# "27.03.2029" (day, month, year, as most of the world writes it) and "2028-04-26" (ISO).
_NUMERIC = re.compile(rf"\b([0-3]?\d)\.([01]?\d)\.({_YEAR})\b|\b({_YEAR})-([01]\d)-([0-3]\d)\b")
# "April 12", "12 April", "the 12th of April": a day of a month whose year the text gave before.
_MD = re.compile(
    rf"\b({_MONTH})\s+({_DAY})(?:st|nd|rd|th)?\b(?!\s*[,.]?\s*{_YEAR})(?![:\d]|\.\d)"
    rf"|\b({_DAY})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})\b(?!,?\s+{_YEAR})"
)
_Y = re.compile(rf"\b(?:in|since|of|from|until|by|before|after|during)\s+({_YEAR})\b")
# "in spring 2029", "in the autumn session": a season is a time, with its year or not.
_SEASON = re.compile(
    rf"\b(?:in|by|during|until|before|after|this|next)\s+(?:the\s+)?((?:early\s+|late\s+)?"
    rf"(?:spring|summer|autumn|fall|winter)(?:\s+(?:of\s+)?({_YEAR})|\s+session)?)\b"
)
_CITED_YEAR = re.compile(rf"\(({_YEAR})\)")  # a work cited with its year: "… Study (1979)"
_ANY_YEAR = re.compile(rf"\b{_YEAR}\b")
_MONTH_NAMES = re.findall(r"[A-Z][a-z]+", _MONTH)
_MONTHS = {name: n for n, name in enumerate(_MONTH_NAMES, start=1)}
_NUMBER = re.compile(
    r"\b\d[\d,.]*(?:-\w+)?\b|\b(?:" + "|".join(sorted(NUMBER_WORDS)) + r")(?:-\w+)?\b",
    re.IGNORECASE,
)
# "to Northtown and Eastport": a list of places after the word that places them, all of it.
_PLACE = re.compile(
    r"\b(?:in|at|to|from|near|inside|outside|across|throughout|visited|visiting)\s+(?:the\s+)?"
    r"((?:[A-Z][\w’'\-.]*)(?:(?:\s+(?:of\s+)?|,\s+|,?\s+and\s+)[A-Z][\w’'\-.]*)*)"
)
# "the town of Kentau": a place named after the word for its kind.
_PLACE_OF = re.compile(
    r"\b(?:town|city|village|region|province|district|country|capital)\s+of\s+"
    r"([A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*)*)"
)
_AT_BODY = re.compile(r"\b(?:in|at|to|before|from)\s+(?:the\s+)?([a-z]+)\b")
# A law by number or by name: "articles 164 and 337-1", "resolution 6/37", "the Criminal Code",
# "Law on Religious Activity", "the law “On Religious Activities …”".
_LAW = re.compile(
    r"\b(?:[Ll]aws?|[Cc]odes?|[Aa]rticles?|[Rr]esolutions?|[Aa]cts?|[Pp]rovisions?|[Ss]ections?"
    r"|[Cc]hapters?|[Pp]aragraphs?)\s+(?:\d|[“\"]|on\s+[A-Z]|of\s+(?:the\s+)?[A-Z])"
    r"|\b[A-Z][a-z]+\s+(?:Law|Code|Act|Covenant|Constitution|Declaration|Convention|Treaty)\b"
)
_CAPITALISED = re.compile(r"\b[A-Z][\w’'\-]*(?:\.[A-Z]\.?)?")
# Numbers that name rather than count: a day of the month, an article or paragraph of a text.
_NOT_COUNTS = re.compile(
    rf"{_SPAN_MDY.pattern}|{_SPAN_DMY.pattern}|{_MDY.pattern}|{_DMY.pattern}|{_NUMERIC.pattern}"
    rf"|{_MD.pattern}"
    r"|\b(?:[Aa]rticles?|[Pp]aragraphs?|[Ss]ections?|[Rr]esolutions?|[Cc]hapters?)\s+[\d/\-.]+"
    r"(?:\s*(?:,|and|or)\s*[\d/\-.]+)*"
    r"|\[\d{1,3}\]"  # a note's mark ("… common fund.[4]"), which counts nothing
)


# The sentences are the passages', read for one question and the next: what each says of itself
# alone is read once (bounded caches, keyed on the text).
@lru_cache(maxsize=20_000)
def when(sentence: str, year: str = "") -> str:
    """The first date a sentence gives, as people read it: "8 May 2013", "March 2013",
    "25 March – 4 April 2014", "2008"; a day of a month with no year ("on April 12") only in the
    `year` the text before it gives."""
    for pattern in (_SPAN_MDY, _SPAN_DMY):
        span = pattern.search(sentence)
        if span:
            parts = re.findall(rf"{_MONTH}|{_YEAR}|\b{_DAY}\b", span.group(0))
            months = [p for p in parts if p in _MONTHS]
            numbers = [p for p in parts if p not in _MONTHS]
            year, days = numbers[-1], numbers[:-1]
            if len(days) == 2:
                if months[0] == months[-1]:
                    return f"{int(days[0])}–{int(days[1])} {months[-1]} {year}"
                return f"{int(days[0])} {months[0]} – {int(days[1])} {months[-1]} {year}"
    found: list[tuple[int, str]] = []
    for match in _MDY.finditer(sentence):
        found.append((match.start(), f"{int(match.group(2))} {match.group(1)} {match.group(3)}"))
    for match in _DMY.finditer(sentence):
        found.append((match.start(), f"{int(match.group(1))} {match.group(2)} {match.group(3)}"))
    for match in _NUMERIC.finditer(sentence):
        day = _numeric(match)
        if day:
            found.append((match.start(), day))
    if not found:
        for match in _MY.finditer(sentence):
            found.append((match.start(), f"{match.group(1)} {match.group(2)}"))
        for match in _MD.finditer(sentence) if year else ():
            month, day = (match.group(1), match.group(2)) if match.group(1) else match.group(4, 3)
            if 1 <= int(day) <= 31:
                found.append((match.start(), f"{int(day)} {month} {year}"))
    if not found:
        found += [(m.start(1), m.group(1)) for m in _SEASON.finditer(sentence) if m.group(2)]
    if not found:
        for pattern in (_Y, _CITED_YEAR):
            found += [(match.start(1), match.group(1)) for match in pattern.finditer(sentence)]
    if not found:
        found += [(m.start(1), m.group(1)) for m in _SEASON.finditer(sentence)]
    return min(found)[1] if found else ""


def _numeric(match: re.Match[str]) -> str:
    """A date written in figures, as words ("27 March 2029"), or "" when it is no date."""
    day, month, year = match.group(1, 2, 3) if match.group(1) else match.group(6, 5, 4)
    if not (1 <= int(month) <= 12 and 1 <= int(day) <= 31):
        return ""
    return f"{int(day)} {_MONTH_NAMES[int(month) - 1]} {year}"


@lru_cache(maxsize=20_000)
def dated_years(sentence: str) -> frozenset[str]:
    """The years of the dates a sentence gives ("on May 8, 2013", "in 2011"), not of the years
    that only name a thing ("the 2019 law")."""
    found = {m.group(3) for pattern in (_MDY, _DMY) for m in pattern.finditer(sentence)}
    found |= {m.group(2) for m in _MY.finditer(sentence)}
    found |= {m.group(3) or m.group(4) for m in _NUMERIC.finditer(sentence) if _numeric(m)}
    return frozenset(found | {m.group(1) for m in _Y.finditer(sentence)})


_BOUND = re.compile(rf"\b(since|until|before|after)\b[^.;,]{{0,60}}?\b({_YEAR})\b")


_NONE = re.compile(r"\b(?:no|not|never|none|nobody|nothing)\b|n't\b", re.IGNORECASE)


def _bounds(sentence: str, question: Question) -> set[str]:
    """The years a sentence gives only as a bound ("for the first time since it began reporting
    in 2008"): not when what it tells of happened, unless the question asks from or until
    when, or when one last was, of a sentence that says there has been none since."""
    # "No new harbour pilot has been licensed since 2036" says when one last was.
    last = "last" in question.words and bool(_NONE.search(sentence))
    return {
        m.group(2)
        for m in _BOUND.finditer(sentence)
        if m.group(1) not in question.words
        and not (last and m.group(1) == "since")
        and not _ANY_YEAR.search(sentence[: m.start()])
    }


def year_before(said: Sequence[str], index: int, heading: str) -> str:
    """The year the text before a sentence last gave a date in (its passage's sentences before
    it, else its heading): the year of a day it names without one ("on April 12")."""
    for text in (*reversed(said[:index]), heading):
        years = sorted(dated_years(text))
        if years:
            return years[-1]
    return ""


def date_for(question: Question, sentence: str, year: str = "") -> str:
    """The date a sentence gives for what was asked: its first date, or a year that names the
    very thing asked about ("the 2019 Law" asked "what year was the law passed?", "Annual Report
    2013" asked "which year's annual report?")."""
    found = when(sentence, year)
    if found and not (_BOUND.search(sentence) and found in _bounds(sentence, question)):
        return found
    for match in _ANY_YEAR.finditer(sentence):
        year = match.group(0)
        beside = words_of(sentence[: match.start()])[-1:] + words_of(sentence[match.end() :])[:1]
        if year not in question.words and any(stem(w) in question.terms for w in beside):
            return year
    relative = _LATER.search(sentence)  # "who will submit a formal report later this year"
    return relative.group(0).capitalize() if relative else ""


_LATER = re.compile(r"\b(?:(?:later|earlier) this|next) (?:year|month|week)\b")


def names(sentence: str, corpus: Corpus) -> tuple[tuple[int, int, str], ...]:
    """The proper names in a sentence (start, end, text): runs of capitalised words that the
    sources never write in lower case, that are not offices or bodies, and that do not follow a
    word that places them ("in Washington")."""
    return _names(sentence, corpus.lowercase)


@lru_cache(maxsize=20_000)
def _names(sentence: str, lowercase: frozenset[str]) -> tuple[tuple[int, int, str], ...]:
    found: list[tuple[int, int, str]] = []
    run: list[re.Match[str]] = []

    def close() -> None:
        if run:
            start, end = run[0].start(), run[-1].end()
            before = sentence[:start].rstrip().rsplit(" ", 1)[-1].lower()
            # A sentence's first word is capitalised whatever it is: two or more name words
            # there ("Mira Sandoval of …") are still a name.
            if before not in ("in", "at", "to", "from", "near") and (start > 0 or len(run) > 1):
                found.append((start, end, sentence[start:end]))
        run.clear()

    for match in _CAPITALISED.finditer(sentence):
        word = match.group(0).lower().strip("’'.")
        plain = words_of(word)
        nameish = (
            bool(plain)
            and not match.group(0).replace(".", "").isupper()  # "UN", "ARA": bodies
            and all(w not in lowercase for w in plain)
            and not any(w in ROLES or w in ORGANISATIONS for w in plain)
            and word not in (m.lower() for m in _MONTHS)
        )
        adjacent = bool(run) and sentence[run[-1].end() : match.start()].strip() == ""
        if nameish and (adjacent or not run):
            run.append(match)
        else:
            close()
            if nameish:
                run.append(match)
    close()
    return tuple(found)


def _same_office(
    sentence: str, office: re.Match[str], of_what: set[str], question: Question
) -> bool:
    """Whether the office in the sentence (its words up to the next comma, and the few before
    it) is the one asked about: most of what the question says of it is said there."""
    if not of_what:
        return True
    rest = re.split(r"[,;:()—]", sentence[office.start() :], maxsplit=1)[0]
    before = sentence[: office.start()]
    lead = " ".join(before.split()[-3:])
    label = _LABEL.match(sentence)
    if label:
        # "North Region: Jane Doe (head of …); …": a list's label says what its offices are of.
        lead = f"{label.group(1)} {lead}"
    where = _WHERE.search(before)
    if where:
        # "… visited the town's central mosque, where the imam": the place the office is of.
        place = before[: where.start()].split(",")[-1].split()[-WHERE_WORDS:]
        lead = " ".join([*place, lead])
    said = stems(f"{lead} {rest}")
    found = [
        t for t in of_what if t in said or not said.isdisjoint(question.alternatives.get(t, ()))
    ]
    return len(found) >= 0.6 * len(of_what)


_OFFICES = frozenset(stem(w) for w in ROLES)
_RELATIVE = words("that we whom who which")
_LABEL = re.compile(r"^((?:\S+\s+){0,3}?\S+):\s")  # "North Region: …", a list's label
_WHERE = re.compile(r",\s*(?:where|whose|in which|at which)\s+(?:the\s+|its\s+)?$")
WHERE_WORDS = 6  # words of the place before "where" that an office after it is of


def _relative(question: Question) -> set[str]:
    """The stems of a relative clause after the office a question asks about ("the deputy
    mayor we met in Oslo"): they tell which of its holders was met, not what the office is of."""
    typed = question.words
    at = next((i for i, w in enumerate(typed) if i > 1 and w in _RELATIVE), len(typed))
    return {stem(w) for w in typed[at:]} - {stem(w) for w in typed[:at]}


# Asked who leads a body, a sentence that says by whom it is led names that person.
_LEADING = words("lead leads led head heads headed chair chairs chaired direct directs runs ran")
_LED_BY = re.compile(r"\b(?:led|headed|chaired|directed|run|coordinated)\s+by\s+$")


# Between a name and its office: "Jane Doe, the …", "Jane Doe (former …", the office's own
# title words ("Jane Doe, UN Special Rapporteur"), or "Jane Doe …, who is the current chair".
_APPOSED = re.compile(
    r"(?:,|\s*\()\s*(?:(?:the|a|an|former|then)\s+)*(?:[A-Z][\w.'’-]*\s+){0,3}"
    r"|[^,;:()]{0,60},\s*who\s+(?:is|was)\s+(?:the\s+)?(?:current\s+|then\s+|former\s+)?"
    r"(?:[a-z]+\s+)?"
)


def holder(sentence: str, question: Question, corpus: Corpus) -> str:
    """ "the Special Rapporteur …, Anna Berg", "Ivan Dorsey, chairman of …",
    "Ambassador Smith": a person's name standing next to an office the question asks about
    ("" when none)."""
    asked = {w for w in question.words if w in ROLES} | {
        stem(w) for w in question.words if w in ROLES
    }
    if asked:
        # … or the office the question's words stand for ("the UN expert": the Special
        # Rapporteur; "the envoy": the ambassador).
        asked |= {
            a for t in question.terms for a in question.alternatives.get(t, ()) if a in _OFFICES
        }
    # What the office is of ("the chairman of the Agency …"): the sentence must say it too.
    of_what = set(question.terms) - {stem(w) for w in question.words if w in ROLES} - FRAMING
    of_what -= _relative(question)
    lowered = sentence.lower()
    offices = [
        m
        for m in re.finditer(r"[a-z]+", lowered)
        if m.group(0) in ROLES and (not asked or m.group(0) in asked or stem(m.group(0)) in asked)
    ]
    leading = not _LEADING.isdisjoint(question.words)
    for start, end, name in names(sentence, corpus):
        if stems(name) <= set(question.terms):
            continue  # the question's own name ("who was … before Anna Berg?")
        if leading and _LED_BY.search(sentence[:start]):
            return name  # "Who leads the network?": "… the network, led by Jane Doe"
        for office in offices:
            if not _same_office(sentence, office, of_what, question):
                continue
            between = sentence[end : office.start()] if office.start() >= end else ""
            after = sentence[office.end() : start] if start >= office.end() else ""
            # Name, office: a comma and nothing but "the", "a former" or the office's title
            # words between them, or a clause that says who they are … or in brackets, as a
            # list of contacts gives them: "Jane Doe (head of …)".
            if between and _APPOSED.fullmatch(between):
                return name
            # Office …, Name: the office's own words (no verb-like comma) up to the comma.
            if after and (
                after.strip() == ""
                or (after.rstrip().endswith(",") and after.count(",") == 1 and len(after) < 60)
            ):
                return name
    return ""


_CURRENCY = words(
    """usd eur gbp dollar dollars euro euros pound pounds tenge rouble roubles ruble rubles
    franc francs yen yuan"""
)
# How often, and "one" of a kind ("One congregation was fined"): never how much.
_NO_AMOUNT = frozenset(("once", "twice", "thrice", "one"))
# What a figure before them measures is time: "within six weeks" counts no people.
_TIME_UNITS = frozenset(
    stem(w) for w in words("minutes hours days weeks months years decades centuries")
)


# "the number of founders … from fifty to ten": what the figures after "from … to" count.
_CHANGED_NUMBER = re.compile(r"\bnumber of (\w+)\b.*?\bfrom \S+ to (\S+?)[.,;]?(?:\s|$)")


def _counts(question: Question, sentence: str) -> bool:
    """A figure that counts something asked about: "15 participants", "a five-member
    delegation", "three years old" (not "article 18" when people were asked for)."""
    asked = set(question.terms) | {
        a for t in question.terms for a in question.alternatives.get(t, ())
    }
    # "How many art. 12 cases …?": what is counted, though a word too common to ask about.
    asked |= {stem(counted(question))} - {""}
    # "How much was it fined?" asks an amount: "fined twice" says how often, not how much.
    amount = question.has("how much", "how big", "how large", "value of", "what amount")
    ages = question.has("how old", "how long")  # "only three years old": a time, as asked
    changed = _CHANGED_NUMBER.search(sentence)
    if changed and stem(changed.group(1).lower()) in asked and _NUMBER.fullmatch(changed.group(2)):
        return True  # "lowering the number of founders needed … from fifty to ten"
    for figure in _figures(sentence):
        if figure.word in question.words or (amount and figure.how_often):
            continue
        if figure.time and figure.time not in asked and not ages:
            continue  # "How many people attended?" is not answered by "within six weeks"
        if any(said in asked for said in figure.near):
            return True
        if amount and figure.priced:
            return True  # "How big is the travel fund?": "set at USD 42,500"
    return False


class _Figure(NamedTuple):
    """A figure of a sentence as it stands there, whatever was asked."""

    word: str
    near: tuple[str, ...]  # the stems of the words around it, where what it counts is said
    how_often: bool  # "twice", "three times", "one" of a kind: never how much
    priced: bool  # a currency beside it ("USD 42,500"): an amount
    time: str  # the unit of time it stands before ("six weeks" → "week"), or ""


@lru_cache(maxsize=20_000)
def _figures(sentence: str) -> tuple[_Figure, ...]:
    """The figures of a sentence that may count something (no year, day or article)."""
    said = words_of(_ANY_YEAR.sub(" ", _NOT_COUNTS.sub(" ", sentence)))
    return tuple(
        _Figure(
            word,
            tuple(
                stem(w)
                for w in said[
                    _back_to(said, index) : index + _reach(word) + 2 * measured(said, index)
                ]
            ),
            word in _NO_AMOUNT or said[index + 1 : index + 2] == ["times"],
            not _CURRENCY.isdisjoint(said[max(0, index - 1) : index + 2]),
            _unit_of_time(said[index + 1 : index + 2]),
        )
        for index, word in enumerate(said)
        if _NUMBER.fullmatch(word)
    )


def _back_to(said: list[str], index: int) -> int:
    """Where what a figure counts may stand before it: two words back, or anywhere before "six
    of them" ("smaller communities …, and six of them gave testimony")."""
    if of_those(said, index):
        return 0
    return max(0, index - 2)


def _reach(figure: str) -> int:
    """How far after a figure what it counts may stand: further after a compound ("a five-member
    IRF Roundtable delegation"), whose parts and the name it qualifies stand between."""
    return 6 if "-" in figure else 4


def _unit_of_time(following: list[str]) -> str:
    unit = stem(following[0]) if following else ""
    return unit if unit in _TIME_UNITS else ""


_PUBLISHED = frozenset(stem(w) for w in ("published", "printed", "appeared", "ran"))


def has_kind(question: Question, sentence: str, corpus: Corpus, year: str = "") -> bool:
    """Whether the sentence holds the kind of answer asked for; `year`: the year the text before
    it last dated something in."""
    kind = question.kind
    if question.wants_name:
        # "What is the name of the pastor …?": only a name beside the office answers.
        return bool(holder(sentence, question, corpus))
    if thing_named(question):
        return gives_a_name(question, sentence)  # "the name of the network": "Harbour Watch"
    if kind == Kind.WHEN:
        if question.has("deadline", "deadlines") and any(f.time for f in _figures(sentence)):
            return True  # "What deadline was set?": "a deadline of 30 days", a time allowed
        # "Exactly when in spring 2029 …?" is not answered by "in spring 2029".
        found = words_of(date_for(question, sentence, year))
        return bool(found) and not set(found) <= set(question.words)
    if kind == Kind.COUNT:
        # "What's the reference number of the letter?": a code ("No. AB/12"), not a count.
        return (
            gives_reference(sentence)
            if asks_reference(question.words)
            else _counts(question, sentence)
        )
    if kind == Kind.WHERE:
        said = {a for t in question.terms for a in question.alternatives.get(t, ())}
        if not _PUBLISHED.isdisjoint({*question.terms, *said}) and CITATION.search(sentence):
            # "Where was the article published?" (or where did it "come out"): a citation
            # names its publisher.
            return True
        places = [m.group(1) for p in (_PLACE, _PLACE_OF) for m in p.finditer(sentence)]
        # "… go to parliament", "at the embassy": a body stands for the place it sits in.
        places += [m.group(1) for m in _AT_BODY.finditer(sentence) if m.group(1) in ORGANISATIONS]
        return any(not stems(place) <= set(question.terms) for place in places)
    if kind == Kind.LAW:
        return bool(_LAW.search(sentence))
    if kind == Kind.WHO:
        if CITATION.search(sentence) and CITED.isdisjoint(question.terms):
            # "Who is A. Author?" is not answered by a citation of his work: it says only that
            # he wrote it, which a question about the work asks ("who wrote …?").
            return False
        new_names = [n for *_, n in names(sentence, corpus) if not stems(n) <= set(question.terms)]
        bodies = [
            w
            for w in words_of(sentence)
            if (w in ROLES or w in ORGANISATIONS) and stem(w) not in question.terms
        ]
        return bool(new_names or bodies)
    return True
