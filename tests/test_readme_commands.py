"""Every `roundtable-bot …` example in the README's command blocks runs as written, in order, on
a fresh store, and succeeds; synopses with placeholders (FILE, [--option], <…>) are not examples.
A deadline or start an example gives is kept as written while it is still ahead; once it has
passed it moves on by whole years, so that "a deadline next month" stays one."""

from __future__ import annotations

import datetime as dt
import re
import shlex
from pathlib import Path

from tests.support.processes import run_cli

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"\[|<|\bFILE\b|\bREF\b|\bN\b")
# A deadline or a start must lie ahead; a record's own date may well be past.
DATE = re.compile(r"(--deadline |--start )(20\d\d)-(\d\d)-(\d\d)")


def examples() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```sh\n(.*?)```", readme, re.S)
    lines = [line.split("  #")[0].strip() for block in blocks for line in block.splitlines()]
    return [
        line
        for line in lines
        if line.startswith("roundtable-bot ") and not PLACEHOLDER.search(line)
    ]


def still_ahead(line: str, today: dt.date) -> str:
    def ahead(match: re.Match[str]) -> str:
        option = match.group(1)
        year, month, day = (int(part) for part in match.groups()[1:])
        while dt.date(year, month, day) <= today + dt.timedelta(days=1):
            year += 1
        return f"{option}{year:04d}-{month:02d}-{day:02d}"

    return DATE.sub(ahead, line)


def test_every_command_example_in_the_readme_runs_as_written(tmp_path: Path) -> None:
    found = examples()
    # The letters and meetings examples at least: a README that lost them should fail here.
    assert any(" letters create " in line for line in found), found
    assert any(" meetings add " in line for line in found), found
    (tmp_path / "letter.md").write_text("We urge a review of the 2011 Religion Law.\n")
    (tmp_path / "minutes.md").write_text(
        "# Minutes\n\nThe working group met in February and agreed to meet again in May.\n"
    )
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'roundtable.db'}"}
    for line in found:
        args = shlex.split(still_ahead(line, dt.date.today()))[1:]
        result = run_cli(*args, cwd=tmp_path, env=env)
        assert result.returncode == 0, (line, result.stderr)
        assert "Traceback" not in result.stderr, (line, result.stderr)
