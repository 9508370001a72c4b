"""The audit tests count queries with the same helper as the public pages."""

from tests.public.conftest import count_queries

__all__ = ["count_queries"]
