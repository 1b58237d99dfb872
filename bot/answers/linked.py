"""Whether a passage speaks of what a question names, when it names it otherwise: "the Dornfeld
pastor" is the pastor another passage names beside the town ("Pastor Ivo Brandt, of a
congregation in Dornfeld"), and a passage that speaks of "Pastor Brandt" speaks of him."""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence

from bot.answers.answer_kinds import names
from bot.answers.candidate import RARE_NAME, Candidate, names_said, sentences_of, stems_of
from bot.answers.knowledge import Corpus
from bot.answers.question import Question
from bot.answers.vocabulary import STOPWORDS
from bot.answers.words import stem, words_of
from storage.search import PassageHit

__all__ = ["named_or_linked"]


def named_or_linked(
    candidate: Candidate,
    question: Question,
    named: Sequence[str],
    hits: Sequence[PassageHit],
    corpus: Corpus,
    spelled: Mapping[str, frozenset[str]] | None = None,
) -> bool:
    """Whether the candidate's passage names each name asked, itself (`names_said`) or, for a
    name the question puts before a noun ("the Dornfeld pastor"), by a name said beside both in a
    sentence of the passages found."""
    if names_said(candidate, named, hits, spelled):
        return True
    passage = " ".join(candidate.said)
    unlinked = [
        name
        for name in named
        if not any(_written(other, passage) for other in _beside(name, question, hits, corpus))
    ]
    return len(unlinked) < len(named) and names_said(candidate, unlinked, hits, spelled)


def _beside(name: str, question: Question, hits: Sequence[PassageHit], corpus: Corpus) -> set[str]:
    """The last words of the rare names said in a sentence with `name` (a stem) and the noun
    the question puts it before: "Brandt" for "the Dornfeld pastor" in "Pastor Ivo Brandt, pastor
    of a congregation in Dornfeld"."""
    typed = question.words
    nouns = {
        stem(following)
        for word, following in itertools.pairwise(typed)
        if stem(word) == name and following.isalpha() and following not in STOPWORDS
    }
    found: set[str] = set()
    if not nouns:
        return found  # "from Dornfeld to Riverside": places, not whose they are
    for hit in hits:
        for sentence in sentences_of(hit.text):
            said = stems_of(sentence)
            if name not in said or nouns.isdisjoint(said):
                continue
            for *_, other in names(sentence, corpus):
                last = words_of(other)[-1:]
                if (
                    last
                    and stem(last[0]) != name
                    and name not in stems_of(other)
                    and corpus.frequency.get(stem(last[0]), 0) <= RARE_NAME * corpus.passages
                ):
                    found.add(other.split()[-1])
    return found


def _written(word: str, passage: str) -> bool:
    """Whether the passage writes the name's word as a name (capitalised, a word of its own)."""
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", passage) is not None
