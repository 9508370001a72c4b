"""Query arguments of the open-data API's lists (the partnership list reads the directory's
own form, `app.public.forms.DirectoryForm`)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectChoice, SelectField, StringField
from wtforms.validators import Length, NumberRange, Optional, Regexp

from app.organizations.models import Country, OrganizationType
from app.organizations.subdivisions import subdivisions
from app.public.forms import MAX_PAGE, MAX_PER_PAGE

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class PageArguments(FlaskForm):
    """Which page of a list, and how long a page is."""

    class Meta:
        csrf = False

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


class OrganizationArguments(PageArguments):
    """Filters of the organization list."""

    country = SelectField(
        _l("Country"),
        choices=[SelectChoice("", ""), *(SelectChoice(c.value, c.value) for c in Country)],
        default="",
    )
    type = SelectField(
        _l("Type of organization"),
        choices=[SelectChoice("", ""), *(SelectChoice(t.value, t.value) for t in OrganizationType)],
        default="",
    )
    subdivision = SelectField(
        _l("U.S. state or Chinese province"),
        choices=[SelectChoice("", ""), *(SelectChoice(code, code) for code in subdivisions())],
        default="",
    )


class UpdateArguments(PageArguments):
    """Filter of the update list: one partnership's updates."""

    partnership = StringField(
        _l("Partnership"),
        validators=[
            Optional(),
            Length(max=120, message=_l("At most 120 characters.")),
            Regexp(SLUG_PATTERN, message=_l("Give a partnership's slug, e.g. utah-qinghai.")),
        ],
    )
