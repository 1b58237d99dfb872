"""The words of a question that the records never say, in any word that says the same: when
most of what a question asks for is unsaid, no passage can answer it, however many of its other
words a sentence shares."""

from __future__ import annotations

import itertools
from functools import lru_cache

from bot.answers.candidate import CITED, names_asked
from bot.answers.correspondence import LETTER_WORDS
from bot.answers.coverage import PREFIX
from bot.answers.knowledge import Corpus
from bot.answers.named import thing_named
from bot.answers.question import Question
from bot.answers.reasons import REFUSED
from bot.answers.vocabulary import EVERYDAY, PARTICLES
from bot.answers.words import stem

__all__ = ["everyday", "unsaid", "unsaid_share"]

_NAME = frozenset((stem("name"),))
_EVERYDAY = frozenset(stem(w) for w in EVERYDAY)


def everyday(term: str, question: Question) -> bool:
    """A word a question is put in rather than one it asks about: an everyday one, or the verb
    of a phrasal verb ("single out", "chalk up"), whose meaning is not its own."""
    return term in _EVERYDAY or term in _phrasal(tuple(question.words))


@lru_cache(maxsize=1024)
def _phrasal(typed: tuple[str, ...]) -> frozenset[str]:
    """The stems of the verbs of a question's phrasal verbs."""
    return frozenset(
        stem(word) for word, following in itertools.pairwise(typed) if following in PARTICLES
    )


def unsaid(term: str, question: Question, corpus: Corpus) -> bool:
    """A word of substance that no passage uses, nor any word that says the same."""
    return (
        len(term) > 2
        and not everyday(term, question)
        and not any(corpus.known(t) for t in {term, *question.alternatives.get(term, ())})
        and not corpus.known_inflected(term, PREFIX)
    )


def unsaid_share(question: Question, corpus: Corpus, weights: dict[str, float]) -> float:
    """The share of what was asked (by weight) that the passages never say in any word."""
    # "When was Doe's article published?": a work the question names by its author's name
    # is published, titled and written in its citation, whatever words the records use.
    cited = CITED if names_asked(question, corpus) else frozenset()
    # "Who signed the reply?": a letter says who signed it, and when, by its form alone; "the
    # council cannot …" says it refused.
    cited = cited | LETTER_WORDS | REFUSED
    if question.wants_name or thing_named(question):
        cited = cited | _NAME  # a name is given by being written, not by the word "name"
    never_said = sum(
        w
        for t, w in weights.items()
        if t not in question.context and t not in cited and unsaid(t, question, corpus)
    )
    return never_said / (sum(weights.values()) or 1.0)
