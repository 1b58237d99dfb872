"""`roundtable-bot letters` as a coordinator runs it: a real process, a real SQLite file, posting
to the fake Slack Web API with the bot's token."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

from storage import signatures
from storage.db import Store
from tests.support.fake_slack import FakeSlack
from tests.support.processes import run_cli


def env(tmp_path: Path, fake_slack: FakeSlack | None = None) -> dict[str, str]:
    values = {"DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    if fake_slack is not None:
        values |= {"SLACK_BOT_TOKEN": "xoxb-cli-token", "SLACK_API_URL": fake_slack.base_url}
    return values


def test_create_publishes_with_the_bots_token_and_signatures_print(
    tmp_path: Path, fake_slack: FakeSlack
) -> None:
    body = tmp_path / "letter.md"
    body.write_text("We, the undersigned, urge *reform* of the 2011 Religion Law.\n")
    result = run_cli(
        "letters",
        "create",
        "--title",
        "On the Religion Law",
        "--body-file",
        str(body),
        "--deadline",
        "2099-12-15T17:00-05:00",
        "--channel",
        "C123",
        cwd=tmp_path,
        env=env(tmp_path, fake_slack),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "L2\n"  # L1 is the 2012 letter of the seeded history
    post = fake_slack.last("chat.postMessage")
    assert post.token == "xoxb-cli-token"
    assert post.params["channel"] == "C123"
    assert "Sign on" in json.dumps(post.params["blocks"])

    store = Store.from_url(env(tmp_path)["DATABASE_URL"])
    details = signatures.SignerDetails.checked(
        name="Aigerim, N.", title="", organization="=Faith Org", on_behalf=False
    )
    store.call(signatures.sign, "L2", "U1", details, datetime.now(UTC))
    store.dispose()

    exported = run_cli(
        "letters", "signatures", "L2", "--format", "csv", cwd=tmp_path, env=env(tmp_path)
    )
    assert exported.returncode == 0, exported.stderr
    (row,) = csv.DictReader(io.StringIO(exported.stdout))
    assert (row["name"], row["organization"], row["capacity"]) == (
        "Aigerim, N.",
        "'=Faith Org",
        "for identification only",
    )
    text = run_cli("letters", "signatures", "L2", "--format", "md", cwd=tmp_path, env=env(tmp_path))
    assert "# On the Religion Law" in text.stdout
    assert "1. Aigerim, N., =Faith Org (affiliation for identification only)" in text.stdout


def test_a_draft_prints_json_and_posts_nothing(tmp_path: Path) -> None:
    body = tmp_path / "letter.md"
    body.write_text("Text.")
    result = run_cli(
        "letters",
        "create",
        "--title",
        "Draft",
        "--body-file",
        str(body),
        "--deadline",
        "2099-12-15T17:00",
        "--channel",
        "C123",
        "--timezone",
        "Asia/Almaty",
        "--draft",
        "--json",
        cwd=tmp_path,
        env=env(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    letter = json.loads(result.stdout)
    assert (letter["ref"], letter["status"], letter["message_ts"]) == ("L2", "draft", None)
    assert letter["deadline"] == "2099-12-15T12:00:00+00:00"


def test_bad_input_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    body = tmp_path / "letter.md"
    body.write_text("Text.")
    base = ["letters", "create", "--title", "T", "--body-file", str(body), "--channel", "C1"]

    no_token = run_cli(
        *base, "--deadline", "2099-12-15T17:00-05:00", cwd=tmp_path, env=env(tmp_path)
    )
    assert no_token.returncode == 2
    assert "SLACK_BOT_TOKEN is not set" in no_token.stderr
    past = run_cli(
        *base, "--deadline", "2020-01-01T00:00Z", "--draft", cwd=tmp_path, env=env(tmp_path)
    )
    assert past.returncode == 1
    assert "already passed" in past.stderr
    garbled = run_cli(
        *base, "--deadline", "next friday", "--draft", cwd=tmp_path, env=env(tmp_path)
    )
    assert "can't read the deadline `next friday`" in garbled.stderr
    unknown = run_cli("letters", "signatures", "L99", cwd=tmp_path, env=env(tmp_path))
    assert unknown.returncode == 1
    assert "There is no letter L99" in unknown.stderr
