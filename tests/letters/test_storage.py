"""The letter rules, on SQLite and PostgreSQL: one signature per person, no change after the
deadline or on a closed letter, versions and re-confirmation, and the audit trail."""

from __future__ import annotations

import csv
import io
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, col, select

from storage import letter_exports, letter_reminders, letters, outbox, people, signatures
from storage.db import Store
from storage.errors import Closed, InvalidInput, NotFound, UserError
from storage.models import Letter, LetterChange, LetterStatus, OutboxKind, OutboxStatus, Signature

NOW = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
DEADLINE = datetime(2026, 12, 15, 22, 0, tzinfo=UTC)
COORDINATOR = "UCOORD1"


def draft(**changes: object) -> letters.LetterDraft:
    values: dict[str, object] = {
        "title": "Letter on the 2011 Religion Law",
        "body": "We, the undersigned, *urge* the repeal of article 7.",
        "deadline": DEADLINE,
        "timezone": "America/New_York",
        "channel_id": "C111",
        "addressees": "U.S. government leaders",
    }
    return letters.LetterDraft.checked(**(values | changes))  # type: ignore[arg-type]


def details(
    name: str = "Aigerim N.", organization: str = "Faith Org", **more: object
) -> signatures.SignerDetails:
    values: dict[str, object] = {"name": name, "title": "Director", "organization": organization}
    return signatures.SignerDetails.checked(**({"on_behalf": True} | values | more))  # type: ignore[arg-type]


def published(store: Store, **changes: object) -> int:
    letter = store.call(letters.create_letter, draft(**changes), COORDINATOR, NOW)
    store.call(letters.publish_letter, letter.ref, COORDINATOR, NOW)
    assert letter.id is not None
    store.call(letters.record_message, letter.id, "C111", "1700000000.000100")
    return letter.id


def actions(store: Store, letter_id: int) -> list[tuple[str, str]]:
    with store.session() as session:
        rows = session.exec(
            select(LetterChange)
            .where(LetterChange.letter_id == letter_id)
            .order_by(col(LetterChange.id))
        ).all()
        return [(row.actor, row.action) for row in rows]


def test_signing_twice_keeps_one_signature_and_updates_it(store: Store) -> None:
    letter_id = published(store)

    first = store.call(signatures.sign, f"L{letter_id}", "U1", details(), NOW)
    again = store.call(signatures.sign, f"l{letter_id}", "U1", details(), NOW)
    changed = store.call(signatures.sign, letter_id, "U1", details(organization="Other Org"), NOW)

    assert [first.result, again.result, changed.result] == ["signed", "unchanged", "updated"]
    with store.session() as session:
        (signature,) = session.exec(select(Signature)).all()
    assert signature.organization == "Other Org"
    assert store.call(signatures.signature_count, letter_id) == 1
    assert actions(store, letter_id)[-2:] == [("U1", "sign"), ("U1", "resign")]
    # The last organization is remembered for the next letter's form.
    remembered = store.call(people.person, "U1")
    assert remembered is not None
    assert remembered.organization == "Other Org"


def test_concurrent_signatures_of_the_same_person_leave_one_row(store: Store) -> None:
    letter_id = published(store)

    def sign(user: str) -> str:
        return store.call(signatures.sign, letter_id, user, details(), NOW).result

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(sign, ["U1"] * 8 + ["U2"] * 8))

    assert sorted(results).count("signed") == 2
    assert store.call(signatures.signature_count, letter_id) == 2


def test_no_signing_or_withdrawing_after_the_deadline_or_when_closed(store: Store) -> None:
    letter_id = published(store)
    store.call(signatures.sign, letter_id, "U1", details(), NOW)
    late = DEADLINE + timedelta(seconds=1)

    with pytest.raises(Closed, match=r"deadline for L\d+ has passed"):
        store.call(signatures.sign, letter_id, "U2", details(), late)
    with pytest.raises(Closed, match="deadline"):
        store.call(signatures.withdraw, letter_id, "U1", late)

    store.call(letters.close_letter, letter_id, COORDINATOR, NOW)
    with pytest.raises(Closed, match="is closed"):
        store.call(signatures.sign, letter_id, "U2", details(), NOW)
    with pytest.raises(Closed, match="is closed"):
        store.call(signatures.withdraw, letter_id, "U1", NOW)
    assert store.call(signatures.signature_count, letter_id) == 1


