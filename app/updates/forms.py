"""Progress update forms: writing an update, submitting it, and the chairs' moderation."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from app.accounts.forms import version_field
from app.accounts.models import Language
from app.updates.models import Visibility

VISIBILITY_LABELS = {
    Visibility.PUBLIC: _l("Public: on the partnership's page and in the feed once published"),
    Visibility.SECRETARIAT: _l("Secretariat only: an internal note, never public"),
}


class UpdateForm(FlaskForm):
    """A progress update: what the partners want to share."""

    version = version_field()
    title = StringField(
        _l("Title"),
        validators=[
            InputRequired(message=_l("Give the update a title.")),
            Length(max=300, message=_l("A title has at most 300 characters.")),
        ],
    )
    language = RadioField(
        _l("Language of the update"),
        choices=[SelectChoice(lang, label) for lang, label in Language.choices()],
        default=Language.EN.value,
        validators=[InputRequired(message=_l("Choose the language."))],
        description=_l("Write in English or Chinese; a bilingual update may hold both."),
    )
    body = TextAreaField(
        _l("Update"),
        validators=[
            InputRequired(message=_l("Write the update.")),
            Length(max=20_000, message=_l("An update has at most 20,000 characters.")),
        ],
        render_kw={"rows": 12},
        description=_l(
            "Markdown: **bold**, *italic*, lists with -, links as [text](https://…). HTML is "
            "not accepted."
        ),
    )
    visibility = RadioField(
        _l("Who may read it"),
        choices=[SelectChoice(v.value, label) for v, label in VISIBILITY_LABELS.items()],
        default=Visibility.PUBLIC.value,
        validators=[InputRequired(message=_l("Choose who may read it."))],
    )
    image = FileField(
        _l("Image (optional)"),
        description=_l("PNG, JPEG, WebP or GIF, at most 5 MB; scaled to 1600 pixels."),
        render_kw={"accept": "image/png,image/jpeg,image/webp,image/gif"},
    )
    image_alt = StringField(
        _l("Description of the image"),
        validators=[Optional(), Length(max=300, message=_l("At most 300 characters."))],
        description=_l("One sentence for readers who cannot see it. Needed with an image."),
    )
    remove_image = BooleanField(_l("Remove the current image"))


class SubmitUpdateForm(FlaskForm):
    """Send an update to the chairs."""

    declaration = BooleanField(
        _l(
            "I declare that this update contains no business-sensitive information and may be "
            "shared as chosen."
        )
    )


class ReturnUpdateForm(FlaskForm):
    """A chair returns an update with the reason."""

    reason = TextAreaField(
        _l("Reason for returning it"),
        validators=[
            InputRequired(message=_l("Tell the partners what to change.")),
            Length(max=5000, message=_l("At most %(max)d characters.", max=5000)),
        ],
        render_kw={"rows": 4},
    )
