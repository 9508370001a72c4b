"""The mails of introductions, in each reader's language, naming the organizations in it, the
message as typed (markup as text), and never the other side's address."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.introductions import operations
from app.notifications.models import Notification
from tests.introductions.factories import make_pair

MARKUP = "<script>alert(1)</script> Let us <b>talk</b>."


def _mail(kind: str, to: str) -> Notification:
    return db.session.scalars(
        select(Notification).where(Notification.kind == kind, Notification.to_address == to)
    ).one()


def test_the_request_reaches_an_english_reader_in_english() -> None:
    pair = make_pair()
    introduction = operations.request_introduction(pair.cn, pair.us, MARKUP, actor=pair.cn_member)
    mail = _mail("introductions.requested", pair.us_member.email)
    assert mail.subject == f"{pair.cn.name_en} asks {pair.us.name_en} for an introduction"
    assert MARKUP in mail.body_text  # a plain-text mail: the markup is text
    assert f"/introductions/{introduction.id}" in mail.body_text
    assert pair.cn_member.email not in mail.body_text


def test_the_request_reaches_a_chinese_reader_in_chinese() -> None:
    pair = make_pair()
    operations.request_introduction(pair.us, pair.cn, MARKUP, actor=pair.us_member)
    mail = _mail("introductions.requested", pair.cn_member.email)
    assert pair.us.name_zh in mail.subject and pair.cn.name_zh in mail.subject
    assert "建立联系" in mail.subject
    assert pair.us.name_en not in mail.body_text
    assert MARKUP in mail.body_text
    assert pair.us_member.email not in mail.body_text


def test_the_answer_reaches_the_requesters_in_their_language() -> None:
    pair = make_pair()
    introduction = operations.request_introduction(pair.cn, pair.us, "Hello", actor=pair.cn_member)
    operations.accept_introduction(introduction, actor=pair.us_member)
    mail = _mail("introductions.answered", pair.cn_member.email)
    assert pair.us.name_zh in mail.subject and "接受" in mail.subject
    assert pair.us_member.email not in mail.body_text  # the addresses are on the page
