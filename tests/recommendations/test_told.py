"""Write, then confirm: a recommendation's new status is committed with the reply that tells of it,
by command or by form, so that an outbox that cannot be written records nothing."""

from __future__ import annotations

from sqlmodel import select

from bot.recommendations.views import STATUS_MODAL
from storage.models import StatusChange
from tests.support import signed
from tests.support.bot_server import COORDINATOR, SIGNING_SECRET, RunningBot
from tests.support.fake_slack import FakeSlack
from tests.support.refusals import outbox_refused, refused_command


def recorded(bot: RunningBot) -> list[tuple[str, str]]:
    with bot.services.store.session() as session:
        rows = session.exec(select(StatusChange).where(StatusChange.recorded_by == COORDINATOR))
        return [(change.status, change.evidence) for change in rows]


async def test_a_status_by_command_is_recorded_with_its_reply_or_not_at_all(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    text = "status RT-3 in progress 2026-11-20 The agency's letter of 18 November"
    await refused_command(bot, text, COORDINATOR)
    assert recorded(bot) == []

    reply = await bot.slash(fake_slack, text, COORDINATOR)
    assert "Recorded: *RT-3* is *in progress*" in reply.params["text"]
    assert recorded(bot) == [("in progress", "The agency's letter of 18 November")]


async def test_a_status_by_form_is_recorded_with_its_confirmation_or_not_at_all(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    values = signed.plain_text_values(
        {
            "status": {"value": "implemented"},
            "as_of": {"value": "2026-11-20"},
            "evidence": {"value": "The new regulation"},
        }
    )
    form = signed.view_submission(
        SIGNING_SECRET, STATUS_MODAL, values, user_id=COORDINATOR, private_metadata="RT-3"
    )
    with outbox_refused(bot.services.store):
        await bot.post(form)
    assert recorded(bot) == []

    assert (await bot.post(form)).status == 200
    assert recorded(bot) == [("implemented", "The new regulation")]
    (told,) = await fake_slack.wait_for_async("chat.postMessage")
    assert "Recorded: *RT-3* is *implemented*" in told.params["text"]
