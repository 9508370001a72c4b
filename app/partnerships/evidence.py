"""Evidence files of a milestone report: PDFs and images, checked exactly as the portal checks a
proposal's letters of support (`app.proposals.services.check_pdf`: the upload limit, then
`app.proposals.letters.check_letter`) and an update's picture (`app.updates.services
.prepare_image`: decoded, re-encoded without metadata, scaled), and stored under
``UPLOAD_DIR/evidence`` with random names. A file that is neither is refused at the field."""

from __future__ import annotations

import hashlib
import io
import secrets
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l

from app.accounts.models import User
from app.audit.services import record_event
from app.errors import ServiceError
from app.extensions import db
from app.partnerships.lifecycle import require_active
from app.partnerships.models import Milestone, MilestoneEvidence
from app.proposals.services import check_pdf
from app.updates.services import prepare_image

MAX_FILES_PER_MILESTONE = 10
MEDIA_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg"}


def _folder() -> Path:
    folder = Path(current_app.config["UPLOAD_DIR"]) / "evidence"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def evidence_path(evidence: MilestoneEvidence) -> Path:
    """Where an evidence file's bytes are stored."""
    return _folder() / Path(evidence.stored_name).name


def _checked(content: bytes) -> tuple[bytes, str]:
    """The bytes to store and their extension; a `ServiceError` on the ``file`` field else."""
    from app.proposals.letters import PDF_MAGIC  # with pypdf: at the first upload, not at start

    if not content:
        raise ServiceError(_l("The file is empty."), field="file")
    if content.startswith(PDF_MAGIC):
        check_pdf(content)  # as a letter of support: the size limit, then the PDF's content
        return content, "pdf"
    try:
        image = prepare_image(io.BytesIO(content))  # as an update's picture
    except ServiceError as error:
        raise ServiceError(
            _l(
                "Only PDF documents and pictures (PNG, JPEG, WebP or GIF) are accepted. %(why)s",
                why=error.message,
            ),
            field="file",
        ) from None
    return image.content, image.extension


def _safe_name(filename: str, extension: str) -> str:
    printable = "".join(c for c in Path(filename or "").name if c.isprintable()).strip()
    stem = printable.rsplit(".", 1)[0] if "." in printable else printable
    return f"{(stem or 'evidence')[:190]}.{extension}"


def add_evidence(
    milestone: Milestone, filename: str, content: bytes, *, actor: User
) -> MilestoneEvidence:
    """Attach a checked file to a milestone; its stored bytes (an image re-encoded) go under
    a random name. Refused for a closed partnership and past ten files a milestone."""
    require_active(milestone.partnership)
    if len(milestone.evidence_files) >= MAX_FILES_PER_MILESTONE:
        raise ServiceError(
            _l(
                "A milestone has at most %(n)d evidence files; remove one first.",
                n=MAX_FILES_PER_MILESTONE,
            ),
            field="file",
        )
    stored, extension = _checked(content)
    name = f"{secrets.token_hex(16)}.{extension}"
    (_folder() / name).write_bytes(stored)
    evidence = MilestoneEvidence(
        filename=_safe_name(filename, extension),
        stored_name=name,
        media_type=MEDIA_TYPES[extension],
        size_bytes=len(stored),
        sha256=hashlib.sha256(stored).hexdigest(),
        uploaded_by_id=actor.id,
    )
    milestone.evidence_files.append(evidence)
    db.session.flush()
    record_event(
        "milestone.evidence_added",
        milestone,
        actor=actor,
        number=f"{milestone.pilot_year}.{milestone.number}",
        filename=evidence.filename,
    )
    return evidence


def remove_evidence(evidence: MilestoneEvidence, *, actor: User) -> Path:
    """Detach a file; returns its stored path, to delete once the change is committed."""
    milestone = evidence.milestone
    require_active(milestone.partnership)
    path = evidence_path(evidence)
    milestone.evidence_files.remove(evidence)
    db.session.flush()
    record_event(
        "milestone.evidence_removed",
        milestone,
        actor=actor,
        number=f"{milestone.pilot_year}.{milestone.number}",
        filename=evidence.filename,
    )
    return path
