"""Benchmark of the PDF records.

    .venv/bin/python bench/bench_pdf.py [--runs 5]

Loads the demo data set into a throwaway SQLite database, then, for each kind of document, in one
run and interleaved (the machine's noise hits both sides alike):

1. the portal's download with an empty cache: permission, reads, template, WeasyPrint (PDF/A-3b
   with the JSON record attached) and the cache write, through the test client;
2. WeasyPrint alone rendering the very same HTML saved to a file, ``HTML(filename).write_pdf()``
   with default options, and again with the portal's options (PDF/A-3b and the attachment);
3. a repeat download, served from the cache;
4. the peak of Python allocations while rendering (tracemalloc), and the process's peak RSS.

Targets (issue 7): render ≤ 1.2 × WeasyPrint alone; a cached download < 20 ms. Medians are shown,
of wall time and of the process's CPU time: on a shared machine other processes stretch wall
times at random, while CPU time counts only the work this process did, so the ratios are read
from CPU time (both sides run in this one process, alternately).
"""

from __future__ import annotations

import argparse
import io
import resource
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask.testing import FlaskClient
from pypdf import PdfReader
from weasyprint import HTML, Attachment

from app import create_app
from app.demo.data.cycle import DEMO_PASSWORD
from app.exports import engine, rendering
from app.extensions import db

DEMO = "@demo.ecopartnerships.org"


@dataclass
class Case:
    """One document to measure: who downloads it, and where."""

    label: str
    reader: str | None  # local part of a demo account; None for anonymous
    url: str


def cases() -> list[Case]:
    """The documents of the demo data set, one of each kind (and the larger historical cohort)."""
    from sqlalchemy import select

    from app.partnerships.models import Partnership
    from app.proposals.models import Proposal, ProposalState

    active = db.session.scalars(
        select(Partnership).where(Partnership.cohort_year == 2025).order_by(Partnership.id)
    ).first()
    selected = db.session.scalars(
        select(Proposal)
        .where(Proposal.state == ProposalState.SELECTED)
        .order_by(Proposal.reference)
    ).first()
    assert active is not None and selected is not None, "the demo data set is not loaded"
    return [
        Case("partnership (public)", None, f"/partnerships/{active.slug}.pdf"),
        Case(
            "partnership (internal)",
            "chair.us",
            f"/secretariat/partnerships/{active.id}/record.pdf",
        ),
        Case("cohort 2025 (public)", None, "/partnerships/cohorts/2025.pdf"),
        Case("cohort 2011 (public, zh)", None, "/partnerships/cohorts/2011.pdf?lang=zh"),
        Case("cohort 2025 (chairs)", "chair.cn", "/secretariat/partnerships/cohorts/2025.pdf"),
        Case("proposal", "partner.us", f"/proposals/{selected.id}.pdf"),
        Case(
            "review dossier",
            "chair.us",
            f"/secretariat/review/proposals/{selected.id}/dossier.pdf",
        ),
        Case("review summary", "partner.us", f"/proposals/{selected.id}/reviews.pdf"),
        Case("decision letter", "partner.us", f"/proposals/{selected.id}/decision-letter.pdf"),
        Case("certificate", "partner.cn", f"/proposals/{selected.id}/certificate.pdf"),
    ]


@dataclass(frozen=True)
class Timing:
    """How long something took: wall clock and this process's CPU, in milliseconds."""

    wall: float
    cpu: float