def test_withdrawal_then_signing_again_restores_the_same_signature(store: Store) -> None:
    letter_id = published(store)
    store.call(signatures.sign, letter_id, "U1", details(), NOW)

    store.call(signatures.withdraw, letter_id, "U1", NOW)
    assert store.call(signatures.signature_count, letter_id) == 0
    with pytest.raises(UserError, match="nothing to withdraw"):
        store.call(signatures.withdraw, letter_id, "U1", NOW)

    assert store.call(signatures.sign, letter_id, "U1", details(), NOW).result == "updated"
    assert store.call(signatures.signature_count, letter_id) == 1
    assert [a for _, a in actions(store, letter_id)] == [
        "create",
        "publish",
        "sign",
        "withdraw",
        "resign",
    ]


def test_a_changed_text_raises_the_version_and_asks_earlier_signers_to_confirm(
    store: Store,
) -> None:
    letter_id = published(store)
    store.call(signatures.sign, letter_id, "U1", details(), NOW)
    store.call(signatures.sign, letter_id, "U2", details(name="Bob"), NOW)

    outcome = store.call(
        letters.edit_letter, letter_id, draft(body="A better text."), COORDINATOR, NOW
    )
    assert outcome.letter.version == 2
    assert sorted(outcome.reconfirm) == ["U1", "U2"]
    # Only the deadline changing is not a new version.
    same = store.call(
        letters.edit_letter,
        letter_id,
        draft(body="A better text.", addressees="Congress"),
        COORDINATOR,
        NOW,
    )
    assert (same.letter.version, same.reconfirm) == (2, [])

    confirmed = store.call(signatures.sign, letter_id, "U1", details(), NOW)
    assert (confirmed.result, confirmed.signature.letter_version) == ("updated", 2)
    letter = store.call(letters.find_letter, letter_id)
    signed = store.call(signatures.active_signatures, letter_id)
    rows = list(csv.DictReader(io.StringIO(letter_exports.export_csv(signed))))
    assert {r["name"]: r["letter_version"] for r in rows} == {"Aigerim N.": "2", "Bob": "1"}
    text = letter_exports.export_text(letter, signed)
    assert "Bob, Director, Faith Org — signed version 1" in text
    assert "A better text." in text


def test_coordinator_changes_are_checked_and_audited(store: Store) -> None:
    letter_id = published(store)
    with pytest.raises(Closed, match="already published"):
        store.call(letters.publish_letter, letter_id, COORDINATOR, NOW)
    with pytest.raises(InvalidInput, match="later than the current"):
        store.call(
            letters.extend_deadline, letter_id, DEADLINE - timedelta(days=1), COORDINATOR, NOW
        )

    store.call(letters.extend_deadline, letter_id, DEADLINE + timedelta(days=2), COORDINATOR, NOW)
    store.call(letters.close_letter, letter_id, COORDINATOR, NOW)
    with pytest.raises(Closed):
        store.call(letters.close_letter, letter_id, COORDINATOR, NOW)
    store.call(letters.reopen_letter, letter_id, COORDINATOR, NOW)

    assert [a for _, a in actions(store, letter_id)] == [
        "create",
        "publish",
        "extend",
        "close",
        "reopen",
    ]
    assert store.call(signatures.sign, letter_id, "U1", details(), NOW).result == "signed"


def test_bad_input_gets_a_clear_message_and_stores_nothing(store: Store) -> None:
    letter_id = published(store)
    with pytest.raises(InvalidInput, match="Organization is empty"):
        details(organization="  \x00 ")
    with pytest.raises(InvalidInput, match="Organization is too long"):
        details(organization="x" * 10_000)
    with pytest.raises(NotFound, match="no letter L999"):
        store.call(signatures.sign, "L999", "U1", details(), NOW)
    with pytest.raises(NotFound, match="not a letter reference"):
        store.call(signatures.sign, "<!channel>", "U1", details(), NOW)
    with pytest.raises(InvalidInput, match="already passed"):
        store.call(
            letters.create_letter, draft(deadline=NOW - timedelta(hours=1)), COORDINATOR, NOW
        )
    # Control characters are dropped; markup is kept as typed (and escaped when shown).
    kept = store.call(
        signatures.sign, letter_id, "U1", details(organization="<!here> Org\x07"), NOW
    )
    assert kept.signature.organization == "<!here> Org"
    assert store.call(signatures.signature_count, letter_id) == 1


def test_a_draft_cannot_be_signed_and_is_hidden_from_participants(store: Store) -> None:
    letter = store.call(letters.create_letter, draft(), COORDINATOR, NOW)
    assert letter.id is not None
    with pytest.raises(NotFound):
        store.call(signatures.sign, letter.id, "U1", details(), NOW)
    with pytest.raises(NotFound):
        store.call(signatures.letter_overview, letter.ref, "U1", False)
    assert store.call(signatures.letters_for, "U1", NOW, include_drafts=False) == []
    assert len(store.call(signatures.letters_for, COORDINATOR, NOW, include_drafts=True)) == 1


