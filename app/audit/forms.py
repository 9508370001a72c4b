"""The audit page's filters: a GET form that keeps what was typed and says what is wrong."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import DateField, SelectChoice, SelectField, StringField
from wtforms.validators import Length, Optional

from app.accounts.models import User
from app.audit.queries import EVENT_KINDS, RECORD_TYPES, EventFilters, known_actions
from app.extensions import db
from app.partnerships.models import Partnership
from app.proposals.models import Proposal


class AuditFilterForm(FlaskForm):
    """Record, person, kind of event and dates (in the reader's time zone)."""

    class Meta:
        csrf = False

    record_type = SelectField(
        _l("Kind of record"),
        choices=[SelectChoice("", _l("Any kind of record")),
                 *(SelectChoice(kind, label) for kind, label in RECORD_TYPES.items())],
        default="",
    )  # fmt: skip
    record = StringField(
        _l("Record"),
        description=_l("Its number, or a proposal's reference (EP-2027-004)."),
        validators=[Optional(), Length(max=60)],
    )
    person = StringField(
        _l("Person"),
        description=_l("Who acted: an e-mail address or a full name."),
        validators=[Optional(), Length(max=254)],
    )
    kind = SelectField(_l("Kind of event"), default="")
    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("Until"), validators=[Optional()])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Option groups are labelled when the form is made, in the reader's language.
        self.kind.choices = {
            "": [SelectChoice("", _l("Any event"))],
            str(_l("Kinds of event")): [SelectChoice(k, label) for k, label in EVENT_KINDS.items()],
            str(_l("One action")): [SelectChoice(action, action) for action in known_actions()],
        }

    def filters(self, zone: str) -> EventFilters | None:
        """The filters asked for, or None with a message at each wrong field."""
        if not self.validate():
            return None
        record_type, record_id = self._record()
        actor_id = self._person()
        since, until = self.since.data, self.until.data
        if since and until and until < since:
            self.until.errors = [_l("The end date is before the start date.")]
        if self.errors:
            return None
        return EventFilters(
            record_type=record_type,
            record_id=record_id,
            actor_id=actor_id,
            kind=self.kind.data or None,
            since=_start_of(since, zone) if since else None,
            until=_start_of(until + timedelta(days=1), zone) if until else None,
        )

    def _record(self) -> tuple[str | None, int | None]:
        record_type = self.record_type.data or None
        text = (self.record.data or "").strip()
        if not text:
            return record_type, None
        if text.isdigit() and len(text) <= 9:
            if record_type is None:
                self.record.errors = [_l("Choose the kind of record this number is of.")]
            return record_type, int(text)
        if record_type in (None, "proposal"):
            found = db.session.scalar(
                select(Proposal.id).where(func.upper(Proposal.reference) == text.upper())
            )
            if found is not None:
                return "proposal", found
        if record_type in (None, "partnership"):
            found = db.session.scalar(select(Partnership.id).where(Partnership.slug == text))
            if found is not None:
                return "partnership", found
        self.record.errors = [_l("No record has this reference: %(text)s.", text=text)]
        return record_type, None

    def _person(self) -> int | None:
        text = (self.person.data or "").strip()
        if not text:
            return None
        if text.isdigit() and len(text) <= 9:
            found = db.session.scalars(select(User.id).where(User.id == int(text))).all()
        elif "@" in text:
            found = db.session.scalars(select(User.id).where(User.email == text.lower())).all()
        else:
            found = db.session.scalars(
                select(User.id).where(func.lower(User.display_name) == text.lower()).limit(2)
            ).all()
        if not found:
            self.person.errors = [_l("Nobody has this name or e-mail address.")]
            return None
        if len(found) > 1:
            self.person.errors = [
                _l("Several people have this name: type their e-mail address instead.")
            ]
            return None
        return found[0]


def _start_of(day: date, zone: str) -> datetime:
    """Midnight of `day` in `zone`, in UTC."""
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(zone)).astimezone(UTC)
