"""The partner finder's form: whose counterparts, and the directory's own filters (a GET form,
no CSRF token)."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SearchField, SelectChoice, SelectField
from wtforms.validators import Length, Optional

from app.focus_areas import FocusArea
from app.organizations.forms import OrganizationSearchForm
from app.organizations.models import Organization, OrganizationType
from app.organizations.queries import OrganizationFilters
from app.proposals.forms import partner_label


def _organization_id(value: object) -> int | None:
    text = str(value) if value is not None else ""
    return int(text) if text.isdigit() and len(text) < 12 else None


class FinderForm(OrganizationSearchForm):
    """The directory's filters (state or province, type, focus area) without its text search
    and country (counterparts are always of the other country), and the organization whose
    counterparts are sought, picked in a combo box."""

    q = None  # type: ignore[assignment]
    country = None  # type: ignore[assignment]

    notice = HiddenField()  # a partner-search notice the counterparts are for (the view checks it)
    who = SearchField(
        _l("Find an organization by name"),
        description=_l("Part of its name in English or Chinese; the list below then offers it."),
        validators=[Optional(), Length(max=100, message=_l("At most 100 characters."))],
    )
    organization = SelectField(
        _l("Organization looking for a partner"),
        coerce=_organization_id,
        description=_l(
            "Type part of its name in English or Chinese, its state or province, or its type."
        ),
        validate_choice=False,  # checked by the view: an unknown one is told at the field
    )

    def offer(self, organizations: Sequence[Organization]) -> None:
        """Offer `organizations` in the combo box, after an empty placeholder."""
        self.organization.choices = [
            SelectChoice("", _l("- Select -")),
            *(SelectChoice(str(o.id), partner_label(o)) for o in organizations),
        ]

    def filters(self) -> OrganizationFilters:
        """The validated filters (call after `validate()`)."""
        return OrganizationFilters(
            subdivision_code=self.subdivision.data or None,
            type=OrganizationType(self.type.data) if self.type.data else None,
            focus_area=FocusArea(self.focus_area.data) if self.focus_area.data else None,
        )

    def query_arguments(self) -> dict[str, str]:
        """The form as it is in the address, without empty fields."""
        names = ("notice", "organization", "subdivision", "type", "focus_area")
        return {
            name: str(self[name].data).strip() for name in names if self[name].data is not None
            and str(self[name].data).strip()
        }  # fmt: skip
