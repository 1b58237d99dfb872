"""Answers from the tables rather than the passages: a recommendation's status (with its as-of
date and its evidence, quoted only when it is the source's own words), lists of recommendations,
the next meeting, the letters and the timeline of the dialogue."""

from __future__ import annotations

import re

from sqlmodel import Session, col, func, select

from bot.answers.answer import Answer, Source, brief, event_source, event_when
from bot.answers.knowledge import Corpus, is_verbatim
from bot.answers.question import Kind, Question
from bot.answers.vocabulary import EVERYDAY, STOPWORDS, words
from bot.answers.words import stem, words_of
from bot.kit import dates
from storage.documents import squeeze
from storage.models import (
    EventKind,
    HistoryEvent,
    Letter,
    Meeting,
    MeetingStatus,
    RecommendationSource,
    Signature,
    utcnow,
)
from storage.recommendations import TrackedRecommendation, normalize_ref, tracked

__all__ = ["REF", "TableAnswers"]

# Words that ask about a letter, not which letter it is.
_LETTER_WORDS = frozenset(
    stem(w)
    for w in words(
        """letter letters sign signed signing signature signatures signer signers send sent
        address addressed write wrote written copy copied"""
    )
)
_EVERYDAY = frozenset(stem(w) for w in EVERYDAY)

