"""Why a request was refused: the refusal and the reason given with it, never the request."""

from __future__ import annotations

from bot.answers.engine import Answer, answer_question
from storage.db import Store
from storage.documents import ingest

_EXCHANGE = """Letter from the guild to the harbour council

We therefore make the following requests to the council. That the council suspend the mooring
fees for small boats until the new quay is built. That the council publish the names of the
harbour inspectors and a lower quorum of members for the guild's meetings.

Reply from the harbour council

On the first request, the council cannot suspend the fees. The fees are set by the port
authority, and the council has no power to change them. On the second request, the council
declines. Any change to the quorum would need a vote of the city assembly. The council notes that
it cannot publish the names of individual experts, for reasons of their safety."""


def asked_of(store: Store, text: str, question: str) -> Answer:
    """Asked of the exchange in a library of many other sections: a library's subject words
    are rare in it, and so searched for."""
    others = "".join(
        f"\n\nNotes of day {day}\n\nIt rained on day {day} and the {hill} hills were green."
        for day in range(1, 25)
        for hill in ("north", "south")[day % 2 :][:1]
    )
    store.call(ingest, "document", "Document", text + others)
    return store.call(answer_question, question)


def test_why_a_request_was_refused_is_answered_by_the_reason(store: Store) -> None:
    answer = asked_of(store, _EXCHANGE, "Why did the council refuse to suspend the mooring fees?")

    assert answer.found, answer.text
    assert "no power to change them" in answer.text
    assert not answer.text.startswith("That the council")


def test_turned_down_is_read_as_refused(store: Store) -> None:
    answer = asked_of(store, _EXCHANGE, "why was the lower quorum of members turned down")

    assert answer.found, answer.text
    assert "city assembly" in answer.text


def test_whether_names_are_published_asks_no_name(store: Store) -> None:
    # "Will they publish the names …?" asks whether, and why not: no one's name answers it.
    answer = asked_of(store, _EXCHANGE, "will they publish the names of the experts? why not")

    assert answer.found, answer.text
    assert "for reasons of their safety" in answer.text