def test_signers_are_shown_only_where_the_letter_allows(store: Store) -> None:
    private = published(store, signers_visible_to="coordinators")
    store.call(signatures.sign, private, "U1", details(), NOW)

    assert store.call(signatures.letter_overview, private, "U2", False).signers is None
    assert (
        len(store.call(signatures.letter_overview, private, COORDINATOR, True).signers or []) == 1
    )


def test_each_persons_reminder_is_claimed_once_when_due(store: Store) -> None:
    letter_id = published(store)
    early = DEADLINE - timedelta(days=2)
    due = DEADLINE - timedelta(hours=23)

    assert store.call(letter_reminders.reminder_candidates, early) == []
    assert store.call(letter_reminders.reminder_candidates, due) == [letter_id]
    assert store.call(letter_reminders.claim_reminder, letter_id, "U2", due) is True
    assert store.call(letter_reminders.claim_reminder, letter_id, "U2", due) is False
    assert store.call(letter_reminders.claim_reminder, letter_id, "U3", due) is True
    store.call(letter_reminders.mark_reminder, letter_id, "U3", sent=True)
    # U2's DM is still on its way (or its replica died): the letter is not done yet.
    assert store.call(letter_reminders.finish_reminders, letter_id, due) is False
    assert store.call(letter_reminders.reminder_candidates, due) == [letter_id]
    later = due + timedelta(minutes=10)
    assert store.call(letter_reminders.claim_reminder, letter_id, "U3", later) is False
    assert store.call(letter_reminders.claim_reminder, letter_id, "U2", later) is True  # taken over
    store.call(letter_reminders.mark_reminder, letter_id, "U2", sent=False)
    assert store.call(letter_reminders.finish_reminders, letter_id, later) is True
    assert store.call(letter_reminders.finish_reminders, letter_id, later) is False
    assert store.call(letter_reminders.reminder_candidates, due) == []

    # A later deadline deserves its own reminder, to each person again.
    store.call(letters.extend_deadline, letter_id, DEADLINE + timedelta(days=5), COORDINATOR, due)
    new_due = DEADLINE + timedelta(days=4, hours=1)
    assert store.call(letter_reminders.reminder_candidates, due) == []
    assert store.call(letter_reminders.reminder_candidates, new_due) == [letter_id]
    assert store.call(letter_reminders.claim_reminder, letter_id, "U3", new_due) is True


def test_at_the_deadline_the_letter_closes_once_and_its_list_is_final(store: Store) -> None:
    letter_id = published(store)
    store.call(signatures.sign, letter_id, "U1", details(), NOW)
    assert store.call(letters.close_past_deadline, DEADLINE - timedelta(seconds=1)) == []

    assert store.call(letters.close_past_deadline, DEADLINE) == [letter_id]
    assert store.call(letters.close_past_deadline, DEADLINE) == []
    with pytest.raises(Closed, match="deadline"):
        store.call(signatures.sign, letter_id, "U2", details(), NOW)
    assert actions(store, letter_id)[-1] == ("bot", "close")
    assert store.call(signatures.signature_count, letter_id) == 1


def test_exported_cells_cannot_run_as_spreadsheet_formulas(store: Store) -> None:
    letter_id = published(store)
    store.call(signatures.sign, letter_id, "U1", details(name="=HYPERLINK(1)"), NOW)
    exported = letter_exports.export_csv(store.call(signatures.active_signatures, letter_id))
    row = next(csv.DictReader(io.StringIO(exported)))
    assert row["name"] == "'=HYPERLINK(1)"
    assert row["capacity"] == "on behalf of organization"


def test_a_letter_is_published_with_its_post_or_not_at_all(store: Store) -> None:
    letter = store.call(letters.create_letter, draft(), COORDINATOR, NOW)
    assert letter.id is not None
    post = outbox.Outgoing(OutboxKind.POST, channel="C111", key=f"letter-post:{letter.id}")

    def refused(_: object) -> list[outbox.Outgoing]:
        raise InvalidInput("the post could not be drawn")

    def publish(session: Session) -> Letter:
        return letters.publish_letter(session, letter.ref, COORDINATOR, NOW)

    # A publication whose post cannot be written is not made: nobody could find the letter.
    with pytest.raises(InvalidInput):
        store.call(outbox.saying, publish, refused, NOW)
    assert store.call(letters.find_letter, letter.id).status == LetterStatus.DRAFT
    assert store.call(outbox.find, post.key or "") is None

    store.call(outbox.saying, publish, lambda _: [post], NOW)
    assert store.call(letters.find_letter, letter.id).status == LetterStatus.OPEN
    written = store.call(outbox.find, post.key or "")
    assert written is not None
    assert written.status == OutboxStatus.PENDING
