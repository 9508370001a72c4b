"""The pages every government site links from its footer (about the program, the accessibility
statement, privacy, how to reach the Joint Secretariat) and the site's icon at the address
browsers ask for without being told."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, send_from_directory
from werkzeug.wrappers import Response

from app import permissions
from app.permissions import requires

bp = Blueprint("site", __name__)

ICON_MAX_AGE = 7 * 24 * 3600


@bp.app_context_processor
def contact_address() -> dict[str, object]:
    """The Joint Secretariat's address, for the footer and the contact page."""
    return {"contact_email": current_app.config["CONTACT_EMAIL"]}


@bp.get("/about")
@requires(permissions.anyone)
def about() -> str:
    """What the program is, who runs it, and what applying brings."""
    return render_template("site/about.html")


@bp.get("/accessibility")
@requires(permissions.anyone)
def accessibility() -> str:
    """The accessibility statement: the standard aimed at, what is known not to meet it, and
    whom to tell."""
    return render_template("site/accessibility.html")


@bp.get("/privacy")
@requires(permissions.anyone)
def privacy() -> str:
    """What the portal keeps about a person, who sees it, and for how long."""
    return render_template("site/privacy.html")


@bp.get("/contact")
@requires(permissions.anyone)
def contact() -> str:
    """How to reach the Joint Secretariat."""
    return render_template("site/contact.html")


@bp.get("/favicon.ico")
@requires(permissions.anyone)
def favicon() -> Response:
    """The icon for browsers and feed readers that ask /favicon.ico before reading the page."""
    return send_from_directory(
        current_app.static_folder or "",
        "img/favicon.ico",
        mimetype="image/vnd.microsoft.icon",
        max_age=ICON_MAX_AGE,
    )
