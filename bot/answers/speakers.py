"""Whose words a question asks ("What did Klyushev warn …?", "How did the ambassador describe
…?") and whether a sentence gives them: it names them, or speaks of them as "he" or "they" after
naming them."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.answers.candidate import PERSONAL, PERSONS
from bot.answers.focus import AUXILIARIES, FRAMING_WORDS
from bot.answers.question import Question
from bot.answers.vocabulary import SAYING, STOPWORDS, words
from bot.answers.words import stem, stems, words_of

__all__ = ["says_words", "speaker", "speaks"]

_ASKS_WHAT = words("what how why")


def speaker(question: Question) -> set[str]:
    """Who a question asks what they said ("What did Klyushev warn …?", "what did the ambassador
    say about …?"): the stems between its auxiliary and its verb of speech; none when it asks
    no one's words, or the records' own ("how does the report describe …?")."""
    typed = question.words
    if len(typed) < 4 or typed[0] not in _ASKS_WHAT or typed[1] not in AUXILIARIES:
        return set()
    for position in range(3, min(len(typed), 7)):
        if typed[position] in SAYING:
            said = typed[2:position]
            if not FRAMING_WORDS.isdisjoint(said):
                return set()
            return {stem(w) for w in said if w not in STOPWORDS and w.isalpha()}
    return set()


def speaks(
    question: Question, who: set[str], said: Sequence[str], index: int, heading: str
) -> bool:
    """Whether the sentence `said[index]` of a passage gives the words of who was asked about:
    it names them (or its heading does), or speaks of them as "he", "they", "their" … after the
    passage has named them, or no one."""
    own = set(stems(f"{said[index]} {heading}"))
    if PERSONAL.search(said[index]):
        earlier = set(stems(" ".join(said[:index])))
        if PERSONS.isdisjoint(earlier):
            return True
        own |= earlier
    return any(
        t in own or not own.isdisjoint(question.alternatives.get(t, ())) for t in who
    ) and not _another_of_kind(question, who, said[index])


_MODIFIED = re.compile(r"\b([A-Z][\w’'\-.]*)\s+([a-z]+)\b")
_NO_NAME = _ASKS_WHAT | words("the a an this that these those its their his her our")


def _another_of_kind(question: Question, who: set[str], sentence: str) -> bool:
    """ "What did the US delegation ask …?" asked of "… the Kazakh delegation announced …": the
    sentence gives the words of another of the same kind, named otherwise."""
    asked = {
        stem(noun): name
        for name, noun in _MODIFIED.findall(question.raw)
        if stem(noun) in who and name.lower() not in _NO_NAME
    }
    return any(
        stem(noun) in asked
        and name.lower() not in _NO_NAME
        and name != asked[stem(noun)]
        and asked[stem(noun)] not in sentence
        for name, noun in _MODIFIED.findall(sentence)
    )


_QUOTED = re.compile(r"[“\"][^”\"]{12,}[”\"]")


def says_words(sentence: str, name: str) -> bool:
    """Whether a sentence gives someone's words: quoted, or reported by a verb of speech of
    the person `name` ("Mr. Doe stressed …")."""
    said = words_of(sentence)
    named = words_of(name)[-1:]
    return bool(_QUOTED.search(sentence)) or (
        bool(named) and named[0] in said and not SAYING.isdisjoint(said)
    )
