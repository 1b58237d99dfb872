"""The recommendations tracker and passage search in the store, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from storage.db import Store
from storage.errors import InvalidInput, NotFound
from storage.models import StatusChange
from storage.recommendations import record_status_change, tracked, tracked_one
from storage.search import search_passages


def test_every_recommendation_has_its_status_from_the_report(seeded_store: Store) -> None:
    statuses = {item.recommendation.ref: item.status for item in seeded_store.call(tracked)}

    assert statuses["RT-3"] == "partially implemented"
    assert statuses["UN-d"] == "declined"
    assert statuses["RT-1"] == "in progress"
    assert seeded_store.call(tracked_one, "rt3").current.as_of == dt.date(2014, 11, 19)  # type: ignore[union-attr]


def test_recording_the_same_change_twice_keeps_one_row(seeded_store: Store) -> None:
    change = ("UN-a", "in-progress", dt.date(2026, 11, 1), "A draft amendment.", "UCOORD1")

    item, first = seeded_store.call(record_status_change, *change)
    _, second = seeded_store.call(record_status_change, *change)

    assert (first, second) == (True, False)
    assert item.status == "in progress"
    assert item.history[-1].recorded_by == "UCOORD1"
    with seeded_store.session() as session:
        rows = session.exec(select(StatusChange).where(StatusChange.recorded_by == "UCOORD1")).all()
    assert len(rows) == 1


@pytest.mark.parametrize(
    ("ref", "status", "evidence", "error"),
    [
        ("RT-99", "open", "x", NotFound),
        ("RT-3", "finished", "x", InvalidInput),
        ("RT-3", "implemented", "  ", InvalidInput),
        ("RT-3", "implemented", "x" * 1501, InvalidInput),
    ],
)
def test_a_bad_status_change_is_refused_with_a_clear_message(
    seeded_store: Store, ref: str, status: str, evidence: str, error: type[Exception]
) -> None:
    with pytest.raises(error):
        seeded_store.call(
            record_status_change, ref, status, dt.date(2026, 11, 1), evidence, "UCOORD1"
        )
    assert seeded_store.call(tracked_one, "RT-3").status == "partially implemented"


def test_passage_search_ranks_the_passage_that_says_it_first(seeded_store: Store) -> None:
    hits = seeded_store.call(search_passages, ["breakfast", "embassy", "washington"])

    assert hits[0].text.startswith("On May 8, 2013, the dialogue began at a breakfast")
    assert hits[0].section == "The Beginning of the Dialogue"
    assert hits == sorted(hits, key=lambda hit: hit.score, reverse=True)


def test_passage_search_ignores_operators_and_finds_new_passages(seeded_store: Store) -> None:
    assert seeded_store.call(search_passages, ['"', "*", "near(", "a OR b"]) == []
    # Typed operators are searched as plain words, never run as operators.
    assert all("near" in hit.text.lower() for hit in seeded_store.call(search_passages, ["near"]))
    with seeded_store.session() as session:
        from storage.models import SourcePassage

        session.add(SourcePassage(key="new-1", text="A zebra crossed the steppe.", position=99))
    assert [hit.key for hit in seeded_store.call(search_passages, ["zebra"])] == ["new-1"]


def test_an_unknown_reference_is_repeated_back_without_markup(seeded_store: Store) -> None:
    with pytest.raises(NotFound) as refused:
        seeded_store.call(tracked_one, "<!channel> RT-9")

    assert "<" not in str(refused.value)
    # The store says what is wrong; the face adds which command lists them (see test_slack).
    assert "/roundtable" not in str(refused.value)
    assert refused.value.about == "recommendation"


def test_the_tracker_and_the_meeting_reminders_agree_on_what_is_open(seeded_store: Store) -> None:
    from bot.recommendations.commands import FILTERS
    from storage.models import Recommendation, RecommendationSource
    from storage.recommendations import open_recommendations

    seeded_store.call(
        record_status_change, "UN-a", "in progress", dt.date(2026, 11, 1), "A draft.", "UC1"
    )
    with seeded_store.session() as session:  # a recommendation with no status recorded yet
        session.add(
            Recommendation(
                ref="RT-99",
                made_by=RecommendationSource.ROUNDTABLE_DELEGATION,
                label="99",
                text="A new one.",
            )
        )

    tracker = {i.recommendation.ref for i in seeded_store.call(tracked) if FILTERS["open"](i)}
    reminder = {r.ref: r.status for r in seeded_store.call(open_recommendations, 1000)}

    assert reminder["RT-3"] == "partially implemented"
    assert reminder["UN-a"] == "in progress"
    assert reminder["RT-99"] == "open"
    assert {"RT-3", "UN-a", "RT-99"} <= tracker
    assert "UN-d" not in reminder  # declined
    assert set(reminder) == tracker
