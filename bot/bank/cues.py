"""Cues of manipulation techniques, found in a post a learner forwards: content, not code.

Educators write the rules in `cues/cues.yaml`: each names a technique, the lesson that
teaches it, patterns per language, and per language a sentence that must match and one that
must not (the checker tries both). The set of techniques is fixed here, like the themes,
because the bot names each one in every interface language.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import field
from enum import StrEnum
from functools import cached_property
from typing import Annotated

from pydantic import ConfigDict, Field, StrictBool, TypeAdapter
from pydantic.dataclasses import dataclass

from bot.bank.content import LanguageTag, Slug, Text

# Cue languages: at least these, and the checker says which a rule lacks.
CUE_LANGUAGES = ("en", "pt", "ru", "sr", "sr-Latn", "ar")
_CONFIG = ConfigDict(extra="forbid")
FLAGS = re.IGNORECASE | re.UNICODE


class Technique(StrEnum):
    """A manipulation technique the post check can name."""

    EMOTIONAL_LANGUAGE = "emotional-language"
    URGENCY = "urgency"
    UNSOURCED_NUMBERS = "unsourced-numbers"
    UNNAMED_EXPERT = "unnamed-expert"
    RECYCLED_IMAGE = "recycled-image"


TECHNIQUES: tuple[Technique, ...] = tuple(Technique)
TechniqueName = Annotated[Technique, Field(strict=False)]


@dataclass(config=_CONFIG, frozen=True, slots=True, kw_only=True)
class CueExamples:
    """Two test sentences: one the rule must find, one it must not."""

    match: Text
    no_match: Text


@dataclass(config=_CONFIG, frozen=True, kw_only=True)
class CueRule:
    """One rule: a technique, its lesson, and regular expressions per language."""

    id: Slug
    technique: TechniqueName
    lesson: Slug
    patterns: dict[LanguageTag, list[Text]]
    examples: dict[LanguageTag, CueExamples]
    # Patterns that cancel the cue, in any language: a number with a named source, say.
    unless: dict[LanguageTag, list[Text]] = field(default_factory=dict)
    # A photo always raises this cue: any picture may be recycled or made by AI.
    photos: StrictBool = False

    @cached_property
    def compiled(self) -> tuple[tuple[re.Pattern[str], ...], tuple[re.Pattern[str], ...]]:
        """Every language's patterns and cancelling patterns, compiled once (the checker
        has compiled each)."""
        return _compile(self.patterns), _compile(self.unless)

    def finds(self, text: str) -> bool:
        """Whether a pattern of any language is found in `text`, and no cancelling one."""
        found, cancelled = self.compiled
        return any(p.search(text) for p in found) and not any(p.search(text) for p in cancelled)


def _compile(patterns: Mapping[str, list[str]]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, FLAGS) for ps in patterns.values() for p in ps)


@dataclass(config=_CONFIG, frozen=True, kw_only=True)
class CueFile:
    """The file educators edit: a list of rules."""

    rules: list[CueRule]


CUE_FILE = TypeAdapter(CueFile)


@dataclass(frozen=True)
class CueBook:
    """The valid rules, in the file's order (a rule's index travels in a button)."""

    rules: tuple[CueRule, ...] = ()
    by_id: Mapping[str, CueRule] = field(default_factory=dict)

    @classmethod
    def of(cls, rules: list[CueRule]) -> CueBook:
        """A book of these rules."""
        return cls(tuple(rules), {rule.id: rule for rule in rules})


NO_CUES = CueBook()
