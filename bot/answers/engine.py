"""Question answering over the store: the fact asked for first, then its source and date.

Questions about when, where, who, how many, the recommendations and their status, the timeline, the
next meeting and the letter are answered from the tables; anything else from ranked full-text
search over the source passages. A question whose words the records do not contain, or whose best
evidence covers too little of it, gets an honest "I don't know" (`found=False`), never a guess.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlmodel import Session, col, func, select

from bot.answers.vocabulary import (
    ANAPHORA,
    GENERIC,
    INTENT_WORDS,
    MONTHS,
    NUMBER_WORDS,
    STOPWORDS,
    SYNONYMS,
    UBIQUITOUS,
)
from bot.answers.vocabulary import words as _words
from bot.kit import dates
from bot.kit.mrkdwn import clean
from storage.models import (
    EventKind,
    HistoryEvent,
    Letter,
    Meeting,
    MeetingStatus,
    RecommendationSource,
    Signature,
    SourcePassage,
    utcnow,
)
from storage.recommendations import TrackedRecommendation, normalize_ref, tracked
from storage.search import PassageHit, search_passages

__all__ = ["MAX_QUESTION", "Answer", "Source", "answer_question"]

MAX_QUESTION = 2000  # longer questions are cut: no one asks 10,000 characters' worth
VOCABULARY_PASSAGES = 3000  # the passages whose words are the spelling dictionary

# --- words ------------------------------------------------------------------------------------

_TOKEN = re.compile(r"[0-9a-z]+")
_SLACK_MARKUP = re.compile(r"<[@#!][^>]*>|<(?:[^<>|]+\|)?([^<>]*)>")
_REF = re.compile(r"\b(un|rt)\s*[-_ ]?\s*\(?([a-z]|\d{1,2})\)?(?![a-z0-9])", re.IGNORECASE)
_LABEL = re.compile(
    r"\brec(?:ommendation)?s?\s*(?:no\.?|number|#)?\s*\(?([a-e]|\d{1,2})\)?(?![a-z0-9])",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d|\b(?:" + "|".join(NUMBER_WORDS) + r")\b", re.IGNORECASE)
_WHEN = ("what date", "which date", "what year", "which year", "what day", "what month",
         "since when", "how long ago", "what time", "date of", "until when")  # fmt: skip
_WHERE = ("which city", "which cities", "what city", "what place", "which place", "where did",
          "where was", "where were", "where is", "location of")  # fmt: skip
_YEAR = re.compile(r"^(19|20)\d\d$")


def _stem(word: str) -> str:
    """A deliberately light stemmer: plurals and -ed/-ing, enough to match people's forms."""
    for suffix, replacement in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if len(word) > len(suffix) + 3 and word.endswith(suffix) and not word.endswith("ss"):
            word = word[: -len(suffix)] + replacement
            break
    # "continue" and "continued", "invite" and "invited" share "continu", "invit".
    return word[:-1] if len(word) > 4 and word.endswith("e") else word


# The same lists as stems, for comparing with a question's stems.
_COMMON = frozenset(_stem(w) for w in UBIQUITOUS)
_MONTH_STEMS = frozenset(_stem(w) for w in MONTHS)
_GENERIC_STEMS = frozenset(_stem(w) for w in GENERIC)


def words_of(text: str) -> list[str]:
    text = text.lower().replace("’", "'").replace("'s", "").replace("\u00a0", " ")
    return _TOKEN.findall(text)


def _apply_synonyms(tokens: Sequence[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for length in (3, 2, 1):
            key = tuple(tokens[i : i + length])
            if len(key) == length and key in SYNONYMS:
                out.extend(SYNONYMS[key])
                i += length
                break
        else:
            out.append(tokens[i])
            i += 1
    return out


# --- answers ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    title: str
    date: dt.date | None  # only a date the source gives to the day
    excerpt: str
    span: str = (
        ""  # how people read the date when it is more than a day ("25 March – 4 April 2014")
    )

    @property
    def when(self) -> str:
        return self.span or (dates.day(self.date) if self.date else "")

    def as_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "excerpt": self.excerpt,
        }


@dataclass(frozen=True)
class Answer:
    """`text` is plain text (escape it before showing it in Slack); `topic` is what a follow-up in
    the same thread may refer to ("event:<slug>", "rec:<ref>")."""

    text: str
    found: bool
    sources: tuple[Source, ...] = ()
    topic: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "answer": self.text,
            "found": self.found,
            "sources": [source.as_json() for source in self.sources],
        }


