"""A mention whose answer never got to the outbox (the process died while answering) is answered
on Slack's retry, once; one answered already is not answered again. Real `serve` processes, the
fake Slack, SQLite and PostgreSQL."""

from __future__ import annotations

import urllib.request
from datetime import timedelta
from pathlib import Path

from storage.db import Store
from storage.meetings import MeetingRequest, schedule_meeting
from storage.models import utcnow
from tests.chaos.support import SECRET, chaos_env, pending, wait_until
from tests.support import signed
from tests.support.fake_slack import FakeSlack
from tests.support.processes import ServedBot, serving

QUESTION = "when did the dialogue begin?"


def post(bot: ServedBot, request: tuple[str, dict[str, str]]) -> int:
    body, headers = request
    sent = urllib.request.Request(
        bot.url + "/slack/events", data=body.encode(), headers=headers, method="POST"
    )
    with urllib.request.urlopen(sent, timeout=10) as answer:
        return int(answer.status)


def answers(fake_slack: FakeSlack) -> list[str]:
    return [
        str(c.params["text"])
        for c in fake_slack.calls_to("chat.postMessage")
        if c.params.get("channel") == "C0ASKED" and c.params.get("thread_ts")
    ]


def test_a_mention_whose_answer_died_with_the_process_is_answered_on_slacks_retry_once(
    fake_slack: FakeSlack, seeded_store: Store, database_url: str, tmp_path: Path
) -> None:
    mention = signed.app_mention(QUESTION, user="U0ASKER", channel="C0ASKED")
    env = chaos_env(fake_slack, database_url)
    # Answering in a channel first asks Slack whether the channels of upcoming meetings are
    # private (their meetings stay out of a public answer): slow, this time.
    now = utcnow()
    request = MeetingRequest(
        title="Embassy call",
        starts_at=now + timedelta(days=3),
        timezone="UTC",
        channel_id="C0MEETING",
        created_by="UCOORD1",
    )
    seeded_store.call(schedule_meeting, request, now)
    fake_slack.late_answers["conversations.info"] = 30
    with serving(env, tmp_path, "first") as bot:
        assert post(bot, signed.event_callback(SECRET, mention, event_id="Ev0CHAOS")) == 200
        wait_until(lambda: bool(fake_slack.calls_to("conversations.info")), 20, "the answering")
        bot.process.kill()  # kill -9, mid-answer: Slack had its 200, the answer is not written
        bot.process.wait(timeout=10)
    assert answers(fake_slack) == []
    fake_slack.late_answers.clear()

    with serving(env, tmp_path, "second") as bot:
        retry = signed.event_callback(
            SECRET, mention, event_id="Ev0CHAOS", retry_num=1, retry_reason="http_timeout"
        )
        assert post(bot, retry) == 200
        wait_until(lambda: len(answers(fake_slack)) == 1, 20, "the answer")
        assert answers(fake_slack)[0].startswith("8 May 2013")
        # Slack's next retry of the same event, or a second replica's copy: not answered again.
        again = signed.event_callback(SECRET, mention, event_id="Ev0CHAOS", retry_num=2)
        assert post(bot, again) == 200
        wait_until(lambda: pending(seeded_store) == 0, 20, "the outbox to drain")
    assert len(answers(fake_slack)) == 1
