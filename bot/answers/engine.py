"""Question answering over the store: the fact asked for first, then its source and date.

Recommendations and their status, the timeline, the next meeting and the letters are answered
from the tables; anything else by the reader (`bot.answers.reader`) from the passages the store's
full-text search ranks best. A question no passage answers with the kind of fact it asks for gets
an honest "I don't know" (`found=False`), never a guess. Quotation marks hold only the sources'
own words: a record keeper's note is shown as a note.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, func, select

from bot.answers.reader import (
    Corpus,
    Kind,
    Question,
    Reading,
    build_corpus,
    read,
    read_question,
    stem,
    words_of,
)
from bot.answers.vocabulary import ANAPHORA, words
from bot.kit import dates
from bot.kit.mrkdwn import clean
from storage.documents import squeeze
from storage.models import (
    Document,
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

__all__ = ["MAX_QUESTION", "Answer", "Source", "answer_question", "words_of"]

MAX_QUESTION = 2000  # longer questions are cut: no one asks 10,000 characters' worth
CORPUS_PASSAGES = 5000  # the passages word statistics and spelling are learnt from
SEARCHED = 8  # passages the reader reads
QUERY_WORDS = 12  # at most this many words go to the full-text search

_SLACK_MARKUP = re.compile(r"<[@#!][^>]*>|<(?:[^<>|]+\|)?([^<>]*)>")
_REF = re.compile(r"\b(un|rt)\s*[-_ ]?\s*\(?([a-z]|\d{1,2})\)?(?![a-z0-9])", re.IGNORECASE)
_LABEL = re.compile(
    r"\brec(?:ommendation)?s?\s*(?:no\.?|number|#)?\s*\(?([a-e]|\d{1,2})\)?(?![a-z0-9])",
    re.IGNORECASE,
)


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
    the same thread may refer to ("about:<words>", "rec:<ref>")."""

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
ASK_SOMETHING = (
    "Ask me a question about the dialogue or the recommendations, for example"
    " “When did the dialogue begin?” or “What is the status of RT-3?”"
)
WHOLE_QUESTION = (
    "I'm not sure what that refers to: ask me the whole question, for example"
    " “Who attended the most recent meeting?”"
)


def not_found(text: str = NOT_FOUND) -> Answer:
    return Answer(text, False)


# --- what the store knows, kept until the records change ---------------------------------------


@dataclass(frozen=True)
class _Knowledge:
    corpus: Corpus
    documents: tuple[str, ...]  # every document's text, squeezed: what a quotation must be in


_cache: dict[tuple[int, int, int], _Knowledge] = {}


def _knowledge(session: Session) -> _Knowledge:
    """Word statistics, spelling and the documents' texts: rebuilt only when passages or
    documents are added, never for a question."""
    newest = session.exec(select(func.max(SourcePassage.id))).one() or 0
    documents = session.exec(select(func.max(Document.id))).one() or 0
    key = (id(session.get_bind()), int(newest), int(documents))
    if key not in _cache:
        texts = session.exec(
            select(SourcePassage.text).order_by(col(SourcePassage.id)).limit(CORPUS_PASSAGES)
        ).all()
        full = session.exec(select(Document.text)).all()
        _cache.clear()
        _cache[key] = _Knowledge(build_corpus(texts), tuple(squeeze(t) for t in full))
    return _cache[key]


def is_verbatim(text: str, knowledge: _Knowledge) -> bool:
    """Whether every piece of `text` between ellipses is in a source's own words."""
    pieces = [p.strip(" .,;:") for p in squeeze(text).split("…")]
    pieces = [p for p in pieces if len(p) >= 3]
    return bool(pieces) and all(any(p in doc for doc in knowledge.documents) for p in pieces)


# --- the answer -------------------------------------------------------------------------------


