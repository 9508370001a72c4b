"""Absolute addresses of public pages, built on PUBLIC_BASE_URL rather than the request's Host
header, so canonical links, feeds, the sitemap and the API name one stable site."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from flask import current_app, request, url_for


def public_url(endpoint: str, **values: Any) -> str:
    """The absolute address of `endpoint`."""
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + url_for(endpoint, **values)


def canonical_url(keep: Mapping[str, object] | None = None) -> str:
    """This page's canonical address: its path, with only the query arguments in `keep`
    (sorted, empty ones left out) — never the language switch or tracking parameters."""
    query = {k: str(v) for k, v in sorted((keep or {}).items()) if v not in (None, "")}
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/") + request.path
    return f"{base}?{urlencode(query)}" if query else base


def language_variant(address: str, language: str) -> str:
    """`address` in another interface language (the ``lang`` argument the locale reads)."""
    return f"{address}{'&' if '?' in address else '?'}lang={language}"
