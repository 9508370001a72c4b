"""The introduction request form and the report form. Their rules (length, own organization,
country, limit) are the operations' (`app.introductions.operations`), said at the field."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.validators import InputRequired

from app.introductions.models import MESSAGE_MAX, REASON_MAX


class IntroductionForm(FlaskForm):
    """A member asks an organization of the other country to get in touch."""

    organization_id = SelectField(
        _l("On behalf of"),
        coerce=int,
        validators=[InputRequired(message=_l("Choose one of your own organizations."))],
    )
    message = TextAreaField(
        _l("Message"),
        render_kw={"rows": 6, "maxlength": MESSAGE_MAX},
        description=_l(
            "At most %(most)d characters, in English, in Chinese or in both: who you are, what "
            "you would like to work on together. Your e-mail address is shown only if they "
            "accept.",
            most=MESSAGE_MAX,
        ),
    )


class ReportForm(FlaskForm):
    """The receiving side reports a request as abuse."""

    reason = TextAreaField(
        _l("What is wrong with this request?"),
        render_kw={"rows": 4, "maxlength": REASON_MAX},
        description=_l(
            "The Joint Secretariat reads it; the sender does not. A request still waiting is "
            "declined at the same time."
        ),
    )
