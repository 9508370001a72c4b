"""Forms of the chairs' solicitation pages: the call's terms and rubric, and the status actions."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    DecimalField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from app.solicitations.rubric import ANCHOR_POINTS

# The zones a chair may enter times in (labels name the capital, values are IANA names).
TIME_ZONE_CHOICES = [
    SelectChoice("America/New_York", _l("Washington time (America/New_York)")),
    SelectChoice("Asia/Shanghai", _l("Beijing time (Asia/Shanghai)")),
    SelectChoice("UTC", _l("Coordinated Universal Time (UTC)")),
]
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


def _whole_number(
    label: object, minimum: int, message: object, maximum: int = 1000
) -> IntegerField:
    return IntegerField(
        label,
        validators=[
            InputRequired(message=_l("Enter a whole number.")),
            NumberRange(min=minimum, max=maximum, message=message),
        ],
    )


def _datetime(label: object) -> DateTimeLocalField:
    return DateTimeLocalField(
        label,
        format=DATETIME_FORMATS,
        invalid_value_message=_l("Enter a date and a time, e.g. 2027-05-31 11:59."),
        validators=[InputRequired(message=_l("Enter a date and a time, e.g. 2027-05-31 11:59."))],
    )


def _optional_datetime(label: object, **kw: Any) -> DateTimeLocalField:
    return DateTimeLocalField(
        label,
        format=DATETIME_FORMATS,
        invalid_value_message=_l("Enter a date and a time, e.g. 2027-05-31 11:59."),
        validators=[Optional()],
        **kw,
    )


def _zone(label: object) -> SelectField:
    return SelectField(label, choices=TIME_ZONE_CHOICES, default="America/New_York")


class CriterionForm(Form):
    """One criterion of the rubric. A row left entirely blank is ignored; a row marked for
    removal is dropped."""

    name_en = StringField(
        _l("Name in English"),
        validators=[Length(max=120, message=_l("A name has at most 120 characters."))],
    )
    name_zh = StringField(
        _l("Name in Chinese"),
        validators=[Length(max=120, message=_l("A name has at most 120 characters."))],
    )
    description_en = TextAreaField(
        _l("Description in English"),
        validators=[Length(max=2000, message=_l("At most 2,000 characters."))],
        render_kw={"rows": 2},
    )
    description_zh = TextAreaField(
        _l("Description in Chinese"),
        validators=[Length(max=2000, message=_l("At most 2,000 characters."))],
        render_kw={"rows": 2},
    )
    weight = DecimalField(
        _l("Weight"),
        places=2,
        validators=[
            Optional(),
            NumberRange(min=0.01, max=100, message=_l("A weight between 0.01 and 100.")),
        ],
        description=_l("Relative importance; the default rubric's weights add up to 100."),
    )
    remove = BooleanField(_l("Remove this criterion"))

    def is_blank(self) -> bool:
        """Nothing typed in the row (a spare row for a new criterion)."""
        texts = (self.name_en, self.name_zh, self.description_en, self.description_zh)
        texts += tuple(self.anchor_fields("en") + self.anchor_fields("zh"))
        return not any((f.data or "").strip() for f in texts) and not (
            self.weight.raw_data and self.weight.raw_data[0].strip()
        )

    def validate(self, extra_validators: Any = None) -> bool:
        """Skip spare and removed rows; otherwise both names and a weight are required."""
        if self.remove.data or self.is_blank():
            for f in self:
                f.errors = []
            return True
        valid = super().validate(extra_validators)
        for f, message in (
            (self.name_en, _l("Enter the criterion's name in English.")),
            (self.name_zh, _l("Enter the criterion's name in Chinese.")),
        ):
            if not (f.data or "").strip():
                f.errors = [*f.errors, message]
                valid = False
        if self.weight.data is None and not self.weight.errors:
            self.weight.errors = [*self.weight.errors, _l("Enter a weight.")]
            valid = False
        for language in ("en", "zh"):
            fields = self.anchor_fields(language)
            if any((f.data or "").strip() for f in fields):  # all blank: the program's wording
                for f in fields:
                    if not (f.data or "").strip():
                        f.errors = [*f.errors, ANCHOR_MISSING]
                        valid = False
        return valid

    def anchor_fields(self, language: str) -> list[StringField]:
        """The five anchor fields of one language ("en" or "zh"), bottom of the scale first."""
        return [self[f"anchor_{language}_{point}"] for point in ANCHOR_POINTS]


ANCHOR_MISSING = _l(
    "Say what this score means, or clear all five anchors of this language to keep the "
    "program's wording."
)
for _point in ANCHOR_POINTS:
    for _language, _label in (
        ("en", _l("What a %(score)d means, in English", score=_point)),
        ("zh", _l("What a %(score)d means, in Chinese", score=_point)),
    ):
        setattr(
            CriterionForm,
            f"anchor_{_language}_{_point}",
            StringField(
                _label,
                validators=[Length(max=300, message=_l("At most 300 characters."))],
            ),
        )


class SolicitationForm(FlaskForm):
    """A call's terms: what the public reads, when it opens and closes, and how it is reviewed."""

    year = _whole_number(_l("Year"), 2008, _l("A year between 2008 and 2100."), maximum=2100)
    title_en = StringField(
        _l("Title in English"),
        validators=[
            InputRequired(message=_l("Enter the title in English.")),
            Length(max=200, message=_l("A title has at most 200 characters.")),
        ],
    )
    title_zh = StringField(
        _l("Title in Chinese"),
        validators=[
            InputRequired(message=_l("Enter the title in Chinese.")),
            Length(max=200, message=_l("A title has at most 200 characters.")),
        ],
    )
    guidance_en = TextAreaField(
        _l("Guidance in English"),
        validators=[Length(max=50000, message=_l("At most 50,000 characters."))],
        description=_l("Markdown: paragraphs, **bold**, lists, links and tables."),
        render_kw={"rows": 10},
    )
    guidance_zh = TextAreaField(
        _l("Guidance in Chinese"),
        validators=[Length(max=50000, message=_l("At most 50,000 characters."))],
        description=_l("Markdown: paragraphs, **bold**, lists, links and tables."),
        render_kw={"rows": 10},
    )
    opens_at = _datetime(_l("Opens on (date and time)"))
    opens_at_zone = _zone(_l("Time zone of the opening time"))
    closes_at = _datetime(_l("Deadline (date and time)"))
    closes_at_zone = _zone(_l("Time zone of the deadline"))
    review_deadline = _optional_datetime(
        _l("Reviews due (date and time)"),
        description=_l(
            "After the deadline for proposals. Reviewers are reminded 7 days and 1 day before; "
            "the chairs may give one review its own date. Leave empty for none yet."
        ),
    )
    review_deadline_zone = _zone(_l("Time zone of the review deadline"))
    score_min = _whole_number(_l("Lowest score"), 0, _l("A whole number from 0 to 100."), 100)
    score_max = _whole_number(_l("Highest score"), 1, _l("A whole number from 1 to 100."), 100)
    reviewers_per_proposal = _whole_number(
        _l("Reviewers per proposal"),
        2,
        _l("At least two reviewers per proposal: one from each side."),
        maximum=20,
    )
    target_selections = _whole_number(
        _l("Target number of selections"),
        1,
        _l("Aim to select between 1 and 100 proposals."),
        maximum=100,
    )
    criteria = FieldList(FormField(CriterionForm), label=_l("Review rubric"))

    def validate_score_max(self, field: IntegerField) -> None:
        """The scale runs upwards."""
        if (
            field.data is not None
            and self.score_min.data is not None
            and field.data <= self.score_min.data
        ):
            raise ValidationError(_l("The highest score must be above the lowest."))


class OpenForm(FlaskForm):
    """Open a draft call (the CSRF token is its only field)."""


class CloseForm(FlaskForm):
    """Close an open call; before the deadline a reason is required (checked by the service)."""

    reason = TextAreaField(
        _l("Reason for closing early"),
        validators=[Length(max=2000, message=_l("At most 2,000 characters."))],
        description=_l("Only needed before the deadline. It is shown on the call's public page."),
        render_kw={"rows": 3},
    )


class ArchiveForm(FlaskForm):
    """Archive a call whose decisions are published (the CSRF token is its only field)."""
