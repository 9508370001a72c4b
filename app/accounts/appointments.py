"""Roles given and taken by two people: the chair role never changes on one person's word.

An administrator edits a user's roles, side and access. Every role but chair changes at once.
Appointing or removing a chair only files a `RoleChange`: it takes effect when a sitting chair of
the same side — not the person concerned, not the administrator who asked — confirms it; where a
side has no chair yet, the server's `flask appoint-chair` command makes the first one. Nobody
changes their own roles. Every request, confirmation and refusal is mailed to every chair of both
sides, so no seat changes without the Joint Secretariat knowing. (SECURITY.md, "Two keys".)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app import clock
from app.accounts import sessions
from app.accounts.models import Role, RoleChange, RoleChangeState, Side, User, UserRole
from app.accounts.policy import may_confirm
from app.audit.services import record_event
from app.errors import ServiceError
from app.extensions import db
from app.notifications.services import queue_mail

SECRETARIAT_ROLES = frozenset({Role.REVIEWER, Role.CHAIR})


def check_side(roles: frozenset[Role], side: Side | None) -> None:
    """Secretariat members (reviewers, chairs) have a side; nobody else does."""
    if roles & SECRETARIAT_ROLES and side is None:
        raise ServiceError(
            _l("Reviewers and chairs belong to the U.S. or the Chinese side."), field="side"
        )
    if side is not None and not roles & SECRETARIAT_ROLES:
        raise ServiceError(_l("Only reviewers and chairs have a side."), field="side")


def active_chairs(side: Side | None = None) -> list[User]:
    """Active chairs, of one side or both."""
    statement = (
        select(User)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == Role.CHAIR, User.is_active.is_(True))
        .order_by(User.side, User.display_name)
    )
    if side is not None:
        statement = statement.where(User.side == side)
    return list(db.session.scalars(statement))


def pending_change(user: User, role: Role = Role.CHAIR) -> RoleChange | None:
    """The open request about `user`'s `role`, if any."""
    return db.session.scalar(
        select(RoleChange).where(
            RoleChange.user_id == user.id,
            RoleChange.role == role,
            RoleChange.state == RoleChangeState.PENDING,
        )
    )


def pending_changes() -> list[RoleChange]:
    """Every request waiting for a chair's confirmation, oldest first."""
    return list(
        db.session.scalars(
            select(RoleChange)
            .where(RoleChange.state == RoleChangeState.PENDING)
            .order_by(RoleChange.requested_at)
        )
    )


def recent_changes(limit: int = 20) -> list[RoleChange]:
    """The latest decided requests, newest first."""
    return list(
        db.session.scalars(
            select(RoleChange)
            .where(RoleChange.state != RoleChangeState.PENDING)
            .order_by(RoleChange.decided_at.desc())
            .limit(limit)
        )
    )


def mail_chairs(
    kind: str,
    *,
    side: Side | None = None,
    except_for: User | None = None,
    leave_out: Callable[[User], bool] | None = None,
    **context: Any,
) -> None:
    """Queue the mail `kind` to every active chair (of `side`, or of both sides), except
    `except_for` (the person the mail is about) and those `leave_out` names."""
    for chair in active_chairs(side):
        if except_for is not None and chair.id == except_for.id:
            continue
        if leave_out is None or not leave_out(chair):
            queue_mail(kind, to=chair, **context)


def tell_the_person(
    user: User, *, granted: Iterable[Role] = (), removed: Iterable[Role] = ()
) -> None:
    """Mail `user` the roles they gained or lost, when the change takes effect."""
    granted, removed = sorted(granted), sorted(removed)
    if granted or removed:
        queue_mail("accounts.roles_changed", to=user, granted=granted, removed=removed)


def update_account(
    user: User, *, roles: Iterable[Role], side: Side | None, is_active: bool, actor: User
) -> RoleChange | None:
    """An administrator sets a user's roles, side and whether the account may sign in.

    Other roles change at once; a chair appointment or removal is filed for a chair's
    confirmation and returned. Nobody changes their own roles or side, or deactivates
    themselves, so the portal is never left without an administrator by accident and no
    administrator makes themselves a chair. Deactivation ends every session of the account.
    """
    wanted = frozenset(roles)
    if user.id == actor.id and (wanted != user.role_set or side != user.side or not is_active):
        raise ServiceError(
            _l("You cannot change your own roles or access; ask another administrator."),
            field="roles",
        )
    check_side(wanted, side)
    is_chair = user.has_role(Role.CHAIR)
    wants_chair = Role.CHAIR in wanted
    if is_chair and wants_chair and side != user.side:
        raise ServiceError(
            _l("A chair keeps their side. Remove the chair role first, then appoint again."),
            field="side",
        )
    change = None
    if wants_chair != is_chair:
        change_side = side if wants_chair else user.side
        if change_side is None:
            raise ServiceError(
                _l("Reviewers and chairs belong to the U.S. or the Chinese side."), field="side"
            )
        change = _request_change(user, grant=wants_chair, side=change_side, actor=actor)
    # The chair role is left as it is now; only the confirmation changes it.
    applied = (wanted - {Role.CHAIR}) | ({Role.CHAIR} if is_chair else frozenset())
    # A sitting chair keeps their side until a removal is confirmed.
    applied_side = user.side if is_chair else (side if applied & SECRETARIAT_ROLES else None)
    if (
        applied_side is not None
        and user.side is not None
        and applied_side != user.side
        and pending_change(user) is not None
    ):
        raise ServiceError(
            _l("A chair appointment of this person is waiting; settle it first."),
            field="side",
        )
    check_side(applied, applied_side)
    before_roles = user.role_set
    before = {"roles": before_roles, "side": user.side, "is_active": user.is_active}
    current = {r.role: r for r in user.roles}
    user.roles = [current.get(role) or UserRole(role=role) for role in sorted(applied)]
    user.side = applied_side
    if not is_active and user.is_active:
        sessions.end_all_sessions(user)
        if is_chair:
            mail_chairs(
                "accounts.chair_deactivated",
                except_for=user,
                account=user,
                actor=actor,
            )
    user.is_active = is_active
    tell_the_person(user, granted=applied - before_roles, removed=before_roles - applied)
    record_event(
        "user.account_updated",
        user,
        actor=actor,
        before=before,
        after={"roles": applied, "side": applied_side, "is_active": is_active},
    )
    return change


