"""Organization profile and member invitation forms."""

from __future__ import annotations

import json

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    RadioField,
    SearchField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import URL as URLValidator
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from app.accounts.forms import CheckboxListField, email_field
from app.focus_areas import FocusArea
from app.organizations.models import Country, OrganizationType
from app.organizations.queries import OrganizationFilters
from app.organizations.subdivisions import (
    COUNTRY_GROUPS,
    place_name,
    subdivision,
    subdivision_choices,
)


class OrganizationForm(FlaskForm):
    """An organization's public profile."""

    name_en = StringField(
        _l("Name in English"),
        validators=[
            InputRequired(message=_l("Enter the organization's name in English.")),
            Length(max=200, message=_l("A name has at most 200 characters.")),
        ],
    )
    name_zh = StringField(
        _l("Name in Chinese"),
        validators=[
            InputRequired(message=_l("Enter the organization's name in Chinese.")),
            Length(max=200, message=_l("A name has at most 200 characters.")),
        ],
    )
    country = RadioField(
        _l("Country"),
        choices=[SelectChoice(c, label) for c, label in Country.choices()],
        validators=[InputRequired(message=_l("Choose the country."))],
    )
    type = SelectField(
        _l("Type of organization"),
        choices=[
            SelectChoice("", _l("- Select -")),
            *(SelectChoice(t, label) for t, label in OrganizationType.choices()),
        ],
        validators=[InputRequired(message=_l("Choose the type of organization."))],
    )
    subdivision_code = SelectField(
        _l("U.S. state or Chinese province"),
        choices=[SelectChoice("", _l("- Select -")), *subdivision_choices()],
        validators=[InputRequired(message=_l("Choose the state or province."))],
        # js/subdivisions.js: the list keeps the chosen country's group only.
        render_kw={
            "data-follows": "country",
            "data-groups": json.dumps(
                {c.value: g for c, g in COUNTRY_GROUPS.items()}, ensure_ascii=False
            ),
        },
    )
    city = StringField(
        _l("City"),
        validators=[Optional(), Length(max=120, message=_l("At most 120 characters."))],
    )
    street_address = TextAreaField(
        _l("Postal address"),
        description=_l(
            "Street, building and suite, as written on an envelope; letters of the Joint "
            "Secretariat are addressed here with the city, state or province and postal code."
        ),
        validators=[Optional(), Length(max=500, message=_l("At most 500 characters."))],
    )
    postal_code = StringField(
        _l("Postal code"),
        validators=[Optional(), Length(max=20, message=_l("At most 20 characters."))],
    )
    website = URLField(
        _l("Website"),
        validators=[
            Optional(),
            Length(max=300, message=_l("At most 300 characters.")),
            URLValidator(
                require_tld=True, message=_l("Enter a full address, e.g. https://example.org.")
            ),
        ],
    )
    description = TextAreaField(
        _l("Description in English"),
        description=_l("What the organization does, for a counterpart looking for a partner."),
        validators=[Optional(), Length(max=5000, message=_l("At most 5,000 characters."))],
    )
    description_zh = TextAreaField(
        _l("Description in Chinese"),
        validators=[Optional(), Length(max=5000, message=_l("At most 5,000 characters."))],
    )
    focus_areas = CheckboxListField(
        _l("Focus areas"),
        choices=[SelectChoice(area, label) for area, label in FocusArea.choices()],
        description=_l(
            "The action plans of the Ten Year Framework the organization works on: "
            "counterparts find it by them."
        ),
    )

    def validate_subdivision_code(self, field: StringField) -> None:
        """The state or province must belong to the chosen country."""
        place = subdivision(field.data or "")
        if place is None:
            raise ValidationError(_l("Choose a state or province from the list."))
        if self.country.data and place.country.value != self.country.data:
            # Both names in the reader's language: never "Minnesota不属于中国".
            raise ValidationError(
                _(
                    "%(place)s is not in %(country)s.",
                    place=place_name(place.code),
                    country=Country(self.country.data).label,
                )
            )

    def validate_website(self, field: URLField) -> None:
        """Only web addresses."""
        if field.data and not field.data.lower().startswith(("http://", "https://")):
            raise ValidationError(_l("Enter a full address, e.g. https://example.org."))


class InvitationForm(FlaskForm):
    """Invite a person to become a member."""

    email = email_field(_l("E-mail address of the person to invite"))


def _any(label: object) -> SelectChoice:
    return SelectChoice("", label)


class OrganizationSearchForm(FlaskForm):
    """Filters and search of the organization directory (a GET form: no CSRF token); the
    open data's organization list reads the same fields."""

    class Meta:
        csrf = False

    q = SearchField(
        _l("Search names and descriptions"),
        description=_l("In English or Chinese, e.g. Qinghai, wetlands or 青海."),
        validators=[Optional(), Length(max=100, message=_l("At most 100 characters."))],
    )
    country = SelectField(
        _l("Country"),
        choices=[_any(_l("Either country")),
                 *(SelectChoice(c, label) for c, label in Country.choices())],
        default="",
    )  # fmt: skip
    subdivision = SelectField(
        _l("U.S. state or Chinese province"),
        choices=[_any(_l("Any state or province")), *subdivision_choices()],
        default="",
    )
    type = SelectField(
        _l("Type of organization"),
        choices=[_any(_l("Any type")),
                 *(SelectChoice(t, label) for t, label in OrganizationType.choices())],
        default="",
    )  # fmt: skip
    focus_area = SelectField(
        _l("Focus area"),
        choices=[_any(_l("Any focus area")),
                 *(SelectChoice(a, label) for a, label in FocusArea.choices())],
        default="",
    )  # fmt: skip

    def filters(self) -> OrganizationFilters:
        """The validated filters (call after `validate()`)."""
        return OrganizationFilters(
            text=(self.q.data or "").strip(),
            country=Country(self.country.data) if self.country.data else None,
            subdivision_code=self.subdivision.data or None,
            type=OrganizationType(self.type.data) if self.type.data else None,
            focus_area=FocusArea(self.focus_area.data) if self.focus_area.data else None,
        )

    def query_arguments(self) -> dict[str, str]:
        """The filters as they are in the address, without empty ones: for links to other
        pages of the same list."""
        names = ("q", "country", "subdivision", "type", "focus_area")
        return {name: str(self[name].data).strip() for name in names if self[name].data}
