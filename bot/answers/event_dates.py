"""A sentence dated by the event its passage tells of: "When was the last meeting?" is answered
by a sentence of that meeting that gives no date of its own ("We greeted each other as old
friends"), with the date the record gives the event. English only; no names of anyone."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.answers.answer_kinds import when
from bot.answers.focus import does_it, verbs
from bot.answers.question import Question
from bot.answers.words import stems
from bot.kit import dates
from storage.search import PassageHit

__all__ = ["dated_by_event"]

_WILL = re.compile(r"\b(?:will|shall)\b", re.IGNORECASE)


def dated_by_event(
    question: Question, sentence: str, hit: PassageHit, said: Sequence[tuple[str, PassageHit]]
) -> tuple[str, str, PassageHit] | None:
    """ "When was the last meeting?" answered by a sentence of the meeting that gives no date
    ("We greeted each other as old friends"): the date of the event its passage tells of, in the
    words of the passage's sentence that gives it when one of `said` does (the date, that
    sentence and its passage), else as the record dates it."""
    if hit.event_date is None or _WILL.search(sentence):
        return None  # "… will meet again": not what its event was
    own = set(stems(sentence))
    done = verbs(question, of_any_kind=True)
    if done and not any(does_it(d, own, question) for d in done):
        return None  # "when did he present his report?": a sentence of his mandate
    # The event's heading names which event was asked about ("The Most Recent Discussion"
    # asked of the last meeting), beyond what the sentence says.
    heading = set(stems(hit.section))
    if not any(
        not heading.isdisjoint({t, *question.alternatives.get(t, ())})
        and own.isdisjoint({t, *question.alternatives.get(t, ())})
        for t in question.terms
    ):
        return None
    day = hit.event_date
    for other, where in said:
        if where.event_id == hit.event_id and day.strftime("%B") in other:
            found = when(other)
            if found and found.endswith(str(day.year)):
                return found, other, where
    precision = hit.event_precision or "day"
    return dates.event_date(day, hit.event_end, precision), sentence, hit