def _request_change(user: User, *, grant: bool, side: Side, actor: User) -> RoleChange:
    if pending_change(user) is not None:
        raise ServiceError(
            _l("A chair appointment or removal of this person is already waiting."),
            field="roles",
        )
    if grant and (user.side is not None and user.side != side):
        raise ServiceError(
            _l("This person belongs to the other side; change the side first."), field="side"
        )
    if grant and not user.is_active:
        raise ServiceError(_l("An inactive account cannot be appointed."), field="roles")
    change = RoleChange(
        user=user,
        role=Role.CHAIR,
        side=side,
        grant=grant,
        requested_by_id=actor.id,
        requested_at=clock.now(),
    )
    db.session.add(change)
    db.session.flush()
    record_event(
        "role.change_requested",
        change,
        actor=actor,
        user=user.id,
        role=Role.CHAIR,
        side=side,
        grant=grant,
    )
    mail_chairs("accounts.role_change", change=change, event="requested")
    return change


def _require_pending(change: RoleChange) -> None:
    if change.state != RoleChangeState.PENDING:
        raise ServiceError(_l("This request has been settled already."))


def confirm_change(change: RoleChange, *, actor: User) -> None:
    """The second person: a chair of the same side confirms; the role changes now."""
    _require_pending(change)
    if not may_confirm(actor, change):
        raise ServiceError(
            _l(
                "Only a chair of the same side, other than the person concerned and the "
                "administrator who asked, confirms this."
            )
        )
    user = change.user
    moment = clock.now()
    if change.grant:
        if user.side is not None and user.side != change.side:
            raise ServiceError(_l("This person now belongs to the other side; refuse instead."))
        if not user.is_active:
            raise ServiceError(_l("An inactive account cannot be appointed; refuse instead."))
        user.roles = [*user.roles, UserRole(role=Role.CHAIR, granted_at=moment)]
        user.side = change.side
    else:
        user.roles = [r for r in user.roles if r.role != Role.CHAIR]
        if not user.role_set & SECRETARIAT_ROLES:
            user.side = None
    change.state = RoleChangeState.CONFIRMED
    change.decided_by_id = actor.id
    change.decided_at = moment
    db.session.flush()
    record_event(
        "role.change_confirmed",
        change,
        actor=actor,
        user=user.id,
        role=change.role,
        side=change.side,
        grant=change.grant,
    )
    mail_chairs("accounts.role_change", change=change, event="confirmed")
    if change.grant:
        tell_the_person(user, granted=[change.role])
    else:
        tell_the_person(user, removed=[change.role])


def refuse_change(change: RoleChange, *, actor: User) -> None:
    """A chair of the same side refuses; the requesting administrator may also cancel."""
    _require_pending(change)
    if may_confirm(actor, change):
        state, event = RoleChangeState.REFUSED, "refused"
    elif actor.has_role(Role.ADMIN) and actor.id != change.user_id:
        state, event = RoleChangeState.CANCELLED, "cancelled"
    else:
        raise ServiceError(_l("Only a chair of the same side or an administrator settles this."))
    change.state = state
    change.decided_by_id = actor.id
    change.decided_at = clock.now()
    db.session.flush()
    record_event(f"role.change_{state.value}", change, actor=actor, user=change.user_id)
    mail_chairs("accounts.role_change", change=change, event=event)


def appoint_first_chair(user: User, side: Side) -> None:
    """`flask appoint-chair`, run on the server: the first chair of a side, where no chair
    can confirm. Refused once the side has a chair (they confirm appointments in the portal)."""
    if active_chairs(side):
        raise ServiceError(
            _l("This side has a chair: appoint through the portal, where a chair confirms.")
        )
    if user.side is not None and user.side != side:
        raise ServiceError(_l("This person belongs to the other side."))
    if not user.has_role(Role.CHAIR):
        user.roles = [*user.roles, UserRole(role=Role.CHAIR, granted_at=clock.now())]
        tell_the_person(user, granted=[Role.CHAIR])
    user.side = side
    db.session.flush()
    record_event("role.first_chair_appointed", user, actor=None, side=side, via="cli")
    mail_chairs("accounts.first_chair", except_for=user, account=user, side=side)
