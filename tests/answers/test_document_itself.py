"""Questions about a document itself ("these minutes", "the trip report"): its date, its author
and who approved it, read from the particulars under its title."""

from __future__ import annotations

from bot.answers.engine import Answer, answer_question
from storage.db import Store
from storage.documents import chunk, ingest

_TITLE = "Minutes of the Fishing Guild's Harbour Meetings, Spring 2031"
_MINUTES = f"""# {_TITLE}

Date: 4 June 2031

Prepared for the members of the guild by its secretary, Mr. Petar Dimov. Approved by the guild's
chair on 1 June 2031.

## The first meeting

On 3 March 2031 the guild met the harbour council. Ms. Irina Volkova, who keeps the guild's
accounts, read the report of the winter season. The boats were dated by their hulls and the
oldest was built in 1990.

## The second meeting

On 12 April 2031 the council agreed to keep the north harbour open for the small boats.
"""


def _asked(store: Store, question: str) -> Answer:
    weather = "".join(
        f"\n\n## Weather in {season}\n\nIt rained in the {season} and the hills were green."
        for season in ["spring", "summer", "autumn", "winter", "monsoon", "harvest"]
    )
    store.call(ingest, "minutes", _TITLE, _MINUTES + weather)
    return store.call(answer_question, question)


def test_a_date_line_under_the_title_is_no_heading() -> None:
    first = chunk(_MINUTES, _TITLE)[0]

    assert first.section == _TITLE
    assert first.text.startswith("Date: 4 June 2031\n")


def test_these_minutes_are_dated_by_their_date_line(store: Store) -> None:
    answer = _asked(store, "What date are these harbour minutes dated?")

    assert answer.found, answer.text
    assert answer.text.startswith("4 June 2031:")


def test_who_wrote_the_minutes_is_who_prepared_them(store: Store) -> None:
    answer = _asked(store, "Who wrote up these minutes?")

    assert answer.found, answer.text
    assert "Petar Dimov" in answer.text.split("…")[0]


def test_a_question_that_asks_no_particular_is_not_answered_by_one(store: Store) -> None:
    # "Who read the report?" asks of what the minutes tell: the line of who prepared them names
    # the document, not who read anything.
    answer = _asked(store, "Who read the report of the winter season?")

    assert answer.found, answer.text
    assert "Irina Volkova" in answer.text
    assert "Petar Dimov" not in answer.text


_PRESS = """# Press cuttings, 2031

The cuttings below are reproduced as printed.

## Harbour court fines ferry company

By Ann Writer, The Harbour Gazette, 12 June 2031

A judge in the port town of Saltby fined the ferry company for sailing without a licence. The
company said it would appeal the fine.
"""


def test_a_byline_says_who_wrote_the_article_under_its_heading(store: Store) -> None:
    others = "".join(
        f"\n\n## Notes of day {day}\n\nIt rained on day {day} and the hills were green."
        for day in range(1, 12)
    )
    store.call(ingest, "press", "Press cuttings, 2031", _PRESS + others)

    answer = store.call(answer_question, "Who wrote the article about the Saltby ferry fine?")

    assert answer.found, answer.text
    assert answer.text.startswith("By Ann Writer, The Harbour Gazette")
    assert "Harbour court fines ferry company" in answer.sources[0].title
