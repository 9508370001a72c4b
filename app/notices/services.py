"""Partner-search notice operations: an organization's members draft, submit and withdraw; a
chair publishes or returns with the reason.

Each operation checks `NoticeState`'s table, writes one audit event and queues the mail it
implies, then flushes; none commits (the view's unit of work does). Every rule of a notice's
content is checked here, on the server, whatever the form let through: a notice says what the
organization brings and what it seeks in at least one language each, names at least one focus
area, names regions only of the other country, and ends on a day after today and at most 12
months ahead.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app import clock
from app.accounts.appointments import active_chairs
from app.accounts.models import User
from app.audit.services import record_event
from app.errors import ServiceError
from app.extensions import db
from app.focus_areas import FocusArea
from app.notices.models import (
    OFFER_MAX,
    RETURN_REASON_MAX,
    SEEKING_MAX,
    NoticeFocusArea,
    NoticeRegion,
    NoticeState,
    PartnerNotice,
)
from app.notices.queries import organization_members
from app.notifications.services import queue_mail
from app.organizations.models import Country, Organization
from app.organizations.subdivisions import subdivision
from app.proposals.models import DeliverableKind
from app.states import transition

MAX_MONTHS_AHEAD = 12
EDITABLE = frozenset({NoticeState.DRAFT, NoticeState.RETURNED})


def other_country(country: Country) -> Country:
    """The country across the Pacific."""
    return Country.CN if country == Country.US else Country.US


def latest_end(today: date) -> date:
    """The last day a notice written on `today` may stand until."""
    return clock.add_months(today, MAX_MONTHS_AHEAD)


# --- checks ---------------------------------------------------------------------------------------


def _text(data: dict[str, Any], name: str) -> str:
    return (data.get(name) or "").replace("\r\n", "\n").strip()


def _bilingual(data: dict[str, Any], name: str, most: int, missing: object) -> tuple[str, str]:
    english, chinese = _text(data, f"{name}_en"), _text(data, f"{name}_zh")
    if not english and not chinese:
        raise ServiceError(missing, field=f"{name}_en")
    for field, text in ((f"{name}_en", english), (f"{name}_zh", chinese)):
        if len(text) > most:
            raise ServiceError(_l("At most %(max)s characters.", max=f"{most:,}"), field=field)
    return english, chinese


def _focus_areas(data: dict[str, Any]) -> list[FocusArea]:
    values = data.get("focus_areas") or []
    try:
        areas = sorted({FocusArea(value) for value in values})
    except ValueError:
        raise ServiceError(_l("Choose focus areas from the list."), field="focus_areas") from None
    if not areas:
        raise ServiceError(
            _l("Choose at least one focus area the partnership would address."),
            field="focus_areas",
        )
    return areas


def _regions(data: dict[str, Any], organization: Organization) -> list[str]:
    wanted = other_country(organization.country)
    codes = sorted(set(data.get("regions") or []))
    for code in codes:
        place = subdivision(code)
        if place is None:
            raise ServiceError(_l("Choose regions from the list."), field="regions")
        if place.country != wanted:
            raise ServiceError(
                _(
                    "Regions of interest are on the other side: choose states or provinces of "
                    "%(country)s.",
                    country=wanted.label,
                ),
                field="regions",
            )
    return codes


def _kind(data: dict[str, Any]) -> DeliverableKind:
    try:
        return DeliverableKind(data.get("deliverable_kind") or "")
    except ValueError:
        raise ServiceError(
            _l("Choose the kind of deliverable: a technology, a policy or a program."),
            field="deliverable_kind",
        ) from None


def check_end(ends_on: date | None) -> date:
    """`ends_on` if a notice may stand until then: after today, at most 12 months ahead."""
    today = clock.today()
    if ends_on is None:
        raise ServiceError(_l("Enter the last day the notice stands."), field="ends_on")
    if ends_on <= today:
        raise ServiceError(_l("The notice must stand until a day after today."), field="ends_on")
    if ends_on > latest_end(today):
        raise ServiceError(
            _l(
                "A notice stands at most %(months)s months: choose a day until %(day)s.",
                months=MAX_MONTHS_AHEAD,
                day=latest_end(today).isoformat(),
            ),
            field="ends_on",
        )
    return ends_on


def _apply(notice: PartnerNotice, organization: Organization, data: dict[str, Any]) -> None:
    """Check everything, then write: nothing is half-saved."""
    offer = _bilingual(
        data, "offer", OFFER_MAX, _l("Say what your organization brings, in English or Chinese.")
    )
    seeking = _bilingual(
        data,
        "seeking",
        SEEKING_MAX,
        _l("Say what you look for in a partner, in English or Chinese."),
    )
    areas = _focus_areas(data)
    regions = _regions(data, organization)
    kind = _kind(data)
    ends_on = check_end(data.get("ends_on"))
    notice.offer_en, notice.offer_zh = offer
    notice.seeking_en, notice.seeking_zh = seeking
    notice.deliverable_kind = kind
    notice.ends_on = ends_on
    kept_areas = {link.focus_area: link for link in notice.focus_areas}
    notice.focus_areas = [kept_areas.get(a) or NoticeFocusArea(focus_area=a) for a in areas]
    kept_regions = {link.subdivision_code: link for link in notice.regions}
    notice.regions = [kept_regions.get(c) or NoticeRegion(subdivision_code=c) for c in regions]


def refusal(notice: PartnerNotice) -> str:
    """Why `notice` cannot be changed or sent in its state, in the members' words."""
    if notice.state == NoticeState.SUBMITTED:
        return _(
            "This notice is with the Secretariat for moderation; it cannot be changed until a "
            "chair publishes or returns it."
        )
    if notice.state == NoticeState.PUBLISHED:
        return _("This notice is published; withdraw it to take it down.")
    if notice.state == NoticeState.WITHDRAWN:
        return _("This notice is withdrawn and can no longer be changed.")
    return _("This notice has not been submitted yet.")


