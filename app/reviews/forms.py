"""Review forms: scoring against the rubric, recusal, conflicts, screening, assignment, the
discussion and the two-key decisions. Drafts accept whatever is typed; the services decide
what a submission needs."""

from __future__ import annotations

from typing import Any

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from app.accounts.forms import version_field
from app.i18n import localized
from app.reviews.labels import score_anchors
from app.reviews.models import DecisionOutcome, Recommendation
from app.solicitations.models import Solicitation


def _long_text(label: object, *, required: bool = False, rows: int = 6, **kw: Any) -> TextAreaField:
    validators: list[Any] = [InputRequired()] if required else [Optional()]
    validators.append(Length(max=10_000, message=_l("At most %(max)d characters.", max=10_000)))
    return TextAreaField(label, validators=validators, render_kw={"rows": rows}, **kw)


class ReviewForm(FlaskForm):
    """Comments and recommendation; `review_form` adds one score field per criterion."""

    version = version_field()
    comments_to_applicant = _long_text(
        _l("Comments to the applicant"),
        rows=8,
        description=_l(
            "Sent with the decision letter, without your name. Write them so the partners can "
            "learn from them."
        ),
    )
    comments_to_secretariat = _long_text(
        _l("Confidential comments to the secretariat"),
        description=_l("Read by the chairs only; never by applicants or the other reviewers."),
    )
    recommendation = RadioField(
        _l("Recommendation"),
        choices=[SelectChoice(r, label) for r, label in Recommendation.choices()],
        validators=[Optional()],
    )

    score_fields: list[str]


def review_form(solicitation: Solicitation, **kwargs: Any) -> ReviewForm:
    """The review form for `solicitation`'s rubric: a score field per criterion, each choice
    on the call's scale with the text that anchors it for that criterion."""
    locale = str(get_locale() or "en")

    class Form(ReviewForm):
        pass

    names = []
    for criterion in solicitation.criteria:
        choices = [
            SelectChoice(str(a.score), f"{a.score} — {a.text}")
            for a in score_anchors(solicitation, criterion)
        ]
        name = f"score_{criterion.id}"
        names.append(name)
        label = _l(
            "%(name)s (weight %(weight)s)",
            name=localized(criterion, "name", locale),
            weight=f"{float(criterion.weight):g}",
        )
        setattr(
            Form,
            name,
            RadioField(
                label,
                choices=choices,
                validators=[Optional()],
                description=localized(criterion, "description", locale),
            ),
        )
    form = Form(**kwargs)
    form.score_fields = names
    return form


class RecuseForm(FlaskForm):
    """A reviewer declares a conflict with the proposal in front of them."""

    reason = _long_text(
        _l("Why you have a conflict of interest"),
        required=True,
        rows=3,
        description=_l("The chairs read this; the applicant does not."),
    )


class ConflictForm(FlaskForm):
    """A reviewer declares a conflict with an organization, before or after assignment."""

    organization_id = SelectField(_l("Organization"), coerce=int, validators=[InputRequired()])
    reason = _long_text(_l("Reason"), required=True, rows=3)


class ChairConflictForm(ConflictForm):
    """A chair records a conflict for any reviewer."""

    reviewer_id = SelectField(_l("Reviewer"), coerce=int, validators=[InputRequired()])


class ScreeningForm(FlaskForm):
    """Eligible or not, and why not."""

    eligible = RadioField(
        _l("Screening"),
        choices=[SelectChoice("yes", _l("Eligible")), SelectChoice("no", _l("Ineligible"))],
        validators=[InputRequired()],
    )
    reason = _long_text(
        _l("Reason for ineligibility"),
        rows=2,
        description=_l("Told to the applicant in the decision letter."),
    )


class AssignForm(FlaskForm):
    """Add one reviewer by hand."""

    reviewer_id = SelectField(_l("Add a reviewer"), coerce=int, validators=[InputRequired()])


class DecisionForm(FlaskForm):
    """A chair proposes an outcome with its rationale."""

    outcome = RadioField(
        _l("Proposed decision"),
        choices=[SelectChoice(o, label) for o, label in DecisionOutcome.choices()],
        validators=[InputRequired()],
    )
    rationale = _long_text(_l("Rationale"), required=True, rows=4)


class CommentForm(FlaskForm):
    """A contribution to the internal discussion."""

    body = _long_text(_l("Your comment"), required=True, rows=4)


class ConfirmForm(FlaskForm):
    """A button that changes something: only the CSRF token."""
