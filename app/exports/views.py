"""PDF records: each route reads its record through `app.exports.documents`, with the permission
of the page it mirrors, and answers with the cached PDF (rendered first when the record changed).

Every route takes ``?lang=en|zh`` (default: the reader's language), ``?paper=a4|letter``
(default: Letter in U.S. time zones and for English readers without a zone, A4 otherwise) and
``?tz=<IANA zone>`` (default: the signed-in reader's zone; none for anonymous readers).

``/partnerships/<slug>.pdf`` sits beside the public page ``/partnerships/<slug>``: Werkzeug
ranks a rule with a static suffix above the bare converter, so ``utah-qinghai.pdf`` reaches the
PDF and ``utah-qinghai`` the page, whatever the order the blueprints are registered in (slugs
never contain a dot).
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, current_app, render_template, request, send_file, url_for
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user
from limits import parse_many
from markupsafe import Markup
from werkzeug.wrappers import Response

from app import permissions
from app.exports import documents, verification
from app.exports.rendering import Document, ReaderOptions, obtain_pdf, reader_options
from app.extensions import limiter
from app.partnerships.models import Partnership
from app.permissions import requires
from app.proposals.models import Proposal, ProposalState
from app.unit_of_work import unit_of_work

bp = Blueprint("exports", __name__)

PUBLIC_MAX_AGE = 300  # seconds a shared cache may keep a public record


def _options() -> ReaderOptions:
    user = current_user if current_user.is_authenticated else None
    return reader_options(
        language=request.args.get("lang"),
        paper=request.args.get("paper"),
        zone=request.args.get("tz"),
        reader_language=str(get_locale()),
        reader_zone=user.time_zone if user is not None else None,
    )


def _limit_anonymous_render() -> None:
    """Answer 429 when one address has made the portal render too often without signing in
    (``PDF_RENDER_RATE_LIMIT``): each render costs seconds of CPU. Only renders count; a file
    already in the cache is served to anyone, as often as asked."""
    if current_user.is_authenticated or not current_app.config.get("RATELIMIT_ENABLED", True):
        return
    address = get_remote_address()
    for item in parse_many(current_app.config["PDF_RENDER_RATE_LIMIT"]):
        if not limiter.limiter.hit(item, "pdf-render", address):
            abort(429)


def _serve(build: Callable[[], Document | None]) -> Response:
    """Build the document in the reader's language, then answer with its cached PDF, entered in
    the register of issued files (`app.exports.verification`) so anyone can check it later."""
    options = _options()
    with force_locale(options.language):
        document = build()
        if document is None:
            abort(404)
        pdf = obtain_pdf(document, options, before_render=_limit_anonymous_render)
    with unit_of_work():
        verification.register_file(
            pdf.path,
            kind=document.kind,
            record_id=document.record_id,
            reference=document.reference,
            language=options.language,
            paper=options.paper,
        )
    shared = document.public and not current_user.is_authenticated
    response = send_file(
        pdf.path,
        mimetype="application/pdf",
        download_name=document.filename,
        etag=pdf.key.etag,
        conditional=True,
        max_age=PUBLIC_MAX_AGE if shared else None,
    )
    if shared:
        response.vary.add("Accept-Language")
        response.vary.add("Cookie")
    else:
        response.cache_control.public = False
        response.cache_control.private = True
        response.cache_control.no_cache = True
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


# --- public records -----------------------------------------------------------------------------


@bp.get("/partnerships/<slug>.pdf")
@requires(permissions.anyone)
def partnership_record(slug: str) -> Response:
    """A partnership's public record: goal, participants, the work plan with the state of each
    task, key accomplishments and published updates (the public page's rule: anyone, 404 for a
    withdrawn or unknown partnership)."""
    return _serve(lambda: documents.public_partnership_document(slug))


@bp.get("/partnerships/cohorts/<int:year>.pdf")
@requires(permissions.anyone)
def cohort_report(year: int) -> Response:
    """The public report of a cohort: its partnerships with a chart and a summary table."""
    return _serve(lambda: documents.cohort_document(year, chairs=False))


# --- proposals and their outcome -----------------------------------------------------------------


@bp.get("/proposals/<int:proposal_id>.pdf")
@requires(permissions.can_view_proposal, proposal_id=Proposal)
def proposal(proposal: Proposal) -> Response:
    """The proposal as submitted (the proposal page's rule: its participants, the chairs and
    its assigned reviewers)."""
    return _serve(lambda: documents.proposal_document(proposal))


@bp.get("/proposals/<int:proposal_id>/reviews.pdf")
@requires(permissions.can_read_decision, proposal_id=Proposal)
def review_summary(proposal: Proposal) -> Response:
    """The anonymized reviews for the applicants, once the decision is published."""
    return _serve(lambda: documents.review_summary_document(proposal))


@bp.get("/proposals/<int:proposal_id>/decision-letter.pdf")
@requires(permissions.can_read_decision, proposal_id=Proposal)
def decision_letter(proposal: Proposal) -> Response:
    """The bilingual decision letter, once the decision is published."""
    return _serve(lambda: documents.decision_letter_document(proposal))


@bp.get("/proposals/<int:proposal_id>/certificate.pdf")
@requires(permissions.can_read_decision, proposal_id=Proposal)
def certificate(proposal: Proposal) -> Response:
    """The bilingual selection certificate of a selected proposal (404 for any other)."""
    return _serve(lambda: documents.certificate_document(proposal))


# --- the Secretariat --------------------------------------------------------------------------


@bp.get("/secretariat/review/proposals/<int:proposal_id>/dossier.pdf")
@requires(permissions.can_see_reviews_of, proposal_id=Proposal)
def review_dossier(proposal: Proposal) -> Response:
    """The full review dossier (the chairs' review page's rule)."""
    return _serve(lambda: documents.dossier_document(proposal, viewer=current_user))


@bp.get("/secretariat/partnerships/<int:partnership_id>/record.pdf")
@requires(permissions.can_manage_partnership, partnership_id=Partnership)
def partnership_internal(partnership: Partnership) -> Response:
    """The internal record: plan versions, milestone evidence, every update, the audit trail
    (the chairs' partnership page's rule)."""
    return _serve(lambda: documents.internal_partnership_document(partnership))


@bp.get("/secretariat/partnerships/cohorts/<int:year>.pdf")
@requires(permissions.can_manage_partnerships)
def cohort_report_chairs(year: int) -> Response:
    """The chairs' report of a cohort, withdrawn partnerships and the dashboard's flags
    included (the chairs' dashboard's rule)."""
    return _serve(lambda: documents.cohort_document(year, chairs=True))


# --- links from the pages the records mirror ----------------------------------------------------


def _links(page: str, record: object) -> list[tuple[str, str]]:
    user = current_user if current_user.is_authenticated else None
    links: list[tuple[str, str]] = []
    if page == "proposal" and isinstance(record, Proposal):
        links.append((_("Proposal (PDF)"), url_for("exports.proposal", proposal_id=record.id)))
        if permissions.can_read_decision(user, record):
            links.append(
                (
                    _("Decision letter (PDF)"),
                    url_for("exports.decision_letter", proposal_id=record.id),
                )
            )
            if record.state == ProposalState.SELECTED:
                links.append(
                    (
                        _("Selection certificate (PDF)"),
                        url_for("exports.certificate", proposal_id=record.id),
                    )
                )
            links.append(
                (_("Reviews (PDF)"), url_for("exports.review_summary", proposal_id=record.id))
            )
    elif page == "review" and isinstance(record, Proposal):
        links.append(
            (_("Review dossier (PDF)"), url_for("exports.review_dossier", proposal_id=record.id))
        )
        if permissions.can_read_decision(user, record):
            links.append(
                (
                    _("Anonymized reviews for the applicants (PDF)"),
                    url_for("exports.review_summary", proposal_id=record.id),
                )
            )
    elif page == "partnership" and isinstance(record, Partnership):
        links.append(
            (
                _("Internal record (PDF)"),
                url_for("exports.partnership_internal", partnership_id=record.id),
            )
        )
        if record.is_public:
            links.append(
                (
                    _("Public record (PDF)"),
                    url_for("exports.partnership_record", slug=record.slug),
                )
            )
        links.append(
            (
                _("Cohort %(year)d report (PDF)", year=record.cohort_year),
                url_for("exports.cohort_report_chairs", year=record.cohort_year),
            )
        )
    return links


@bp.app_template_global()
def pdf_links(page: str, record: object) -> Markup:
    """Links to the PDF records of `record` the reader may open, for the page named `page`
    (``proposal``, ``review`` or ``partnership``)."""
    links = _links(page, record)
    if not links:
        return Markup("")
    return Markup(render_template("exports/_links.html", links=links))  # noqa: S704 - a rendered template
