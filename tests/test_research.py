"""The research export's rules: the pseudonyms, the secret, and the small-cell suppression."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, date, datetime

from bot.learning.detection import Tally
from bot.learning.research import (
    AnswerFacts,
    CheckFacts,
    ItemCells,
    Profile,
    Pseudonyms,
    answer_rows,
    check_rows,
    cohort_week,
    kept_groups,
    secret_problem,
)

SECRET = "s" * 32
OTHER = "t" * 32
MONDAY = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)  # a Monday
SUNDAY = datetime(2026, 12, 6, 23, 59, tzinfo=UTC)  # the same week's Sunday
NAMES = Pseudonyms(SECRET)


def test_a_pseudonym_is_the_keyed_hash_cut_to_16_hex_digits_and_stable() -> None:
    expected = hmac.new(SECRET.encode(), b"learner:123456789", hashlib.sha256).hexdigest()
    assert NAMES.learner(123456789) == expected[:16]
    assert Pseudonyms(SECRET).learner(123456789) == NAMES.learner(123456789)
    assert len(NAMES.learner(1)) == 16 and set(NAMES.learner(1)) <= set("0123456789abcdef")


def test_another_secret_gives_other_pseudonyms_that_do_not_contain_the_id() -> None:
    ids = [123456789, 987654321, 5550001234, 7000000001]
    mine = [NAMES.learner(i) for i in ids]
    theirs = [Pseudonyms(OTHER).learner(i) for i in ids]
    assert all(a != b for a, b in zip(mine, theirs, strict=True))
    assert all(str(i) not in name for i, name in zip(ids, mine, strict=True))
    # without the secret, hashing the id alone does not give the pseudonym either
    assert hashlib.sha256(b"learner:123456789").hexdigest()[:16] != mine[0]
    assert hashlib.sha256(b"123456789").hexdigest()[:16] != mine[0]
    assert len(set(mine)) == len(ids)


def test_a_class_and_a_learner_with_the_same_number_have_different_pseudonyms() -> None:
    assert NAMES.classroom(7) != NAMES.learner(7)


def test_the_secret_must_be_set_and_long_enough() -> None:
    unset = secret_problem(None)
    assert unset is not None and unset.startswith("RESEARCH_SECRET: not set")
    assert "secrets.token_hex(32)" in unset
    short = secret_problem("x" * 31)
    assert short == (
        "RESEARCH_SECRET: shorter than 32 characters (make one with:"
        " python3 -c 'import secrets; print(secrets.token_hex(32))')"
    )
    assert secret_problem("x" * 32) is None


def test_the_cohort_is_the_monday_of_the_first_week() -> None:
    assert cohort_week(MONDAY) == date(2026, 11, 30)
    assert cohort_week(SUNDAY) == date(2026, 11, 30)
    assert cohort_week(datetime(2026, 12, 7, tzinfo=UTC)) == date(2026, 12, 7)


def _profiles() -> dict[int, Profile]:
    """Worked example: learners 1-5 English, cohort of 30 Nov, in class 10; 6-9 the same
    but in Portuguese (4 learners); learner 1 is also in class 11, alone there."""
    english = {i: Profile("en", MONDAY, (10,)) for i in range(1, 6)}
    english[1] = Profile("en", SUNDAY, (10, 11))
    portuguese = {i: Profile("pt", MONDAY, (10,)) for i in range(6, 10)}
    return english | portuguese


def test_groups_of_fewer_than_five_learners_are_left_out() -> None:
    kept = kept_groups(range(1, 10), _profiles(), NAMES)
    assert kept == {(NAMES.classroom(10), "en", date(2026, 11, 30))}
    # with only four of the English learners having rows, their group goes too
    assert kept_groups(range(1, 5), _profiles(), NAMES) == frozenset()


def test_a_learner_without_a_class_is_grouped_with_the_others_without_one() -> None:
    alone = {i: Profile("en", MONDAY) for i in range(20, 25)}
    assert kept_groups(alone, alone, NAMES) == {("", "en", date(2026, 11, 30))}


def test_a_check_row_per_kept_group_with_day_dates_and_scores() -> None:
    profiles = _profiles()
    kept = kept_groups(range(1, 10), profiles, NAMES)
    run = CheckFacts(
        1, "pre", "a", MONDAY, datetime(2026, 11, 30, 8, 3, 59, tzinfo=UTC), Tally(8, 0, 0, 8)
    )
    rows = check_rows(run, profiles[1], NAMES, kept)
    # d′ = 2 z(8.5 / 9) = 2 × 1.593 (the log-linear correction); c = 0
    assert rows == [
        (
            NAMES.learner(1), NAMES.classroom(10), "en", "2026-11-30", "pre", "a",
            "2026-11-30", "2026-11-30", "8", "0", "0", "8", "3.186", "0.000",
        )
    ]  # fmt: skip
    # learner 1's class 11 has one learner: that row is not written; Portuguese ones none
    assert check_rows(run, profiles[6], NAMES, kept) == []


def test_an_answer_row_says_the_choice_by_index_and_nothing_the_learner_typed() -> None:
    profiles = _profiles()
    kept = kept_groups(range(1, 10), profiles, NAMES)
    answer = AnswerFacts(2, "fake-experts", 2, "q1", 3, "0,2", True, SUNDAY)
    assert answer_rows(answer, profiles[2], NAMES, kept) == [
        (
            NAMES.learner(2), NAMES.classroom(10), "en", "2026-11-30", "fake-experts", "2",
            "q1", "3", "0,2", "1", "2026-12-06",
        )
    ]  # fmt: skip


def test_item_cells_under_five_learners_are_blanked() -> None:
    cells = ItemCells()
    five = ("lesson", "fake-experts", "", "q1")
    four = ("check", "a", "pre", "post-03")
    for learner in range(1, 6):
        cells.add(five, learner, correct=learner != 1)
    cells.add(five, 5, correct=True)  # a second try: 6 answers, still 5 learners
    for learner in range(1, 5):
        cells.add(four, learner, correct=True)
        cells.add(four, learner, correct=True)
    assert cells.rows() == [
        ("check", "a", "pre", "post-03", "", "", "", "yes"),
        ("lesson", "fake-experts", "", "q1", "5", "6", "0.833", ""),
    ]