REF = re.compile(r"\b(un|rt)\s*[-_ ]?\s*\(?([a-z]|\d{1,2})\)?(?![a-z0-9])", re.IGNORECASE)
_LABEL = re.compile(
    r"\brec(?:ommendation)?s?\s*(?:no\.?|number|#)?\s*\(?([a-e]|\d{1,2})\)?(?![a-z0-9])",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# Words that say whose recommendations or what about them, not what they are about.
_MEETING_WORDS = frozenset(
    stem(w) for w in words("next upcoming scheduled schedule meeting meetings mtg planned when")
)
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


class TableAnswers:
    def __init__(self, session: Session, corpus: Corpus, question: Question, topic: str) -> None:
        self.session = session
        self.corpus = corpus
        self.q = question
        self.topic = topic
        self._recs: list[TrackedRecommendation] | None = None
        # The tables know of no such thing, but a record may speak of it ("the next meeting is
        # planned for February"): the passages are read before the tables' decline is given.
        self.passages_may_say = False
        # … or a record may answer it better, and the tables' answer stands when none does.
        self.passages_first = False

    @property
    def recommendations(self) -> list[TrackedRecommendation]:
        if self._recs is None:
            self._recs = tracked(self.session)
        return self._recs

    def answer(self) -> Answer | None:
        """The answer the tables give, or None when the question is for the passages."""
        q = self.q
        asks_about_rec = q.has("recommendation", "recommend", "recommendations", "recommended")
        named = REF.search(q.raw) or _LABEL.search(q.raw)
        if named or asks_about_rec or self.asks_status():
            rec = self.recommendation()
            if rec is not None and (self.asks_status() or not q.has("when", "where", "who")):
                return self.status(rec) if self.asks_status() else self.content(rec)
            if named:
                # "recommendation number 2" when there is none: say so, never another one.
                return Answer(f"My records have no recommendation {named.group(0)}.", False)
            if (
                asks_about_rec
                and q.kind not in (Kind.WHEN, Kind.WHERE, Kind.WHO)
                and self.asks_list()
            ):
                # "the status of the recommendation to lower the threshold": one the tables do
                # not track may be a record's own, with its status in the record's words.
                self.passages_may_say = self.asks_one()
                return self.listing()
        if q.has("next", "upcoming", "scheduled", "schedule") and q.has(
            "meeting", "meetings", "dialogue", "mtg"
        ):
            return self.next_meeting()
        if q.has("letter", "letters") or (q.has("signed", "sign") and not q.has("law")):
            return self.letter()
        # "Give me the timeline", not "… according to the UN summary?"
        if (
            q.has("timeline", "chronology", "overview", "history", "recap", "summary")
            and len(q.terms) <= 3
        ) or (len(q.terms) <= 1 and q.has("happened")):
            return self.timeline()
        return None

    # -- recommendations

    def asks_status(self) -> bool:
        return self.q.has(
            "status", "stand", "stands", "standing", "progress", "implemented", "implementation",
            "accepted", "adopted", "declined", "rejected", "response", "responded", "outcome",
            "update", "open", "happened",
        )  # fmt: skip

    def asks_list(self) -> bool:
        """ "Which recommendations are open?", "list the delegation's recommendations", "what did
        the rapporteur recommend?": a list, not what one recommendation says about something."""
        q = self.q
        about = [t for t in q.terms if t not in _NOT_ABOUT and t not in _WHO_RECOMMENDS]
        return (
            not about
            or self.asks_status()
            or q.has("which recommendations", "what recommendations", "list", "how many")
            or q.has("all recommendations", "recommendations mention", "recommendations about")
        )

    def asks_one(self) -> bool:
        """ "the recommendation to make registration voluntary": one, by what it says."""
        q = self.q
        about = [t for t in q.terms if t not in _NOT_ABOUT and t not in _WHO_RECOMMENDS]
        return (
            bool(about)
            and q.has("recommendation", "recomendation")
            and not q.has("recommendations", "which", "list", "how many", "all")
        )

    def recommendation(self) -> TrackedRecommendation | None:
        by_ref = {r.recommendation.ref.lower(): r for r in self.recommendations}
        match = REF.search(self.q.raw) or _LABEL.search(self.q.raw)
        if match:
            if match.lastindex == 2:
                ref = normalize_ref(match.group(1) + "-" + match.group(2))
            else:
                label = match.group(1)
                ref = normalize_ref(("RT-" if label.isdigit() else "UN-") + label)
            if ref.lower() in by_ref:
                return by_ref[ref.lower()]
        if self.topic.startswith("rec:") and self.asks_status():
            return by_ref.get(self.topic.removeprefix("rec:").lower())
        if not self.asks_status():
            return None
        # By what it is about: the recommendation whose text covers the question best.
        about = [t for t in self.q.terms if t not in _NOT_ABOUT]
        if not about:
            return None
        scored = []
        for rec in self.recommendations:
            said = {stem(w) for w in words_of(rec.recommendation.text)}
            covered = sum(self.corpus.idf(t) for t in about if t in said)
            scored.append((covered / sum(self.corpus.idf(t) for t in about), covered, rec))
        scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
        if scored and scored[0][0] >= 0.6 and (len(scored) == 1 or scored[0][1] > scored[1][1]):
            return scored[0][2]
        return None

    def quoted(self, text: str) -> str:
        """Text in quotation marks when it is a source's own words; otherwise a note."""
        if is_verbatim(self.session, text):
            return f"The source says: “{text}”"
        return f"Note of the record keepers: {text}"

    def status(self, rec: TrackedRecommendation) -> Answer:
        r = rec.recommendation
        current = rec.current
        sources = [self.rec_source(rec)]
        if current is None:
            text = f"{r.ref} has no status recorded yet."
        else:
            text = f"{r.ref} is {current.status}, as of {dates.day(current.as_of)}."
            evidence = squeeze(current.evidence)
            if evidence:
                text += f" {self.quoted(evidence)}"
            sources.insert(
                0,
                Source(
                    f"Status of {r.ref}: {current.status}",
                    current.as_of,
                    evidence,
                    verbatim=bool(evidence) and is_verbatim(self.session, evidence),
                ),
            )
        said = brief(r.text, 240)
        said = f"“{said}”" if is_verbatim(self.session, said) else said
        text += f" {r.ref} is recommendation {r.label} of {rec.made_by}: {said}"
        return Answer(text, True, tuple(sources), f"rec:{r.ref}")

    def content(self, rec: TrackedRecommendation) -> Answer:
        """What a recommendation says, first; then its status."""
        r = rec.recommendation
        said = brief(r.text, 330)
        said = f"“{said}”" if is_verbatim(self.session, said) else said
        text = f"{r.ref}, recommendation {r.label} of {rec.made_by}: {said}"
        current = rec.current
        if current is not None:
            text += f" It is {current.status}, as of {dates.day(current.as_of)}."
        return Answer(text, True, (self.rec_source(rec),), f"rec:{r.ref}")

    def rec_source(self, rec: TrackedRecommendation) -> Source:
        event = rec.source_event
        title = event.title if event else f"Recommendations of {rec.made_by}"
        text = brief(rec.recommendation.text, 300)
        return Source(
            title, event.date if event else None, text, verbatim=is_verbatim(self.session, text)
        )

    def listing(self) -> Answer:
        q = self.q
        items = self.recommendations
        if q.has("special", "rapporteur", "un"):
            made_by = RecommendationSource.UN_SPECIAL_RAPPORTEUR
            items = [r for r in items if r.recommendation.made_by == made_by]
        elif q.has("delegation", "trip", "roundtable", "our", "we", "irf", "coalition"):
            made_by = RecommendationSource.ROUNDTABLE_DELEGATION
            items = [r for r in items if r.recommendation.made_by == made_by]
        # "the registration recommendations": those that say most of what the question is about.
        about = [t for t in q.terms if t not in _NOT_ABOUT and t not in _WHO_RECOMMENDS]
        if about:
            overlap = {
                r.recommendation.ref: sum(
                    self.corpus.idf(t)
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
            f" {brief(r.recommendation.text, 110)}"
            if r.current
            else f"{r.recommendation.ref}: {brief(r.recommendation.text, 110)}"
            for r in items
        ]
        text = f"{count}:\n" + "\n".join(f"• {line}" for line in lines)  # a line each
        sources = tuple(dict.fromkeys(self.rec_source(r) for r in items))
        return Answer(text, True, sources[:3] or (), "")

    # -- meetings, letters, timeline

    def dialogue_events(self) -> list[HistoryEvent]:
        events = self.session.exec(
            select(HistoryEvent)
            .where(HistoryEvent.kind == EventKind.DIALOGUE, col(HistoryEvent.date).is_not(None))
            .order_by(col(HistoryEvent.date))
        ).all()
        return list(events)

    def next_meeting(self) -> Answer:
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
            source = Source(
                "Roundtable Bot's meeting schedule", upcoming.starts_at.date(), text, verbatim=False
            )
            return Answer(text, True, (source,), "")
        last = self.dialogue_events()
        # "When is the next meeting?" asks the schedule, which says there is none; "… between
        # the roundtable and the government planned?" asks what the records may say of one.
        about = set(self.q.terms) - _MEETING_WORDS
        self.passages_may_say = bool(about)
        text = "No upcoming meeting is scheduled in my records."
        sources: tuple[Source, ...] = ()
        if last:
            latest = last[-1]
            text += f" The latest meeting on record was on {event_when(latest)}: {latest.title}."
            sources = (event_source(latest, brief(latest.summary, 300)),)
        return Answer(text, not about, sources, "")

    def letter(self) -> Answer | None:
        letters = self.session.exec(select(Letter).order_by(col(Letter.id))).all()
        if not letters:
            return None

        # The letter whose title says most of the question; the first (the oldest) on a tie.
        def overlap(letter: Letter) -> tuple[int, int]:
            said = {stem(w) for w in words_of(f"{letter.title} {letter.addressees}")}
            return sum(t in said for t in self.q.terms), -(letter.id or 0)

        letter = max(letters, key=overlap)
        said = {stem(w) for w in words_of(f"{letter.title} {letter.addressees}")}
        named = _letter_named(self.q.words)
        if named and named.isdisjoint(said):
            # "What did the OPG's guidance letter say?": a letter the question names by words
            # that no signed letter's title says is another, which only the passages may know.
            self.passages_may_say = True
        said |= {stem(w) for w in words_of(letter.recorded_signers)}
        asked = [t for t in self.q.terms if t not in _LETTER_WORDS and t not in _EVERYDAY]
        if asked and said.isdisjoint(asked):
            # "Who signed the ministry's reply?": nothing the letter says of itself is asked; a
            # passage may tell of it, and the letter answers only when none does.
            self.passages_first = True
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
        source = Source(
            f"{letter.title} ({when})", None, f"{letter.recorded_signers}".strip(), verbatim=False
        )
        return Answer(text, True, (source,), "")

    def timeline(self) -> Answer | None:
        events = self.dialogue_events()
        years = sorted({int(year) for year in _YEAR.findall(self.q.raw)})
        if years:
            # "What happened in 2013?" asks for that year's steps; a year with none on record
            # ("… in 2015?") is for the passages to answer or decline, never the whole timeline.
            events = [e for e in events if _in_years(e, years)]
        if not events:
            return None
        steps = "; ".join(f"{event_when(e)}: {e.title}" for e in events)
        if years:
            text = f"From the records, {' and '.join(map(str, years))}: {steps}."
        else:
            text = f"The dialogue in {len(events)} steps: {steps}."
        return Answer(text, True, tuple(event_source(e, brief(e.summary, 200)) for e in events))


def _in_years(event: HistoryEvent, years: list[int]) -> bool:
    assert event.date is not None  # `dialogue_events` are dated
    first, last = event.date.year, (event.end_date or event.date).year
    return any(first <= year <= last for year in years)


def _letter_named(typed: list[str]) -> set[str]:
    """The words that name the letter asked about ("guidance" in "the OPG guidance letter"): those
    just before the word "letter", up to the first small word."""
    named: set[str] = set()
    for at, word in enumerate(typed):
        if word not in ("letter", "letters"):
            continue
        before = at - 1
        while before >= 0 and typed[before] not in STOPWORDS:
            named.add(stem(typed[before]))
            before -= 1
    return named
