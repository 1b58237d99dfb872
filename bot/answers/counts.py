"""What a "how many" question counts, whether a figure in a sentence counts it ("214 religious
communities", not "two draft amendments" nor "three years"), and whether it counts the narrower
group asked of, not the whole it is part of: "Of the 212 cases, how many ended with a fine?" is
not answered by "61 of the 212 cases", nor "How many Baptist delegates came?" by "23 delegates
came, including Baptists". English only; no names of anyone."""

from __future__ import annotations

import re

from bot.answers.candidate import YEAR
from bot.answers.knowledge import Corpus
from bot.answers.question import Kind, Question
from bot.answers.vocabulary import (
    DETERMINERS,
    EVERYDAY,
    MEASURES,
    MONTHS,
    NUMBER_WORDS,
    OPPOSITE_PAIRS,
    STOPWORDS,
    words,
)
from bot.answers.words import stem, stems, words_of

__all__ = ["counted", "counts_it", "does_it", "measured", "narrowed", "of_those", "plural"]

AFTER = 4  # words a figure may stand before what it counts …
VERB_PREFIX = 5  # letters of a verb's stem that say it in another form ("ended", "ending")
_FIGURE = re.compile(r"^(?:\d[\d,.]*|" + "|".join(sorted(NUMBER_WORDS)) + r")$")
_NOT_PLURAL = ("ss", "us", "is")  # "religious", "status", "analysis"
_PLURAL = words("people ppl children men women police staff")


def counted(question: Question) -> str:
    """What a "how many …" question counts ("how many religious organisations were closed" →
    "organizations", "the number of cases in 2026" → "cases"): the first plural after it."""
    typed = question.words
    for index in range(len(typed) - 2):
        asked = (typed[index], typed[index + 1])
        # "the number of cases" asks a count only when the question asks one, not how it fell.
        if asked == ("how", "many") or (asked == ("number", "of") and question.kind == Kind.COUNT):
            # "how many of the registered religious associations": the words after "of the" too.
            after = typed[index + 2 : index + 8]
            if after[:1] == ["of"]:
                after = after[2:] if after[1:2] and after[1] in DETERMINERS else after[1:]
            for word in after[:4]:
                if plural(word):
                    return word
            return ""
    return ""


def plural(word: str) -> bool:
    """ "organisations", "people"; not "religious", "status", "analysis"."""
    return word in _PLURAL or (word.endswith("s") and not word.endswith(_NOT_PLURAL))


def narrowed(question: Question, sentence: str, noun: str) -> bool:
    """Whether the sentence may count what was asked: it says the verb that follows "how many"
    ("ended"), and a name that qualifies the counted `noun` ("Baptist delegates") stands with
    the figure that counts it ("15 delegates of the Baptist Union"), when the sentence names it
    at all."""
    typed = question.words
    many = next(
        (i + 1 for i, w in enumerate(typed[:-1]) if w == "how" and typed[i + 1] == "many"), 0
    )
    if not many or many + 1 >= len(typed):
        return True
    said = words_of(sentence)
    done = typed[many + 1]
    # "how many registered associations", "FoRB-related recommendations": a word in -ed before
    # the noun it describes is no verb.
    after = typed[many + 2 : many + 3]
    verb = not after or after[0] in STOPWORDS
    if done.endswith("ed") and done not in STOPWORDS and "-" not in done and verb:
        own = stem(done)[:VERB_PREFIX]
        if not any(stem(w).startswith(own) for w in said):
            return False  # "how many ended with a fine?": a sentence that says no such end
    if not noun or noun not in typed[many + 1 :]:
        return True
    at = typed.index(noun, many + 1)
    names = _capitalised(question.raw) & set(typed[many + 1 : at])
    qualifiers = {stem(n) for n in names} - {stem(noun)}
    if not qualifiers or not qualifiers <= stems(sentence):
        return True
    counted = stem(noun)
    # Each figure with the counted noun a few words after it: one of them must be qualified.
    counts = [
        (i, j)
        for i, w in enumerate(said)
        if _FIGURE.match(w)
        for j in range(i + 1, min(i + 1 + AFTER, len(said)))
        if stem(said[j]) == counted
    ]
    return not counts or any(
        qualifiers <= {stem(w) for w in said[i : j + 1 + AFTER]} for i, j in counts
    )


def _capitalised(raw: str) -> set[str]:
    """The words of a question written with a capital, but its first: names."""
    typed = re.findall(r"[\w’'\-]+", raw)[1:]
    return {re.sub(r"['’]s$", "", w).lower() for w in typed if w[:1].isupper()}


FOLLOWING = 10  # … or after it
MONTH_NAMES = {m.capitalize() for m in MONTHS}
_COUNTED_PEOPLE = words("people ppl persons participants members individuals attendees folks")
_NUMBER = re.compile(
    r"^(?:\d[\d,.]*(?:-\w+)?|(?:" + "|".join(sorted(NUMBER_WORDS)) + r")(?:-\w+)?)$"
)


def counts_it(
    noun: str, sentence: str, question: Question, corpus: Corpus, heading: str = ""
) -> bool:
    """Whether a figure in the sentence counts the noun asked about: "214 religious communities",
    "fined three times", "twice"; people are also counted by what they form ("a five-member
    delegation"), in a sentence that says which people were asked about, itself or by the
    `heading` it stands under ("Harbour hearing": "40 people took part")."""
    said = words_of(sentence)
    if noun in _COUNTED_PEOPLE:
        return _says_whom(stems(sentence) | stems(heading), question, corpus)
    if noun == "times":
        return "once" in said or "twice" in said or _counted_within(said, {"time", "times"})
    own = stem(noun)
    nouns = {own, *question.alternatives.get(own, ())}
    return _counted_within(said, nouns)


