"""The portal's own absolute address, for links that leave the page: mails, feeds, the API,
canonical links, calendar feeds and the verification address printed on PDFs.

``PUBLIC_BASE_URL`` wins when a deployment sets it (production behind a proxy). Otherwise the
address is the one the portal is served on: the request's own host inside a request, and
``SERVED_AT`` (``http://HOST:PORT``, which ``make run`` passes to both the web server and the
worker) outside one, so ``PORT=8080 make run`` gives links that work.
"""

from __future__ import annotations

from flask import current_app, has_request_context, request


def stable_base_url() -> str:
    """The address for what outlives the request: mails (a password-reset link must never
    follow a forged Host header) and documents, whether made in a request or by the worker."""
    configured = current_app.config.get("PUBLIC_BASE_URL") or current_app.config["SERVED_AT"]
    return str(configured).rstrip("/")


def base_url() -> str:
    """The address for links on what is being served now (feeds, the API, canonical links):
    the configured one, else the host this request came to."""
    if current_app.config.get("PUBLIC_BASE_URL") or not has_request_context():
        return stable_base_url()
    return request.host_url.rstrip("/")
