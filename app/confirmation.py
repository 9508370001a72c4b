"""A second step before an action that cannot be undone (withdraw a partnership, discard a
draft, revoke a file): the form posts once, the page asks "are you sure?" and names what will
happen, and only a second post carrying `confirmed=yes` acts. It works without JavaScript, and
every field typed on the first form travels along as a hidden field."""

from __future__ import annotations

from flask import render_template, request

CONFIRM_FIELD = "confirmed"


def is_confirmed() -> bool:
    """Whether this post is the answer to the confirmation page."""
    return request.form.get(CONFIRM_FIELD) == "yes"


def confirmation_page(*, title: str, warning: str, button: str, back_url: str) -> str:
    """The page asking to confirm the post being answered, with its fields kept."""
    fields = [
        (name, value)
        for name, values in request.form.lists()
        if name != CONFIRM_FIELD
        for value in values
    ]
    return render_template(
        "confirm.html",
        title=title,
        warning=warning,
        button=button,
        action=request.path,
        fields=fields,
        back_url=back_url,
    )
