"""How well a sentence says what a question asks: each of its terms said in the sentence's own
words, in words that say the same, or, for less, around it (the heading, the sentence before, the
rest of its passage)."""

from __future__ import annotations

from collections.abc import Sequence, Set

from bot.answers.question import Question
from bot.answers.words import stem
from storage.search import PassageHit

__all__ = ["PREFIX", "Terms", "dated"]

PREFIX = 6  # letters two stems share to be read as the same word
SYNONYM = 0.85  # the credit of a word that says the same as the one asked, relative to it
INFLECTED = 0.7  # … and of the same word inflected past what the stemmer knows
HEADING_CREDIT = 0.6  # a term said in the heading counts this much: it says what all is about
NEAR_CREDIT = 0.5  # a term said in the sentence before counts this much
FAR_CREDIT = 0.3  # … and elsewhere in the passage this much
CARRIED = 0.9  # … and in the sentence before, when this one names its subject again
UNNAMED = 0.6  # … and by a pronoun in a passage that has named no one (who was asked about)


def _related(terms: Sequence[str], said: set[str]) -> dict[str, frozenset[str]]:
    """The stems of the passages that share a long beginning with a term ("misappli",
    "misappl"): the same word, inflected past what the stemmer knows."""
    related: dict[str, frozenset[str]] = {}
    for term in terms:
        if len(term) < PREFIX or not term.isalpha():
            continue
        head = term[:PREFIX]
        related[term] = frozenset(
            s for s in said if s != term and s.startswith(head) and s.isalpha()
        )
    return related


class Terms:
    """How well a set of stems says each term: its own word, a word that says the same, or the
    same word inflected otherwise."""

    def __init__(self, question: Question, weights: dict[str, float], said: set[str]) -> None:
        self.weights = weights
        self.total = sum(weights.values()) or 1.0
        self.alternatives = {t: frozenset(question.alternatives.get(t, ())) for t in weights}
        self.related = _related(list(weights), said)

    def credit(self, term: str, said: Set[str]) -> float:
        if term in said:
            return 1.0
        if not said.isdisjoint(self.alternatives[term]):
            return SYNONYM
        if not said.isdisjoint(self.related.get(term, ())):
            return INFLECTED
        return 0.0

    def coverage(
        self,
        own: set[str],
        heading: set[str],
        near: set[str],
        far: set[str],
        carried: Set[str] = frozenset(),
        meant: Set[str] = frozenset(),
    ) -> tuple[float, float]:
        """The share of what was asked the sentence says (by weight), itself or, for less, in
        its heading, the sentence before (`near`) or elsewhere in its passage (`far`). What the
        sentence names again ("the roundtable") says what the sentence before said of it
        (`carried`), nearly as well as the sentence itself; a pronoun that names no one says, for
        less, who was asked about (`meant`)."""
        got = 0.0
        own_got = 0.0
        for term, weight in self.weights.items():
            said = max(
                self.credit(term, own),
                CARRIED * self.credit(term, carried),
                UNNAMED * self.credit(term, meant),
            )
            own_got += weight * said
            if said < 1.0:
                said = max(
                    said,
                    HEADING_CREDIT * self.credit(term, heading),
                    NEAR_CREDIT * self.credit(term, near),
                )
            if said < NEAR_CREDIT:
                said = max(said, FAR_CREDIT * self.credit(term, far))
            got += weight * said
        return own_got / self.total, got / self.total


def dated(hit: PassageHit) -> set[str]:
    """The month and year of the event a passage tells of ("november", "2014"): what its
    sentences say when they were said or done, as its heading says what they are about."""
    if hit.event_date is None:
        return set()
    days = {hit.event_date, hit.event_end or hit.event_date}
    return {stem(d.strftime("%B").lower()) for d in days} | {str(d.year) for d in days}
