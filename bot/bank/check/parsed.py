"""A file that passed its own checks: what the loader hands to the cross-file checks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from bot.bank.check.documents import Document

M = TypeVar("M")


@dataclass
class Parsed(Generic[M]):
    """A file that passed its own checks, with the document it came from."""

    model: M
    doc: Document
