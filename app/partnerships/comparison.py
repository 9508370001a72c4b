"""Two versions of an Implementation Plan side by side, with what changed marked.

Pure rules on loaded records (no database): the notes are compared line by line and, inside a
changed line, word by word (Chinese character by character); the tasks are matched by their
number (pilot year and number identify a task across versions) and compared field by field.
Each side is a list of `Segment`s, so a template marks deletions and insertions with elements
and words, not with colour alone.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

from flask_babel import lazy_gettext as _l

from app.partnerships.models import ImplementationPlan, PlanTask

Change = Literal["deleted", "inserted"] | None
TaskState = Literal["added", "removed", "changed", "unchanged"]

# A word, a run of spaces, one CJK character or one other sign: Chinese has no spaces, so a
# changed character is marked alone rather than the whole sentence.
TOKEN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|\s+|\w+|[^\w\s]")


@dataclass(frozen=True)
class Segment:
    """A stretch of text, deleted (in the older version), inserted (in the newer) or kept."""

    text: str
    change: Change = None


@dataclass(frozen=True)
class Row:
    """One line of the comparison: the older version's text beside the newer's."""

    label: str
    old: tuple[Segment, ...]
    new: tuple[Segment, ...]

    @property
    def is_changed(self) -> bool:
        """Whether anything on this line differs."""
        return any(s.change for s in (*self.old, *self.new))


@dataclass(frozen=True)
class TaskComparison:
    """A task in both versions (or in one), field by field."""

    number: str
    state: TaskState
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class PlanComparison:
    """The notes and the tasks of two versions, older first."""

    old: ImplementationPlan
    new: ImplementationPlan
    notes: tuple[Row, ...]
    tasks: tuple[TaskComparison, ...]

    @property
    def is_unchanged(self) -> bool:
        """Whether the two versions say the same."""
        return not any(r.is_changed for r in self.notes) and all(
            t.state == "unchanged" for t in self.tasks
        )


def _words(old: str, new: str) -> tuple[tuple[Segment, ...], tuple[Segment, ...]]:
    """Word-level marks between two texts."""
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    left: list[Segment] = []
    right: list[Segment] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            left.append(Segment("".join(a[i1:i2])))
            right.append(Segment("".join(b[j1:j2])))
            continue
        if i2 > i1:
            left.append(Segment("".join(a[i1:i2]), "deleted"))
        if j2 > j1:
            right.append(Segment("".join(b[j1:j2]), "inserted"))
    return tuple(left), tuple(right)


def _whole(text: str, change: Change) -> tuple[Segment, ...]:
    return (Segment(text, change),) if text else ()


def compare_text(old: str, new: str, label: str = "") -> tuple[Row, ...]:
    """Two texts line by line: kept lines, deleted and inserted lines, and changed lines
    marked word by word."""
    a, b = old.splitlines(), new.splitlines()
    rows: list[Row] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows += [Row(label, _whole(line, None), _whole(line, None)) for line in a[i1:i2]]
            continue
        olds, news = a[i1:i2], b[j1:j2]
        for k in range(max(len(olds), len(news))):
            before = olds[k] if k < len(olds) else None
            after = news[k] if k < len(news) else None
            if before is not None and after is not None:
                left, right = _words(before, after)
                rows.append(Row(label, left, right))
            elif before is not None:
                rows.append(Row(label, _whole(before, "deleted"), ()))
            elif after is not None:
                rows.append(Row(label, (), _whole(after, "inserted")))
    return tuple(rows)


def _task_fields(task: PlanTask | None) -> list[tuple[str, str]]:
    if task is None:
        return [(str(label), "") for label, _ in TASK_FIELDS]
    return [(str(label), read(task)) for label, read in TASK_FIELDS]


TASK_FIELDS = (
    (_l("Task in English"), lambda t: t.title_en),
    (_l("Task in Chinese"), lambda t: t.title_zh),
    (_l("Measurable target"), lambda t: t.target),
    (_l("Due date"), lambda t: t.due_on.isoformat() if t.due_on else ""),
)


def _compare_task(old: PlanTask | None, new: PlanTask | None) -> TaskComparison:
    task = new or old
    assert task is not None
    rows: list[Row] = []
    for (label, before), (_, after) in zip(_task_fields(old), _task_fields(new), strict=True):
        if old is None:
            rows.append(Row(label, (), _whole(after, "inserted")))
        elif new is None:
            rows.append(Row(label, _whole(before, "deleted"), ()))
        else:
            left, right = _words(before, after)
            rows.append(Row(label, left, right))
    state: TaskState
    if old is None:
        state = "added"
    elif new is None:
        state = "removed"
    else:
        state = "changed" if any(r.is_changed for r in rows) else "unchanged"
    return TaskComparison(f"{task.pilot_year}.{task.number}", state, tuple(rows))


def compare_plans(old: ImplementationPlan, new: ImplementationPlan) -> PlanComparison:
    """`old` and `new` side by side."""
    before = {(t.pilot_year, t.number): t for t in old.tasks}
    after = {(t.pilot_year, t.number): t for t in new.tasks}
    tasks = tuple(
        _compare_task(before.get(key), after.get(key))
        for key in sorted(before.keys() | after.keys())
    )
    return PlanComparison(old, new, compare_text(old.body, new.body), tasks)
