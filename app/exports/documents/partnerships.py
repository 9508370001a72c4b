"""A partnership's records: the public one (the open-data record itself) and the chairs' one."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterable
from typing import Any

from flask_babel import get_locale
from PIL import Image, UnidentifiedImageError
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import selectinload

from app import clock
from app.api import schemas
from app.audit.models import Event
from app.audit.queries import readable_events
from app.exports.documents.common import KIND_LABELS, day, moment, person
from app.exports.rendering import Document
from app.extensions import db
from app.i18n import localized
from app.partnerships import queries as partnership_queries
from app.partnerships.models import (
    ImplementationPlan,
    Milestone,
    Partnership,
)
from app.public import read_model
from app.updates import services as update_services
from app.updates.models import ProgressUpdate, UpdateState

# Pixels a side of a picture printed in a record: sharp at the page's width, small in the file.
PRINT_IMAGE_SIDE = 1200


def public_partnership_document(slug: str) -> Document | None:
    """A partnership's public record, as its public page and the open-data API show it: goal,
    participants, the work plan with the state of each task, key accomplishments and every
    published update. None when the public may not see the partnership."""
    partnership = read_model.public_partnership(slug)
    if partnership is None:
        return None
    record, context = _public_record(partnership)
    return _partnership_file(
        partnership, "partnership", "", context=context, record=record, public=True
    )


def _public_record(partnership: Partnership) -> tuple[dict[str, Any], dict[str, Any]]:
    """`partnership`'s open-data record (`schemas.Partnership`, every published update) and
    the template's context for it."""
    work_plan = read_model.work_plan(partnership)
    accomplishments = read_model.key_accomplishments(partnership)
    updates = read_model.published_updates(partnership, limit=None)
    record = schemas.Partnership.of_record(
        partnership, work_plan=work_plan, accomplishments=accomplishments, updates=updates
    ).as_json()
    context = {
        "partnership": partnership,
        "participants": read_model.ordered_participants(partnership),
        "work_plan": work_plan,
        "accomplishments": accomplishments,
        "updates": updates,
        "update_images": {u.id: found for u in updates if (found := print_image(u))},
        "internal": False,
    }
    return record, context


def print_image(update: ProgressUpdate) -> str | None:
    """A published public update's picture as the record prints it: re-encoded through Pillow
    (nothing of the stored file but its pixels reaches the PDF), at most `PRINT_IMAGE_SIDE`
    pixels a side, transparency flattened on white, as a ``data:`` URL (the PDF fetches
    nothing). None without a picture, or when the stored file cannot be read."""
    path = update_services.image_path(update)
    if not update.is_public or path is None or not path.is_file():
        return None
    try:
        with Image.open(path) as image:
            image.thumbnail((PRINT_IMAGE_SIDE, PRINT_IMAGE_SIDE))
            flat = Image.new("RGB", image.size, "white")
            rgba = image.convert("RGBA")
            flat.paste(rgba, mask=rgba.getchannel("A"))
            output = io.BytesIO()
            flat.save(output, format="JPEG", quality=82, optimize=True)
    except (OSError, UnidentifiedImageError, ValueError):
        return None
    return "data:image/jpeg;base64," + base64.b64encode(output.getvalue()).decode()


def _partnership_file(
    partnership: Partnership, kind: str, file_suffix: str, **fields: Any
) -> Document:
    """A document of `kind` on `partnership`, headed with its name in the reader's language
    (the web slug is for addresses, not for readers)."""
    return Document(
        kind=kind,
        record_id=partnership.id,
        label=str(KIND_LABELS[kind]),
        reference=localized(partnership, "name", str(get_locale())) or partnership.slug,
        title=f"{partnership.name_en} · {partnership.name_zh}".strip(" ·"),
        filename=f"{partnership.slug}{file_suffix}.pdf",
        template="pdf/partnership.html",
        **fields,
    )


