"""Chairs compare two versions of the plan side by side, with the changes marked."""

from __future__ import annotations

from datetime import date

from app.accounts.models import Role
from app.partnerships.comparison import Segment, compare_plans, compare_text
from app.partnerships.models import PlanState
from tests.factories import make_user
from tests.partnerships.factories import make_partnership, make_plan, task_rows


def test_changed_words_are_marked_on_each_side() -> None:
    (row,) = compare_text("Install 12 monitors", "Install 24 monitors")
    assert row.old == (Segment("Install "), Segment("12", "deleted"), Segment(" monitors"))
    assert row.new == (Segment("Install "), Segment("24", "inserted"), Segment(" monitors"))
    # Chinese is marked character by character, not the whole sentence.
    (row,) = compare_text("安装十二台", "安装二十台")
    assert [s.text for s in row.old if s.change] == ["二"]
    assert [s.text for s in row.new if s.change] == ["二"]
    assert row.old[0] == row.new[0] == Segment("安装")
    kept, changed, inserted = compare_text("a\nb", "a\nc\nd")
    assert not kept.is_changed and changed.is_changed
    assert inserted.old == () and inserted.new == (Segment("d", "inserted"),)


def test_tasks_are_matched_by_number(frozen) -> None:  # type: ignore[no-untyped-def]
    partnership = make_partnership(make_user())
    rows = task_rows(partnership, 2)
    old = make_plan(partnership, state=PlanState.APPROVED, tasks=rows, body="Phase one.")
    changed = [dict(rows[0], target="24 monitors reporting")]
    changed.append(dict(rows[0], number=3, title_en="Train operators"))
    new = make_plan(partnership, state=PlanState.SUBMITTED, tasks=changed, body="Phase one.")
    comparison = compare_plans(old, new)
    assert [(t.number, t.state) for t in comparison.tasks] == [
        ("1.1", "changed"),
        ("1.2", "removed"),
        ("1.3", "added"),
    ]
    assert not any(r.is_changed for r in comparison.notes)
    assert not comparison.is_unchanged
    assert compare_plans(old, old).is_unchanged


def test_a_chair_sees_the_versions_side_by_side(client, login, frozen) -> None:  # type: ignore[no-untyped-def]
    chair = make_user(Role.CHAIR)
    member = make_user()
    partnership = make_partnership(member)
    rows = task_rows(partnership, 1)
    make_plan(partnership, state=PlanState.RETURNED, tasks=rows, body="We install monitors.")
    rows = [dict(rows[0], target="Forty sensors", due_on=date(2026, 12, 1))]
    make_plan(partnership, state=PlanState.SUBMITTED, tasks=rows, body="We install sensors.")
    login(chair)

    review = client.get(f"/secretariat/partnerships/{partnership.id}/plan/versions/2")
    assert "Compare with the previous version" in review.get_data(as_text=True)
    page = client.get(f"/secretariat/partnerships/{partnership.id}/plan/compare").get_data(
        as_text=True
    )
    assert "Version 1" in page and "Version 2" in page
    # Marked with elements and words, not colour alone.
    assert '<span class="usa-sr-only">[deleted: </span>monitors' in page
    assert '<span class="usa-sr-only">[inserted: </span>sensors' in page
    assert "<del" in page and "<ins" in page and "Forty" in page
    assert "usa-table--stacked" in page  # the two columns stack on a phone
    older = client.get(f"/secretariat/partnerships/{partnership.id}/plan/compare?old=2&new=1")
    assert older.status_code == 200

    client.post("/logout")
    login(member)
    assert client.get(f"/secretariat/partnerships/{partnership.id}/plan/compare").status_code == 403


def test_a_single_version_has_nothing_to_compare(client, login, frozen) -> None:  # type: ignore[no-untyped-def]
    partnership = make_partnership(make_user())
    make_plan(partnership)
    login(make_user(Role.CHAIR))
    assert client.get(f"/secretariat/partnerships/{partnership.id}/plan/compare").status_code == 404
