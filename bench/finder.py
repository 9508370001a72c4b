"""The partner finder at scale (issue 18): `/partners` against the organization directory's
first page (`/organizations`), measured alternately in the same run.

    .venv/bin/python bench/finder.py --db both --scale 10000 --duration 10

For each database: a fresh database, migrated, the demo data plus ``seed-demo --scale N``
(3 × N organizations for the finder: 30,000 at 10,000, with their focus areas, and the
finder's index written in bulk; on PostgreSQL the loader analyzes what it wrote, as
bench/run.py's does). gunicorn with 2 sync workers serves the portal (production
configuration). Each request of the finder asks for another seeker (a Lua script walks a list
of organization ids of both countries), so that nothing it read for one seeker answers the
next. Measured: the finder and the directory in alternate slices of ``wrk -t1 -c1`` (one
connection: the figures are one request's latency, which the goal is about), their medians and
p95, and the finder's requests per second as a ratio to the directory's. Afterwards the
statements of one finder request are counted and, on PostgreSQL, the ranking's plan is printed
with EXPLAIN ANALYZE.

Machines here are shared and noisy: compare only figures taken in the same run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (
    BIN,
    DEFAULT_POSTGRES,
    ROOT,
    Database,
    Server,
    Slices,
    ensure_wrk,
    portal_environment,
    postgres_reachable,
    say,
)

GOAL_MEDIAN_MS = 100.0
SEEKERS = 200  # organizations asked about, half of each country
LUA = Path(__file__).resolve().parent / "finder_seekers.lua"
REPORT_LUA = Path(__file__).resolve().parent / "wrk_report.lua"


def _seekers(database_url: str) -> list[int]:
    """Ids of synthetic organizations of both countries, with focus areas and descriptions."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    with engine.connect() as connection:
        ids: list[int] = []
        for country in ("US", "CN"):
            ids += (
                connection.execute(
                    text(
                        "SELECT organization_id FROM finder_profile WHERE country = :country "
                        "AND focus_mask <> 0 AND length_en > 0 ORDER BY organization_id DESC "
                        "LIMIT :n"
                    ),
                    {"country": country, "n": SEEKERS // 2},
                )
                .scalars()
                .all()
            )
    engine.dispose()
    return ids


def _wrk(binary: str, url: str, seconds: int, seekers: list[int] | None) -> dict[str, object]:
    import json

    env = dict(os.environ)
    script = REPORT_LUA
    if seekers:
        env["BENCH_SEEKERS"] = ",".join(map(str, seekers))
        script = LUA
    command = [binary, "-t1", "-c1", f"-d{seconds}s", "--timeout=10s", "--latency", "-s",
               str(script), url]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=True)  # noqa: S603
    for line in result.stdout.splitlines():
        if line.startswith("BENCH "):
            return json.loads(line.removeprefix("BENCH "))  # type: ignore[no-any-return]
    raise SystemExit(f"wrk printed no summary for {url}:\n{result.stdout}\n{result.stderr}")


