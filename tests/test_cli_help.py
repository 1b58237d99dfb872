"""The values `roundtable-bot … --help` gives as examples ("such as …") are accepted as written:
each is read from the help itself and used in a real command on a fresh store (a start or a
deadline that has passed moves on by whole years, as in the README test)."""

from __future__ import annotations

import argparse
import datetime as dt
import re
from pathlib import Path

from bot.cli import parser
from tests.support.processes import run_cli
from tests.test_readme_commands import still_ahead

SUCH_AS = re.compile(r"such as ((?:'[^']+')|[^\s;)]+)")


def _values(help_text: str) -> list[str]:
    return [value.strip("'").rstrip(",") for value in SUCH_AS.findall(help_text)]


def help_examples() -> dict[str, list[str]]:
    """`"letters create --deadline"` -> the examples its help gives, in order."""
    found: dict[str, list[str]] = {}

    def walk(command: argparse.ArgumentParser, path: str) -> None:
        for action in command._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    walk(sub, f"{path} {name}".strip())
            elif values := _values(action.help or ""):
                # An option by its flag, an argument by its name.
                name = action.option_strings[-1] if action.option_strings else action.dest
                found[f"{path} {name}"] = values

    walk(parser(), "")
    return found


def test_every_value_the_help_gives_as_an_example_is_accepted(tmp_path: Path) -> None:
    examples = help_examples()
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'roundtable.db'}"}
    (tmp_path / "letter.md").write_text("We urge a review.\n")
    (tmp_path / "notes.md").write_text("# Notes\n\nThe working group met in March.\n")
    today = dt.date.today()

    def run(*args: str) -> str:
        result = run_cli(*args, cwd=tmp_path, env=env)
        assert result.returncode == 0, (args, result.stderr)
        return result.stdout

    def ahead(value: str) -> str:
        return still_ahead(f"--start {value}", today).removeprefix("--start ")

    for deadline in examples["letters create --deadline"]:
        run(
            *("letters", "create", "--title", "Letter", "--body-file", "letter.md"),
            *("--deadline", ahead(deadline), "--timezone", "Asia/Almaty"),
            *("--channel", examples["letters create --channel"][0], "--draft"),
        )
    run("letters", "signatures", examples["letters signatures ref"][0])
    for start in examples["meetings add --start"]:
        made = run(
            *("meetings", "add", "--title", "Call", "--start", ahead(start)),
            *("--channel", examples["meetings add --channel"][0]),
            *("--timezone", examples["meetings add --timezone"][0]),
            *("--remind", examples["meetings add --remind"][0]),
        )
        assert re.fullmatch(r"M\d+\n", made), made
    for date in examples["records add --date"]:
        run(
            *("records", "add", "notes.md", "--date", date),
            *("--source", examples["records add --source"][0]),
        )
    assert "U0123ABCD" in examples["console --user"]
