"""The post check: what a learner forwards or pastes, looked at for cues, never judged.

The core never says whether a post is true. It decides whether a message is a post to
check at all, and which cue rules it shows; the adapter walks the learner through SIFT
(stop, investigate the source, find better coverage, trace to the original). The post's
text is only read here: nothing keeps it, and the result carries rule indices, not text.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.bank.bank import Bank
from bot.bank.cues import CueBook, CueRule, Technique

# Shorter chatter ("hi", "thanks!") gets the usual pointer, unless a cue is found in it.
MIN_WORDS = 8
MIN_CHARACTERS = 60
STEPS = 4  # stop, investigate the source, find better coverage, trace to the original


class PostKind(StrEnum):
    """What the learner sent, which shapes the steps: a text, a link, a picture, or a post
    forwarded from somewhere."""

    TEXT = "t"
    LINK = "l"
    PHOTO = "p"
    FORWARD = "f"


@dataclass(frozen=True)
class Post:
    """A message as the check sees it: its text (or caption), and what else it carries."""

    text: str
    forwarded: bool = False
    has_link: bool = False
    has_photo: bool = False

    @property
    def kind(self) -> PostKind:
        """A photo first (its caption aside), then a link, then a forward, else a text."""
        if self.has_photo:
            return PostKind.PHOTO
        if self.has_link:
            return PostKind.LINK
        return PostKind.FORWARD if self.forwarded else PostKind.TEXT


@dataclass(frozen=True)
class PostCheck:
    """The outcome: the kind of post, and the rules whose cues were found (as a bit mask
    over the book's rules, small enough for a button)."""

    kind: PostKind
    mask: int


@dataclass(frozen=True)
class Cue:
    """One technique found, and the lesson that teaches it."""

    technique: Technique
    lesson_id: str


def _found(post: Post, book: CueBook) -> int:
    mask = 0
    for index, rule in enumerate(book.rules):
        if (rule.photos and post.has_photo) or (post.text and rule.finds(post.text)):
            mask |= 1 << index
    return mask


def check_post(post: Post, book: CueBook) -> PostCheck | None:
    """The check of a post, or None for short chatter that is not a post to check.

    A post is anything forwarded, a photo, a link, a text of at least `MIN_WORDS` words or
    `MIN_CHARACTERS` characters, or a shorter text in which a cue is found.
    """
    mask = _found(post, book)
    text = post.text.strip()
    long_enough = len(text.split()) >= MIN_WORDS or len(text) >= MIN_CHARACTERS
    if post.forwarded or post.has_photo or post.has_link or long_enough or mask:
        return PostCheck(post.kind, mask)
    return None


def cues_of(mask: int, book: CueBook, lesson_ids: frozenset[str] | set[str]) -> tuple[Cue, ...]:
    """The techniques a mask names, each once, in the book's order, with a lesson the bank
    still has (a button may outlive a rule or a lesson)."""
    cues: list[Cue] = []
    rules: list[CueRule] = [r for i, r in enumerate(book.rules) if mask & (1 << i)]
    for rule in rules:
        if rule.technique not in {c.technique for c in cues} and rule.lesson in lesson_ids:
            cues.append(Cue(rule.technique, rule.lesson))
    return tuple(cues)


class PostDesk:
    """The post check against this bank's cue rules (`tutor.posts`)."""

    def __init__(self, bank: Bank) -> None:
        self._bank = bank

    def check(self, post: Post) -> PostCheck | None:
        """The check of a post, or None for chatter (see `check_post`)."""
        return check_post(post, self._bank.cues)

    def cues(self, mask: int, language: str) -> tuple[tuple[Cue, ...], dict[str, str]]:
        """The techniques a button's mask names, and the title of each one's lesson in
        the learner's language."""
        bank = self._bank
        cues = cues_of(mask, bank.cues, set(bank.lessons))
        return cues, {c.lesson_id: bank.lesson(c.lesson_id, language).title for c in cues}
