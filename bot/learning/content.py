"""The lesson and quiz bank's data model: what an educator may write in a YAML file.

Structure (ids, answer keys, order) lives only in the English source files. A translation
is a separate file per language that carries text keyed by those ids, so a translator can
never change which answer is right.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from bot.learning.limits import MAX_ID_LENGTH
from bot.learning.themes import Theme

Slug = Annotated[
    str,
    StringConstraints(
        pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", min_length=1, max_length=MAX_ID_LENGTH
    ),
]
LanguageTag = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(?:-[A-Z][a-z]{3})?$")]
Text = Annotated[str, StringConstraints(min_length=1)]
ThemeName = Annotated[Theme, Field(strict=False)]
HttpsUrl = Annotated[str, StringConstraints(pattern=r"^https://[^\s]+$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Link(_Strict):
    """A link shown under a step, with readable text."""

    title: Text
    url: HttpsUrl


class Step(_Strict):
    """One short card of a lesson, sent as its own message."""

    id: Slug
    text: Text
    button: Text | None = None
    link: Link | None = None
    image: HttpsUrl | None = None


class Option(_Strict):
    """One answer option; `correct: true` marks a right one."""

    text: Text
    correct: bool = False


class _QuestionBase(_Strict):
    id: Slug
    prompt: Text
    explanation: Text
    why: Text | None = None
    # Only in quiz pools: the lesson whose technique this item practises.
    lesson: Slug | None = None


class SingleChoice(_QuestionBase):
    """Exactly one right option; sent as a Telegram quiz poll."""

    kind: Literal["single"]
    options: list[Option]


class TrueFalse(_QuestionBase):
    """A statement the learner judges true or false."""

    kind: Literal["true-false"]
    answer: bool


class SeveralCorrect(_QuestionBase):
    """One or more right options; the learner ticks all that apply."""

    kind: Literal["multiple"]
    options: list[Option]


Question = Annotated[SingleChoice | TrueFalse | SeveralCorrect, Field(discriminator="kind")]


class Source(_Strict):
    """Where a lesson's facts come from, and under which licence any adapted text is."""

    title: Text
    url: HttpsUrl
    licence: Text


class Lesson(_Strict):
    """A 3-5 minute lesson: steps, then practice questions, then one takeaway."""

    id: Slug
    theme: ThemeName
    title: Text
    summary: Text
    minutes: Annotated[int, Field(ge=1, le=10)]
    # Place in the theme's menu; lessons without one come after, in file order.
    order: Annotated[int, Field(ge=1)] | None = None
    ai_literacy: bool = False
    techniques: Annotated[list[Slug], Field(min_length=1)]
    prerequisites: list[Slug] = []
    review_pool: Slug
    steps: Annotated[list[Step], Field(min_length=1)]
    questions: list[Question]
    takeaway: Text
    sources: Annotated[list[Source], Field(min_length=1)]


class QuizPool(_Strict):
    """A pool of questions for spaced review, peer challenges and the pre/post check."""

    id: Slug
    theme: ThemeName | None = None
    title: Text
    questions: Annotated[list[Question], Field(min_length=1)]


class StepText(_Strict):
    """A step's text in another language."""

    text: Text | None = None
    button: Text | None = None


class QuestionText(_Strict):
    """A question's text in another language; options in the source's order."""

    prompt: Text | None = None
    options: list[Text] | None = None
    explanation: Text | None = None
    why: Text | None = None


class LessonTranslation(_Strict):
    """A lesson's text in one language, keyed by the ids of the English source."""

    translation_of: Slug
    language: LanguageTag
    title: Text | None = None
    summary: Text | None = None
    steps: dict[Slug, StepText] = {}
    questions: dict[Slug, QuestionText] = {}
    takeaway: Text | None = None


class PoolTranslation(_Strict):
    """A quiz pool's text in one language, keyed by the ids of the English source."""

    translation_of: Slug
    language: LanguageTag
    title: Text | None = None
    questions: dict[Slug, QuestionText] = {}


AnyQuestion = SingleChoice | TrueFalse | SeveralCorrect
