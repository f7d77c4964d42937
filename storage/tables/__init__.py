"""The progress schema. Portable: 64-bit ids, UTC times with zone, no dialect-only SQL.

One module per concern; importing this package gathers every table into `Base.metadata`.
"""

from storage.tables.base import NAMING, Base, Id, UTCDateTime
from storage.tables.check import CheckAnswerRow, CheckRunRow, ClassPostCheckRow
from storage.tables.classes import ClassAssignmentRow, ClassMemberRow, ClassRow
from storage.tables.progress import ActivityDayRow, AnswerRow, AttemptRow, LearnerRow, PollRow
from storage.tables.review import ReviewAnswerRow, ReviewCardRow, ReviewRoundRow, RhythmRow
from storage.tables.rounds import (
    ClassGroupRow,
    GroupRoundAnswerRow,
    GroupRoundPollRow,
    GroupRoundRow,
)
from storage.tables.service import HandledUpdateRow, OutboxRow
from storage.tables.social import ChallengeRow, PactRow, PeerTallyRow

__all__ = [
    "NAMING",
    "ActivityDayRow",
    "AnswerRow",
    "AttemptRow",
    "Base",
    "ChallengeRow",
    "CheckAnswerRow",
    "CheckRunRow",
    "ClassAssignmentRow",
    "ClassGroupRow",
    "ClassMemberRow",
    "ClassPostCheckRow",
    "ClassRow",
    "GroupRoundAnswerRow",
    "GroupRoundPollRow",
    "GroupRoundRow",
    "HandledUpdateRow",
    "Id",
    "LearnerRow",
    "OutboxRow",
    "PactRow",
    "PeerTallyRow",
    "PollRow",
    "ReviewAnswerRow",
    "ReviewCardRow",
    "ReviewRoundRow",
    "RhythmRow",
    "UTCDateTime",
]
