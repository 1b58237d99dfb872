"""Sentences that speak of what a question is about but do not hold the kind of fact it asks: "what
nationality is …?" asked of a sentence that says none (and the head noun a question asks of a
thing by, "the street address of the embassy", which `focus.supplies` wants said); a count of
pages, or what a study concludes, asked of a note that only cites the work; all of a counted
list, asked of a sentence that names some ("nine laws, including …"); the names of a counted
group, asked of a sentence that only counts it; a thing named by its year ("its 2014 report"),
asked of another year's; a thing of someone the records never name ("Russia's law"); and the
hour of the day, asked of a sentence that gives only a date. Each is a decline, not an answer.
English only; no names of anyone."""

from __future__ import annotations

import re

from bot.answers.answer_kinds import names
from bot.answers.candidate import YEAR
from bot.answers.counts import does_it
from bot.answers.knowledge import Corpus
from bot.answers.question import Kind, Question
from bot.answers.vocabulary import NUMBER_WORDS, STOPWORDS, words
from bot.answers.words import stem, stems, words_of

__all__ = ["attribute", "fact_unsaid"]


def fact_unsaid(question: Question, sentence: str, corpus: Corpus) -> bool:
    """Whether the sentence lacks the kind of fact the question asks (see the module's
    docstring), and so does not answer it."""
    return (
        _attribute_unsaid(question, sentence)
        or _only_cited(question, sentence)
        or _partly_listed(question, sentence, corpus)
        or _another_year(question, sentence)
        or _of_a_stranger(question, corpus)
        or _hour_unsaid(question, sentence)
    )


# "What time did the meeting start?" asks the hour, which a date ("on 14 February") does not
# give: "10:30", "9.15 am", "3 p.m.", "at noon", "ten o'clock", "in the morning".
_ASKS_HOUR = re.compile(r"\b(?:what|which)\s+time\b|\bat\s+what\s+(?:time|hour)\b", re.IGNORECASE)
_HOUR = re.compile(
    r"\b\d{1,2}[:.]\d\d\b|\b\d{1,2}\s*(?:a\.?m\b\.?|p\.?m\b\.?)|o[’']clock|\b(?:noon|midday"
    r"|midnight|morning|afternoon|evening|night|dawn|dusk)\b",
    re.IGNORECASE,
)


def _hour_unsaid(question: Question, sentence: str) -> bool:
    """ "What time did the meeting start?" asked of a sentence that gives no hour of the day."""
    return bool(_ASKS_HOUR.search(question.raw)) and not _HOUR.search(sentence)


# "the street address of" narrows the head's kind; "the total amount of" says how it is given.
_HOW_GIVEN = r"(?:total|overall|exact|full|final|approximate|estimated|actual|current|official)\b"
_ATTRIBUTE = re.compile(
    r"^(?:what|which)(?:'s|’s|\s+is|\s+was|\s+are|\s+were)\s+(?:the\s+)?"
    rf"(?:(?:(?!{_HOW_GIVEN})\w+\s+)?(\w+)\s+of\b|(?:[\w\-.]+\s+){{0,3}}?[\w\-]+(?:'s|’s)\s+(\w+)\b)",
    re.IGNORECASE,
)
_ANY_ATTRIBUTE = words(
    """name names status situation point thing things kind type sort outcome
    result results purpose meaning number role view views position opinion reason goal aim
    main best most first last job jobs occupation profession office"""
)


def attribute(question: Question) -> str:
    """What a question asks of a thing ("What is the Valdorian Embassy's address?", "what was the
    value of …?"): its head noun, which the answer says; "" for a question of a kind any
    sentence about it answers ("what is the status of …", "the name of …")."""
    match = _ATTRIBUTE.match(question.raw.strip())
    if match is None:
        return ""
    head = (match.group(1) or match.group(2) or "").lower()
    return "" if head in _ANY_ATTRIBUTE or head in STOPWORDS else head


# "What nationality is Anna Berg?": a noun that says the kind of fact asked of someone
# named, and nothing else asked. Words that ask no kind of their own are left to the kind.
_ASKED_NOUN = re.compile(
    r"^(?i:what|which)\s+([a-z]+)\s+(?i:is|was|are|were)\s+(?:[A-Z][\w’'\-.]*\s*)+[?.!]*$"
)
_ANY_KIND = words(
    """kind kinds type types sort sorts way ways thing things else exactly happened role
    point points reason reasons one ones part parts other"""
)


def _attribute_unsaid(question: Question, sentence: str) -> bool:
    """ "What nationality is Anna Berg?" asked of a sentence of her visit: the sentence
    never says the noun the question asks by, nor a word for it."""
    if question.kind != Kind.ANY:
        return False
    asked = _ASKED_NOUN.match(question.raw.strip())
    if asked is None:
        return False
    noun = asked.group(1).lower()
    if noun in STOPWORDS or noun in _ANY_KIND or noun in NUMBER_WORDS:
        return False
    return not does_it(noun, set(stems(sentence)), question)


# Verbs that ask what a work says: a note that only cites it says nothing of its content.
_CONTENT = words(
    """conclude concludes concluded find finds found argue argues say says said state states
    stated show shows showed recommend recommends recommended claim claims claimed"""
)
# "[3] Study on …", "Available at: …": a note that cites a work.
_NOTE = re.compile(r"(?:^|: )\[\d+\]\s|^(?:Available\s+(?:at|from)|Retrieved\s+from)\b")


