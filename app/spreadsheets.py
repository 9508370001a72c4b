"""CSV that spreadsheets open safely: the one home of formula escaping and the byte-order mark.

Every CSV the portal serves goes through `csv_text` (or `csv_lines`, to stream it): each cell a
spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return) is quoted
with an apostrophe, and the text starts with a UTF-8 byte-order mark so that spreadsheets read the Chinese.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula (dates in ISO 8601)."""
    text = "" if value is None else value.isoformat() if isinstance(value, date) else str(value)
    return "'" + text if text[:1] in FORMULA_STARTS else text


def csv_text(rows: Iterable[Iterable[object]]) -> str:
    """`rows` (the header first) as CSV text with a byte-order mark, every cell escaped."""
    return "".join(csv_lines(rows))


def csv_lines(rows: Iterable[Iterable[object]]) -> Iterator[str]:
    """The same CSV text line by line, the byte-order mark first: for a streamed download."""
    yield BOM
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow(cell(value) for value in row)
        yield out.getvalue()
        out.seek(0)
        out.truncate()
