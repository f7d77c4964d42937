"""The lesson and quiz bank's data model: what an educator may write in a YAML file.

Structure (ids, answer keys, order) lives only in the English source files. A translation
is a separate file per language that carries text keyed by those ids, so a translator can
never change which answer is right.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, StrictBool, StrictInt, StringConstraints, TypeAdapter
from pydantic.dataclasses import dataclass

from bot.bank.limits import MAX_ID_LENGTH
from bot.bank.pictures import Picture, PictureText
from bot.bank.themes import Theme

# Every value is strict (text must be text, numbers numbers, no "3" for 3), each type on its
# own: strictness set for a whole class would also refuse the plain mappings a file holds.
Slug = Annotated[
    str,
    StringConstraints(
        strict=True,
        pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
        min_length=1,
        max_length=MAX_ID_LENGTH,
    ),
]
LanguageTag = Annotated[
    str, StringConstraints(strict=True, pattern=r"^[a-z]{2,3}(?:-[A-Z][a-z]{3})?$")
]
Text = Annotated[str, StringConstraints(strict=True, min_length=1)]
ThemeName = Annotated[Theme, Field(strict=False)]
HttpsUrl = Annotated[str, StringConstraints(strict=True, pattern=r"^https://[^\s]+$")]

# Frozen, slotted dataclasses rather than BaseModels: a bank of ten thousand lessons holds
# millions of these, and a model's `__dict__` and set of fields set would double its memory.
# Unknown keys are errors (extra="forbid").
_CONFIG = ConfigDict(extra="forbid")


def _empty_list() -> Any:
    """A fresh empty list for each instance; the schema still shows `[]` as the default."""
    return Field(default_factory=list, json_schema_extra={"default": []})


def _empty_dict() -> Any:
    """A fresh empty mapping for each instance; the schema still shows `{}` as the default."""
    return Field(default_factory=dict, json_schema_extra={"default": {}})


@dataclass(config=_CONFIG, frozen=True, slots=True, kw_only=True)
class Link:
    """A link shown under a step, with readable text."""

    title: Text
    url: HttpsUrl


@dataclass(config=_CONFIG, frozen=True, slots=True, kw_only=True)
class Step:
    """One short card of a lesson, sent as its own message."""

    id: Slug
    text: Text
    button: Text | None = None
    link: Link | None = None
    # sent as a photo with the text as its caption (at most 1024 characters then)
    picture: Picture | None = None


@dataclass(config=_CONFIG, frozen=True, slots=True, kw_only=True)
class Option:
    """One answer option; `correct: true` marks a right one."""

    text: Text
    correct: StrictBool = False


@dataclass(config=_CONFIG, frozen=True, slots=True, kw_only=True)
class _QuestionBase:
    id: Slug
    prompt: Text
    explanation: Text
    why: Text | None = None
    # Only in quiz pools: the lesson whose technique this item practises.
    lesson: Slug | None = None


@dataclass(config=_CONFIG, frozen=True, slots=True, kw_only=True)
class SingleChoice(_QuestionBase):
    """Exactly one right option; sent as a Telegram quiz poll."""

    kind: Literal["single"]
    options: list[Option]


@dataclass(config=_CONFIG, frozen=True, slots=True, kw_only=True)
class TrueFalse(_QuestionBase):
    """A statement the learner judges true or false."""

    kind: Literal["true-false"]
    answer: StrictBool


@dataclass(config=_CONFIG, frozen=True, slots=True, kw_only=True)
class SeveralCorrect(_QuestionBase):
    """One or more right options; the learner ticks all that apply."""

    kind: Literal["multiple"]
    options: list[Option]


Question = Annotated[SingleChoice | TrueFalse | SeveralCorrect, Field(discriminator="kind")]


@dataclass(config=_CONFIG, frozen=True, slots=True, kw_only=True)
class Source:
    """Where a lesson's facts come from, and under which licence any adapted text is."""

    title: Text
    url: HttpsUrl
    licence: Text


@dataclass(config=_CONFIG, frozen=True, slots=True, kw_only=True)
class Lesson:
    """A 3-5 minute lesson: steps, then practice questions, then one takeaway."""

    id: Slug
    theme: ThemeName
    title: Text
    summary: Text
    minutes: Annotated[StrictInt, Field(ge=1, le=10)]
    # Place in the theme's menu; lessons without one come after, in file order.
    order: Annotated[StrictInt, Field(ge=1)] | None = None
    ai_literacy: StrictBool = False
    techniques: Annotated[list[Slug], Field(min_length=1)]
    prerequisites: list[Slug] = _empty_list()
    review_pool: Slug
    steps: Annotated[list[Step], Field(min_length=1)]
    questions: list[Question]
    takeaway: Text
    sources: Annotated[list[Source], Field(min_length=1)]


@dataclass(config=_CONFIG, frozen=True, slots=True, kw_only=True)
class QuizPool:
    """A pool of questions for spaced review, peer challenges and the pre/post check."""

    id: Slug
    theme: ThemeName | None = None
    title: Text
    questions: Annotated[list[Question], Field(min_length=1)]


@dataclass(config=_CONFIG, frozen=True, slots=True, kw_only=True)
class StepText:
    """A step's text in another language."""

    text: Text | None = None
    button: Text | None = None
    picture: PictureText | None = None


@dataclass(config=_CONFIG, frozen=True, slots=True, kw_only=True)
class QuestionText:
    """A question's text in another language; options in the source's order."""

    prompt: Text | None = None
    options: list[Text] | None = None
    explanation: Text | None = None
    why: Text | None = None


@dataclass(config=_CONFIG, frozen=True, slots=True, kw_only=True)
class LessonTranslation:
    """A lesson's text in one language, keyed by the ids of the English source."""

    translation_of: Slug
    language: LanguageTag
    title: Text | None = None
    summary: Text | None = None
    steps: dict[Slug, StepText] = _empty_dict()
    questions: dict[Slug, QuestionText] = _empty_dict()
    takeaway: Text | None = None


@dataclass(config=_CONFIG, frozen=True, slots=True, kw_only=True)
class PoolTranslation:
    """A quiz pool's text in one language, keyed by the ids of the English source."""

    translation_of: Slug
    language: LanguageTag
    title: Text | None = None
    questions: dict[Slug, QuestionText] = _empty_dict()


AnyQuestion = SingleChoice | TrueFalse | SeveralCorrect


# Validators for each kind of file, built once.
LESSON = TypeAdapter(Lesson)
QUIZ_POOL = TypeAdapter(QuizPool)
LESSON_TRANSLATION = TypeAdapter(LessonTranslation)
POOL_TRANSLATION = TypeAdapter(PoolTranslation)