NOT_FOUND = (
    "I don't know: nothing in the coalition's records answers that. I can ask a coordinator for"
    " you, or try `/roundtable history` for the timeline of the dialogue."
)


# A figure in an answer: digits, or a number the report spells out ("a five-member delegation").
_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
    r"|thirty|forty|fifty|hundred|dozen)\b",
    re.IGNORECASE,
)


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _has_count(text: str) -> bool:
    """Whether `text` gives a figure; years ("its 2013 Annual Report") are not one."""
    return bool(_NUMBER.search(_YEAR.sub(" ", text)))


def not_found(text: str = NOT_FOUND) -> Answer:
    return Answer(text, False)


# --- what the store knows ---------------------------------------------------------------------


@dataclass
class _Event:
    event: HistoryEvent
    passages: list[SourcePassage]
    stems: set[str] = field(default_factory=set)

    @property
    def when(self) -> str:
        e = self.event
        return dates.event_date(e.date, e.end_date, e.date_precision)

    def source(self, excerpt: str) -> Source:
        e = self.event
        title = e.title
        if e.date is not None and e.date_precision != "day":
            title = f"{title} ({self.when})"
        # Only a date the source gives to the day is given as a day.
        day = e.date if e.date_precision == "day" else None
        span = self.when if day is not None and e.end_date not in (None, e.date) else ""
        return Source(title, day, excerpt, span)


@dataclass
class _Knowledge:
    events: list[_Event]
    recommendations: list[TrackedRecommendation]
    rec_stems: dict[str, set[str]]
    vocabulary: frozenset[str]
    stem_frequency: dict[str, int]  # in how many events (and recommendations) a stem occurs
    known_stems: frozenset[str] = frozenset()

    def idf(self, stem: str) -> float:
        documents = len(self.events) + len(self.recommendations)
        return math.log((documents + 1) / (self.stem_frequency.get(stem, 0) + 0.5))

    def event(self, event_id: int | None) -> _Event | None:
        return next((e for e in self.events if e.event.id == event_id), None)


def _stems(texts: Iterable[str]) -> set[str]:
    return {_stem(word) for text in texts for word in _apply_synonyms(words_of(text))}


def _event_texts(event: HistoryEvent, passages: Sequence[SourcePassage]) -> list[str]:
    return [
        event.title,
        event.place,
        event.summary,
        *event.participants,
        *event.key_points,
        *(p.text for p in passages),
    ]


_vocabulary_cache: dict[tuple[int, int, int], frozenset[str]] = {}


def _vocabulary(session: Session, texts: list[str]) -> frozenset[str]:
    """Every word of the records (and of the first passages), the dictionary spelling mistakes
    are corrected against; rebuilt only when passages are added."""
    newest = session.exec(select(func.max(SourcePassage.id))).one() or 0
    key = (id(session.get_bind()), int(newest), len(texts))
    if key not in _vocabulary_cache:
        passages = session.exec(
            select(SourcePassage.text).order_by(col(SourcePassage.id)).limit(VOCABULARY_PASSAGES)
        ).all()
        words = {w for text in [*texts, *passages] for w in words_of(text)}
        words |= {w for value in SYNONYMS.values() for w in value}
        _vocabulary_cache.clear()
        _vocabulary_cache[key] = frozenset(words)
    return _vocabulary_cache[key]


def _knowledge(session: Session) -> _Knowledge:
    events = session.exec(select(HistoryEvent).order_by(col(HistoryEvent.id))).all()
    linked = session.exec(
        select(SourcePassage)
        .where(col(SourcePassage.event_id).is_not(None))
        .order_by(col(SourcePassage.position))
    ).all()
    by_event: dict[int, list[SourcePassage]] = {}
    for passage in linked:
        by_event.setdefault(passage.event_id or 0, []).append(passage)
    known = [_Event(e, by_event.get(e.id or 0, [])) for e in events]
    frequency: dict[str, int] = {}
    all_texts: list[str] = []
    for item in known:
        texts = _event_texts(item.event, item.passages)
        all_texts += texts
        item.stems = _stems(texts)
        for stem in item.stems:
            frequency[stem] = frequency.get(stem, 0) + 1
    recommendations = tracked(session)
    rec_stems = {}
    for rec in recommendations:
        rec_stems[rec.recommendation.ref] = _stems([rec.recommendation.text])
        all_texts.append(rec.recommendation.text)
        for stem in rec_stems[rec.recommendation.ref]:
            frequency[stem] = frequency.get(stem, 0) + 1
    vocabulary = _vocabulary(session, all_texts)
    known_stems = frozenset({_stem(w) for w in vocabulary} | set(frequency))
    return _Knowledge(known, recommendations, rec_stems, vocabulary, frequency, known_stems)


