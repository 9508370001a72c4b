"""Enums that carry their own label, and states that carry their own transitions.

A status is written in one place: its member, its translatable label beside it, and — for a
record's state — the states it may move to, on the enum's `transitions` table. Templates show a
member with the `|label` filter; operations change a record's state with `transition()`, which
refuses a move the table does not allow. (Indico's `TitledIntEnum.__titles__` is the model.)
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any, ClassVar, Self, TypeVar

from flask_babel import LazyString, get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import inspect

from app.errors import ServiceError


class Tone(enum.StrEnum):
    """What a status tag's colour means, the same on every page: one colour, one meaning.

    A state says its tone beside its label (``DECLINED = "declined", _l("Declined"),
    Tone.PROBLEM``); the `|tag` filter turns it into the USWDS colour in `TAG_CLASSES`.
    """

    NEUTRAL = "neutral"  # not started, or no longer in play: grey
    WAITING = "waiting"  # waits on someone's answer or action: gold
    UNDER_WAY = "under_way"  # in progress: blue
    GOOD = "good"  # a good outcome, or running as it should: green
    FINISHED = "finished"  # completed its course (graduated, decisions published): dark cyan
    PROBLEM = "problem"  # declined, returned, withdrawn, flagged, overdue, failed: red


TAG_CLASSES: Mapping[Tone, str] = {
    Tone.NEUTRAL: "bg-base-lighter text-ink",
    Tone.WAITING: "bg-gold text-ink",
    Tone.UNDER_WAY: "bg-primary",
    Tone.GOOD: "bg-green",
    Tone.FINISHED: "bg-accent-cool-darker",
    Tone.PROBLEM: "bg-secondary-dark",
}


# Each member's label in each language, as the catalogs give it (they change only with a new
# release): a lazy label looks its catalog up through Flask-Babel at every use, and the chairs'
# ranking of a hundred lines asked for three hundred (a fifth of its page's time). Keyed by the
# enum too: members of two enums may share a value, never a label.
_labels: dict[tuple[object, type, str], str] = {}


class Labelled(enum.StrEnum):
    """A string enum whose members are written ``NAME = "value", _l("Label")``, a status with
    its tag's tone after the label (neutral when left out)."""

    _value_: str
    _label: LazyString
    _tone: Tone

    # `label` is optional only for the type checker, which reads `Cls(value)` lookups as calls
    # of this constructor; Enum calls it once per member, and every member must have a label.
    def __new__(
        cls, value: str, label: LazyString | None = None, tone: Tone = Tone.NEUTRAL
    ) -> Self:
        if label is None:
            raise TypeError(f"{cls.__name__}.{value} has no label")
        member = str.__new__(cls, value)
        member._value_ = value
        member._label = label
        member._tone = tone
        return member

    @property
    def tone(self) -> Tone:
        """What the member's status tag says by its colour."""
        return self._tone

    @property
    def label(self) -> str:
        """The member's name for people, in the reader's language (`_labels`)."""
        locale = get_locale()
        if locale is None:
            return str(self._label)
        key = (locale, type(self), self.value)
        found = _labels.get(key)
        if found is None:
            found = _labels[key] = str(self._label)
        return found

    @classmethod
    def choices(cls) -> list[tuple[str, LazyString]]:
        """(value, label) pairs in declaration order, for a select or radio field."""
        return [(member.value, member._label) for member in cls]


class State(Labelled):
    """A record's state: labelled, and knowing which states may follow it.

    Subclasses list their moves in `__transitions__`, a mapping from each state to the states it
    may become; a state missing from it is final. The table is given as strings because the
    members do not exist yet while the class body runs; `successors` turns them into members
    (and fails loudly on a typo the first time it is read).
    """

    # A dunder name, so that Enum does not take the table for a member.
    __transitions__: ClassVar[Mapping[str, tuple[str, ...]]] = {}

    @property
    def successors(self) -> frozenset[Self]:
        """The states this one may become."""
        return _successors(type(self))[self]

    def may_become(self, target: Self) -> bool:
        """Whether the table allows moving from this state to `target`."""
        return target in self.successors


@cache
def _successors(state_class: type[State]) -> dict[Any, frozenset[Any]]:
    table = {member: frozenset[Any]() for member in state_class}
    for source, targets in state_class.__transitions__.items():
        table[state_class(source)] = frozenset(state_class(target) for target in targets)
    return table


def _state_attribute(record_class: type, state_class: type[State]) -> str:
    """The name of the record's column that holds a `state_class` value."""
    return _state_attributes(record_class)[state_class]


@cache
def _state_attributes(record_class: type) -> dict[type[State], str]:
    found: dict[type[State], str] = {}
    for attribute in inspect(record_class).column_attrs:  # type: ignore[var-annotated]
        column_type = attribute.columns[0].type
        enum_class = getattr(column_type, "enum_class", None)
        if isinstance(enum_class, type) and issubclass(enum_class, State):
            found[enum_class] = attribute.key
    return found


S = TypeVar("S", bound=State)


def transition(record: object, target: S, *, refusal: Callable[[S], object] | None = None) -> S:
    """Move `record` to `target` if its state's table allows it; return the state it left.

    A refused move raises `ServiceError` with `refusal(current_state)` when given (an operation
    that can say why in its own words), else a message naming both states.
    """
    attribute = _state_attribute(type(record), type(target))
    current: S = getattr(record, attribute)
    if not current.may_become(target):
        if refusal is not None:
            raise ServiceError(refusal(current))
        raise ServiceError(
            _l(
                "This cannot go from %(current)s to %(target)s.",
                current=current.label.lower(),
                target=target.label.lower(),
            )
        )
    setattr(record, attribute, target)
    return current
