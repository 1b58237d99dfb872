"""The reader: from the passages a full-text search ranks best, the sentence or two that answer a
question, in the source's own words, with the fact first.

A sentence answers when it says enough of what was asked (by weight: rare words weigh most, a
word the sources never use weighs more still) and holds the kind of answer asked for
(`answer_kinds`). Otherwise the reader gives nothing, and the caller says it does not know. It
reads English and the passages themselves: no names of any document's people, places or laws.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.answers.answer_kinds import date_for, has_kind, year_before
from bot.answers.candidate import (
    CITED,
    PERSONS,
    YEAR,
    Candidate,
    abbreviations_asked,
    denies,
    names_asked,
    negated_alike,
    pairs_said,
    positions_of,
    readings_of,
    said_apart,
    said_of_another,
    says_years,
    sentences_of,
    stems_of,
    titled_in,
    under,
)
from bot.answers.cells import cell_of, kind_cell
from bot.answers.correspondence import DATED
from bot.answers.counts import plural
from bot.answers.coverage import Terms, dated, dated_heading
from bot.answers.event_dates import dated_by_event
from bot.answers.excerpt import MAX_ANSWER, excerpt_of
from bot.answers.focus import PLACES, focus, supplies
from bot.answers.knowledge import Corpus
from bot.answers.linked import named_or_linked
from bot.answers.masthead import particulars
from bot.answers.named import thing_named
from bot.answers.persons import people
from bot.answers.polar import favour_the_thing_asked
from bot.answers.question import Kind, Question
from bot.answers.reasons import read_for_reason
from bot.answers.speakers import named_speaker, only_names, says_words, speaker, speaks
from bot.answers.statements import defines, is_causal
from bot.answers.unsaid import everyday, unsaid, unsaid_share
from bot.answers.vocabulary import (
    FRAMING,
    SAYING,
    STOPWORDS,
)
from bot.answers.words import stem, words_of
from storage.search import PassageHit

__all__ = ["MAX_ANSWER", "NO_NUMBER", "Reading", "number_missing", "read"]

COVERAGE = 0.45  # the share of what was asked (by weight) a sentence must say
UNSAID = 0.25  # the share of a question for a fact that, never said in the passages, declines it
UNSAID_ANY = 0.3  # … and of any other question
FACT_COVERAGE = 0.45  # the share of what was asked a sentence with the fact asked for must say
MARGIN = 0.25  # a sentence of the kind asked for may say this much less than the best one
ABSENT = 1.0  # how much more than the rarest word a word the sources never use weighs
CONTEXT = 0.6  # the weight of a follow-up's borrowed terms, relative to its own
FRAMED = 0.4  # the weight of a word that frames a question ("report", "say") more than asks
ALONE = 0.3  # the bonus of a sentence that says it all itself, by the share it says
PAIR = 0.05  # the bonus of each pair of words said together as in the question
DENIED = 0.15  # … and of a sentence that denies what the question denies ("not ideal")
KIND = 0.12  # the bonus of a sentence that holds the kind of answer asked for
DEFINING = 0.3  # … and of one that says what a thing is, asked what it means
PERSON = 0.2  # … and of one that names a person, when a person is asked for
AVERAGE = 160  # characters of a sentence of average length …
SATURATION = 1.2  # … and how much less a longer sentence's words count (BM25's k1 …
SHORT = 0.5  # … and b)
READ = 60  # the best sentences by their words that are read for the kind of answer they hold
RANK = 0.004  # the search's order counts, a little
RUNNERS_UP = 2  # the sentences after the best that may be given beside it …
SECOND = 0.6  # … when one scores this share of the best's score, and says this share of enough
LENGTH = 4000  # a long sentence buries its fact: its length counts against it, a little
SCENE_WORDS = 6  # a sentence this short takes its scene from the one before ("Ten attended.")
BACKOFF = 0.33  # the share of what was asked a sentence that alone says its rare words must say
FEW = 2  # the sentences at most that say a word for it to be rare among them
NO_NUMBER = "The records give no number for that. What they say:"


@dataclass(frozen=True)
class Reading:
    text: str  # the answer: the fact first, in the source's own words
    hit: PassageHit  # the passage it comes from
    excerpt: str  # the sentences quoted, verbatim
    terms: tuple[str, ...]  # what the answer was about, for a follow-up
    coverage: float = 1.0  # the share of what was asked that the answer's sentence says
    also: tuple[tuple[PassageHit, str], ...] = ()  # another passage's sentence the text quotes


def _weights(question: Question, corpus: Corpus) -> dict[str, float]:
    """How much each term says: its rarity in the passages. A word the sources never use (nor
    any word that says the same) weighs as much as the rarest: a question about it may be about
    something else, or say it in other words."""
    weights = {}
    absent = ABSENT * corpus.idf("")
    for term in question.terms:
        said = [t for t in {term, *question.alternatives.get(term, ())} if corpus.known(t)]
        weights[term] = max((corpus.idf(t) for t in said), default=absent)
        weights[term] = max(weights[term], 0.2)
        if term in question.context:
            # What the question before was about counts, but less than what is asked now.
            weights[term] *= CONTEXT
        if term in FRAMING or (everyday(term, question) and not said):
            weights[term] *= FRAMED
    return weights


_FACT_KINDS = frozenset({Kind.WHEN, Kind.WHERE, Kind.WHO, Kind.COUNT, Kind.LAW})


def _candidates(
    question: Question, hits: Sequence[PassageHit], corpus: Corpus, weights: dict[str, float]
) -> list[Candidate]:
    read_hits = [(rank, hit, list(sentences_of(hit.text))) for rank, hit in enumerate(hits)]
    terms = Terms(question, weights, [hit.text for hit in hits])
    # "They" speaks of officials, "he" or "she" of an ambassador: as many as the word says.
    asked_persons = {
        (stem(w), w != stem(w) and w.endswith("s")) for w in question.words if stem(w) in PERSONS
    }
    meant_by = {
        many: frozenset(t for t, plural in asked_persons if plural == many)
        for many in (True, False)
    }
    denying = bool(denies(question))
    # "It contains three pieces: the coalition's letter, the ministry's reply …" tells what a
    # record holds, and answers what is asked of the record ("these notes"), not of what it holds.
    contents = "these" not in question.words and "this" not in question.words
    found: dict[str, Candidate] = {}
    for rank, hit, said in read_hits:
        # The section's heading says what its sentences are about; the document's title, what
        # all of them are about, and so hardly more than any other word of the passage.
        heading = stems_of(hit.section) | dated(hit)
        passage = stems_of(hit.text) | stems_of(hit.section) | stems_of(hit.title or "")
        for index, reading in enumerate(readings_of(hit.text)):
            sentence = reading.sentence
            own = reading.stems
            apart = said_apart(question, sentence, own) | said_of_another(question, sentence, own)
            if apart:
                own = own - apart
            if reading.cited:
                own = own | CITED
            own = own | reading.formal
            if reading.formal == DATED:
                own = own | heading  # a letter's date line dates what its heading names
            own = own | particulars(hit, sentence, heading, question.terms)
            own = own | dated_heading(hit.section)
            refusal = read_for_reason(question, sentence)
            if refusal is None:
                continue  # asked why it was refused, the request itself
            own = own | refusal
            meant = meant_by[reading.unnamed] if reading.unnamed is not None else frozenset()
            alone, coverage = terms.coverage(
                own, heading, reading.near, passage, reading.carried, meant
            )
            if (
                coverage <= 0.0
                or _POINTER.match(sentence)
                or (contents and _CONTENTS.match(sentence))
            ):
                continue
            words = max(len(sentence) / AVERAGE, 0.5)
            score = (
                coverage * (1 + SATURATION) / (1 + SATURATION * (1 - SHORT + SHORT * words))
                + ALONE * alone
                + PAIR * min(pairs_said(question, sentence, own), 3)
                + DENIED * (denying and negated_alike(question, sentence))
                - RANK * rank
                - len(sentence) / LENGTH
            )
            if sentence not in found or found[sentence].score < score:
                found[sentence] = Candidate(score, coverage, hit, index, said, False)
    ranked = sorted(found.values(), key=lambda c: c.score, reverse=True)[:READ]
    # Whether a sentence holds the kind of answer asked for is read for the best few only.
    for candidate in ranked:
        candidate.fits = has_kind(question, candidate.sentence, corpus, _year(candidate)) or bool(
            kind_cell(candidate.sentence, question)
        )
        if candidate.fits and question.kind != Kind.ANY:
            candidate.score += KIND
        if question.kind == Kind.WHY and is_causal(candidate.sentence):
            candidate.score += KIND
        if defines(question, candidate.sentence):
            # "What does Tier 2 mean?": a sentence that says what it is, more than one using it.
            candidate.score += DEFINING
        if question.kind == Kind.WHO and people(candidate.sentence, corpus, set(question.terms)):
            # A who-question wants a person: a sentence that names one says more than one
            # that names only a body or a place.
            candidate.score += PERSON
    return sorted(ranked, key=lambda c: c.score, reverse=True)


def read(
    question: Question,
    hits: Sequence[PassageHit],
    corpus: Corpus,
    following: Callable[[PassageHit], str] | None = None,
) -> Reading | None:
    """The best answer the passages give, or None; `following` gives the text of the passage
    after a hit, where an answer that ends its passage may go on."""
    if not question.terms:
        return None
    weights = _weights(question, corpus)
    candidates = favour_the_thing_asked(
        question, _candidates(question, hits, corpus, weights), weights
    )
    if not candidates:
        return None
    if question.kind == Kind.DEFINE and question.abbreviation in corpus.abbreviations:
        meaning = corpus.abbreviations[question.abbreviation]
        defining = [c for c in candidates if meaning in c.sentence]
        if defining:
            best = defining[0]
            text = f"{question.abbreviation.upper()} stands for {meaning}."
            return Reading(text, best.hit, best.sentence, tuple(question.terms))
    fact = question.kind in _FACT_KINDS or question.wants_name or thing_named(question)
    if unsaid_share(question, corpus, weights) >= (UNSAID if fact else UNSAID_ANY):
        # "When was the report published?": the store never speaks of publishing, so no date
        # it gives is that date.
        return None
    typed = question.words
    if (
        typed[:1] in (["what"], ["which"])
        and len(typed) > 2
        and typed[1] not in STOPWORDS
        and plural(typed[1])
        and unsaid(stem(typed[1]), question, corpus)
    ):
        # "What sentences were handed down …?": things of a kind the records never speak of.
        return None
    years = _years_asked(question)
    spelled = abbreviations_asked(question, corpus)
    named = [*names_asked(question, corpus), *spelled]
    if years or named:
        # "How many … in 2025?": a sentence about another year (2026) does not answer it, nor
        # a passage that never names the congregation (or the body, "the ARA") asked about.
        # The words of whom the question asks by office speak for the body they head.
        holder = set(stems_of(question.holder))
        candidates = [
            c
            for c in candidates
            if says_years(c, years)
            and (
                named_or_linked(c, question, named, hits, corpus, spelled)
                or holder & stems_of(" ".join(c.said))
            )
        ]
        if not candidates:
            return None
    if question.wants_title:
        # Asked for a title in full: a sentence that gives it, or none.
        titled = titled_in(candidates, weights)
        if titled is None:
            return None
        excerpt = excerpt_of(titled, question, weights)
        return Reading(excerpt, titled.hit, excerpt, tuple(question.terms), titled.coverage)
    enough = FACT_COVERAGE if fact else COVERAGE
    if question.holder:
        # "How did the region's head describe it?": a sentence of what its head said, before
        # one that only names them ("North: Jane Doe (head of …)").
        speaking = [
            c
            for c in candidates
            if c.coverage >= enough and says_words(c.sentence, question.holder)
        ]
        candidates = speaking + [c for c in candidates if all(c is not s for s in speaking)]
    top = candidates[0]
    if not fact and top.coverage < COVERAGE:
        rare = _rare_said(question, candidates, weights)
        if rare is None:
            return None
        top, enough = rare, BACKOFF
        candidates = [rare, *(c for c in candidates if c is not rare)]
    # The answer must stand in a sentence about what was asked, not much less about it than the
    # best sentence is, and give the very thing asked for: "Which five organisations paid?" is
    # not answered by "five organisations paid".
    floor = max(enough, top.coverage - MARGIN)
    who = speaker(question)  # "What did Dorsey warn …?": his words, not another's
    by_name = named_speaker(question, who)
    fitting = [
        c
        for c in candidates
        if (c.fits or not fact)
        and c.coverage >= floor
        and supplies(question, c.sentence, corpus, _year(c), _scene(c, question))
        and (not who or speaks(question, who, c.said, c.index, c.hit.section))
        and not (by_name and only_names(c.sentence))
    ]
    verb = _verb_of_speech(question) if who else ""
    if verb and fitting and SAYING.isdisjoint(words_of(fitting[0].sentence)):
        # "How did the deputy prosecutor describe the letter?": the sentence in which they
        # describe it, before one that only names them and reports nothing they said.
        fitting.sort(key=lambda c: verb not in positions_of(c.sentence))
    if not fitting and focus(question) in PLACES and focus(question).endswith("s"):
        # "What cities did the delegation go to?": the passage that says the trip names them in
        # a sentence of its own ("We also met … in Northtown and Eastport"); two places or more, as
        # asked, are seldom there by chance.
        fitting = [
            c
            for c in candidates
            if c.hit.id == top.hit.id
            and c.fits
            and supplies(question, c.sentence, corpus, _year(c), c.hit.section)
        ][:1]
    if not fitting:
        return _dated_by_event(question, top, candidates, corpus)
    best = fitting[0]
    if len(fitting) > 1 and fitting[1].says_more_than(best) and not question.holder:
        best = fitting[1]  # … but not a sentence that only names whose words were asked
    # A table's row asked of one of its columns: that cell, with the row it is in.
    cell = cell_of(best.sentence, question)
    excerpt = cell or excerpt_of(best, question, weights, following)
    text = excerpt
    date = date_for(question, best.sentence, _year(best)) if question.kind == Kind.WHEN else ""
    date = date or (kind_cell(best.sentence, question) if question.kind == Kind.WHEN else "")
    if date:
        text = f"{date}: {excerpt}"
    also: tuple[tuple[PassageHit, str], ...] = ()
    room = 0 if cell else MAX_ANSWER - len(text) - 3  # a cell is all of what was asked
    second = _second(best, excerpt, candidates, fact, room)
    if second is not None:
        # The runner-up after the best, in its own words: what stands between them in the
        # passage (or the other passage it is from) is left out, as an ellipsis says.
        after = second.said[second.index - 1] if second.index else ""
        joint = " " if second.hit.id == best.hit.id and after and excerpt.endswith(after) else " … "
        text = f"{text}{joint}{second.sentence}"
        if second.hit.id == best.hit.id:
            excerpt = f"{excerpt}{joint}{second.sentence}"
        else:
            also = ((second.hit, second.sentence),)
    return Reading(text, best.hit, excerpt, tuple(question.terms), best.coverage, also)


def _year(candidate: Candidate) -> str:
    """The year of a day the sentence names without one ("on April 12"): the year its passage
    dated something in before it, else its record's own year."""
    hit = candidate.hit
    return year_before(candidate.said, candidate.index, hit.section) or _record_year(hit)


