"""The bench's tools: fresh databases, gunicorn servers, wrk runs and their merged figures."""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
LUA = Path(__file__).resolve().parent / "wrk_report.lua"
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"  # BENCH_POSTGRES_URL
TIMEOUT_S = 30  # wrk's default (2 s) counts a slower answer as no answer at all


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
    budget: tuple[float, float] | None = None  # (ratio, p99 ms), when one applies


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
    """A fresh database for one run: its URL, and how to drop it. With `keep`, the database of
    that name instead (PostgreSQL; for SQLite the file ``instance/bench-<keep>.sqlite3``),
    created when missing and never dropped, so that a later run can reuse what it holds."""

    def __init__(self, kind: str, folder: Path, postgres_url: str, keep: str = "") -> None:
        self.kind = kind
        self.kept = keep
        self._admin_url = postgres_url
        self._name = ""
        if kind == "sqlite":
            if keep:
                (ROOT / "instance").mkdir(exist_ok=True)
            path = ROOT / "instance" / f"bench-{keep}.sqlite3" if keep else folder / "bench.sqlite3"
            self.url = f"sqlite:///{path}"
            return
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        base = make_url(postgres_url)
        self._name = keep or f"bench_i11_{os.getpid()}"
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            exists = connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": self._name}
            )
            if not keep:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{self._name}"'))
            if not (keep and exists):
                connection.execute(text(f'CREATE DATABASE "{self._name}"'))
        admin.dispose()
        self.url = base.set(database=self._name).render_as_string(hide_password=False)

    def synthetic_data_sets(self) -> list[tuple[int, int]]:
        """(scale, seed) of each synthetic data set loaded (and committed) here: what
        ``seed-demo --scale`` recorded in the audit log."""
        from sqlalchemy import create_engine, text

        engine = create_engine(self.url)
        with engine.connect() as connection:
            found = [
                (int(details["n"]), int(details["seed"]))
                for (stored,) in connection.execute(
                    text("SELECT details FROM event WHERE action = 'demo.scaled'")
                )
                # SQLite's JSON is text to a plain statement; PostgreSQL's is decoded
                for details in [json.loads(stored) if isinstance(stored, str) else stored]
            ]
        engine.dispose()
        return found

    def analyze(self) -> None:
        """Refresh the planner's statistics after the bulk load, as an operator would."""
        from sqlalchemy import create_engine, text

        engine = create_engine(self.url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text("VACUUM ANALYZE" if self.kind == "postgresql" else "ANALYZE"))
        engine.dispose()

    def drop(self) -> None:
        """Drop the PostgreSQL database (the SQLite file goes with its folder); a kept one
        stays."""
        if not self._name or self.kept:
            return
        from sqlalchemy import create_engine, text

        admin = create_engine(self._admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{self._name}" WITH (FORCE)'))
        admin.dispose()


def portal_environment(database: Database, folder: Path) -> dict[str, str]:
    """The environment the portal is migrated, loaded and served with: the production
    configuration on `database`, a fresh secret, mail to the console, files in `folder`."""
    return {
        **os.environ,
        "PORTAL_CONFIG": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "FORCE_HTTPS": "0",
        "MAIL_BACKEND": "console",
        "DATABASE_URL": database.url,
        "UPLOAD_DIR": str(folder / "uploads"),
        "PDF_CACHE_DIR": str(folder / "pdf-cache"),
        "PUBLIC_CACHE_DIR": str(folder / "public-cache"),  # each run its own, as each server
        "PYTHONPATH": str(ROOT),
    }


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
    binary: str,
    url: str,
    *,
    seconds: int,
    connections: int,
    search_words: str = "",
    cookie: str = "",
    user_agent: str = "",
) -> dict[str, object]:
    """One wrk run; the figures its Lua script reports."""
    env = dict(os.environ)
    if search_words:
        env["BENCH_SEARCH_WORDS"] = search_words
    command = [binary, "-t1", f"-c{connections}", f"-d{seconds}s", f"--timeout={TIMEOUT_S}s"]
    command += ["--latency", "-s", str(LUA)]
    if cookie:
        command += ["-H", f"Cookie: {cookie}", "-H", f"User-Agent: {user_agent}"]
    command.append(url)
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

    def measure(self, label: str, path: str, budget: tuple[float, float] | None = None) -> Measure:
        """The figures of these runs, as those of `label` (`path`)."""
        return Measure(
            label=label,
            path=path,
            requests_per_s=self.requests / self.seconds if self.seconds else 0.0,
            p50_ms=self.percentile(50),
            p95_ms=self.percentile(95),
            p99_ms=self.percentile(99),
            max_ms=max(int(run["max"]) for run in self.runs) / 1000,  # type: ignore[call-overload]
            socket_errors=sum(int(run["socket_errors"]) for run in self.runs),  # type: ignore[call-overload]
            bad_status=sum(int(run["bad_status"]) for run in self.runs),  # type: ignore[call-overload]
            budget=budget,
        )
