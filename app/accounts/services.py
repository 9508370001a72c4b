"""Account operations: registration, e-mail confirmation, sign-in, passwords, profiles, roles.

Services add to the current transaction and flush; the view or CLI command commits once.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select

from app import clock
from app.accounts import sessions
from app.accounts.appointments import check_side
from app.accounts.models import Language, Role, Side, User, UserRole
from app.audit.services import record_event
from app.errors import ServiceError
from app.extensions import db
from app.notifications.services import queue_mail

MIN_PASSWORD_LENGTH = 12


@cache
def common_passwords() -> frozenset[str]:
    """The 30,000 most common leaked passwords zxcvbn ships; refusing them is ASVS 2.1.7. Read at
    the first password chosen, not at start: zxcvbn's lists take 12 MB of a worker."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


_hasher = PasswordHasher()  # Argon2id with the library's current recommended parameters


@cache
def _unknown_user_hash() -> str:
    """Verifying against this hash when an address is unknown keeps sign-in timing the same.
    Made at the first sign-in, not at import: each hash takes Argon2's 64 MiB for a moment."""
    return _hasher.hash("no account has this password")


def normalize_email(email: str) -> str:
    """E-mail addresses are compared and stored lower-cased, without surrounding spaces."""
    return email.strip().lower()


def hash_password(password: str) -> str:
    """An Argon2id hash of `password`."""
    return _hasher.hash(password)


def password_problems(password: str, *, email: str = "") -> list[str]:
    """Why `password` is too weak, as messages for the form; empty when it is acceptable."""
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(str(_l("Use at least %(n)d characters.", n=MIN_PASSWORD_LENGTH)))
    if password.lower() in common_passwords():
        problems.append(str(_l("This password is one of the most commonly used; choose another.")))
    local_part = normalize_email(email).partition("@")[0]
    if len(local_part) >= 4 and local_part in password.lower():
        problems.append(str(_l("Do not build the password from your e-mail address.")))
    return problems


def find_user_by_email(email: str) -> User | None:
    """The user with this address, whatever its case."""
    return db.session.scalar(select(User).where(User.email == normalize_email(email)))


def _check_new_password(password: str, email: str) -> None:
    problems = password_problems(password, email=email)
    if problems:
        raise ServiceError(" ".join(problems), field="password")


def create_user(
    *,
    email: str,
    password: str,
    display_name: str,
    roles: Iterable[Role] = (Role.APPLICANT,),
    side: Side | None = None,
    language: Language = Language.EN,
    time_zone: str = "America/New_York",
    email_confirmed: bool = False,
    actor: User | None = None,
) -> User:
    """Create an account. Used by registration, the admin CLI and the demo data.

    Secretariat members (reviewers, chairs) must have a side; others must not.
    """
    email = normalize_email(email)
    if find_user_by_email(email) is not None:
        raise ServiceError(_l("An account with this e-mail address already exists."), field="email")
    _check_new_password(password, email)
    role_set = frozenset(roles)
    check_side(role_set, side)
    user = User(
        email=email,
        password_hash=hash_password(password),
        display_name=display_name.strip(),
        language=language,
        time_zone=time_zone,
        side=side,
        email_confirmed_at=clock.now() if email_confirmed else None,
        roles=[UserRole(role=role) for role in sorted(role_set)],
    )
    db.session.add(user)
    db.session.flush()
    record_event("user.created", user, actor=actor or user, roles=role_set, side=side)
    return user


def register_user(
    *, email: str, password: str, display_name: str, language: Language, time_zone: str
) -> User:
    """Self-registration as an applicant; queues the e-mail confirmation link."""
    user = create_user(
        email=email,
        password=password,
        display_name=display_name,
        language=language,
        time_zone=time_zone,
    )
    send_confirmation(user)
    return user


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def send_confirmation(user: User) -> None:
    """Queue a mail with a link that confirms the user's address."""
    token = _serializer("confirm-email").dumps({"user": user.id, "email": user.email})
    queue_mail("accounts.confirm_email", to=user, token=token)


