"""The public tests' query counter, for the search's budget."""

from tests.public.conftest import count_queries

__all__ = ["count_queries"]