def _scene(candidate: Candidate, question: Question) -> str:
    """What a sentence stands under, and for a short one the sentence before it, which sets its
    scene: "On 20 November the group held a briefing. Forty-two people attended." counts those
    at the briefing in November. A longer sentence names its own ("… the ferry had 3 decks, and
    85 people boarded" counts no one at the fair the sentence before tells of)."""
    said = candidate.said
    short = len(words_of(candidate.sentence)) <= SCENE_WORDS
    before = said[candidate.index - 1] if candidate.index and short else ""
    return f"{under(candidate.hit, question.words)} {before}"


_TITLE_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _record_year(hit: PassageHit) -> str:
    """The one year a record's title names ("Record of the 2034 Meetings"): a record of a year
    tells of that year unless it says otherwise. (Not the year it is dated: a report written
    in one year tells of the years before it.)"""
    years = set(_TITLE_YEAR.findall(hit.title or ""))
    return years.pop() if len(years) == 1 else ""


_GENERIC_SPEECH = frozenset(stem(w) for w in ("say", "said", "tell", "told", "think", "mention"))


def _verb_of_speech(question: Question) -> str:
    """The verb a question asks someone's words by ("describe" in "How did the ambassador
    describe …?"), unless it is one any report of speech uses ("say", "tell")."""
    typed = question.words
    verb = next((stem(w) for w in typed[3:7] if w in SAYING), "")
    return "" if verb in _GENERIC_SPEECH else verb


