"""Command-line tasks: ``flask --app wsgi <command>``. Each commits once, like a request."""

from __future__ import annotations

import time
from pathlib import Path

import click
from flask import Flask, current_app

from app.accounts.models import Language, Role, Side
from app.errors import ServiceError
from app.extensions import db


def init_app(app: Flask) -> None:
    """Register the commands."""
    app.cli.add_command(create_user_command)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(send_mail_command)
    app.cli.add_command(send_reminders_command)
    app.cli.add_command(worker_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(appoint_chair_command)
    app.cli.add_command(build_static_command)
    app.cli.add_command(reindex_search_command)


@click.command("create-user")
@click.option("--email", required=True)
@click.option("--password", required=True, help="At least 12 characters, not a common one.")
@click.option("--name", "display_name", default="", help="Display name (default: the e-mail).")
@click.option(
    "--role", "roles", multiple=True, required=True, type=click.Choice([r.value for r in Role])
)
@click.option("--side", type=click.Choice([s.value for s in Side]), default=None)
@click.option("--language", type=click.Choice([lang.value for lang in Language]), default="en")
def create_user_command(
    email: str,
    password: str,
    display_name: str,
    roles: tuple[str, ...],
    side: str | None,
    language: str,
) -> None:
    """Create an account with the given roles (its e-mail address counts as confirmed).

    A chair is created here only as the first of a side; after that a sitting chair confirms
    every appointment in the portal."""
    from app.accounts.appointments import active_chairs
    from app.accounts.services import create_user

    if Role.CHAIR.value in roles and side and active_chairs(Side(side)):
        raise click.ClickException(
            "This side has a chair: create the account without --role chair and appoint it "
            "in the portal, where a sitting chair confirms."
        )
    try:
        user = create_user(
            email=email,
            password=password,
            display_name=display_name or email,
            roles=[Role(r) for r in roles],
            side=Side(side) if side else None,
            language=Language(language),
            email_confirmed=True,
        )
    except ServiceError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"Created {user.email} ({', '.join(sorted(roles))}{', ' + side if side else ''}).")


@click.command("appoint-chair")
@click.option("--email", required=True, help="The existing account to appoint.")
@click.option("--side", required=True, type=click.Choice([s.value for s in Side]))
def appoint_chair_command(email: str, side: str) -> None:
    """Appoint the first chair of a side (audited, every chair told). Once a side has a
    chair, appointments are made in the portal and confirmed by a sitting chair."""
    from app.accounts.appointments import appoint_first_chair
    from app.accounts.services import find_user_by_email

    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No account uses {email}.")
    try:
        appoint_first_chair(user, Side(side))
    except ServiceError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"{user.email} is now a chair of the {side} side.")


@click.command("seed-demo")
@click.option(
    "--scale",
    type=click.IntRange(min=1),
    default=None,
    help="Also add a synthetic data set of this many partnerships (for benchmarks).",
)
@click.option(
    "--seed",
    type=int,
    default=1,
    show_default=True,
    help="Random seed of the synthetic data set: the same seed gives the same data.",
)
def seed_demo_command(scale: int | None, seed: int) -> None:
    """Load the program's history and demo accounts. Running it again changes nothing."""
    from app.demo.services import seed_demo

    summary = seed_demo()
    db.session.commit()
    click.echo(summary.describe())
    if scale is not None:
        from app.demo.scale import seed_scale

        scaled = seed_scale(scale, seed=seed)
        if scaled.created:  # bulk INSERTs: no flush told the search index
            from app.search.documents import reindex

            reindex(db.session.connection(), build_indexes_after=True)
        db.session.commit()
        click.echo(scaled.describe())


@click.command("reindex-search")
def reindex_search_command() -> None:
    """Write every partnership's search document and the vocabulary again from the records:
    after rows were written around the application (a bulk load, a restore of old data)."""
    from app.search.documents import reindex

    started = time.perf_counter()
    count = reindex(db.session.connection())
    db.session.commit()
    click.echo(f"Indexed {count} partnerships in {time.perf_counter() - started:.1f} s.")


