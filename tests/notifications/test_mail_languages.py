"""Mails speak the reader's language: organizations and calls named in it, every mail template
translated, and an invitation to an address with no account (a new partner, whose language
nobody knows yet) written in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from app.accounts.models import Language
from app.extensions import db
from app.notifications.models import Notification
from app.organizations.models import Country
from app.proposals import invitations
from tests.factories import make_organization, make_user
from tests.proposals.factories import make_proposal, owner_of
from tests.solicitations.factories import make_solicitation

MAILS = Path(__file__).resolve().parents[2] / "templates" / "email"
# One language's field read directly; a message naming a record in both languages (the
# receipt's two titles) reads the pair and is allowed.
ONE_LANGUAGE = re.compile(r"\.(name|title)_(en|zh)\b")
JINJA = re.compile(r"{{.*?}}|{%.*?%}|{#.*?#}", re.S)


def _mails(kind: str) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.kind == kind)))


def _call_and_lead() -> tuple[object, object]:
    call = make_solicitation(title_en="2027 Call for Proposals", title_zh="2027年度项目征集")
    lead = make_organization(
        make_user(), name_en="Harbor Clean Air Alliance", name_zh="港口清洁空气联盟"
    )
    return call, lead


@pytest.mark.parametrize("template", sorted(MAILS.rglob("*.txt")), ids=lambda p: p.name)
def test_every_mail_is_written_in_both_languages(template: Path) -> None:
    """Nothing outside `_()` (the catalog test checks each message has its Chinese), and no
    record named in one language only."""
    text = template.read_text(encoding="utf-8")
    chunks = JINJA.sub("\n", text).split("\n")
    bare = [w for w in chunks if re.search(r"[A-Za-z]{2,}", w) and not w.startswith("#")]
    assert not bare, f"text not wrapped in _(): {bare}"
    for line in text.splitlines():
        fields = {m.group(1) for m in ONE_LANGUAGE.finditer(line)}
        for field in fields:
            assert f".{field}_en" in line and f".{field}_zh" in line, (template.name, line)


def test_a_chinese_partner_reads_the_lead_and_the_call_in_chinese() -> None:
    call, lead = _call_and_lead()
    proposal = make_proposal(solicitation=call, lead=lead, complete=True)
    reader = make_user(language=Language.ZH)
    partner = make_organization(reader, country=Country.CN, name_zh="青海环境研究院")
    invitations.invite_organization(proposal, partner, actor=owner_of(lead))
    (mail,) = [m for m in _mails("proposals.partner_invited") if m.to_address == reader.email]
    assert "港口清洁空气联盟" in mail.subject and "青海环境研究院" in mail.subject
    assert "2027年度项目征集" in mail.body_text and "港口城市清洁公交" in mail.body_text
    assert "Harbor Clean Air Alliance" not in mail.subject + mail.body_text
    assert "2027 Call for Proposals" not in mail.body_text


def test_an_invitation_to_a_new_partner_is_in_english_and_chinese() -> None:
    call, lead = _call_and_lead()
    proposal = make_proposal(solicitation=call, lead=lead)
    invitations.invite_by_email(proposal, "li.wei@example.cn", actor=owner_of(lead))
    (mail,) = _mails("proposals.invited_by_email")
    english, chinese = mail.body_text.split("-" * 60)
    assert "An invitation to join" in mail.subject and "邀请" in mail.subject
    assert "Harbor Clean Air Alliance" in english and "2027 Call for Proposals" in english
    assert "港口清洁空气联盟" in chinese and "2027年度项目征集" in chinese
    assert "Harbor Clean Air Alliance" not in chinese
    link = re.search(r"http://\S+", english)
    assert link and link.group(0) in chinese  # one invitation, one link


def test_a_reader_with_an_account_gets_one_language() -> None:
    call, lead = _call_and_lead()
    proposal = make_proposal(solicitation=call, lead=lead)
    reader = make_user(language=Language.ZH)
    invitations.invite_by_email(proposal, reader.email, actor=owner_of(lead))
    (mail,) = _mails("proposals.invited_by_email")
    assert "-" * 60 not in mail.body_text
