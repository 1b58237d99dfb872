"""The lines of a letter that say what they are by their form, not in words: the date line
("Varna, 14.09.2031") dates the letter, the address line ("To: Ms. A. Smith, …", "Dear Ms. Smith,")
names whom it was written to, the lines under its closing ("Sincerely,") who signed it, and its
reference line ("Ref. No. 04/12") its number. A question asks for them in words those lines
never use ("when was the reply dated?", "who signed it?", "who was it addressed to?"). English
letter forms only; no names of anyone."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.answers.vocabulary import words
from bot.answers.words import stem
from storage.documents import is_date_line, signs

__all__ = ["CLOSINGS", "DATED", "LETTER_WORDS", "SIGNED", "said_by_form"]


def _stems(text: str) -> frozenset[str]:
    return frozenset(stem(w) for w in words(text))


# Not "write": "when did they ask the minister to write back?" asks of another letter.
DATED = _stems("date dated send sent")
ADDRESSED = _stems("address addressed addressee recipient")
SIGNED = _stems("sign signed signer signatory signatories signature write wrote written author")
# "Ref. No. 04/12": a letter's reference line says it is one by "No." alone.
REFERENCED = _stems("reference ref")
# What a letter's lines may say by their form alone.
LETTER_WORDS = DATED | ADDRESSED | SIGNED | REFERENCED

# The words of letters' closings, by which the search finds the passages that hold signatures.
CLOSINGS = ("sincerely", "respectfully", "faithfully", "regards", "cordially")

_ADDRESS = re.compile(r"^(?:To\s*:|Dear\s+[A-Z])")


def said_by_form(said: Sequence[str], index: int) -> frozenset[str]:
    """The stems the sentence at `index` of a passage says by its form in a letter."""
    sentence = said[index]
    if is_date_line(sentence):
        return DATED
    if _ADDRESS.match(sentence):
        return ADDRESSED
    if signs(said, index):
        return SIGNED
    return frozenset()
