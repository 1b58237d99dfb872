"""Why a request was refused: the refusal and the reason given with it, not the request itself.
"Why did the council refuse the permit?" is answered by "The council cannot grant it: the land
is protected", which says "refuse" in none of its words, and never by "That the council grant a
permit …", which asks for it. English only; no names of anyone."""

from __future__ import annotations

import re

from bot.answers.question import Kind, Question
from bot.answers.vocabulary import words
from bot.answers.words import stem

__all__ = ["REFUSED", "read_for_reason"]

REFUSED = frozenset(
    stem(w) for w in words("refuse refused refusal reject rejected rejection decline declined deny")
)
# A sentence that refuses: "cannot recommend", "declines", "will not", "does not accept".
_REFUSES = re.compile(
    r"\b(?:cannot|can\s*not|can't|could\s+not|will\s+not|won't|would\s+not|declines?|declined"
    r"|rejects?|rejected|refuses?|refused|den(?:y|ies|ied)|turns?\s+down|turned\s+down"
    r"|(?:does|did|do)\s+not\s+(?:accept|agree|support|plan))\b",
    re.IGNORECASE,
)
# A sentence that asks for it: an item of a list of requests ("That the Ministry publish …"),
# or one that urges, asks or recommends it.
_ASKS = re.compile(
    r"^(?:That\s|We\s+(?:\w+\s+)?(?:ask|urge|request|call\s+on|recommend)\b)"
    r"|\b(?:make\s+the\s+following|following\s+(?:\w+\s+)?requests?)\b",
    re.IGNORECASE,
)


def read_for_reason(question: Question, sentence: str) -> frozenset[str] | None:
    """Asked why something was refused: the refusal stems a sentence that refuses says by its
    form ("cannot", "declines"), or None for a sentence that only asks for what was refused; for
    any other question, or sentence, nothing to add."""
    if question.kind != Kind.WHY or REFUSED.isdisjoint(_asked(question)):
        return frozenset()
    if _REFUSES.search(sentence):
        return REFUSED
    if _ASKS.search(sentence):
        return None
    return frozenset()


def _asked(question: Question) -> set[str]:
    found = set(question.terms)
    for term in question.terms:
        found |= question.alternatives.get(term, set())
    return found