_NOT_CORRECTED = STOPWORDS | INTENT_WORDS
# Words that ask for a kind of answer ("when", "status") find nothing in the text; "first" and
# "recent" do ("The Most Recent Discussion").
_NOT_SEARCHED = INTENT_WORDS - {"first", "recent"}


@lru_cache(maxsize=4096)
def _correct(word: str, vocabulary: frozenset[str]) -> str:
    if word in vocabulary or word in _NOT_CORRECTED or len(word) < 5 or word.isdigit():
        return word
    # 0.88 catches one slip in a word ("Kazakstan", "goverment") but not a different word that
    # shares letters ("cities" is not "citizens", "president" not "present").
    close = difflib.get_close_matches(word, _sorted(vocabulary), n=1, cutoff=0.88)
    if close:
        return close[0]
    # Another form of a word the records use ("chairs" for "chairman"): the shortest one.
    root = _stem(word)
    longer = [w for w in _sorted(vocabulary) if len(root) >= 5 and w.startswith(root)]
    return min(longer, key=len) if longer else word


@lru_cache(maxsize=4)
def _sorted(vocabulary: frozenset[str]) -> list[str]:
    return sorted(w for w in vocabulary if len(w) >= 3)


# --- reading the question ---------------------------------------------------------------------


@dataclass
class _Question:
    raw: str
    words: list[str]  # corrected and with synonyms applied
    content: list[str]  # stems of the words that say what the question is about
    unknown: list[str]  # content words that no record contains

    def has(self, *phrases: str) -> bool:
        text = " " + " ".join(self.words) + " "
        return any(f" {phrase} " in text for phrase in phrases)


def _read(raw: str, knowledge: _Knowledge) -> _Question:
    # Synonyms first ("talks" is the coalition's "dialogue", not a misspelling of "takes"), then
    # spelling, then synonyms again for the corrected words.
    tokens = _apply_synonyms(words_of(raw))
    words = _apply_synonyms([_correct(w, knowledge.vocabulary) for w in tokens])
    content = [w for w in words if w not in STOPWORDS and w not in INTENT_WORDS]
    stems = list(dict.fromkeys(_stem(w) for w in content))
    known_stems = knowledge.known_stems
    unknown = [s for s in stems if s not in known_stems]
    # A word no record contains means the question is about something the records do not cover
    # (France, the Pope, a budget, 2019), unless it is one of the everyday verbs people wrap a
    # question in ("join", "single out", "according to").
    missing = [s for s in unknown if s not in _GENERIC_STEMS]
    if missing:
        return _Question(raw, words, stems, missing)
    return _Question(raw, words, [s for s in stems if s not in unknown], [])


def _weight(stems: Iterable[str], knowledge: _Knowledge) -> float:
    return sum(0.3 if s in _COMMON else max(knowledge.idf(s), 0.3) for s in stems)


def _coverage(question: _Question, stems: set[str], knowledge: _Knowledge) -> float:
    total = _weight(question.content, knowledge)
    if total == 0:
        return 0.0
    return _weight([s for s in question.content if s in stems], knowledge) / total


# --- the answer -------------------------------------------------------------------------------


def answer_question(session: Session, text: str, topic: str = "") -> Answer:
    """Answer `text`; `topic` is the previous answer's topic, which a follow-up may lean on."""
    raw = clean(_SLACK_MARKUP.sub(lambda m: m.group(1) or " ", text), MAX_QUESTION)
    if not words_of(raw):
        return not_found(
            "Ask me a question about the dialogue or the recommendations, for example"
            " “When did the dialogue begin?” or “What is the status of RT-3?”"
        )
    knowledge = _knowledge(session)
    # "RT-3" is a name, not words: read it as "recommendation" (the reference is matched later).
    question = _read(_REF.sub(" recommendation ", raw), knowledge)
    question.raw = raw
    return _Answerer(
        session, knowledge, question, topic if _is_follow_up(question) else ""
    ).answer()


