"""The program's Chinese name is the governments' own: 中美绿色合作伙伴计划, a partnership 绿色合作伙伴.

The 2008 framework (《中美能源环境十年合作框架下的绿色合作伙伴计划框架》) and the call titles use it;
an earlier interface said 中美生态合作伙伴关系, which no official document does. Nothing a reader
can see — a template, a catalog entry, a demo record, a document — may bring the wrong name back.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
WRONG_NAME = "生态合作伙伴"
CATALOG = ROOT / "app" / "translations" / "zh_Hans" / "LC_MESSAGES" / "messages.po"
SOURCES = [
    *sorted((ROOT / "templates").rglob("*.*")),
    *sorted((ROOT / "app" / "demo").rglob("*.py")),
    *sorted((ROOT / "docs").rglob("*.md")),
    ROOT / "README.md",
]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_demo_datum_or_document_uses_the_wrong_name(path: Path) -> None:
    assert WRONG_NAME not in path.read_text(encoding="utf-8")


def test_no_catalog_entry_uses_the_wrong_name() -> None:
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle)
    wrong = [
        message.id
        for message in catalog
        if message.id
        and WRONG_NAME
        in (" ".join(message.string) if isinstance(message.string, tuple) else message.string)
    ]
    assert wrong == []


def test_the_program_is_named_as_the_governments_name_it() -> None:
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle)
    assert catalog.get("U.S.–China EcoPartnerships").string == "中美绿色合作伙伴计划"
    glossary = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    assert "| U.S.–China EcoPartnerships | 中美绿色合作伙伴计划 |" in glossary


def test_a_chinese_dash_is_never_split_across_lines() -> None:
    """ "——" is one punctuation mark: the catalog joins its halves with U+2060 WORD JOINER."""
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle)
    split = [m.id for m in catalog if m.id and isinstance(m.string, str) and "——" in m.string]
    assert split == []
