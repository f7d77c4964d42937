"""A problem found in the bank: where it is, what is wrong, and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One finding, printed as `path:line:column: message (how to fix it)`."""

    path: str
    line: int
    column: int
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.path}:{self.line}:{self.column}: {prefix}{self.message}"

    def as_warning(self) -> Problem:
        """The same finding, counted as a warning."""
        return Problem(self.path, self.line, self.column, self.message, "warning")

    def as_error(self) -> Problem:
        """The same finding, counted as an error (for `--strict`)."""
        return Problem(self.path, self.line, self.column, self.message, "error")