def timed(work: Callable[[], object]) -> Timing:
    """Run `work` once and time it."""
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return Timing((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000)


def median(timings: list[Timing]) -> Timing:
    """The median wall time and the median CPU time."""
    return Timing(
        statistics.median(t.wall for t in timings), statistics.median(t.cpu for t in timings)
    )


def best(timings: list[Timing]) -> Timing:
    """The fastest run: noise only ever adds time, so the minimum is the steadiest figure."""
    return Timing(min(t.wall for t in timings), min(t.cpu for t in timings))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="renders per document and side")
    parser.add_argument("--cached-runs", type=int, default=30, help="cached downloads per document")
    arguments = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    cache_dir = folder / "pdf-cache"
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'bench.sqlite3'}",
        PDF_CACHE_DIR=str(cache_dir),
        WTF_CSRF_ENABLED=False,
    )
    captured: dict[str, str] = {}
    real_render_pdf = engine.render_pdf

    def capture(html: str, **options: object) -> bytes:
        captured["html"] = html
        return real_render_pdf(html, **options)  # type: ignore[arg-type]

    engine.render_pdf = capture  # type: ignore[assignment]
    try:
        # Requests run outside any app context of ours, as in production: each gets a fresh one
        # (an app context held open would keep the first signed-in user in `g` for every request).
        with app.app_context():
            from app.demo.services import seed_demo

            db.create_all()
            seed_demo()
            db.session.commit()
            measured = cases()
        clients: dict[str | None, FlaskClient] = {}

        def client_for(reader: str | None) -> FlaskClient:
            if reader not in clients:
                client = app.test_client()
                if reader is not None:
                    answer = client.post(
                        "/login", data={"email": reader + DEMO, "password": DEMO_PASSWORD}
                    )
                    assert answer.status_code == 302, answer.status_code
                clients[reader] = client
            return clients[reader]

        rows = []
        rss = []
        for case in measured:
            client = client_for(case.reader)

            def cold(client: FlaskClient = client, url: str = case.url) -> bytes:
                shutil.rmtree(cache_dir, ignore_errors=True)
                answer = client.get(url)
                assert answer.status_code == 200, (url, answer.status_code)
                return answer.data

            data = cold()  # warm the process (fonts, templates) and capture the HTML
            html_file = folder / "document.html"
            html_file.write_text(captured["html"], encoding="utf-8")
            record = PdfReader(io.BytesIO(data)).attachments["record.json"][0]

            def plain(path: Path = html_file) -> bytes:
                return HTML(filename=str(path)).write_pdf()

            def same_options(path: Path = html_file, record: bytes = record) -> bytes:
                return HTML(filename=str(path)).write_pdf(
                    pdf_variant=rendering.PDF_VARIANT,
                    attachments=[Attachment(string=record, name="record.json")],
                )

            portal: list[Timing] = []
            alone: list[Timing] = []
            alone_a3b: list[Timing] = []
            sides: list[tuple[list[Timing], Callable[[], object]]] = [
                (portal, cold),
                (alone, plain),
                (alone_a3b, same_options),
            ]
            for run in range(arguments.runs):
                # Each side goes first in turn, so that no side always inherits a warm cache.
                for timings, work in sides[run % 3 :] + sides[: run % 3]:
                    timings.append(timed(work))
            cold()

            def download(client: FlaskClient = client, url: str = case.url) -> object:
                return client.get(url)

            cached = [timed(download) for _ in range(arguments.cached_runs)]
            shutil.rmtree(cache_dir, ignore_errors=True)
            tracemalloc.start()
            cold()
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            rss.append(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
            pages = len(PdfReader(io.BytesIO(data)).pages)
            rows.append(
                (
                    case.label,
                    pages,
                    len(data) // 1024,
                    median(portal),
                    median(alone),
                    median(alone_a3b),
                    median(cached),
                    peak / 2**20,
                    best(portal).cpu / best(alone).cpu,
                )
            )
            print(f"measured {case.label}: peak RSS so far {rss[-1]:.0f} MB", file=sys.stderr)
    finally:
        engine.render_pdf = real_render_pdf  # type: ignore[assignment]
        shutil.rmtree(folder, ignore_errors=True)

    print(
        f"\nPDF records, medians of {arguments.runs} renders and {arguments.cached_runs} cached "
        "downloads; times in ms, wall/CPU"
    )
    header = (
        f"{'document':<26} {'pages':>5} {'KB':>4} {'portal':>10} {'alone':>10} "
        f"{'ratio CPU':>9} {'(wall)':>6} {'best':>5} {'vs a3b':>6} {'cached':>10} {'peak MB':>7}"
    )
    print(header)
    print("-" * len(header))
    for label, pages, size, ours, theirs, a3b, repeat, peak_mb, fastest in rows:
        print(
            f"{label:<26} {pages:>5} {size:>4} {ours.wall:>5.0f}/{ours.cpu:<4.0f} "
            f"{theirs.wall:>5.0f}/{theirs.cpu:<4.0f} {ours.cpu / theirs.cpu:>9.2f} "
            f"{ours.wall / theirs.wall:>6.2f} {fastest:>5.2f} {ours.cpu / a3b.cpu:>6.2f} "
            f"{repeat.wall:>5.1f}/{repeat.cpu:<4.1f} {peak_mb:>7.1f}"
        )
    print(
        "portal: the download with an empty cache; alone: WeasyPrint on the saved HTML with "
        "default options; ratio: of the medians (best: of the fastest runs); vs a3b: the portal against WeasyPrint alone with PDF/A-3b and the "
        "attachment (CPU); cached: a repeat download; peak MB: Python allocations while "
        "rendering (tracemalloc)."
    )
    worst = max(row[3].cpu / row[4].cpu for row in rows)
    worst_best = max(row[8] for row in rows)
    slowest_cached = max(row[6].wall for row in rows)
    maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS after each document (MB): {', '.join(f'{v:.0f}' for v in rss)}")
    print(
        f"\nworst ratio to WeasyPrint alone (CPU): medians {worst:.2f}, fastest runs "
        f"{worst_best:.2f} (target ≤ 1.2); slowest cached "
        f"download (wall): {slowest_cached:.1f} ms (target < 20); process peak RSS: "
        f"{maxrss_mb:.0f} MB"
    )


if __name__ == "__main__":
    main()
