"""The checks every page of the browser journeys goes through, and the screenshots they keep.

- axe-core (npm ``axe-core``) runs in the page on each page visited: the WCAG 2.0/2.1 A and AA
  rules; a serious or critical violation fails the journey. The portal's Content-Security-
  Policy blocks a ``<script>`` tag added to the page (``page.add_script_tag``); rather than
  switch the policy off in the browser (``bypass_csp=True``), axe's source is evaluated
  through the DevTools protocol (``page.add_init_script``, else ``page.evaluate``), which the
  policy does not govern. So the journeys see the pages exactly as served, and any script or
  style the policy blocks, or any script error, fails the journey too.
- The HTML the server sent for each page (not the DOM after the scripts ran) is kept and the Nu
  Html Checker (npm ``vnu-jar``, on the machine's Java) checks them all in one run: one JVM
  for the whole journey, since its start-up is most of the cost.
- Screenshots of key pages go to docs/screenshots/ (PNG, palette-reduced, under 300 KB). The
  journeys run on a stopped clock (conftest.py), and a file is rewritten only when the page
  looks different, so a run does not churn the repository.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import subprocess
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from PIL import Image, ImageChops
from playwright.sync_api import ConsoleMessage, Page, Response

ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SCREENSHOTS = ROOT / "docs" / "screenshots"
SCREENSHOT_MAX_BYTES = 300 * 1024
# A short-lived JVM: the client compiler only and a serial collector start it in a third of
# the time; vnu needs a large thread stack for its schemas.
JAVA_OPTIONS = ["-Xss16m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"]
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = {"serious", "critical"}

_AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                          resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                      targets: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
}"""
# What changes from one rendering of a page to the next without the page changing.
_VOLATILE = re.compile(r'(name="csrf_token"[^>]*value="|nonce=")[^"]*')


@dataclass
class CheckedPage:
    """One page as the journey saw it, with what axe found."""

    journey: str
    url: str
    language: str
    title: str
    html_file: Path | None
    violations: list[dict[str, Any]] = field(default_factory=list)

    @property
    def failing(self) -> list[dict[str, Any]]:
        """The serious and critical violations."""
        return [v for v in self.violations if v["impact"] in FAILING_IMPACTS]


@dataclass
class AuditLog:
    """Every page checked in the session, for the record (test-results/e2e-pages.txt)."""

    pages: list[CheckedPage] = field(default_factory=list)
    html_errors: dict[str, list[str]] = field(default_factory=dict)

    def write(self, path: Path) -> None:
        """One line per page: journey, language, path, axe findings (all impacts), HTML errors."""
        if not self.pages:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = []
        for page in self.pages:
            found = ", ".join(f"{v['id']} ({v['impact']})" for v in page.violations) or "none"
            errors = len(self.html_errors.get(str(page.html_file), []))
            lines.append(
                f"{page.journey}\t{page.language}\t{urlsplit(page.url).path}"
                f"{'?' + urlsplit(page.url).query if urlsplit(page.url).query else ''}"
                f"\t{page.title}\taxe: {found}\thtml errors: {errors}"
            )
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


