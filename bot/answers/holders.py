"""Whose words a question asks by their office ("What did the committee's chairman say …?"): the
person the passages name beside that office, so that a sentence of theirs ("On the threshold,
Mr. Doe defended the rule. “…,” he said.") speaks for the office too."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from bot.answers.answer_kinds import holder
from bot.answers.candidate import sentences_of
from bot.answers.knowledge import Corpus
from bot.answers.question import Kind, Question
from bot.answers.speakers import speaker
from bot.answers.vocabulary import ROLES
from bot.answers.words import stem, words_of
from storage.search import PassageHit

__all__ = ["by_name"]


def by_name(question: Question, hits: Sequence[PassageHit], corpus: Corpus) -> Question:
    """The question with the surname of who holds the office it asks the words of, as another
    word for that office; the question itself when it asks no one's words by office, or the
    passages name no one beside it."""
    who = speaker(question)
    offices = {stem(w) for w in question.words if w in ROLES} & who
    if not offices:
        return question
    asked = dataclasses.replace(
        question, kind=Kind.WHO, wants_name=True, terms=[t for t in question.terms if t in who]
    )
    # The best-ranked passage that names someone beside the office: the search's order.
    name = next(
        (
            found
            for hit in hits
            for sentence in sentences_of(hit.text)
            if (found := holder(sentence, asked, corpus))
        ),
        "",
    )
    if not name:
        return question
    surname = stem(words_of(name)[-1])
    alternatives = {t: set(said) for t, said in question.alternatives.items()}
    for office in sorted(offices):
        alternatives.setdefault(office, set()).add(surname)
    return dataclasses.replace(question, alternatives=alternatives, holder=name)
