"""The whole offline journey, typed into `roundtable-bot console` as real processes on one store: a
coordinator drafts a letter in its form and publishes it, schedules a meeting, answers it and sees
its reminder; a participant signs through the Sign on button and form, withdraws, signs on behalf
of their organization; the coordinator exports the signatures as CSV."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.support.processes import ConsoleProcess

ZONE = "America/New_York"


def test_a_letter_and_a_meeting_from_draft_to_export_in_the_console(
    tmp_path: Path, database_url: str
) -> None:
    env = {"DATABASE_URL": database_url, "ROUNDTABLE_TIMEZONE": ZONE}
    now = datetime.now(ZoneInfo(ZONE))
    deadline = (now + timedelta(days=30)).strftime("%Y-%m-%d")

    # --- the coordinator drafts, publishes and schedules -----------------------------------
    carol = ConsoleProcess("--user", "carol", "--coordinator", cwd=tmp_path, env=env)
    carol.send("/roundtable letter new")
    assert "[form: New letter]" in carol.wait_for("Title")
    carol.send(
        "On the Religion Law",  # title
        "Ministry of Culture and Sports",  # addressees
        "We, the undersigned, urge the revision of the 2011 Religion Law.",  # text …
        "",
        "Members of the IRF Roundtable.",
        ".",  # … ends here
        f"{deadline} 17:00",  # deadline, in the coalition's zone
        "",  # time zone: Enter keeps America/New_York
        "#dialogue",  # channel
        "",  # signing capacity: Enter keeps "may sign on behalf"
        "",  # who sees the signers: Enter keeps the coalition
        "1",  # publish now
    )
    # The letter's post and the DM that says it is published are committed together.
    shown = carol.wait_for_each("Published", "[#dialogue] L2 · On the Religion Law", "Sign on]")
    assert "We, the undersigned" in shown
    assert "*" not in shown  # Slack's markup is not shown raw
    assert re.search(r"\[#\d+ Sign on\]", shown)

    # The 1-hour reminder falls due a few seconds from now, while the console runs.
    soon = datetime.now(ZoneInfo(ZONE)) + timedelta(hours=1, seconds=10)
    start = soon.strftime("%Y-%m-%dT%H:%M:%S")
    carol.send(
        f'/roundtable meeting add title="Embassy call" start={start} tz={ZONE}'
        " channel=#dialogue invite=@alice remind=1h,1d"
    )
    # The reply, the invitation and the channel's announcement, in whatever order they come.
    scheduled = carol.wait_for_each(
        "Scheduled Embassy call as M1",
        "[to @alice] 📅 You are invited",
        "[Going]  [Maybe]  [Not going]",  # in Alice's DM: not hers to press here
        "[#dialogue] 📅 Follow-up meeting",
    )
    assert "The reminder 1 day before is already past, so it will not be sent." in scheduled
    carol.send("Going")  # the button's label presses it
    carol.wait_for("Thanks: you are marked Going for Embassy call (M1).")
    carol.wait_for_each(
        "[#dialogue] ⏰ Reminder: in 1 hour", "[to @alice] ⏰ Reminder: in 1 hour", timeout=60
    )
    code, errors = carol.close()
    assert code == 0, errors

    # --- a participant signs, withdraws, signs on behalf of their organization ---------------
    alice = ConsoleProcess("--user", "alice", cwd=tmp_path, env=env)
    alice.send("/roundtable letter L2")
    assert "you have not signed" in alice.wait_for("Sign on]")
    alice.send("Sign on")
    assert "Your name [alice]:" in alice.wait_for("Your name")
    alice.send("Alice Adams", "Director", "Acme Faith Coalition")
    capacity = alice.wait_for("Choose (a number):")
    assert "For identification only: my organization is named to say who I am (chosen)" in (
        capacity
    )
    alice.send("", "")  # Enter keeps identification only; no comment
    # The confirmation, and the post's new count in the channel, in whatever order they come.
    signed = alice.wait_for_each(
        "with `/roundtable unsign L2`", "[#dialogue, edited] L2: On the Religion Law — 1 signature"
    )
    assert "You signed L2 · On the Religion Law (version 1) as Alice Adams" in signed
    assert "your organization named for identification only" in signed
    alice.send("/roundtable letters")
    assert "1 signature — you signed" in alice.wait_for("you signed")
    alice.send("/roundtable unsign L2")
    assert "is withdrawn" in alice.wait_for("deadline with `/roundtable sign L2`.")
    alice.send("/roundtable sign L2 on behalf of Acme Faith Coalition")
    assert "as Alice Adams, Director, Acme Faith Coalition, on behalf of Acme Faith Coalition" in (
        alice.wait_for("You can withdraw it before the deadline")
    )
    alice.send("/roundtable meetings")
    assert "Embassy call (M1)" in alice.wait_for("you have not answered")
    code, errors = alice.close()
    assert code == 0, errors

    # --- the coordinator exports ---------------------------------------------------------
    carol = ConsoleProcess("--user", "carol", "--coordinator", cwd=tmp_path, env=env)
    carol.send("/roundtable letter export L2")
    assert "console-files/L2-signatures.csv" in carol.wait_for("L2-letter.md")
    carol.close()
    rows = list(
        csv.DictReader(io.StringIO((tmp_path / "console-files/L2-signatures.csv").read_text()))
    )
    assert [(r["name"], r["title"], r["organization"], r["capacity"]) for r in rows] == [
        ("Alice Adams", "Director", "Acme Faith Coalition", "on behalf of organization")
    ]
    assert (
        "1. Alice Adams, Director, Acme Faith Coalition"
        in (tmp_path / "console-files/L2-letter.md").read_text()
    )
