"""The directory's filters: one form read by the directory page, its map, the CSV download and
the open-data API, so that a filter means the same thing everywhere."""

from __future__ import annotations

from typing import Any

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import Field, IntegerField, SearchField, SelectChoice, SelectField
from wtforms.validators import Length, NumberRange, Optional, ValidationError
from wtforms.widgets import Select

from app.focus_areas import FocusArea
from app.organizations.models import Country, OrganizationType
from app.organizations.subdivisions import subdivisions
from app.partnerships.models import PartnershipStatus
from app.public.read_model import PUBLIC_STATUSES, DirectoryFilters, DirectorySort

SORT_LABELS = {
    DirectorySort.RELEVANCE: _l("Relevance"),
    DirectorySort.COHORT_DESC: _l("Newest cohort first"),
    DirectorySort.COHORT: _l("Oldest cohort first"),
    DirectorySort.NAME: _l("Name, A to Z"),
    DirectorySort.NAME_DESC: _l("Name, Z to A"),
}
FIRST_YEAR, LAST_YEAR = 2008, 2100
MAX_PER_PAGE = 100
MAX_PAGE = 10_000
REMEMBERED_LISTS = 512  # lists' HTML kept by `RememberedSelect`, all fields and languages


def place_codes(country: Country) -> list[str]:
    """The ISO 3166-2 codes a filter on `country`'s places accepts."""
    return [code for code, place in subdivisions().items() if place.country == country]


def _any(label: object) -> SelectChoice:
    return SelectChoice("", label)


def _place_choices(country: Country) -> list[SelectChoice]:
    return [SelectChoice(code, f"{place.name_en} – {place.name_zh}")
            for code, place in subdivisions().items() if place.country == country]  # fmt: skip


class RememberedSelect(Select):
    """wtforms' list, its HTML remembered by (language, field, the values offered, the one
    selected, the attributes): the directory's lists offer a hundred places and writing their
    options cost half of a new search's page. A list's labels must follow from its values and
    the language alone, as the directory's do."""

    def __init__(self) -> None:
        super().__init__()
        self._written: dict[tuple[object, ...], Markup] = {}

    def __call__(self, field: Field, **kwargs: Any) -> Markup:
        """The list's HTML, written once per key."""
        key = (
            str(get_locale()),
            field.name,
            field.id,
            tuple(choice.value for choice in field.choices),  # type: ignore[attr-defined]
            field.data,
            tuple(sorted((name, str(value)) for name, value in kwargs.items())),
        )
        written = self._written.get(key)
        if written is None:
            if len(self._written) >= REMEMBERED_LISTS:
                self._written.clear()
            written = self._written[key] = super().__call__(field, **kwargs)
        return written


_LIST = RememberedSelect()


def _cohort_year(form: FlaskForm, field: Field) -> None:
    value = (field.data or "").strip()
    if value and not (value.isdigit() and FIRST_YEAR <= int(value) <= LAST_YEAR):
        raise ValidationError(
            _l("Enter a year from %(first)s to %(last)s.", first=FIRST_YEAR, last=LAST_YEAR)
        )


