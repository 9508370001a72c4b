"""The portal at scale: load a synthetic data set, serve it with gunicorn, measure with wrk.

    make bench                                   # SQLite, then PostgreSQL
    BENCH_DB=sqlite make bench                   # one database
    .venv/bin/python bench/run.py --db postgresql --scale 2000 --duration 5

For each database: a fresh database (an SQLite file in a temporary folder, or a PostgreSQL
database created for the run and dropped after it), migrated, the demo data plus
`seed-demo --scale N --seed S`, ANALYZE; then the portal (``wsgi:app``) and the ceiling
(``bench.ceiling:app``: the directory template rendered from memory) each served by gunicorn
with 2 sync workers on 127.0.0.1, production configuration. Every target gets a warm-up
(``wrk -t1 -c8 -d3s``), then 10 s of ``wrk -t1 -c8 --latency`` cut in five 2 s slices, each
followed or preceded by a 2 s slice of the ceiling: the load of a shared machine drifts, and
drift then falls on the page and its ceiling alike. Printed: requests/s, p50/p95/p99 (merged
from the slices' quantiles) and the ratio to the ceiling measured beside it. Then the peak
memory (VmHWM) of each portal worker. The budgets (issue 11) are checked beside the figures.

Machines here are shared and noisy: compare only ratios taken in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
LUA = Path(__file__).resolve().parent / "wrk_report.lua"
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"

RATIO_BUDGET = 0.6  # each public page and the API list, against the ceiling
P99_BUDGET_MS = 50.0
MEMORY_BUDGET_MB = 250.0


@dataclass(frozen=True)
class Target:
    """One address measured; `budget` says whether the ratio and p99 budgets apply."""

    label: str
    path: str
    budget: bool = True
    ceiling: bool = False
    cold_search: bool = False


CEILING = Target("ceiling: directory template from memory", "/ceiling/partnerships", ceiling=True)


def targets(slug: str) -> list[Target]:
    """What is measured against the ceiling."""
    return [
        Target("home", "/"),
        Target("directory, first page", "/partnerships"),
        Target(
            "directory, filtered",
            "/partnerships?cohort_year=2021&focus_area=clean_electricity&sort=name",
        ),
        Target("directory, search", "/partnerships?q=solar"),
        Target("partnership page", f"/partnerships/{slug}"),
        Target("API list", "/api/v1/partnerships"),
        Target("/healthz", "/healthz", budget=False),
        Target(
            "search, new text each request (no cache)",
            "/partnerships",
            budget=False,
            cold_search=True,
        ),
    ]


@dataclass
class Measure:
    """wrk's figures for one target; `ratio` is to the mean of the ceiling's measures."""

    label: str
    path: str
    requests_per_s: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    socket_errors: int
    bad_status: int
    ratio: float | None = None  # to the ceiling measured in the slices beside this target's
    budget: bool = True


def say(message: str) -> None:
    """Progress, on stderr, so the table alone can be piped."""
    print(message, file=sys.stderr, flush=True)


def ensure_wrk() -> str:
    """wrk's path, installed from Debian's packages when missing."""
    found = shutil.which("wrk")
    if found:
        return found
    say("wrk is missing: installing the Debian package (apt-get install wrk)…")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    apt = shutil.which("apt-get") or "/usr/bin/apt-get"
    subprocess.run([apt, "update", "-qq"], check=True, env=env)  # noqa: S603
    install = [apt, "install", "-y", "-qq", "--no-install-recommends", "wrk"]
    subprocess.run(install, check=True, env=env)  # noqa: S603
    found = shutil.which("wrk")
    if not found:
        raise SystemExit("wrk could not be installed; install the Debian package 'wrk'.")
    return found


def free_port() -> int:
    """A TCP port free on the loopback interface."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# --- databases --------------------------------------------------------------------------------


