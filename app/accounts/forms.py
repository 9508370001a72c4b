"""Account forms. Messages are wrapped for translation; length limits match the columns."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import Email, EqualTo, InputRequired, Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from app.accounts.models import Language, Role, Side
from app.time_zones import time_zone_choices

LANGUAGE_CHOICES = [
    SelectChoice(Language.EN.value, "English", render_kw={"lang": "en"}),
    SelectChoice(Language.ZH.value, "简体中文", render_kw={"lang": "zh-Hans"}),
]


def email_field(label: object = None) -> EmailField:
    """An e-mail address, checked for shape (not deliverability)."""
    return EmailField(
        label or _l("E-mail address"),
        validators=[
            InputRequired(message=_l("Enter your e-mail address.")),
            Length(max=254, message=_l("An e-mail address has at most 254 characters.")),
            Email(
                message=_l("Enter an e-mail address in the form name@example.org."),
                check_deliverability=False,
            ),
        ],
        render_kw={"autocomplete": "email", "spellcheck": "false"},
    )


def new_password_fields() -> tuple[PasswordField, PasswordField]:
    """A new password and its confirmation."""
    return (
        PasswordField(
            _l("New password"),
            validators=[
                InputRequired(message=_l("Choose a password.")),
                Length(max=200, message=_l("A password has at most 200 characters.")),
            ],
            description=_l("At least 12 characters; avoid common passwords."),
            render_kw={"autocomplete": "new-password"},
        ),
        PasswordField(
            _l("Repeat the new password"),
            validators=[
                InputRequired(message=_l("Repeat the password.")),
                EqualTo("password", message=_l("The two passwords do not match.")),
            ],
            render_kw={"autocomplete": "new-password"},
        ),
    )


def display_name_field() -> StringField:
    """The name other users see."""
    return StringField(
        _l("Full name"),
        validators=[
            InputRequired(message=_l("Enter your name.")),
            Length(max=120, message=_l("A name has at most 120 characters.")),
        ],
        render_kw={"autocomplete": "name"},
    )


def preference_fields() -> tuple[RadioField, SelectField]:
    """Interface language and time zone."""
    return (
        RadioField(_l("Language"), choices=LANGUAGE_CHOICES, default=Language.EN.value),
        SelectField(
            _l("Time zone"),
            choices=time_zone_choices,  # called per form: in the reader's language
            default="America/New_York",
            description=_l(
                "Washington and Beijing come first; type a country or city to find another, "
                "e.g. Chicago or Japan."
            ),
        ),
    )


class RegistrationForm(FlaskForm):
    """Create an applicant account."""

    display_name = display_name_field()
    email = email_field()
    password, password_again = new_password_fields()
    language, time_zone = preference_fields()


class SignInForm(FlaskForm):
    """E-mail and password."""

    email = email_field()
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(message=_l("Enter your password."))],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Keep me signed in on this device"))


class ForgotPasswordForm(FlaskForm):
    """Ask for a reset link."""

    email = email_field()


class ResetPasswordForm(FlaskForm):
    """Choose a new password from a reset link."""

    password, password_again = new_password_fields()


class ChangePasswordForm(FlaskForm):
    """Change a password, knowing the current one."""

    current_password = PasswordField(
        _l("Current password"),
        validators=[InputRequired(message=_l("Enter your current password."))],
        render_kw={"autocomplete": "current-password"},
    )
    password, password_again = new_password_fields()


def signature_field(label: object) -> StringField:
    """A line of the signature block a co-chair signs letters and certificates with."""
    return StringField(
        label,
        validators=[Optional(), Length(max=200, message=_l("At most 200 characters."))],
    )


class ProfileForm(FlaskForm):
    """Name, language, time zone, how non-urgent notices arrive; for the signature block of
    letters, title and office."""

    display_name = display_name_field()
    language, time_zone = preference_fields()
    notices = RadioField(
        _l("Non-urgent notices"),
        description=_l(
            "Published updates and reminders of due updates and milestones. Urgent mail (a "
            "password reset, a decision that awaits your key) always comes at once."
        ),
        choices=[
            SelectChoice("immediate", _l("One e-mail for each notice, as it happens")),
            SelectChoice("digest", _l("One e-mail a day with all of them (a daily digest)")),
        ],
        default="immediate",
    )
    title_en = signature_field(_l("Job title in English (as you sign letters)"))
    title_zh = signature_field(_l("Job title in Chinese"))
    office_en = signature_field(_l("Office in English"))
    office_zh = signature_field(_l("Office in Chinese"))


def version_field() -> HiddenField:
    """The version of the record the page was loaded with (optimistic locking), as digits.

    Anything else was not sent by the page: it fails validation rather than reaching `int()`.
    """
    return HiddenField(
        filters=[lambda value: "" if value is None else str(value)],
        validators=[Regexp(r"^[0-9]{0,9}$")],
    )


class CheckboxListField(SelectMultipleField):
    """Several choices shown as checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class AccountForm(FlaskForm):
    """An administrator's view of an account."""

    roles = CheckboxListField(
        _l("Roles"),
        choices=[SelectChoice(role, label) for role, label in Role.choices()],
        validators=[InputRequired(message=_l("Choose at least one role."))],
    )
    side = SelectField(
        _l("Joint Secretariat side"),
        choices=[
            SelectChoice("", _l("None")),
            *(SelectChoice(side, label) for side, label in Side.choices()),
        ],
        # A blank-looking value (" ") is not "no input": it must be one of the choices.
        validators=[Optional(strip_whitespace=False)],
        description=_l("Required for reviewers and chairs."),
    )
    is_active = BooleanField(_l("Account may sign in"))