def _move(notice: PartnerNotice, target: NoticeState) -> None:
    transition(notice, target, refusal=lambda _current: refusal(notice))


# --- writes ---------------------------------------------------------------------------------------


def draft_notice(organization: Organization, data: dict[str, Any], *, actor: User) -> PartnerNotice:
    """Start a draft notice of `organization`."""
    notice = PartnerNotice(organization=organization, author=actor, state=NoticeState.DRAFT)
    _apply(notice, organization, data)
    db.session.add(notice)
    db.session.flush()
    record_event("notice.drafted", notice, actor=actor, organization=organization.id)
    return notice


def edit_notice(notice: PartnerNotice, data: dict[str, Any], *, actor: User) -> None:
    """Change a draft or returned notice."""
    if notice.state not in EDITABLE:
        raise ServiceError(refusal(notice))
    _apply(notice, notice.organization, data)
    db.session.flush()
    record_event("notice.edited", notice, actor=actor)


def submit_notice(notice: PartnerNotice, *, actor: User) -> None:
    """Send a draft or returned notice to the chairs for moderation. Its end date must still be
    ahead (a draft saved long ago may have passed it)."""
    if notice.state.may_become(NoticeState.SUBMITTED):
        check_end(notice.ends_on)
    _move(notice, NoticeState.SUBMITTED)
    notice.submitted_at = clock.now()
    notice.returned_at = None
    notice.return_reason = ""
    db.session.flush()
    record_event("notice.submitted", notice, actor=actor, organization=notice.organization_id)
    for chair in active_chairs():
        queue_mail("notices.submitted", to=chair, notice=notice, organization=notice.organization)


def publish_notice(notice: PartnerNotice, *, actor: User) -> None:
    """A chair publishes a submitted notice: it stands on the organization's profile, in the
    open data and the partner finder until its end date. A notice whose end date has passed
    meanwhile is returned, not published."""
    if notice.state == NoticeState.SUBMITTED and notice.ends_on < clock.today():
        raise ServiceError(
            _l("This notice's end date has passed: return it so that its members set a new one.")
        )
    _move(notice, NoticeState.PUBLISHED)
    notice.published_at = clock.now()
    db.session.flush()
    record_event("notice.published", notice, actor=actor, organization=notice.organization_id)
    for member in organization_members(notice.organization):
        queue_mail("notices.published", to=member, notice=notice, organization=notice.organization)


def return_notice(notice: PartnerNotice, *, actor: User, reason: str) -> None:
    """A chair sends a submitted notice back to its organization with the reason."""
    reason = reason.strip()
    if not reason:
        raise ServiceError(_l("Tell the organization what to change."), field="reason")
    if len(reason) > RETURN_REASON_MAX:
        raise ServiceError(
            _l("At most %(max)s characters.", max=f"{RETURN_REASON_MAX:,}"), field="reason"
        )
    _move(notice, NoticeState.RETURNED)
    notice.returned_at = clock.now()
    notice.return_reason = reason
    db.session.flush()
    record_event("notice.returned", notice, actor=actor, reason=reason)
    for member in organization_members(notice.organization):
        queue_mail(
            "notices.returned",
            to=member,
            notice=notice,
            organization=notice.organization,
            reason=reason,
        )


def withdraw_notice(notice: PartnerNotice, *, actor: User) -> None:
    """The organization's members take a published notice down (expired or not)."""
    _move(notice, NoticeState.WITHDRAWN)
    notice.withdrawn_at = clock.now()
    db.session.flush()
    record_event("notice.withdrawn", notice, actor=actor, organization=notice.organization_id)
