"""A sentence of a passage read as an answer, and what its passage says around it: the
passages' sentences and words, read once; the years and names a question restricts it to; the
citations that say who wrote a work and when without saying so; the words of a question it says
together or far apart; whether it names again what the sentence before it spoke of."""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from bot.answers.correspondence import said_by_form
from bot.answers.knowledge import Corpus
from bot.answers.question import Question
from bot.answers.vocabulary import (
    CITING,
    MONTHS,
    NEGATORS,
    NUMBER_WORDS,
    ORGANISATIONS,
    ROLES,
    STOPWORDS,
    WEEKDAYS,
)
from bot.answers.words import stem, stems, words_of
from storage.documents import BYLINE, sentences, squeeze
from storage.search import PassageHit

__all__ = [
    "CITATION",
    "CITED",
    "NEAR",
    "PERSONAL",
    "PERSONS",
    "YEAR",
    "Candidate",
    "Said",
    "abbreviations_asked",
    "denies",
    "names_asked",
    "names_said",
    "negated_alike",
    "pairs_said",
    "positions_of",
    "readings_of",
    "related_stems",
    "repeats_subject",
    "said_apart",
    "said_of_another",
    "says_years",
    "sentences_of",
    "stems_of",
    "titled_in",
    "under",
]


# "They said …", "Stability is their responsibility": a person or people the sentence does not
# name, by a pronoun that opens it or one that stands for them anywhere in it ("as they appear"
# within a sentence speaks as often of things).
PERSONAL = re.compile(
    r"^(?:(?:And|But|So) )?(?:[Tt]hey|[Hh]e|[Ss]he)\b|\b(?:[Tt]heir|[Tt]hem|[Hh]is|[Hh]im)\b"
)
PERSONS = frozenset(stem(w) for w in ROLES | ORGANISATIONS)  # who a sentence may name


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


# A citation: "[2] A. Author, “Its title,” Publisher, May 18, 2005.", one of a list of notes, or
# an article's byline ("By A. Writer, The Gazette, 12 June 2031"). It says who wrote what, where
# and when it was published, in none of those words.
_NOTED = re.compile(r"(?:^|: )\[\d+\]\s|“[^”]{8,}[,.]?”,? [A-Z]")
CITATION = re.compile(f"{_NOTED.pattern}|{BYLINE.pattern}")
CITED = frozenset(stem(w) for w in CITING)


# The passages are the same from one question to the next: their sentences and words are read
# once (the caches are bounded, and keyed on the text itself, so a changed passage reads anew).
# Words never run across a space: a passage's stems with its heading's are those of each.
@lru_cache(maxsize=20_000)
def sentences_of(text: str) -> tuple[str, ...]:
    # A line of its own (a date line, a signature, a bullet without a full stop) is a sentence.
    return tuple(s for line in text.split("\n") for s in sentences(squeeze(line)))


@lru_cache(maxsize=100_000)
def stems_of(text: str) -> frozenset[str]:
    return frozenset(stems(text))


_PRONOUN = re.compile(r"^(?:And |But |So )?(?:They|Their|He|His|She|Her|It|Its|This|These)\b")


class Said(NamedTuple):
    """A sentence of a passage as the reader reads it, whatever was asked."""

    sentence: str
    stems: frozenset[str]
    near: frozenset[str]  # the sentence before's stems, or those a pronoun opening it leans on
    carried: frozenset[str]  # the sentence before's, when this one names its subject again
    unnamed: bool | None  # a pronoun for people none before has named: for many (True) or one
    cited: bool  # a citation, which says who wrote what and when without saying so
    formal: frozenset[str]  # what it says by its form in a letter ("Sincerely," … : signed)


