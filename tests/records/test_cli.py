"""`roundtable-bot records add|list|remove` and `ask` as a coordinator's terminal uses them: real
processes on a real SQLite file, with a PDF and a Word document made in the test."""

from __future__ import annotations

import json
from pathlib import Path

from tests.records.samples import BRIEFING, BRIEFING_TITLE, MINUTES, MINUTES_TITLE, lines
from tests.support.documents import docx_bytes, image_only_pdf, paged, pdf_bytes
from tests.support.processes import run_cli


def ask(tmp_path: Path, question: str) -> dict[str, object]:
    result = run_cli("ask", "--json", question, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    answer: dict[str, object] = json.loads(result.stdout)
    return answer


def titles(answer: dict[str, object]) -> list[str]:
    sources = answer["sources"]
    assert isinstance(sources, list)
    return [str(source["title"]) for source in sources]


def test_a_pdf_and_a_word_document_added_from_the_cli_are_answered_from(tmp_path: Path) -> None:
    pdf = tmp_path / "almaty-minutes.pdf"
    pdf.write_bytes(pdf_bytes(paged(lines(MINUTES)), title=MINUTES_TITLE))
    word = tmp_path / "karaganda.docx"
    word.write_bytes(docx_bytes(BRIEFING, title=BRIEFING_TITLE))

    added = run_cli("records", "add", str(pdf), "--date", "2026-02-12", "--json", cwd=tmp_path)
    assert added.returncode == 0, added.stderr
    record = json.loads(added.stdout)
    assert record["title"] == MINUTES_TITLE
    assert record["added"] is True
    assert record["passages"] >= 1
    added = run_cli("records", "add", str(word), "--source", "Working group", cwd=tmp_path)
    assert added.returncode == 0, added.stderr
    assert added.stdout.split("\t")[2].strip() == BRIEFING_TITLE

    answer = ask(tmp_path, "Who chaired the roundtable?")
    assert "Aigerim Sadykova" in str(answer["answer"])[:400]
    assert titles(answer)[0].startswith(MINUTES_TITLE)
    answer = ask(tmp_path, "How many religious associations applied for re-registration?")
    assert "Seventeen" in str(answer["answer"])[:400]
    assert titles(answer)[0].startswith(BRIEFING_TITLE)

    listed = run_cli("records", "list", "--json", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    library = {row["title"]: row for row in json.loads(listed.stdout)}
    assert library[MINUTES_TITLE]["date"] == "2026-02-12"
    assert library[BRIEFING_TITLE]["source"] == "Working group"
    # The seed report is the first record, cut from its full text like any other.
    assert json.loads(listed.stdout)[0]["ref"] == "D1"


def test_the_same_file_twice_changes_nothing_and_a_removed_record_is_not_cited(
    tmp_path: Path,
) -> None:
    pdf = tmp_path / "minutes.pdf"
    pdf.write_bytes(pdf_bytes(paged(lines(MINUTES)), title=MINUTES_TITLE))
    first = json.loads(run_cli("records", "add", str(pdf), "--json", cwd=tmp_path).stdout)
    again = run_cli("records", "add", str(pdf), "--json", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout) == {**first, "added": False}

    removed = run_cli("records", "remove", first["ref"], cwd=tmp_path)
    assert removed.returncode == 0, removed.stderr
    assert removed.stdout.startswith(f"removed {first['ref']}")
    answer = ask(tmp_path, "Who chaired the roundtable?")
    assert "Sadykova" not in json.dumps(answer)
    assert not any(title.startswith(MINUTES_TITLE) for title in titles(answer))


def test_a_bad_file_gets_one_clear_line_and_stores_nothing(tmp_path: Path) -> None:
    # Every kind of bad file is checked in test_extraction.py; here, how the terminal says it.
    (tmp_path / "scan.pdf").write_bytes(image_only_pdf())
    result = run_cli("records", "add", str(tmp_path / "scan.pdf"), cwd=tmp_path)
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith("roundtable-bot: “scan.pdf” holds no text I can read"), line

    refused = run_cli("records", "remove", "D1", cwd=tmp_path)
    assert refused.returncode == 1
    assert "seed data" in refused.stderr
    listed = run_cli("records", "list", "--json", cwd=tmp_path)
    assert [row["ref"] for row in json.loads(listed.stdout)] == ["D1"]