def _audit_trail(partnership: Partnership, updates: Iterable[ProgressUpdate]) -> list[Event]:
    """Every audit event on the partnership, its plan versions, milestones and updates."""
    records = (
        (Partnership.__tablename__, [partnership.id]),
        (ImplementationPlan.__tablename__, [p.id for p in partnership.plans]),
        (Milestone.__tablename__, [m.id for m in partnership.milestones]),
        (ProgressUpdate.__tablename__, [u.id for u in updates]),
    )
    conditions = [
        and_(Event.record_type == kind, Event.record_id.in_(ids)) for kind, ids in records if ids
    ]
    return list(
        db.session.scalars(
            select(Event)
            .where(or_(*conditions))
            .options(selectinload(Event.actor))
            .order_by(Event.occurred_at, Event.id)
        )
    )


def internal_partnership_document(partnership: Partnership) -> Document:
    """A partnership as the chairs keep it: the public record, plus where the plan stands, every
    plan version with its tasks, milestone evidence, every submitted update (drafts stay with
    their authors) and the audit trail. As of today (overdue flags change with the date)."""
    today = clock.today()
    record, public_context = _public_record(partnership)
    # As on the chairs' page: a draft stays with its authors until it is submitted.
    all_updates = [
        u for u in update_services.updates_of(partnership) if u.state != UpdateState.DRAFT
    ]
    plan_status = partnership_queries.plan_status(partnership, today)
    overdue = {m.id for m in partnership_queries.overdue_milestones(partnership, today)}
    events = _audit_trail(partnership, all_updates)
    record["internal"] = {
        "as_of": day(today),
        "status_reason": partnership.status_reason,
        "ended_on": day(partnership.ended_on),
        "plan_status": {
            "key": plan_status.key.value,
            "due_on": day(plan_status.due_on),
            "is_overdue": plan_status.is_overdue,
        },
        "plans": [
            {
                "version_number": plan.version_number,
                "state": plan.state.value,
                "is_amendment": plan.is_amendment,
                "body": plan.body,
                "chair_comments": plan.chair_comments,
                "draft_due_on": day(plan.draft_due_on),
                "approval_due_on": day(plan.approval_due_on),
                "submitted_at": moment(plan.submitted_at),
                "approved_at": moment(plan.approved_at),
                "approved_by": person(plan.approved_by),
                "returned_at": moment(plan.returned_at),
                "tasks": [
                    {
                        "pilot_year": t.pilot_year,
                        "number": t.number,
                        "title_en": t.title_en,
                        "title_zh": t.title_zh,
                        "target": t.target,
                        "due_on": day(t.due_on),
                    }
                    for t in plan.tasks
                ],
            }
            for plan in partnership.plans
        ],
        "milestones": [
            {
                "pilot_year": m.pilot_year,
                "number": m.number,
                "status": m.status.value,
                "status_on": day(m.status_on),
                "evidence": m.evidence,
                "is_overdue": m.id in overdue,
            }
            for m in partnership.milestones
        ],
        "updates": [
            {
                "id": u.id,
                "title": u.title,
                "language": u.language.value,
                "visibility": u.visibility.value,
                "state": u.state.value,
                "author": person(u.author),
                "submitted_at": moment(u.submitted_at),
                "published_at": moment(u.published_at),
                "returned_at": moment(u.returned_at),
                "return_reason": u.return_reason,
            }
            for u in all_updates
        ],
        "audit_trail": [
            {
                "occurred_at": moment(e.occurred_at),
                "action": e.action,
                "record_type": e.record_type,
                "record_id": e.record_id,
                "actor": person(e.actor),
                "details": e.details,
            }
            for e in events
        ],
    }
    return _partnership_file(
        partnership,
        "partnership-internal",
        "-internal",
        context={
            **public_context,
            "all_updates": all_updates,
            "plan_status": plan_status,
            "overdue": overdue,
            "events": events,
            "readable_events": readable_events,
            "today": today,
            "internal": True,
        },
        record=record,
        contents=True,
    )
