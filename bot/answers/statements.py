"""What a sentence does beyond stating a fact: give a reason or a purpose ("because …", "in
order to …"), or say what a thing is ("Registration means …"), which answer "why?" and "what
does … mean?"."""

from __future__ import annotations

import re

from bot.answers.question import Question
from bot.answers.words import stems

__all__ = ["defines", "is_causal"]

_CAUSAL = re.compile(
    r"\b(?:because|due to|as a result|therefore|for this reason|so that|in order to|driven by"
    r"|reasons?|aimed at|with a view to|since (?!\d)|thus|hence|so they|caused|leads? to"
    r"|in the interests? of|purpose|so as to)\b",
    re.IGNORECASE,
)


def is_causal(sentence: str) -> bool:
    """Whether a sentence gives a reason or a purpose."""
    return bool(_CAUSAL.search(sentence))


# "A “Tier 2” country is one which …", "Registration means …": a sentence that says what a
# thing is, the thing first.
_DEFINING = re.compile(
    r"^(?:An?\s|The\s)?([^,;:.]{1,60}?)\s(?:is|are|means|refers to|is defined as)\s", re.IGNORECASE
)
_MEANING = frozenset(("mean", "means", "meaning", "definition", "define", "defined"))


def defines(question: Question, sentence: str) -> bool:
    """Whether the question asks what something means and the sentence says what it is."""
    if _MEANING.isdisjoint(question.words):
        return False
    match = _DEFINING.match(sentence)
    return match is not None and not stems(match.group(1)).isdisjoint(question.terms)
