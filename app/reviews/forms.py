"""Review forms: scoring against the rubric, recusal, conflicts, screening, assignment, the
discussion and the two-key decisions. Drafts accept whatever is typed; the services decide
what a submission needs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateTimeLocalField,
    DecimalField,
    RadioField,
    SelectChoice,
    SelectField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from app.accounts.forms import version_field
from app.accounts.models import User
from app.i18n import localized
from app.reviews import calibration
from app.reviews.labels import Anchor, score_anchors
from app.reviews.models import DecisionOutcome, Recommendation
from app.solicitations.forms import DATETIME_FORMATS, TIME_ZONE_CHOICES
from app.solicitations.models import Solicitation


def _long_text(label: object, *, required: bool = False, rows: int = 6, **kw: Any) -> TextAreaField:
    validators: list[Any] = [InputRequired()] if required else [Optional()]
    validators.append(Length(max=10_000, message=_l("At most %(max)d characters.", max=10_000)))
    return TextAreaField(label, validators=validators, render_kw={"rows": rows}, **kw)


class Scored:
    """What `review_form` and `revision_form` give a form besides its score fields: each
    field's weight and anchors (the page shows them, the running total reads the weights)."""

    score_fields: list[str]
    weights: dict[str, float]
    anchors: dict[str, list[Anchor]]

    def chosen_scores(self) -> dict[int, float]:
        """The scores chosen so far, by the field's place in `score_fields`."""
        chosen = {}
        for index, name in enumerate(self.score_fields):
            value = getattr(self, name).data
            if isinstance(value, str) and value.isdigit():
                chosen[index] = float(value)
        return chosen

    def scored_count(self) -> int:
        """How many criteria have a score chosen."""
        return len(self.chosen_scores())

    def running_mean(self) -> float | None:
        """The weighted mean of the scores chosen so far, by the ranking's own rule
        (`calibration.weighted_mean`); None before any is chosen."""
        scores = self.chosen_scores()
        weights = {index: self.weights[name] for index, name in enumerate(self.score_fields)}
        try:
            return calibration.weighted_mean(scores, weights) if scores else None
        except ValueError:  # only criteria weighing nothing were scored
            return None


class ReviewForm(Scored, FlaskForm):
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


class RevisionForm(Scored, FlaskForm):
    """A submitted review revised during its proposal's discussion: the recommendation and a
    note; `revision_form` adds one score field per criterion."""

    version = version_field()
    recommendation = RadioField(
        _l("Recommendation"),
        choices=[SelectChoice(r, label) for r, label in Recommendation.choices()],
        validators=[Optional()],
    )
    note = _long_text(
        _l("What changed your mind (optional)"),
        rows=3,
        description=_l("Shown with the revision to the chairs and the discussion's reviewers."),
    )


F = TypeVar("F", ReviewForm, RevisionForm)


def review_form(solicitation: Solicitation, **kwargs: Any) -> ReviewForm:
    """The review form for `solicitation`'s rubric: a score field per criterion, each choice
    on the call's scale with the text that anchors it for that criterion."""
    return _scored(ReviewForm, solicitation, kwargs)


def revision_form(solicitation: Solicitation, **kwargs: Any) -> RevisionForm:
    """The revision form for `solicitation`'s rubric, scored as the review form is."""
    return _scored(RevisionForm, solicitation, kwargs)


def _scored(base: type[F], solicitation: Solicitation, kwargs: dict[str, Any]) -> F:
    """An instance of `base` with a score field per criterion of the call's rubric."""
    locale = str(get_locale() or "en")

    class Form(base):  # type: ignore[valid-type,misc]
        pass

    names, weights, anchors = [], {}, {}
    for criterion in solicitation.criteria:
        scale = score_anchors(solicitation, criterion)
        choices = [SelectChoice(str(a.score), f"{a.score} — {a.text}") for a in scale]
        name = f"score_{criterion.id}"
        names.append(name)
        weights[name] = float(criterion.weight)
        anchors[name] = scale
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
    form.score_fields, form.weights, form.anchors = names, weights, anchors
    return form


