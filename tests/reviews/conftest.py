"""The review tests' shared fixture: a call under review with its chairs and reviewers."""

from __future__ import annotations

import pytest

from tests.reviews.factories import Review, make_review


@pytest.fixture
def review() -> Review:
    """A closed call with three submitted proposals, two chairs and two reviewers per side."""
    return make_review()
