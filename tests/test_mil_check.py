"""The MIL check's content rules, its schedule and the counterbalancing of its forms."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from bot.bank.bank import Bank
from bot.bank.check.loader import load_bank
from bot.learning.check_records import CheckRun
from bot.learning.memory_store import MemoryStore
from bot.learning.mil_check import CHECK_ID, CheckCard, CheckDesk, CheckResult, due_phase, form_for
from bot.learning.records import Learner

REPO = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def test_the_shipped_check_has_two_balanced_forms_in_five_languages(bank: Bank) -> None:
    check = bank.checks[CHECK_ID]
    assert [form.form for form in check.forms] == ["a", "b"]
    mixes = []
    for form in check.forms:
        assert Counter(item.manipulative for item in form.items) == {True: 8, False: 8}
        mixes.append(Counter(item.technique for item in form.items if item.manipulative))
    assert mixes[0] == mixes[1]
    for language in ("pt", "sr", "ar", "ru"):
        texts = bank.check_translations[(CHECK_ID, language)]
        assert len(texts.items) == 32
    latin = bank.mil_check(CHECK_ID, "sr-Latn")
    assert latin is not None
    assert latin.title == "Testiraj svoj radar"  # Serbian Latin comes from the Cyrillic


def _copy_bank(tmp_path: Path) -> tuple[Path, Path]:
    lessons, quizzes = tmp_path / "lessons", tmp_path / "quizzes"
    lessons.symlink_to(REPO / "lessons")
    (quizzes / "checks").mkdir(parents=True)
    for pool in (REPO / "quizzes").glob("*.yaml"):
        (quizzes / pool.name).symlink_to(pool)
    return lessons, quizzes


def test_an_unbalanced_form_is_reported_with_its_line(tmp_path: Path) -> None:
    lessons, quizzes = _copy_bank(tmp_path)
    text = (REPO / "quizzes" / "checks" / "mil-check.yaml").read_text(encoding="utf-8")
    # the first real post of form A becomes manipulative, with a technique nobody teaches
    text = text.replace(
        '        manipulative: false\n        explanation: "A plain notice from the library',
        "        manipulative: true\n        technique: moon-rays\n"
        '        explanation: "A plain notice from the library',
        1,
    )
    (quizzes / "checks" / "mil-check.yaml").write_text(text, encoding="utf-8")
    result = load_bank(lessons, quizzes, root=tmp_path)
    messages = [str(p) for p in result.errors]
    assert messages == [
        "quizzes/checks/mil-check.yaml:9:3: the forms use different techniques"
        " (only in a: ['moon-rays']; only in b: []); give both forms the same mix",
        "quizzes/checks/mil-check.yaml:11:7: form a has 7 real and 9 manipulative posts"
        " (write 8 of each)",
        'quizzes/checks/mil-check.yaml:28:20: no lesson teaches "moon-rays"'
        " (use a technique a lesson lists)",
    ]
    assert CHECK_ID not in result.bank.checks


def test_a_check_item_without_explanation_is_an_error(tmp_path: Path) -> None:
    lessons, quizzes = _copy_bank(tmp_path)
    (quizzes / "checks" / "mil-check.yaml").write_text(
        "id: mil-check\ntitle: Radar\nforms:\n  - form: a\n    items:\n"
        "      - id: one\n        post: A post\n        manipulative: false\n",
        encoding="utf-8",
    )
    result = load_bank(lessons, quizzes, root=tmp_path)
    assert any(
        str(p).startswith("quizzes/checks/mil-check.yaml:6:9:") and "explanation" in str(p)
        for p in result.errors
    ), result.errors
    assert [str(p) for p in result.warnings if "checks" in p.path] == [
        "quizzes/checks/mil-check.yaml:1:1: warning: no schema line (start the file with"
        " `# yaml-language-server: $schema=../../schemas/mil-check.schema.json` so editors"
        " check it as you type)"
    ]


def _run(phase: str, form: str, finished: bool = True) -> CheckRun:
    return CheckRun(1, 7, phase, form, NOW, NOW if finished else None)  # type: ignore[arg-type]


def test_a_teachers_opening_makes_the_post_check_due_before_the_lessons() -> None:
    assert due_phase([_run("pre", "a")], 0, 6, opened=True) == "post"
    assert due_phase([_run("pre", "a", finished=False)], 0, 6, opened=True) is None
    assert due_phase([], 0, 6, opened=True) == "pre"  # the pre check still comes first
    assert due_phase([_run("pre", "a"), _run("post", "b")], 0, 6, opened=True) is None


def test_the_pre_check_first_then_the_post_check_after_enough_lessons() -> None:
    assert due_phase([], 0, 6) == "pre"
    assert due_phase([_run("pre", "a", finished=False)], 9, 6) is None  # go on with it
    assert due_phase([_run("pre", "a")], 5, 6) is None
    assert due_phase([_run("pre", "a")], 6, 6) == "post"
    assert due_phase([_run("pre", "a"), _run("post", "b")], 20, 6) is None


def test_forms_alternate_across_learners_and_the_post_check_is_the_other_form() -> None:
    assert [form_for("pre", started, None) for started in range(4)] == ["a", "b", "a", "b"]
    assert form_for("post", 0, "a") == "b"
    assert form_for("post", 0, "b") == "a"


async def test_two_learners_get_different_forms_and_swap_them_after(bank: Bank) -> None:
    store = MemoryStore()
    desk = CheckDesk(bank, store, post_after=1)
    first = await desk.begin(1, "en", NOW)
    second = await desk.begin(2, "en", NOW)
    assert isinstance(first, CheckCard)
    assert isinstance(second, CheckCard)
    forms = bank.checks[CHECK_ID].forms
    assert first.post == forms[0].items[0].post
    assert second.post == forms[1].items[0].post
    outcome: CheckCard | CheckResult | None = first
    for position, item in enumerate(forms[0].items):
        outcome = await desk.sort(1, first.run_id, position, item.manipulative, "en", NOW)
    assert isinstance(outcome, CheckResult)
    assert (outcome.tally.hits, outcome.tally.correct_rejections, outcome.missed) == (8, 8, ())
    assert await desk.sort(1, first.run_id, 15, True, "en", NOW) is None
    assert await desk.begin(1, "en", NOW) is None  # the post check waits for a lesson


def test_a_translation_names_only_items_of_the_check(tmp_path: Path) -> None:
    lessons, quizzes = _copy_bank(tmp_path)
    (quizzes / "checks" / "mil-check.yaml").symlink_to(
        REPO / "quizzes" / "checks" / "mil-check.yaml"
    )
    (quizzes / "checks" / "mil-check.pt.yaml").write_text(
        "# yaml-language-server: $schema=../../schemas/mil-check-translation.schema.json\n"
        "translation_of: mil-check\nlanguage: pt\nitems:\n"
        "  a-weather:\n    post: Previsão do tempo\n"
        "  a-moon:\n    post: Um post que não existe\n",
        encoding="utf-8",
    )
    result = load_bank(lessons, quizzes, root=tmp_path)
    found = [str(p) for p in result.problems if "checks" in p.path]
    assert found[0].startswith(
        "quizzes/checks/mil-check.pt.yaml:1:1: warning: no pt text for a-bus-detour, "
    )
    assert found[1] == (
        'quizzes/checks/mil-check.pt.yaml:7:3: no item "a-moon" in mil-check (check the id)'
    )
    assert len(found) == 2
    assert ("mil-check", "pt") not in result.bank.check_translations


async def test_a_class_is_balanced_across_forms_before_and_after(bank: Bank) -> None:
    """Ten learners: five start on each form, and each post check is the other form, also
    when the teacher opens the post check before any lesson."""
    store = MemoryStore()
    desk = CheckDesk(bank, store, post_after=6)
    learners = range(11, 21)
    async with store.transaction():
        for who in (10, *learners):
            await store.save_learner(Learner(who, "en", NOW, NOW))
        taught = await store.classes.create_class(10, "7B", "abcdefghijkl", NOW)
        for who in learners:
            await store.classes.join(taught.id, who, NOW)
    for who in learners:
        card = await desk.begin(who, "en", NOW)
        assert isinstance(card, CheckCard)
        for position in range(card.total):
            await desk.sort(who, card.run_id, position, True, "en", NOW)
    opening = await desk.open_for_class(10, taught.id, NOW)
    assert opening is not None and len(opening.offers) == 10
    for who in learners:
        assert isinstance(await desk.begin(who, "en", NOW), CheckCard)
    runs = [run for who in learners for run in await store.check_runs(who)]
    pre = {run.learner_id: run.form for run in runs if run.phase == "pre"}
    post = {run.learner_id: run.form for run in runs if run.phase == "post"}
    assert sorted(pre.values()) == ["a"] * 5 + ["b"] * 5
    assert all(post[who] != pre[who] for who in learners)
