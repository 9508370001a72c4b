"""A page of a longer list, and the numbers its pagination bar shows."""

from __future__ import annotations

import pytest

from app.db import Page


def shown(number: int, pages: int) -> list[int | None]:
    return Page(items=[], number=number, per_page=10, total=pages * 10).numbers_shown()


@pytest.mark.parametrize(
    ("number", "pages", "expected"),
    [
        (1, 1, [1]),
        (1, 4, [1, 2, 3, 4]),
        (1, 10, [1, 2, 3, None, 10]),
        (4, 10, [1, 2, 3, 4, 5, 6, None, 10]),
        (5, 10, [1, None, 3, 4, 5, 6, 7, None, 10]),
        (10, 10, [1, None, 8, 9, 10]),
        (50_000, 100_000, [1, None, 49_998, 49_999, 50_000, 50_001, 50_002, None, 100_000]),
        (12, 3, [1, None, 3]),  # past the last page: the first and the last
    ],
)
def test_the_bar_shows_the_ends_and_the_pages_around_this_one(
    number: int, pages: int, expected: list[int | None]
) -> None:
    assert shown(number, pages) == expected
