"""The runner's tests on a database of their own (several connections, committed data) use
the fixtures of the reliability tests."""

from tests.reliability.conftest import make_app, own_app

__all__ = ["make_app", "own_app"]
