"""A made-up document asked of in a library of many other sections: its subject words are rare
there, and so searched for, as in the coalition's records."""

from __future__ import annotations

from bot.answers.engine import Answer, answer_question
from storage.db import Store
from storage.documents import ingest


def asked_in_library(store: Store, text: str, question: str) -> Answer:
    others = "".join(
        f"\n\nNotes of day {day}\n\nIt rained on day {day} and the hills were green."
        for day in range(1, 25)
    )
    store.call(ingest, "document", "Document", text + others)
    return store.call(answer_question, question)