@lru_cache(maxsize=20_000)
def readings_of(text: str) -> tuple[Said, ...]:
    """The sentences of a passage with what each says, and what the sentences before it say
    for it; what depends on the question alone is left to the reader."""
    said = sentences_of(text)
    found = []
    # "They said …" where the passage has named no one yet speaks of those named before it: of
    # the people or body asked about, as likely as not. ("They said they have a working group":
    # the group named after it is not who "they" are.)
    named = False
    subject: frozenset[str] = frozenset()
    for index, sentence in enumerate(said):
        own = stems_of(sentence)
        pronoun = PERSONAL.search(sentence)
        unnamed = None
        if pronoun and not named:
            named = not PERSONS.isdisjoint(stems_of(sentence[: pronoun.start()]))
            many = pronoun.group(0).lower().split()[-1].startswith("the")
            unnamed = None if named else many
        named = named or not PERSONS.isdisjoint(own)
        # The sentence before (a lead-in ending with a colon) and the heading count, a little:
        # "the delegation" is named there, not in "We met freely with anyone". A sentence that
        # starts with "they" or "their" speaks of what the one before named.
        before = stems_of(said[index - 1]) if index else frozenset()
        subject = (subject | before) if _PRONOUN.match(sentence) else frozenset()
        carried = before if index and repeats_subject(sentence, said[index - 1]) else frozenset()
        if index and _IT.match(sentence):
            carried = _things_of(before)
        cited = bool(CITATION.search(sentence))
        formal = said_by_form(said, index)
        found.append(Said(sentence, own, subject or before, carried, unnamed, cited, formal))
    return tuple(found)


def related_stems(
    terms: Sequence[str], texts: Sequence[str], letters: int
) -> dict[str, frozenset[str]]:
    """The stems of the passages that begin with the same `letters` letters as a term
    ("misappli", "misappl"): the same word, inflected past what the stemmer knows."""
    related: dict[str, frozenset[str]] = {}
    for term in terms:
        if len(term) < letters or not term.isalpha():
            continue
        head = term[:letters]
        found = set()
        for text in texts:
            said = _long_stems(text, letters)
            at = bisect.bisect_left(said, head)
            while at < len(said) and said[at].startswith(head):
                found.add(said[at])
                at += 1
        related[term] = frozenset(found - {term})
    return related


@lru_cache(maxsize=20_000)
def _long_stems(text: str, letters: int) -> tuple[str, ...]:
    """The stems of a text of `letters` letters or more (and nothing but letters), in order:
    those that begin alike stand together."""
    return tuple(sorted(s for s in stems_of(text) if len(s) >= letters and s.isalpha()))


@lru_cache(maxsize=50_000)
def positions_of(sentence: str) -> dict[str, list[int]]:
    """Where each stem stands in the sentence (shared: never change it)."""
    found: dict[str, list[int]] = {}
    for index, word in enumerate(words_of(sentence)):
        found.setdefault(stem(word), []).append(index)
    return found


# "the law “On Public Assemblies …” (the Assembly Law)": a title in full, then the short name
# the source calls it by from then on.
_ALIAS = re.compile(r"[“\"][^”\"]{8,}[”\"]\s*\((?:the\s+)?([^()“”]{2,40})\)")


def titled_in(candidates: Sequence[Candidate], weights: dict[str, float]) -> Candidate | None:
    """Asked for the full name of what the sources call by a short one ("the official title of
    the Assembly Law"): the sentence that quotes the title in full and gives it that short name,
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


@lru_cache(maxsize=50_000)
def _denied_in(sentence: str) -> frozenset[str]:
    return frozenset(_denied(words_of(sentence)))


def denies(question: Question) -> set[str]:
    """The terms the question denies ("which aren't perfect?")."""
    return _denied(question.words) & set(question.terms)


def negated_alike(question: Question, sentence: str) -> bool:
    """Whether the sentence denies what the question denies, in its words or in others: "isn't
    perfect" and "not ideal"."""
    asked = denies(question)
    if not asked:
        return False
    denied = _denied_in(sentence)
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
    parts = (hit.section, candidate.said[0], before, candidate.sentence, *dates)
    return all(any(year in words_of(part) for part in parts) for year in years)


