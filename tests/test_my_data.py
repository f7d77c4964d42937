"""A learner's own data (`/mydata`): every table that names them is in the document, under
plain-English keys, with ISO times; nobody else's rows are."""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

import pytest

from bot.learning import privacy
from bot.learning.my_data import as_json
from bot.learning.store import ProgressStore
from tests.learner_rows import NOW, everything, naming_tables

AMINA, BEN, CLEO = 424242001, 424242002, 424242003
Stores = Callable[[], AbstractAsyncContextManager[ProgressStore]]

# Where each table that names a learner shows in the document: a section, and for rows
# that hang off another table's, the key inside that section's first entry.
SECTIONS: dict[str, tuple[str, str | None]] = {
    "learners": ("you", None),
    "activity_days": ("days you were active", None),
    "attempts": ("lessons and challenges you took", None),
    "answers": ("lessons and challenges you took", "answers"),
    "polls": ("quiz polls sent to you", None),
    "challenges": ("challenges you made", None),
    "peer_tallies": ("friends who took your challenges and later asked to be forgotten", None),
    "review_cards": ("review schedule", None),
    "review_rounds": ("review rounds", None),
    "review_answers": ("review rounds", "answers"),
    "rhythms": ("reminders and weekly goal", None),
    "pacts": ("pact", None),
    "mil_check_runs": ("MIL check", None),
    "mil_check_answers": ("MIL check", "answers"),
    "outbox": ("messages the bot sent you on its own", None),
    "handled_updates": ("your messages and taps, by number only", None),
    "classes": ("classes you teach", None),
    "class_members": ("classes you are in", None),
    "class_assignments": ("classes you teach", "lessons set"),
    "class_post_checks": ("classes you teach", "MIL check after opened at"),
    "class_groups": ("classes you teach", "added to a group at"),
    "group_rounds": ("classes you teach", "group rounds"),
    "group_round_polls": ("your votes in group rounds", "question"),
    "group_round_answers": ("your votes in group rounds", None),
}


async def _document(store: ProgressStore, who: int) -> dict[str, Any]:
    data = await privacy.my_data(store, who)
    found: dict[str, Any] = json.loads(as_json(data, NOW))
    return found


async def test_every_table_that_names_the_learner_is_in_their_document(
    stores: Stores,
    request: pytest.FixtureRequest,
) -> None:
    assert naming_tables() == set(SECTIONS), "a table names learners: add it to the export"
    async with stores() as store:
        await everything(store, AMINA, BEN, CLEO)
        document = await _document(store, AMINA)
    memory = request.node.callspec.params["stores"] == "memory"
    for table, (section, inner) in SECTIONS.items():
        if table == "outbox" and memory:
            continue  # the memory outbox is a port of its own, not the store's
        value = document[section]
        assert value, f"{table}: {section!r} is empty"
        if inner is not None:
            assert value[0][inner], f"{table}: {section!r} has no {inner!r}"


async def test_the_document_reads_as_plain_values_and_holds_no_one_else(
    stores: Stores,
) -> None:
    async with stores() as store:
        await everything(store, AMINA, BEN, CLEO)
        document = await _document(store, AMINA)
        assert (await _document(store, CLEO))["you"] is None  # erased: nothing left to give
    assert document["you"] == {
        "telegram id": AMINA,
        "language": "en",
        "first came": "2026-03-02T09:30:00+00:00",
        "last came": "2026-03-02T09:30:00+00:00",
        "told when friends take my challenges": True,
        "my first name shown to my classes": "Amina",
        "what my next message answers": "new-class",
        "asked at": "2026-03-02T09:30:00+00:00",
    }
    assert [c["code"] for c in document["challenges you made"]] == ["m1ne"]
    taken = document["lessons and challenges you took"]
    assert [(a["lesson"], a["friend's challenge"]) for a in taken] == [
        ("emotion-check", "fr1end"),
        ("emotion-check", None),
    ]
    assert taken[1]["answers"] == [
        {
            "question": "q2",
            "position": 3,
            "my choice": "0,2",
            "right": False,
            "answered at": "2026-03-02T09:36:00+00:00",
        }
    ]
    assert document["pact"] == {"taken at": "2026-03-02T09:30:00+00:00"}
    tally = "friends who took your challenges and later asked to be forgotten"
    assert document[tally] == {"how many": 1, "how many went on to a lesson": 0}
    text = json.dumps(document)
    assert str(BEN) not in text and str(CLEO) not in text and "Ben" not in text


async def test_the_classroom_shows_the_classes_and_votes_but_not_the_members(
    stores: Stores,
) -> None:
    async with stores() as store:
        await everything(store, AMINA, BEN, CLEO)
        document = await _document(store, AMINA)
        bens = await _document(store, BEN)
    at = "2026-03-02T09:30:00+00:00"
    assert document["classes you are in"] == [
        {"name": "7B", "joined at": "2026-03-02T09:31:00+00:00"}
    ]
    (taught,) = document["classes you teach"]
    assert taught == {
        "name": "9A",
        "created at": at,
        "closed at": None,
        "how many learners are in it": 1,
        "lessons set": ["emotion-check"],
        "lessons due by": "2026-03-06",
        "MIL check after opened at": at,
        "added to a group at": at,
        "group rounds": [
            {"theme": "literacy", "questions": ["q1"], "started at": at, "finished at": None}
        ],
    }
    assert document["your votes in group rounds"] == [
        {"question": "q2", "position": 0, "my choice": 1, "right": True, "answered at": at}
    ]
    # Ben teaches the class Amina is in: his copy counts her, and says nothing else of her.
    assert bens["classes you teach"][0]["how many learners are in it"] == 1
    classroom = json.dumps([bens[k] for k in ("classes you are in", "classes you teach")])
    assert "Amina" not in classroom and str(AMINA) not in classroom
