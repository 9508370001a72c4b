"""The forms of the verification page: check a file (upload it or paste its hash), and a chair's
revocation of an issued file."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, Regexp


class CheckFileForm(FlaskForm):
    """A PDF file to check, or its SHA-256."""

    file = FileField(_l("PDF file"))
    sha256 = StringField(
        _l("Or its SHA-256 hash"),
        validators=[
            Optional(),
            Regexp(
                r"^\s*[0-9a-fA-F]{64}\s*$",
                message=_l("A SHA-256 hash is 64 characters, digits and the letters a to f."),
            ),
        ],
    )


class RevokeDocumentForm(FlaskForm):
    """Why a chair revokes an issued file."""

    reason = TextAreaField(
        _l("Reason for the revocation"),
        description=_l(
            "Shown on the verification page, e.g. “superseded by the corrected letter”."
        ),
        validators=[
            InputRequired(message=_l("Say why the document is revoked.")),
            Length(max=500, message=_l("At most 500 characters.")),
        ],
    )
