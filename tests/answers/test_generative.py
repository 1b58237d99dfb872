"""The generative reader's contract, against a fake OpenAI-compatible server on loopback: a good
reply is shown with its citations and sources; an invented quotation, a citation of a passage it
was not given, a slow server, a 500 or a decline each give the extractive answer instead. With no
model set up (the default) nothing is sent anywhere."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.answers.engine import Answer, answer_question
from bot.answers.generative import DECLINE, Draft, GenerativeReader, draft
from bot.services import Services
from bot.settings import Settings
from storage.db import Store
from storage.extraction import read_record
from storage.models import utcnow
from storage.records import add_record
from tests.records.samples import NOTES_MARKDOWN, NOTES_TITLE
from tests.support import signed
from tests.support.bot_server import SIGNING_SECRET, bot_settings, running_bot
from tests.support.fake_llm import FakeLLM
from tests.support.fake_slack import FakeSlack
from tests.support.processes import run_cli

QUESTION = "Who hosted the meeting with the regional commissioner in Shymkent?"
QUOTE = "was hosted by Bolat Nurlanov, the commissioner's chief of staff"


def number_of(passages: list[str], words: str) -> int:
    return next(i for i, text in enumerate(passages, start=1) if words in text)


def good(passages: list[str]) -> str:
    n = number_of(passages, QUOTE)
    return f"Bolat Nurlanov, the commissioner's chief of staff [{n}]: the meeting “{QUOTE}” [{n}]."


@pytest.fixture
def store(seeded_store: Store) -> Store:
    seeded_store.call(add_record, read_record("shymkent.md", NOTES_MARKDOWN.encode()), utcnow())
    return seeded_store


@pytest.fixture
def llm() -> Iterator[FakeLLM]:
    with FakeLLM(good) as fake:
        yield fake


async def compose(
    store: Store, llm: FakeLLM, question: str = QUESTION, seconds: float = 8.0
) -> tuple[Answer, Draft]:
    reader = GenerativeReader(llm.url, "test-model", "sk-test", seconds)
    drafted = store.call(draft, question)
    return await reader.compose(question, drafted), drafted


async def test_a_good_reply_is_the_answer_with_its_cited_sources(
    store: Store, llm: FakeLLM
) -> None:
    answer, drafted = await compose(store, llm)
    assert answer.text == (
        f"Bolat Nurlanov, the commissioner's chief of staff [1]: the meeting “{QUOTE}” [1]."
    )
    assert answer.found is True
    (source,) = answer.sources
    assert source.title.startswith(NOTES_TITLE)
    assert QUOTE in source.excerpt
    (request,) = llm.requests
    assert request["model"] == "test-model"
    assert "using only the numbered passages" in request["messages"][0]["content"]
    assert request["messages"][1]["content"].endswith(f"Question: {QUESTION}")
    assert llm.headers[0]["Authorization"] == "Bearer sk-test"
    assert len(drafted.passages) > 1  # the model was given more than the one it cited


@pytest.mark.parametrize(
    "reply",
    [
        # an invented quotation
        lambda ps: (
            f"Bolat Nurlanov “hosted the meeting in his own office” [{number_of(ps, QUOTE)}]."
        ),
        # a citation of a passage it was not given
        lambda ps: f"Bolat Nurlanov hosted it [{len(ps) + 1}].",
        # a true quotation, but from a passage it does not cite
        lambda ps: f"“{QUOTE}” [{1 if number_of(ps, QUOTE) != 1 else 2}].",
        # no citation at all
        lambda ps: "Bolat Nurlanov hosted it.",
        # a decline
        lambda ps: DECLINE,
    ],
    ids=["invented quote", "wrong citation", "quote not in cited passage", "uncited", "decline"],
)
async def test_a_reply_that_fails_a_check_gives_the_extractive_answer(
    store: Store, llm: FakeLLM, reply: object
) -> None:
    llm.reply = reply  # type: ignore[assignment]
    answer, drafted = await compose(store, llm)
    assert len(llm.requests) == 1
    assert answer == drafted.answer == store.call(answer_question, QUESTION)
    assert "Bolat Nurlanov" in answer.text


async def test_a_slow_server_or_a_500_gives_the_extractive_answer(
    store: Store, llm: FakeLLM
) -> None:
    llm.delay = 3.0
    started = time.perf_counter()
    answer, drafted = await compose(store, llm, seconds=0.5)
    assert time.perf_counter() - started < 2.0
    assert answer == drafted.answer

    llm.delay, llm.status = 0.0, 500
    answer, drafted = await compose(store, llm)
    assert answer == drafted.answer
    assert len(llm.requests) == 2


async def test_answers_from_the_tables_never_go_to_the_model(store: Store, llm: FakeLLM) -> None:
    answer, _ = await compose(store, llm, "What is the status of RT-3?")
    assert answer.text.startswith("RT-3 is")
    assert llm.requests == []


def test_with_no_model_set_up_there_is_no_generative_reader(database_url: str) -> None:
    settings = Settings(_env_file=None, DATABASE_URL=database_url)
    assert settings.has_llm is False
    assert GenerativeReader.from_settings(settings) is None
    assert Services(settings, Store.from_url(database_url)).generative is None


async def test_slack_acknowledges_at_once_and_the_answer_replaces_it(
    fake_slack: FakeSlack, store: Store, database_url: str, llm: FakeLLM
) -> None:
    settings = bot_settings(
        fake_slack, database_url, ROUNDTABLE_LLM_URL=llm.url, ROUNDTABLE_LLM_MODEL="test-model"
    )
    async with running_bot(settings, store) as bot:
        message = signed.dm_message(QUESTION, ts="1700000100.000100")
        await bot.post(signed.event_callback(SIGNING_SECRET, message))
        (working,) = await fake_slack.wait_for_async("chat.postMessage")
        assert working.params["text"] == "Looking through the coalition's records…"
        (update,) = await fake_slack.wait_for_async("chat.update", timeout=10)
        assert update.params["ts"] == fake_slack.history["D111"][0]["ts"]
        assert update.params["text"].startswith("Bolat Nurlanov, the commissioner's chief of")
        assert f"• _{NOTES_TITLE}, “The visit”_" in update.params["text"]

        acked = await bot.post(
            signed.slash_command(
                SIGNING_SECRET, f"ask {QUESTION}", response_url=fake_slack.response_url("ask")
            )
        )
        assert acked.seconds < 3.0
        assert acked.body == "Looking through the coalition's records…"
        (reply,) = await fake_slack.wait_for_async("response_url:ask", timeout=10)
        assert reply.params["replace_original"] is True
        assert reply.params["text"].startswith("Bolat Nurlanov")


def test_ask_json_names_the_record_from_the_cli_with_a_model(tmp_path: Path, llm: FakeLLM) -> None:
    notes = tmp_path / "shymkent.md"
    notes.write_text(NOTES_MARKDOWN)
    assert run_cli("records", "add", str(notes), cwd=tmp_path).returncode == 0
    env = {"ROUNDTABLE_LLM_URL": llm.url, "ROUNDTABLE_LLM_MODEL": "test-model"}
    result = run_cli("ask", "--json", QUESTION, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["answer"].startswith("Bolat Nurlanov, the commissioner's chief of staff [1]")
    assert [s["title"] for s in answer["sources"]] == [f"{NOTES_TITLE}, “The visit”"]
    assert len(llm.requests) == 1
