"""Account pages: registration, confirmation, sign-in, passwords, profile; user administration."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import or_, select
from werkzeug.wrappers import Response

from app import permissions, security
from app.accounts import appointments, policy, services, sessions
from app.accounts.forms import (
    AccountForm,
    ChangePasswordForm,
    ForgotPasswordForm,
    ProfileForm,
    RegistrationForm,
    ResetPasswordForm,
    SignInForm,
)
from app.accounts.models import Language, Role, RoleChange, Side, User
from app.extensions import db, limiter
from app.permissions import requires
from app.unit_of_work import unit_of_work

bp = Blueprint("accounts", __name__)
admin = Blueprint("admin", __name__, url_prefix="/admin")


def _safe_next(target: str | None) -> str:
    """Only local paths are followed after sign-in (no open redirect)."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("public.dashboard")


@bp.route("/register", methods=["GET", "POST"])
@requires(permissions.anyone)
@limiter.limit(security.REGISTRATION_LIMIT, methods=["POST"])
def register() -> str | Response:
    """Create an applicant account and send the confirmation link."""
    if current_user.is_authenticated:
        return redirect(url_for("public.dashboard"))
    form = RegistrationForm()
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            user = services.register_user(
                email=form.email.data,
                password=form.password.data,
                display_name=form.display_name.data,
                language=Language(form.language.data),
                time_zone=form.time_zone.data,
            )
            session.clear()
            login_user(user)
            sessions.start_session(user)
        if work.done:
            flash(
                _("Welcome! We sent a confirmation link to %(email)s.", email=user.email), "success"
            )
            return redirect(url_for("public.dashboard"))
    return render_template("accounts/register.html", form=form)


@bp.get("/confirm/<token>")
@requires(permissions.anyone)
def confirm_email(token: str) -> Response:
    """Follow the link from the confirmation mail."""
    with unit_of_work():
        user = services.confirm_email(token)
    if user is None:
        flash(
            _("This confirmation link is invalid or has expired. Sign in to get a new one."),
            "error",
        )
        return redirect(url_for("accounts.sign_in"))
    flash(_("Thank you, your e-mail address is confirmed."), "success")
    return redirect(
        url_for("public.dashboard")
        if current_user.is_authenticated
        else url_for("accounts.sign_in")
    )


@bp.post("/confirm/resend")
@requires(permissions.signed_in)
def resend_confirmation() -> Response:
    """Send a fresh confirmation link to the signed-in user."""
    if not current_user.is_email_confirmed:
        with unit_of_work():
            services.send_confirmation(current_user)
        flash(
            _("We sent a new confirmation link to %(email)s.", email=current_user.email), "success"
        )
    return redirect(url_for("public.dashboard"))


@bp.route("/login", methods=["GET", "POST"])
@requires(permissions.anyone)
@limiter.limit(security.SIGN_IN_LIMIT, methods=["POST"])
@limiter.limit(
    security.FAILED_SIGN_INS_PER_ADDRESS,
    methods=["POST"],
    key_func=security.submitted_email,
    deduct_when=security.failed_sign_in,
)
def sign_in() -> str | Response:
    """Sign in with e-mail and password."""
    if current_user.is_authenticated:
        return redirect(url_for("public.dashboard"))
    form = SignInForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            form.form_errors.append(_("The e-mail address or password is not correct."))
        else:
            with unit_of_work(form) as work:
                services.record_sign_in(user)
                session.clear()  # a fresh session at sign-in: no fixation
                login_user(user)
                sessions.start_session(user, remember=form.remember.data)
            if work.done:
                return redirect(_safe_next(request.args.get("next")))
    return render_template("accounts/sign_in.html", form=form)


@bp.post("/logout")
@requires(permissions.anyone)
def sign_out() -> Response:
    """Sign out: this browser's session ends for good, even in a copy of its cookie."""
    with unit_of_work():
        sessions.end_session()
    logout_user()
    session.clear()
    flash(_("You are signed out."), "info")
    return redirect(url_for("public.home"))


@bp.post("/account/sign-out-everywhere")
@requires(permissions.signed_in)
def sign_out_everywhere() -> Response:
    """End every session of the account, on every device, this one included."""
    with unit_of_work():
        services.sign_out_everywhere(current_user)
        sessions.end_session()
    logout_user()
    session.clear()
    flash(_("You are signed out on every device."), "info")
    return redirect(url_for("accounts.sign_in"))