_PEOPLE = frozenset(stem(w) for w in _COUNTED_PEOPLE)
_EVERYDAY = frozenset(stem(w) for w in EVERYDAY)


def _says_whom(said: set[str], question: Question, corpus: Corpus) -> bool:
    """ "How many people were in the audience?": people, whoever they are, are counted only by a
    sentence that says the rarest of the words that place them ("in the audience", "at the
    service"): "4 members were sent to the event" counts no audience."""
    typed = question.words
    many = next((i for i, w in enumerate(typed) if w == "many"), len(typed))
    phrases = [
        _phrase(typed, i + 1)
        for i in range(many, len(typed) - 1)
        if typed[i] in _PLACING | _ARTICLES and typed[i + 1] not in STOPWORDS
    ]
    whom = [
        [t for t in phrase if corpus.known(t) and t not in _PEOPLE | _EVERYDAY]
        for phrase in phrases
        if corpus.known(phrase[0]) and phrase[0] not in _PEOPLE | _EVERYDAY
    ]
    if not whom:
        return True
    rarest = max((phrase[0] for phrase in whom), key=corpus.idf)
    # "at the harbour town hall": the hall is said by its last word, whatever else names it.
    head = next(phrase[-1] for phrase in whom if phrase[0] == rarest)
    return any(
        term in said or not said.isdisjoint(question.alternatives.get(term, ()))
        for term in (rarest, head)
    )


def _phrase(typed: list[str], start: int) -> list[str]:
    """The stems of the words from `start` up to the next small word: one noun phrase."""
    phrase = []
    for word in typed[start:]:
        if word in STOPWORDS:
            break
        phrase.append(stem(word))
    return phrase


_PLACING = words("in at on from of among for to")
_ARTICLES = words("the a an")


def _counted_within(said: list[str], nouns: set[str]) -> bool:
    """A figure just before the noun ("214 communities") or in what follows it ("founders …
    from 50 to 25", "cases …: 212 in 2024"); not a year, nor the day of a date."""
    figures = [
        i
        for i, w in enumerate(said)
        if _NUMBER.match(w)
        and not YEAR.fullmatch(w)
        and not (i + 1 < len(said) and said[i + 1].capitalize() in MONTH_NAMES)
        and not (i and said[i - 1].capitalize() in MONTH_NAMES)
    ]
    figures = [i for i in figures if not _counts_another(said, i, nouns)]
    if any(of_those(said, i) and _named_before(said[:i], nouns) for i in figures):
        return True
    return any(
        stem(word) in nouns or word in nouns
        for index, word in enumerate(said)
        for i in figures
        if index - AFTER <= i <= index + FOLLOWING and i != index
    )


def _named_before(before: list[str], nouns: set[str]) -> bool:
    return any(stem(word) in nouns or word in nouns for word in before)


def of_those(said: list[str], figure: int) -> bool:
    """Whether a figure counts things named before it: "six of them", "two of these"
    ("smaller communities …, and six of them gave testimony"), however far back they stand."""
    return said[figure + 1 : figure + 2] == ["of"] and said[figure + 2 : figure + 3] in (
        ["them"],
        ["these"],
        ["those"],
    )


_SPANS = words("days weeks months years hours minutes decades")
OWNED = 3  # words after a figure in which the plural it counts stands ("two draft amendments")


def _counts_another(said: list[str], figure: int, nouns: set[str]) -> bool:
    """ "two draft amendments: foreign missionaries …", "valid for three years": the figure
    counts the first plural after it, which is not the noun asked about."""
    if measured(said, figure):
        return False  # "1,200 copies of a hymnal" counts hymnals
    for word in said[figure + 1 : figure + 1 + OWNED]:
        if stem(word) in nouns or word in nouns:
            return False
        if word in _SPANS:
            return True
        if word in STOPWORDS or not word.isalpha():
            return False
        if plural(word):
            return True
    return False


def measured(said: list[str], figure: int) -> bool:
    """Whether the figure counts in a measure of things named after it: "1,200 copies of a …"."""
    return len(said) > figure + 2 and said[figure + 1] in MEASURES and said[figure + 2] == "of"


def _opposites() -> dict[str, frozenset[str]]:
    """Each verb's stem with the stems of its opposites, both ways."""
    found: dict[str, frozenset[str]] = {}
    for pair in OPPOSITE_PAIRS:
        for one, other in (pair, pair[::-1]):
            found[stem(one)] = found.get(stem(one), frozenset()) | {stem(other)}
    return found


_OPPOSITE = _opposites()
_YES_OR_NO = words("did does do has have had was were is are")


def does_it(done: str, said: set[str], question: Question) -> bool:
    """Whether a sentence, by its stems, says the thing done that was asked ("signed", "chair");
    asked whether it was done, its opposite says so too ("Did they accept it?" "Rejected.")."""
    own = stem(done)
    if own in said or not said.isdisjoint(question.alternatives.get(own, ())):
        return True
    if (
        question.words[:1]
        and question.words[0] in _YES_OR_NO
        and not said.isdisjoint(_OPPOSITE.get(own, ()))
    ):
        return True
    return len(own) >= VERB_PREFIX and any(s.startswith(own[:VERB_PREFIX]) for s in said)
