"""Forms of the partnership workspace (plan, milestones) and of the chairs' management pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from app.accounts.forms import CheckboxListField, version_field
from app.focus_areas import FocusArea
from app.organizations.models import Country
from app.partnerships.models import MilestoneStatus, PartnershipStatus

SIDE_LABELS = {Country.US: _l("U.S.-led"), Country.CN: _l("China-led")}


def _text(label: object, max_length: int, rows: int | None = None) -> StringField:
    validators = [
        Optional(),
        Length(max=max_length, message=_l("At most %(max)d characters.", max=max_length)),
    ]
    if rows:
        return TextAreaField(label, validators=validators, render_kw={"rows": rows})
    return StringField(label, validators=validators)


def _date(label: object, required: bool = False, description: object = "") -> DateField:
    validators = [InputRequired(message=_l("Enter a date."))] if required else [Optional()]
    return DateField(label, validators=validators, description=description)


class PlanTaskForm(Form):
    """One numbered task of the plan (a milestone once the plan is approved)."""

    pilot_year = SelectField(
        _l("Pilot year"),
        choices=[SelectChoice("1", "1"), SelectChoice("2", "2"), SelectChoice("3", "3")],
        validators=[Optional(strip_whitespace=False)],  # " " is not a choice, nor no choice
    )
    number = IntegerField(
        _l("Number"),
        validators=[Optional(), NumberRange(min=1, max=99, message=_l("From 1 to 99."))],
    )
    title_en = _text(_l("Task in English"), 300)
    title_zh = _text(_l("Task in Chinese"), 300)
    target = _text(_l("Measurable target"), 2000, rows=2)
    due_on = _date(_l("Due date"))
    remove = BooleanField(_l("Remove this task"))


class PlanForm(FlaskForm):
    """A draft version of the Implementation Plan."""

    version = version_field()
    body = _text(
        _l("Notes on the plan (Markdown)"),
        20_000,
        rows=6,
    )
    tasks = FieldList(FormField(PlanTaskForm))


class ApprovePlanForm(FlaskForm):
    """A chair approves a submitted version."""

    comments = _text(_l("Comments to the partners (optional)"), 5000, rows=4)


class ReturnPlanForm(FlaskForm):
    """A chair returns a submitted version with what to change."""

    comments = TextAreaField(
        _l("What should the partners change?"),
        validators=[
            InputRequired(message=_l("Say what the partners should change.")),
            Length(max=5000, message=_l("At most %(max)d characters.", max=5000)),
        ],
        render_kw={"rows": 5},
        id="return_comments",  # the approval form beside it has its own "comments" field
    )


class EvidenceForm(FlaskForm):
    """One evidence file for a milestone: a PDF or a picture."""

    file = FileField(
        _l("Attach a file"),
        validators=[FileRequired(message=_l("Choose a PDF or a picture to attach."))],
        render_kw={"accept": "application/pdf,image/png,image/jpeg,image/webp,image/gif"},
    )


class MilestoneReportForm(FlaskForm):
    """Where a milestone stands."""

    version = version_field()
    status = RadioField(
        _l("Status"),
        choices=[SelectChoice(s, label) for s, label in MilestoneStatus.choices()],
        validators=[InputRequired(message=_l("Choose the status."))],
    )
    status_on = _date(
        _l("Date"),
        required=True,
        description=_l("The day this report refers to; for a done milestone, the day it was done."),
    )
    evidence = _text(
        _l("Evidence"),
        5000,
        rows=5,
    )
    key_accomplishment = BooleanField(
        _l("Feature this milestone as a Key Accomplishment on the public page")
    )


class PartnershipDetailsForm(FlaskForm):
    """A partnership's public description and dates (chairs)."""

    name_en = _text(_l("Name in English"), 300)
    name_zh = _text(_l("Name in Chinese"), 300)
    goal_en = _text(_l("One-line goal in English"), 500)
    goal_zh = _text(_l("One-line goal in Chinese"), 500)
    description_en = _text(_l("Description in English"), 10_000, rows=6)
    description_zh = _text(_l("Description in Chinese"), 10_000, rows=6)
    focus_areas = CheckboxListField(
        _l("Focus areas"),
        choices=[SelectChoice(area, label) for area, label in FocusArea.choices()],
    )
    signed_on = _date(_l("Signing date"))
    pilot_starts_on = _date(_l("Pilot starts on"), required=True)
    pilot_ends_on = _date(_l("Pilot ends on"), required=True)


class HistoricalPartnershipForm(PartnershipDetailsForm):
    """Record a partnership by hand (chairs): the program's history, or one made outside the
    portal."""

    cohort_year = IntegerField(
        _l("Cohort year"),
        validators=[
            InputRequired(message=_l("Enter the year the partnership was selected.")),
            NumberRange(min=2008, max=2100, message=_l("The program began in 2008.")),
        ],
    )
    us_organization_id = SelectField(
        _l("U.S. organization"),
        validators=[InputRequired(message=_l("Choose a U.S. organization."))],
    )
    cn_organization_id = SelectField(
        _l("Chinese organization"),
        validators=[InputRequired(message=_l("Choose a Chinese organization."))],
    )
    lead_side = RadioField(
        _l("Lead organization"),
        choices=[
            SelectChoice("US", _l("The U.S. organization")),
            SelectChoice("CN", _l("The Chinese organization")),
        ],
        default="US",
        validators=[InputRequired(message=_l("Choose the lead."))],
    )
    status = RadioField(
        _l("Status"),
        choices=[
            SelectChoice(PartnershipStatus.ACTIVE.value, _l("Active")),
            SelectChoice(PartnershipStatus.GRADUATED.value, _l("Graduated")),
        ],
        default=PartnershipStatus.GRADUATED.value,
        validators=[InputRequired(message=_l("Choose the status."))],
    )
    slug = StringField(
        _l("Address on the public site (optional)"),
        validators=[Optional(), Length(max=120)],
        description=_l("e.g. 2011-utah-qinghai; made from the names when left empty."),
    )
    pilot_ends_on = _date(
        _l("Pilot ends on"), description=_l("Three years after the start when left empty.")
    )


class GraduateForm(FlaskForm):
    """A chair graduates a partnership."""

    note = _text(_l("Note for the record (optional)"), 2000, rows=3)


class WithdrawForm(FlaskForm):
    """A chair withdraws a partnership, with the reason."""

    reason = TextAreaField(
        _l("Reason for the withdrawal"),
        validators=[
            InputRequired(message=_l("Give the reason the partnership is withdrawn.")),
            Length(max=2000, message=_l("At most %(max)d characters.", max=2000)),
        ],
        render_kw={"rows": 3},
    )


class DashboardFilterForm(FlaskForm):
    """Narrow the chairs' dashboard (a GET form: no CSRF token needed)."""

    class Meta:
        csrf = False

    cohort = SelectField(_l("Cohort"), validators=[Optional()])
    side = SelectField(
        _l("Lead side"),
        choices=[
            SelectChoice("", _l("Both sides")),
            *(SelectChoice(side.value, label) for side, label in SIDE_LABELS.items()),
        ],
        validators=[Optional()],
    )
    status = SelectField(
        _l("Status"),
        choices=[
            SelectChoice("", _l("Any status")),
            *(SelectChoice(s, label) for s, label in PartnershipStatus.choices()),
        ],
        validators=[Optional()],
    )
