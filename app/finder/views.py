"""The partner finder (`/partners`): counterparts across the Pacific for an organization,
ranked by a transparent score. Public: anyone picks an organization; a signed-in member finds
their own organization chosen already."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from app import permissions
from app.finder import queries
from app.finder.forms import FinderForm
from app.finder.seekers import from_notice, from_organization
from app.introductions.policy import can_use_introductions
from app.notices.models import PartnerNotice
from app.notices.queries import standing_notice
from app.organizations.models import Organization
from app.organizations.queries import profile
from app.organizations.services import organizations_of
from app.permissions import requires

bp = Blueprint("finder", __name__, url_prefix="/partners")


@bp.get("")
@requires(permissions.anyone)
def index() -> str:
    """Pick an organization (or come from one of its partner-search notices, `?notice=`); see
    its counterparts under the directory's filters."""
    notice: PartnerNotice | None = None
    if (notice_id := request.args.get("notice", type=int)) is not None:
        notice = standing_notice(notice_id)
        if notice is None:  # never published, withdrawn or past its end date
            abort(404)
    form = FinderForm(formdata=request.args)
    own = organizations_of(current_user) if current_user.is_authenticated else []
    valid = form.validate()
    asked = request.args.get("organization", "").strip()
    chosen_id = notice.organization_id if notice is not None else form.organization.data
    if asked and chosen_id is None:
        form.organization.errors = [_("Choose an organization from the list.")]
    who = (form.who.data or "").strip() if not form.who.errors else ""
    matches = queries.organizations_to_pick(who)
    offered = [*own, *(o for o in matches if o not in own)]
    if chosen_id is None and not asked:
        # A member's own organization first; else the one organization a name search found.
        if own:
            chosen_id = own[0].id
        elif who and len(matches) == 1:
            chosen_id = matches[0].id
    seeker: Organization | None = profile(chosen_id) if chosen_id is not None else None
    if seeker is None and chosen_id is not None and not form.organization.errors:
        form.organization.errors = [_("Choose an organization from the list.")]
    if seeker is not None:
        form.organization.data = seeker.id
        if all(o.id != seeker.id for o in offered):
            offered = [seeker, *offered]
    form.offer(offered)
    results = None
    if seeker is not None and valid:
        excluded = [o.id for o in own]
        search = (
            from_notice(notice, excluded=excluded)
            if notice is not None
            else from_organization(seeker, excluded=excluded)
        )
        results = queries.rank(search, form.filters())
    return render_template(
        "finder/index.html",
        form=form,
        seeker=seeker,
        results=results,
        notice=notice,
        own=own,
        may_introduce=bool(own) and can_use_introductions(current_user),
        arguments=form.query_arguments(),
        limit=queries.LIMIT,
    )
