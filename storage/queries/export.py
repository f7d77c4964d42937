"""A learner's own data (`/mydata`): every row that names them, gathered as the core's
records. The mirror of `storage.queries.erasure`: a table it erases, this reads."""

from __future__ import annotations

import json
from typing import cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from bot.learning.my_data import HandledUpdate, LearnerData, QueuedMessage, SentPoll
from bot.learning.records import PeerRecord
from storage.queries.attempts import attempts_of
from storage.queries.challenges import challenges_made
from storage.queries.class_export import classroom_data
from storage.queries.common import DAYS, POLLS
from storage.queries.learners import learner
from storage.queries.mil_check import check_answers, check_runs
from storage.queries.outbox import OUTBOX
from storage.queries.pacts import pact
from storage.queries.reviews import review_cards, review_rounds
from storage.queries.rhythms import rhythm
from storage.tables import HandledUpdateRow, PeerTallyRow

HANDLED = cast(Table, HandledUpdateRow.__table__)
TALLIES = cast(Table, PeerTallyRow.__table__)


def _text(payload: str) -> str:
    text = json.loads(payload).get("text", "")
    return text if isinstance(text, str) else ""


def _side_rows(session: Session, learner_id: int) -> dict[str, object]:
    days = session.execute(
        select(DAYS.c.day).where(DAYS.c.learner_id == learner_id).order_by(DAYS.c.day)
    )
    polls = session.execute(
        select(POLLS.c.poll_id, POLLS.c.attempt_id, POLLS.c.position, POLLS.c.sent_at)
        .where(POLLS.c.learner_id == learner_id)
        .order_by(POLLS.c.sent_at)
    )
    o = OUTBOX.c
    messages = session.execute(
        select(o.kind, o.payload, o.due_at, o.sent_at, o.outcome)
        .where(o.chat_id == learner_id)
        .order_by(o.id)
    )
    h = HANDLED.c
    updates = session.execute(
        select(h.update_id, h.received_at, h.done)
        .where(h.learner_id == learner_id)
        .order_by(h.update_id)
    )
    tally = session.execute(
        select(TALLIES.c.friends_challenged, TALLIES.c.friends_who_went_on).where(
            TALLIES.c.challenger_id == learner_id
        )
    ).first()
    return {
        "days_active": tuple(row[0] for row in days),
        "polls": tuple(SentPoll(*row) for row in polls),
        "messages": tuple(
            QueuedMessage(kind, _text(payload), due, sent, outcome)
            for kind, payload, due, sent, outcome in messages
        ),
        "updates": tuple(HandledUpdate(*row) for row in updates),
        "forgotten_friends": None if tally is None else PeerRecord(*tally),
    }


def learner_data(session: Session, learner_id: int) -> LearnerData:
    """Every row that names the learner, as records."""
    runs = check_runs(session, learner_id)
    return LearnerData(
        learner=learner(session, learner_id),
        attempts=attempts_of(session, learner_id),
        challenges_made=challenges_made(session, learner_id),
        review_cards=review_cards(session, learner_id),
        review_rounds=review_rounds(session, learner_id),
        rhythm=rhythm(session, learner_id),
        pact=pact(session, learner_id),
        check_runs=tuple((r, tuple(check_answers(session, r.id))) for r in runs),
        classroom=classroom_data(session, learner_id),
        **_side_rows(session, learner_id),  # type: ignore[arg-type]
    )
