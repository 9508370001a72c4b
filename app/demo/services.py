"""Loading the demo data set: the program's history 2008–2017 and an illustrative current cycle.

`seed_demo` is idempotent: every record is looked up by its natural key (an e-mail address, an
organization's English name and country, a solicitation's year, a partnership's slug, a
proposal's reference or title, …) and only what is missing is created. It adds to the current
transaction and flushes; the caller (the ``seed-demo`` command) commits.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from app.accounts.models import Role, Side, User, UserRole
from app.audit.services import record_event
from app.demo import specs
from app.demo.current_cycle import CurrentCycle
from app.demo.data import cycle, history
from app.demo.notices import load_notices
from app.demo.records import PILOT_YEARS, add_years, at_noon
from app.extensions import db
from app.partnerships.models import Partnership, PartnershipStatus
from app.solicitations.models import Solicitation, SolicitationStatus


@dataclass(frozen=True)
class DemoAccount:
    """A demo sign-in: every demo account shares the same password."""

    email: str
    roles: tuple[Role, ...]
    side: Side | None
    password: str
    display_name: str = ""


@dataclass
class DemoSummary:
    """What the demo data set holds, and what this run had to add."""

    totals: dict[str, int] = field(default_factory=dict)  # demo records present, by kind
    created: dict[str, int] = field(default_factory=dict)  # records this run created, by kind
    accounts: list[DemoAccount] = field(default_factory=list)

    @property
    def created_anything(self) -> bool:
        """Whether this run changed the database."""
        return any(self.created.values())

    def describe(self) -> str:
        """A plain-text report for the command line: what was added, and how to sign in."""
        if self.created_anything:
            added = ", ".join(f"{count} {kind}" for kind, count in self.created.items() if count)
            lines = [f"Demo data loaded: added {added}."]
        else:
            lines = ["Demo data already loaded: nothing to add."]
        lines.append(
            f"{self.totals.get('historical_partnerships', 0)} historical and "
            f"{self.totals.get('active_partnerships', 0)} active partnerships, "
            f"{self.totals.get('organizations', 0)} organizations, "
            f"{self.totals.get('solicitations', 0)} solicitations, "
            f"{self.totals.get('proposals', 0)} proposals."
        )
        password = self.accounts[0].password if self.accounts else ""
        lines.append(f"Demo accounts (password for all: {password}):")
        for account in self.accounts:
            roles = ", ".join(role.value for role in account.roles)
            side = f" ({account.side.value} side)" if account.side else ""
            lines.append(f"  {account.email:<42} {roles}{side}")
        return "\n".join(lines)


def seed_demo() -> DemoSummary:
    """Load the demo data set into `db.session`, creating only what is missing. Does not commit.

    Records one ``demo.seeded`` audit event when, and only when, something was created.
    """
    loader = _Loader(db.session())
    loader.load()
    loader.totals["partnerships"] = (
        loader.totals["historical_partnerships"] + loader.totals["active_partnerships"]
    )
    summary = DemoSummary(
        totals=dict(sorted(loader.totals.items())),
        created=dict(sorted(loader.created.items())),
        accounts=[
            DemoAccount(
                email=person.email,
                roles=tuple(Role(role) for role in person.roles),
                side=Side(person.side) if person.side else None,
                password=cycle.DEMO_PASSWORD,
                display_name=person.display_name,
            )
            for person in cycle.PEOPLE
        ],
    )
    if summary.created_anything:
        admin = loader.user("admin")
        first_admin = db.session.scalar(
            select(User).join(UserRole).where(UserRole.role == Role.ADMIN).order_by(User.id)
        )
        record_event("demo.seeded", admin, actor=first_admin or admin, created=summary.created)
        db.session.flush()
    return summary


class _Loader(CurrentCycle):
    """Loads the whole demo data set: its people, the history and the current cycle."""

    def load(self) -> None:
        """Load everything, in dependency order."""
        for person in cycle.PEOPLE:
            self._ensure_user(person)
        for local, spec, is_owner in cycle.MEMBERSHIPS:
            self._ensure_member(self.org(spec), self.user(local), is_owner)
        self._load_history()
        self._load_2025()
        self._load_2027()
        load_notices(self)  # issue 18: partner-search notices

    # -- the history, 2008–2017 -----------------------------------------------------------------

    def _load_history(self) -> None:
        for cohort in history.COHORTS:
            self._solicitation(cohort.year, lambda cohort=cohort: self._historical_call(cohort))
        signed = {cohort.year: cohort.signed_on for cohort in history.COHORTS}
        for spec in history.HISTORICAL_PARTNERSHIPS:
            partnership = self._partnership(
                spec.slug,
                lambda spec=spec: Partnership(
                    slug=spec.slug,
                    cohort_year=spec.cohort_year,
                    name_en=spec.name_en,
                    name_zh=spec.name_zh,
                    goal_en=spec.goal_en,
                    goal_zh=spec.goal_zh,
                    description_en=spec.description_en,
                    description_zh=spec.description_zh,
                    signed_on=signed[spec.cohort_year],
                    pilot_starts_on=signed[spec.cohort_year],
                    pilot_ends_on=add_years(signed[spec.cohort_year], PILOT_YEARS),
                    status=PartnershipStatus.GRADUATED,
                ),
                kind="historical_partnerships",
            )
            self._ensure_partnership_members(partnership, spec.us, spec.cn, spec.focus_areas)

    @staticmethod
    def _historical_call(cohort: specs.Cohort) -> Solicitation:
        """The call of a historical cohort. Its selected number is the public record's; the
        partnerships the record does not name are counted as unlisted, never invented."""
        listed = sum(1 for p in history.HISTORICAL_PARTNERSHIPS if p.cohort_year == cohort.year)
        unlisted = max(cohort.selected - listed, 0)
        dates = (
            "The closing date is as published; the opening date is approximate."
            if cohort.window_known
            else "The opening and closing dates shown are approximate."
        )
        return Solicitation(
            year=cohort.year,
            title_en=f"{cohort.year} U.S.–China EcoPartnerships selection",
            title_zh=f"{cohort.year}年中美绿色合作伙伴计划遴选",
            guidance_en=(
                f"Historical record. {cohort.selected} EcoPartnerships were selected in "
                f"{cohort.year} ({cohort.ceremony}); "
                + (
                    f"{listed} are listed in the directory, the names of the other {unlisted} "
                    "are not in the public record. "
                    if unlisted
                    else "all are listed in the directory. "
                )
                + dates
            ),
            guidance_zh=(
                f"历史记录。{cohort.year}年共遴选出{cohort.selected}对绿色合作伙伴，"
                + (
                    f"名录收录其中{listed}对，其余{unlisted}对的名称未见于公开记录。"
                    if unlisted
                    else "均已收录于名录。"
                )
                + "所示征集起止日期为近似值。"
            ),
            opens_at=at_noon(cohort.opens_on),
            closes_at=cohort.closes_at,
            reviewers_per_proposal=2,
            target_selections=cohort.selected,
            unlisted_selections=unlisted,
            status=SolicitationStatus.ARCHIVED,
        )
