"""`roundtable-bot ask` as scripts and evaluations use it: a real process on a real SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.processes import run_cli


def test_ask_prints_the_answer_and_its_dated_source(tmp_path: Path) -> None:
    result = run_cli("ask", "When did the UN guy visit Kazakhstan?", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    first, *sources = result.stdout.splitlines()
    assert first.startswith("25 March – 4 April 2014")
    # The report's section that tells of the visit, dated by the visit it tells of.
    assert "Source: The coalition's report on its dialogue with Kazakhstan" in sources[0]
    assert "“The U.N. Special Rapporteur’s Subsequent Trip to Kazakhstan”" in sources[0]
    assert sources[0].endswith(", 25 March – 4 April 2014")


def test_ask_names_a_document_once_however_many_of_its_passages_the_answer_draws_on(
    tmp_path: Path,
) -> None:
    result = run_cli("ask", "Which recommendations are still open?", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    sources = [line for line in result.stdout.splitlines() if line.startswith("  Source: ")]
    assert len(sources) == len(set(sources)) >= 1


def test_ask_json_reads_one_question_a_line_and_prints_one_object_a_line(tmp_path: Path) -> None:
    questions = [
        "status of rt3?",
        "",
        "What is the capital of France?",
        '"NEAR" OR * ' + "x" * 10_000,
        "How many ppl came to the breakfast?",
    ]
    result = run_cli("ask", "--json", "-", cwd=tmp_path, stdin="\n".join(questions) + "\n")

    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(answers) == len(questions)
    for answer in answers:
        assert set(answer) == {"answer", "found", "sources"}
        for source in answer["sources"]:
            assert set(source) == {"title", "date", "excerpt"}
    assert answers[0]["found"] is True
    assert answers[0]["answer"].startswith("RT-3 is partially implemented, as of 19 November 2014")
    assert answers[0]["sources"][0]["date"] == "2014-11-19"
    assert [a["found"] for a in answers[1:4]] == [False, False, False]
    assert "15 participants" in answers[4]["answer"]
