"""Group rounds: a class's group link, its rounds, their polls and the members' votes."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import BindParameter, Table, bindparam, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.learning.round_records import GroupLink, GroupRound, RoundAnswer, RoundPoll
from storage.queries.common import ID, KEY, columns_of, inserter, run
from storage.tables import (
    ClassGroupRow,
    ClassRow,
    GroupRoundAnswerRow,
    GroupRoundPollRow,
    GroupRoundRow,
)

LINKS, ROUNDS, POLLS, VOTES = (
    cast(Table, row.__table__)
    for row in (ClassGroupRow, GroupRoundRow, GroupRoundPollRow, GroupRoundAnswerRow)
)
GL, GR, GP, GV = LINKS.c, ROUNDS.c, POLLS.c, VOTES.c
_CODE: BindParameter[str] = bindparam("code")
_CHAT: BindParameter[int] = bindparam("chat")
_POLL: BindParameter[str] = bindparam("poll")
_AT: BindParameter[datetime] = bindparam("at")
_NEW: BindParameter[int] = bindparam("new")

_LINK_COLUMNS = (GL.class_id, GL.code, GL.chat_id, GL.bound_at)
_LINK = select(*_LINK_COLUMNS).where(GL.class_id == ID)
_LINK_BY_CODE = select(*_LINK_COLUMNS).where(GL.code == _CODE)
_UPDATE_LINK = (
    update(LINKS)
    .where(GL.class_id == KEY)
    .values(code=bindparam("new_code"), chat_id=bindparam("new_chat"), bound_at=_AT)
)
_CLASS_OF_CHAT = (
    select(GL.class_id).where(GL.chat_id == _CHAT).order_by(GL.bound_at.desc()).limit(1)
)
_ROUND_COLUMNS = (GR.id, GR.class_id, GR.chat_id, GR.theme, GR.item_ids, GR.started_at,
                  GR.finished_at)  # fmt: skip
_INSERT_ROUND = inserter(ROUNDS).returning(GR.id)  # type: ignore[attr-defined]
_ROUND = select(*_ROUND_COLUMNS).where(GR.id == ID)
_OPEN_ROUNDS = select(*_ROUND_COLUMNS).where(GR.finished_at.is_(None)).order_by(GR.id)
_CLAIM = (
    update(ROUNDS)
    .where(GR.id == KEY, GR.finished_at.is_(None))
    .where(GR.claimed_until.is_(None) | (GR.claimed_until <= _AT))
    .values(claimed_until=bindparam("until"))
)
_RELEASE = update(ROUNDS).where(GR.id == KEY).values(claimed_until=None)
# A round's polls run one after another: none open now means its next step is due.
_OPEN_NOW = select(GP.poll_id).where(GP.round_id == GR.id, GP.closes_at > _AT).exists()
_DUE_ROUNDS = select(*_ROUND_COLUMNS).where(GR.finished_at.is_(None), ~_OPEN_NOW).order_by(GR.id)
_FINISH = update(ROUNDS).where(GR.id == KEY, GR.finished_at.is_(None)).values(finished_at=_AT)
_POLL_COLUMNS = (GP.poll_id, GP.round_id, GP.position, GP.item_id, GP.correct_option,
                 GP.closes_at)  # fmt: skip
_POLL_BY_ID = select(*_POLL_COLUMNS).where(GP.poll_id == _POLL)
_POLLS = select(*_POLL_COLUMNS).where(GP.round_id == ID).order_by(GP.position)
_VOTES = (
    select(GV.poll_id, GV.learner_id, GV.option, GV.answered_at)
    .join(POLLS, GP.poll_id == GV.poll_id)
    .where(GP.round_id == ID)
    .order_by(GP.position, GV.answered_at)
)


def link(session: Session, class_id: int) -> GroupLink | None:
    row = run(session, _LINK, id=class_id).first()
    return GroupLink(*row) if row else None


def link_by_code(session: Session, code: str) -> GroupLink | None:
    row = run(session, _LINK_BY_CODE, code=code).first()
    return GroupLink(*row) if row else None


def save_link(session: Session, value: GroupLink) -> None:
    params: dict[str, Any] = {"new_code": value.code, "new_chat": value.chat_id}
    if not run(session, _UPDATE_LINK, key=value.class_id, at=value.bound_at, **params).rowcount:
        run(session, inserter(LINKS), **columns_of(value, LINKS))


def class_of_chat(session: Session, chat_id: int) -> int | None:
    row = run(session, _CLASS_OF_CHAT, chat=chat_id).first()
    return int(row[0]) if row else None


def move_chat(session: Session, old_chat_id: int, new_chat_id: int) -> None:
    run(session, update(LINKS).where(GL.chat_id == _CHAT).values(chat_id=_NEW), chat=old_chat_id,
        new=new_chat_id)  # fmt: skip
    still_open = (GR.chat_id == _CHAT) & GR.finished_at.is_(None)
    run(session, update(ROUNDS).where(still_open).values(chat_id=_NEW), chat=old_chat_id,
        new=new_chat_id)  # fmt: skip


def _round(row: Any) -> GroupRound:
    return GroupRound(row.id, row.class_id, row.chat_id, row.theme, tuple(row.item_ids.split()),
                      row.started_at, row.finished_at)  # fmt: skip


def new_round(
    session: Session,
    class_id: int,
    chat_id: int,
    theme: str,
    item_ids: tuple[str, ...],
    now: datetime,
) -> GroupRound:
    values = {"class_id": class_id, "chat_id": chat_id, "theme": theme, "started_at": now}
    round_id = run(session, _INSERT_ROUND, item_ids=" ".join(item_ids), **values).scalar_one()
    return GroupRound(int(round_id), class_id, chat_id, theme, item_ids, now)


def group_round(session: Session, round_id: int) -> GroupRound | None:
    row = run(session, _ROUND, id=round_id).first()
    return _round(row) if row else None


def open_rounds(session: Session) -> list[GroupRound]:
    return [_round(row) for row in run(session, _OPEN_ROUNDS)]


def claim_round(session: Session, round_id: int, now: datetime, until: datetime) -> bool:
    return bool(run(session, _CLAIM, key=round_id, at=now, until=until).rowcount)


def release_round(session: Session, round_id: int) -> None:
    run(session, _RELEASE, key=round_id)


def due_rounds(session: Session, now: datetime) -> list[GroupRound]:
    return [_round(row) for row in run(session, _DUE_ROUNDS, at=now)]


def finish_round(session: Session, round_id: int, now: datetime) -> bool:
    return bool(run(session, _FINISH, key=round_id, at=now).rowcount)


def add_poll(session: Session, poll: RoundPoll) -> None:
    run(session, inserter(POLLS), **columns_of(poll, POLLS))


def round_poll(session: Session, poll_id: str) -> RoundPoll | None:
    row = run(session, _POLL_BY_ID, poll=poll_id).first()
    return RoundPoll(*row) if row else None


def polls(session: Session, round_id: int) -> list[RoundPoll]:
    return [RoundPoll(*row) for row in run(session, _POLLS, id=round_id)]


def add_answer(session: Session, answer: RoundAnswer) -> bool:
    try:
        with session.begin_nested():
            run(session, inserter(VOTES), **columns_of(answer, VOTES))
    except IntegrityError:
        return False
    return True


def answers(session: Session, round_id: int) -> list[RoundAnswer]:
    return [RoundAnswer(*row) for row in run(session, _VOTES, id=round_id)]


def erase_rounds(session: Session, learner_id: int) -> None:
    """A learner's votes, and the group rounds and links of the classes they teach
    (before the classes themselves go)."""
    classes = cast(Table, ClassRow.__table__).c
    taught = select(classes.id).where(classes.teacher_id == learner_id)
    session.execute(delete(VOTES).where(GV.learner_id == learner_id))
    rounds = select(GR.id).where(GR.class_id.in_(taught))
    round_polls = select(GP.poll_id).where(GP.round_id.in_(rounds))
    session.execute(delete(VOTES).where(GV.poll_id.in_(round_polls)))
    session.execute(delete(POLLS).where(GP.round_id.in_(rounds)))
    session.execute(delete(ROUNDS).where(GR.class_id.in_(taught)))
    session.execute(delete(LINKS).where(GL.class_id.in_(taught)))
