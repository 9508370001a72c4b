"""The EcoPartnerships Portal: the application factory."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask
from jinja2 import FileSystemBytecodeCache
from werkzeug.middleware.proxy_fix import ProxyFix

from config import CONFIGS

ROOT = Path(__file__).resolve().parent.parent


def create_app(config_name: str | None = None, **overrides: object) -> Flask:
    """Build the portal for `config_name` (default: ``PORTAL_CONFIG`` or development)."""
    name = config_name or os.environ.get("PORTAL_CONFIG", "development")
    if name not in CONFIGS:
        raise RuntimeError(f"PORTAL_CONFIG must be one of {', '.join(CONFIGS)}, not {name!r}.")
    config_class = CONFIGS[name]

    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        instance_path=str(ROOT / "instance"),
    )
    app.config.from_object(config_class)
    app.config.update(overrides)
    if "SECRET_KEY" not in overrides:  # before anything can sign with it
        app.config["SECRET_KEY"] = config_class.secret_key(Path(app.instance_path))
    app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_UPLOAD_BYTES"] + 1024 * 1024
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if folder := app.config.get("TEMPLATE_CACHE_DIR"):
        _compile_templates_once(app, Path(folder))
    from app.public import response_cache, warming

    response_cache.init_app(app)  # first: its lookup runs before any other hook, its store last
    warming.init_app(app)  # after a change, the most read pages are rendered again
    if hops := int(app.config.get("PROXY_FIX", 0)):  # the client's address and scheme, for
        # the cache's fast path too
        proxied = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)
        app.wsgi_app = proxied  # type: ignore[method-assign]
    _init_extensions(app)
    from app.permissions import RecordIdConverter

    app.url_map.converters["int"] = RecordIdConverter  # before any route is added
    _register_blueprints(app)
    from app.public import caching

    caching.init_app(app)

    from app import (
        cli,
        db_upkeep,  # noqa: F401  (PRAGMA optimize on SQLite's connections)
        errors,
        i18n,
        jobs,
        permissions,
        security,
        static_files,
    )
    from app.finder import index  # noqa: F401  (keeps the partner finder's index in step)
    from app.organizations.subdivisions import place_name
    from app.partnerships.queries import plan_standing
    from app.search import documents  # noqa: F401  (keeps the search index in step)

    errors.init_app(app)
    permissions.init_app(app)
    security.init_app(app)
    i18n.init_app(app)
    app.add_template_global(place_name)
    app.add_template_filter(place_name)
    app.add_template_global(plan_standing)
    cli.init_app(app)
    jobs.init_app(app)
    static_files.init_app(app)
    return app


def _compile_templates_once(app: Flask, folder: Path) -> None:
    """Keep the templates' compiled code in `folder` for every process of this machine: a new
    process (a worker after a deploy, a command that warms the public pages) loads it instead
    of compiling each template again (the first home, directory and partnership pages in a new
    process: 434 → 241 ms). Jinja checks each file's source checksum, so an edited template is
    compiled again."""
    folder.mkdir(parents=True, exist_ok=True)
    app.jinja_env.bytecode_cache = FileSystemBytecodeCache(str(folder))


def _init_extensions(app: Flask) -> None:
    from app import i18n, models  # noqa: F401  (models: every table known to Alembic)
    from app.accounts import sessions
    from app.extensions import babel, csrf, db, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=i18n.select_locale,
        timezone_selector=i18n.select_timezone,
        default_translation_directories=str(ROOT / "app" / "translations"),
    )
    login_manager.init_app(app)
    login_manager.user_loader(sessions.load_user)
    login_manager.request_loader(lambda _request: sessions.resume_remembered())
    login_manager.login_view = "accounts.sign_in"
    login_manager.session_protection = "strong"


def _register_blueprints(app: Flask) -> None:
    from app.accounts.views import admin
    from app.accounts.views import bp as accounts
    from app.api.views import bp as api
    from app.audit.views import bp as audit
    from app.calendars.views import bp as calendars
    from app.exports.verification_views import bp as verification
    from app.exports.views import bp as exports
    from app.finder.views import bp as finder
    from app.introductions.views import bp as introductions
    from app.introductions.views import reports as introduction_reports
    from app.notices.views import bp as notices
    from app.notifications.views import bp as outbox
    from app.organizations.views import bp as organizations
    from app.partnerships.record_views import bp as partnership_records
    from app.partnerships.views import bp as partnerships
    from app.proposals import resubmission_views  # noqa: F401 - registers its pages on proposals
    from app.proposals.views import bp as proposals
    from app.public.site import bp as site
    from app.public.views import bp as public
    from app.reviews.views import bp as reviews
    from app.reviews.views import chairs as review_chairs
    from app.solicitations.views import bp as solicitations
    from app.solicitations.views import manage as manage_solicitations
    from app.subscriptions.views import bp as subscriptions
    from app.updates.views import bp as updates

    for blueprint in (public, site, accounts, admin, outbox, organizations, proposals):
        app.register_blueprint(blueprint)
    for blueprint in (solicitations, manage_solicitations):
        app.register_blueprint(blueprint)
    for blueprint in (partnerships, partnership_records, updates, calendars, subscriptions):
        app.register_blueprint(blueprint)
    for blueprint in (reviews, review_chairs):
        app.register_blueprint(blueprint)
    app.register_blueprint(api)
    app.register_blueprint(exports)
    app.register_blueprint(audit)
    app.register_blueprint(verification)
    app.register_blueprint(notices)  # issue 18: partner-search notices
    app.register_blueprint(introductions)
    app.register_blueprint(introduction_reports)
    app.register_blueprint(finder)