# "[2] The 1998 statute required only 20 founding members.": a note that says something in a
# sentence of its own, led by a determiner as a sentence is, and cites no page.
_NOTE_SAYING = re.compile(r"^\[\d+\]\s+(?:The|This|These|That|Those|It|Its|A|An|All|Only)\s")
_PAGE = re.compile(r"\bpp?\.\s*\d")


def _only_cited(question: Question, sentence: str) -> bool:
    """ "What does the study conclude on page 98?", "How many pages is the report?" asked of
    "Available at: [3] Study on …, p. 98": a note that cites a work tells where it is, not
    what it says nor how long it is (its "p. 98" is a place in it)."""
    if not _NOTE.search(sentence):
        return False
    if _NOTE_SAYING.match(sentence) and not _PAGE.search(sentence):
        return False
    return question.has("how many", "how long") or not _CONTENT.isdisjoint(question.words)


_FIGURE = "|".join(sorted(NUMBER_WORDS))
# "all nine laws", "the names of the 15 participants": a counted list asked for in full.
_ALL_OF = re.compile(
    rf"\b(?:all(?:\s+of)?|names?\s+of(?:\s+all)?)(?:\s+the)?\s+(\d+|{_FIGURE})\s+"
    r"(?:[a-z\-]+\s+){0,2}?([a-z]+s)\b",
    re.IGNORECASE,
)
# "Who were the four observers?": the same, asked by who they were.
_WHO_THE = re.compile(
    rf"^\s*who\s+(?:were|are|was|is)\s+the\s+(\d+|{_FIGURE})\s+(?:[a-z\-]+\s+){{0,2}}?([a-z]+s)\b",
    re.IGNORECASE,
)
_SOME_OF = re.compile(r"^[\s,]*(?:\w+\s+){0,3}?(?:including|such\s+as|among\s+them|e\.g\.)\b")


def _partly_listed(question: Question, sentence: str, corpus: Corpus) -> bool:
    """ "Can you list all nine laws it amended?" asked of "… in nine other Laws, including …",
    and "the names of the 15 participants" asked of "… and 15 participants of the
    Roundtable": the sentence counts the things and names some of them, or none; or it never
    speaks of them as many."""
    asked = _ALL_OF.search(question.raw) or _WHO_THE.search(question.raw)
    if asked is None:
        return False
    figure, plural = asked.group(1).lower(), asked.group(2).lower()
    noun = stem(plural)
    listed = [n for *_, n in names(sentence, corpus) if not stems(n) <= set(question.terms)]
    if figure not in words_of(sentence) and plural not in words_of(sentence) and len(listed) < 2:
        return True  # a sentence of one of them ("the 2019 Law on …"), or of none
    for said in re.finditer(rf"\b{re.escape(figure)}\b", sentence.lower()):
        # The thing counted stands within a few words of its figure ("nine other Laws").
        following = list(re.finditer(r"[\w\-]+", sentence[said.end() :]))[:3]
        ends = [said.end() + m.end() for m in following if stem(m.group(0).lower()) == noun]
        if not ends:
            continue
        after = sentence[ends[0] :]
        if _SOME_OF.match(after):
            return True
        if not any(
            not stems(n) <= set(question.terms) and not _of_whom(after, start)
            for start, _, n in names(after, corpus)
        ):
            return True
    return False


def _of_whom(after: str, start: int) -> bool:
    """ "15 participants of the IRF Roundtable": a name after "of" says whose they are."""
    return bool(re.search(r"\bof\s+(?:the\s+)?(?:[A-Z][\w’'\-]*\s+)*$", after[:start]))


# "its 2014 annual report", "the 2019 law": a thing named by its year.
_YEAR_NAMED = re.compile(rf"\b({YEAR.pattern})\s+((?:[A-Za-z\-]+\s+){{0,2}}[A-Za-z\-]+)")


def _another_year(question: Question, sentence: str) -> bool:
    """ "What tier did it give in its 2014 annual report?" asked of "its 2013 Annual Report
    said …": the sentence names the same thing by another year, and never the year asked."""
    for asked in _YEAR_NAMED.finditer(question.raw):
        year = asked.group(1)
        if year in sentence:
            continue
        nouns = [w for w in words_of(asked.group(2)) if w not in STOPWORDS]
        if not nouns:
            continue
        for said in _YEAR_NAMED.finditer(sentence):
            named = [w for w in words_of(said.group(2)) if w not in STOPWORDS]
            if said.group(1) != year and [stem(w) for w in named[: len(nouns)]] == [
                stem(w) for w in nouns
            ]:
                return True
    return False


_POSSESSIVE = re.compile(r"(?<!^)\b([A-Z][a-z]+)(?:'s|’s)\s+[a-z]")


def _of_a_stranger(question: Question, corpus: Corpus) -> bool:
    """ "How does Russia's religion law handle registration?": a thing of someone named whom
    the sources never name, nor anything spelt like them; what they say of a thing of the same
    kind is another's."""
    for owner in _POSSESSIVE.finditer(question.raw.strip()):
        name = owner.group(1).lower()
        if not corpus.known(stem(name)) and corpus.correct(name) == name:
            return True
    return False
