"""What a document says of itself under its title, by the form of its lines: "Date: 9 December
2028" dates it, "Prepared by …", "Rapporteur: …", "Author: …" say who wrote it, "Approved by …"
who approved it. A question asks of "these notes", "the trip report", in words those lines never
use; the title names the document they speak of. English forms only; no names of anyone."""

from __future__ import annotations

import re
from collections.abc import Collection

from bot.answers.correspondence import DATED, SIGNED
from bot.answers.words import stem
from storage.search import PassageHit

__all__ = ["particulars"]

_DATE = re.compile(r"^(?:Date|Dated)\s*:\s", re.IGNORECASE)
_AUTHOR = re.compile(
    r"^(?:Authors?\s*:|Rapporteurs?\s*:|(?:Prepared|Written|Compiled|Drafted)\b[^.;]{0,120}?\bby\b)",
    re.IGNORECASE,
)
_APPROVED = re.compile(r"^(?:Approved|Endorsed|Adopted|Cleared)\b[^.;]{0,80}?\bby\b", re.IGNORECASE)
APPROVED = frozenset(stem(w) for w in ("approve", "approved", "approval", "endorse", "adopt"))


def particulars(
    hit: PassageHit, sentence: str, heading: frozenset[str], asked: Collection[str]
) -> frozenset[str]:
    """The stems a line under a document's title (before its first section: its passage's
    heading is the title) says by its form, with the title's own (`heading`), when the question
    (its stems `asked`) asks what the line says: the line speaks of the whole document ("when
    are these notes dated?"), and of nothing else ("who was our interpreter on the trip?")."""
    if not hit.title or hit.section != hit.title:
        return frozenset()
    for form, said in ((_DATE, DATED), (_AUTHOR, SIGNED), (_APPROVED, APPROVED)):
        if form.match(sentence):
            return said | heading if not said.isdisjoint(asked) else frozenset()
    return frozenset()
