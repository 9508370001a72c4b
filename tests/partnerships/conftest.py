"""Shared fixtures of the partnership tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app import clock
from tests.partnerships.factories import SELECTED


@pytest.fixture
def frozen() -> Iterator[None]:
    """Publication day of the decisions: 1 August 2026."""
    with clock.frozen_at(SELECTED):
        yield
