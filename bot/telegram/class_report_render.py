"""The teacher's report in words, a chart and a CSV file, in the teacher's language."""

from __future__ import annotations

import html
from gettext import NullTranslations

from babel.dates import format_date
from babel.numbers import format_decimal
from telegram import InlineKeyboardMarkup

from bot.bank.bank import Bank
from bot.bank.content import TrueFalse
from bot.bank.limits import MESSAGE_TEXT
from bot.languages import catalog_name, percent
from bot.learning.class_checks import CheckComparison, PhaseScores
from bot.learning.class_items import ItemStat
from bot.learning.class_records import Classroom
from bot.learning.class_report import ClassReport
from bot.telegram.actions import ShowClassReport
from bot.telegram.callbacks import encode
from bot.telegram.menus import theme_name
from bot.telegram.render import Text, button

NAMES = 1500  # characters of first names in the overview; the CSV has everyone
PROMPT, OPTION = 300, 100  # characters of a question and of an option shown


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _names(names: tuple[str, ...], t: NullTranslations) -> str:
    """First names, escaped, as many as `NAMES` characters hold; the rest counted."""
    shown: list[str] = []
    length = 0
    for name in names:
        escaped = html.escape(name)
        if length + len(escaped) > NAMES:
            break
        shown.append(escaped)
        length += len(escaped) + 2
    text = ", ".join(shown)
    rest = len(names) - len(shown)
    if rest:
        text += " " + t.ngettext("and {count} more", "and {count} more", rest).format(count=rest)
    return text


def not_a_teacher(t: NullTranslations) -> Text:
    """/class from someone who teaches no class."""
    return Text(
        t.gettext(
            "📊 /class shows the report on a class you teach. You don't have one yet: send "
            "/teach to make a class and get a link for your learners to join."
        )
    )


def not_yours(t: NullTranslations) -> Text:
    """A report button for a class that is closed, or someone else's."""
    return Text(t.gettext("That class is closed or isn't one of yours, so there's no report."))


def pick_class(classes: list[Classroom], t: NullTranslations) -> Text:
    """Several classes: one button per class."""
    rows = [[button(c.name, encode(ShowClassReport(c.id)))] for c in classes]
    return Text(t.gettext("📊 Which class would you like the report on?"),
                InlineKeyboardMarkup(rows))  # fmt: skip


def _joined(report: ClassReport, t: NullTranslations, language: str) -> list[str]:
    count = len(report.members)
    if not count:
        return [t.gettext("👥 Nobody has joined yet. Share the class's join link or QR code.")]
    lines = [
        t.ngettext("👥 Joined: {count} ({names})", "👥 Joined: {count} ({names})", count).format(
            count=count, names=_names(report.members, t)
        )
    ]
    if not report.assigned:
        lines.append(t.gettext("No lessons are set for this class yet."))
        return lines
    done = len(report.finished_set)
    assert report.due_on is not None
    due = format_date(report.due_on, "d MMM", locale=catalog_name(language))
    line = t.gettext("✅ Finished the set lessons (due {date}): {done} of {count}").format(
        date=due, done=done, count=count
    )
    if done:
        line += f" ({_names(report.finished_set, t)})"
    lines.append(line)
    return lines


def _themes(report: ClassReport, t: NullTranslations, language: str) -> list[str]:
    lines = [t.gettext("<b>Per theme</b> (first answers count)")]
    for entry in report.themes:
        if entry.accuracy is None and not entry.finished:
            continue
        right = (
            t.gettext("no answers yet")
            if entry.accuracy is None
            else t.gettext("{percent} right").format(percent=percent(entry.accuracy, language))
        )
        done = t.ngettext("{count} lesson done", "{count} lessons done", entry.finished)
        lines.append(
            f"{theme_name(entry.theme, t)}: {right} · {done.format(count=entry.finished)}"
        )
    if len(lines) == 1:
        lines.append(t.gettext("Nobody has answered a question yet."))
    return lines


