"""`roundtable-bot meetings add|cancel|list` as a coordinator runs them in a terminal."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.processes import run_cli


def test_add_list_and_cancel_from_the_terminal(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'meetings.db'}"}

    def cli(*args: str) -> tuple[int, str, str]:
        result = run_cli("meetings", *args, cwd=tmp_path, env=env)
        return result.returncode, result.stdout, result.stderr

    code, out, _ = cli(
        "add", "--title", "Embassy call", "--start", "2030-12-10T09:00-05:00",
        "--channel", "C0DIALOG", "--remind", "7d,1h,30m", "--invite", "U1AAA,U2BBB",
    )  # fmt: skip
    assert (code, out) == (0, "M1\n")

    code, out, _ = cli("list", "--json")
    (listed,) = json.loads(out)
    assert listed["id"] == 1
    assert listed["timezone"] == "America/New_York"
    assert listed["starts_at"] == "2030-12-10T14:00:00+00:00"
    assert listed["remind"] == "7d,1h,30m"

    code, out, _ = cli("list")
    assert out.splitlines() == [
        "ID  START (America/New_York)  CHANNEL   TITLE",
        "M1  Tue 2030-12-10 09:00 EST  C0DIALOG  Embassy call",
    ]

    code, out, _ = cli("cancel", "M1", "--json")
    assert (code, json.loads(out)["status"]) == (0, "cancelled")
    assert cli("list", "--json")[1].strip() == "[]"

    code, out, err = cli("add", "--title", "X", "--start", "2030-12-10T09:00", "--remind", "1w")
    assert code == 2  # argparse: --channel is required, and --help says so
    assert out == ""
    assert "the following arguments are required: --channel" in err
    code, _, err = cli("cancel", "42")
    assert code == 1
    assert "no meeting M42" in err
