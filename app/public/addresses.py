"""Absolute addresses of public pages, built on the portal's own address
(app.addresses: PUBLIC_BASE_URL when set), so canonical links, feeds, the sitemap and the API
name the site they are read on."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from flask import request, url_for

from app.addresses import base_url


def public_url(endpoint: str, **values: Any) -> str:
    """The absolute address of `endpoint`."""
    return base_url() + url_for(endpoint, **values)


def canonical_url(keep: Mapping[str, object] | None = None) -> str:
    """This page's canonical address: its path, with only the query arguments in `keep`
    (sorted, empty ones left out) — never the language switch or tracking parameters."""
    query = {k: str(v) for k, v in sorted((keep or {}).items()) if v not in (None, "")}
    base = base_url() + request.path
    return f"{base}?{urlencode(query)}" if query else base


def language_variant(address: str, language: str) -> str:
    """`address` in another interface language (the ``lang`` argument the locale reads)."""
    return f"{address}{'&' if '?' in address else '?'}lang={language}"
