"""The people a sentence names: its names that read as a person's ("Tom Reyes"), not a
thing's ("the Hotel Northtown")."""

from __future__ import annotations

from bot.answers.answer_kinds import names
from bot.answers.knowledge import Corpus
from bot.answers.words import stems

__all__ = ["people"]


def people(sentence: str, corpus: Corpus, asked: set[str]) -> list[str]:
    """The names in a sentence that read as people's and are not among the `asked` stems: two or
    more name words together ("Tom Reyes"), never after "the" (which names a thing: "the
    Hotel Northtown")."""
    found = []
    for start, _, name in names(sentence, corpus):
        before = sentence[:start].rstrip().rsplit(" ", 1)[-1].lower()
        if before != "the" and len(name.split()) >= 2 and not stems(name) <= asked:
            found.append(name)
    return found
