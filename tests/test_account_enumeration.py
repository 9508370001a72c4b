"""No account enumeration: sign-in and forgot-password answer the same, in about the same time,
whether or not an address has an account.

Timing is measured on interleaved requests (known, unknown, known, ...), so a burst of load on a
shared machine hits both sides alike. A ratio alone would pass were both sides fast, so every
sign-in attempt, known address or not, must also take at least `FLOOR` times one Argon2
verification measured in the same run: the unknown address pays a verification too. Forgot-
password, which verifies nothing, keeps the ratio of its medians within 0.5-2.0. Registration
with a taken address is the documented exception (SECURITY.md).
"""

from __future__ import annotations

import contextlib
import functools
import re
import statistics
import time
from collections.abc import Callable

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.accounts.models import User
from app.extensions import db
from app.notifications.models import Notification
from tests.factories import make_user

ROUNDS = 10
# Each attempt costs at least this share of the fastest Argon2 verification measured alongside
# (not all of it: the measurements of a shared machine wobble by some percent).
FLOOR = 0.8
KNOWN = "known.person@example.org"
UNKNOWN = "nobody.here@example.org"


def _page_text(response_body: str, address: str) -> str:
    """The page without what differs on every request anyway (nonces, CSRF tokens) and
    without the address typed, which the form shows back as it was."""
    body = re.sub(r'nonce="[^"]*"', 'nonce=""', response_body)
    body = re.sub(r'<input[^>]*name="csrf_token"[^>]*>', "", body)
    return body.replace(address, "ADDRESS")


def _timings(send: Callable[[str], object]) -> tuple[list[float], list[float]]:
    """Durations of `send(KNOWN)` and `send(UNKNOWN)`, interleaved."""
    send(KNOWN), send(UNKNOWN)  # warm-up: templates compiled, caches filled
    known: list[float] = []
    unknown: list[float] = []
    for _ in range(ROUNDS):
        for address, samples in ((KNOWN, known), (UNKNOWN, unknown)):
            samples.append(_seconds(functools.partial(send, address)))
    return known, unknown


def _seconds(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def _median_ratio(send: Callable[[str], object]) -> tuple[float, float, float]:
    """Medians of `send(KNOWN)` and `send(UNKNOWN)`, interleaved, and their ratio."""
    known, unknown = _timings(send)
    known_median, unknown_median = statistics.median(known), statistics.median(unknown)
    return known_median, unknown_median, known_median / unknown_median


def _verify_wrong_password(stored_hash: str) -> None:
    """One Argon2 verification of a wrong password against `stored_hash` (its own parameters
    set the cost, whichever hasher verifies it)."""
    with contextlib.suppress(VerificationError):
        PasswordHasher().verify(stored_hash, "not the password")


def test_sign_in_answers_alike_for_known_and_unknown_addresses(client: FlaskClient) -> None:
    make_user(email=KNOWN)
    db.session.commit()  # (into the test's transaction) a view's rollback keeps it
    bodies = {}
    for address in (KNOWN, UNKNOWN):
        response = client.post("/login", data={"email": address, "password": "not the password"})
        assert response.status_code == 200
        bodies[address] = _page_text(response.get_data(as_text=True), address)
    assert bodies[KNOWN] == bodies[UNKNOWN]
    assert "The e-mail address or password is not correct." in bodies[KNOWN]

    def sign_in(address: str) -> None:
        client.post("/login", data={"email": address, "password": "not the password"})

    user = db.session.scalar(select(User).where(User.email == KNOWN))
    assert user is not None
    stored = user.password_hash
    _verify_wrong_password(stored), sign_in(KNOWN), sign_in(UNKNOWN)  # warm-up
    # Interleaved with the sign-ins, so that the fastest of each series ran under the same
    # load of a shared machine (Argon2 runs several lanes in parallel: load slows it a lot).
    verifications: list[float] = []
    known: list[float] = []
    unknown: list[float] = []
    for _ in range(ROUNDS):
        verifications.append(_seconds(lambda: _verify_wrong_password(stored)))
        known.append(_seconds(lambda: sign_in(KNOWN)))
        unknown.append(_seconds(lambda: sign_in(UNKNOWN)))
    verification = min(verifications)
    floor = FLOOR * verification
    report = (
        f"one Argon2 verification {verification * 1000:.1f} ms; fastest sign-in: "
        f"known {min(known) * 1000:.1f} ms, unknown {min(unknown) * 1000:.1f} ms"
    )
    assert min(known) >= floor and min(unknown) >= floor, report


def test_forgot_password_answers_alike_for_known_and_unknown_addresses(
    client: FlaskClient,
) -> None:
    make_user(email=KNOWN)
    db.session.commit()  # (into the test's transaction) a view's rollback keeps it
    pages = {}
    for address in (KNOWN, UNKNOWN):
        response = client.post("/forgot-password", data={"email": address}, follow_redirects=True)
        assert response.status_code == 200
        pages[address] = _page_text(response.get_data(as_text=True), address)
    assert pages[KNOWN] == pages[UNKNOWN]
    assert "If an account uses that address" in pages[KNOWN]
    # Only the account holder hears of it, by mail.
    recipients = db.session.scalars(select(Notification.to_address)).all()
    assert recipients == [KNOWN]

    def forgot(address: str) -> None:
        client.post("/forgot-password", data={"email": address})

    known, unknown, ratio = _median_ratio(forgot)
    assert 0.5 <= ratio <= 2.0, f"known {known * 1000:.1f} ms, unknown {unknown * 1000:.1f} ms"
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 2 + ROUNDS


def test_registration_with_a_taken_address_writes_nothing_and_sends_nothing(
    client: FlaskClient,
) -> None:
    # The documented trade-off (SECURITY.md): the form says the address is taken, as most
    # sites do; registration is rate limited, so this cannot be used to sweep addresses.
    make_user(email=KNOWN)
    db.session.commit()  # (into the test's transaction) a view's rollback keeps it
    response = client.post(
        "/register",
        data={
            "email": KNOWN.upper(),
            "password": "a brand new long passphrase",
            "password_again": "a brand new long passphrase",
            "display_name": "Someone Else",
            "language": "en",
            "time_zone": "America/New_York",
        },
    )
    assert response.status_code == 200
    assert "already exists" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 0
    assert db.session.scalar(select(func.count()).select_from(User)) == 1
