"""Account pages as a person uses them."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.accounts.models import Language, Role, User
from app.extensions import db
from app.notifications.models import Notification
from tests.factories import PASSWORD, make_user

REGISTRATION = {
    "display_name": "Wang Fang",
    "email": "wang.fang@example.cn",
    "password": "qinghai lake 2026 spring",
    "password_again": "qinghai lake 2026 spring",
    "language": "zh_Hans",
    "time_zone": "Asia/Shanghai",
}


def latest_mail(kind: str) -> Notification:
    return db.session.scalars(
        select(Notification).where(Notification.kind == kind).order_by(Notification.id.desc())
    ).first()


def test_register_confirm_and_reach_the_dashboard(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/register", data=REGISTRATION)
    assert response.status_code == 302
    user = db.session.scalars(select(User).where(User.email == "wang.fang@example.cn")).one()
    assert user.language == Language.ZH
    mail = latest_mail("accounts.confirm_email")
    assert mail.to_address == "wang.fang@example.cn"
    assert "确认" in mail.subject  # the mail is in the recipient's language once translated
    link = mail.body_text.split("http://portal.test")[1].split()[0]
    assert client.get(link).status_code == 302
    db.session.refresh(user)
    assert user.is_email_confirmed
    assert client.get("/dashboard").status_code == 200


def test_registration_errors_sit_next_to_fields_and_keep_what_was_typed(client) -> None:  # type: ignore[no-untyped-def]
    data = {
        **REGISTRATION,
        "email": "not-an-address",
        "password": "short",
        "password_again": "short",
    }
    page = client.post("/register", data=data).get_data(as_text=True)
    assert 'id="email-error"' in page
    assert 'aria-describedby="email-error"' in page
    assert 'value="not-an-address"' in page
    assert 'value="Wang Fang"' in page
    assert db.session.scalar(select(User).where(User.display_name == "Wang Fang")) is None


def test_weak_password_message_is_shown_next_to_the_password(client) -> None:  # type: ignore[no-untyped-def]
    data = {**REGISTRATION, "password": "123qweasdzxc", "password_again": "123qweasdzxc"}
    page = client.post("/register", data=data).get_data(as_text=True)
    assert 'id="password-error"' in page
    assert "commonly used" in page or "常用" in page


def test_duplicate_email_is_refused_next_to_the_field(client) -> None:  # type: ignore[no-untyped-def]
    make_user(email="wang.fang@example.cn")
    page = client.post(
        "/register", data={**REGISTRATION, "email": "Wang.Fang@Example.cn"}
    ).get_data(as_text=True)
    assert 'id="email-error"' in page


def test_oversized_name_is_refused(client) -> None:  # type: ignore[no-untyped-def]
    page = client.post("/register", data={**REGISTRATION, "display_name": "x" * 500}).get_data(
        as_text=True
    )
    assert 'id="display_name-error"' in page


def test_sign_in_and_out(client) -> None:  # type: ignore[no-untyped-def]
    user = make_user()
    page = client.post("/login", data={"email": user.email, "password": "wrong password 123"})
    assert page.status_code == 200
    assert "not correct" in page.get_data(as_text=True)
    response = client.post("/login?next=/account", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/account"
    assert client.get("/account").status_code == 200
    client.post("/logout")
    assert client.get("/account").status_code == 302


def test_sign_in_never_redirects_off_site(client) -> None:  # type: ignore[no-untyped-def]
    user = make_user()
    response = client.post(
        "/login?next=//evil.example/x", data={"email": user.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/dashboard"


def test_forgot_password_answers_the_same_for_known_and_unknown_addresses(client) -> None:  # type: ignore[no-untyped-def]
    user = make_user()
    known = client.post("/forgot-password", data={"email": user.email}, follow_redirects=True)
    unknown = client.post(
        "/forgot-password", data={"email": "no@example.org"}, follow_redirects=True
    )

    def page(response, address: str) -> str:  # type: ignore[no-untyped-def]
        # CSRF tokens carry a timestamp: two requests a second apart differ there anyway.
        body = re.sub(r'<input[^>]*name="csrf_token"[^>]*>', "", response.get_data(as_text=True))
        return re.sub(r'nonce="[^"]*"', 'nonce=""', body).replace(address, "")

    assert page(known, user.email) == page(unknown, "no@example.org")


def test_reset_password_link_works_once(client) -> None:  # type: ignore[no-untyped-def]
    user = make_user()
    client.post("/forgot-password", data={"email": user.email})
    link = (
        latest_mail("accounts.reset_password").body_text.split("http://portal.test")[1].split()[0]
    )
    new = {"password": "a fresh new passphrase", "password_again": "a fresh new passphrase"}
    assert client.post(link, data=new).status_code == 302
    again = client.get(link)
    assert again.status_code == 302 and "/forgot-password" in again.headers["Location"]
    assert (
        client.post(
            "/login", data={"email": user.email, "password": "a fresh new passphrase"}
        ).status_code
        == 302
    )


def test_profile_changes_language_and_time_zone(client, login) -> None:  # type: ignore[no-untyped-def]
    user = make_user()
    login(user)
    response = client.post(
        "/account",
        data={"display_name": "New Name", "language": "zh_Hans", "time_zone": "Asia/Shanghai"},
    )
    assert response.status_code == 302
    assert (user.display_name, user.language, user.time_zone) == (
        "New Name",
        Language.ZH,
        "Asia/Shanghai",
    )
    assert 'lang="zh-Hans"' in client.get("/account").get_data(as_text=True)


def test_change_password_form(client, login) -> None:  # type: ignore[no-untyped-def]
    user = make_user()
    login(user)
    bad = client.post(
        "/account/password",
        data={
            "current_password": "nope nope nope",
            "password": "another passphrase ok",
            "password_again": "another passphrase ok",
        },
    )
    assert 'id="current_password-error"' in bad.get_data(as_text=True)
    ok = client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "password": "another passphrase ok",
            "password_again": "another passphrase ok",
        },
    )
    assert ok.status_code == 302


def test_admin_grants_roles_and_a_side(client, login) -> None:  # type: ignore[no-untyped-def]
    admin = make_user(Role.ADMIN)
    user = make_user()
    login(admin)
    listing = client.get("/admin/users?q=" + user.email).get_data(as_text=True)
    assert user.email in listing
    missing_side = client.post(
        f"/admin/users/{user.id}", data={"roles": ["reviewer"], "side": "", "is_active": "y"}
    )
    assert 'id="side-error"' in missing_side.get_data(as_text=True)
    response = client.post(
        f"/admin/users/{user.id}", data={"roles": ["reviewer"], "side": "CN", "is_active": "y"}
    )
    assert response.status_code == 302
    assert user.role_set == {Role.REVIEWER} and user.side == "CN"


def test_deactivated_user_is_signed_out(client, login) -> None:  # type: ignore[no-untyped-def]
    user = make_user()
    login(user)
    user.is_active = False
    db.session.commit()
    assert client.get("/account").status_code == 302


def test_a_chair_sets_the_title_and_office_letters_print(client, login) -> None:  # type: ignore[no-untyped-def]
    chair = make_user(Role.CHAIR, Role.REVIEWER)
    login(chair)
    assert "Signature block of letters and certificates" in client.get("/account").text
    signature = {
        "title_en": " Director ",
        "title_zh": "主任",
        "office_en": "Office of Global Change",
        "office_zh": "全球变化办公室",
    }
    saved = client.post(
        "/account",
        data={"display_name": "C", "language": "en", "time_zone": "Asia/Shanghai", **signature},
    )
    assert saved.status_code == 302
    assert (chair.title_en, chair.title_zh, chair.office_en, chair.office_zh) == (
        "Director",
        "主任",
        "Office of Global Change",
        "全球变化办公室",
    )


def test_an_applicant_has_no_signature_block(client, login) -> None:  # type: ignore[no-untyped-def]
    applicant = make_user()
    login(applicant)
    assert "Signature block" not in client.get("/account").text
    saved = client.post(
        "/account",
        data={"display_name": "A", "language": "en", "time_zone": "Asia/Shanghai", "title_en": "X"},
    )
    assert saved.status_code == 302 and applicant.display_name == "A"
    assert applicant.title_en == ""


def test_the_time_zone_combo_box_starts_at_the_saved_zone(client, login) -> None:  # type: ignore[no-untyped-def]
    """USWDS's combo box empties its list as it starts and keeps only its `data-default-value`:
    without it, the profile would show no zone and saving it again would lose the saved one."""
    user = make_user(time_zone="Asia/Shanghai")
    login(user)
    page = client.get("/account").get_data(as_text=True)
    assert '<div class="usa-combo-box" data-default-value="Asia/Shanghai">' in page
