"""How well a sentence says what a question asks: each of its terms said in the sentence's own
words, in words that say the same, or, for less, around it (the heading, the sentence before, the
rest of its passage)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence, Set
from functools import lru_cache

from bot.answers.candidate import related_stems
from bot.answers.question import Question
from bot.answers.words import stem
from storage.search import PassageHit

__all__ = ["PREFIX", "Terms", "dated", "dated_heading"]

SYNONYM = 0.85  # the credit of a word that says the same as the one asked, relative to it
INFLECTED = 0.7  # … and of the same word inflected past what the stemmer knows
PREFIX = 6  # letters two stems share to be read as the same word
HEADING_CREDIT = 0.6  # a term said in the heading counts this much: it says what all is about
NEAR_CREDIT = 0.5  # a term said in the sentence before counts this much
FAR_CREDIT = 0.3  # … and elsewhere in the passage this much
CARRIED = 0.9  # … and in the sentence before, when this one names its subject again
UNNAMED = 0.6  # … and by a pronoun in a passage that has named no one (who was asked about)


class Terms:
    """How well a set of stems says each term: its own word, a word that says the same, or the
    same word inflected otherwise."""

    def __init__(self, question: Question, weights: dict[str, float], texts: Sequence[str]) -> None:
        self.weights = weights
        self._weighed = list(weights.values())
        self.total = sum(weights.values()) or 1.0
        self.alternatives = {t: frozenset(question.alternatives.get(t, ())) for t in weights}
        self.related = related_stems(list(weights), texts, PREFIX)
        # Each stem that says a term, and how well, read once a question: a set's credit for
        # every term is then one pass over the stems it shares with them.
        self._says: dict[str, list[tuple[int, float]]] = {}
        for index, term in enumerate(weights):
            for stems, credit in (
                (self.related.get(term, ()), INFLECTED),
                (self.alternatives[term], SYNONYM),
                ((term,), 1.0),
            ):
                for said_by in stems:
                    self._says.setdefault(said_by, []).append((index, credit))
        self._sayers = frozenset(self._says)
        self._read: dict[frozenset[str], list[float]] = {frozenset(): [0.0] * len(weights)}

    def credit(self, term: str, said: Set[str]) -> float:
        if term in said:
            return 1.0
        if not said.isdisjoint(self.alternatives[term]):
            return SYNONYM
        if not said.isdisjoint(self.related.get(term, ())):
            return INFLECTED
        return 0.0

    def credits(self, said: frozenset[str]) -> list[float]:
        """`credit` of every term, in the order of the weights (kept: sets recur)."""
        found = self._read.get(said)
        if found is None:
            found = [0.0] * len(self.weights)
            for stem_said in self._sayers.intersection(said):
                for index, credit in self._says[stem_said]:
                    if credit > found[index]:
                        found[index] = credit
            self._read[said] = found
        return found

    def coverage(
        self,
        own: frozenset[str],
        heading: frozenset[str],
        near: frozenset[str],
        far: frozenset[str],
        carried: frozenset[str] = frozenset(),
        meant: frozenset[str] = frozenset(),
    ) -> tuple[float, float]:
        """The share of what was asked the sentence says (by weight), itself or, for less, in
        its heading, the sentence before (`near`) or elsewhere in its passage (`far`). What the
        sentence names again ("the roundtable") says what the sentence before said of it
        (`carried`), nearly as well as the sentence itself; a pronoun that names no one says, for
        less, who was asked about (`meant`)."""
        credits = self.credits
        by_own, by_heading, by_near, by_far = (
            credits(own),
            credits(heading),
            credits(near),
            credits(far),
        )
        by_carried = credits(carried) if carried else None
        by_meant = credits(meant) if meant else None
        got = 0.0
        own_got = 0.0
        for index, weight in enumerate(self._weighed):
            said = by_own[index]
            if by_carried is not None and CARRIED * by_carried[index] > said:
                said = CARRIED * by_carried[index]
            if by_meant is not None and UNNAMED * by_meant[index] > said:
                said = UNNAMED * by_meant[index]
            own_got += weight * said
            if said < 1.0:
                if HEADING_CREDIT * by_heading[index] > said:
                    said = HEADING_CREDIT * by_heading[index]
                if NEAR_CREDIT * by_near[index] > said:
                    said = NEAR_CREDIT * by_near[index]
            if said < NEAR_CREDIT and FAR_CREDIT * by_far[index] > said:
                said = FAR_CREDIT * by_far[index]
            got += weight * said
        return own_got / self.total, got / self.total


def dated(hit: PassageHit) -> frozenset[str]:
    """The month and year of the event a passage tells of ("november", "2014"): what its
    sentences say when they were said or done, as its heading says what they are about."""
    return _dated(hit.event_date, hit.event_end)


@lru_cache(maxsize=1024)
def _dated(start: dt.date | None, end: dt.date | None) -> frozenset[str]:
    if start is None:
        return frozenset()
    days = {start, end or start}
    return frozenset({stem(d.strftime("%B").lower()) for d in days} | {str(d.year) for d in days})


_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)"
)
# "First meeting – 14 February, Halvaren Public Library": a heading that dates one event.
_DAY_OF = re.compile(rf"\b(?:\d{{1,2}}\s+({_MONTH})|({_MONTH})\s+\d{{1,2}})\b")


@lru_cache(maxsize=1024)
def dated_heading(section: str) -> frozenset[str]:
    """The month of the day a section's heading dates it by ("3.1 First meeting – 14
    February"): every sentence under it tells of that day, as if it said so itself."""
    return frozenset(stem((m.group(1) or m.group(2)).lower()) for m in _DAY_OF.finditer(section))
