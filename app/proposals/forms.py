"""Proposal forms. Drafts save whatever is typed; completeness is checked at submission."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from babel.dates import get_month_names
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional

from app.accounts.forms import CheckboxListField, email_field, version_field
from app.focus_areas import FocusArea
from app.organizations.models import Organization
from app.organizations.subdivisions import place_name
from app.proposals.models import DeliverableKind


def _text(label: object, max_length: int, rows: int | None = None) -> StringField | TextAreaField:
    validators = [
        Optional(),
        Length(max=max_length, message=_l("At most %(max)d characters.", max=max_length)),
    ]
    if rows:
        return TextAreaField(label, validators=validators, render_kw={"rows": rows})
    return StringField(label, validators=validators)


class ProposalForm(FlaskForm):
    """The bilingual application. Every pair must be complete, and identical in meaning."""

    version = version_field()
    title_en = _text(_l("Title in English"), 300)
    title_zh = _text(_l("Title in Chinese"), 300)
    summary_en = _text(_l("Summary in English"), 5000, rows=6)
    summary_zh = _text(_l("Summary in Chinese"), 5000, rows=6)
    focus_areas = CheckboxListField(
        _l("Focus areas"),
        choices=[SelectChoice(area, label) for area, label in FocusArea.choices()],
        description=_l("The action plans of the Ten Year Framework the pilot addresses."),
    )
    deliverable_kind = RadioField(
        _l("Tangible deliverable"),
        choices=[SelectChoice(kind, label) for kind, label in DeliverableKind.choices()],
        validators=[Optional(strip_whitespace=False)],  # " " is not a choice, nor no choice
        description=_l("Each EcoPartnership develops and demonstrates something tangible."),
    )
    deliverable_en = _text(_l("The deliverable, in English"), 5000, rows=4)
    deliverable_zh = _text(_l("The deliverable, in Chinese"), 5000, rows=4)
    objectives_en = _text(_l("Objectives in English"), 5000, rows=5)
    objectives_zh = _text(_l("Objectives in Chinese"), 5000, rows=5)
    impact_en = _text(_l("Expected impact in English"), 5000, rows=5)
    impact_zh = _text(_l("Expected impact in Chinese"), 5000, rows=5)


class ResponseForm(FlaskForm):
    """A resubmission's response to last year's reviews, in both languages (saved as typed;
    required, like every text, at submission)."""

    response_en = _text(_l("Response to last year's reviews, in English"), 10000, rows=10)
    response_zh = _text(_l("Response to last year's reviews, in Chinese"), 10000, rows=10)


class TaskForm(FlaskForm):
    """A proposed milestone of the three-year workplan."""

    pilot_year = SelectField(
        _l("Pilot year"),
        choices=[SelectChoice(str(year), _l("Year %(n)d", n=year)) for year in (1, 2, 3)],
        validators=[InputRequired(message=_l("Choose the pilot year."))],
    )
    title_en = StringField(
        _l("Task in English"),
        validators=[InputRequired(message=_l("Name the task in English.")), Length(max=300)],
    )
    title_zh = StringField(
        _l("Task in Chinese"),
        validators=[InputRequired(message=_l("Name the task in Chinese.")), Length(max=300)],
    )
    target = TextAreaField(
        _l("Measurable target"),
        validators=[
            InputRequired(message=_l("Say how completion will be measured.")),
            Length(max=2000),
        ],
        description=_l("For example: 3 MW of storage commissioned; 40 officials trained."),
        render_kw={"rows": 3},
    )
    due_month = SelectField(
        _l("Month"),
        validators=[InputRequired(message=_l("Choose the month the task is due."))],
    )
    due_year = SelectField(
        _l("Year"),
        validators=[InputRequired(message=_l("Choose the year the task is due."))],
    )

    def __init__(self, *args: Any, years: Iterable[int], **kwargs: Any) -> None:
        """`years`: the years a task may fall due in. The months are named in the reader's
        language (Babel's calendar), so no one types a date in a format of the browser's."""
        super().__init__(*args, **kwargs)
        months = get_month_names("wide", context="stand-alone", locale=get_locale())
        unchosen = ("", _l("- Select -"))
        self.due_month.choices = [unchosen, *((str(n), months[n]) for n in range(1, 13))]
        self.due_year.choices = [unchosen, *((str(year), str(year)) for year in years)]

    def fill_due(self, due: date | None) -> None:
        """Show `due` (a task's month) in the two lists."""
        self.due_month.data = str(due.month) if due else ""
        self.due_year.data = str(due.year) if due else ""

    @property
    def due(self) -> date | None:
        """The month chosen, as its first day."""
        if not (self.due_month.data and self.due_year.data):
            return None
        return date(int(self.due_year.data), int(self.due_month.data), 1)


def due_years(first: int, keep: date | None = None) -> list[int]:
    """The years a workplan task may fall due in: the call's year and the five after it (the
    three-year pilot starts after selection), and the year a task already has."""
    years = set(range(first, first + 6)) | ({keep.year} if keep else set())
    return sorted(years)


def _organization_id(value: object) -> int | None:
    """A chosen organization's id; None for the empty placeholder (or anything not an id)."""
    text = str(value) if value is not None else ""
    return int(text) if text.isdigit() else None


def partner_label(organization: Organization) -> str:
    """An organization as a combo-box option: both names, where it is and what it is, so that
    typing any of them finds it."""
    names = " – ".join(n for n in (organization.name_en, organization.name_zh) if n)
    place = ", ".join(
        p for p in (organization.city, place_name(organization.subdivision_code)) if p
    )
    return f"{names} · {place} · {organization.type.label}"


class InviteOrganizationForm(FlaskForm):
    """Invite a registered organization as a partner, picked in a searchable list."""

    organization_id = SelectField(
        _l("Registered organization"),
        coerce=_organization_id,
        description=_l(
            "Type part of its name in English or Chinese, its city, state or province, or its type."
        ),
        validators=[InputRequired(message=_l("Choose an organization."))],
    )

    def offer(self, organizations: Sequence[Organization]) -> None:
        """Offer `organizations`, after an empty placeholder (a required list needs one)."""
        self.organization_id.choices = [
            SelectChoice("", _l("- Select -")),
            *(SelectChoice(str(o.id), partner_label(o)) for o in organizations),
        ]


class InviteByEmailForm(FlaskForm):
    """Invite someone whose organization is not in the portal yet."""

    email = email_field(_l("E-mail address of a person at the partner organization"))


class AcceptInvitationForm(FlaskForm):
    """Join a proposal with one of the user's organizations."""

    organization_id = SelectField(
        _l("Your organization"),
        coerce=int,
        validators=[InputRequired(message=_l("Choose an organization."))],
    )


class AttachmentForm(FlaskForm):
    """A letter of support, as a PDF."""

    file = FileField(
        _l("Letter of support (PDF, at most 10 MB)"),
        validators=[FileRequired(message=_l("Choose a PDF file to upload."))],
        render_kw={"accept": "application/pdf"},
    )


class SubmitForm(FlaskForm):
    """The applicant's declaration at submission."""

    declaration = BooleanField(
        _l(
            "The English and Chinese versions are identical in content, and all participants "
            "agreed to this submission."
        ),
        validators=[InputRequired(message=_l("Confirm the declaration to submit."))],
    )


class StartForm(FlaskForm):
    """Choose the lead organization for a new proposal."""

    organization_id = SelectField(
        _l("Lead organization"),
        coerce=int,
        validators=[InputRequired(message=_l("Choose an organization."))],
    )
