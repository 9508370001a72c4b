"""Whether a PDF file is one the portal issued: the register of issued files, and their revocation.

Why two addresses. A file cannot carry its own SHA-256 (printing the hash changes the file), so
a document prints the address of the *document* — ``/verify/d/<code>``, `code` a keyed hash of
its kind and record (`document_code`) — and that page lists every file issued for the document,
with its hash, language, paper and day, and whether a chair revoked it; a reader checks their
copy there (upload it or paste its hash). ``/verify/<sha256>`` answers for one exact file: issued
by the portal or not, what it is, when, revoked or not. A file altered by one byte has another
hash, which the register does not hold: the page says so.

Every file is registered when it is handed out for download (`register_file`), whatever its
kind; a file served again from the cache is already registered.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from pathlib import Path

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app import clock
from app.accounts.models import User
from app.addresses import stable_base_url
from app.audit.services import record_event
from app.errors import ServiceError
from app.exports.models import IssuedDocument
from app.extensions import db

SHA256 = re.compile(r"^[0-9a-f]{64}$")


def document_code(kind: str, record_id: int) -> str:
    """The code naming a document (its kind and record) on the verification page: a keyed hash,
    so the codes of records nobody was sent cannot be guessed from those one was."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, f"{kind}:{record_id}".encode(), hashlib.sha256).hexdigest()[:20]


def verification_url(kind: str, record_id: int) -> str:
    """The address printed on a document, where anyone can check a copy of it."""
    return stable_base_url() + url_for("verification.document", code=document_code(kind, record_id))


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, as 64 hex digits."""
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for chunk in iter(lambda: file.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def normalized_hash(text: str) -> str | None:
    """`text` as a SHA-256 in lower-case hex, or None when it is not one."""
    value = (text or "").strip().lower()
    return value if SHA256.match(value) else None


def issued(sha256: str) -> IssuedDocument | None:
    """The issued file with this hash, if the portal issued one."""
    return db.session.scalar(select(IssuedDocument).where(IssuedDocument.sha256 == sha256))


def issued_for(code: str) -> list[IssuedDocument]:
    """Every file issued for the document named `code`, the newest first."""
    return list(
        db.session.scalars(
            select(IssuedDocument)
            .where(IssuedDocument.code == code)
            .order_by(IssuedDocument.issued_at.desc(), IssuedDocument.id.desc())
        )
    )


def register_file(
    path: Path, *, kind: str, record_id: int, reference: str, language: str, paper: str
) -> IssuedDocument:
    """Enter the file at `path` in the register, unless it is there already (a file served
    again from the cache). Flushes; a file registered at the same moment by another request is
    the same file, and that row is kept."""
    sha256 = file_sha256(path)
    found = issued(sha256)
    if found is not None:
        return found
    row = IssuedDocument(
        sha256=sha256,
        code=document_code(kind, record_id),
        kind=kind,
        record_id=record_id,
        reference=reference,
        language=language,
        paper=paper,
        issued_at=clock.now(),
        revocation_reason="",
    )
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        found = issued(sha256)
        assert found is not None
        return found
    return row


def revoke_document(document: IssuedDocument, reason: str, *, actor: User) -> None:
    """Revoke an issued file (a superseded letter): the verification page says so from now on,
    with the day and the reason. A revoked file stays revoked."""
    reason = reason.strip()
    if document.is_revoked:
        raise ServiceError(_l("This document is already revoked."))
    if not reason:
        raise ServiceError(_l("Say why the document is revoked."), field="reason")
    document.revoked_at = clock.now()
    document.revoked_by_id = actor.id
    document.revocation_reason = reason
    db.session.flush()
    record_event(
        "document.revoked",
        document,
        actor=actor,
        kind=document.kind,
        reference=document.reference,
        sha256=document.sha256,
        reason=reason,
    )
