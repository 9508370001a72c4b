"""The bench's second half: signed-in pages, and the first request after a change.

Signed-in pages are never cached; each is measured by wrk with one connection (so the figures
are one request's latency, not queueing), carrying the session cookie of a demo account signed
in through the real form. The first request after a change: a public page is requested until
warm, then `bench/touch.py` changes a partnership in another process, and the next request's
time is set against the warm ones'.
"""

from __future__ import annotations

import http.client
import re
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO_PASSWORD = "ecopartners-demo-2026"  # noqa: S105 - the demo accounts' published password
DEMO_DOMAIN = "demo.ecopartnerships.org"
SIGNED_IN_MEDIAN_BUDGET_MS = 50.0
AFTER_CHANGE_BUDGET = 3.0  # the first request after a change, to a warm one
# Sent on every request, sign-in included: the session is bound to its browser (Flask-Login's
# strong session protection), and wrk must present the same one.
USER_AGENT = "EcoPartnerships-bench/1"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _cookies(headers: list[str]) -> dict[str, str]:
    found = {}
    for header in headers:
        name, _, rest = header.partition("=")
        found[name.strip()] = rest.split(";", 1)[0]
    return found


def sign_in(base_url: str, local: str) -> str:
    """The Cookie header of demo account `local` signed in through the sign-in form."""
    opener = urllib.request.build_opener(_NoRedirect)
    opener.addheaders = [("User-Agent", USER_AGENT)]
    with opener.open(base_url + "/login", timeout=30) as response:
        page = response.read().decode()
        jar = _cookies(response.headers.get_all("Set-Cookie") or [])
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    body = urllib.parse.urlencode(
        {
            "email": f"{local}@{DEMO_DOMAIN}",
            "password": DEMO_PASSWORD,
            "csrf_token": token.group(1) if token else "",
        }
    ).encode()
    request = urllib.request.Request(base_url + "/login", data=body, method="POST")  # noqa: S310
    request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in jar.items()))
    try:
        opener.open(request, timeout=30)
        raise SystemExit(f"signing in as {local} did not redirect")
    except urllib.error.HTTPError as answer:  # the 302 of a sign-in, not followed
        if answer.code != 302:
            raise SystemExit(f"signing in as {local} answered {answer.code}") from None
        jar |= _cookies(answer.headers.get_all("Set-Cookie") or [])
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def first_link(base_url: str, cookie: str, path: str, pattern: str) -> str:
    """The first link on `path` (as the account sees it) matching `pattern`."""
    headers = {"Cookie": cookie, "User-Agent": USER_AGENT}
    request = urllib.request.Request(base_url + path, headers=headers)  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
        page = response.read().decode()
    found = re.search(pattern, page)
    if not found:
        raise SystemExit(f"no link matching {pattern} on {path}")
    return found.group(0)


SLOWEST_PAGE_S = 120  # a signed-in page slower than this is reported as such, not measured


def answers_signed_in(base_url: str, cookie: str, path: str) -> float:
    """How long `path` takes to answer 200 to this session (ms); the run stops when it answers
    anything else (a redirect to sign in); infinity when it takes over `SLOWEST_PAGE_S` or the
    worker is killed first (gunicorn's timeout)."""
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(  # noqa: S310 - loopback
        base_url + path, headers={"Cookie": cookie, "User-Agent": USER_AGENT}
    )
    started = time.perf_counter()
    try:
        with opener.open(request, timeout=SLOWEST_PAGE_S) as response:
            response.read()
            if response.status == 200:
                return (time.perf_counter() - started) * 1000
    except urllib.error.HTTPError as answer:
        raise SystemExit(f"{path} answered {answer.code} to a signed-in session") from None
    except (TimeoutError, http.client.RemoteDisconnected, ConnectionResetError):
        return float("inf")  # too slow, or gunicorn killed the worker at its timeout
    raise SystemExit(f"{path} did not answer 200 to a signed-in session")


@dataclass
class AfterChange:
    """A public page's warm latency, its first request after a pause in which another process
    started and committed nothing (the control), and after a change (medians, ms)."""

    label: str
    path: str
    warm_ms: float
    paused_ms: float
    first_ms: float

    @property
    def ratio(self) -> float:
        return self.first_ms / self.warm_ms if self.warm_ms else 0.0


def _timed_get(url: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback
        response.read()
    return (time.perf_counter() - started) * 1000


def after_change(
    base_url: str, label: str, path: str, slug: str, env: dict[str, str], samples: int = 5
) -> AfterChange:
    """`samples` times: warm the page (each of the two workers), time 10 warm requests; run
    the change's process without changing anything, time the next request (the control: what
    the pause and the other process cost by themselves); change a partnership from another
    process, time the next request."""
    warm, paused, first = [], [], []
    touch = [sys.executable, str(ROOT / "bench" / "touch.py"), slug]
    for _ in range(samples):
        for _ in range(4):
            _timed_get(base_url + path)
        warm += [_timed_get(base_url + path) for _ in range(10)]
        subprocess.run([*touch, "--unchanged"], cwd=ROOT, env=env, check=True,  # noqa: S603
                       capture_output=True)  # fmt: skip
        paused.append(_timed_get(base_url + path))
        subprocess.run(touch, cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: S603
        first.append(_timed_get(base_url + path))
    return AfterChange(
        label,
        path,
        statistics.median(warm),
        statistics.median(paused),
        statistics.median(first),
    )


def after_change_table(measures: list[AfterChange]) -> str:
    """The first request after a change, as a Markdown table."""
    lines = [
        "| page | warm p50 ms | after a pause, no change (control), p50 ms | first after a "
        "change, p50 ms | ratio to warm | ratio to the control | budget ≤ 3× warm |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for m in measures:
        verdict = "ok" if m.ratio <= AFTER_CHANGE_BUDGET else "MISSED"
        lines.append(
            f"| {m.label} (`{m.path}`) | {m.warm_ms:.1f} | {m.paused_ms:.1f} | {m.first_ms:.1f} | "
            f"{m.ratio:.1f} | {m.first_ms / m.paused_ms if m.paused_ms else 0.0:.1f} | {verdict} |"
        )
    return "\n".join(lines)
