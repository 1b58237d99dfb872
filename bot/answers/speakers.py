"""Whose words a question asks ("What did Dorsey warn …?", "How did the ambassador describe
…?") and whether a sentence gives them: it names them, or speaks of them as "he" or "they" after
naming them."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.answers.candidate import PERSONAL, PERSONS
from bot.answers.focus import AUXILIARIES, FRAMING_WORDS
from bot.answers.question import Question
from bot.answers.vocabulary import ROLES, SAYING, STOPWORDS, words
from bot.answers.words import stem, stems, words_of

__all__ = ["named_speaker", "only_names", "says_words", "speaker", "speaks"]

_ASKS_WHAT = words("what how why")


def speaker(question: Question) -> set[str]:
    """Who a question asks what they said ("What did Dorsey warn …?", "what did the ambassador
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
    pronoun = _pronoun(said[index])
    if pronoun:
        earlier = set(stems(" ".join(said[:index])))
        # "he" or "she" stands for a person: a ministry named before is not who spoke.
        if (_PEOPLE if pronoun in _ONE else PERSONS).isdisjoint(earlier):
            return True
        own |= earlier
    return any(t in own or not own.isdisjoint(question.alternatives.get(t, ())) for t in who)


def _pronoun(sentence: str) -> str:
    """The pronoun by which a sentence speaks of someone it does not name, or ""."""
    personal = PERSONAL.search(sentence)
    if personal:
        return personal.group(0).lower().split()[-1]
    said_by = _SAID_BY.search(sentence)
    return said_by.group(1).lower() if said_by else ""


_ONE = words("he she his him")
# "On fees, he said …", "“We are few,” she told us": whose words, by a pronoun anywhere.
_SAID_BY = re.compile(
    r"\b([Hh]e|[Ss]he|[Tt]hey)\s+(?:\w+ly\s+)?(?:said|says|told|added|stressed|warned|noted"
    r"|explained|argued|replied|answered|insisted|claimed|recalled|described|suggested|promised"
    r"|confirmed|admitted|acknowledged|urged|remarked|observed|emphasi[sz]ed)\b"
)
_PEOPLE = frozenset(stem(w) for w in ROLES)


_QUOTED = re.compile(r"[“\"][^”\"]{12,}[”\"]")


def says_words(sentence: str, name: str) -> bool:
    """Whether a sentence gives someone's words: quoted, or reported by a verb of speech of
    the person `name` ("Mr. Doe stressed …")."""
    said = words_of(sentence)
    named = words_of(name)[-1:]
    return bool(_QUOTED.search(sentence)) or (
        bool(named) and named[0] in said and not SAYING.isdisjoint(said)
    )


_CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")
_QUOTE_MARK = re.compile(r"[“”\"]")


def named_speaker(question: Question, who: set[str]) -> bool:
    """Whether the one whose words are asked (`speaker`) is named in the question ("What did
    Doe say …?"), not a body or "the research", which may speak in other verbs."""
    return bool(who) and any(stem(w.lower()) in who for w in _CAPITALISED.findall(question.raw)[1:])


def only_names(sentence: str) -> bool:
    """ "The board sent Ms. Jane Doe, head of its office": it names her and says nothing of what
    she said."""
    return not _QUOTE_MARK.search(sentence) and SAYING.isdisjoint(words_of(sentence))