class DirectoryForm(FlaskForm):
    """Filters, search and order of the partnership directory (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    q = SearchField(
        _l("Search names and goals"),
        description=_l("In English or Chinese, e.g. Qinghai, wetlands or 青海."),
        validators=[Optional(), Length(max=100, message=_l("At most 100 characters."))],
    )
    cohort_year = SelectField(
        _l("Cohort year"),
        choices=[_any(_l("Any year"))],
        validate_choice=False,  # any year may be asked for; the list offers the ones that exist
        validators=[_cohort_year],
        default="",
        widget=_LIST,
    )
    focus_area = SelectField(
        _l("Focus area"),
        choices=[_any(_l("Any focus area")),
                 *(SelectChoice(a, label) for a, label in FocusArea.choices())],
        default="",
        widget=_LIST,
    )  # fmt: skip
    status = SelectField(
        _l("Status"),
        choices=[_any(_l("Active or graduated")),
                 *(SelectChoice(s, label) for s, label in PartnershipStatus.choices()
                   if s in PUBLIC_STATUSES)],
        default="",
        widget=_LIST,
    )  # fmt: skip
    us_state = SelectField(
        _l("U.S. state"),
        choices=[_any(_l("Any state")), *_place_choices(Country.US)],
        default="",
        widget=_LIST,
    )
    cn_province = SelectField(
        _l("Chinese province"),
        choices=[_any(_l("Any province")), *_place_choices(Country.CN)],
        default="",
        widget=_LIST,
    )
    organization_type = SelectField(
        _l("Type of organization"),
        choices=[_any(_l("Any type")),
                 *(SelectChoice(t, label) for t, label in OrganizationType.choices())],
        default="",
        widget=_LIST,
    )  # fmt: skip
    # Relevance, the default, ranks a search's results and is the newest cohort first
    # without one: a reader who types a search into a page in that order gets it ranked.
    sort = SelectField(
        _l("Order"),
        choices=[SelectChoice(s.value, label) for s, label in SORT_LABELS.items()],
        default=DirectorySort.RELEVANCE.value,
        widget=_LIST,
    )
    page = IntegerField(
        _l("Page"),
        validators=[
            Optional(),
            NumberRange(min=1, max=MAX_PAGE, message=_l("Enter a page number from 1.")),
        ],
    )
    per_page = IntegerField(
        _l("Results per page"),
        validators=[
            Optional(),
            NumberRange(
                min=1,
                max=MAX_PER_PAGE,
                message=_l("Enter a number from 1 to %(max)s.", max=MAX_PER_PAGE),
            ),
        ],
    )

    def effective_sort(self) -> str:
        """The order the list is in (as the address spells it): relevance without a search is
        the newest cohort first."""
        asked = self.sort.data or DirectorySort.RELEVANCE.value
        if asked == DirectorySort.RELEVANCE and not (self.q.data or "").strip():
            return DirectorySort.COHORT_DESC.value
        return str(asked)

    def offer_years(self, years: list[int]) -> None:
        """Offer the cohort years that exist, and the one asked for even if it is not among
        them (or not a year at all: it stays selected beside its error message)."""
        asked = (self.cohort_year.data or "").strip()
        offered = [str(year) for year in years]
        if asked and asked not in offered:
            offered.append(asked)
        self.cohort_year.choices = [_any(_l("Any year")), *(SelectChoice(y, y) for y in offered)]

    def offer_places(self, codes: set[str]) -> None:
        """Offer, in the place lists, the states and provinces where partnerships are (and the
        one asked for): every valid code was accepted by validation, before this."""
        for field, country in ((self.us_state, Country.US), (self.cn_province, Country.CN)):
            keep = codes | {field.data or ""}
            field.choices = [
                field.choices[0],
                *(c for c in _place_choices(country) if c.value in keep),
            ]  # type: ignore[index]

    def filters(self) -> DirectoryFilters:
        """The validated filters (call after `validate()`)."""
        year = (self.cohort_year.data or "").strip()
        return DirectoryFilters(
            text=(self.q.data or "").strip(),
            cohort_year=int(year) if year else None,
            focus_area=FocusArea(self.focus_area.data) if self.focus_area.data else None,
            status=PartnershipStatus(self.status.data) if self.status.data else None,
            us_state=self.us_state.data or None,
            cn_province=self.cn_province.data or None,
            organization_type=(
                OrganizationType(self.organization_type.data)
                if self.organization_type.data
                else None
            ),
            sort=DirectorySort(self.sort.data or DirectorySort.RELEVANCE),
        )

    def query_arguments(self) -> dict[str, str]:
        """The filters as they are in the address, without empty ones or the page: for links
        to the same list in another form (CSV, map, another page, another order)."""
        kept = ("q", "cohort_year", "focus_area", "status", "us_state", "cn_province",
                "organization_type", "sort")  # fmt: skip
        arguments = {name: str(self[name].data).strip() for name in kept if self[name].data}
        if arguments.get("sort") == DirectorySort.RELEVANCE.value:
            del arguments["sort"]
        return arguments