def _statements_and_plan(env: dict[str, str], seeker: int) -> str:
    """How many statements one finder request runs, and (PostgreSQL) the ranking's plan."""
    code = f"""
from sqlalchemy import event
from app import create_app
from app.extensions import db
from app.finder import queries
from app.finder.seekers import from_organization
from app.organizations.queries import profile
app = create_app()
statements = []
with app.app_context():
    event.listen(db.engine, "before_cursor_execute",
                 lambda c, cur, s, p, ctx, many: statements.append((s, p)))
    client = app.test_client()
    client.get("/partners?organization={seeker}")
    statements.clear()
    assert client.get("/partners?organization={seeker}").status_code == 200
    print("statements per request:", len(statements))
    if db.engine.dialect.name == "postgresql":
        ranking = max(statements, key=lambda sp: len(sp[0]))
        with db.engine.connect() as connection:
            raw = connection.connection.driver_connection
            with raw.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + ranking[0], ranking[1])
                print("\\n".join(row[0] for row in cursor.fetchall()))
"""
    found = subprocess.run(  # noqa: S603
        [str(BIN / "python"), "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    return found.stdout + (found.stderr[-2000:] if found.returncode else "")


def bench_database(kind: str, args: argparse.Namespace, binary: str) -> str:
    """Load, serve, measure on one database; the report's lines."""
    lines = []
    with tempfile.TemporaryDirectory(prefix=f"bench-finder-{kind}-") as scratch:
        folder = Path(scratch)
        database = Database(kind, folder, args.postgres_url)
        server = None
        try:
            env = portal_environment(database, folder)
            flask = [str(BIN / "flask"), "--app", "wsgi"]
            say(f"[{kind}] migrating, loading the demo data and scale {args.scale:,}…")
            subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True,  # noqa: S603
                           capture_output=True)  # fmt: skip
            started = time.perf_counter()
            loaded = subprocess.run(  # noqa: S603
                [*flask, "seed-demo", "--scale", str(args.scale), "--seed", "1"],
                cwd=ROOT, env=env, check=True, capture_output=True, text=True,
            )  # fmt: skip
            took = time.perf_counter() - started
            summary = loaded.stdout.strip().splitlines()[-1]
            say(f"[{kind}] {summary} ({took:.0f} s in all)")
            lines.append(f"- {kind}: {summary} ({took:.0f} s with the demo data)")
            seekers = _seekers(database.url)
            server = Server("wsgi:app", env, folder / "portal.log")
            server.wait_until_up("/healthz")
            finder_url = server.url + "/partners"
            directory_url = server.url + "/organizations"
            _wrk(binary, finder_url, args.warmup, seekers)
            _wrk(binary, directory_url, args.warmup, None)
            seconds = max(1, round(args.duration / args.rounds))
            finder, directory = Slices([]), Slices([])
            for round_number in range(args.rounds):
                order = [(finder, finder_url, seekers), (directory, directory_url, None)]
                if round_number % 2:
                    order.reverse()
                for slices, url, asked in order:
                    slices.runs.append(_wrk(binary, url, seconds, asked))
            f = finder.measure("finder", "/partners?organization=<another each request>")
            d = directory.measure("directory", "/organizations")
            ratio = f.requests_per_s / d.requests_per_s if d.requests_per_s else 0.0
            verdict = "met" if f.p50_ms < GOAL_MEDIAN_MS else "MISSED"
            lines += [
                "",
                "| target | req/s (1 connection) | p50 ms | p95 ms | p99 ms | errors |",
                "|---|---:|---:|---:|---:|---:|",
                f"| directory, first page (`/organizations`) | {d.requests_per_s:.1f} | "
                f"{d.p50_ms:.1f} | {d.p95_ms:.1f} | {d.p99_ms:.1f} | "
                f"{d.socket_errors + d.bad_status} |",
                f"| finder (`/partners?organization=…`, {len(seekers)} seekers in turn) | "
                f"{f.requests_per_s:.1f} | {f.p50_ms:.1f} | {f.p95_ms:.1f} | {f.p99_ms:.1f} | "
                f"{f.socket_errors + f.bad_status} |",
                "",
                f"Finder to directory: **{ratio:.2f}×** the requests per second; median "
                f"{f.p50_ms:.1f} ms (goal < {GOAL_MEDIAN_MS:.0f} ms: {verdict}).",
            ]
            say(lines[-1])
            report = _statements_and_plan(env, seekers[0])
            lines += ["", "```", report.strip(), "```"]
            say(report)
        finally:
            if server is not None:
                server.stop()
            database.drop()
    return "\n".join(lines)


def main() -> None:
    """Measure on the databases asked for; print the report (Markdown)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--scale", type=int, default=10_000)
    parser.add_argument("--duration", type=int, default=10, help="seconds measured per target")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL",
                                                                 DEFAULT_POSTGRES))  # fmt: skip
    args = parser.parse_args()
    binary = ensure_wrk()
    kinds = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    reports = []
    for kind in kinds:
        if kind == "postgresql" and not postgres_reachable(args.postgres_url):
            say("PostgreSQL does not answer: skipped")
            continue
        reports.append(bench_database(kind, args, binary))
    print("\n\n".join(reports))


if __name__ == "__main__":
    main()
