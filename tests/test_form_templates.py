"""Every form that can come back with errors opens with the error summary (`form_errors` in
templates/macros/forms.html): "There is a problem", each message a link to its field, the
focus moved to it. A form is one that can fail when it is sent by POST with something to fill
in — a field of the form macros or a hand-written input, list or text area; a form of buttons
alone (confirm, withdraw) or a GET filter cannot show a field's error."""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"

FORM = re.compile(r"<form\b(?P<attributes>[^>]*)>(?P<body>.*?)</form>", re.S)
FILLED_IN = re.compile(
    r"\{\{-?\s*(?:field|month_field)\("  # the form macros
    r"|<textarea\b|<select\b"
    r"|<input\b(?![^>]*type=\"(?:hidden|submit|button)\")",
    re.S,
)

# Forms whose refusal is shown on another page, which opens with the summary.
REFUSED_ELSEWHERE = {
    "public/partnership.html": "a refused subscription comes back on subscriptions/subscribe.html",
}


MACRO_FORM = re.compile(r"\b(?:field|month_field)\((\w+)\.")


def forms_without_summary(text: str) -> list[str]:
    """The opening tags of the POST forms in `text` with fields but no error summary, in the
    form or, for the same form object, above it (a page-wide summary)."""
    missing = []
    for form in FORM.finditer(text):
        if 'method="post"' not in form["attributes"].lower():
            continue
        if not FILLED_IN.search(form["body"]) or "form_errors(" in form["body"]:
            continue
        above = text[: form.start()]
        names = set(MACRO_FORM.findall(form["body"]))
        if not names or not all(f"form_errors({name}" in above for name in names):
            missing.append(f"<form{form['attributes']}>")
    return missing


def test_every_form_with_fields_opens_with_the_error_summary() -> None:
    missing = {
        str(path.relative_to(TEMPLATES)): found
        for path in sorted(TEMPLATES.rglob("*.html"))
        if str(path.relative_to(TEMPLATES)) not in REFUSED_ELSEWHERE
        and not str(path.relative_to(TEMPLATES)).startswith(("email/", "pdf/"))
        and (found := forms_without_summary(path.read_text(encoding="utf-8")))
    }
    assert missing == {}


def test_the_guard_sees_a_form_without_its_summary() -> None:
    """The check itself: a field form without the summary is caught, a button form is not."""
    assert forms_without_summary(
        '<form method="post">{{ hidden_fields(f) }}{{ field(f.body) }}</form>'
    )
    assert not forms_without_summary(
        '<form method="post">{{ form_errors(f) }}{{ field(f.body) }}</form>'
    )
    assert not forms_without_summary(
        '<form method="post"><input type="hidden" name="csrf_token"><button>Go</button></form>'
    )
    assert not forms_without_summary('<form method="get"><select name="q"></select></form>')


def test_refused_elsewhere_lists_only_forms_that_exist() -> None:
    for name in REFUSED_ELSEWHERE:
        assert FORM.search((TEMPLATES / name).read_text(encoding="utf-8")), name
