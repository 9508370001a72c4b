"""The form to subscribe to a partnership's updates by e-mail."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.validators import InputRequired

from app.accounts.forms import LANGUAGE_CHOICES, email_field


class SubscribeForm(FlaskForm):
    """An address and the language of the mail."""

    email = email_field(_l("Your e-mail address"))
    language = RadioField(
        _l("Language of the e-mails"),
        choices=LANGUAGE_CHOICES,
        validators=[InputRequired(message=_l("Choose the language of the e-mails."))],
    )


class ConfirmForm(FlaskForm):
    """The button that confirms a subscription (a mail scanner following the link does not)."""
