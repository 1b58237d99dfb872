"""The reader: from the passages a full-text search ranks best, the sentence or two that answer a
question, in the source's own words, with the fact first.

It knows the kinds of answer a question asks for (a date for "when", a place for "where", a
person or body for "who", a figure for "how many", a law or article for "which law") and reads
nothing but English and the passages themselves: no names of any document's people, places or
laws. When no sentence says enough of what was asked, or none holds the kind of answer asked for,
it gives nothing, and the caller says it does not know.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer  # type: ignore[import-untyped]

from bot.answers.vocabulary import NUMBER_WORDS, ROLES, SHORTHAND, STOPWORDS
from bot.kit import dates
from storage.documents import sentences, squeeze
from storage.search import PassageHit

__all__ = [
    "MAX_ANSWER",
    "Corpus",
    "Kind",
    "Question",
    "Reading",
    "read",
    "read_question",
    "stem",
    "words_of",
]

MAX_ANSWER = 400  # characters of answer before its source
COVERAGE = 0.55  # the share of what was asked (by weight) a sentence must say

_TOKEN = re.compile(r"[0-9a-z]+(?:-[0-9a-z]+)*")
_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    result: str = _STEMMER.stemWord(word)
    return result


def words_of(text: str) -> list[str]:
    text = text.lower().replace("’", "'").replace("'s", " ").replace("\u00a0", " ")
    out: list[str] = []
    for token in _TOKEN.findall(text):
        # "five-member" is both one word and two; "337-1" stays whole.
        out.append(token)
        if "-" in token and not token.replace("-", "").isdigit():
            out.extend(part for part in token.split("-") if part)
    return out


def _stems(text: str) -> set[str]:
    return {stem(w) for w in words_of(text) if w not in STOPWORDS}


# --- what a question asks ------------------------------------------------------------------


class Kind:
    WHEN = "when"
    WHERE = "where"
    WHO = "who"
    COUNT = "count"
    LAW = "law"
    DEFINE = "define"
    ANY = "any"


_KIND_PHRASES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (Kind.COUNT, ("how many", "how much", "number of", "how old", "what number")),
    (Kind.WHEN, ("what year", "which year", "what date", "which date", "what day", "what month",
                 "since when", "how long ago", "until when", "what time", "which month")),
    (Kind.WHERE, ("which city", "which cities", "what city", "what place", "which place",
                  "which country", "which countries", "what country", "what countries",
                  "in what city")),
    (Kind.LAW, ("which law", "what law", "which article", "which articles", "what article",
                "what articles", "which resolution", "what resolution", "which code",
                "what code", "which laws", "which act", "under which", "which legislation",
                "which provision", "which provisions")),
    (Kind.WHO, ("which person", "which official", "which officials", "what person",
                "which organisation", "which organization", "which ministry",
                "which ministries", "which agency", "what agency", "which body")),
)  # fmt: skip
_FIRST_WORD_KINDS = {"when": Kind.WHEN, "where": Kind.WHERE, "who": Kind.WHO, "whom": Kind.WHO,
                     "whose": Kind.WHO}  # fmt: skip
_DEFINE = re.compile(
    r"^\s*(?:what|who)\s+(?:does|is|are)\s+(?:the\s+|an?\s+)?([A-Za-z][A-Za-z.\-]{1,12})"
    r"(?:\s+stand\s+for|\s+short\s+for)?\s*\??\s*$",
    re.IGNORECASE,
)


@dataclass
class Question:
    raw: str
    words: list[str]  # as typed, spelling corrected
    terms: list[str]  # stems of what it is about
    alternatives: dict[str, set[str]]  # other stems that say a term: shorthand, abbreviations
    kind: str
    abbreviation: str = ""  # for "what does ARA stand for?"

    def has(self, *phrases: str) -> bool:
        text = " " + " ".join(self.words) + " "
        return any(f" {phrase} " in text for phrase in phrases)


@dataclass
class Corpus:
    """What the passages say as a whole: how rare each word is, the words that exist (for
    spelling), the abbreviations the sources spell out. Built once per change of the records."""

    passages: int
    frequency: dict[str, int]  # in how many passages each stem occurs
    vocabulary: frozenset[str]
    abbreviations: dict[str, str]  # "ara": "Agency for Religious Affairs"
    _sorted: list[str] = field(default_factory=list)

    def idf(self, term: str) -> float:
        return math.log((self.passages + 1) / (self.frequency.get(term, 0) + 0.5))

    def correct(self, word: str) -> str:
        if word in self.vocabulary or word in STOPWORDS or len(word) < 5 or not word.isalpha():
            return word
        if stem(word) in self.frequency:
            return word
        if not self._sorted:
            self._sorted = sorted(w for w in self.vocabulary if len(w) >= 4)
        # One slip in a word ("dialouge", "goverment", "Kazakstan"), not another word that
        # shares its letters ("president" is not "present").
        close = [
            w
            for w in difflib.get_close_matches(word, self._sorted, n=3, cutoff=0.85)
            if abs(len(w) - len(word)) <= 1 and w[0] == word[0]
        ]
        return close[0] if close else word


_ABBREVIATED = re.compile(
    r"((?:[A-Z][\w’'.]*\s+(?:(?:of|for|on|and|the|to|in)\s+)*){1,8}[A-Z][\w’'.]*)\s+\(([A-Z]{2,8})\)"
)


def abbreviations(texts: Iterable[str]) -> dict[str, str]:
    """ "Agency for Religious Affairs (ARA)": the abbreviations a source spells out, whose letters
    are the initials of the words before them."""
    found: dict[str, str] = {}
    for text in texts:
        for match in _ABBREVIATED.finditer(text):
            long, short = match.group(1).split(), match.group(2)
            for start in range(len(long)):
                if not long[start][0].isupper():
                    continue
                initials = "".join(
                    w[0] if not re.fullmatch(r"(?:[A-Z]\.)+", w) else w.replace(".", "")
                    for w in long[start:]
                    if w[0].isupper()
                )
                if initials == short:
                    found.setdefault(short.lower(), " ".join(long[start:]))
                    break
    return found


def build_corpus(texts: Sequence[str]) -> Corpus:
    frequency: dict[str, int] = {}
    vocabulary: set[str] = set()
    for text in texts:
        tokens = words_of(text)
        vocabulary.update(tokens)
        for term in {stem(w) for w in tokens}:
            frequency[term] = frequency.get(term, 0) + 1
    return Corpus(len(texts), frequency, frozenset(vocabulary), abbreviations(texts))


def _kind(words: list[str], raw: str) -> tuple[str, str]:
    define = _DEFINE.match(raw)
    if define:
        term = define.group(1).strip(".")
        if term.isupper() or (raw.lower().rstrip("? ").endswith("stand for")):
            return Kind.DEFINE, term.lower()
    text = " " + " ".join(words) + " "
    for kind, phrases in _KIND_PHRASES:
        if any(f" {p} " in text for p in phrases):
            return kind, ""
    for word in words[:4]:
        if word in _FIRST_WORD_KINDS:
            return _FIRST_WORD_KINDS[word], ""
    return Kind.ANY, ""


def read_question(raw: str, corpus: Corpus, context: Sequence[str] = ()) -> Question:
    """`context`: the words of the question before, which a follow-up leans on."""
    typed = words_of(raw)
    corrected = [corpus.correct(w) for w in typed]
    kind, abbreviation = _kind(corrected, raw)
    alternatives: dict[str, set[str]] = {}
    for i, word in enumerate(corrected):
        for key in ((word, *corrected[i + 1 : i + 2]), (word,)):
            if key in SHORTHAND:
                alternatives.setdefault(stem(word), set()).update(stem(w) for w in SHORTHAND[key])
                break
        if word in corpus.abbreviations:
            alternatives.setdefault(stem(word), set()).update(_stems(corpus.abbreviations[word]))
    about = [w for w in [*corrected, *context] if w not in STOPWORDS and w not in ("s", "t")]
    terms = list(dict.fromkeys(stem(w) for w in about))
    # Shorthand made of question words ("un guy") is said by its meaning alone.
    for term in list(alternatives):
        if term not in terms:
            terms.append(term)
    return Question(raw, corrected, terms, alternatives, kind, abbreviation)


# --- kinds of answer in a sentence -----------------------------------------------------------

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_DAY = r"(?:[0-3]?\d)"
_SPAN_MDY = re.compile(
    rf"\b{_MONTH}\s+{_DAY}\s*(?:to|–|-|until|through)\s*{_MONTH}?\s*{_DAY},?\s+{_YEAR}\b"
)
_SPAN_DMY = re.compile(
    rf"\b{_DAY}\s+{_MONTH}\s*(?:to|–|-|until|through)\s*{_DAY}\s+{_MONTH}\s+{_YEAR}\b"
)
_MDY = re.compile(rf"\b({_MONTH})\s+({_DAY}),?\s+({_YEAR})\b")
_DMY = re.compile(rf"\b({_DAY})\s+({_MONTH}),?\s+({_YEAR})\b")
_MY = re.compile(rf"\b({_MONTH})\s+(?:[o0]f\s+)?({_YEAR})\b")
_Y = re.compile(rf"\b(?:in|since|of|from|until|by|before|after)\s+({_YEAR})\b")
_ANY_YEAR = re.compile(rf"\b{_YEAR}\b")
_NUMBER = re.compile(
    r"\b\d[\d,.]*(?:-\w+)?\b|\b(?:" + "|".join(sorted(NUMBER_WORDS)) + r")(?:-\w+)?\b",
    re.IGNORECASE,
)
_CAPITALISED = re.compile(
    r"(?<![.!?]\s)(?<!^)\b[A-Z][a-zA-Z’'\-]+(?:\s+(?:of|for|and|the|on)?\s*[A-Z][a-zA-Z’'\-]+)*"
)
_PLACE = re.compile(r"\b(?:in|at|to|from|near|inside|outside)\s+(?:the\s+)?[A-Z][a-zA-Z’'\-]+")
_LAW = re.compile(
    r"\b(?:[Ll]aws?|[Cc]odes?|[Aa]rticles?|[Rr]esolutions?|[Aa]cts?|[Cc]ovenant|[Cc]onstitution"
    r"|[Dd]eclaration|[Ll]egislation|[Pp]rovisions?)\b"
)
_MONTH_NUMBER = {name.capitalize(): n for n, name in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}  # fmt: skip


def _when(sentence: str) -> str:
    """The first date a sentence gives, as people read it: "8 May 2013", "March 2013",
    "25 March – 4 April 2014", "2008"."""
    for pattern in (_SPAN_MDY, _SPAN_DMY):
        span = pattern.search(sentence)
        if span:
            parts = re.findall(rf"{_MONTH}|{_YEAR}|\b{_DAY}\b", span.group(0))
            months = [p for p in parts if p in _MONTH_NUMBER]
            numbers = [p for p in parts if p not in _MONTH_NUMBER]
            year, days = numbers[-1], numbers[:-1]
            if len(days) == 2:
                first_month, last_month = months[0], months[-1]
                if first_month == last_month:
                    return f"{days[0]}–{days[1]} {last_month} {year}"
                return f"{days[0]} {first_month} – {days[1]} {last_month} {year}"
    found: list[tuple[int, str]] = []
    for match in _MDY.finditer(sentence):
        found.append((match.start(), f"{int(match.group(2))} {match.group(1)} {match.group(3)}"))
    for match in _DMY.finditer(sentence):
        found.append((match.start(), f"{int(match.group(1))} {match.group(2)} {match.group(3)}"))
    if not found:
        for match in _MY.finditer(sentence):
            found.append((match.start(), f"{match.group(1)} {match.group(2)}"))
    if not found:
        for match in _Y.finditer(sentence):
            found.append((match.start(1), match.group(1)))
    return min(found)[1] if found else ""


def _has_kind(kind: str, sentence: str, question: Question) -> bool:
    if kind == Kind.WHEN:
        return bool(_when(sentence))
    if kind == Kind.COUNT:
        return bool(_NUMBER.search(_ANY_YEAR.sub(" ", sentence)))
    if kind == Kind.WHERE:
        return any(
            stem(words_of(m.group(0))[-1]) not in question.terms for m in _PLACE.finditer(sentence)
        )
    if kind == Kind.LAW:
        return bool(_LAW.search(sentence)) and bool(re.search(r"\d|[A-Z]\w+ [A-Z]", sentence))
    if kind == Kind.WHO:
        named = [m.group(0) for m in _CAPITALISED.finditer(sentence)]
        named = [n for n in named if n not in _MONTH_NUMBER]
        new = [n for n in named if not _stems(n) <= set(question.terms)]
        roles = [w for w in words_of(sentence) if w in ROLES and stem(w) not in question.terms]
        return bool(new or roles)
    return True


# --- reading the passages --------------------------------------------------------------------


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
    position: int
    hit: PassageHit
    index: int
    said: list[str]


def _weights(question: Question, corpus: Corpus) -> dict[str, float]:
    """How much each term says: its rarity in the passages. A word the sources never use weighs
    most (a question about it is about something else), unless shorthand says what it means."""
    weights = {}
    for term in question.terms:
        said = [t for t in {term, *question.alternatives.get(term, ())} if t in corpus.frequency]
        weights[term] = max((corpus.idf(t) for t in said), default=corpus.idf(term))
        weights[term] = max(weights[term], 0.2)
    return weights


def _covered(question: Question, weights: dict[str, float], stems: set[str]) -> tuple[float, float]:
    total = sum(weights.values()) or 1.0
    got = sum(
        w
        for t, w in weights.items()
        if t in stems or not stems.isdisjoint(question.alternatives.get(t, ()))
    )
    return got, min(got / total, 1.0)


def read(question: Question, hits: Sequence[PassageHit], corpus: Corpus) -> Reading | None:
    """The best answer the passages give, or None."""
    if not question.terms:
        return None
    weights = _weights(question, corpus)
    candidates: list[_Candidate] = []
    for rank, hit in enumerate(hits):
        said = sentences(squeeze(hit.text))
        heading = _stems(f"{hit.section} {hit.title or ''}")
        passage = _stems(hit.text)
        for index, sentence in enumerate(said):
            own = _stems(sentence)
            # The sentence around it (a lead-in ending with a colon, the sentence before) and the
            # heading count, a little: "the delegation" is named there, not in "We met freely".
            before = _stems(said[index - 1]) if index else set()
            score, coverage = _covered(question, weights, own)
            _, wider = _covered(question, weights, own | heading | before)
            _, widest = _covered(question, weights, own | heading | passage)
            coverage = max(coverage, 0.85 * wider, 0.7 * widest)
            score = score + 0.3 * _covered(question, weights, heading | before)[0]
            score -= 0.02 * rank + len(sentence) / 2000
            candidates.append(_Candidate(score, coverage, rank, hit, index, said))
    if not candidates:
        return None
    candidates.sort(key=lambda c: (c.coverage >= COVERAGE, c.score), reverse=True)
    fitting = [
        c
        for c in candidates
        if c.coverage >= COVERAGE and _has_kind(question.kind, c.said[c.index], question)
    ]
    if question.kind == Kind.DEFINE and question.abbreviation in corpus.abbreviations:
        meaning = corpus.abbreviations[question.abbreviation]
        defining = [c for c in candidates if meaning in c.said[c.index]]
        if defining:
            best = defining[0]
            text = f"{question.abbreviation.upper()} stands for {meaning}."
            return Reading(text, best.hit, best.said[best.index], tuple(question.terms))
    if not fitting:
        if question.kind == Kind.COUNT and candidates[0].coverage >= 0.8:
            best = candidates[0]
            excerpt = _excerpt(best, question)
            text = f"The records give no number for that. What they say: {excerpt}"
            return Reading(text, best.hit, excerpt, tuple(question.terms))
        return None
    best = fitting[0]
    excerpt = _excerpt(best, question)
    text = excerpt
    if question.kind == Kind.WHEN:
        when = _when(best.said[best.index])
        text = f"{when}: {excerpt}"
    return Reading(text, best.hit, excerpt, tuple(question.terms))


def _excerpt(best: _Candidate, question: Question) -> str:
    """The sentence that answers, with the next one when it only leads in ("…include:") or is
    too short to stand alone; cut to `MAX_ANSWER` around what was asked."""
    said = best.said
    text = said[best.index]
    follow = best.index + 1
    while follow < len(said) and (text.endswith(":") or len(text) < 60):
        if len(text) + len(said[follow]) + 1 > MAX_ANSWER:
            break
        text = f"{text} {said[follow]}"
        follow += 1
    return _cut(text, question)


def _cut(text: str, question: Question) -> str:
    if len(text) <= MAX_ANSWER:
        return text
    # Start at the first clause that says something asked about, when that is far in.
    first = len(text)
    for word in re.finditer(r"[\w’'-]+", text):
        if stem(word.group(0).lower()) in question.terms and word.start() < first:
            first = word.start()
            break
    start = 0
    if first > MAX_ANSWER - 120:
        clause = max(text.rfind(", ", 0, first), text.rfind("; ", 0, first))
        start = clause + 2 if clause > 0 else first
    piece = text[start:]
    if len(piece) > MAX_ANSWER - 2:
        piece = piece[: MAX_ANSWER - 2].rsplit(" ", 1)[0].rstrip(",;:") + " …"
    return ("… " if start else "") + piece


def when_of(text: str) -> str:
    """The first date in `text`, as `dates` shows dates."""
    return _when(text)


__all__ += ["abbreviations", "build_corpus", "when_of"]
_ = dates  # the same formats as the tables' dates
