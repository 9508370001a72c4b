"""Query arguments of the open-data API's lists (the partnership list reads the directory's
own form, `app.public.forms.DirectoryForm`; the organization list the organization directory's,
`app.organizations.forms.OrganizationSearchForm`)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField
from wtforms.validators import Length, NumberRange, Optional, Regexp

from app.notices.forms import NoticeSearchForm
from app.organizations.forms import OrganizationSearchForm
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


class OrganizationArguments(OrganizationSearchForm, PageArguments):
    """Filters of the organization list: the organization directory's own form, and pages."""

    class Meta:
        csrf = False


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


class NoticeArguments(NoticeSearchForm, PageArguments):
    """Filters of the standing notices (the notices' own search form), and pages."""

    class Meta:
        csrf = False
