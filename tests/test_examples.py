"""Every example the bot gives (in `/roundtable help`, in its hints, in the README) works exactly
as written: in the console, as a person types it, and in Slack, as Slack sends it with
`should_escape` (a typed #channel or @person arrives as `<#C…|name>` or `<@U…|name>`)."""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from bot.console import Console
from bot.features import build_command_table
from bot.meetings.commands import USAGE
from bot.settings import Settings
from storage import letters
from storage.db import Store
from storage.meetings import build_request, schedule_meeting
from storage.models import Invitation, Meeting
from tests.support import signed
from tests.support.bot_server import COORDINATOR, SIGNING_SECRET, RunningBot
from tests.support.fake_slack import FakeSlack

ROOT = Path(__file__).resolve().parents[1]
# Before every date the examples give (2026-11-20 … 2026-12-15), after the recommendations.
NOW = datetime(2026, 11, 21, 15, 0, tzinfo=UTC)
PLACEHOLDERS = re.compile(r"[<\[…]|\b(QUESTION|ID|STATUS|EVIDENCE|ORGANIZATION|DEADLINE)\b")
MISREAD = (
    "Usage:",
    "I can't read",
    "I don't know",
    "is not a",
    "Say which",
    "Add your question",
    "something went wrong",
    "Use `",
    "that did nothing",
)
OPENS_A_FORM = {"/roundtable letter new", "/roundtable meeting add"}


def examples() -> list[str]:
    """Every `/roundtable …` example: the help's, the hints' and the README's."""
    found = [f"/roundtable {command.example}" for command in build_command_table()]
    readme = (ROOT / "README.md").read_text().replace("\n", " ")
    for text in (readme, USAGE):
        found += re.findall(r"`(/roundtable [^`]+)`", text)
    unique = dict.fromkeys(e for e in found if not PLACEHOLDERS.search(e))
    # Cancelling and withdrawing last, so that the examples before them find what they need.
    return sorted(unique, key=lambda e: ("cancel" in e or "unsign" in e, found.index(e)))


def prepare(store: Store) -> None:
    """What the examples name: a published letter L2 and a meeting M1."""
    draft = letters.LetterDraft.checked(
        title="On the Religion Law",
        body="We urge reform.",
        deadline=datetime(2026, 12, 31, 22, 0, tzinfo=UTC),
        timezone="America/New_York",
        channel_id="C0123",
    )
    letter = store.call(letters.create_letter, draft, COORDINATOR, NOW)
    assert letter.ref == "L2"
    store.call(letters.publish_letter, letter.ref, COORDINATOR, NOW)
    request = build_request(
        title="Embassy call",
        start="2026-12-09T09:00",
        channel="C0123",
        default_zone="America/New_York",
    )
    assert store.call(schedule_meeting, request, NOW).id == 1


def test_the_examples_are_many_and_have_no_placeholders() -> None:
    found = examples()
    assert len(found) >= 15
    assert '/roundtable meeting add title="Embassy call" start=2026-12-10T09:00' in found[
        -1
    ] or any("channel=#dialogue invite=@alice,@bob" in e for e in found)
    assert "/roundtable sign L2 on behalf of Acme Faith Coalition" in found


@pytest.mark.parametrize("example", examples())
async def test_each_example_works_as_typed_in_the_console(
    example: str, seeded_store: Store, database_url: str, tmp_path: Path
) -> None:
    prepare(seeded_store)
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, DATABASE_URL=database_url, ROUNDTABLE_COORDINATORS=COORDINATOR
    )
    out = io.StringIO()
    console = Console(
        settings,
        seeded_store,
        build_command_table(),
        COORDINATOR,
        io.StringIO(f"{example}\n/cancel\n"),
        out,
        tmp_path,
    )
    console.services.clock = lambda: NOW
    await console.run()
    shown = out.getvalue()
    if example in OPENS_A_FORM:
        assert "[form:" in shown
    else:
        assert shown.strip()
        assert not [marker for marker in MISREAD if marker in shown], shown


def as_slack_sends(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("#dialogue", "<#C0123|dialogue>")
    return text.replace("@alice", "<@U0456|alice>").replace("@bob", "<@U0789|bob>")


async def test_every_example_works_in_slack_as_slack_sends_it(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    manifest = json.loads((ROOT / "manifest.json").read_text())
    assert manifest["features"]["slash_commands"][0]["should_escape"] is True
    prepare(bot.services.store)
    bot.services.clock = lambda: NOW
    forms = 0
    for number, example in enumerate(examples()):
        text = as_slack_sends(example.removeprefix("/roundtable "))
        if example in OPENS_A_FORM:
            answer = await bot.post(signed.slash_command(SIGNING_SECRET, text, user_id=COORDINATOR))
            assert answer.status == 200
            forms += 1
            await fake_slack.wait_for_async("views.open", count=forms)
            continue
        reply = await bot.slash(fake_slack, text, COORDINATOR, name=f"example{number}")
        shown = str(reply.params.get("text"))
        assert not [marker for marker in MISREAD if marker in shown], (example, shown)

    # The README's meeting: in the channel and with the people Slack named.
    meetings = bot.services.store.call(
        lambda session: session.exec(select(Meeting).where(Meeting.title == "Embassy call")).all()
    )
    added = [m for m in meetings if m.id != 1]
    assert [m.channel_id for m in added] == ["C0123"]
    invited = bot.services.store.call(
        lambda session: session.exec(
            select(Invitation.user_id).where(Invitation.meeting_id == added[0].id)
        ).all()
    )
    assert sorted(invited) == ["U0456", "U0789"]
    assert added[0].starts_at == datetime(2026, 12, 10, 14, 0, tzinfo=UTC)
    assert NOW + timedelta(days=1) < added[0].starts_at