@bp.route("/forgot-password", methods=["GET", "POST"])
@requires(permissions.anyone)
@limiter.limit(security.PASSWORD_RESET_LIMIT, methods=["POST"])
def forgot_password() -> str | Response:
    """Ask for a reset link. The answer is the same whether or not the address has an account."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        started = time.perf_counter()
        with unit_of_work(form):
            services.request_password_reset(form.email.data)
        security.answer_no_sooner_than(started, security.PASSWORD_RESET_ANSWER_SECONDS)
        flash(
            _("If an account uses that address, a link to choose a new password is on its way."),
            "info",
        )
        return redirect(url_for("accounts.sign_in"))
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@requires(permissions.anyone)
def reset_password(token: str) -> str | Response:
    """Choose a new password from a reset link (single use, expiring)."""
    user = services.user_for_reset_token(token)
    if user is None:
        flash(_("This reset link is invalid, used or expired. Ask for a new one."), "error")
        return redirect(url_for("accounts.forgot_password"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            services.reset_password(user, form.password.data)
        if work.done:
            flash(_("Your password is changed. Sign in with the new one."), "success")
            return redirect(url_for("accounts.sign_in"))
    return render_template("accounts/reset_password.html", form=form)


@bp.route("/account", methods=["GET", "POST"])
@requires(permissions.signed_in)
def profile() -> str | Response:
    """Name, language, time zone and the daily digest."""
    form = ProfileForm(obj=current_user)
    if request.method == "GET":
        form.language.data = str(current_user.language)
        form.notices.data = "digest" if current_user.daily_digest else "immediate"
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            services.update_profile(
                current_user,
                display_name=form.display_name.data,
                language=Language(form.language.data),
                time_zone=form.time_zone.data,
                daily_digest=form.notices.data == "digest",
                signature={name: form[name].data for name in services.SIGNATURE_FIELDS}
                if current_user.has_role(Role.CHAIR)
                else None,
            )
        if work.done:
            flash(_("Your profile is saved."), "success")
            return redirect(url_for("accounts.profile"))
    return render_template(
        "accounts/profile.html",
        form=form,
        sessions=sessions.sessions_of(current_user),
        is_current=sessions.is_current,
        browser_of=sessions.browser_of,
    )


@bp.route("/account/password", methods=["GET", "POST"])
@requires(permissions.signed_in)
def change_password() -> str | Response:
    """Change the password."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            services.change_password(current_user, form.current_password.data, form.password.data)
            user = current_user._get_current_object()
            session.clear()  # every other session ended with the old password; this one renews
            login_user(user)
            sessions.start_session(user)
        if work.done:
            flash(
                _("Your password is changed. You are signed out on every other device."), "success"
            )
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/change_password.html", form=form)


@admin.get("/users")
@requires(permissions.can_administer_users)
def users() -> str:
    """Every account, searchable by name or e-mail, with its roles."""
    query = request.args.get("q", "").strip()
    statement = select(User).order_by(User.email)
    if query:
        pattern = f"%{query.lower()}%"
        statement = statement.where(or_(User.email.like(pattern), User.display_name.ilike(pattern)))
    page = db.paginate(statement, per_page=50, error_out=False)
    return render_template("accounts/admin_users.html", page=page, query=query)


@admin.route("/users/<int:user_id>", methods=["GET", "POST"])
@requires(permissions.can_administer_user, user_id=User)
def edit_user(user: User) -> str | Response:
    """Roles, side and whether the account may sign in."""
    form = AccountForm()
    if request.method == "GET":
        form.roles.data = sorted(role.value for role in user.role_set)
        form.side.data = user.side.value if user.side else ""
        form.is_active.data = user.is_active
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            change = appointments.update_account(
                user,
                roles=[Role(value) for value in form.roles.data],
                side=Side(form.side.data) if form.side.data else None,
                is_active=form.is_active.data,
                actor=current_user,
            )
        if work.done:
            flash(_("The account of %(name)s is saved.", name=user.display_name), "success")
            if change is not None:
                flash(
                    _(
                        "The chair role changes once a chair of the %(side)s confirms it; "
                        "every chair has been told.",
                        side=change.side.label,
                    ),
                    "info",
                )
            return redirect(url_for("admin.users"))
    return render_template(
        "accounts/admin_edit_user.html",
        form=form,
        account=user,
        pending=appointments.pending_change(user),
    )


@bp.get("/appointments")
@requires(permissions.can_see_appointments)
def appointments_page() -> str:
    """Chair appointments and removals waiting for a chair's confirmation, and the latest
    settled ones."""
    return render_template(
        "accounts/appointments.html",
        pending=appointments.pending_changes(),
        recent=appointments.recent_changes(),
        may_confirm=policy.may_confirm,
    )


@bp.post("/appointments/<int:change_id>/confirm")
@requires(permissions.can_confirm_role_change, change_id=RoleChange)
def confirm_appointment(change: RoleChange) -> Response:
    """The second person confirms a chair appointment or removal."""
    done = _("Confirmed. The role of %(name)s has changed.", name=change.user.display_name)
    return _settle(change, appointments.confirm_change, done)


@bp.post("/appointments/<int:change_id>/refuse")
@requires(permissions.can_settle_role_change, change_id=RoleChange)
def refuse_appointment(change: RoleChange) -> Response:
    """A chair of the side refuses, or an administrator cancels, a waiting request."""
    done = _(
        "The request is closed; the role of %(name)s stays as it was.",
        name=change.user.display_name,
    )
    return _settle(change, appointments.refuse_change, done)


def _settle(change: RoleChange, operation: Callable[..., None], done: str) -> Response:
    with unit_of_work() as work:
        operation(change, actor=current_user)
    if work.done:
        flash(done, "success")
    return redirect(url_for("accounts.appointments_page"))