class RecuseForm(FlaskForm):
    """A reviewer declares a conflict with the proposal in front of them."""

    reason = _long_text(
        _l("Why you have a conflict of interest"),
        required=True,
        rows=3,
        description=_l("The chairs read this; the applicant does not."),
    )


class DeclineForm(FlaskForm):
    """A reviewer without the time for a review gives it back, saying why."""

    note = _long_text(
        _l("Why you cannot review it"),
        required=True,
        rows=2,
        description=_l(
            "For lack of time, not a conflict of interest (for that, recuse yourself). The "
            "chairs read this and ask another reviewer."
        ),
    )


class DueDateForm(FlaskForm):
    """A chair's due date for one review; empty returns it to the call's review deadline."""

    due_at = DateTimeLocalField(
        _l("Due (date and time)"),
        format=DATETIME_FORMATS,
        invalid_value_message=_l("Enter a date and a time, e.g. 2027-05-31 11:59."),
        validators=[Optional()],
    )
    due_at_zone = SelectField(
        _l("Time zone"), choices=TIME_ZONE_CHOICES, default="America/New_York"
    )


def _chosen_id(value: object) -> int | None:
    """A chosen record's id; None for the empty placeholder (or anything not an id)."""
    text = str(value) if value is not None else ""
    return int(text) if text.isdigit() else None


class ConflictForm(FlaskForm):
    """A reviewer declares a conflict with an organization, before or after assignment."""

    organization_id = SelectField(
        _l("Organization"),
        coerce=_chosen_id,
        description=_l("Type part of its name in English or Chinese."),
        validators=[InputRequired(message=_l("Choose an organization."))],
    )
    reason = _long_text(_l("Reason"), required=True, rows=3)


def reviewer_label(member: User) -> str:
    """A Secretariat member as a combo-box option: the name and the side, so that typing
    either finds them."""
    return f"{member.display_name} ({member.side.label})" if member.side else member.display_name


def _reviewer_field(label: object) -> SelectField:
    """A Secretariat member, picked in a list filtered as one types (a USWDS combo box)."""
    return SelectField(
        label,
        coerce=_chosen_id,
        description=_l("Type part of a name, or the side."),
        validators=[InputRequired(message=_l("Choose a reviewer."))],
    )


class OffersReviewers:
    """A form with a `reviewer_id` combo box offering Secretariat members."""

    reviewer_id: SelectField

    def offer(self, members: Sequence[User]) -> None:
        """Offer `members`, after an empty placeholder (the combo box's "nothing chosen")."""
        self.reviewer_id.choices = [
            SelectChoice("", _l("- Select -")),
            *(SelectChoice(str(m.id), reviewer_label(m)) for m in members),
        ]


class ChairConflictForm(OffersReviewers, ConflictForm):
    """A chair records a conflict for any reviewer."""

    reviewer_id = _reviewer_field(_l("Reviewer"))


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


class AssignForm(OffersReviewers, FlaskForm):
    """Add one reviewer by hand."""

    reviewer_id = _reviewer_field(_l("Add a reviewer"))


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


class ThresholdForm(FlaskForm):
    """The spread of a proposal's review scores from which its reviewers disagree."""

    spread = DecimalField(
        _l("Open a discussion when the spread reaches"),
        places=2,
        render_kw={"type": "number", "step": "0.1", "min": "0.1"},
        validators=[
            InputRequired(),
            NumberRange(min=0.1, max=100, message=_l("Choose a spread above 0.")),
        ],
    )


class ResolveForm(FlaskForm):
    """A chair says how a disagreement was resolved."""

    note = _long_text(_l("How the disagreement was resolved"), required=True, rows=3)


class ConfirmForm(FlaskForm):
    """A button that changes something: only the CSRF token."""
