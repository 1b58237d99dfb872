"""Replies to what people write to the bot (mentions, direct messages, console lines, `/roundtable
ask`): an answer from the store with its sources, and the buttons that go with every answer."""

from __future__ import annotations

import time
from typing import Any

from sqlmodel import Session

from bot.answers import generative
from bot.answers.engine import MAX_QUESTION, Answer, Source, answer_question
from bot.kit.blocks import actions, button, context, section
from bot.kit.mrkdwn import clean, escape
from bot.kit.replies import Reply
from bot.services import Services
from storage.questions import earlier_in_thread, record_question
from storage.visibility import Viewer, viewing_as

__all__ = [
    "ASK_COORDINATOR",
    "HELPFUL",
    "SHARE",
    "UNHELPFUL",
    "WORKING",
    "answer_and_record",
    "ask",
    "render_answer",
    "reply_to_message",
]

HELPFUL = "answer_helpful"
UNHELPFUL = "answer_unhelpful"
ASK_COORDINATOR = "answer_ask_coordinator"
SHARE = "answer_share"
# Shown at once while a generative reader composes the answer, which then replaces it.
WORKING = "Looking through the coalition's records…"


def ask(
    session: Session,
    viewer: Viewer,
    user_id: str,
    text: str,
    channel_id: str | None = None,
    thread_ts: str | None = None,
) -> tuple[Answer, int]:
    """Answer a question, leaning on the thread's previous question, and record it (one
    transaction); gives the answer and the question's id for the buttons. The answer draws only
    on what `viewer`, whoever will read it, may see (no private meeting, no draft)."""
    with viewing_as(session, viewer):
        answer = answer_question(session, text, _topic(session, channel_id, thread_ts))
    return answer, _record(session, user_id, text, answer, channel_id, thread_ts)


def _topic(session: Session, channel_id: str | None, thread_ts: str | None) -> str:
    """The topic of the thread's previous question, which a follow-up may lean on."""
    if channel_id and thread_ts:
        earlier = earlier_in_thread(session, channel_id, thread_ts)
        return earlier.topic if earlier is not None else ""
    return ""


def _record(
    session: Session,
    user_id: str,
    text: str,
    answer: Answer,
    channel_id: str | None,
    thread_ts: str | None,
) -> int:
    return record_question(
        session,
        user_id,
        clean(text, MAX_QUESTION),
        answer.topic,
        answer.found,
        channel_id,
        thread_ts,
    )


def _draft(
    session: Session,
    viewer: Viewer,
    text: str,
    channel_id: str | None,
    thread_ts: str | None,
) -> generative.Draft:
    with viewing_as(session, viewer):
        return generative.draft(session, text, _topic(session, channel_id, thread_ts))


async def answer_and_record(
    services: Services,
    viewer: Viewer,
    user_id: str,
    text: str,
    channel_id: str | None = None,
    thread_ts: str | None = None,
) -> tuple[Answer, int]:
    """`ask`, through the generative reader when one is set up: the store drafts the answer and
    the passages, the model (outside any transaction) answers from them, the store records it."""
    started = time.perf_counter()  # timed for the answer latency that operators watch
    try:
        reader = services.generative
        if reader is None:
            return await services.store.run(ask, viewer, user_id, text, channel_id, thread_ts)
        drafted = await services.store.run(_draft, viewer, text, channel_id, thread_ts)
        answer = await reader.compose(text, drafted)
        question_id = await services.store.run(
            _record, user_id, text, answer, channel_id, thread_ts
        )
        return answer, question_id
    finally:
        services.metrics.answered(time.perf_counter() - started)


async def reply_to_message(
    services: Services,
    user_id: str,
    text: str,
    *,
    channel_id: str | None = None,
    thread_ts: str | None = None,
) -> Reply:
    """The answer to a mention, a direct message or a console line; `thread_ts` ties follow-ups."""
    viewer = await services.visibility.of_conversation(user_id, channel_id)
    answer, question_id = await answer_and_record(
        services, viewer, user_id, text, channel_id, thread_ts
    )
    return render_answer(answer, question_id)


def _source_line(source: Source, answered: str) -> str:
    """A source's title and date, then its excerpt: in quotation marks when it is the source's
    own words, as a note when it is the record keepers', and not at all when the answer above
    already says it (a quote is never given twice)."""
    when = f", {source.when}" if source.when else ""
    excerpt = source.excerpt
    said = f"{escape(excerpt[:280])}{'…' if len(excerpt) > 280 else ''}"
    # The answer may cut a long excerpt short: its opening words are enough to know it.
    if not excerpt or _squeezed(excerpt)[:80] in _squeezed(answered):
        quote = ""
    elif source.verbatim:
        quote = f": “{said}”"
    else:
        quote = f" (note: {said})"
    return f"• _{escape(source.title)}_{when}{quote}"


def _squeezed(text: str) -> str:
    return " ".join(text.split()).rstrip("….").lower()


def render_answer(answer: Answer, question_id: int, *, shareable: bool = False) -> Reply:
    """The answer as Slack text and blocks: the answer, its sources with their dates, 👍 / 👎,
    "Ask a coordinator" and, for an answer only the asker sees, "Share in channel" (not for "I
    don't know": the channel would learn nothing from it)."""
    body = escape(answer.text)
    lines = list(dict.fromkeys(_source_line(source, answer.text) for source in answer.sources))
    text = body if not lines else body + "\n*Sources*\n" + "\n".join(lines)
    blocks: list[dict[str, Any]] = [section(body)]
    if lines:
        blocks.append(context("*Sources*\n" + "\n".join(lines)))
    value = str(question_id)
    buttons = [
        button("👍", HELPFUL, value),
        button("👎", UNHELPFUL, value),
        button("Ask a coordinator", ASK_COORDINATOR, value),
    ]
    if shareable and answer.found:
        buttons.append(button("Share in channel", SHARE, value, style="primary"))
    blocks.append(actions(*buttons, block_id=f"answer-{value}"))
    return Reply(text, blocks)