def under(hit: PassageHit, typed: Sequence[str]) -> str:
    """What a passage stands under: its section's heading and its record's title ("Notes of the
    2029 Harbour Hearing": "71 people registered" counts those at the hearing), unless the title
    names other years than the question's words (it does not say "the 2028 hearing")."""
    title = hit.title or ""
    titled = set(YEAR.findall(title))
    asked = {w for w in typed if YEAR.fullmatch(w)}
    return f"{hit.section or ''} {title if not titled or asked <= titled else ''}"


RARE_NAME = 0.1  # a name asked in at most this share of the passages restricts the answer to them


_ACCORDING = re.compile(r"\baccording\s+to\s+[^,;]*$", re.IGNORECASE)


def names_asked(question: Question, corpus: Corpus) -> list[str]:
    """The names a question gives ("the Kentau congregation"): capitalised words that the
    sources write only capitalised. An answer about another is no answer; but one that ends
    "according to Berg" names whose account is asked, which a passage need not name."""
    # The first word is capitalised whatever it is; one the sources never write in lower case
    # is a name all the same ("Dorsey warned …").
    typed = re.findall(r"[\w’'\-]+", _ACCORDING.sub("", question.raw))
    bare = [re.sub(r"['’]s$", "", w) for w in typed]  # "Dorsey's"
    found = [w.lower() for w in bare if w[:1].isupper() and not w.isupper()]
    found = [w for w in found if w not in MONTHS and w not in WEEKDAYS]  # "Sunday service"
    found = [w for w in found if w not in STOPWORDS]  # "When …", "So …"
    return [
        stem(name)
        for w in found
        if w in question.words
        for name in [_possessed(w, corpus)]
        if name in corpus.vocabulary
        and name not in corpus.lowercase
        and corpus.frequency.get(stem(name), 0) <= RARE_NAME * corpus.passages
    ]


def _possessed(word: str, corpus: Corpus) -> str:
    """ "Dorseys article": a name's possessive typed without its apostrophe, the name."""
    if word not in corpus.vocabulary and word.endswith("s") and word[:-1] in corpus.vocabulary:
        return word[:-1]
    return word


def abbreviations_asked(question: Question, corpus: Corpus) -> dict[str, frozenset[str]]:
    """The abbreviations a question names ("who chairs the ARA?") that the sources spell out,
    each with the words it stands for: a passage about another body ("the Committee for
    Religious Affairs (CRA)") shares some of those words, not all."""
    typed = re.findall(r"[\w’'\-]+", question.raw)
    asked = {re.sub(r"['’]s$", "", w) for w in typed}
    return {
        stem(w.lower()): frozenset(stems(corpus.abbreviations[w.lower()]))
        for w in asked
        if len(w) >= 3
        and w.isupper()
        and w.isalpha()
        and w.lower() in corpus.abbreviations
        and w.lower() not in corpus.lowercase
    }


def names_said(
    candidate: Candidate,
    named: Sequence[str],
    hits: Sequence[PassageHit],
    spelled: Mapping[str, frozenset[str]] | None = None,
) -> bool:
    """Whether a passage the sentence, or one before it in its passage, stands in (passages
    overlap and may part them) names all that was named: an abbreviation by itself or by all
    the words it stands for (`spelled`)."""
    spelled = spelled or {}
    if not named:
        return True
    if _NOTED.search(candidate.sentence):
        # A list of citations is one passage: each names its own author (a byline, the
        # article's).
        return stems_of(candidate.sentence) >= set(named)
    # The sentences before it in its passage too: a quotation ("…," he said) may follow the
    # sentence that names its speaker and the body they speak for by two or three.
    # The document's title names what all of its passages are about ("Submission to the
    # Universal Periodic Review …"), as a section's heading names what its own are.
    near = {candidate.sentence, *candidate.said[: candidate.index]}
    return any(
        not near.isdisjoint(sentences_of(hit.text))
        and all(
            _names(
                n, stems_of(hit.text) | stems_of(hit.section) | stems_of(hit.title or ""), spelled
            )
            for n in named
        )
        for hit in hits
    )


