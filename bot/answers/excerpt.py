"""A long sentence cut to what answers: from the clause on that says the most of what was
asked, to the length an answer may have."""

from __future__ import annotations

import re

from bot.answers.question import Kind, Question
from bot.answers.words import stems

__all__ = ["MAX_ANSWER", "cut"]

MAX_ANSWER = 400  # characters of answer before its source
_CLAUSE = re.compile(r"[;:,]\s+|\s+[—–]\s+|\s+\(")
DATED = 30  # characters of the date a when-question's answer leads with, at most
WIDTH = MAX_ANSWER - 32  # characters of a long sentence given, from the clause that says most
CLOSE = WIDTH // 3  # … and the characters it says it in, among clauses that say as much


def cut(text: str, question: Question, weights: dict[str, float]) -> str:
    """A long sentence from the clause on that says the most of what was asked (the first such
    clause), cut to `WIDTH`: its fact may stand far in ("…; an ARA official said …")."""
    # A when-question's answer leads with its date ("25 March – 4 April 2014: "); any other's
    # sentence may take the whole length, its fact often last ("… in Washington, D.C.").
    if len(text) <= MAX_ANSWER - (DATED if question.kind == Kind.WHEN else 0):
        return text

    def says(start: int, width: int = WIDTH) -> float:
        said = stems(text[start : start + width])
        return sum(
            weight
            for term, weight in weights.items()
            if term in said or not said.isdisjoint(question.alternatives.get(term, ()))
        )

    starts = [0, *(m.end() for m in _CLAUSE.finditer(text) if m.end() < len(text) - 40)]
    # Of the clauses that say as much, the one that says it soonest: in a list of three items
    # that all speak of the model, the item that is about it. Not for a title, which stands
    # before the short name it is asked by ("“On Amendments …” (the Administrative Law)").
    close = WIDTH if question.wants_title else CLOSE
    start = max(starts, key=lambda at: (says(at), says(at, close), -at))
    piece = text[start:]
    if len(piece) > WIDTH:
        piece = piece[:WIDTH].rsplit(" ", 1)[0].rstrip(",;:") + " …"
    return ("… " if start else "") + piece
