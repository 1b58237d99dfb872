"""Letters against people who try to misuse them: a spreadsheet formula hidden in an organization,
invisible characters that disguise a signer, a captured sign-on replayed after a withdrawal."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import timedelta

from storage.letter_exports import sheet_cell
from tests.letters.test_slack import (
    Clock,
    command,
    dms_to,
    published_letter,
    sign_values,
    stored,
)
from tests.support import signed
from tests.support.bot_server import COORDINATOR, SIGNING_SECRET, RunningBot
from tests.support.fake_slack import FakeSlack

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def runs_as_formula(cell: str) -> bool:
    """Whether a spreadsheet would run some part of `cell`: read whole, or split on a comma,
    semicolon, tab or new line as some locales and import settings do."""
    parts = re.split(r"[,;\t\r\n]", cell)
    return cell.startswith(FORMULA_START) or any(
        p.lstrip(" ").startswith(FORMULA_START) for p in parts[1:]
    )


def test_a_formula_after_a_separator_is_neutralised_too() -> None:
    for typed in (
        "Acme;=cmd|' /C calc'!A0",
        "Acme, +1 555",
        "Acme;  @SUM(A1)",
        "=1+1",
        "-2+3",
        "Acme\t=1",
        "Acme\n-1",
        " =1",
    ):
        assert not runs_as_formula(sheet_cell(typed)), typed
    assert sheet_cell("Faith & Law, Inc.") == "Faith & Law, Inc."
    assert sheet_cell("Acme;=cmd") == "'Acme;'=cmd"


async def test_the_exported_csv_runs_no_formula_in_any_spreadsheet(
    bot: RunningBot, fake_slack: FakeSlack, clock: Clock
) -> None:
    letter_id = await published_letter(bot, fake_slack)
    fake_slack.add_user("U111", "Aigerim N.", title="Director")
    await command(bot, fake_slack, f"sign L{letter_id} for Acme;=cmd|' /C calc'!A0")

    await command(bot, fake_slack, f"letter export L{letter_id}", user=COORDINATOR)
    await bot.settled()
    (upload,) = [u for u in fake_slack.completed_uploads() if u.filename.endswith(".csv")]
    lines = upload.text.splitlines()
    # Every field quoted, so that a reader honouring quotes never splits a cell.
    assert all(line.startswith('"') and line.endswith('"') for line in lines)
    (row,) = csv.DictReader(io.StringIO(upload.text))
    assert row["organization"].startswith("'Acme")
    for cell in row.values():
        assert not runs_as_formula(cell), cell
    # Read as a semicolon-separated file too (a spreadsheet in a European locale), quotes and all.
    for line in lines[1:]:
        for cell in line.split(";"):
            assert not cell.strip('"').lstrip(" ").startswith(FORMULA_START), cell


async def test_invisible_characters_cannot_disguise_a_signer(
    bot: RunningBot, fake_slack: FakeSlack, clock: Clock
) -> None:
    letter_id = await published_letter(bot, fake_slack)
    metadata = json.dumps({"letter": letter_id})
    # U+202E reverses what follows; U+200B and U+2066 hide inside a name that looks like another.
    await bot.post(
        signed.view_submission(
            SIGNING_SECRET,
            "letter_sign_modal",
            sign_values("Ai\u200bgerim\u2066 N.\u202e", "Faith\ufeff Org\u200d"),
            private_metadata=metadata,
        )
    )
    await fake_slack.wait_for_async("chat.postMessage", 2)
    ((signature),) = stored(bot)
    assert (signature.name, signature.organization) == ("Aigerim N.", "Faith Org")
    shown = await command(bot, fake_slack, f"letter L{letter_id}")
    assert "Aigerim N., Director, Faith Org" in shown
    assert not re.search("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]", shown)
    # A name made only of invisible characters is no name.
    answer = await bot.post(
        signed.view_submission(
            SIGNING_SECRET,
            "letter_sign_modal",
            sign_values("\u200b\u202e", "Faith Org"),
            user_id="U222",
            private_metadata=metadata,
        )
    )
    assert "Name is empty" in json.loads(answer.body)["errors"]["name"]


async def test_a_sign_on_replayed_after_a_withdrawal_does_not_sign_again(
    bot: RunningBot, fake_slack: FakeSlack, clock: Clock
) -> None:
    letter_id = await published_letter(bot, fake_slack)
    fake_slack.add_user("U111", "Aigerim N.", title="Director")

    async def open_form() -> str:
        before = len(fake_slack.calls_to("views.open"))
        await bot.post(signed.block_actions(SIGNING_SECRET, "letter_sign", str(letter_id)))
        opened = await fake_slack.wait_for_async("views.open", before + 1)
        return str(opened[-1].params["view"]["private_metadata"])

    async def submit(metadata: str) -> str:
        """The confirmation DM, or the refusal Slack shows under the form's field."""
        before = len(fake_slack.calls_to("chat.postMessage"))
        answer = await bot.post(
            signed.view_submission(
                SIGNING_SECRET,
                "letter_sign_modal",
                sign_values("Aigerim N.", "Faith Org"),
                private_metadata=metadata,
            )
        )
        if answer.body:
            return str(json.loads(answer.body)["errors"]["name"])
        await fake_slack.wait_for_async("chat.postMessage", before + 1)
        return dms_to(fake_slack, "U111")[-1]

    captured = await open_form()
    assert (await submit(captured)).startswith("You signed")
    withdrawn = await command(bot, fake_slack, f"unsign L{letter_id}")
    assert "is withdrawn" in withdrawn
    clock.now += timedelta(minutes=1)

    replayed = await submit(captured)
    assert "opened before you withdrew" in replayed
    assert stored(bot) == []

    # A form opened after the withdrawal signs again; then the old one is refused still.
    fresh = await open_form()
    assert (await submit(fresh)).startswith("You updated your signature")
    assert [s.user_id for s in stored(bot)] == ["U111"]
    clock.now += timedelta(minutes=5)
    await command(bot, fake_slack, f"unsign L{letter_id}")
    assert "opened before you withdrew" in await submit(fresh)
    assert stored(bot) == []


async def test_a_form_opened_before_the_text_changed_does_not_sign_the_new_text(
    bot: RunningBot, fake_slack: FakeSlack, clock: Clock
) -> None:
    letter_id = await published_letter(bot, fake_slack)
    await bot.post(signed.block_actions(SIGNING_SECRET, "letter_sign", str(letter_id)))
    (opened,) = await fake_slack.wait_for_async("views.open")
    metadata = json.loads(opened.params["view"]["private_metadata"])
    assert metadata == {"letter": letter_id, "version": 1, "withdrawn": None}
    stale = json.dumps(metadata | {"version": 0})
    refused = await bot.post(
        signed.view_submission(
            SIGNING_SECRET,
            "letter_sign_modal",
            sign_values("Aigerim N.", "Faith Org"),
            private_metadata=stale,
        )
    )
    # Refused under the form's first field, where Slack shows it, and nothing is stored.
    assert "changed since this form was opened" in json.loads(refused.body)["errors"]["name"]
    assert stored(bot) == []
