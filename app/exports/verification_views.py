"""The public verification page (`app.exports.verification` says why there are two addresses):

- ``/verify``: a form to check a PDF file (uploaded, hashed, never kept) or a pasted SHA-256;
- ``/verify/<sha256>``: whether the portal issued that exact file, what it is, when, and whether
  a chair revoked it (404 for a hash the portal never issued: an altered file);
- ``/verify/d/<code>``: the document printed with that code and every file issued for it;
- ``POST /verify/files/<id>/revoke``: a chair revokes one issued file, with a reason.

Public and rate-limited (``VERIFICATION_LIMIT``) by address, like the other public forms.
"""

from __future__ import annotations

import hashlib

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app import permissions, security
from app.accounts.policy import is_chair
from app.confirmation import confirmation_page, is_confirmed
from app.exports import verification
from app.exports.documents.common import KIND_LABELS
from app.exports.forms import CheckFileForm, RevokeDocumentForm
from app.exports.models import IssuedDocument
from app.extensions import limiter
from app.permissions import requires
from app.unit_of_work import unit_of_work

bp = Blueprint("verification", __name__, url_prefix="/verify")


def _kind_label(kind: str) -> str:
    label = KIND_LABELS.get(kind)
    return str(label) if label is not None else kind


@bp.route("", methods=["GET", "POST"])
@requires(permissions.anyone)
@limiter.limit(security.VERIFICATION_LIMIT)
def check() -> str | Response:
    """Check a file: upload it (its hash is computed here and the file dropped) or paste its
    SHA-256; either leads to the file's page."""
    form = CheckFileForm()
    pasted = verification.normalized_hash(request.args.get("sha256", ""))
    if pasted:
        return redirect(url_for("verification.file", sha256=pasted))
    if form.validate_on_submit():
        upload = form.file.data
        if upload:
            digest = hashlib.sha256()
            for chunk in iter(lambda: upload.stream.read(1 << 16), b""):
                digest.update(chunk)
            return redirect(url_for("verification.file", sha256=digest.hexdigest()))
        typed = verification.normalized_hash(form.sha256.data or "")
        if typed:
            return redirect(url_for("verification.file", sha256=typed))
        form.sha256.errors = [_("Choose a PDF file or paste its SHA-256 hash.")]
    return render_template("exports/verify.html", form=form)


@bp.get("/<sha256>")
@requires(permissions.anyone)
@limiter.limit(security.VERIFICATION_LIMIT)
def file(sha256: str) -> tuple[str, int]:
    """Whether the portal issued the file with this SHA-256."""
    normalized = verification.normalized_hash(sha256)
    found = verification.issued(normalized) if normalized else None
    user = current_user if current_user.is_authenticated else None
    return (
        render_template(
            "exports/verified_file.html",
            sha256=sha256,
            issued=found,
            kind_label=_kind_label(found.kind) if found else None,
            revoke_form=RevokeDocumentForm(formdata=None)
            if found is not None and not found.is_revoked and is_chair(user)
            else None,
        ),
        200 if found is not None else 404,
    )


@bp.get("/d/<code>")
@requires(permissions.anyone)
@limiter.limit(security.VERIFICATION_LIMIT)
def document(code: str) -> str:
    """The document printed with this code, and every file issued for it."""
    files = verification.issued_for(code)
    if not files:
        abort(404)
    return render_template(
        "exports/verified_document.html",
        files=files,
        latest=files[0],
        kind_label=_kind_label(files[0].kind),
        form=CheckFileForm(formdata=None),
    )


@bp.post("/files/<int:issued_document_id>/revoke")
@requires(permissions.can_revoke_document, issued_document_id=IssuedDocument)
def revoke(issued_document: IssuedDocument) -> str | Response | tuple[str, int]:
    """A chair revokes one issued file (a superseded letter), saying why."""
    form = RevokeDocumentForm()
    if form.validate_on_submit():
        if not is_confirmed():
            return confirmation_page(
                title=_("Revoke this file?"),
                warning=_(
                    "A revoked file stays revoked: anyone who checks it is told so, with your "
                    "reason. Issue a new file if one is still needed."
                ),
                button=_("Yes, revoke the file"),
                back_url=url_for("verification.file", sha256=issued_document.sha256),
            )
        with unit_of_work(form) as work:
            verification.revoke_document(issued_document, form.reason.data, actor=current_user)
        if work.done:
            flash(_("The document is revoked; its verification page says so."), "success")
            return redirect(url_for("verification.file", sha256=issued_document.sha256))
    return (
        render_template(
            "exports/verified_file.html",
            sha256=issued_document.sha256,
            issued=issued_document,
            kind_label=_kind_label(issued_document.kind),
            revoke_form=form,
        ),
        400,
    )
