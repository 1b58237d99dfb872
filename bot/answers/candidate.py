"""A sentence of a passage read as an answer, and what its passage says around it: the
passages' sentences and words, read once; the years and names a question restricts it to; the
citations that say who wrote a work and when without saying so."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.answers.question import Question
from bot.answers.vocabulary import CITING, NEGATORS
from bot.answers.words import stem, stems, words_of
from storage.documents import sentences, squeeze
from storage.search import PassageHit

__all__ = [
    "CITATION",
    "CITED",
    "YEAR",
    "Candidate",
    "names_said",
    "negated_alike",
    "positions_of",
    "says_years",
    "sentences_of",
    "stems_of",
    "titled_in",
]


LEAD = 0.25  # the share of what was asked a runner-up must say more than the best …
CLOSE = 0.8  # … scoring this share of its score at least, to be given instead


@dataclass
class Candidate:
    score: float
    coverage: float
    hit: PassageHit
    index: int
    said: list[str]
    fits: bool  # holds the kind of answer asked for

    @property
    def sentence(self) -> str:
        return self.said[self.index]

    def says_more_than(self, best: Candidate) -> bool:
        """Whether this runner-up says much more of what was asked than the best, which only
        its shorter length (or the like) put first."""
        return self.coverage >= best.coverage + LEAD and self.score >= best.score * CLOSE


# A citation: "[2] A. Author, “Its title,” Publisher, May 18, 2005." It says who wrote what,
# where and when it was published, in none of those words.
CITATION = re.compile(r"(?:^|: )\[\d+\]\s|“[^”]{8,}[,.]?”,? [A-Z]")
CITED = frozenset(stem(w) for w in CITING)


# The passages are the same from one question to the next: their sentences and words are read
# once (the caches are bounded, and keyed on the text itself, so a changed passage reads anew).
@lru_cache(maxsize=20_000)
def sentences_of(text: str) -> tuple[str, ...]:
    return tuple(sentences(squeeze(text)))


@lru_cache(maxsize=100_000)
def stems_of(text: str) -> frozenset[str]:
    return frozenset(stems(text))


@lru_cache(maxsize=50_000)
def positions_of(sentence: str) -> dict[str, list[int]]:
    """Where each stem stands in the sentence (shared: never change it)."""
    found: dict[str, list[int]] = {}
    for index, word in enumerate(words_of(sentence)):
        found.setdefault(stem(word), []).append(index)
    return found


# "the law “On Religious Activities …” (the Religion Law)": a title in full, then the short name
# the source calls it by from then on.
_ALIAS = re.compile(r"[“\"][^”\"]{8,}[”\"]\s*\((?:the\s+)?([^()“”]{2,40})\)")


def titled_in(candidates: Sequence[Candidate], weights: dict[str, float]) -> Candidate | None:
    """Asked for the full name of what the sources call by a short one ("the official title of
    the Religion Law"): the sentence that quotes the title in full and gives it that short name,
    the one whose short name says most of what was asked (by weight)."""
    # The short name must say most of what was asked: "the Mooring Law" is not "the Fishing Law".
    best, most = None, sum(weights.values()) / 2
    for candidate in candidates:
        for match in _ALIAS.finditer(candidate.sentence):
            alias = stems_of(match.group(1))
            said = sum(w for t, w in weights.items() if t in alias)
            if said > most:
                best, most = candidate, said
    return best


NEGATED = 2  # words at most between a "not" and the word it denies


def _denied(words: Sequence[str]) -> set[str]:
    return {
        stem(word)
        for index, word in enumerate(words)
        if word not in NEGATORS and NEGATORS.intersection(words[max(0, index - NEGATED) : index])
    }


def negated_alike(question: Question, sentence: str) -> bool:
    """Whether the sentence denies what the question denies, in its words or in others: "isn't
    perfect" and "not ideal"."""
    asked = _denied(question.words) & set(question.terms)
    if not asked:
        return False
    denied = _denied(words_of(sentence))
    return any(
        t in denied or not denied.isdisjoint(question.alternatives.get(t, ())) for t in asked
    )


YEAR = re.compile(r"(?:1[89]|20)\d\d")


def says_years(candidate: Candidate, years: Sequence[str]) -> bool:
    """Whether every year asked about is named by the sentence, the one before it, its
    heading, or what dates its whole passage (its first sentence, its event, else its document:
    a report of 2014 tells of a trip in 2013)."""
    hit, index = candidate.hit, candidate.index
    dated = (hit.event_date, hit.event_end) if hit.event_date else (hit.date,)
    dates = [d.isoformat()[:4] for d in dated if d]
    before = candidate.said[index - 1] if index else ""
    said = words_of(" ".join([hit.section, candidate.said[0], before, candidate.sentence, *dates]))
    return all(year in said for year in years)


def names_said(candidate: Candidate, named: Sequence[str], hits: Sequence[PassageHit]) -> bool:
    """Whether a passage the sentence, or the one before it, stands in (passages overlap and
    may part them) names all that was named."""
    if not named:
        return True
    if CITATION.search(candidate.sentence):
        # A list of citations is one passage: each names its own author.
        return stems_of(candidate.sentence) >= set(named)
    near = {candidate.sentence, candidate.said[candidate.index - 1] if candidate.index else ""}
    return any(
        not near.isdisjoint(sentences_of(hit.text))
        and stems_of(f"{hit.section} {hit.text}") >= set(named)
        for hit in hits
    )