def _names(name: str, said: frozenset[str], spelled: Mapping[str, frozenset[str]]) -> bool:
    return name in said or (bool(spelled.get(name)) and spelled[name] <= said)


NEAR = 3  # words apart at most for two words asked together ("climate change") to count


def said_apart(question: Question, sentence: str, own: Set[str]) -> set[str]:
    """The terms asked together ("climate change") that the sentence says only far apart:
    they name something else there."""
    pairs = [(a, b) for a, b in question.phrases if a in own and b in own and a != b]
    if not pairs:
        return set()
    at = positions_of(sentence)
    broken: set[str] = set()
    for a, b in pairs:
        if min(abs(i - j) for i in at.get(a, [-99]) for j in at.get(b, [99])) > NEAR:
            broken.update((a, b))
    return broken


def said_of_another(question: Question, sentence: str, own: Set[str]) -> set[str]:
    """The head of a phrase asked ("the administrative code") that the sentence says only in the
    name of another ("the Criminal Code"): its modifier missing, a name's word the question never
    says stands before it there."""
    pairs = [(a, b) for a, b in question.phrases if b in own and a not in own and a != b]
    if not pairs:
        return set()
    typed = re.findall(r"[\w’'\-]+", sentence)
    other: set[str] = set()
    for _, b in pairs:
        said = [(typed[i - 1], w) for i, w in enumerate(typed) if i and stem(w.lower()) == b]
        if said and all(
            w[:1].isupper()
            and before[:1].isupper()
            and before.lower() not in STOPWORDS
            and stem(before.lower()) not in question.terms
            for before, w in said
        ):
            other.add(b)
    return other


def pairs_said(question: Question, sentence: str, own: Set[str]) -> int:
    """How many pairs of words the question says next to each other the sentence also says
    close together ("religious literature", "working group")."""
    both = [(a, b) for a, b in question.pairs if a in own and b in own]
    if not both:
        return 0
    at = positions_of(sentence)
    count = 0
    for a, b in both:
        if a in at and b in at and any(abs(i - j) <= NEAR for i in at[a] for j in at[b]):
            count += 1
    return count


# "The roundtable was chaired by …" after "The Eastport Interfaith Roundtable met …": a definite
# noun phrase that opens a sentence, whose head repeats the subject of the sentence before.
_DEFINITE = re.compile(
    r"^(?:And |But |So )?(?:The|This|That|These|Those)\s+((?:[a-z][\w\-]*\s+){0,2}[a-z][\w\-]*)"
)
SUBJECT_WORDS = 8  # the words that open a sentence, where its subject stands


# "It was held in Dornfeld.": "it" stands for the thing the sentence before spoke of, as well as
# naming it again would; the verb after it ("was", "contained") says it is the subject.
_IT = re.compile(r"^(?:And |But |So )?It\s+(?:is|was|has|had|will|would|[a-z]+ed|[a-z]+s)\b")


def _things_of(said: frozenset[str]) -> frozenset[str]:
    """A sentence's stems that may be what "it" stands for: never its figures ("after two
    meetings … It was held in …" does not say that two of anything were held)."""
    return frozenset(s for s in said if s not in _COUNTED and not s[:1].isdigit())


_COUNTED = frozenset(stem(w) for w in NUMBER_WORDS)


def repeats_subject(sentence: str, before: str) -> bool:
    """Whether `sentence` opens with a definite noun phrase ("the roundtable", "the new law")
    whose last word is a word of substance that opens `before`: the same thing, named again."""
    match = _DEFINITE.match(sentence)
    if match is None or not before:
        return False
    head = words_of(match.group(1))[-1:]
    opening = {stem(w) for w in words_of(before)[:SUBJECT_WORDS] if w not in STOPWORDS}
    return bool(head) and head[0] not in STOPWORDS and stem(head[0]) in opening
