"""The retention period: questions, profiles, withdrawn signatures and sent messages older than
ROUNDTABLE_RETENTION_DAYS are deleted by the bot's hourly job and by `roundtable-bot privacy
prune`; what is younger, and every signature still given, stays."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from slack_sdk.web.async_client import AsyncWebClient
from sqlmodel import func, select

from bot.app import periodic_jobs
from bot.services import Services
from bot.settings import Settings
from jobs.retention import prune_expired
from storage import letters, people, signatures
from storage.db import Store
from storage.models import (
    AnswerFeedback,
    OutboxKind,
    OutboxMessage,
    Person,
    Question,
    Signature,
)
from storage.outbox import Outgoing, enqueue
from storage.questions import record_feedback, record_question
from tests.support.processes import run_cli

NOW = datetime.now(UTC).replace(microsecond=0)  # the CLI reads the real clock
OLD = NOW - timedelta(days=100)
RECENT = NOW - timedelta(days=10)


def keep_and_expire(store: Store) -> None:
    """One of each, old and recent."""
    for user, when in (("U1OLD", OLD), ("U2NEW", RECENT)):
        question = store.call(record_question, user, f"question of {user}", "", True)
        store.call(record_feedback, question, user, True)
        with store.session() as session:
            row = session.get(Question, question)
            assert row is not None
            row.asked_at = when
            session.add(row)
            session.commit()
        store.call(people.remember_person, user, when, name=f"Name {user}")
    draft = letters.LetterDraft.checked(
        title="A letter",
        body="We urge reform.",
        deadline=NOW + timedelta(days=30),
        timezone="UTC",
        channel_id="C200",
    )
    letter = store.call(letters.create_letter, draft, "UCOORD1", OLD - timedelta(days=1))
    store.call(letters.publish_letter, letter.ref, "UCOORD1", OLD - timedelta(days=1))
    details = signatures.SignerDetails.checked(
        name="Someone", title="", organization="Org", on_behalf=False
    )
    for user, signed_at, withdrawn_at in (
        ("U4GONE", OLD - timedelta(hours=1), OLD),  # withdrawn long ago: pruned
        ("U5BACK", OLD - timedelta(hours=1), RECENT),  # withdrawn lately: kept
        ("U3SIGNED", OLD - timedelta(hours=1), None),  # still signed: kept however old
    ):
        store.call(signatures.sign, letter.ref, user, details, signed_at)
        if withdrawn_at is not None:
            store.call(signatures.withdraw, letter.ref, user, withdrawn_at)
    store.call(enqueue, Outgoing(OutboxKind.POST, text="an old DM", channel="U1OLD"), now=OLD)
    with store.session() as session:
        for message in session.exec(select(OutboxMessage)):
            message.status = "sent"
            session.add(message)
        session.commit()


def counts(store: Store) -> dict[str, int]:
    with store.session() as session:
        return {
            model.__name__: int(session.exec(select(func.count()).select_from(model)).one())
            for model in (Question, AnswerFeedback, Person, Signature, OutboxMessage)
        }


async def test_the_hourly_job_prunes_what_is_older_than_the_retention_period(store: Store) -> None:
    keep_and_expire(store)
    before = counts(store)

    pruned = await prune_expired(store, lambda: NOW, timedelta(days=90))

    assert pruned.as_json() == {
        "questions": 1,
        "profiles": 4,  # U1OLD's, and the signers' (remembered when they signed, long ago)
        "withdrawn_signatures": 1,
        "messages": 1,
    }
    after = counts(store)
    assert after == {
        "Question": before["Question"] - 1,
        "AnswerFeedback": before["AnswerFeedback"] - 1,
        "Person": before["Person"] - 4,
        "Signature": before["Signature"] - 1,
        "OutboxMessage": 0,
    }
    with store.session() as session:
        assert {s.user_id for s in session.exec(select(Signature))} == {"U5BACK", "U3SIGNED"}
        assert [q.asked_by for q in session.exec(select(Question))] == ["U2NEW"]
        assert [p.user_id for p in session.exec(select(Person))] == ["U2NEW"]
    again = await prune_expired(store, lambda: NOW, timedelta(days=90))
    assert set(again.as_json().values()) == {0}


async def test_the_bot_runs_it_every_hour_with_the_setting(store: Store, database_url: str) -> None:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        DATABASE_URL=database_url,
        ROUNDTABLE_RETENTION_DAYS=200,  # type: ignore[arg-type]
    )
    assert Settings(_env_file=None).retention_days == 90  # type: ignore[call-arg]
    keep_and_expire(store)
    services = Services(settings, store, clock=lambda: NOW, slack=AsyncWebClient(token="xoxb-t"))
    (job,) = [job for job in periodic_jobs(services) if job.id == "privacy-retention"]
    assert job.seconds == 3600
    await job.run()
    assert counts(store)["Question"] == 2  # 100 days is within 200
    services.clock = lambda: NOW + timedelta(days=150)
    await job.run()
    assert counts(store)["Question"] == 1


def test_roundtable_bot_privacy_prune_deletes_and_prints_the_counts(
    tmp_path: Path, store: Store, database_url: str
) -> None:
    if not database_url.startswith("sqlite"):
        return  # one process test is enough; the rule itself runs on both databases above
    keep_and_expire(store)
    result = run_cli(
        "privacy",
        "prune",
        "--days",
        "1",
        "--json",
        cwd=tmp_path,
        env={"DATABASE_URL": database_url},
    )
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    # Everything here is older than a day (by the real clock) but the signature still given.
    assert printed["days"] == 1
    assert printed["questions"] == 2
    assert printed["withdrawn_signatures"] == 2
    with store.session() as session:
        assert [s.user_id for s in session.exec(select(Signature))] == ["U3SIGNED"]
    refused = run_cli(
        "privacy", "prune", "--days", "0", cwd=tmp_path, env={"DATABASE_URL": database_url}
    )
    assert refused.returncode == 2
    assert "--days" in refused.stderr
