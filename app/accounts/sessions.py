"""Signed-in sessions that can be ended: one row per browser, checked on every request.

Flask's signed cookie says *who* a browser claims to be; the `UserSession` row says whether that
claim still holds. A session ends when its row goes: at sign-out, "sign out everywhere", a
password change or reset, deactivation, after `SESSION_IDLE_MINUTES` without a request (30 for
Joint Secretariat members and administrators) and at the latest `SESSION_ABSOLUTE_HOURS` after
sign-in. A cookie copied before any of these is worth nothing afterwards.

"Keep me signed in" is a second random token in its own cookie, stored hashed, valid for
`REMEMBER_ME_DAYS` from sign-in and never extended; using it starts a new session and replaces
both tokens. Secretariat members and administrators are never remembered: their short idle
time would mean nothing otherwise.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import Response, after_this_request, current_app, flash, request, session
from flask_babel import lazy_gettext as _l
from flask_login import login_user
from sqlalchemy import delete, select
from ua_parser import parse as ua_parse

from app import clock
from app.accounts.models import Role, User, UserSession
from app.extensions import db

SESSION_KEY = "_sid"  # where the session token lives in Flask's cookie
REMEMBER_COOKIE = "portal_remember"
# How often the idle clock is written: at most one UPDATE a minute per browser.
TOUCH_EVERY = timedelta(minutes=1)
PRIVILEGED_ROLES = frozenset({Role.REVIEWER, Role.CHAIR, Role.ADMIN})


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def is_privileged(user: User) -> bool:
    """Secretariat members and administrators: shorter idle time, never remembered."""
    return bool(user.role_set & PRIVILEGED_ROLES)


def idle_limit(user: User) -> timedelta:
    """How long `user`'s session lasts without a request."""
    config = current_app.config
    minutes = (
        config["SESSION_IDLE_MINUTES_SECRETARIAT"]
        if is_privileged(user)
        else config["SESSION_IDLE_MINUTES"]
    )
    return timedelta(minutes=minutes)


def _is_live(row: UserSession, user: User, moment: datetime) -> bool:
    return moment < row.expires_at and moment - row.last_seen_at < idle_limit(user)


def start_session(user: User, *, remember: bool = False) -> UserSession:
    """Begin a session for `user` in this browser (after `login_user`); "keep me signed in"
    only for applicants. Call inside a request; the caller commits."""
    moment = clock.now()
    token = secrets.token_urlsafe(32)
    row = UserSession(
        user_id=user.id,
        token_hash=_digest(token),
        created_at=moment,
        last_seen_at=moment,
        expires_at=moment + timedelta(hours=current_app.config["SESSION_ABSOLUTE_HOURS"]),
        user_agent=request.headers.get("User-Agent", "")[:200],
    )
    if remember and not is_privileged(user):
        days = current_app.config["REMEMBER_ME_DAYS"]
        _give_remember_token(row, until=moment + timedelta(days=days))
    db.session.add(row)
    _forget_dead_sessions(user, moment)
    session[SESSION_KEY] = token
    db.session.flush()
    return row


def _give_remember_token(row: UserSession, *, until: datetime) -> None:
    token = secrets.token_urlsafe(32)
    row.remember_hash = _digest(token)
    row.remember_until = until
    max_age = int((until - clock.now()).total_seconds())
    secure = bool(current_app.config.get("SESSION_COOKIE_SECURE"))

    @after_this_request
    def _set_cookie(response: Response) -> Response:
        response.set_cookie(
            REMEMBER_COOKIE,
            token,
            max_age=max_age,
            httponly=True,
            secure=secure,
            samesite="Lax",
        )
        return response


def _forget_remember_cookie() -> None:
    if REMEMBER_COOKIE not in request.cookies:
        return

    @after_this_request
    def _delete_cookie(response: Response) -> Response:
        response.delete_cookie(REMEMBER_COOKIE, httponly=True, samesite="Lax")
        return response


