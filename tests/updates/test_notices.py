"""An update returned or published reaches the partnership's members in their language; the
published one links to the update on the public page."""

from __future__ import annotations

from app.accounts.models import Language, Role
from app.updates import services
from app.updates.models import UpdateState, Visibility
from tests.factories import make_user
from tests.partnerships.factories import mail_to, make_partnership, make_update


def test_a_published_update_links_to_its_public_page() -> None:
    member = make_user(language=Language.ZH)
    partnership = make_partnership(member)
    update = make_update(partnership, member, state=UpdateState.SUBMITTED, title="Sensors live")
    services.publish_update(update, actor=make_user(Role.CHAIR))

    (mail,) = mail_to(member)
    assert mail.subject == "进展动态已发布：Sensors live"
    assert f"http://portal.test/partnerships/{partnership.slug}#update-{update.id}" in (
        mail.body_text
    )


def test_a_secretariat_only_update_links_to_the_workspace() -> None:
    member = make_user()
    partnership = make_partnership(member)
    update = make_update(
        partnership, member, state=UpdateState.SUBMITTED, visibility=Visibility.SECRETARIAT
    )
    services.publish_update(update, actor=make_user(Role.CHAIR))
    (mail,) = mail_to(member)
    assert f"/workspace/partnerships/{partnership.id}/updates/{update.id}" in mail.body_text
    assert f"/partnerships/{partnership.slug}#" not in mail.body_text


def test_a_returned_update_reaches_each_member_in_their_language() -> None:
    english, chinese = make_user(), make_user(language=Language.ZH)
    partnership = make_partnership(english, chinese)
    update = make_update(partnership, english, state=UpdateState.SUBMITTED, title="Draft note")
    services.return_update(update, actor=make_user(Role.CHAIR), reason="Name the cities.")
    (mail,) = mail_to(english)
    assert mail.subject == "Update returned: Draft note" and "Name the cities." in mail.body_text
    (mail,) = mail_to(chinese)
    assert mail.subject == "进展动态已退回：Draft note" and "Name the cities." in mail.body_text
    assert f"/updates/{update.id}/edit" in mail.body_text
