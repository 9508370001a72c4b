"""The portal's one permission policy.

Every route declares exactly one rule with `@requires(...)`. A `before_request` hook refuses any
endpoint that declared none (deny by default), so a forgotten decorator is a 403, not a leak, and
the authorization matrix test can walk `app.url_map` and know the rule of every route.

A rule is either a predicate on the user alone (`can_*(user)`) or, with `load=Model`, a predicate
on the user and a record loaded by the route's ``<int:..._id>`` argument: a missing record is a
404 before any permission question is asked, and the loaded record is handed to the view.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, abort, current_app, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import select

from app.accounts.models import Role, User
from app.extensions import db
from app.organizations.models import Organization, OrganizationMember

F = TypeVar("F", bound=Callable[..., Any])

Predicate = Callable[..., bool]


# --- predicates on the user alone -------------------------------------------------------------


def anyone(user: User | None, record: object = None) -> bool:
    """Public pages and records: everyone, signed in or not."""
    return True


def signed_in(user: User | None) -> bool:
    """Any signed-in user."""
    return user is not None


def can_apply(user: User | None) -> bool:
    """Applicants manage organizations and proposals."""
    return user is not None and user.has_role(Role.APPLICANT)


def can_administer_users(user: User | None) -> bool:
    """Only administrators manage accounts and roles."""
    return user is not None and user.has_role(Role.ADMIN)


def can_see_secretariat_pages(user: User | None) -> bool:
    """Reviewers and chairs of the Joint Secretariat."""
    return user is not None and user.is_secretariat


# --- predicates on a record -------------------------------------------------------------------


def is_member(user: User, organization: Organization) -> bool:
    """Whether `user` belongs to `organization`."""
    return (
        db.session.scalar(
            select(OrganizationMember.user_id).where(
                OrganizationMember.organization_id == organization.id,
                OrganizationMember.user_id == user.id,
            )
        )
        is not None
    )


def is_owner(user: User, organization: Organization) -> bool:
    """Whether `user` owns `organization` (manages its members)."""
    return bool(
        db.session.scalar(
            select(OrganizationMember.is_owner).where(
                OrganizationMember.organization_id == organization.id,
                OrganizationMember.user_id == user.id,
            )
        )
    )


def can_edit_organization(user: User | None, organization: Organization) -> bool:
    """Members edit their organization's profile."""
    return user is not None and is_member(user, organization)


def can_manage_members(user: User | None, organization: Organization) -> bool:
    """The owner invites and removes members."""
    return user is not None and is_owner(user, organization)


def can_administer_user(user: User | None, target: User) -> bool:
    """Administrators edit any account."""
    return can_administer_users(user)


# --- the decorator and the deny-by-default hook -----------------------------------------------


def requires(predicate: Predicate, load: type | None = None) -> Callable[[F], F]:
    """Declare the one permission rule of a route.

    Anonymous users refused by a rule are sent to sign in; signed-in users get 403. With `load`,
    the record whose primary key is the route's only ``*_id`` argument is fetched (404 if absent),
    checked with ``predicate(user, record)`` and passed to the view in place of the id.
    """

    def decorate(view: F) -> F:
        @wraps(view)
        def guarded(**kwargs: Any) -> Any:
            user = current_user if current_user.is_authenticated else None
            if load is not None:
                key = next(k for k in kwargs if k.endswith("_id"))
                record = db.session.get(load, kwargs.pop(key))
                if record is None:
                    abort(404)
                allowed = predicate(user, record)
                kwargs[key.removesuffix("_id")] = record
            else:
                allowed = predicate(user)
            if not allowed:
                if user is None:
                    return redirect(url_for("accounts.sign_in", next=request.full_path.rstrip("?")))
                abort(403)
            return view(**kwargs)

        guarded.permission = predicate  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    return decorate


def permission_of(endpoint: str) -> Predicate | None:
    """The rule a route declared, or None."""
    view = current_app.view_functions.get(endpoint)
    return getattr(view, "permission", None)


# Endpoints served by Flask itself, not by a module of ours.
BUILT_IN_PUBLIC_ENDPOINTS = frozenset({"static"})


def init_app(app: Flask) -> None:
    """Refuse every request to an endpoint that declared no rule."""

    @app.before_request
    def deny_undeclared() -> None:
        endpoint = request.endpoint
        if endpoint is None or endpoint in BUILT_IN_PUBLIC_ENDPOINTS:
            return
        if permission_of(endpoint) is None:
            abort(403)
