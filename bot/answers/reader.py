"""The reader: from the passages a full-text search ranks best, the sentence or two that answer a
question, in the source's own words, with the fact first.

A sentence answers when it says enough of what was asked (by weight: rare words weigh most, a
word the sources never use weighs more still) and holds the kind of answer asked for
(`answer_kinds`). Otherwise the reader gives nothing, and the caller says it does not know. It
reads English and the passages themselves: no names of any document's people, places or laws.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.answers.answer_kinds import has_kind, is_causal, when
from bot.answers.knowledge import Corpus
from bot.answers.question import Kind, Question
from bot.answers.vocabulary import STOPWORDS
from bot.answers.words import stem, stems, words_of
from storage.documents import sentences, squeeze
from storage.search import PassageHit

__all__ = ["MAX_ANSWER", "NO_NUMBER", "Reading", "read"]

MAX_ANSWER = 400  # characters of answer before its source
COVERAGE = 0.5  # the share of what was asked (by weight) a sentence must say
ABSENT = 1.5  # how much more than the rarest word a word the sources never use weighs
NEAR = 3  # words apart at most for two words asked together ("climate change") to count
CONTEXT = 0.6  # the weight of a follow-up's borrowed terms, relative to its own
NO_NUMBER = "The records give no number for that. What they say:"


@dataclass(frozen=True)
class Reading:
    text: str  # the answer: the fact first, in the source's own words
    hit: PassageHit  # the passage it comes from
    excerpt: str  # the sentences quoted, verbatim
    terms: tuple[str, ...]  # what the answer was about, for a follow-up


@dataclass
class _Candidate:
    score: float
    coverage: float
    hit: PassageHit
    index: int
    said: list[str]

    @property
    def sentence(self) -> str:
        return self.said[self.index]


def _weights(question: Question, corpus: Corpus) -> dict[str, float]:
    """How much each term says: its rarity in the passages. A word the sources never use (nor
    any word that says the same) weighs most: a question about it is about something else."""
    weights = {}
    absent = ABSENT * corpus.idf("")
    for term in question.terms:
        said = [t for t in {term, *question.alternatives.get(term, ())} if corpus.known(t)]
        weights[term] = max((corpus.idf(t) for t in said), default=absent)
        weights[term] = max(weights[term], 0.2)
        if term in question.context:
            # What the question before was about counts, but less than what is asked now.
            weights[term] *= CONTEXT
    return weights


_FACT_KINDS = frozenset({Kind.WHEN, Kind.WHERE, Kind.WHO, Kind.COUNT})


def _unsaid(term: str, question: Question, corpus: Corpus) -> bool:
    """A word of substance that no passage uses, nor any word that says the same."""
    return len(term) > 3 and not any(
        corpus.known(t) for t in {term, *question.alternatives.get(term, ())}
    )


def _positions(sentence: str) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for index, word in enumerate(words_of(sentence)):
        found.setdefault(stem(word), []).append(index)
    return found


def _apart(question: Question, sentence: str, own: set[str]) -> set[str]:
    """The terms asked together ("climate change") that the sentence says only far apart:
    they name something else there."""
    pairs = [(a, b) for a, b in question.phrases if a in own and b in own and a != b]
    if not pairs:
        return set()
    at = _positions(sentence)
    broken: set[str] = set()
    for a, b in pairs:
        if min(abs(i - j) for i in at.get(a, [-99]) for j in at.get(b, [99])) > NEAR:
            broken.update((a, b))
    return broken


def _covered(
    question: Question,
    weights: dict[str, float],
    said: set[str],
    broken: frozenset[str] | set[str] = frozenset(),
) -> tuple[float, float]:
    total = sum(weights.values()) or 1.0
    got = sum(
        w
        for t, w in weights.items()
        if t not in broken and (t in said or not said.isdisjoint(question.alternatives.get(t, ())))
    )
    return got, min(got / total, 1.0)


def _candidates(question: Question, hits: Sequence[PassageHit], corpus: Corpus) -> list[_Candidate]:
    weights = _weights(question, corpus)
    found: list[_Candidate] = []
    for rank, hit in enumerate(hits):
        said = sentences(squeeze(hit.text))
        heading = stems(f"{hit.section} {hit.title or ''}")
        passage = stems(hit.text)
        for index, sentence in enumerate(said):
            own = stems(sentence)
            broken = _apart(question, sentence, own)
            # The sentence before (a lead-in ending with a colon) and the heading count, a
            # little: "the delegation" is named there, not in "We met freely with anyone".
            before = stems(said[index - 1]) if index else set()
            got, coverage = _covered(question, weights, own, broken)
            _, wider = _covered(question, weights, own | heading | before, broken)
            _, widest = _covered(question, weights, own | heading | passage, broken)
            coverage = max(coverage, 0.85 * wider, 0.7 * widest)
            context, _ = _covered(question, weights, heading | before)
            score = got + 0.3 * context - 0.03 * rank - len(sentence) / 1500
            if question.kind == Kind.WHY and is_causal(sentence):
                score += 0.5
            found.append(_Candidate(score, coverage, hit, index, said))
    found.sort(key=lambda c: c.score, reverse=True)
    return found


def read(question: Question, hits: Sequence[PassageHit], corpus: Corpus) -> Reading | None:
    """The best answer the passages give, or None."""
    if not question.terms:
        return None
    candidates = _candidates(question, hits, corpus)
    if not candidates:
        return None
    if question.kind == Kind.DEFINE and question.abbreviation in corpus.abbreviations:
        meaning = corpus.abbreviations[question.abbreviation]
        defining = [c for c in candidates if meaning in c.sentence]
        if defining:
            best = defining[0]
            text = f"{question.abbreviation.upper()} stands for {meaning}."
            return Reading(text, best.hit, best.sentence, tuple(question.terms))
    if question.kind in _FACT_KINDS and any(
        t not in question.context and _unsaid(t, question, corpus) for t in question.terms
    ):
        # "When was the report published?": the store never speaks of publishing, so no date
        # it gives is that date.
        return None
    enough = [c for c in candidates if c.coverage >= COVERAGE]
    fitting = [c for c in enough if has_kind(question, c.sentence, corpus)]
    if not fitting:
        if question.kind == Kind.COUNT and enough and max(c.coverage for c in enough) >= 0.8:
            best = max(enough, key=lambda c: (c.coverage, c.score))
            excerpt = _excerpt(best, question)
            return Reading(f"{NO_NUMBER} {excerpt}", best.hit, excerpt, tuple(question.terms))
        return None
    best = fitting[0]
    excerpt = _excerpt(best, question)
    text = excerpt
    if question.kind == Kind.WHEN:
        text = f"{when(best.sentence)}: {excerpt}"
    return Reading(text, best.hit, excerpt, tuple(question.terms))


def _excerpt(best: _Candidate, question: Question) -> str:
    """The sentence that answers, with the next one when it only leads in ("…include:"), is too
    short to stand alone, or gives the reason asked for; cut to `MAX_ANSWER` around what was
    asked."""
    said = best.said
    text = said[best.index]
    follow = best.index + 1
    while follow < len(said) and (
        text.endswith(":")
        or len(text) < 60
        or (question.kind == Kind.WHY and follow == best.index + 1 and not is_causal(text))
    ):
        if len(text) + len(said[follow]) + 1 > MAX_ANSWER:
            break
        text = f"{text} {said[follow]}"
        follow += 1
    return _cut(text, question)


def _cut(text: str, question: Question) -> str:
    if len(text) <= MAX_ANSWER - 30:
        return text
    # Start at the clause that says something asked about, when that is far in.
    first = len(text)
    for index, word in enumerate(words_of(text)):
        if word not in STOPWORDS and stem(word) in question.terms:
            first = text.lower().find(word)
            break
        if index > 200:
            break
    start = 0
    if first > MAX_ANSWER - 150:
        clause = max(text.rfind(", ", 0, first), text.rfind("; ", 0, first))
        start = clause + 2 if clause > 0 else first
    piece = text[start:]
    if len(piece) > MAX_ANSWER - 32:
        piece = piece[: MAX_ANSWER - 32].rsplit(" ", 1)[0].rstrip(",;:") + " …"
    return ("… " if start else "") + piece
