"""The seven CLICKS themes, in their canonical order."""

from enum import StrEnum


class Theme(StrEnum):
    """A CLICKS theme; its value is the folder name in the lesson bank."""

    CRITICAL_THINKING = "critical-thinking"
    CREATIVITY = "creativity"
    LITERACY = "literacy"
    INTERCULTURAL = "intercultural"
    CITIZENSHIP = "citizenship"
    KNOWLEDGE = "knowledge"
    SUSTAINABILITY = "sustainability"


THEMES: tuple[Theme, ...] = tuple(Theme)
