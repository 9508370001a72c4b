"""Partner-search notice forms: a notice, and a chair's reason for returning one."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from app.accounts.forms import CheckboxListField
from app.focus_areas import FocusArea
from app.notices.models import OFFER_MAX, RETURN_REASON_MAX, SEEKING_MAX
from app.notices.queries import NoticeFilters
from app.organizations.models import Country
from app.organizations.subdivisions import subdivision_choices, subdivisions
from app.proposals.models import DeliverableKind


def _text(label: object, most: int, description: object = "") -> TextAreaField:
    return TextAreaField(
        label,
        description=description,
        validators=[
            Optional(),
            Length(max=most, message=_l("At most %(max)s characters.", max=f"{most:,}")),
        ],
        render_kw={"rows": 5},
    )


class NoticeForm(FlaskForm):
    """A notice: what the organization brings, what it seeks, where and until when.

    The regions offered are the other country's states or provinces only (`for_country`); the
    service checks them again, with every other rule, on the server."""

    offer_en = _text(
        _l("What you bring, in English"),
        OFFER_MAX,
        _l("Your organization's strengths: expertise, technology, sites, networks."),
    )
    offer_zh = _text(_l("What you bring, in Chinese"), OFFER_MAX)
    seeking_en = _text(
        _l("What you look for, in English"),
        SEEKING_MAX,
        _l("The counterpart you need and what you would do together."),
    )
    seeking_zh = _text(_l("What you look for, in Chinese"), SEEKING_MAX)
    focus_areas = CheckboxListField(
        _l("Focus areas"),
        choices=[SelectChoice(area, label) for area, label in FocusArea.choices()],
        validators=[InputRequired(message=_l("Choose at least one focus area."))],
        validate_choice=False,  # checked by the service, with its own message
    )
    regions = CheckboxListField(
        _l("Regions of interest on the other side (optional)"),
        description=_l("None chosen means anywhere in the other country."),
        choices=[],
        validate_choice=False,  # checked by the service, with its own message
    )
    deliverable_kind = RadioField(
        _l("Kind of deliverable"),
        choices=[SelectChoice(kind, label) for kind, label in DeliverableKind.choices()],
        validators=[InputRequired(message=_l("Choose the kind of deliverable."))],
    )
    ends_on = DateField(
        _l("Stands until"),
        description=_l("The last day the notice is shown: at most 12 months from today."),
        validators=[InputRequired(message=_l("Enter the last day the notice stands."))],
    )

    def validate(self, extra_validators: object = None) -> bool:  # type: ignore[override]
        """Each field's own checks, and one language at least of each text (every message at
        once, next to its field)."""
        valid = super().validate(extra_validators)  # type: ignore[arg-type]
        for name, message in (
            ("offer", _l("Say what your organization brings, in English or Chinese.")),
            ("seeking", _l("Say what you look for in a partner, in English or Chinese.")),
        ):
            english, chinese = self[f"{name}_en"], self[f"{name}_zh"]
            if not (english.data or "").strip() and not (chinese.data or "").strip():
                english.errors = [*english.errors, message]
                valid = False
        return valid

    def for_country(self, country: Country) -> NoticeForm:
        """Offer the regions of the country across the Pacific from `country`."""
        other = Country.CN if country == Country.US else Country.US
        self.regions.choices = [
            SelectChoice(place.code, f"{place.name_en} – {place.name_zh}")
            for place in subdivisions().values()
            if place.country == other
        ]
        return self


class ReturnNoticeForm(FlaskForm):
    """A chair returns a notice with the reason."""

    reason = TextAreaField(
        _l("Reason for returning it"),
        validators=[
            InputRequired(message=_l("Tell the organization what to change.")),
            Length(
                max=RETURN_REASON_MAX,
                message=_l("At most %(max)s characters.", max=f"{RETURN_REASON_MAX:,}"),
            ),
        ],
        render_kw={"rows": 4},
    )


def _any(label: object) -> SelectChoice:
    return SelectChoice("", label)


class NoticeSearchForm(FlaskForm):
    """Filters of the standing notices (a GET form: no CSRF token); the open data's notice list
    reads the same fields."""

    class Meta:
        csrf = False

    country = SelectField(
        _l("Country of the organization"),
        choices=[_any(_l("Either country")),
                 *(SelectChoice(c, label) for c, label in Country.choices())],
        default="",
    )  # fmt: skip
    subdivision = SelectField(
        _l("Region of interest"),
        description=_l("Notices naming this state or province, or open to all of its country."),
        choices=[_any(_l("Any state or province")), *subdivision_choices()],
        default="",
    )
    focus_area = SelectField(
        _l("Focus area"),
        choices=[_any(_l("Any focus area")),
                 *(SelectChoice(a, label) for a, label in FocusArea.choices())],
        default="",
    )  # fmt: skip
    kind = SelectField(
        _l("Kind of deliverable"),
        choices=[_any(_l("Any kind")),
                 *(SelectChoice(k, label) for k, label in DeliverableKind.choices())],
        default="",
    )  # fmt: skip

    def filters(self) -> NoticeFilters:
        """The validated filters (call after `validate()`)."""
        return NoticeFilters(
            country=Country(self.country.data) if self.country.data else None,
            subdivision_code=self.subdivision.data or None,
            focus_area=FocusArea(self.focus_area.data) if self.focus_area.data else None,
            kind=DeliverableKind(self.kind.data) if self.kind.data else None,
        )

    def query_arguments(self) -> dict[str, str]:
        """The filters as they are in the address, without empty ones."""
        names = ("country", "subdivision", "focus_area", "kind")
        return {name: str(self[name].data) for name in names if self[name].data}