class Audit:
    """The checks of one journey: `check(page)` after each page load, `assert_clean()` last."""

    def __init__(self, journey: str, folder: Path, log: AuditLog) -> None:
        self.journey = journey
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.log = log
        self.pages: list[CheckedPage] = []
        self._documents: dict[int, Response] = {}
        self._seen: set[str] = set()
        self.script_problems: list[str] = []

    def watch(self, page: Page) -> None:
        """Remember the last document the server sent to `page`'s main frame, and every script
        the Content-Security-Policy blocked or that failed."""

        def remember(response: Response) -> None:
            if response.request.resource_type == "document" and response.frame == page.main_frame:
                self._documents[id(page)] = response

        def blocked(message: ConsoleMessage) -> None:
            if "Content Security Policy" in message.text:
                self.script_problems.append(f"{page.url}: {message.text}")

        # axe-core is evaluated into every document the page loads, before the page's own
        # scripts (DevTools protocol: outside the Content-Security-Policy's reach).
        page.add_init_script(script=_axe_source())
        page.on("response", remember)
        page.on("console", blocked)
        page.on("pageerror", lambda error: self.script_problems.append(f"{page.url}: {error}"))

    def check(self, page: Page) -> CheckedPage | None:
        """axe-core on the page now shown, and its HTML kept for the Nu Html Checker.

        A page seen before in this journey, identical but for its tokens, is not checked again.
        """
        page.wait_for_load_state("load")
        response = self.document(page)
        assert response is not None and response.status < 400, (
            page.url,
            response and response.status,
        )
        shown = response.status == 200 and "text/html" in response.headers.get("content-type", "")
        # What the server sent; the DOM as the scripts left it only if that is not to be had.
        source = response.text() if shown else page.content()
        digest = hashlib.sha256(
            (page.url + _VOLATILE.sub("", source)).encode("utf-8", "replace")
        ).hexdigest()
        if digest in self._seen:
            return None
        self._seen.add(digest)
        html_file = self.folder / f"{len(self.pages) + 1:03d}-{_slug(page.url)}.html"
        html_file.write_text(source, encoding="utf-8")
        if not page.evaluate("typeof window.axe === 'object'"):
            page.evaluate(_axe_source())
        checked = CheckedPage(
            journey=self.journey,
            url=page.url,
            language=page.evaluate("document.documentElement.lang"),
            title=page.title(),
            html_file=html_file,
            violations=page.evaluate(_AXE_RUN, WCAG_21_AA),
        )
        self.pages.append(checked)
        self.log.pages.append(checked)
        return checked

    def document(self, page: Page) -> Response | None:
        """The response that brought the document `page` shows (None before any)."""
        response = self._documents.get(id(page))
        if response is None or response.url != page.url.partition("#")[0]:
            return None
        return response

    def html_errors(self) -> dict[str, list[str]]:
        """The Nu Html Checker's errors, by page URL, over every page kept (one JVM run)."""
        files = [page.html_file for page in self.pages if page.html_file]
        if not files:
            return {}
        run = subprocess.run(  # noqa: S603 - our own files, a fixed command
            ["java", *JAVA_OPTIONS, "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]
            + ["--stdout"]
            + [str(f) for f in files],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        report = json.loads(run.stdout or "{}")
        by_file: dict[str, list[str]] = {}
        for message in report.get("messages", []):
            if message.get("type") not in {"error", "non-document-error"}:
                continue
            name = Path(urlsplit(message.get("url", "")).path).name
            by_file.setdefault(name, []).append(
                f"line {message.get('lastLine', '?')}: {message.get('message')}"
                f" [{(message.get('extract') or '').strip()[:120]}]"
            )
        errors: dict[str, list[str]] = {}
        for page in self.pages:
            assert page.html_file is not None
            found = by_file.get(page.html_file.name, [])
            self.log.html_errors[str(page.html_file)] = found
            if found:
                errors[page.url] = found
        return errors

    def assert_clean(self) -> None:
        """No serious or critical axe violation, no HTML error, no script blocked or failing,
        on any page of the journey."""
        assert self.pages, "the journey checked no page"
        problems = []
        for page in self.pages:
            for violation in page.failing:
                problems.append(
                    f"axe {violation['impact']} {violation['id']} on {page.url}: "
                    f"{violation['help']} at {violation['targets']}"
                )
        problems.extend(f"script: {problem}" for problem in self.script_problems)
        for url, messages in self.html_errors().items():
            problems.extend(f"HTML error on {url}: {message}" for message in messages)
        assert not problems, "\n".join(problems)


@cache
def _axe_source() -> str:
    return AXE_SCRIPT.read_text(encoding="utf-8")


def _slug(url: str) -> str:
    parts = urlsplit(url)
    text = (parts.path.strip("/") or "home") + ("-" + parts.query if parts.query else "")
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:80]


def save_screenshot(page: Page, name: str, *, full_page: bool = True) -> Path:
    """A PNG of the page in docs/screenshots/`name`.png, kept under 300 KB; the file is left
    alone when the page looks the same as last time (all but a few pixels)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    for whole in (full_page, False):
        image = Image.open(io.BytesIO(page.screenshot(full_page=whole))).convert("RGB")
        reduced = image.quantize(colors=128, method=Image.Quantize.MEDIANCUT)
        buffer = io.BytesIO()
        reduced.save(buffer, format="PNG", optimize=True)
        if buffer.tell() <= SCREENSHOT_MAX_BYTES:
            break
    assert buffer.tell() <= SCREENSHOT_MAX_BYTES, f"{name}: screenshot over 300 KB"
    if path.exists() and _looks_the_same(path, reduced.convert("RGB")):
        return path
    path.write_bytes(buffer.getvalue())
    return path


def _looks_the_same(path: Path, image: Image.Image) -> bool:
    previous = Image.open(path).convert("RGB")
    if previous.size != image.size:
        return False
    difference = ImageChops.difference(previous, image).convert("L").point(lambda v: v > 24 and 255)
    changed = sum(difference.histogram()[1:])
    return changed < 0.0002 * image.size[0] * image.size[1]  # anti-aliasing, not content