def answer_question(session: Session, text: str, topic: str = "") -> Answer:
    """Answer `text`; `topic` is the previous answer's topic, which a follow-up may lean on."""
    raw = clean(html.unescape(_SLACK_MARKUP.sub(lambda m: m.group(1) or " ", text)), MAX_QUESTION)
    if not words_of(raw):
        return not_found(ASK_SOMETHING)
    knowledge = _knowledge(session)
    follow_up = _is_follow_up(raw)
    context: list[str] = []
    if follow_up and topic.startswith("about:"):
        context = topic.removeprefix("about:").split()
    # "RT-3" is a name, not words: read it as "recommendation" (the reference is matched later).
    question = read_question(_REF.sub(" recommendation ", raw), knowledge.corpus, context)
    question.raw = raw
    answerer = _Answerer(session, knowledge, question, topic if follow_up else "", follow_up)
    return answerer.answer()


def _is_follow_up(raw: str) -> bool:
    """ "And who led it?", "what about the ARA?", "and when?": a question that leans on the one
    before."""
    typed = words_of(raw)
    first = typed[0] if typed else ""
    text = " " + " ".join(typed) + " "
    return (
        first in ("and", "so", "also", "then", "but")
        or " what about " in text
        or " how about " in text
        or any(w in ANAPHORA for w in typed)
    )


def _thin(question: Question) -> bool:
    """Too little said to answer without the question before: at most one word of substance."""
    return len(question.terms) <= 1


