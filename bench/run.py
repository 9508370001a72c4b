"""The portal at scale: load a synthetic data set, serve it with gunicorn, measure with wrk.

    make bench                                   # SQLite, then PostgreSQL
    BENCH_DB=sqlite make bench                   # one database
    .venv/bin/python bench/run.py --db postgresql --scale 2000 --duration 5

For each database: a fresh database (an SQLite file in a temporary folder, or a PostgreSQL
database created for the run and dropped after it), migrated, the demo data plus
`seed-demo --scale N --seed S` (``--keep-database NAME`` loads into NAME instead and keeps it:
a later run with the same scale and seed reuses it without loading) — and no ANALYZE: a deployment does not run one by hand after
its data grows, so neither does the bench (`--analyze` adds one, to compare). Then three
servers, each gunicorn with 2 sync workers on 127.0.0.1: the portal (``wsgi:app``, production
configuration), the ceiling (``bench.bare:app``: bare Flask and Jinja rendering the directory's
25 rows from a Python list, and a bare string route) and the in-app ceiling
(``bench.ceiling:app``: the portal rendering its own directory template from memory). Every
target gets a warm-up (``wrk -t1 -c8 -d3s``), then 10 s of ``wrk -t1 -c8 --latency`` cut in
five 2 s slices, each followed or preceded by a 2 s slice of the ceiling: the load of a shared
machine drifts, and drift then falls on the page and its ceiling alike. Printed: requests/s,
p50/p95/p99 (merged from the slices' quantiles) and the ratio to the ceiling measured beside
it; the signed-in pages' latency (one connection); each public page's first request after a
change against its warm requests; the peak memory (VmHWM) of each portal worker. The budgets
(issue 21) are checked beside the figures. ``--redis URL`` gives the portal the shared store
of public pages that production has (``PUBLIC_CACHE_REDIS_URL``): then a change's writer warms
the most read pages for every worker (app/public/warming.py).

Machines here are shared and noisy: compare only ratios taken in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (
    BIN,
    DEFAULT_POSTGRES,
    ROOT,
    Database,
    Measure,
    Server,
    Slices,
    ensure_wrk,
    portal_environment,
    postgres_reachable,
    say,
    wrk,
)
from signed_in import (
    AFTER_CHANGE_BUDGET,
    SIGNED_IN_MEDIAN_BUDGET_MS,
    USER_AGENT,
    AfterChange,
    after_change,
    after_change_table,
    answers_signed_in,
    first_link,
    sign_in,
)

# Issue 21's budgets: a public page (cached when warm) at least as fast as the bare template;
# a search for a text never asked before at least 0.3 of it.
PAGE_BUDGET = (1.0, 20.0)  # (ratio to the ceiling, p99 ms)
NEW_SEARCH_BUDGET = (0.3, 100.0)
MEMORY_BUDGET_MB = 250.0
# Texts never asked before: each request adds a random number to one of these (URL-encoded).
ENGLISH_WORDS = "solar,water,grid,wetland,transit,Qinghia,wetlnd"
CHINESE_WORDS = ",".join(
    urllib.parse.quote(word) for word in ("湿地", "太阳能", "青海", "电网", "低碳城市")
)


@dataclass(frozen=True)
class Target:
    """One address measured; `budget` says whether the ratio and p99 budgets apply."""

    label: str
    path: str
    budget: tuple[float, float] | None = PAGE_BUDGET
    ceiling: bool = False
    server: str = "portal"  # or "bare" (bench.bare) or "inapp" (bench.ceiling)
    search_words: str = ""  # a new search each request: one of these and a random number

    @property
    def display_path(self) -> str:
        return self.path + ("?q=<new text>" if self.search_words else "")


CEILING = Target(
    "ceiling: bare Flask + Jinja, the same 25 rows from a list",
    "/bare/partnerships",
    budget=None,
    ceiling=True,
    server="bare",
)


def targets(slug: str) -> list[Target]:
    """What is measured against the ceiling."""
    return [
        Target("bare string route (a WSGI worker's limit)", "/bare/string", None, server="bare"),
        Target(
            "in-app ceiling: the portal's directory template from memory",
            "/ceiling/partnerships",
            None,
            server="inapp",
        ),
        Target("home", "/"),
        Target("directory, first page", "/partnerships"),
        Target(
            "directory, filtered",
            "/partnerships?cohort_year=2021&focus_area=clean_electricity",
        ),
        Target("directory, sorted", "/partnerships?sort=name"),
        Target("directory, a repeated search", "/partnerships?q=solar"),
        Target("partnership page", f"/partnerships/{slug}"),
        Target("map", "/partnerships/map"),
        Target("statistics", "/statistics"),
        Target("updates", "/updates"),
        Target("Atom feed, all updates", "/updates.atom"),
        Target("Atom feed, one partnership", f"/partnerships/{slug}/updates.atom"),
        Target("API list", "/api/v1/partnerships"),
        Target("API detail", f"/api/v1/partnerships/{slug}"),
        Target("/healthz", "/healthz", None),
        Target(
            "search, new English text each request",
            "/partnerships",
            NEW_SEARCH_BUDGET,
            search_words=ENGLISH_WORDS,
        ),
        Target(
            "search, new Chinese text each request",
            "/partnerships",
            NEW_SEARCH_BUDGET,
            search_words=CHINESE_WORDS,
        ),
    ]


def measure(
    binary: str,
    servers: dict[str, Server],
    target: Target,
    args: argparse.Namespace,
) -> tuple[Slices, Slices]:
    """Warm up, then measure `target` and the ceiling in alternate slices (page, ceiling,
    ceiling, page, …: drift in the machine's load falls on both alike)."""
    page_url = servers[target.server].url + target.path
    ceiling_url = servers[CEILING.server].url + CEILING.path
    words = target.search_words
    wrk(binary, page_url, seconds=args.warmup, connections=args.connections, search_words=words)
    seconds = max(1, round(args.duration / args.rounds))
    page, top = Slices([]), Slices([])
    for round_number in range(args.rounds):
        order = [(page, page_url, words), (top, ceiling_url, "")]
        if round_number % 2:
            order.reverse()
        for slices, url, slice_words in order:
            slices.runs.append(
                wrk(binary, url, seconds=seconds, connections=args.connections,
                    search_words=slice_words)
            )  # fmt: skip
    return page, top


@dataclass
class Run:
    """Everything one database's run found."""

    database: str
    scale: int
    seed: int
    load_seconds: float | None  # None: a kept database already held the data set
    measures: list[Measure]
    worker_peak_mb: list[float]
    signed_in: list[Measure]
    after_change: list[AfterChange]
    public_peak_mb: list[float]  # before the signed-in pass (and its sign-ins' Argon2id)


def signed_in_targets(base_url: str, database_url: str) -> list[tuple[str, str, str]]:
    """(label, path, Cookie header) of the signed-in pages measured: an applicant's dashboard
    and proposal, and the chairs' ranking of the largest call, partnership dashboard and
    moderation queue."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    with engine.connect() as connection:
        largest = connection.execute(
            text("SELECT solicitation_id FROM proposal GROUP BY solicitation_id "
                 "ORDER BY count(*) DESC LIMIT 1")
        ).scalar_one()  # fmt: skip
        proposals = connection.execute(
            text("SELECT count(*) FROM proposal WHERE solicitation_id = :id"), {"id": largest}
        ).scalar_one()
    engine.dispose()
    applicant = sign_in(base_url, "partner.us")
    chair = sign_in(base_url, "chair.us")
    proposal = first_link(base_url, applicant, "/dashboard", r"/proposals/\d+")
    return [
        ("applicant's dashboard", "/dashboard", applicant),
        ("a proposal, as its applicant", proposal, applicant),
        (f"ranking of {proposals:,} proposals, as a chair",
         f"/secretariat/review/{largest}/ranking", chair),
        ("chairs' partnership dashboard", "/secretariat/partnerships", chair),
        ("moderation queue", "/secretariat/partnerships/updates", chair),
    ]  # fmt: skip


def measure_signed_in(
    binary: str, portal: Server, database_url: str, args: argparse.Namespace
) -> list[Measure]:
    """Each signed-in page with one connection: its latency, not a queue's."""
    found = []
    for label, path, cookie in signed_in_targets(portal.url, database_url):
        say(f"signed in: {label}: {path}")
        first_ms = answers_signed_in(portal.url, cookie, path)
        if first_ms > 2_000:  # too slow for wrk's slices: one request is the figure
            took = "no answer" if first_ms == float("inf") else f"{first_ms / 1000:.1f} s"
            say(f"signed in: {label}: {took}: not measured further")
            found.append(Measure(label, path, 0.0, first_ms, first_ms, first_ms, first_ms, 0, 0))
            continue
        run = {"connections": 1, "cookie": cookie, "user_agent": USER_AGENT}
        wrk(binary, portal.url + path, seconds=2, **run)  # type: ignore[arg-type]
        seconds = args.duration // 2 or 1
        slices = Slices([wrk(binary, portal.url + path, seconds=seconds, **run)])  # type: ignore[arg-type]
        answers_signed_in(portal.url, cookie, path)  # still signed in after the run
        found.append(slices.measure(label, path))
        say(f"  p50 {found[-1].p50_ms:.1f} ms")
    return found


def bench_database(kind: str, args: argparse.Namespace, wrk_binary: str) -> Run:
    """Load, serve and measure on one database."""
    with tempfile.TemporaryDirectory(prefix=f"bench-{kind}-") as scratch:
        folder = Path(scratch)
        database = Database(kind, folder, args.postgres_url, keep=args.keep_database)
        servers: dict[str, Server] = {}
        try:
            env = portal_environment(database, folder)
            if args.redis:
                import redis

                redis.Redis.from_url(args.redis).flushdb()
                env["PUBLIC_CACHE_REDIS_URL"] = args.redis
            flask = [str(BIN / "flask"), "--app", "wsgi"]
            say(f"[{kind}] migrating {'the kept' if database.kept else 'a fresh'} database…")
            subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True,  # noqa: S603
                           capture_output=True)  # fmt: skip
            load_seconds = _load(kind, database, flask, env, args)
            if args.schema_revision:
                downgrade = [*flask, "db", "downgrade", args.schema_revision]
                subprocess.run(downgrade, cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: S603
            if args.analyze:
                database.analyze()

            portal_root = args.portal_root or ROOT
            portal_env = {**env, "PYTHONPATH": str(portal_root)}
            servers["portal"] = Server("wsgi:app", portal_env, folder / "portal.log",
                                       cwd=portal_root)  # fmt: skip
            servers["bare"] = Server("bench.bare:app", env, folder / "bare.log")
            servers["inapp"] = Server("bench.ceiling:app", env, folder / "ceiling.log")
            servers["portal"].wait_until_up("/healthz")
            servers["bare"].wait_until_up(CEILING.path)
            servers["inapp"].wait_until_up("/ceiling/partnerships")

            slug = f"scale-{max(1, args.scale // 2):05d}"
            say(f"[{kind}] warming up the ceiling: {CEILING.path}")
            wrk(wrk_binary, servers["bare"].url + CEILING.path, seconds=args.warmup,
                connections=args.connections)  # fmt: skip
            measures, every_ceiling = [], Slices([])
            chosen = [t for t in targets(slug) if _chosen(t.label, args.only)]
            for target in chosen:
                say(f"[{kind}] {target.label}: {target.path}, alternating with the ceiling")
                page, top = measure(wrk_binary, servers, target, args)
                item = page.measure(target.label, target.display_path, target.budget)
                item.ratio = (page.requests / page.seconds) / (top.requests / top.seconds)
                say(f"  {item.requests_per_s:,.0f} req/s, p99 {item.p99_ms:.1f} ms, "
                    f"ratio {item.ratio:.3f}")  # fmt: skip
                measures.append(item)
                every_ceiling.runs += top.runs
            if every_ceiling.runs:  # none when only the signed-in pages were chosen
                ceiling_measure = every_ceiling.measure(CEILING.label, CEILING.path)
                ceiling_measure.ratio = 1.0
                measures.insert(0, ceiling_measure)
            public_peaks = servers["portal"].peak_memory_mb()
            signed_in = (
                measure_signed_in(wrk_binary, servers["portal"], database.url, args)
                if _chosen("signed in", args.only)
                else []
            )
            changes = [
                after_change(servers["portal"].url, label, path, slug, portal_env)
                for label, path in (
                    ("home", "/"),
                    ("directory, first page", "/partnerships"),
                    ("partnership page", f"/partnerships/{slug}"),
                    ("API list", "/api/v1/partnerships"),
                )
            ]
            peaks = servers["portal"].peak_memory_mb()
            return Run(kind, args.scale, args.seed, load_seconds, measures, peaks, signed_in,
                       changes, public_peaks)  # fmt: skip
        finally:
            for server in servers.values():
                server.stop()
            database.drop()


def _load(
    kind: str, database: Database, flask: list[str], env: dict[str, str], args: argparse.Namespace
) -> float | None:
    """Load the demo data and the synthetic data set; how long it took, or None when a kept
    database holds this data set already."""
    if database.kept:
        held = database.synthetic_data_sets()
        if (args.scale, args.seed) in held:
            say(f"[{kind}] {database.kept} holds scale {args.scale:,} seed {args.seed}: not loaded")
            return None
        if held:
            raise SystemExit(
                f"[{kind}] {database.kept} holds another synthetic data set (scale, seed: {held}); "
                "drop it or keep another database."
            )
    say(f"[{kind}] loading the demo data and {args.scale:,} synthetic partnerships…")
    started = time.perf_counter()
    loaded = subprocess.run(  # noqa: S603
        [*flask, "seed-demo", "--scale", str(args.scale), "--seed", str(args.seed)],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    load_seconds = time.perf_counter() - started
    say(f"[{kind}] {loaded.stdout.strip().splitlines()[-1]} ({load_seconds:.0f} s in all)")
    return load_seconds


def _chosen(label: str, only: str) -> bool:
    """Whether `label` is among the comma-separated label fragments of ``--only`` (all when
    empty)."""
    fragments = [part.strip() for part in only.split(",") if part.strip()]
    return not fragments or any(part in label for part in fragments)


def _verdict(m: Measure) -> str:
    if m.budget is None:
        return ""
    ratio_budget, p99_budget = m.budget
    if not m.requests_per_s:
        return "MISSED: no answer within the slice"
    ratio_ok = m.ratio is not None and m.ratio >= ratio_budget
    return (
        f"ratio ≥ {ratio_budget}: {'ok' if ratio_ok else 'MISSED'}, "
        f"p99 < {p99_budget:.0f}: {'ok' if m.p99_ms < p99_budget else 'MISSED'}"
    )


def table(run: Run) -> str:
    """The figures of one run as Markdown tables, with the budgets checked."""
    loaded = (
        "loaded before (a kept database)"
        if run.load_seconds is None
        else f"loaded in {run.load_seconds:.0f} s"
    )
    lines = [
        f"### {run.database}: {run.scale:,} partnerships (seed {run.seed}), {loaded}",
        "",
        "| target | req/s | p50 ms | p95 ms | p99 ms | ratio to ceiling | budget |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for m in run.measures:
        verdict = _verdict(m)
        if m.socket_errors or m.bad_status:
            verdict += f" ({m.socket_errors} socket errors, {m.bad_status} non-2xx/3xx)"
        ratio = f"{m.ratio:.2f}" if m.ratio is not None else "–"
        lines.append(
            f"| {m.label} (`{m.path}`) | {m.requests_per_s:,.0f} | {m.p50_ms:.1f} | "
            f"{m.p95_ms:.1f} | {m.p99_ms:.1f} | {ratio} | {verdict} |"
        )
    lines += [
        "",
        "Signed in (never cached; one connection):",
        "",
        f"| page | p50 ms | p95 ms | p99 ms | budget p50 < {SIGNED_IN_MEDIAN_BUDGET_MS:.0f} ms |",
        "|---|---:|---:|---:|---|",
    ]
    for m in run.signed_in:
        verdict = "ok" if 0 < m.p50_ms < SIGNED_IN_MEDIAN_BUDGET_MS else "MISSED"
        if m.socket_errors or m.bad_status:
            verdict += f" ({m.socket_errors} socket errors, {m.bad_status} non-2xx/3xx)"
        lines.append(
            f"| {m.label} (`{m.path}`) | {m.p50_ms:.1f} | {m.p95_ms:.1f} | {m.p99_ms:.1f} | "
            f"{verdict} |"
        )
    lines += ["", "The first request after a change (another process edits a partnership):", ""]
    lines.append(after_change_table(run.after_change))
    peaks = ", ".join(f"{mb:.0f}" for mb in run.worker_peak_mb) or "unknown"
    worst = max(run.worker_peak_mb, default=0.0)
    verdict = "ok" if run.worker_peak_mb and worst <= MEMORY_BUDGET_MB else "MISSED"
    public = ", ".join(f"{mb:.0f}" for mb in run.public_peak_mb) or "unknown"
    lines += [
        "",
        f"Peak memory per portal worker (VmHWM): {peaks} MB; budget ≤ {MEMORY_BUDGET_MB:.0f} MB: "
        f"{verdict}. Before the signed-in pass (whose sign-ins hash with Argon2id, 64 MiB each "
        f"while it lasts): {public} MB.",
    ]
    return "\n".join(lines)


def main() -> None:
    """Parse the arguments, run each database, print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--db",
        choices=("sqlite", "postgresql", "both"),
        default=os.environ.get("BENCH_DB") or "both",
        help="database(s) to run on (default: $BENCH_DB or both)",
    )
    parser.add_argument("--scale", type=int, default=int(os.environ.get("BENCH_SCALE", "10000")))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--duration", type=int, default=10, help="seconds measured per target")
    parser.add_argument(
        "--rounds", type=int, default=5, help="slices the duration is cut into, each followed "
        "or preceded by as long a slice of the ceiling (default 5: 2 s each)"
    )  # fmt: skip
    parser.add_argument("--warmup", type=int, default=3, help="seconds of warm-up per target")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES),
        help="a PostgreSQL database to connect to for creating and dropping the run's own",
    )
    parser.add_argument(
        "--keep-database", default="", metavar="NAME", help="load into the database NAME "
        "(PostgreSQL, on the server of --postgres-url; SQLite: instance/bench-NAME.sqlite3), "
        "created if missing and not dropped at the end; when it already holds the data set of "
        "this --scale and --seed, skip the load (migrations still run); one holding another "
        "data set is refused"
    )  # fmt: skip
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "--portal-root",
        type=Path,
        help="serve the portal from this copy of the code (a before/after comparison: the data "
        "is loaded and the ceiling served by this one)",
    )
    parser.add_argument(
        "--schema-revision", help="migrate down to this revision after loading (with --portal-root)"
    )
    parser.add_argument(
        "--analyze", action="store_true", help="run ANALYZE after the bulk load (an operator's "
        "manual step, left out by default: a deployment does not run it)"
    )  # fmt: skip
    parser.add_argument(
        "--redis", default=os.environ.get("BENCH_REDIS_URL", ""), help="a Redis database for the "
        "public pages' shared store, as production has it (PUBLIC_CACHE_REDIS_URL; emptied at the "
        "start of each run), e.g. redis://127.0.0.1:6379/3; default: none, each worker its own"
    )  # fmt: skip
    parser.add_argument(
        "--only", default="", help="comma-separated fragments of target labels to measure (e.g. "
        "'home,directory,signed in'); default: every target"
    )  # fmt: skip
    args = parser.parse_args()

    wrk_binary = ensure_wrk()
    kinds = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    runs = []
    for kind in kinds:
        if kind == "postgresql" and not postgres_reachable(args.postgres_url):
            say(f"[postgresql] no server answers at {args.postgres_url}: skipped.")
            if args.db == "postgresql":
                raise SystemExit(1)
            continue
        runs.append(bench_database(kind, args, wrk_binary))
        say(table(runs[-1]))  # a later database's failure does not lose this one's figures
        if args.json:
            args.json.write_text(json.dumps([asdict(run) for run in runs], indent=2))

    machine = f"{os.cpu_count()} cores, {platform_summary()}"
    print(f"\n## Benchmark, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} — {machine}\n")
    print(
        f"wrk -t1 -c{args.connections} --latency: {args.duration} s per target in {args.rounds} "
        f"slices alternating with as many of the ceiling, after a {args.warmup} s warm-up"
        f"{'; portal served from ' + str(args.portal_root) if args.portal_root else ''}"
        f"{'; schema at ' + args.schema_revision if args.schema_revision else ''}; "
        f"{'ANALYZE after the load' if args.analyze else 'no ANALYZE'}; "
        "gunicorn, 2 sync workers, 127.0.0.1; budgets (issue 21): public pages ratio ≥ "
        f"{PAGE_BUDGET[0]} and p99 < {PAGE_BUDGET[1]:.0f} ms, a new search ratio ≥ "
        f"{NEW_SEARCH_BUDGET[0]} and p99 < {NEW_SEARCH_BUDGET[1]:.0f} ms, signed-in p50 < "
        f"{SIGNED_IN_MEDIAN_BUDGET_MS:.0f} ms, the first request after a change ≤ "
        f"{AFTER_CHANGE_BUDGET:.0f}× a warm one, ≤ {MEMORY_BUDGET_MB:.0f} MB per worker.\n"
    )
    for run in runs:
        print(table(run))
        print()
    if args.json:
        args.json.write_text(json.dumps([asdict(run) for run in runs], indent=2))


def platform_summary() -> str:
    """The processor and the memory of this machine."""
    model = ""
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.MULTILINE)
        model = found.group(1).strip() if found else ""
        meminfo = Path("/proc/meminfo").read_text()
        total = re.search(r"^MemTotal:\s+(\d+) kB", meminfo, re.MULTILINE)
        memory = f"{int(total.group(1)) / 1024 / 1024:.0f} GiB" if total else ""
    except OSError:
        memory = ""
    return ", ".join(part for part in (model, memory, f"Python {sys.version.split()[0]}") if part)


if __name__ == "__main__":
    main()
