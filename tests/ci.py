"""What the suite may skip on a developer's machine but not in CI.

`.ci/run` sets ``PORTAL_CI=1``. There, a check that cannot run (no chromium for the browser
journeys, no ``pdffonts`` to see the CJK font embedded in the PDFs) fails with the reason,
because a skipped check in CI is a check nobody ran; a plain ``make test`` on a machine
without them skips, with the same reason.
"""

from __future__ import annotations

import os
from typing import NoReturn

import pytest

CI_VARIABLE = "PORTAL_CI"


def under_ci() -> bool:
    """Whether the suite runs in CI (``PORTAL_CI`` set to anything but empty or 0)."""
    return os.environ.get(CI_VARIABLE, "").strip() not in {"", "0"}


def cannot_run(reason: str) -> NoReturn:
    """Skip the test for `reason`, or fail it in CI."""
    if under_ci():
        pytest.fail(f"{reason} (required in CI: {CI_VARIABLE} is set)", pytrace=False)
    pytest.skip(reason)
