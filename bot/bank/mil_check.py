"""The MIL check's data model: two parallel forms of posts to sort, real or manipulative.

A check file lives in `quizzes/checks/`. Like lessons, structure (ids, which posts are
manipulative, their techniques) lives only in the English file; a translation carries text
keyed by item id, so a translator can never change an answer.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, StrictBool, TypeAdapter
from pydantic.dataclasses import dataclass

from bot.bank.content import LanguageTag, Slug, Text

_CONFIG = ConfigDict(extra="forbid")
FormName = Literal["a", "b"]
FORMS: tuple[FormName, FormName] = ("a", "b")
# Each form: this many real posts and this many manipulative ones.
PER_KIND = 8


@dataclass(config=_CONFIG, frozen=True, slots=True, kw_only=True)
class CheckItem:
    """One post the learner sorts: "seems trustworthy" or "looks manipulative"."""

    id: Slug
    post: Text
    manipulative: StrictBool
    # The technique a manipulative post uses (one some lesson teaches); none for a real one.
    technique: Slug | None = None
    explanation: Text


@dataclass(config=_CONFIG, frozen=True, slots=True, kw_only=True)
class CheckForm:
    """One form of the check: 8 real and 8 manipulative posts, in the order shown."""

    form: FormName
    items: Annotated[list[CheckItem], Field(min_length=1)]


@dataclass(config=_CONFIG, frozen=True, slots=True, kw_only=True)
class MilCheck:
    """The pre/post check: forms A and B with the same mix of techniques."""

    id: Slug
    title: Text
    forms: Annotated[list[CheckForm], Field(min_length=1)]


@dataclass(config=_CONFIG, frozen=True, slots=True, kw_only=True)
class CheckItemText:
    """An item's text in another language."""

    post: Text | None = None
    explanation: Text | None = None


@dataclass(config=_CONFIG, frozen=True, slots=True, kw_only=True)
class CheckTranslation:
    """A check's text in one language, keyed by the item ids of the English source."""

    translation_of: Slug
    language: LanguageTag
    title: Text | None = None
    items: dict[Slug, CheckItemText] = Field(
        default_factory=dict, json_schema_extra={"default": {}}
    )


MIL_CHECK = TypeAdapter(MilCheck)
CHECK_TRANSLATION = TypeAdapter(CheckTranslation)


def localize_check(check: MilCheck, text: CheckTranslation | None) -> MilCheck:
    """The check with the translation's text where it has some, English elsewhere."""
    if text is None:
        return check
    forms = []
    for form in check.forms:
        items = []
        for item in form.items:
            found = text.items.get(item.id)
            if found is not None:
                item = dataclasses.replace(
                    item,
                    post=found.post or item.post,
                    explanation=found.explanation or item.explanation,
                )
            items.append(item)
        forms.append(dataclasses.replace(form, items=items))
    return dataclasses.replace(check, title=text.title or check.title, forms=forms)
