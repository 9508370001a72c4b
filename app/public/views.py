"""Public pages, the signed-in dashboard, the language switch and the health check."""

from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select, text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from app import permissions
from app.accounts.models import Language
from app.accounts.services import set_language
from app.extensions import db
from app.i18n import LANGUAGE_COOKIE, supported_language
from app.organizations.services import organizations_of
from app.permissions import requires
from app.proposals.models import Proposal
from app.public import queries
from app.reviews.models import ReviewAssignment

bp = Blueprint("public", __name__)


@bp.get("/")
@requires(permissions.anyone)
def home() -> str:
    """The program in a paragraph, the open call, headline numbers and recent partnerships."""
    return render_template(
        "public/home.html",
        numbers=queries.headline_numbers(),
        solicitation=queries.open_solicitation(),
        partnerships=queries.recent_partnerships(),
    )


@bp.get("/dashboard")
@requires(permissions.signed_in)
def dashboard() -> str:
    """What the signed-in user has to do, by role."""
    organizations = organizations_of(current_user)
    proposals = (
        list(
            db.session.scalars(
                select(Proposal)
                .where(Proposal.lead_organization_id.in_([o.id for o in organizations]))
                .order_by(Proposal.updated_at.desc())
            )
        )
        if organizations
        else []
    )
    assignments = list(
        db.session.scalars(
            select(ReviewAssignment)
            .where(ReviewAssignment.reviewer_id == current_user.id)
            .order_by(ReviewAssignment.created_at)
        )
    )
    return render_template(
        "public/dashboard.html",
        organizations=organizations,
        proposals=proposals,
        assignments=assignments,
        solicitation=queries.open_solicitation(),
    )


@bp.post("/language")
@requires(permissions.anyone)
def switch_language() -> Response:
    """Switch the interface language; remembered in a cookie and, when signed in, the profile."""
    language = supported_language(request.form.get("language")) or "en"
    target = request.form.get("next", "")
    if not target.startswith("/") or target.startswith("//"):
        target = url_for("public.home")
    if current_user.is_authenticated:
        set_language(current_user, Language(language))
        db.session.commit()
    response = redirect(target)
    response.set_cookie(
        LANGUAGE_COOKIE, language, max_age=365 * 24 * 3600, samesite="Lax", httponly=True
    )
    return response


@bp.get("/healthz")
@requires(permissions.anyone)
def healthz() -> tuple[Response, int]:
    """200 when the database answers, 503 when it does not."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok", database="ok"), 200
