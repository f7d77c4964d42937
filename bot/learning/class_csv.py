"""The CSV export of a class report: one row per member and lesson, safe in a spreadsheet.

A first name is whatever the learner typed into Telegram. A cell that begins with `=`,
`+`, `-` or `@` (or a tab or carriage return) is a formula to Excel, LibreOffice and
Google Sheets; such a cell gets a leading apostrophe, which they show as text (OWASP's
advice on CSV injection). The file starts with a byte order mark, so that Excel reads it
as UTF-8 and shows Arabic, Cyrillic and Thai names as written.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str | int) -> str | int:
    """A text cell that no spreadsheet will run as a formula; numbers as they are."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def csv_document(header: Sequence[str], rows: Iterable[Sequence[str | int]]) -> bytes:
    """The rows under the header, as UTF-8 CSV (with a byte order mark)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(cell) for cell in header])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")
