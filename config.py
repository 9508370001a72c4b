"""Configuration classes, read from environment variables.

`create_app` picks one by name (``development``, ``testing`` or ``production``), from its
argument or from ``PORTAL_CONFIG``. Every setting a deployment changes comes from the environment;
nothing secret lives in the repository.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def served_at(host: str, port: str) -> str:
    """The address a server listening on `host`:`port` is reached at from this machine (a
    wildcard listening address is reached on the loopback one)."""
    reachable = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)  # noqa: S104
    if ":" in reachable and not reachable.startswith("["):
        reachable = f"[{reachable}]"
    return f"http://{reachable}:{port}"


class Config:
    """Settings shared by every environment."""

    SECRET_KEY: str | None = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI: str = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'portal.sqlite3'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, object] = {"pool_pre_ping": True}
    UPLOAD_DIR: str = os.environ.get("UPLOAD_DIR", str(INSTANCE_DIR / "uploads"))
    MAX_UPLOAD_BYTES: int = int(os.environ.get("MAX_UPLOAD_BYTES", str(10 * 1024 * 1024)))
    # Rendered PDF records, one file per record version, language and paper size.
    PDF_CACHE_DIR: str = os.environ.get("PDF_CACHE_DIR", str(INSTANCE_DIR / "pdf-cache"))

    # Mail: the outbox is always used; the backend decides where queued mail goes.
    MAIL_BACKEND: str = os.environ.get("MAIL_BACKEND", "console")  # console | file | smtp
    MAIL_FILE_DIR: str = os.environ.get("MAIL_FILE_DIR", str(INSTANCE_DIR / "mail"))
    MAIL_SERVER: str = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT: int = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME: str | None = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD: str | None = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS: bool = _bool("MAIL_USE_TLS", False)
    MAIL_DEFAULT_SENDER: str = os.environ.get(
        "MAIL_DEFAULT_SENDER", "EcoPartnerships Portal <no-reply@ecopartnerships.example>"
    )
    # The outbox's delivery (app.notifications.delivery): attempts before a message is marked
    # failed, the first retry's delay (doubled at each further attempt) and how long a worker's
    # claim on a message lasts before another worker may take it over (a killed worker).
    MAIL_MAX_ATTEMPTS: int = int(os.environ.get("MAIL_MAX_ATTEMPTS", "8"))
    MAIL_RETRY_SECONDS: int = int(os.environ.get("MAIL_RETRY_SECONDS", "60"))
    MAIL_CLAIM_LEASE_SECONDS: int = int(os.environ.get("MAIL_CLAIM_LEASE_SECONDS", "300"))

    # The job runner (app.jobs, Huey): its queue in a SQLite file under instance/ by default;
    # on Redis when JOBS_REDIS_URL is set (production, several machines), e.g.
    # redis://127.0.0.1:6379/0. JOBS_IMMEDIATE runs each task at once in the caller (tests).
    JOBS_REDIS_URL: str | None = os.environ.get("JOBS_REDIS_URL") or None
    JOBS_SQLITE_PATH: str = os.environ.get("JOBS_SQLITE_PATH", str(INSTANCE_DIR / "jobs.sqlite3"))
    JOBS_IMMEDIATE: bool = _bool("JOBS_IMMEDIATE", False)
    # Enqueue a delivery as soon as a transaction that queued mail commits (the periodic sweep
    # delivers anyway, within a minute).
    JOBS_DELIVER_AFTER_COMMIT: bool = _bool("JOBS_DELIVER_AFTER_COMMIT", True)

    # The portal's public address for links in mails, feeds, the API and PDFs (app.addresses).
    # Unset: the address it is served on, the request's host in a request and SERVED_AT outside
    # one (the worker, the CLI); `make run` passes SERVED_AT=http://$HOST:$PORT to both.
    PUBLIC_BASE_URL: str = os.environ.get("PUBLIC_BASE_URL", "")
    SERVED_AT: str = os.environ.get("SERVED_AT") or served_at(
        os.environ.get("HOST", "127.0.0.1"), os.environ.get("PORT", "5000")
    )

    # The templates' compiled code, kept for every process of this machine (empty: each process
    # compiles them at their first use).
    TEMPLATE_CACHE_DIR: str | None = (
        os.environ.get("TEMPLATE_CACHE_DIR", str(INSTANCE_DIR / "template-cache")) or None
    )

    # The fingerprinted, compressed static files `flask build-static` makes (app.static_files);
    # served by WhiteNoise when its manifest exists. Unset: Flask serves app/static as it is.
    STATIC_BUILD_DIR: str = os.environ.get("STATIC_BUILD_DIR", "")

    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    LANGUAGES = ("en", "zh_Hans")

    EMAIL_CONFIRMATION_MAX_AGE = 7 * 24 * 3600
    PASSWORD_RESET_MAX_AGE = 2 * 3600
    ORGANIZATION_INVITATION_MAX_AGE = 14 * 24 * 3600

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    WTF_CSRF_TIME_LIMIT: int | None = None  # token lives as long as the session

    # Rate limits: in-memory per process by default; a shared store for several app servers.
    RATELIMIT_STORAGE_URI: str = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_ENABLED: bool = _bool("RATELIMIT_ENABLED", True)
    RATELIMIT_HEADERS_ENABLED = True
    # Counts and aggregates of the public site remembered per process while the data version
    # holds (app.public.caching.derived); 0 turns the cache off.
    PUBLIC_DATA_CACHE_ENTRIES: int = int(os.environ.get("PUBLIC_DATA_CACHE_ENTRIES", "512"))
    # Whole public answers for readers who are not signed in (app.public.response_cache): this
    # many bytes per process (0 turns it off), in front of a store every worker shares
    # (app.public.stores): a Redis every worker and server shares when set, e.g.
    # redis://127.0.0.1:6379/2, else a folder this machine's workers share, at most this many
    # bytes (empty: none); entries are kept this many seconds in either.
    PUBLIC_CACHE_BYTES: int = int(os.environ.get("PUBLIC_CACHE_BYTES", str(64 * 1024 * 1024)))
    PUBLIC_CACHE_REDIS_URL: str | None = os.environ.get("PUBLIC_CACHE_REDIS_URL") or None
    PUBLIC_CACHE_DIR: str | None = (
        os.environ.get("PUBLIC_CACHE_DIR", str(INSTANCE_DIR / "public-cache")) or None
    )
    PUBLIC_CACHE_DIR_BYTES: int = int(
        os.environ.get("PUBLIC_CACHE_DIR_BYTES", str(256 * 1024 * 1024))
    )
    PUBLIC_CACHE_REDIS_SECONDS: int = int(os.environ.get("PUBLIC_CACHE_REDIS_SECONDS", "86400"))
    # After a change of public data is committed, the process that made it renders again the
    # pages readers asked for most recently (at most this many, within this many seconds), so
    # that the next reader finds them stored (app.public.warming); 0 pages turns it off.
    PUBLIC_CACHE_WARM_PAGES: int = int(os.environ.get("PUBLIC_CACHE_WARM_PAGES", "24"))
    PUBLIC_CACHE_WARM_SECONDS: float = float(os.environ.get("PUBLIC_CACHE_WARM_SECONDS", "3"))
    FORCE_HTTPS = False
    # How many reverse proxies in front set X-Forwarded-For/-Proto/-Host/-Port (0: none, the
    # headers are ignored). Trusting them without a proxy would let clients forge their address.
    PROXY_FIX = 0

    # Signed-in sessions (app.accounts.sessions): idle and absolute lifetimes, and how long
    # "keep me signed in" lasts. Secretariat members and administrators get the shorter idle
    # time and are never remembered.
    SESSION_IDLE_MINUTES: int = int(os.environ.get("SESSION_IDLE_MINUTES", "120"))
    SESSION_IDLE_MINUTES_SECRETARIAT: int = int(
        os.environ.get("SESSION_IDLE_MINUTES_SECRETARIAT", "30")
    )
    SESSION_ABSOLUTE_HOURS: int = int(os.environ.get("SESSION_ABSOLUTE_HOURS", "12"))
    REMEMBER_ME_DAYS: int = int(os.environ.get("REMEMBER_ME_DAYS", "14"))

    # The Joint Secretariat's own mail domains: never evidence of a conflict of interest.
    SECRETARIAT_MAIL_DOMAINS: tuple[str, ...] = tuple(
        domain.strip()
        for domain in os.environ.get(
            "SECRETARIAT_MAIL_DOMAINS", "state.gov,ndrc.gov.cn,ecopartnerships.org"
        ).split(",")
        if domain.strip()
    )

    # Where the public writes to the Joint Secretariat (the footer and the contact page).
    CONTACT_EMAIL: str = os.environ.get("CONTACT_EMAIL", "secretariat@ecopartnerships.org")

    # The two offices of the Joint Secretariat, as its letters and certificates are headed
    # (English and Chinese names of the U.S. side's and of the Chinese side's office).
    SECRETARIAT_OFFICES: tuple[tuple[str, str], tuple[str, str]] = (
        (
            os.environ.get("SECRETARIAT_US_NAME_EN", "U.S. Department of State"),
            os.environ.get("SECRETARIAT_US_NAME_ZH", "美国国务院"),
        ),
        (
            os.environ.get(
                "SECRETARIAT_CN_NAME_EN",
                "National Development and Reform Commission of the People’s Republic of China",
            ),
            os.environ.get("SECRETARIAT_CN_NAME_ZH", "中华人民共和国国家发展和改革委员会"),
        ),
    )

    TESTING = False
    DEBUG = False

    # Rendered PDFs kept on disk at most; writing one more removes the oldest.
    PDF_CACHE_MAX_FILES: int = int(os.environ.get("PDF_CACHE_MAX_FILES", "2000"))
    # Renders (cache misses) one address may cause without signing in: each costs 1-5 s of CPU.
    PDF_RENDER_RATE_LIMIT: str = os.environ.get(
        "PDF_RENDER_RATE_LIMIT", "10 per minute;60 per hour"
    )

    @classmethod
    def secret_key(cls, instance_dir: Path) -> str:
        """The key that signs sessions and tokens; refuses to start with a weak one."""
        return require_strong_key(cls.SECRET_KEY)


MIN_SECRET_KEY_LENGTH = 32


def require_strong_key(key: str | None) -> str:
    """`key`, if it is long enough to be a random secret; otherwise refuse to start."""
    if not key or len(key) < MIN_SECRET_KEY_LENGTH:
        raise RuntimeError(
            f"SECRET_KEY must be set to a random value of at least {MIN_SECRET_KEY_LENGTH} "
            "characters (for example: python -c 'import secrets; print(secrets.token_urlsafe(48))')."
        )
    return key


class DevelopmentConfig(Config):
    """`make run`: an embedded SQLite database and mail printed to the console."""

    DEBUG = False  # the Werkzeug debugger would show stack traces; never on

    @classmethod
    def secret_key(cls, instance_dir: Path) -> str:
        """SECRET_KEY if set; otherwise a random key made once in `instance/` and reused, so
        no development server ever signs with a key that is written down anywhere."""
        if cls.SECRET_KEY:
            return require_strong_key(cls.SECRET_KEY)
        path = instance_dir / "secret_key"
        if path.exists():
            return require_strong_key(path.read_text().strip())
        key = secrets.token_urlsafe(48)
        instance_dir.mkdir(parents=True, exist_ok=True)
        # Created readable by its owner only, and never overwritten by a racing second process.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(key)
        return key


class TestingConfig(Config):
    """The test suite: an in-memory SQLite database unless DATABASE_URL says otherwise."""

    TESTING = True
    SECRET_KEY = "testing-only-not-secret"  # noqa: S105 - tests only

    @classmethod
    def secret_key(cls, instance_dir: Path) -> str:
        """The suite's fixed key: it signs nothing that outlives a test."""
        return cls.SECRET_KEY

    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    MAIL_BACKEND = "memory"
    PUBLIC_BASE_URL = "http://portal.test"
    RATELIMIT_ENABLED = False  # tests of the limits turn them on
    PUBLIC_DATA_CACHE_ENTRIES = 0  # tests of the cache turn it on
    PUBLIC_CACHE_BYTES = 0  # tests of the cache turn it on
    PUBLIC_CACHE_REDIS_URL = None
    PUBLIC_CACHE_DIR = None  # tests of the shared folder give their own
    TEMPLATE_CACHE_DIR = None  # each test app compiles its own; tests of the folder give one
    PUBLIC_CACHE_WARM_PAGES = 0  # tests of the warming turn it on
    SERVER_NAME = None
    # Tasks run in the caller, on Huey's memory storage; the suite reads the outbox itself, and
    # the tests of the runner turn delivery after commit on.
    JOBS_IMMEDIATE = True
    JOBS_DELIVER_AFTER_COMMIT = False


class ProductionConfig(Config):
    """Served by gunicorn behind a reverse proxy, on PostgreSQL, mail over SMTP."""

    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "smtp")
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    FORCE_HTTPS = _bool("FORCE_HTTPS", True)  # HTTPS redirect and HSTS, behind the proxy
    PROXY_FIX = int(os.environ.get("PROXY_FIX", "0"))  # 1 behind one nginx (README "Deploying")
    STATIC_BUILD_DIR = os.environ.get("STATIC_BUILD_DIR", str(BASE_DIR / "build" / "static"))


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