def _number(value: float, language: str) -> str:
    # + 0.0: a c of −0.0 (perfectly balanced) reads 0.00, not −0.00
    return format_decimal(round(value, 2) + 0.0, "0.00", locale=catalog_name(language))


def _scores(phase: PhaseScores, t: NullTranslations, language: str) -> str:
    if phase.d_prime is None or phase.c is None:
        return t.gettext("nobody yet")
    return t.ngettext(
        "d′ {d_prime}, c {c} ({count} learner)", "d′ {d_prime}, c {c} ({count} learners)",
        phase.takers,
    ).format(
        d_prime=_number(phase.d_prime, language),
        c=_number(phase.c, language),
        count=phase.takers,
    )  # fmt: skip


def _check(check: CheckComparison, t: NullTranslations, language: str) -> list[str]:
    if not check.pre.takers and not check.post.takers:
        return [t.gettext("<b>📡 Radar check</b>: nobody in the class has taken it yet.")]
    return [
        t.gettext("<b>📡 Radar check</b> (means)"),
        t.gettext("Before the lessons: {scores}").format(scores=_scores(check.pre, t, language)),
        t.gettext("After: {scores}").format(scores=_scores(check.post, t, language)),
        t.ngettext("Took both: {count} learner", "Took both: {count} learners", check.both)
        .format(count=check.both),
        t.gettext(
            "<i>d′ is how well they tell real posts from manipulative ones (higher is better; "
            "0 is guessing). c below 0 means they call too much fake, above 0 that they trust "
            "too much.</i>"
        ),
    ]  # fmt: skip


def _option_texts(bank: Bank, stat: ItemStat, language: str, t: NullTranslations) -> list[str]:
    lesson = bank.lesson(stat.lesson_id, language)
    question = next(q for q in lesson.questions if q.id == stat.question_id)
    if isinstance(question, TrueFalse):
        return [t.gettext("True"), t.gettext("False")]
    return [option.text for option in question.options]


def _item(bank: Bank, stat: ItemStat, n: int, t: NullTranslations, language: str) -> str:
    lesson = bank.lesson(stat.lesson_id, language)
    question = next(q for q in lesson.questions if q.id == stat.question_id)
    wrong = t.gettext("{wrong} of {count} got it wrong").format(
        wrong=stat.wrong, count=stat.answered
    )
    lines = [f"{n}. <i>{html.escape(_short(question.prompt, PROMPT))}</i>", wrong]
    for i, option in enumerate(_option_texts(bank, stat, language, t)):
        mark = "✅" if i in stat.correct else "•"
        share = percent(stat.share(i), language)
        lines.append(f"{mark} {html.escape(_short(option, OPTION))}: {share}")
    lines.append(
        t.gettext("Revisit: {lesson}").format(lesson=f"<b>{html.escape(lesson.title)}</b>")
    )
    return "\n".join(lines)


def _pack(blocks: list[str]) -> list[Text]:
    """Blocks joined into as few messages as Telegram's limit allows."""
    messages: list[str] = []
    for block in blocks:
        if messages and len(messages[-1]) + 2 + len(block) <= MESSAGE_TEXT:
            messages[-1] += "\n\n" + block
        else:
            messages.append(block)  # names and texts are trimmed: a block always fits
    return [Text(message) for message in messages]


def report_messages(
    report: ClassReport, bank: Bank, t: NullTranslations, language: str
) -> list[Text]:
    """The report in words: who joined and finished, themes, the radar check, then the
    items to go over, split where Telegram's 4096 characters would cut them."""
    title = t.gettext("📊 <b>{name}</b>: class report").format(name=html.escape(report.name))
    overview = "\n".join([title, "", *_joined(report, t, language)])
    blocks = [overview, "\n".join(_themes(report, t, language)),
              "\n".join(_check(report.check, t, language))]  # fmt: skip
    if report.hardest:
        items = [_item(bank, stat, n, t, language) for n, stat in enumerate(report.hardest, 1)]
        items[0] = t.gettext("🔎 <b>Worth going over in class</b>") + "\n\n" + items[0]
        blocks.extend(items)
    return _pack(blocks)