_CONTENTS = re.compile(
    r"^(?:It|This|These)\b[^.;:]{0,40}?\b(?:contains?|gathers?|collects?|brings? together)\b"
)
_POINTER = re.compile(r"^See\s+(?:the|our|also)\b")  # "See the text of …": it points elsewhere


_NAMING = frozenset(("the", "its", "their", "this", "that"))


def _years_asked(question: Question) -> list[str]:
    """The years a question restricts its answer to ("in 2025"); not one that names what it
    asks about ("the 2019 law", which a sentence may call "it")."""
    typed = question.words
    return [
        w
        for i, w in enumerate(typed)
        if YEAR.fullmatch(w) and not (i and typed[i - 1] in _NAMING and i + 1 < len(typed))
    ]


def _rare_said(
    question: Question, candidates: Sequence[Candidate], weights: dict[str, float]
) -> Candidate | None:
    """No sentence says enough of what was asked, but the best is one of the few that say a rare
    word of the question ("greet", said by "We greeted each other as old friends") and says a
    fair share of it: the words the question is put in around that word are the asker's."""
    best = candidates[0]
    terms = Terms(question, weights, ())
    owns = [set(stems_of(c.sentence)) for c in candidates]
    for term in sorted(weights, key=weights.__getitem__, reverse=True):
        if everyday(term, question) or term in question.context:
            continue
        saying = [c for c, own in zip(candidates, owns, strict=True) if terms.credit(term, own)]
        if 0 < len(saying) <= FEW and saying[0] is best and best.coverage >= BACKOFF:
            return best
    return None


