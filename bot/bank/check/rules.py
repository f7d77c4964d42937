"""The rules each piece of lesson text must follow, per field, in every language."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from bot.bank import limits
from bot.bank.check.documents import Loc
from bot.bank.content import AnyQuestion, Lesson, SeveralCorrect, SingleChoice, TrueFalse
from bot.bank.markup import check_markup, visible
from bot.bank.pictures import Picture

# Room left in a message for what the bot adds around content (a counter, a title, emoji).
_CHROME = 96


@dataclass(frozen=True)
class Field:
    """How one kind of text is shown, and so what it may hold."""

    label: str
    limit: int
    rich: bool = False
    line_breaks: int | None = None
    # Where the limit comes from, said when a text goes over it.
    reason: str = ""

    def too_long(self, length: int) -> str:
        """The message for a text of `length` characters, over the limit."""
        reason = self.reason or f"keep it to {self.limit} or fewer"
        return (
            f"{self.label} is {length} characters long"
            f" ({reason}; shorten it by {length - self.limit})"
        )


_TELEGRAM = "Telegram allows at most {} here"
_MESSAGE = (
    f"a Telegram message holds {limits.MESSAGE_TEXT} characters"
    f" and the bot adds up to {_CHROME} of its own"
)

TITLE = Field("title", 48)
SUMMARY = Field("summary", 200)
STEP = Field("step text", limits.MESSAGE_TEXT - _CHROME, rich=True, reason=_MESSAGE)
# A step with a picture goes out as a photo, its text the caption.
CAPTION = Field(
    "step text under a picture",
    limits.PHOTO_CAPTION - _CHROME,
    rich=True,
    reason=f"a photo's caption holds {limits.PHOTO_CAPTION} characters"
    f" and the bot adds up to {_CHROME} of its own",
)
BUTTON = Field("button label", limits.BUTTON_LABEL)
ALT = Field("alt text", 400)
PICTURE_TITLE = Field("chart title", 60)
PICTURE_LABEL = Field("chart label", 24)
POST_NAME = Field("post author", 40)
POST_TEXT = Field("post text", 280)
POLL_PROMPT = Field(
    "quiz poll question", limits.POLL_QUESTION, reason=_TELEGRAM.format(limits.POLL_QUESTION)
)
MESSAGE_PROMPT = Field("question", 1000)
POLL_OPTION = Field(
    "quiz poll option", limits.POLL_OPTION, reason=_TELEGRAM.format(limits.POLL_OPTION)
)
OPTION = Field("option", limits.POLL_OPTION)
EXPLANATION = Field(
    "explanation",
    limits.QUIZ_EXPLANATION,
    line_breaks=limits.QUIZ_EXPLANATION_LINE_BREAKS,
    reason=_TELEGRAM.format(limits.QUIZ_EXPLANATION),
)
WHY = Field("why", limits.MESSAGE_TEXT - _CHROME, rich=True, reason=_MESSAGE)
TAKEAWAY = Field("takeaway", 1000, rich=True)


def check_text(text: str, field: Field) -> list[str]:
    """What is wrong with `text` shown as `field` (empty when it fits)."""
    if "<" in text:
        problems = [issue.message for issue in check_markup(text, rich=field.rich)]
        shown = visible(text).strip() if field.rich else text.strip()
    else:  # no tag can be there: skip the regular expressions, most text is like this
        problems = []
        shown = text.strip()
    if len(shown) > field.limit:
        problems.append(field.too_long(len(shown)))
    if field.line_breaks is not None and shown.count("\n") > field.line_breaks:
        problems.append(
            f"{field.label} has {shown.count(chr(10))} line breaks (Telegram allows at most"
            f" {field.line_breaks} in a quiz explanation; join the lines)"
        )
    return problems


def fits(text: str, field: Field) -> bool:
    """Whether `check_text` would find nothing, told at once for text without tags (most
    text): even unstripped, it is short enough and has few enough line breaks."""
    if "<" in text:
        return not check_text(text, field)
    return len(text) <= field.limit and (
        field.line_breaks is None or text.count("\n") <= field.line_breaks
    )


def question_fits(question: AnyQuestion) -> bool:
    """Whether every text of the question fits, by the fields `question_fields` lists.

    Nearly every question does, and this is many times faster than checking each text with
    its place in the file; where it says no, each text is checked in full.
    """
    poll = question.__class__ is SingleChoice
    if not fits(question.prompt, POLL_PROMPT if poll else MESSAGE_PROMPT):
        return False
    if question.__class__ is not TrueFalse:
        kind = POLL_OPTION if poll else OPTION
        if not all(fits(option.text, kind) for option in question.options):  # type: ignore[union-attr]
            return False
    return fits(question.explanation, EXPLANATION) and (
        not question.why or fits(question.why, WHY)
    )


def lesson_fits(lesson: Lesson) -> bool:
    """Whether every text of the lesson fits, by the fields `lesson_fields` lists."""
    if not (
        fits(lesson.title, TITLE)
        and fits(lesson.summary, SUMMARY)
        and fits(lesson.takeaway, TAKEAWAY)
    ):
        return False
    for step in lesson.steps:
        if step.picture is not None:  # few steps have one: each of its texts is looked at
            texts = picture_fields(step.picture, ())
            if not fits(step.text, CAPTION) or not all(fits(t, kind) for _, t, kind in texts):
                return False
        elif not fits(step.text, STEP):
            return False
        if step.button and not fits(step.button, BUTTON):
            return False
    return all(question_fits(question) for question in lesson.questions)


def question_fields(question: AnyQuestion, loc: Loc) -> Iterator[tuple[Loc, str, Field]]:
    """Every text of a question, where it stands, and how it is shown."""
    poll = isinstance(question, SingleChoice)
    yield (*loc, "prompt"), question.prompt, POLL_PROMPT if poll else MESSAGE_PROMPT
    if isinstance(question, SingleChoice | SeveralCorrect):
        for i, option in enumerate(question.options):
            yield (*loc, "options", i, "text"), option.text, POLL_OPTION if poll else OPTION
    yield (*loc, "explanation"), question.explanation, EXPLANATION
    if question.why:
        yield (*loc, "why"), question.why, WHY


def lesson_fields(lesson: Lesson) -> Iterator[tuple[Loc, str, Field]]:
    """Every text of a lesson, where it stands in the source file, and how it is shown."""
    yield ("title",), lesson.title, TITLE
    yield ("summary",), lesson.summary, SUMMARY
    for i, step in enumerate(lesson.steps):
        yield ("steps", i, "text"), step.text, STEP if step.picture is None else CAPTION
        if step.button:
            yield ("steps", i, "button"), step.button, BUTTON
        if step.picture is not None:
            yield from picture_fields(step.picture, ("steps", i, "picture"))
    for i, question in enumerate(lesson.questions):
        yield from question_fields(question, ("questions", i))
    yield ("takeaway",), lesson.takeaway, TAKEAWAY


def picture_fields(picture: Picture, loc: Loc) -> Iterator[tuple[Loc, str, Field]]:
    """Every text of a picture, where it stands, and how it is shown."""
    yield (*loc, "alt"), picture.alt, ALT
    yield (*loc, "credit"), picture.credit, ALT
    if picture.chart is not None:
        yield (*loc, "chart", "title"), picture.chart.title, PICTURE_TITLE
        if picture.chart.honest_title:
            yield (*loc, "chart", "honest_title"), picture.chart.honest_title, PICTURE_TITLE
        for n, bar in enumerate(picture.chart.points):
            yield (*loc, "chart", "points", n, "label"), bar.label, PICTURE_LABEL
    for n, post in enumerate(picture.posts or ()):
        yield (*loc, "posts", n, "name"), post.name, POST_NAME
        yield (*loc, "posts", n, "text"), post.text, POST_TEXT


def answer_key_problems(question: AnyQuestion) -> Iterator[tuple[Loc, str]]:
    """Problems with a question's options and answer key, relative to the question."""
    if isinstance(question, TrueFalse):
        return
    count = len(question.options)
    correct = sum(option.correct for option in question.options)
    if (
        limits.POLL_OPTIONS_MIN <= count <= limits.POLL_OPTIONS_MAX
        and 0 < correct < count
        and (correct == 1 or isinstance(question, SeveralCorrect))
        and len({option.text.strip().casefold() for option in question.options}) == count
    ):
        return  # the common case, told at once: no problem below can apply
    if count < limits.POLL_OPTIONS_MIN:
        yield (
            ("options",),
            (
                f"a question needs at least {limits.POLL_OPTIONS_MIN} options, this one has"
                f" {count} (add another option)"
            ),
        )
    if count > limits.POLL_OPTIONS_MAX:
        yield (
            ("options",),
            (
                f"a question can have at most {limits.POLL_OPTIONS_MAX} options, this one has"
                f" {count} (remove {count - limits.POLL_OPTIONS_MAX})"
            ),
        )
    if correct == 0:
        yield (
            ("options",),
            ("no option is marked correct (add `correct: true` under the right option)"),
        )
    elif isinstance(question, SingleChoice) and correct > 1:
        yield (
            ("options",),
            (
                f"a single-choice question has {correct} correct options"
                " (keep one `correct: true`, or use `kind: multiple`)"
            ),
        )
    elif isinstance(question, SeveralCorrect) and correct == count:
        yield (
            ("options",),
            (
                "every option is marked correct (leave at least one wrong option, or ask a"
                " true-false question)"
            ),
        )
    texts = [option.text.strip().casefold() for option in question.options]
    for i, text in enumerate(texts):
        if text in texts[:i]:
            yield (
                ("options", i, "text"),
                (
                    f"option {i + 1} repeats option {texts.index(text) + 1} (make each option"
                    " different)"
                ),
            )
