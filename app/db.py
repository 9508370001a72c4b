"""The declarative base, the constraint naming convention, the column types models share, and a
page of results (the one shape every paged read returns)."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from math import ceil
from typing import Generic, TypeVar

from sqlalchemy import DateTime, Enum, MetaData, func
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from app import clock

# Named constraints: Alembic's batch mode on SQLite cannot rebuild a table with unnamed ones.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base class of every model."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware datetime stored in UTC on every backend.

    SQLite keeps no zone, so values are normalised to UTC on the way in and tagged UTC on the way
    out; a naive datetime is refused rather than guessed at.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where a timezone-aware one is required")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def enum_type(enum_class: type[enum.StrEnum], name: str) -> Enum:
    """A string column limited to an enum's values by a named CHECK constraint."""
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(member.value) for member in enum_class),
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


class TimestampMixin:
    """`created_at` and `updated_at`, set by the database clock's UTC value."""

    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=clock.now, server_default=func.now()
    )
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(),
        default=clock.now,
        onupdate=clock.now,
        server_default=func.now(),
    )


T = TypeVar("T")


PAGES_AROUND = 2  # page numbers a pagination bar shows on each side of the current one


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a longer list."""

    items: Sequence[T]
    number: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        """How many pages the whole list fills (at least one, even when empty)."""
        return max(1, ceil(self.total / self.per_page))

    @property
    def has_previous(self) -> bool:
        """Whether a page comes before this one."""
        return self.number > 1

    @property
    def has_next(self) -> bool:
        """Whether a page comes after this one."""
        return self.number < self.pages

    def numbers_shown(self, around: int = PAGES_AROUND) -> list[int | None]:
        """The page numbers a pagination bar shows: the first, the last and those within
        `around` of this one, None where it skips some (USWDS's overflow "…"). As many
        whatever the number of pages: a bar over 100,000 updates is written from a dozen
        numbers, not by walking 10,000 pages."""
        shown = sorted(
            {
                1,
                self.pages,
                *range(max(1, self.number - around), min(self.pages, self.number + around) + 1),
            }
        )
        numbers: list[int | None] = []
        for number in shown:
            if numbers and number - (numbers[-1] or 0) > 1:
                numbers.append(None)
            numbers.append(number)
        return numbers