@click.command("send-mail")
@click.option("--limit", default=100, show_default=True, help="Messages to send in this run.")
def send_mail_command(limit: int) -> None:
    """Deliver what is due in the outbox now, as a worker does (the worker of ``make run``
    does this by itself). A message that fails is tried again later, with back-off."""
    from app.notifications.delivery import deliver_due

    run = deliver_due(limit)
    click.echo(run.describe())
    if run.retrying or run.failed:
        raise SystemExit(1)


@click.command("worker")
@click.option("--workers", default=2, show_default=True, help="Tasks run at the same time.")
@click.option(
    "--max-delay",
    default=1.0,
    show_default=True,
    help="Longest pause, in seconds, between two looks at an idle SQLite queue.",
)
def worker_command(workers: int, max_delay: float) -> None:
    """Run the job runner: deliver mail seconds after it is queued, and the periodic tasks
    (outbox sweep every minute, reminders hourly, digests daily). Start as many as you like,
    on as many machines, against one Redis (JOBS_REDIS_URL). Ctrl-C stops it gracefully."""
    import logging

    from app.jobs import jobs_of

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    jobs = jobs_of(current_app._get_current_object())  # type: ignore[attr-defined]
    if jobs.huey.immediate:
        raise click.ClickException("JOBS_IMMEDIATE is set: tasks run in the caller, no worker.")
    consumer = jobs.huey.create_consumer(
        workers=workers, worker_type="thread", periodic=True, max_delay=max_delay
    )
    consumer.run()


@click.command("send-reminders")
def send_reminders_command() -> None:
    """Queue the reminders due today (plan, milestones, updates; reviews due or overdue). Each
    is sent only once, so this is safe to run at any time; the worker runs it every hour."""
    from app.partnerships.reminders import send_reminders
    from app.reviews.reminders import send_review_reminders

    run = send_reminders()
    reviews = send_review_reminders()
    db.session.commit()
    click.echo(run.describe())
    click.echo(f"Reviews: {reviews.describe()}")


@click.command("backup")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="File to write (default: instance/backups/portal-<UTC time>.sqlite3 or .dump).",
)
def backup_command(output: Path | None) -> None:
    """Copy the database to a file: SQLite's online backup, or pg_dump's custom format for
    PostgreSQL. Safe while the portal serves; the file is readable by its owner only."""
    from app import backups, clock

    url = db.engine.url
    if output is None:
        folder = Path(current_app.instance_path) / "backups"
        output = backups.default_backup_path(url, folder, clock.now())
    try:
        path = backups.backup_database(url, output)
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from None
    tables = backups.fingerprint(db.engine)
    rows = sum(table.rows for table in tables.values())
    click.echo(f"Backed up {rows} rows in {len(tables)} tables to {path}.")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Replace the current data without asking.")
def restore_command(path: Path, yes: bool) -> None:
    """Replace every record of the database with those of a backup made by ``backup``."""
    from app import backups

    url = db.engine.url
    if not yes:
        click.confirm(
            f"Replace every record of {url.render_as_string(hide_password=True)} with {path}?",
            abort=True,
        )
    db.session.remove()
    db.engine.dispose()  # no pooled connection may hold a table the restore replaces
    try:
        backups.restore_database(url, path)
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from None
    from app import data_version

    with db.engine.begin() as connection:  # no shared cache may take this data for the last
        data_version.start_new_epoch(connection)
    tables = backups.fingerprint(db.engine)
    rows = sum(table.rows for table in tables.values())
    click.echo(f"Restored {path}: {rows} rows in {len(tables)} tables.")


@click.command("build-static")
def build_static_command() -> None:
    """Fingerprint and compress app/static into STATIC_BUILD_DIR, for WhiteNoise to serve."""
    from app.static_files import build_static

    target = current_app.config.get("STATIC_BUILD_DIR")
    if not target:
        raise click.ClickException("Set STATIC_BUILD_DIR (production sets build/static).")
    manifest = build_static(Path(str(current_app.static_folder)), Path(target))
    click.echo(f"{len(manifest)} files fingerprinted and compressed in {target}")