def _dated_by_event(
    question: Question, top: Candidate, candidates: Sequence[Candidate], corpus: Corpus
) -> Reading | None:
    """A when-question whose best sentence gives no date, dated by the event its passage tells
    of: the sentence that dates the event first, then the best one."""
    if question.kind != Kind.WHEN or not supplies(question, top.sentence, corpus, _year(top)):
        return None
    said = [(c.sentence, c.hit) for c in candidates]
    dated = dated_by_event(question, top.sentence, top.hit, said)
    if dated is None:
        return None
    date, sentence, hit = dated
    text = f"{date}: {sentence}"
    if sentence != top.sentence and len(text) + len(top.sentence) + 3 <= MAX_ANSWER:
        text = f"{text} … {top.sentence}"
        also = ((top.hit, top.sentence),) if top.hit.id != hit.id else ()
        excerpt = sentence if also else f"{sentence} … {top.sentence}"
        return Reading(text, hit, excerpt, tuple(question.terms), top.coverage, also)
    return Reading(text, hit, sentence, tuple(question.terms), top.coverage)


def _second(
    best: Candidate, excerpt: str, candidates: Sequence[Candidate], fact: bool, room: int
) -> Candidate | None:
    """The sentence that says the most of what was asked after the best, when it is nearly as
    good, says enough of it and fits beside the best in the answer: the fact may be in either."""
    for candidate in candidates[: int(RUNNERS_UP)]:
        if candidate is best:
            continue
        if candidate.sentence in excerpt:
            continue
        if (
            candidate.score >= best.score * SECOND
            and candidate.coverage >= COVERAGE * SECOND
            and (candidate.fits or not fact)
            and len(candidate.sentence) <= room
        ):
            return candidate
        return None
    return None


def number_missing(
    question: Question, hits: Sequence[PassageHit], corpus: Corpus
) -> Reading | None:
    """Asked for a figure the passages do not give: what they say of it instead, when a sentence
    says nearly all of what was asked."""
    if question.kind != Kind.COUNT:
        return None
    weights = _weights(question, corpus)
    enough = [c for c in _candidates(question, hits, corpus, weights) if c.coverage >= 0.8]
    if not enough:
        return None
    best = max(enough, key=lambda c: (c.coverage, c.score))
    excerpt = excerpt_of(best, question, weights)
    return Reading(f"{NO_NUMBER} {excerpt}", best.hit, excerpt, tuple(question.terms))