def _forget_dead_sessions(user: User, moment: datetime) -> None:
    """Rows of `user` that can never be used again (keeps the table small)."""
    for row in db.session.scalars(select(UserSession).where(UserSession.user_id == user.id)):
        remembered = row.remember_until is not None and moment < row.remember_until
        if not remembered and not _is_live(row, user, moment):
            db.session.delete(row)


def load_user(user_id: str) -> User | None:
    """Flask-Login's loader: an active user whose session in this browser is still live; a
    dead one is forgotten, with a word to the user."""
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    if user is None or not user.is_active:
        return None
    if current_session(user) is None:
        session.pop("_user_id", None)
        session.pop(SESSION_KEY, None)
        flash(_l("Your session has ended. Please sign in again."), "info")
        return None
    return user


def current_session(user: User) -> UserSession | None:
    """This browser's live session of `user`, or None (ended, timed out, or never begun)."""
    token = session.get(SESSION_KEY)
    if not isinstance(token, str):
        return None
    row = db.session.scalar(select(UserSession).where(UserSession.token_hash == _digest(token)))
    if row is None or row.user_id != user.id:
        return None
    moment = clock.now()
    if not _is_live(row, user, moment):
        return None
    if moment - row.last_seen_at >= TOUCH_EVERY:
        row.last_seen_at = moment
        _commit_alone(row)
    return row


def _commit_alone(row: UserSession) -> None:
    # The idle clock is written when the user is first loaded (the permission check, before
    # the view), where nothing else is pending; if something is, the request's commit
    # carries it.
    if not (db.session.new or db.session.deleted or set(db.session.dirty) - {row}):
        db.session.commit()


def resume_remembered() -> User | None:
    """Flask-Login's request loader: start a new session from a live "keep me signed in"
    cookie, replacing both tokens. None when there is no such cookie or it is dead."""
    token = request.cookies.get(REMEMBER_COOKIE)
    if not token:
        return None
    moment = clock.now()
    row = db.session.scalar(select(UserSession).where(UserSession.remember_hash == _digest(token)))
    if row is None or row.remember_until is None or moment >= row.remember_until:
        _forget_remember_cookie()
        return None
    user = row.user
    if not user.is_active or is_privileged(user):
        db.session.delete(row)
        db.session.commit()
        _forget_remember_cookie()
        return None
    until = row.remember_until
    db.session.delete(row)
    session.clear()
    login_user(user, fresh=False)
    new = start_session(user)
    _give_remember_token(new, until=until)
    db.session.commit()
    return user


def end_session() -> None:
    """Sign-out: end this browser's session and its "keep me signed in" token."""
    token = session.get(SESSION_KEY)
    if isinstance(token, str):
        db.session.execute(delete(UserSession).where(UserSession.token_hash == _digest(token)))
    remembered = request.cookies.get(REMEMBER_COOKIE)
    if remembered:
        db.session.execute(
            delete(UserSession).where(UserSession.remember_hash == _digest(remembered))
        )
    _forget_remember_cookie()
    session.pop(SESSION_KEY, None)


def end_all_sessions(user: User) -> int:
    """End every session of `user`, in every browser; how many there were."""
    result = db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    db.session.flush()
    return int(getattr(result, "rowcount", 0) or 0)


def sessions_of(user: User) -> list[UserSession]:
    """`user`'s live sessions, the most recently used first (for the profile page)."""
    moment = clock.now()
    rows = db.session.scalars(
        select(UserSession)
        .where(UserSession.user_id == user.id)
        .order_by(UserSession.last_seen_at.desc())
    )
    return [row for row in rows if _is_live(row, user, moment)]


def browser_of(row: UserSession) -> str:
    """What a person recognizes their session by: "Chrome 156 on Windows"."""
    parsed = ua_parse(row.user_agent)
    agent, system = parsed.user_agent, parsed.os
    if agent is None:
        return str(_l("Unknown browser"))
    browser = f"{agent.family} {agent.major}" if agent.major else agent.family
    if system is None:
        return browser
    return str(_l("%(browser)s on %(system)s", browser=browser, system=system.family))


def is_current(row: UserSession) -> bool:
    """Whether `row` is this browser's session."""
    token = session.get(SESSION_KEY)
    return isinstance(token, str) and row.token_hash == _digest(token)
