"""People at the browser: a `Visitor` uses the mouse and types into fields found by their
labels; a `KeyboardVisitor` does the same with the keyboard alone (Tab to move, Enter and
Space to act, arrows inside a radio group or a list, typing into fields), as a person who
cannot use a pointer does; a `PhoneVisitor` taps on a 375 px touch screen, opens the menu to
reach the header's links, and finds no page wider than the screen.

Every page a visitor arrives at goes through the journey's audit (axe-core, HTML kept for the
Nu Html Checker). Fields, buttons and links are found by their accessible names, so a control
without a label cannot be used here either. Names are the interface's English words; each
visitor translates them into the language the person reads (records' names pass unchanged).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import APIResponse, Locator, Page

from tests.e2e.audit import Audit

PASSWORD = "a long pass phrase for the e2e journeys"
Name = str | re.Pattern[str]
Scope = str | Locator | None


def _as_is(text: str, **values: object) -> str:
    return text % values if values else text


class Visitor:
    """One person in one browser context, following what the pages offer."""

    # What the person's browser is: the options of a browser context (`browse(**options)`).
    device: dict[str, object] = {}

    def __init__(
        self, page: Page, audit: Audit, translate: Callable[..., str] | None = None
    ) -> None:
        self.page = page
        self.audit = audit
        self.t: Callable[..., str] = translate or _as_is

    # -- arriving at pages ------------------------------------------------------------------

    def arrived(self) -> None:
        """The page has loaded, it is no error page (the audit checks the answer's status),
        and the audit checks it."""
        self.audit.check(self.page)

    def go(self, path: str) -> None:
        """Type an address (a link from a mail, or the first page of a visit)."""
        response = self.page.goto(path)
        assert response is not None and response.status == 200, (path, response and response.status)
        self.arrived()

    def follow(self, name: Name, *, within: Scope = "main") -> None:
        """Follow the link called `name`."""
        link = self._scope(within).get_by_role("link", name=self._words(name), exact=True)
        self._activate(link.first)
        self.arrived()

    def press(self, name: Name, *, within: Scope = "main") -> None:
        """Press the button called `name` (which sends its form)."""
        button = self._scope(within).get_by_role("button", name=self._words(name), exact=True)
        self._activate(button)
        self.arrived()

    def sign_in(self, email: str, password: str) -> None:
        """Sign in through the sign-in page; the dashboard follows."""
        self.go("/login")
        self.fill("E-mail address", email)
        self.fill("Password", password)
        self.press("Sign in")
        assert urlsplit(self.page.url).path == "/dashboard", self.page.url

    def fetch(self, name: str, *, within: Scope = "main") -> APIResponse:
        """Download what the link called `name` leads to (a file: PDF, feed, CSV)."""
        link = self._scope(within).get_by_role("link", name=self.t(name), exact=True).first
        response = self.page.request.get(link.get_attribute("href") or "")
        assert response.ok, (name, response.status)
        return response

    # -- filling forms ----------------------------------------------------------------------

    def fill(self, label: str, value: str, *, within: Scope = None) -> None:
        """Type `value` into the field labelled `label`, replacing what was there."""
        self.field(label, within).fill(value)

    def choose(self, label: str, *, within: Scope = None) -> None:
        """Tick the checkbox or radio button labelled `label`, by clicking its label (USWDS
        draws the box there and moves the input itself out of sight)."""
        control = self.field(label, within)
        if not control.is_checked():
            self.page.locator(f'label[for="{control.get_attribute("id")}"]').click()
        assert control.is_checked(), label

    def select(self, label: str, option: str, *, within: Scope = None) -> None:
        """Choose the option whose text is `option` in the list labelled `label`."""
        self.field(label, within).select_option(label=self.t(option))

    def pick(self, label: str, typed: str, option: str, *, within: Scope = None) -> None:
        """In the combo box labelled `label`, type `typed` and click the option `option`."""
        control = self.combo_box(label, within)
        control.fill(typed)
        self.page.get_by_role("option", name=option, exact=True).click()
        assert control.input_value() == option, control.input_value()

    def attach(self, label: str, path: Path, *, within: Scope = None) -> None:
        """Choose the file to upload in the field labelled `label`."""
        self.field(label, within).set_input_files(str(path))

    # -- reading ----------------------------------------------------------------------------

    def field(self, label: str, within: Scope = None) -> Locator:
        """The one form control labelled exactly `label` (in the person's language)."""
        return self._scope(within).get_by_label(self.t(label), exact=True)

    def combo_box(self, label: str, within: Scope = None) -> Locator:
        """The combo box labelled exactly `label` (its list shares the label)."""
        return self._scope(within).get_by_role("combobox", name=self.t(label), exact=True)

    def main_text(self) -> str:
        """What the page's main region says."""
        return self.page.locator("main").inner_text()

    def sees(self, *texts: str) -> None:
        """Each of `texts` is on the page (as given: translate interface words with `t`)."""
        shown = self.main_text()
        for text in texts:
            assert text in shown, f"{text!r} not on {self.page.url}:\n{shown[:2000]}"

    def group(self, legend: str, /, **values: object) -> Locator:
        """The group of fields whose legend is `legend` (filled with `values`)."""
        return self.page.get_by_role("group", name=self.t(legend, **values), exact=True)

    # -- the mouse ----------------------------------------------------------------------------

    def _scope(self, within: Scope) -> Page | Locator:
        if within is None:
            return self.page
        return self.page.locator(within) if isinstance(within, str) else within

    def _words(self, name: Name) -> Name:
        return self.t(name) if isinstance(name, str) else name

    def _activate(self, control: Locator) -> None:
        with self.page.expect_navigation():
            control.click()


class KeyboardVisitor(Visitor):
    """The same person without a pointer: every control is reached with Tab (or Shift+Tab)
    from the skip link and the main region, and used with Enter, Space, arrows and typing."""

    max_tabs = 200

    def arrived(self) -> None:
        """Each new page: Tab first reaches the skip link, which is visibly focused, and Enter
        on it moves the focus to the main region, where the next Tab continues. (An address
        with a #fragment, e.g. a form sent from a page reached by the skip link, already puts
        the focus there; a form sent back with errors puts it on their summary.)"""
        super().arrived()
        if urlsplit(self.page.url).fragment:
            return
        if self.page.locator("[data-error-summary]").count():
            # A form came back with errors: its summary has the focus (it is read first, and
            # Tab continues into its links), as the page's own script put it there.
            assert self._focused_matches("[data-error-summary]"), "the error summary lacks focus"
            return
        self.page.keyboard.press("Tab")
        assert self._focused_matches(".usa-skipnav"), (
            "the first Tab does not reach the skip link: "
            + self.page.evaluate("document.activeElement.outerHTML.slice(0, 200)")
        )
        self.assert_focus_visible()
        self.page.keyboard.press("Enter")
        assert self.page.evaluate("document.activeElement.id") == "main-content"

    def focus(self, control: Locator) -> None:
        """Tab forwards (or Shift+Tab backwards) until `control` has the focus."""
        handle = control.element_handle()
        assert handle is not None
        backwards = handle.evaluate(
            "el => !!(document.activeElement && document.activeElement !== document.body"
            " && (el.compareDocumentPosition(document.activeElement)"
            " & Node.DOCUMENT_POSITION_FOLLOWING))"
        )
        key = "Shift+Tab" if backwards else "Tab"
        for _ in range(self.max_tabs):
            if handle.evaluate("el => el === document.activeElement"):
                return
            self.page.keyboard.press(key)
        raise AssertionError(f"{control} cannot be reached with {key}")

    def assert_focus_visible(self) -> None:
        """The focused control shows a visible focus indicator (an outline or a ring)."""
        style = self.page.evaluate(
            """() => { const el = document.activeElement, s = getComputedStyle(el);
                return {visible: el.matches(':focus-visible'), outline: s.outlineStyle,
                        width: parseFloat(s.outlineWidth), shadow: s.boxShadow}; }"""
        )
        assert style["visible"], style
        assert (style["outline"] != "none" and style["width"] > 0) or style["shadow"] != "none", (
            f"no visible focus indicator: {style}"
        )

    def fill(self, label: str, value: str, *, within: Scope = None) -> None:
        """Tab to the field, select what is there (Control+A) and type over it."""
        control = self.field(label, within)
        self.focus(control)
        self.assert_focus_visible()
        self.page.keyboard.press("Control+A")
        if value:
            self.page.keyboard.type(value)
        else:
            self.page.keyboard.press("Delete")

    def choose(self, label: str, *, within: Scope = None) -> None:
        """A checkbox: Tab to it and press Space. A radio button: Tab into its group (one stop
        for the whole group), move to it with the arrow keys, and press Space."""
        control = self.field(label, within)
        if control.get_attribute("type") == "radio":
            group = self.page.locator(
                f'input[type="radio"][name="{control.get_attribute("name")}"]'
            )
            checked = group.and_(self.page.locator(":checked"))
            self.focus(checked if checked.count() else group.first)
            for _ in range(group.count()):
                if control.evaluate("el => el === document.activeElement"):
                    break
                self.page.keyboard.press("ArrowDown")
        else:
            self.focus(control)
        if not control.is_checked():
            self.page.keyboard.press("Space")
        assert control.is_checked(), label

    def select(self, label: str, option: str, *, within: Scope = None) -> None:
        """Tab to the list and move through it with the arrow keys to the option."""
        control = self.field(label, within)
        self.focus(control)
        option = self.t(option)
        texts = control.evaluate("el => Array.from(el.options, o => o.text.trim())")
        target = texts.index(option)
        current = control.evaluate("el => el.selectedIndex")
        key = "ArrowDown" if target > current else "ArrowUp"
        for _ in range(abs(target - current)):
            self.page.keyboard.press(key)
        assert control.evaluate("el => el.options[el.selectedIndex].text.trim()") == option

    def pick(self, label: str, typed: str, option: str, *, within: Scope = None) -> None:
        """Tab to the combo box, type `typed`, go down the options with the arrow keys to
        `option` and press Enter."""
        control = self.combo_box(label, within)
        self.focus(control)
        self.assert_focus_visible()
        self.page.keyboard.type(typed)
        options = self.page.get_by_role("option")
        for _ in range(options.count()):
            self.page.keyboard.press("ArrowDown")
            if self.page.evaluate("() => document.activeElement.textContent.trim()") == option:
                break
        self.page.keyboard.press("Enter")
        assert control.input_value() == option, control.input_value()

    def attach(self, label: str, path: Path, *, within: Scope = None) -> None:
        """Tab to the file field; Space opens the file chooser."""
        self.focus(self.field(label, within))
        with self.page.expect_file_chooser() as chooser:
            self.page.keyboard.press("Space")
        chooser.value.set_files(str(path))

    def _activate(self, control: Locator) -> None:
        """Tab to the link or button, see its focus, and press Enter."""
        self.focus(control)
        self.assert_focus_visible()
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")

    def _focused_matches(self, selector: str) -> bool:
        return bool(
            self.page.evaluate(
                "s => !!document.activeElement && document.activeElement.matches(s)", selector
            )
        )


PHONE: dict[str, object] = {
    "viewport": {"width": 375, "height": 812},
    "is_mobile": True,
    "has_touch": True,
}
# The innermost elements that reach past the viewport's right edge, to say what overflows.
WIDER_THAN_THE_PAGE = """() => [...document.querySelectorAll("body *")]
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
  .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right
                                     > document.documentElement.clientWidth + 0.5))
  .slice(0, 5).map(e => e.tagName + "." + e.className + ": " + e.textContent.slice(0, 40))"""


class PhoneVisitor(Visitor):
    """The same person on a 375 px phone: taps instead of clicks, opens the menu for the
    header's links, and every page fits the screen's width (nothing scrolls sideways)."""

    device = PHONE

    def arrived(self) -> None:
        """Each new page: audited, and no wider than the screen."""
        super().arrived()
        width = self.page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, (f"{self.page.url} scrolls sideways: {width} px", self.wider())

    def wider(self) -> list[str]:
        """What makes the page wider than the phone's screen."""
        return list(self.page.evaluate(WIDER_THAN_THE_PAGE))

    def follow(self, name: Name, *, within: Scope = "main") -> None:
        """Follow the link called `name`; a link of the header is behind the menu button."""
        menu = self.page.locator(".usa-menu-btn")
        if within == "header" and menu.is_visible():
            menu.tap()
        super().follow(name, within=within)

    def _activate(self, control: Locator) -> None:
        control.scroll_into_view_if_needed()
        with self.page.expect_navigation():
            control.tap()