class Database:
    """A fresh database for one run: its URL, and how to drop it."""

    def __init__(self, kind: str, folder: Path, postgres_url: str) -> None:
        self.kind = kind
        self._admin_url = postgres_url
        self._name = ""
        if kind == "sqlite":
            self.url = f"sqlite:///{folder / 'bench.sqlite3'}"
            return
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        base = make_url(postgres_url)
        self._name = f"bench_i11_{os.getpid()}"
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{self._name}"'))
            connection.execute(text(f'CREATE DATABASE "{self._name}"'))
        admin.dispose()
        self.url = base.set(database=self._name).render_as_string(hide_password=False)

    def analyze(self) -> None:
        """Refresh the planner's statistics after the bulk load, as an operator would."""
        from sqlalchemy import create_engine, text

        engine = create_engine(self.url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text("VACUUM ANALYZE" if self.kind == "postgresql" else "ANALYZE"))
        engine.dispose()

    def drop(self) -> None:
        """Drop the PostgreSQL database (the SQLite file goes with its folder)."""
        if not self._name:
            return
        from sqlalchemy import create_engine, text

        admin = create_engine(self._admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{self._name}" WITH (FORCE)'))
        admin.dispose()


def postgres_reachable(url: str) -> bool:
    """Whether a PostgreSQL server answers at `url`."""
    from sqlalchemy import create_engine, text

    try:
        engine = create_engine(url, connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except Exception:  # any failure means: not usable here
        return False
    return True


# --- servers ------------------------------------------------------------------------------------


class Server:
    """gunicorn with 2 sync workers on 127.0.0.1, started and stopped by this run."""

    def __init__(self, app: str, env: dict[str, str], log: Path, cwd: Path = ROOT) -> None:
        self.port = free_port()
        self.log = log.open("w")
        self.process = subprocess.Popen(  # noqa: S603
            [
                str(BIN / "gunicorn"),
                "-w",
                "2",
                "-k",
                "sync",
                "-b",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
                app,
            ],
            cwd=cwd,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.url = f"http://127.0.0.1:{self.port}"

    def wait_until_up(self, path: str, timeout: float = 60.0) -> None:
        """Block until `path` answers 200."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited; see {self.log.name}")
            try:
                with urllib.request.urlopen(self.url + path, timeout=5) as response:  # noqa: S310 - loopback
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise SystemExit(f"{self.url}{path} did not answer within {timeout:.0f} s")

    def workers(self) -> list[int]:
        """The worker processes' ids."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def peak_memory_mb(self) -> list[float]:
        """Each worker's peak resident memory (VmHWM), in MB."""
        peaks = []
        for pid in self.workers():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
            if found:
                peaks.append(int(found.group(1)) / 1024)
        return peaks

    def stop(self) -> None:
        """Stop gunicorn (the master stops its workers)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


# --- measuring ----------------------------------------------------------------------------------


def wrk(
    binary: str, url: str, *, seconds: int, connections: int, cold_search: bool = False
) -> dict[str, object]:
    """One wrk run; the figures its Lua script reports."""
    env = dict(os.environ)
    if cold_search:
        env["BENCH_SEARCH_WORDS"] = "solar,water,grid,wetland,transit"
    command = [binary, "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(LUA), url]
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=True)  # noqa: S603
    for line in result.stdout.splitlines():
        if line.startswith("BENCH "):
            return json.loads(line.removeprefix("BENCH "))  # type: ignore[no-any-return]
    raise SystemExit(f"wrk printed no summary for {url}:\n{result.stdout}\n{result.stderr}")


@dataclass
class Slices:
    """Several wrk runs of one target, merged."""

    runs: list[dict[str, object]]

    @property
    def requests(self) -> int:
        """Requests answered in all the runs."""
        return sum(int(run["requests"]) for run in self.runs)  # type: ignore[call-overload]

    @property
    def seconds(self) -> float:
        """Time measured in all the runs."""
        return sum(int(run["duration_us"]) for run in self.runs) / 1e6  # type: ignore[call-overload]

    def percentile(self, p: float) -> float:
        """The latency (ms) at `p` percent of all the requests: each run's 1,000 quantiles
        weighted by its share of the requests."""
        points = sorted(
            (value, int(run["requests"]) / 1000)  # type: ignore[call-overload]
            for run in self.runs
            for value in run["quantiles"]  # type: ignore[attr-defined]
        )
        total = sum(weight for _value, weight in points)
        seen = 0.0
        for value, weight in points:
            seen += weight
            if seen >= total * p / 100:
                return float(value) / 1000
        return float(points[-1][0]) / 1000 if points else 0.0

    def measure(self, target: Target) -> Measure:
        """The figures of `target`."""
        return Measure(
            label=target.label,
            path=target.path + ("?q=<new text>" if target.cold_search else ""),
            requests_per_s=self.requests / self.seconds if self.seconds else 0.0,
            p50_ms=self.percentile(50),
            p95_ms=self.percentile(95),
            p99_ms=self.percentile(99),
            max_ms=max(int(run["max"]) for run in self.runs) / 1000,  # type: ignore[call-overload]
            socket_errors=sum(int(run["socket_errors"]) for run in self.runs),  # type: ignore[call-overload]
            bad_status=sum(int(run["bad_status"]) for run in self.runs),  # type: ignore[call-overload]
            budget=target.budget and not target.ceiling,
        )


def measure(
    binary: str,
    portal: Server,
    ceiling: Server,
    target: Target,
    args: argparse.Namespace,
) -> tuple[Slices, Slices]:
    """Warm up, then measure `target` and the ceiling in alternate slices (page, ceiling,
    ceiling, page, …: drift in the machine's load falls on both alike)."""
    run = {"connections": args.connections, "cold_search": target.cold_search}
    page_url = portal.url + target.path
    ceiling_url = ceiling.url + CEILING.path
    wrk(binary, page_url, seconds=args.warmup, **run)  # type: ignore[arg-type]
    seconds = max(1, round(args.duration / args.rounds))
    page, top = Slices([]), Slices([])
    for round_number in range(args.rounds):
        order = [(page, page_url, target.cold_search), (top, ceiling_url, False)]
        if round_number % 2:
            order.reverse()
        for slices, url, cold in order:
            slices.runs.append(
                wrk(binary, url, seconds=seconds, connections=args.connections, cold_search=cold)
            )
    return page, top


@dataclass
class Run:
    """Everything one database's run found."""

    database: str
    scale: int
    seed: int
    load_seconds: float
    measures: list[Measure]
    worker_peak_mb: list[float]


def bench_database(kind: str, args: argparse.Namespace, wrk_binary: str) -> Run:
    """Load, serve and measure on one database."""
    with tempfile.TemporaryDirectory(prefix=f"bench-{kind}-") as scratch:
        folder = Path(scratch)
        database = Database(kind, folder, args.postgres_url)
        servers: list[Server] = []
        try:
            env = {
                **os.environ,
                "PORTAL_CONFIG": "production",
                "SECRET_KEY": secrets.token_urlsafe(48),
                "FORCE_HTTPS": "0",
                "MAIL_BACKEND": "console",
                "DATABASE_URL": database.url,
                "UPLOAD_DIR": str(folder / "uploads"),
                "PDF_CACHE_DIR": str(folder / "pdf-cache"),
                "PYTHONPATH": str(ROOT),
            }
            flask = [str(BIN / "flask"), "--app", "wsgi"]
            say(f"[{kind}] migrating a fresh database…")
            subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True,  # noqa: S603
                           capture_output=True)  # fmt: skip
            say(f"[{kind}] loading the demo data and {args.scale:,} synthetic partnerships…")
            started = time.perf_counter()
            loaded = subprocess.run(  # noqa: S603
                [*flask, "seed-demo", "--scale", str(args.scale), "--seed", str(args.seed)],
                cwd=ROOT, env=env, check=True, capture_output=True, text=True,
            )  # fmt: skip
            load_seconds = time.perf_counter() - started
            say(f"[{kind}] {loaded.stdout.strip().splitlines()[-1]} ({load_seconds:.0f} s in all)")
            if args.schema_revision:
                downgrade = [*flask, "db", "downgrade", args.schema_revision]
                subprocess.run(downgrade, cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: S603
            database.analyze()

            portal_root = args.portal_root or ROOT
            portal_env = {**env, "PYTHONPATH": str(portal_root)}
            portal = Server("wsgi:app", portal_env, folder / "portal.log", cwd=portal_root)
            ceiling = Server("bench.ceiling:app", env, folder / "ceiling.log")
            servers += [portal, ceiling]
            portal.wait_until_up("/healthz")
            ceiling.wait_until_up("/ceiling/partnerships")

            slug = f"scale-{max(1, args.scale // 2):05d}"
            say(f"[{kind}] warming up the ceiling: {CEILING.path}")
            wrk(wrk_binary, ceiling.url + CEILING.path, seconds=args.warmup,
                connections=args.connections)  # fmt: skip
            measures, every_ceiling = [], Slices([])
            for target in targets(slug):
                say(f"[{kind}] {target.label}: {target.path}, alternating with the ceiling")
                page, top = measure(wrk_binary, portal, ceiling, target, args)
                item = page.measure(target)
                item.ratio = (page.requests / page.seconds) / (top.requests / top.seconds)
                measures.append(item)
                every_ceiling.runs += top.runs
            ceiling_measure = every_ceiling.measure(CEILING)
            ceiling_measure.ratio = 1.0
            measures.insert(0, ceiling_measure)
            peaks = portal.peak_memory_mb()
            return Run(kind, args.scale, args.seed, load_seconds, measures, peaks)
        finally:
            for server in servers:
                server.stop()
            database.drop()


def table(run: Run) -> str:
    """The figures of one run as a Markdown table, with the budgets checked."""
    lines = [
        f"### {run.database}: {run.scale:,} partnerships (seed {run.seed}), "
        f"loaded in {run.load_seconds:.0f} s",
        "",
        "| target | req/s | p50 ms | p95 ms | p99 ms | ratio to ceiling | budget |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for m in run.measures:
        verdict = ""
        if m.budget:
            ratio_ok = m.ratio is not None and m.ratio >= RATIO_BUDGET
            p99_ok = m.p99_ms < P99_BUDGET_MS
            verdict = " ".join(
                [
                    f"ratio {'ok' if ratio_ok else 'MISSED'}",
                    f"p99 {'ok' if p99_ok else 'MISSED'}",
                ]
            )
        if m.socket_errors or m.bad_status:
            verdict += f" ({m.socket_errors} socket errors, {m.bad_status} non-2xx/3xx)"
        ratio = f"{m.ratio:.2f}" if m.ratio is not None else "–"
        lines.append(
            f"| {m.label} (`{m.path}`) | {m.requests_per_s:,.0f} | {m.p50_ms:.1f} | "
            f"{m.p95_ms:.1f} | {m.p99_ms:.1f} | {ratio} | {verdict} |"
        )
    peaks = ", ".join(f"{mb:.0f}" for mb in run.worker_peak_mb) or "unknown"
    worst = max(run.worker_peak_mb, default=0.0)
    verdict = "ok" if run.worker_peak_mb and worst <= MEMORY_BUDGET_MB else "MISSED"
    lines += [
        "",
        f"Peak memory per portal worker (VmHWM): {peaks} MB; budget ≤ {MEMORY_BUDGET_MB:.0f} MB: "
        f"{verdict}.",
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

    machine = f"{os.cpu_count()} cores, {platform_summary()}"
    print(f"\n## Benchmark, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} — {machine}\n")
    print(
        f"wrk -t1 -c{args.connections} --latency: {args.duration} s per target in {args.rounds} "
        f"slices alternating with as many of the ceiling, after a {args.warmup} s warm-up"
        f"{'; portal served from ' + str(args.portal_root) if args.portal_root else ''}"
        f"{'; schema at ' + args.schema_revision if args.schema_revision else ''}; "
        "gunicorn, 2 sync workers, 127.0.0.1; budgets: ratio ≥ "
        f"{RATIO_BUDGET} and p99 < {P99_BUDGET_MS:.0f} ms for the public pages and the API "
        f"list; ≤ {MEMORY_BUDGET_MB:.0f} MB per worker.\n"
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
