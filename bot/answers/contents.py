"""What a paper, a report or a letter says, asked ("What's in the working group's paper …?",
"What does the report propose?"): a sentence that only tells that there is one ("they have a
whole paper on how to improve the law") says nothing of what it holds. English only."""

from __future__ import annotations

import re

from bot.answers.question import Question
from bot.answers.vocabulary import words
from bot.answers.words import words_of

__all__ = ["not_its_contents"]

_WRITINGS = words(
    """paper papers report reports letter letters document documents memo memorandum proposal
    proposals draft drafts plan plans submission statement"""
)
# What a writing is asked to hold: "what's in it", "what does it propose …"; not what it
# "says", which a question asks of the records themselves ("what does the report say …?").
_HOLDS = words("propose proposes proposed contain contains include includes")
_ARTICLES = words("a an the this that these those its their his her our")


def not_its_contents(question: Question, sentence: str, heading: str) -> bool:
    """Whether the question asks what a writing holds and the sentence does not tell it: it
    speaks of it only as "a paper", "a whole paper" (that there is one), or not at all, nor
    does its heading."""
    writing = _writing_asked(question.words)
    if not writing:
        return False
    spoken = re.compile(rf"\b{writing}s?\b", re.IGNORECASE)
    if not spoken.search(sentence):
        return not spoken.search(heading)
    articles = [
        next((w for w in reversed(words_of(sentence[: m.start()])[-3:]) if w in _ARTICLES), "")
        for m in spoken.finditer(sentence)
    ]
    return all(a in ("a", "an") for a in articles) and ":" not in sentence


def _writing_asked(typed: list[str]) -> str:
    """The writing whose contents are asked: "paper" in "what's in the group's paper …?" and in
    "what does the group's paper propose …?"."""
    if typed[:1] not in (["what"], ["which"]):
        return ""
    if typed[1:2] == ["in"]:
        following = typed[2:6]
    elif any(w in _HOLDS for w in typed[2:8]):
        following = typed[1:8]
    else:
        return ""
    return next((w.removesuffix("s") for w in following if w in _WRITINGS), "")
