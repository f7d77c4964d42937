"""Erasing a learner: every row that names them, in the caller's one transaction; their
friends' challengers keep only an anonymous count in `peer_tallies`."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.orm import Session

from bot.learning.outbox import notices_about
from bot.learning.records import PeerRecord
from storage.queries.challenges import peer_record
from storage.queries.classes import erase_classes
from storage.queries.common import ANSWERS, ATTEMPTS, CHALLENGES, DAYS, LEARNERS, POLLS, A, C
from storage.queries.mil_check import ANSWERS as CHECK_ANSWERS
from storage.queries.mil_check import RUNS as CHECK_RUNS
from storage.queries.mil_check import erase_post_checks
from storage.queries.outbox import OUTBOX
from storage.queries.pacts import PACTS
from storage.queries.reviews import CARDS, RANSWERS, ROUNDS
from storage.queries.rhythms import RHYTHMS
from storage.queries.rounds import erase_rounds
from storage.tables import HandledUpdateRow, PeerTallyRow

HANDLED = cast(Table, HandledUpdateRow.__table__)
TALLIES = cast(Table, PeerTallyRow.__table__)


def inactive_learners(session: Session, before: datetime) -> list[int]:
    """Learners last seen before `before`."""
    rows = session.execute(select(LEARNERS.c.id).where(LEARNERS.c.last_seen < before))
    return [int(row[0]) for row in rows]


def erase_learner(session: Session, learner_id: int) -> None:
    """Delete every row naming the learner; challengers whose challenge they finished keep
    the count it added to their record, without the name."""
    challengers = [
        int(row[0])
        for row in session.execute(
            select(C.challenger_id)
            .distinct()
            .join(ATTEMPTS, A.challenge_code == C.code)
            .where(A.learner_id == learner_id, C.challenger_id != learner_id)
        )
    ]
    before = {c: peer_record(session, c) for c in challengers}
    made = select(C.code).where(C.challenger_id == learner_id)
    # Runs of the challenges they made go too: those challenges no longer exist.
    runs = select(A.id).where((A.learner_id == learner_id) | A.challenge_code.in_(made))
    session.execute(delete(ANSWERS).where(ANSWERS.c.attempt_id.in_(runs)))
    session.execute(delete(ANSWERS).where(ANSWERS.c.learner_id == learner_id))
    session.execute(delete(POLLS).where(POLLS.c.attempt_id.in_(runs)))
    session.execute(delete(POLLS).where(POLLS.c.learner_id == learner_id))
    session.execute(delete(ATTEMPTS).where(A.id.in_(runs.scalar_subquery())))
    session.execute(delete(CHALLENGES).where(C.challenger_id == learner_id))
    session.execute(delete(DAYS).where(DAYS.c.learner_id == learner_id))
    _erase_the_rest(session, learner_id)
    # The update ids stay, naming no one: the tap that erased, redelivered, is a duplicate.
    session.execute(
        update(HANDLED).where(HANDLED.c.learner_id == learner_id).values(learner_id=None)
    )
    session.execute(delete(TALLIES).where(TALLIES.c.challenger_id == learner_id))
    erase_post_checks(session, learner_id)
    erase_rounds(session, learner_id)
    erase_classes(session, learner_id)
    session.execute(delete(LEARNERS).where(LEARNERS.c.id == learner_id))
    _keep_counts(session, before)


def _erase_the_rest(session: Session, learner_id: int) -> None:
    """Review, rhythm, pact, the MIL check and the bot's own messages to the learner."""
    runs = select(CHECK_RUNS.c.id).where(CHECK_RUNS.c.learner_id == learner_id)
    session.execute(delete(CHECK_ANSWERS).where(CHECK_ANSWERS.c.run_id.in_(runs)))
    session.execute(delete(CHECK_RUNS).where(CHECK_RUNS.c.learner_id == learner_id))
    session.execute(delete(RANSWERS).where(RANSWERS.c.learner_id == learner_id))
    rounds = select(ROUNDS.c.id).where(ROUNDS.c.learner_id == learner_id)
    session.execute(delete(RANSWERS).where(RANSWERS.c.round_id.in_(rounds)))
    for table in (ROUNDS, CARDS, RHYTHMS, PACTS):
        session.execute(delete(table).where(table.c.learner_id == learner_id))
    # In a private chat the chat id is the learner's id; notices to challengers that name
    # the learner (their first name) go too.
    session.execute(delete(OUTBOX).where(OUTBOX.c.chat_id == learner_id))
    session.execute(delete(OUTBOX).where(OUTBOX.c.dedupe.like(notices_about(learner_id))))


def _keep_counts(session: Session, before: dict[int, PeerRecord]) -> None:
    """Challengers keep, as an anonymous tally, what the erased learner added."""
    for challenger, had in before.items():
        now = peer_record(session, challenger)
        lost = (
            had.friends_challenged - now.friends_challenged,
            had.friends_who_went_on - now.friends_who_went_on,
        )
        found = session.execute(
            select(TALLIES.c.challenger_id).where(TALLIES.c.challenger_id == challenger)
        ).first()
        if found is None:
            session.execute(
                insert(TALLIES).values(
                    challenger_id=challenger,
                    friends_challenged=lost[0],
                    friends_who_went_on=lost[1],
                )
            )
        else:
            session.execute(
                update(TALLIES)
                .where(TALLIES.c.challenger_id == challenger)
                .values(
                    friends_challenged=TALLIES.c.friends_challenged + lost[0],
                    friends_who_went_on=TALLIES.c.friends_who_went_on + lost[1],
                )
            )