class _Answerer:
    def __init__(
        self,
        session: Session,
        knowledge: _Knowledge,
        question: Question,
        topic: str,
        follow_up: bool = False,
    ) -> None:
        self.follow_up = follow_up
        self.session = session
        self.knowledge = knowledge
        self.q = question
        self.topic = topic
        self._recs: list[TrackedRecommendation] | None = None

    @property
    def recommendations(self) -> list[TrackedRecommendation]:
        if self._recs is None:
            self._recs = tracked(self.session)
        return self._recs

    # -- routing

    def answer(self) -> Answer:
        q = self.q
        asks_about_rec = q.has("recommendation", "recommend", "recommendations", "recommended")
        if _REF.search(q.raw) or _LABEL.search(q.raw) or asks_about_rec or self._asks_status():
            rec = self._recommendation()
            if rec is not None and (self._asks_status() or not q.has("when", "where", "who")):
                return self._status(rec)
            if asks_about_rec and q.kind not in (Kind.WHEN, Kind.WHERE, Kind.WHO):
                return self._recommendations()
        if q.has("next", "upcoming", "scheduled", "schedule") and q.has(
            "meeting", "meetings", "dialogue", "mtg"
        ):
            return self._next_meeting()
        if q.has("letter", "letters") or (q.has("signed", "sign") and not q.has("law")):
            return self._letter()
        if q.has("timeline", "chronology", "overview", "history", "recap", "summary") or (
            len(q.terms) <= 1 and q.has("happened")
        ):
            return self._timeline()
        return self._from_passages()

    # -- passages

    def _from_passages(self) -> Answer:
        q = self.q
        corpus = self.knowledge.corpus
        if self.follow_up and not self.topic and _thin(q):
            return not_found(WHOLE_QUESTION)
        # The rarest words first; words in nearly every passage rank nothing and make the search
        # read every row.
        searched = sorted(q.terms, key=corpus.idf, reverse=True)[:QUERY_WORDS]
        searched += sorted({a for t in q.terms for a in q.alternatives.get(t, ())})
        common = [t for t in searched if corpus.frequency.get(t, 0) > 0.3 * corpus.passages]
        words = [t for t in searched if t not in common] or searched
        # Stems go to the search as they are: FTS5's porter and PostgreSQL's english stemmer
        # give the same stems for nearly every word, and match a stem as a prefix of nothing.
        hits = search_passages(self.session, _search_words(words, q), limit=SEARCHED)
        reading = read(q, hits, corpus)
        if reading is None:
            return not_found()
        return Answer(reading.text, True, (self._source(reading),), _topic(reading))

    def _source(self, reading: Reading) -> Source:
        hit = reading.hit
        excerpt = reading.excerpt
        if not is_verbatim(excerpt, self.knowledge):
            # A passage that is no document's text (a meeting's logged outcome): the passage
            # itself is the source, and its text is what the excerpt shows.
            excerpt = reading.excerpt
        return _hit_source(self.session, hit, excerpt)

    # -- recommendations

    def _asks_status(self) -> bool:
        return self.q.has(
            "status", "stand", "stands", "standing", "progress", "implemented", "implementation",
            "accepted", "adopted", "declined", "rejected", "response", "responded", "outcome",
            "update", "open", "happened",
        )  # fmt: skip

    def _recommendation(self) -> TrackedRecommendation | None:
        by_ref = {r.recommendation.ref.lower(): r for r in self.recommendations}
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
        about = [t for t in self.q.terms if t not in _NOT_ABOUT]
        if not about:
            return None
        corpus = self.knowledge.corpus
        scored = []
        for rec in self.recommendations:
            stems = {stem(w) for w in words_of(rec.recommendation.text)}
            hit = sum(corpus.idf(t) for t in about if t in stems)
            scored.append((hit / sum(corpus.idf(t) for t in about), hit, rec))
        scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
        if scored and scored[0][0] >= 0.6 and (len(scored) == 1 or scored[0][1] > scored[1][1]):
            return scored[0][2]
        return None

    def _quoted(self, text: str) -> str:
        """Text in quotation marks when it is a source's own words; otherwise a note."""
        if is_verbatim(text, self.knowledge):
            return f"The source says: “{text}”"
        return f"Note of the record keepers: {text}"

    def _status(self, rec: TrackedRecommendation) -> Answer:
        r = rec.recommendation
        current = rec.current
        sources = [self._rec_source(rec)]
        if current is None:
            text = f"{r.ref} has no status recorded yet."
        else:
            text = f"{r.ref} is {current.status}, as of {dates.day(current.as_of)}."
            if current.evidence:
                text += f" {self._quoted(squeeze(current.evidence))}"
            sources.insert(
                0, Source(f"Status of {r.ref}: {current.status}", current.as_of, current.evidence)
            )
        said = _brief(r.text, 240)
        said = f"“{said}”" if is_verbatim(said, self.knowledge) else said
        text += f" {r.ref} is recommendation {r.label} of {rec.made_by}: {said}"
        return Answer(text, True, tuple(sources), f"rec:{r.ref}")

    def _rec_source(self, rec: TrackedRecommendation) -> Source:
        event = rec.source_event
        title = event.title if event else f"Recommendations of {rec.made_by}"
        return Source(title, event.date if event else None, _brief(rec.recommendation.text, 300))

    def _recommendations(self) -> Answer:
        q = self.q
        items = self.recommendations
        if q.has("special", "rapporteur", "un"):
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
        about = [t for t in q.terms if t not in _NOT_ABOUT and t not in _WHO_RECOMMENDS]
        if about:
            corpus = self.knowledge.corpus
            overlap = {
                r.recommendation.ref: sum(
                    corpus.idf(t)
                    for t in about
                    if t in {stem(w) for w in words_of(r.recommendation.text)}
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
            tracker = Source("The recommendations tracker", None, "")
            return Answer(f"No recommendation is {which} in my records.", True, (tracker,))
        count = f"{len(items)} recommendation{'s' if len(items) != 1 else ''}"
        count += f" ({', '.join(r.recommendation.ref for r in items)})"
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

    def _dialogue_events(self) -> list[HistoryEvent]:
        events = self.session.exec(
            select(HistoryEvent)
            .where(HistoryEvent.kind == EventKind.DIALOGUE, col(HistoryEvent.date).is_not(None))
            .order_by(col(HistoryEvent.date))
        ).all()
        return list(events)

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
            text = f"The next meeting is {upcoming.title}: {when}{place}."
            source = Source("Roundtable Bot's meeting schedule", upcoming.starts_at.date(), text)
            return Answer(text, True, (source,), "")
        last = self._dialogue_events()
        text = "No upcoming meeting is scheduled in my records."
        sources: tuple[Source, ...] = ()
        if last:
            latest = last[-1]
            text += f" The latest meeting on record was on {_when(latest)}: {latest.title}."
            sources = (_event_source(latest, _brief(latest.summary, 300)),)
        return Answer(text, True, sources, "")

    def _letter(self) -> Answer:
        letters = self.session.exec(select(Letter).order_by(col(Letter.id))).all()
        if not letters:
            return not_found()

        # The letter whose title says most of the question; the first (the oldest) on a tie.
        def overlap(letter: Letter) -> tuple[int, int]:
            stems = {stem(w) for w in words_of(f"{letter.title} {letter.addressees}")}
            return sum(t in stems for t in self.q.terms), -(letter.id or 0)

        letter = max(letters, key=overlap)
        signed = self.session.exec(
            select(func.count())
            .select_from(Signature)
            .where(Signature.letter_id == letter.id, col(Signature.withdrawn_at).is_(None))
        ).one()
        when = f"{letter.created_at:%B %Y}"
        who = letter.recorded_signers or f"{signed} people"
        text = f"{who[0].upper()}{who[1:]} signed the {letter.title} ({when})."
        if signed and letter.recorded_signers:
            text += f" {signed} signatures are recorded in Slack."
        source = Source(f"{letter.title} ({when})", None, f"{letter.recorded_signers}".strip())
        return Answer(text, True, (source,), "")

    def _timeline(self) -> Answer:
        events = self._dialogue_events()
        if not events:
            return not_found()
        steps = "; ".join(f"{_when(e)}: {e.title}" for e in events)
        text = f"The dialogue in {len(events)} steps: {steps}."
        return Answer(text, True, tuple(_event_source(e, _brief(e.summary, 200)) for e in events))


# Words that say whose recommendations or what about them, not what they are about.
_NOT_ABOUT = frozenset(
    stem(w)
    for w in words(
        """recommendation recommendations recommend status stand progress implemented
        implementation accepted adopted declined rejected response outcome update open list"""
    )
)
_WHO_RECOMMENDS = frozenset(
    stem(w)
    for w in words(
        """special rapporteur un delegation trip roundtable irf coalition list all still"""
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


def _search_words(terms: list[str], question: Question) -> list[str]:
    """The words to search for: the typed words whose stems were chosen (FTS5's porter stems
    them again), and the stems themselves for words that only a follow-up's topic gave."""
    typed = {stem(w): w for w in question.words}
    return list(dict.fromkeys(typed.get(t, t) for t in terms))


def _topic(reading: Reading) -> str:
    return ("about:" + " ".join(reading.terms))[:120]


def _when(event: HistoryEvent) -> str:
    return dates.event_date(event.date, event.end_date, event.date_precision)


def _event_source(event: HistoryEvent, excerpt: str) -> Source:
    title = event.title
    if event.date is not None and event.date_precision != "day":
        title = f"{title} ({_when(event)})"
    # Only a date the source gives to the day is given as a day.
    day = event.date if event.date_precision == "day" else None
    span = _when(event) if day is not None and event.end_date not in (None, event.date) else ""
    return Source(title, day, excerpt, span)


def _hit_source(session: Session, hit: PassageHit, excerpt: str) -> Source:
    if hit.document_id is not None and hit.title:
        title, day = hit.title, None
        if hit.date is not None:
            if hit.date_precision == "day":
                day = hit.date
            else:
                title += f" ({dates.event_date(hit.date, None, hit.date_precision or 'day')})"
        if hit.section:
            title += f", “{hit.section}”"
        return Source(title, day, excerpt)
    if hit.event_id is not None:
        event = session.get(HistoryEvent, hit.event_id)
        if event is not None:
            return _event_source(event, excerpt)
    title = "The coalition's records"
    if hit.section:
        title += f", {hit.section}"
    return Source(title, None, excerpt)


def _brief(text: str, limit: int) -> str:
    text = squeeze(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
