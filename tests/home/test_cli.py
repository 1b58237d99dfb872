"""`roundtable-bot` as a newcomer runs it: a real process, a real SQLite file, stdin and stdout."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from bot.features import build_command_table
from tests.support.processes import run_cli


def test_without_tokens_the_bot_opens_the_console_on_the_seeded_history(tmp_path: Path) -> None:
    result = run_cli(cwd=tmp_path, stdin="/roundtable history\n")

    assert result.returncode == 0, result.stderr
    assert "offline console" in result.stderr
    history = result.stdout
    # The timeline, oldest first, from the March 2013 invitation to the 19 November 2014 meeting.
    dates = [
        "March 2013",
        "8 May 2013",
        "1 December 2013",
        "25 March – 4 April 2014",
        "19 November 2014",
    ]
    positions = [history.index(date) for date in dates]
    assert positions == sorted(positions)
    assert "Kazakh Embassy" in history
    assert (tmp_path / "roundtable.db").exists()


def test_console_help_lists_every_command_in_the_table(tmp_path: Path) -> None:
    result = run_cli("console", "--coordinator", cwd=tmp_path, stdin="/roundtable help\n")

    assert result.returncode == 0, result.stderr
    for command in build_command_table():
        assert f"/roundtable {command.usage}" in result.stdout


def test_console_takes_piped_lines_and_commands_alike(tmp_path: Path) -> None:
    result = run_cli(
        "console", cwd=tmp_path, stdin="/roundtable frobnicate\nhello there\n\n/roundtable\n"
    )

    assert result.returncode == 0, result.stderr
    replies = [block for block in result.stdout.split("\n\n") if block.strip()]
    assert len(replies) == 3
    assert replies[0].startswith("I don't know `frobnicate`")
    assert "/roundtable history" in replies[2]  # a bare /roundtable is help


def test_seed_twice_changes_nothing(tmp_path: Path) -> None:
    database = tmp_path / "twice.db"
    env = {"DATABASE_URL": f"sqlite:///{database}"}

    def dump() -> dict[str, list[tuple[object, ...]]]:
        engine = sa.create_engine(f"sqlite:///{database}")
        with engine.connect() as connection:
            tables = sa.inspect(connection).get_table_names()
            rows = {t: list(connection.execute(sa.text(f'SELECT * FROM "{t}"'))) for t in tables}
        engine.dispose()
        return rows

    assert run_cli("seed", cwd=tmp_path, env=env).returncode == 0
    first = dump()
    assert run_cli("seed", cwd=tmp_path, env=env).returncode == 0
    assert dump() == first
    assert first["historyevent"]


def test_db_upgrade_creates_the_schema(tmp_path: Path) -> None:
    result = run_cli("db", "upgrade", cwd=tmp_path, env={"DATABASE_URL": "sqlite:///schema.db"})
    assert result.returncode == 0, result.stderr
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'schema.db'}")
    assert "letter" in sa.inspect(engine).get_table_names()
    engine.dispose()


def test_a_malformed_setting_stops_the_bot_with_one_line_naming_it(tmp_path: Path) -> None:
    for variable, value in [
        ("PORT", "eighty"),
        ("ROUNDTABLE_TIMEZONE", "Mars/Olympus"),
        ("SLACK_BOT_TOKEN", "not-a-token"),
        ("ROUNDTABLE_COORDINATORS", "alice,bob"),
        ("DATABASE_URL", "mysql://nowhere"),
    ]:
        result = run_cli("serve", cwd=tmp_path, env={variable: value})
        assert result.returncode == 2, variable
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert variable in lines[0]


def test_serving_without_a_signing_secret_or_app_token_says_which_is_missing(
    tmp_path: Path,
) -> None:
    result = run_cli("serve", cwd=tmp_path, env={"SLACK_BOT_TOKEN": "xoxb-1"})
    assert result.returncode == 2
    assert "SLACK_SIGNING_SECRET" in result.stderr