def _is_follow_up(question: _Question) -> bool:
    """ "And who led it?", "what about the ARA?": a question that leans on the one before."""
    first = question.words[0] if question.words else ""
    return (
        first in ("and", "so", "also", "then")
        or question.has("what about", "how about")
        or any(w in ANAPHORA for w in question.words)
    )


class _Answerer:
    def __init__(
        self, session: Session, knowledge: _Knowledge, question: _Question, topic: str
    ) -> None:
        self.session = session
        self.knowledge = knowledge
        self.q = question
        self.topic = topic

    # -- routing

    def answer(self) -> Answer:
        found = self._route()
        if found.found and self.q.has("how many") and not _has_count(found.text):
            # Asked for a number, the best passage has none: say so first, then what the records
            # do say, rather than quote the passage as if it gave the figure.
            return Answer(
                f"The records give no number for that. What they say: {found.text}",
                True,
                found.sources,
                found.topic,
            )
        return found

    def _route(self) -> Answer:
        q = self.q
        if q.unknown:
            return not_found()
        rec = self._recommendation()
        if rec is not None and (self._asks_status() or not q.has("when", "where", "who")):
            return self._status(rec)
        if q.has("recommendation", "recommend", "recommendations"):
            return self._recommendations()
        if q.has("next", "upcoming", "scheduled", "schedule") and q.has("meeting", "dialogue"):
            return self._next_meeting()
        if q.has("letter") or (q.has("signed") and not q.has("law")):
            return self._letter()
        if q.has("timeline", "chronology", "overview", "history", "recap", "summary") or (
            not q.content and q.has("happened")
        ):
            return self._timeline()
        return self._about_an_event()

    # -- recommendations

    def _asks_status(self) -> bool:
        return self.q.has(
            "status", "stand", "stands", "standing", "progress", "implemented", "implementation",
            "accepted", "adopted", "declined", "rejected", "response", "responded", "outcome",
            "update", "open", "happened",
        )  # fmt: skip

    def _recommendation(self) -> TrackedRecommendation | None:
        by_ref = {r.recommendation.ref.lower(): r for r in self.knowledge.recommendations}
        match = _REF.search(self.q.raw) or _LABEL.search(self.q.raw)
        if match:
            if match.lastindex == 2:
                ref = normalize_ref(match.group(1) + "-" + match.group(2))
            else:
                label = match.group(1)
                ref = normalize_ref(("RT-" if label.isdigit() else "UN-") + label)
            if ref.lower() in by_ref:
                return by_ref[ref.lower()]
        if self.topic.startswith("rec:") and self._asks_status():
            return by_ref.get(self.topic.removeprefix("rec:").lower())
        if not (self._asks_status() or self.q.has("recommendation", "recommend")):
            return None
        # By what it is about: the recommendation whose text covers the question best.
        scored = []
        for rec in self.knowledge.recommendations:
            stems = self.knowledge.rec_stems[rec.recommendation.ref]
            about = [s for s in self.q.content if s not in _COMMON and s != "recommendation"]
            if not about:
                continue
            hit = _weight([s for s in about if s in stems], self.knowledge)
            scored.append((hit / _weight(about, self.knowledge), hit, rec))
        scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
        if scored and scored[0][0] >= 0.6 and (len(scored) == 1 or scored[0][1] > scored[1][1]):
            return scored[0][2]
        return None

    def _status(self, rec: TrackedRecommendation) -> Answer:
        r = rec.recommendation
        current = rec.current
        sources = [self._rec_source(rec)]
        if current is None:
            text = f"{r.ref} has no status recorded yet."
        else:
            text = (
                f"{r.ref} is {current.status}, as of {dates.day(current.as_of)}."
                f" Evidence: “{current.evidence}”"
            )
            sources.insert(
                0, Source(f"Status of {r.ref}: {current.status}", current.as_of, current.evidence)
            )
        text += f" {r.ref} is recommendation {r.label} of {rec.made_by}: “{_brief(r.text, 240)}”"
        return Answer(text, True, tuple(sources), f"rec:{r.ref}")

    def _rec_source(self, rec: TrackedRecommendation) -> Source:
        event = rec.source_event
        title = event.title if event else f"Recommendations of {rec.made_by}"
        return Source(title, event.date if event else None, _brief(rec.recommendation.text, 300))

    def _recommendations(self) -> Answer:
        q = self.q
        items = self.knowledge.recommendations
        if q.has("special", "rapporteur", "un", "bielefeldt"):
            items = [
                r
                for r in items
                if r.recommendation.made_by == RecommendationSource.UN_SPECIAL_RAPPORTEUR
            ]
        elif q.has("delegation", "trip", "roundtable", "our", "we", "irf", "coalition"):
            items = [
                r
                for r in items
                if r.recommendation.made_by == RecommendationSource.ROUNDTABLE_DELEGATION
            ]
        # "the registration recommendations": those that say most of what the question is about.
        about = [s for s in q.content if s not in _COMMON and s not in _WHO_RECOMMENDS]
        if about:
            overlap = {
                r.recommendation.ref: _weight(
                    [s for s in about if s in self.knowledge.rec_stems[r.recommendation.ref]],
                    self.knowledge,
                )
                for r in items
            }
            best = max(overlap.values(), default=0.0)
            if best > 0:
                items = [r for r in items if overlap[r.recommendation.ref] == best]
        wanted = [s for s in _STATUS_WORDS if q.has(*_STATUS_WORDS[s])]
        if "partially implemented" in wanted and "implemented" in wanted:
            wanted.remove("implemented")
        if wanted:
            items = [r for r in items if r.status in wanted]
        if not items:
            which = " or ".join(wanted) or "matching"
            return Answer(f"No recommendation is {which} in my records.", True, ())
        count = f"{len(items)} recommendation{'s' if len(items) != 1 else ''}"
        lines = [
            f"{r.recommendation.ref} ({r.status}, as of {dates.day(r.current.as_of)}):"
            f" {_brief(r.recommendation.text, 110)}"
            if r.current
            else f"{r.recommendation.ref}: {_brief(r.recommendation.text, 110)}"
            for r in items
        ]
        text = f"{count}: " + " • ".join(lines)
        sources = tuple(dict.fromkeys(self._rec_source(r) for r in items))
        return Answer(text, True, sources[:3] or (), "")

    # -- meetings, letter, timeline

    def _next_meeting(self) -> Answer:
        upcoming = self.session.exec(
            select(Meeting)
            .where(Meeting.status == MeetingStatus.SCHEDULED, col(Meeting.starts_at) > utcnow())
            .order_by(col(Meeting.starts_at))
            .limit(1)
        ).first()
        if upcoming is not None:
            when = dates.local_time(upcoming.starts_at, upcoming.timezone)
            place = f", {upcoming.place}" if upcoming.place else ""
            text = f"The next meeting is “{upcoming.title}”: {when}{place}."
            source = Source("Roundtable Bot's meeting schedule", upcoming.starts_at.date(), text)
            return Answer(text, True, (source,), "")
        last = [e for e in self.knowledge.events if e.event.kind == EventKind.DIALOGUE]
        last = [e for e in last if e.event.date is not None]
        text = "No upcoming meeting is scheduled in my records."
        sources: tuple[Source, ...] = ()
        if last:
            latest = max(last, key=lambda e: e.event.date or dt.date.min)
            text += f" The latest meeting on record was on {latest.when}: {latest.event.title}."
            sources = (latest.source(_brief(latest.event.summary, 300)),)
        return Answer(text, True, sources, "")

    def _letter(self) -> Answer:
        letters = self.session.exec(select(Letter).order_by(col(Letter.id))).all()
        if not letters:
            return not_found()
        # The letter whose title says most of the question; the first (the 2012 letter) on a tie.
        letter = max(
            letters,
            key=lambda each: (
                _coverage(self.q, _stems([each.title, each.addressees]), self.knowledge),
                -(each.id or 0),
            ),
        )
        signed = self.session.exec(
            select(func.count())
            .select_from(Signature)
            .where(Signature.letter_id == letter.id, col(Signature.withdrawn_at).is_(None))
        ).one()
        when = f"{letter.created_at:%B %Y}"
        who = letter.recorded_signers or f"{signed} people"
        text = f"{who[0].upper()}{who[1:]} signed the “{letter.title}” ({when})."
        if signed and letter.recorded_signers:
            text += f" {signed} signatures are recorded in Slack."
        source = Source(f"{letter.title} ({when})", None, f"{letter.recorded_signers}".strip())
        coalition = next((e for e in self.knowledge.events if "letter" in e.stems), None)
        sources = (
            (source, coalition.source(_brief(coalition.event.summary, 300)))
            if coalition
            else (source,)
        )
        return Answer(text, True, sources, "")

    def _timeline(self) -> Answer:
        events = [
            e for e in self.knowledge.events if e.event.kind == EventKind.DIALOGUE and e.event.date
        ]
        events.sort(key=lambda e: e.event.date or dt.date.min)
        if not events:
            return not_found()
        steps = "; ".join(f"{e.when}: {e.event.title}" for e in events)
        text = f"The dialogue in {len(events)} steps: {steps}."
        return Answer(text, True, tuple(e.source(_brief(e.event.summary, 200)) for e in events))

    # -- events and passages

    def _ranked(self, hits: Sequence[PassageHit]) -> list[tuple[float, _Event]]:
        """The events the question is most likely about, best first; `hits` are the passages
        tied to events that best match it."""
        if self.topic.startswith("event:"):
            slug = self.topic.removeprefix("event:")
            for item in self.knowledge.events:
                if item.event.slug == slug:
                    return [(1.0, item)]
        search_bonus: dict[int, float] = {}
        for rank, hit in enumerate(hits[:5]):
            search_bonus.setdefault(hit.event_id or 0, 0.3 / (rank + 1))
        ranked = []
        for item in self.knowledge.events:
            score = _coverage(self.q, item.stems, self.knowledge) + search_bonus.get(
                item.event.id or 0, 0.0
            )
            if item.event.kind == EventKind.DIALOGUE:
                score += 0.05  # the steps of the dialogue itself are what most questions are about
            ranked.append((score, item))
        ranked.sort(key=lambda pair: pair[0], reverse=True)
        return ranked

    def _about_an_event(self) -> Answer:
        q = self.q
        # Words in nearly every passage rank nothing and make the search read every row.
        asked = [w for w in q.words if w not in STOPWORDS and w not in _NOT_SEARCHED]
        words = [w for w in asked if w not in UBIQUITOUS] or asked
        ranked = self._ranked(search_passages(self.session, words, limit=5, linked=True))
        if not ranked or ranked[0][0] < 0.5:
            return self._from_passages(words)
        score, target = ranked[0]
        close = [item for s, item in ranked if s >= score - 0.3]
        if _coverage(q, target.stems, self.knowledge) < 0.85:
            # The best event leaves a good part of the question unsaid: only a passage that says
            # it all will do.
            return self._from_passages(words)
        if "when" in q.words[:3] or q.has(*_WHEN):
            return self._when(next((e for e in close if e.event.date), target))
        if "where" in q.words[:3] or q.has(*_WHERE):
            located = next((e for e in close if e.event.place), None)
            if located is not None:
                text = f"{located.event.place}: {located.event.title}, {located.when}."
                return self._event_answer(located, text)
        if q.has("how many", "number", "count", "total", "old"):
            found = self._best_passage(close, require_number=True)
            if found:
                return self._event_answer(found[1], found[0], quote=False)
        if q.has("who", "whom", "whose"):
            return self._who(close)
        return self._from_passages(words, target)

    def _when(self, target: _Event) -> Answer:
        e = target.event
        if e.date is None:
            best = self._best_passage([target])
            return Answer(
                f"The records give no date for “{e.title}”.",
                False,
                (target.source(best[0] if best else _brief(e.summary, 300)),),
                f"event:{e.slug}",
            )
        text = f"{target.when[:1].upper()}{target.when[1:]}: {e.title}."
        return self._event_answer(target, text)

    def _who(self, close: Sequence[_Event]) -> Answer:
        """Who did what (a passage that says "led", "hosted", "invited"), or who took part."""
        about = [s for s in self.q.content if s not in _COMMON]
        best = self._best_passage(close)
        people = max(
            close, key=lambda e: _coverage(self.q, _stems(e.event.participants), self.knowledge)
        )
        named = _stems(people.event.participants)
        if best and any(s in _stems([best[0]]) and s not in named for s in about):
            return self._event_answer(best[1], best[0], quote=False)
        listed = "; ".join(people.event.participants)
        text = f"{listed[:1].upper()}{listed[1:]} ({people.event.title}, {people.when})."
        return self._event_answer(people, text)

    def _event_answer(self, target: _Event, text: str, quote: bool = True) -> Answer:
        best = self._best_passage([target])
        excerpt = best[0] if best else _brief(target.event.summary, 300)
        text = text[:1].upper() + text[1:]
        if quote and excerpt not in text:
            text = f"{text} The source says: “{excerpt}”"
        if target.event.date and target.when not in text:
            text = f"{text} ({target.when})"
        return Answer(text, True, (target.source(excerpt),), f"event:{target.event.slug}")

    def _best_passage(
        self, targets: Sequence[_Event], require_number: bool = False
    ) -> tuple[str, _Event] | None:
        """The passage (or key point) of these events that says most of what the question asks."""
        best: tuple[float, str, _Event] | None = None
        # Dates name the event, they are not what is asked about it.
        wanted = {s for s in self.q.content if not (_YEAR.match(s) or s in _MONTH_STEMS)}
        for target in targets:
            for text in [*(p.text for p in target.passages), *target.event.key_points]:
                text = _squeeze(text)
                if require_number and not _NUMBER.search(text):
                    continue
                stems = _stems([text])
                score = _weight([s for s in wanted if s in stems], self.knowledge)
                score -= len(text) / 4000  # the shorter of two that say as much
                if best is None or score > best[0]:
                    best = (score, text, target)
        if best is None:
            return None
        if best[0] <= 0 and best[2].passages:
            # Nothing in particular asked about the event: its opening passage tells what it was.
            return _squeeze(best[2].passages[0].text), best[2]
        return best[1], best[2]

    def _from_passages(self, words: Sequence[str], target: _Event | None = None) -> Answer:
        """The passage that says most of what the question asks, if it says enough of it: the
        event's own, else the best of a full-text search over every passage."""
        if target is not None:
            best = self._best_passage([target])
            if best and _coverage(self.q, target.stems, self.knowledge) >= 0.85:
                return self._event_answer(target, best[0], quote=False)
        candidates = []
        for rank, hit in enumerate(search_passages(self.session, words, limit=40)):
            event = self.knowledge.event(hit.event_id)
            context = _stems([hit.text]) | (event.stems if event else set())
            if _coverage(self.q, context, self.knowledge) < 0.85:
                continue
            phrases = self._phrases(hit.text)
            if event is None and phrases == 0 and len(self.q.content) > 1:
                # A passage tied to no event must say at least two of the question's words side
                # by side: words merely scattered through it ("climate" here, "change" there) do
                # not answer a question about "climate change".
                continue
            # Among passages that cover the question, the one that says it in so many words (its
            # word pairs in order), then one tied to an event, then the search's rank.
            candidates.append((-phrases, event is None, rank, hit, event))
        if not candidates:
            return not_found()
        *_, hit, event = min(candidates, key=lambda c: c[:3])
        excerpt = _squeeze(hit.text)
        if event is not None:
            return self._event_answer(event, excerpt, quote=False)
        title = "The coalition's report"
        if hit.section:
            title += f", “{hit.section}”"
        return Answer(excerpt, True, (Source(title, None, excerpt),), "")

    def _phrases(self, text: str) -> int:
        """How many pairs of the question's words stand side by side in `text`."""
        words = [_stem(w) for w in _apply_synonyms(words_of(text))]
        pairs = set(itertools.pairwise(words))
        return sum(pair in pairs for pair in itertools.pairwise(self.q.content))


# Words that say whose recommendations, not what they are about.
_WHO_RECOMMENDS = frozenset(
    _stem(w)
    for w in _words(
        """recommendation recommend special rapporteur un bielefeldt delegation trip roundtable
        our we irf coalition list all still"""
    )
)
_STATUS_WORDS: dict[str, tuple[str, ...]] = {
    "open": ("open", "unanswered", "pending", "outstanding"),
    "acknowledged": ("acknowledged",),
    "in progress": ("in progress", "progress", "underway"),
    "partially implemented": ("partially", "partly", "partial"),
    "implemented": ("implemented", "done", "completed", "fulfilled"),
    "declined": ("declined", "rejected", "refused"),
}


def _squeeze(text: str) -> str:
    """The report's no-break spaces and runs of white space as single spaces."""
    return " ".join(text.replace("\u00a0", " ").split())


def _brief(text: str, limit: int) -> str:
    text = _squeeze(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
