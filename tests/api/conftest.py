"""The API's tests share the public site's fixtures."""

from tests.public.conftest import count_queries

__all__ = ["count_queries"]
