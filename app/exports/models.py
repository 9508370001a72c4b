"""The PDF files the portal has issued, by the SHA-256 of their bytes, so anyone holding one can
ask the portal whether it is genuine (`app.exports.verification`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.db import UTCDateTime
from app.extensions import Model


class IssuedDocument(Model):
    """One rendered PDF file handed out for download.

    `code` names the document (its kind and record), not the file: it is printed on the document
    as the verification address, which cannot hold the hash of the very file it is printed in.
    Every file issued for the same document shares the code. A chair may revoke a file (a
    superseded letter); the row stays, so the page can say it was revoked, when and why.
    """

    __tablename__ = "issued_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    code: Mapped[str] = mapped_column(String(32), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[int] = mapped_column(Integer)
    reference: Mapped[str] = mapped_column(Text)  # a record's human name, as long as it is
    language: Mapped[str] = mapped_column(String(10))
    paper: Mapped[str] = mapped_column(String(10))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    revocation_reason: Mapped[str] = mapped_column(Text, default="")

    revoked_by: Mapped[User | None] = relationship()

    __table_args__ = (
        CheckConstraint("length(sha256) = 64", name="sha256_length"),
        CheckConstraint(
            "revoked_at IS NULL OR length(revocation_reason) > 0", name="revocation_has_reason"
        ),
        Index("ix_issued_document_record", "kind", "record_id"),
    )

    @property
    def is_revoked(self) -> bool:
        """Whether a chair revoked this file."""
        return self.revoked_at is not None
