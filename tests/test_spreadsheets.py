"""CSV for spreadsheets: both CSVs the portal serves escape formulas and carry the BOM."""

from __future__ import annotations

import csv
import io
from datetime import date

from app.public import feeds
from app.public.read_model import DirectoryFilters, directory_rows
from app.spreadsheets import BOM, cell, csv_text
from tests.public.factories import make_partnership


def test_a_cell_that_would_run_as_a_formula_is_quoted() -> None:
    for text in ("=cmd", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert cell(text) == "'" + text
    assert cell("plain") == "plain" and cell(None) == "" and cell(3) == "3"
    assert cell(date(2026, 1, 2)) == "2026-01-02"


def test_the_text_starts_with_the_byte_order_mark_and_ends_lines_with_crlf() -> None:
    text = csv_text([("a", "b"), ("=cmd", "中文")])
    assert text == BOM + "a,b\r\n'=cmd,中文\r\n"


def test_the_directory_feed_escapes_formulas_and_starts_with_the_bom() -> None:
    make_partnership(name_en="=cmd|' /C calc'!A0")
    text = feeds.directory_csv(
        directory_rows(DirectoryFilters()), url=lambda slug: f"http://portal.test/{slug}"
    )
    assert text.startswith(BOM)
    rows = list(csv.DictReader(io.StringIO(text.removeprefix(BOM))))
    assert rows[0]["name_en"] == "'=cmd|' /C calc'!A0"
