"""Fixtures of the partner finder's tests."""

from tests.public.conftest import count_queries

__all__ = ["count_queries"]
