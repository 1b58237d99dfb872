"""Sentences that speak of what was asked but give another one of it: the most recent fine when
the first was asked, a meeting of another day, or the number of things ("two universities") when
their names were asked ("which two universities …?"). English only; nothing here names any
document's people, places or laws."""

from __future__ import annotations

import re

from bot.answers.answer_kinds import names
from bot.answers.knowledge import Corpus
from bot.answers.question import Question
from bot.answers.vocabulary import NUMBER_WORDS
from bot.answers.words import stem, stems

__all__ = ["gives_another"]

_ENDS = (
    re.compile(r"\b(?:first|earliest|initial)\s+(\w+)", re.IGNORECASE),
    re.compile(r"\b(?:most\s+recent|latest|last)\s+(\w+)", re.IGNORECASE),
)
_NUMBERED = re.compile(
    r"^\s*(?:which|what)\s+(?:\d+|" + "|".join(sorted(NUMBER_WORDS)) + r")\s+([a-z]+s)\b",
    re.IGNORECASE,
)


def _ordered(pattern: re.Pattern[str], text: str) -> set[str]:
    """The stems of the nouns an ordinal stands before ("the first fine" → "fine")."""
    return {stem(m.group(1).lower()) for m in pattern.finditer(text)}


def _another_end(question: Question, sentence: str) -> bool:
    """ "How much was the first fine?" asked of "The most recent fine, of 50 MCI, …": the
    sentence gives the other end of the series, of the same noun, and not the one asked."""
    for asked, other in (_ENDS, _ENDS[::-1]):
        nouns = _ordered(asked, question.raw)
        if nouns and not nouns.isdisjoint(_ordered(other, sentence)):
            return nouns.isdisjoint(_ordered(asked, sentence))
    return False


def _unnamed(question: Question, sentence: str, corpus: Corpus) -> bool:
    """ "Which two universities sent people?" asked of "… as well as two universities and …":
    the sentence counts the things asked by name and names none of them after."""
    numbered = _NUMBERED.match(question.raw)
    if numbered is None:
        return False
    noun = stem(numbered.group(1).lower())
    # Named after the noun, when the sentence says it; else anywhere.
    at = next(
        (m.start() for m in re.finditer(r"\w+", sentence) if stem(m.group(0).lower()) == noun), -1
    )
    asked = set(question.terms)
    return not any(start > at and not stems(n) <= asked for start, _, n in names(sentence, corpus))


_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)"
)
_DAY = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH})\b|\b({_MONTH})\s+(\d{{1,2}})\b(?!\s*[–-])")


def _days(text: str) -> set[tuple[int, str]]:
    """The days of the month a text names ("13 April", "April 13"), not a span's."""
    return {
        (int(m.group(1) or m.group(4)), (m.group(2) or m.group(3)).lower())
        for m in _DAY.finditer(text)
    }


def _another_day(question: Question, sentence: str) -> bool:
    """ "How many attended the meeting on 13 April?" asked of "On 14 April the delegation met
    27 members …": a sentence of another day."""
    asked = _days(question.raw)
    said = _days(sentence)
    return bool(asked) and bool(said) and asked.isdisjoint(said)


def gives_another(question: Question, sentence: str, corpus: Corpus) -> bool:
    """Whether the sentence gives another one of what was asked, or only its number."""
    return (
        _another_end(question, sentence)
        or _unnamed(question, sentence, corpus)
        or _another_day(question, sentence)
    )
