"""Every interface string is wrapped for translation and translated into Simplified Chinese."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "app" / "translations" / "zh_Hans" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}
METHODS = [("app/**.py", "python"), ("templates/**.html", "jinja2"), ("templates/**.txt", "jinja2"),
           ("templates/**.svg", "jinja2")]  # fmt: skip

# Text that is the same in every language: names of the languages themselves, codes, symbols.
LANGUAGE_NEUTRAL = {"English", "简体中文", "US", "CN", "UTC", "–", "·", "/", "—"}


def extracted_messages() -> set[str]:
    """Every msgid the source code and templates ask to translate."""
    found = set()
    for _, _, message, _, _ in extract_from_dir(
        str(ROOT), method_map=METHODS, keywords=KEYWORDS, options_map={"templates/**": {}}
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


@pytest.fixture(scope="module")
def catalog():  # type: ignore[no-untyped-def]
    with CATALOG.open("rb") as handle:
        return read_po(handle)


def test_every_extracted_message_is_in_the_catalog_and_translated(catalog) -> None:  # type: ignore[no-untyped-def]
    missing, untranslated, fuzzy = [], [], []
    for message in sorted(extracted_messages()):
        entry = catalog.get(message)
        if entry is None:
            missing.append(message)
        elif entry.fuzzy:
            fuzzy.append(message)
        elif not entry.string or (isinstance(entry.string, tuple) and not all(entry.string)):
            untranslated.append(message)
    assert not missing, f"not in the catalog (run `make translations`): {missing[:20]}"
    assert not fuzzy, f"fuzzy translations: {fuzzy[:20]}"
    assert not untranslated, f"untranslated: {untranslated[:20]}"


def test_placeholders_survive_translation(catalog) -> None:  # type: ignore[no-untyped-def]
    placeholder = re.compile(r"%\(\w+\)[sd]")
    for entry in catalog:
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if not entry.id or not any(strings):
            continue  # untranslated entries are the other test's concern
        # Chinese has one plural form, so it follows the English plural ("%(num)d proposals").
        source = entry.id[1] if isinstance(entry.id, tuple) else entry.id
        target = entry.string[0] if isinstance(entry.string, tuple) else entry.string
        assert sorted(placeholder.findall(source)) == sorted(placeholder.findall(target)), source


JINJA = re.compile(r"{{.*?}}|{%.*?%}|{#.*?#}", re.S)
TAG = re.compile(r"<[^>]+>")


@pytest.mark.parametrize(
    "template", sorted(p.relative_to(ROOT) for p in (ROOT / "templates").rglob("*.html")), ids=str
)
def test_templates_have_no_bare_interface_text(template: Path) -> None:
    text = (ROOT / template).read_text(encoding="utf-8")
    bare = TAG.sub(" ", JINJA.sub(" ", text))
    words = [
        chunk.strip()
        for chunk in re.split(r"\s{2,}|\n", bare)
        if chunk.strip() and chunk.strip() not in LANGUAGE_NEUTRAL
    ]
    offending = [w for w in words if re.search(r"[A-Za-z]{2,}|[\u4e00-\u9fff]", w)]
    assert not offending, f"text not wrapped in _(): {offending[:10]}"
