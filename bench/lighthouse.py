"""Lighthouse on the public pages, served the way production serves them.

    npm ci --prefix bench/lighthouse          # once: Lighthouse itself (bench/lighthouse/package.json)
    .venv/bin/python bench/lighthouse.py      # the table on stdout
    .venv/bin/python bench/lighthouse.py --json lighthouse.json --runs 3

A fresh SQLite database with the demo data, gunicorn with 2 sync workers and the production
configuration (``PORTAL_CONFIG=production``, the static files built as ``make serve`` builds
them; HTTPS redirection off, as behind a local proxy), and
Lighthouse's default mobile profile (simulated slow 4G, a mid-range phone) run through Debian's
Chromium on home, a call page, the directory, a partnership page, statistics and sign-in. Each
page is run ``--runs`` times and the median score of each category is printed with the
cumulative layout shift. Issue 19's goals: performance ≥ 90, accessibility, best practices and
SEO 100 (sign-in is kept out of search engines on purpose, so its SEO is not counted), CLS < 0.05.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import BIN, ROOT, Server, say

LIGHTHOUSE = Path(__file__).resolve().parent / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
GOALS = {"performance": 90, "accessibility": 100, "best-practices": 100, "seo": 100}
CLS_GOAL = 0.05
NOT_INDEXED = {"sign-in"}  # noindex on purpose


def pages(database_url: str) -> list[tuple[str, str]]:
    """The pages issue 19 names, with a real call and partnership from the demo data."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    with engine.connect() as connection:
        call = connection.execute(text("SELECT id FROM solicitation ORDER BY id DESC LIMIT 1"))
        call_id = call.scalar_one()
        slug = connection.execute(text("SELECT slug FROM partnership ORDER BY id LIMIT 1"))
        partnership = slug.scalar_one()
    engine.dispose()
    return [
        ("home", "/"),
        ("call page", f"/solicitations/{call_id}"),
        ("directory", "/partnerships"),
        ("partnership page", f"/partnerships/{partnership}"),
        ("statistics", "/statistics"),
        ("sign-in", "/login"),
    ]


def lighthouse(url: str, chromium: str, report: Path) -> dict[str, float]:
    """One Lighthouse run: each category's score (0–100) and the layout shift."""
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
    ]
    env = {**os.environ, "CHROME_PATH": chromium}
    subprocess.run(command, check=True, env=env, capture_output=True)  # noqa: S603
    data = json.loads(report.read_text())
    scores: dict[str, float] = {
        name: round(100 * (data["categories"][name]["score"] or 0)) for name in CATEGORIES
    }
    scores["cls"] = float(data["audits"]["cumulative-layout-shift"]["numericValue"])
    return scores


def failing_audits(report: Path) -> list[str]:
    """The audits that cost points, for the notes under the table."""
    data = json.loads(report.read_text())
    failed = []
    for name in CATEGORIES:
        for ref in data["categories"][name]["auditRefs"]:
            audit = data["audits"][ref["id"]]
            if ref.get("weight") and audit.get("score") is not None and audit["score"] < 0.9:
                failed.append(f"{name}: {audit['id']} ({audit.get('displayValue', '')})".strip())
    return failed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="runs per page (the median is shown)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is missing: npm ci --prefix bench/lighthouse")
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with tempfile.TemporaryDirectory(prefix="bench-lighthouse-") as scratch:
        folder = Path(scratch)
        env = {
            **os.environ,
            "PORTAL_CONFIG": "production",
            "SECRET_KEY": secrets.token_urlsafe(48),
            "FORCE_HTTPS": "0",
            "MAIL_BACKEND": "console",
            "DATABASE_URL": f"sqlite:///{folder / 'lighthouse.sqlite3'}",
            "UPLOAD_DIR": str(folder / "uploads"),
            "PDF_CACHE_DIR": str(folder / "pdf-cache"),
            "STATIC_BUILD_DIR": str(folder / "static"),
            "PYTHONPATH": str(ROOT),
        }
        flask = [str(BIN / "flask"), "--app", "wsgi"]
        say("migrating, loading the demo data, building the static files as `make serve` does…")
        for step in (["db", "upgrade"], ["seed-demo"], ["build-static"]):
            subprocess.run([*flask, *step], cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: S603
        server = Server("wsgi:app", env, folder / "portal.log")
        try:
            server.wait_until_up("/healthz")
            results: dict[str, dict[str, float]] = {}
            notes: dict[str, list[str]] = {}
            for label, path in pages(env["DATABASE_URL"]):
                runs = []
                for run in range(args.runs):
                    say(f"{label}: {path} (run {run + 1} of {args.runs})")
                    report = folder / f"{label}-{run}.json"
                    runs.append(lighthouse(server.url + path, chromium, report))
                    notes[label] = failing_audits(report)
                results[label] = {
                    key: statistics.median(run[key] for run in runs) for key in runs[0]
                }
        finally:
            server.stop()
    print(table(results, notes))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


def table(results: dict[str, dict[str, float]], notes: dict[str, list[str]]) -> str:
    """A Markdown table, a mark beside each figure short of its goal, then what cost points."""
    lines = [
        "| page | performance | accessibility | best practices | SEO | CLS |",
        "|---|---|---|---|---|---|",
    ]
    for label, scores in results.items():
        cells = []
        for name in CATEGORIES:
            short = scores[name] < GOALS[name] and not (name == "seo" and label in NOT_INDEXED)
            cells.append(f"{scores[name]:.0f}{' ✗' if short else ''}")
        cls = scores["cls"]
        cells.append(f"{cls:.3f}{' ✗' if cls >= CLS_GOAL else ''}")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    for label, failed in notes.items():
        if failed:
            lines.append(f"\n{label}: " + "; ".join(failed))
    return "\n".join(lines)


if __name__ == "__main__":
    main()