def confirm_email(token: str) -> User | None:
    """Confirm the address a confirmation token was made for; None if invalid or expired."""
    max_age = current_app.config["EMAIL_CONFIRMATION_MAX_AGE"]
    try:
        data = _serializer("confirm-email").loads(token, max_age=max_age)
    except (BadSignature, SignatureExpired):
        return None
    user = db.session.get(User, data.get("user"))
    if user is None or user.email != data.get("email"):
        return None
    if user.email_confirmed_at is None:
        user.email_confirmed_at = clock.now()
        record_event("user.email_confirmed", user, actor=user)
    return user


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None.

    Unknown addresses cost one Argon2 verification too, so timing does not reveal which
    addresses have accounts.
    """
    user = find_user_by_email(email)
    stored = user.password_hash if user is not None else _unknown_user_hash()
    try:
        _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.is_active:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def record_sign_in(user: User) -> None:
    """Note the time of a successful sign-in, in the user record and the audit log."""
    user.last_sign_in_at = clock.now()
    record_event("user.signed_in", user, actor=user)


def _reset_fingerprint(user: User) -> str:
    # Part of the current hash: once the password changes, every older reset link is dead.
    return user.password_hash[-16:]


def request_password_reset(email: str) -> None:
    """Queue a reset link if the address has an active account; silent otherwise."""
    user = find_user_by_email(email)
    if user is None or not user.is_active:
        return
    token = _serializer("reset-password").dumps({"user": user.id, "fp": _reset_fingerprint(user)})
    queue_mail("accounts.reset_password", to=user, token=token)
    record_event("user.password_reset_requested", user, actor=None)


def user_for_reset_token(token: str) -> User | None:
    """The user a reset link is valid for: unexpired, unused, account active."""
    max_age = current_app.config["PASSWORD_RESET_MAX_AGE"]
    try:
        data = _serializer("reset-password").loads(token, max_age=max_age)
    except (BadSignature, SignatureExpired):
        return None
    user = db.session.get(User, data.get("user"))
    if user is None or not user.is_active:
        return None
    if not hmac.compare_digest(str(data.get("fp", "")), _reset_fingerprint(user)):
        return None
    return user


def reset_password(user: User, new_password: str) -> None:
    """Set a new password from a reset link. Following a link also proves the address."""
    _check_new_password(new_password, user.email)
    user.password_hash = hash_password(new_password)
    if user.email_confirmed_at is None:
        user.email_confirmed_at = clock.now()
    ended = sessions.end_all_sessions(user)
    record_event("user.password_reset", user, actor=user, sessions_ended=ended)


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Change a password, knowing the current one. Every session of the user ends, this one
    included; the caller starts a fresh one for this browser."""
    try:
        _hasher.verify(user.password_hash, current_password)
    except (VerificationError, InvalidHashError):
        raise ServiceError(
            _l("The current password is not correct."), field="current_password"
        ) from None
    _check_new_password(new_password, user.email)
    user.password_hash = hash_password(new_password)
    ended = sessions.end_all_sessions(user)
    record_event("user.password_changed", user, actor=user, sessions_ended=ended)


def sign_out_everywhere(user: User) -> int:
    """End every session of `user`, on every device; how many there were."""
    ended = sessions.end_all_sessions(user)
    record_event("user.signed_out_everywhere", user, actor=user, sessions_ended=ended)
    return ended


SIGNATURE_FIELDS = ("title_en", "title_zh", "office_en", "office_zh")


def update_profile(
    user: User,
    *,
    display_name: str,
    language: Language,
    time_zone: str,
    daily_digest: bool,
    signature: dict[str, str] | None = None,
) -> None:
    """Change the name, language and time zone a user sees the portal in, whether the
    non-urgent notices come in one daily digest and, for a co-chair, the title and office
    their signature block on letters and certificates prints (`signature`, keyed by
    `SIGNATURE_FIELDS`; None leaves them)."""
    user.display_name = display_name.strip()
    user.language = language
    user.time_zone = time_zone
    user.daily_digest = daily_digest
    if signature is not None:
        for name in SIGNATURE_FIELDS:
            setattr(user, name, (signature.get(name) or "").strip())
    record_event("user.profile_updated", user, actor=user)


def set_language(user: User, language: Language) -> None:
    """Remember the interface language a signed-in user chose in the header switch."""
    if user.language != language:
        user.language = language
        record_event("user.language_changed", user, actor=user, language=language)
