"""Partner-search notice forms: a notice, and a chair's reason for returning one."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectChoice, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from app.accounts.forms import CheckboxListField
from app.focus_areas import FocusArea
from app.notices.models import OFFER_MAX, RETURN_REASON_MAX, SEEKING_MAX
from app.organizations.models import Country
from app.organizations.subdivisions import subdivisions
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
