"""The time-zone list: Washington and Beijing first, then UTC, then one zone per place of the
IANA database, named in the reader's language by Babel, never by raw ids or old aliases."""

from __future__ import annotations

import re

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from app.accounts.models import User
from app.extensions import db
from app.time_zones import time_zone_choices
from tests.factories import make_user


def _choices(app, locale: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with app.test_request_context(), force_locale(locale):
        return {choice.value: str(choice.label) for choice in time_zone_choices()}


@pytest.mark.parametrize("locale", ["en", "zh_Hans"])
def test_washington_and_beijing_come_first_and_no_raw_names(app, locale) -> None:  # type: ignore[no-untyped-def]
    choices = _choices(app, locale)
    assert list(choices)[:3] == ["America/New_York", "Asia/Shanghai", "UTC"]
    assert 400 < len(choices) < 450  # zone.tab's places, not 518 names with their aliases
    assert not {"Africa/Asmera", "US/Eastern", "Asia/Calcutta", "Etc/GMT+5"} & set(choices)
    assert "Africa/Asmara" in choices and "Asia/Kolkata" in choices
    assert not [label for label in choices.values() if "/" in label or "_" in label]
    assert len(set(choices.values())) == len(choices)  # no two places read the same


def test_places_are_named_in_each_language(app) -> None:  # type: ignore[no-untyped-def]
    english, chinese = _choices(app, "en"), _choices(app, "zh_Hans")
    assert english["America/New_York"] == "Washington, D.C. (Eastern Time)"
    assert english["America/Los_Angeles"] == "United States (Los Angeles) Time"
    assert english["America/Argentina/Buenos_Aires"] == "Argentina (Buenos Aires) Time"
    assert english["Africa/Asmara"] == "Eritrea Time"
    assert chinese["America/New_York"] == "华盛顿（北美东部时间）"
    assert chinese["Asia/Shanghai"] == "北京（中国时间）"
    assert chinese["America/Los_Angeles"] == "美国（洛杉矶）时间"
    assert chinese["Africa/Asmara"] == "厄立特里亚时间"
    assert chinese["America/Indiana/Indianapolis"] == "美国（印第安纳波利斯）时间"  # not in CLDR
    assert [
        label for label in chinese.values() if re.search(r"[A-Za-z]{3}", label.replace("UTC", ""))
    ] == []


def test_the_profile_offers_a_combo_box_and_saves_any_listed_zone(client, login) -> None:  # type: ignore[no-untyped-def]
    user = make_user()
    login(user)
    page = client.get("/account").get_data(as_text=True)
    # The saved zone handed to USWDS's combo box (which keeps only its data-default-value).
    assert f'<div class="usa-combo-box" data-default-value="{user.time_zone}">' in page
    assert page.index("America/New_York") < page.index("Asia/Shanghai") < page.index("Asia/Kabul")
    assert ">United States (Chicago) Time<" in page
    response = client.post(
        "/account",
        data={
            "display_name": user.display_name,
            "language": "en",
            "time_zone": "Europe/Oslo",
            "notices": "immediate",
        },
    )
    assert response.status_code in (200, 302)
    saved = db.session.scalar(select(User.time_zone).where(User.id == user.id))
    assert saved == "Europe/Oslo", response.get_data(as_text=True)[:2000]
