"""Partner-search notices for tests, in any state."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from app import clock
from app.accounts.models import User
from app.extensions import db
from app.focus_areas import FocusArea
from app.notices.models import NoticeFocusArea, NoticeRegion, NoticeState, PartnerNotice
from app.organizations.models import Organization
from app.proposals.models import DeliverableKind


def make_notice(
    organization: Organization,
    author: User | None = None,
    state: NoticeState = NoticeState.PUBLISHED,
    *,
    ends_on: date | None = None,
    focus_areas: tuple[FocusArea, ...] = (FocusArea.CLEAN_AIR,),
    regions: tuple[str, ...] = (),
    **fields: Any,
) -> PartnerNotice:
    """A notice of `organization`, published (now) and ending in 90 days unless said otherwise,
    with the moderation times its state needs."""
    now = clock.now()
    notice = PartnerNotice(
        organization_id=organization.id,
        author_id=author.id if author else None,
        offer_en=fields.pop("offer_en", "Air-quality monitoring networks and their data."),
        offer_zh=fields.pop("offer_zh", "空气质量监测网络及其数据。"),
        seeking_en=fields.pop("seeking_en", "A city government to pilot low-cost sensors."),
        seeking_zh=fields.pop("seeking_zh", ""),
        deliverable_kind=fields.pop("deliverable_kind", DeliverableKind.TECHNOLOGY),
        ends_on=ends_on or clock.today() + timedelta(days=90),
        state=state,
        submitted_at=now if state != NoticeState.DRAFT else None,
        published_at=now if state in (NoticeState.PUBLISHED, NoticeState.WITHDRAWN) else None,
        returned_at=now if state == NoticeState.RETURNED else None,
        return_reason=fields.pop(
            "return_reason",
            "Say more about the sensors." if state == NoticeState.RETURNED else "",
        ),
        withdrawn_at=now if state == NoticeState.WITHDRAWN else None,
        focus_areas=[NoticeFocusArea(focus_area=area) for area in focus_areas],
        regions=[NoticeRegion(subdivision_code=code) for code in regions],
        **fields,
    )
    db.session.add(notice)
    db.session.flush()
    return notice


def form_data(**changes: Any) -> dict[str, Any]:
    """What a member types on the notice form (a U.S. organization's: Chinese regions)."""
    data: dict[str, Any] = {
        "offer_en": "Wetland restoration science and a field station.",
        "offer_zh": "",
        "seeking_en": "A nature reserve in China to share monitoring methods.",
        "seeking_zh": "寻找中国的自然保护区，共享监测方法。",
        "focus_areas": ["forests_wetlands"],
        "regions": ["CN-QH", "CN-HI"],
        "deliverable_kind": "program",
        "ends_on": (clock.today() + timedelta(days=60)).isoformat(),
    }
    data.update(changes)
    return data
