"""Progress update operations: members draft and submit, a chair publishes or returns.

Only a published public update reaches the public pages and the feed (see
`app.public.read_model`); secretariat-only updates are internal notes the chairs accept
without publishing them to anyone else. Bodies are Markdown, rendered through the allow-list of
`app.markdown` and refused outright when they carry HTML. An optional image is decoded,
re-encoded (which drops any metadata or payload), scaled to at most 1600 pixels and stored under
``UPLOAD_DIR`` with a random name.
"""

from __future__ import annotations

import io
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from app import clock
from app.accounts.appointments import active_chairs
from app.accounts.models import Language, User
from app.audit.services import record_event
from app.errors import ServiceError
from app.extensions import db
from app.notifications.services import queue_mail
from app.partnerships.models import Partnership, PartnershipStatus
from app.partnerships.queries import partnership_members
from app.states import transition
from app.subscriptions.services import notify_subscribers
from app.updates.models import ProgressUpdate, UpdateState, Visibility

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_SIDE = 1600
# Refused before decoding. A decoded image takes 3 bytes a pixel (4 with transparency): 24 million
# pixels, a 6000 × 4000 photograph (what a good phone camera saves), is at most 96 MB and about a
# second to re-encode; the previous 50 million let a 7070 × 7070 PNG cost 2 s and 600 MB.
MAX_IMAGE_PIXELS = 24_000_000
ACCEPTED_IMAGE_FORMATS = frozenset({"PNG", "JPEG", "WEBP", "GIF"})
TITLE_MAX = 300
BODY_MAX = 20_000

EDITABLE = frozenset({UpdateState.DRAFT, UpdateState.RETURNED})

# An HTML tag or comment (a Markdown autolink such as <https://example.org> is not one).
HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?>|<!--")


# --- reads ----------------------------------------------------------------------------------------


def updates_of(partnership: Partnership) -> list[ProgressUpdate]:
    """Every update of a partnership, newest first (members see their drafts too)."""
    return list(
        db.session.scalars(
            select(ProgressUpdate)
            .where(ProgressUpdate.partnership_id == partnership.id)
            .options(selectinload(ProgressUpdate.author))
            .order_by(ProgressUpdate.created_at.desc(), ProgressUpdate.id.desc())
        )
    )


def awaiting_moderation() -> list[ProgressUpdate]:
    """Submitted updates, oldest first: the chairs' moderation queue."""
    return list(
        db.session.scalars(
            select(ProgressUpdate)
            .where(ProgressUpdate.state == UpdateState.SUBMITTED)
            .options(selectinload(ProgressUpdate.partnership), selectinload(ProgressUpdate.author))
            .order_by(ProgressUpdate.submitted_at, ProgressUpdate.id)
        )
    )


def awaiting_moderation_count() -> int:
    """How many updates wait in the moderation queue."""
    return (
        db.session.scalar(
            select(func.count(ProgressUpdate.id)).where(
                ProgressUpdate.state == UpdateState.SUBMITTED
            )
        )
        or 0
    )


def image_path(update: ProgressUpdate) -> Path | None:
    """Where the update's image is stored, if it has one."""
    if not update.image_name:
        return None
    return _image_dir() / update.image_name


def image_mimetype(update: ProgressUpdate) -> str:
    """The stored image's media type (we only ever store PNG or JPEG)."""
    return "image/png" if (update.image_name or "").endswith(".png") else "image/jpeg"


# --- checks ---------------------------------------------------------------------------------------


def _clean_text(data: dict[str, Any]) -> tuple[str, str]:
    title = (data.get("title") or "").strip()
    body = (data.get("body") or "").replace("\r\n", "\n").strip()
    if not title:
        raise ServiceError(_l("Give the update a title."), field="title")
    if len(title) > TITLE_MAX:
        raise ServiceError(_l("A title has at most 300 characters."), field="title")
    if not body:
        raise ServiceError(_l("Write the update."), field="body")
    if len(body) > BODY_MAX:
        raise ServiceError(_l("An update has at most 20,000 characters."), field="body")
    for name, text in (("title", title), ("body", body)):
        found = HTML_TAG.search(text)
        if found:
            raise ServiceError(
                _l(
                    "Remove the HTML (%(tag)s): updates are written in Markdown, and HTML is "
                    "not accepted.",
                    tag=found.group(0)[:40],
                ),
                field=name,
            )
    return title, body


@dataclass(frozen=True)
class PreparedImage:
    """An uploaded image, decoded and re-encoded, ready to store."""

    content: bytes
    extension: str  # "png" or "jpg"
    width: int
    height: int


def prepare_image(stream: IO[bytes]) -> PreparedImage:
    """Decode an uploaded picture and re-encode it without metadata, at most 1600 px a side.

    Refused: more than 5 MB, anything Pillow cannot read as PNG, JPEG, WebP or GIF, and images
    of more than `MAX_IMAGE_PIXELS` pixels (too much memory and time to decode), with a message
    that says the most.
    """
    content = stream.read(MAX_IMAGE_BYTES + 1)
    if not content:
        raise ServiceError(_l("The image file is empty."), field="image")
    if len(content) > MAX_IMAGE_BYTES:
        raise ServiceError(
            _l("The image is larger than 5 MB. Please send a smaller one."), field="image"
        )
    unreadable = ServiceError(
        _l("This file is not an image the portal accepts (PNG, JPEG, WebP or GIF)."),
        field="image",
    )
    too_many_pixels = ServiceError(
        _l(
            "The image has too many pixels: at most %(most)s million are accepted (for example "
            "6000 × 4000 pixels). Please send a smaller one.",
            most=MAX_IMAGE_PIXELS // 1_000_000,
        ),
        field="image",
    )
    try:
        with Image.open(io.BytesIO(content)) as probe:
            source_format = probe.format
            if source_format not in ACCEPTED_IMAGE_FORMATS:
                raise unreadable
            if probe.width * probe.height > MAX_IMAGE_PIXELS:
                raise too_many_pixels
            probe.verify()
        with Image.open(io.BytesIO(content)) as image:
            # Scaled first, turned upright after (the box is square, so the order does not
            # matter): one full-size copy in memory, not two, and a JPEG decoded at a reduced
            # scale when Pillow can.
            image.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))
            oriented = ImageOps.exif_transpose(image) or image
            has_alpha = oriented.mode in ("RGBA", "LA") or (
                oriented.mode == "P" and "transparency" in oriented.info
            )
            output = io.BytesIO()
            # Drawings and screenshots stay lossless; photographs become JPEG.
            if has_alpha:
                final = oriented if oriented.mode in ("RGBA", "LA") else oriented.convert("RGBA")
            elif source_format in ("PNG", "GIF"):
                final = oriented if oriented.mode in ("RGB", "L", "P") else oriented.convert("RGB")
            else:
                final = oriented if oriented.mode in ("RGB", "L") else oriented.convert("RGB")
            final.info.clear()  # no ICC profile, text chunks, EXIF or comments are carried over
            if has_alpha or source_format in ("PNG", "GIF"):
                final.save(output, format="PNG", optimize=True)
                extension = "png"
            else:
                final.save(output, format="JPEG", quality=85, optimize=True)
                extension = "jpg"
    except ServiceError:
        raise
    except Image.DecompressionBombError:  # Pillow's own bound, far above ours: same answer
        raise too_many_pixels from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise unreadable from None
    return PreparedImage(output.getvalue(), extension, final.width, final.height)


def _image_dir() -> Path:
    folder = Path(current_app.config["UPLOAD_DIR"]) / "updates"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _store(image: PreparedImage) -> str:
    name = f"{secrets.token_hex(16)}.{image.extension}"
    (_image_dir() / name).write_bytes(image.content)
    return name


def remove_image_files(names: list[str]) -> None:
    """Delete stored images no update points to any more. Called after the commit, so that a
    rolled-back change never loses a picture."""
    for name in names:
        (_image_dir() / Path(name).name).unlink(missing_ok=True)


# --- writes ---------------------------------------------------------------------------------------


def _require_open(partnership: Partnership) -> None:
    if partnership.status != PartnershipStatus.ACTIVE:
        raise ServiceError(
            _l("This partnership's pilot has ended; its updates can no longer be changed.")
        )


def _transition(update: ProgressUpdate, target: UpdateState) -> None:
    """Move the update along UpdateState's table; a refused move says why in moderation terms."""
    transition(update, target, refusal=lambda _current: refusal(update))


def refusal(update: ProgressUpdate) -> str:
    if update.state == UpdateState.SUBMITTED:
        return str(
            _l(
                "This update is with the Secretariat for moderation; it cannot be changed "
                "until a chair publishes or returns it."
            )
        )
    if update.state == UpdateState.PUBLISHED:
        return str(_l("This update is published and can no longer be changed."))
    return str(_l("This update has not been submitted yet."))


def _image_fields(
    update: ProgressUpdate,
    data: dict[str, Any],
    image: IO[bytes] | None,
    remove_image: bool,
) -> tuple[PreparedImage | None, str]:
    alt = (data.get("image_alt") or "").strip()
    prepared = prepare_image(image) if image is not None else None
    keeps_image = prepared is not None or (update.image_name and not remove_image)
    if keeps_image and not alt:
        raise ServiceError(
            _l("Describe the image in a sentence for readers who cannot see it."),
            field="image_alt",
        )
    if len(alt) > 300:
        raise ServiceError(_l("At most 300 characters."), field="image_alt")
    return prepared, alt


def _apply(
    update: ProgressUpdate,
    data: dict[str, Any],
    *,
    image: IO[bytes] | None,
    remove_image: bool,
) -> list[str]:
    """Check everything, then write: nothing is half-saved. Returns image files to delete."""
    title, body = _clean_text(data)
    prepared, alt = _image_fields(update, data, image, remove_image)
    obsolete = []
    if (prepared is not None or remove_image) and update.image_name:
        obsolete.append(update.image_name)
        update.image_name, update.image_width, update.image_height = None, None, None
    if prepared is not None:
        update.image_name = _store(prepared)
        update.image_width, update.image_height = prepared.width, prepared.height
    update.image_alt = alt if update.image_name else ""
    update.title = title
    update.body = body
    update.language = Language(data.get("language") or Language.EN)
    update.visibility = Visibility(data.get("visibility") or Visibility.PUBLIC)
    return obsolete


def draft_update(
    partnership: Partnership,
    data: dict[str, Any],
    *,
    actor: User,
    image: IO[bytes] | None = None,
) -> ProgressUpdate:
    """Start a draft update of a partnership (title, Markdown body, language, visibility, an
    optional image with its description)."""
    _require_open(partnership)
    update = ProgressUpdate(partnership=partnership, author=actor, state=UpdateState.DRAFT)
    _apply(update, data, image=image, remove_image=False)
    db.session.add(update)
    db.session.flush()
    record_event(
        "update.drafted",
        update,
        actor=actor,
        partnership=partnership.id,
        visibility=update.visibility,
        image=bool(update.image_name),
    )
    return update


def edit_update(
    update: ProgressUpdate,
    data: dict[str, Any],
    *,
    actor: User,
    version: int | None = None,
    image: IO[bytes] | None = None,
    remove_image: bool = False,
) -> list[str]:
    """Change a draft or returned update. Refused once submitted, and when someone else saved
    it meanwhile (the caller keeps the typed text). Returns image files to delete after commit.
    """
    _require_open(update.partnership)
    if update.state not in EDITABLE:
        raise ServiceError(refusal(update))
    if version is not None and version != update.version:
        raise ServiceError(
            _l(
                "Someone else saved this update while you were editing. Your text is kept "
                "below, and the saved version is shown for comparison; save again to replace it."
            )
        )
    obsolete = _apply(update, data, image=image, remove_image=remove_image)
    try:
        db.session.flush()
    except StaleDataError:
        raise ServiceError(
            _l("Someone else saved this update at the same moment. Please save again.")
        ) from None
    record_event("update.edited", update, actor=actor, image=bool(update.image_name))
    return obsolete


def submit_update(update: ProgressUpdate, *, actor: User, declared_non_sensitive: bool) -> None:
    """Send an update to the chairs. A public one needs the author's declaration that it holds
    nothing business-sensitive."""
    _require_open(update.partnership)
    if update.visibility == Visibility.PUBLIC and not declared_non_sensitive:
        raise ServiceError(
            _l(
                "Confirm that the update contains no business-sensitive information: public "
                "updates are shared with everyone."
            ),
            field="declaration",
        )
    _transition(update, UpdateState.SUBMITTED)
    now = clock.now()
    update.submitted_at = now
    update.returned_at = None
    update.declared_non_sensitive_at = now if declared_non_sensitive else None
    db.session.flush()
    record_event(
        "update.submitted",
        update,
        actor=actor,
        visibility=update.visibility,
        declared_non_sensitive=declared_non_sensitive,
    )
    for chair in active_chairs():
        queue_mail("updates.submitted", to=chair, update=update, partnership=update.partnership)


def publish_update(update: ProgressUpdate, *, actor: User) -> None:
    """A chair accepts a submitted update: a public one appears on the partnership's page and
    in the feed, and goes by mail to the partnership's confirmed subscribers; a
    secretariat-only one joins the internal record."""
    _transition(update, UpdateState.PUBLISHED)
    update.published_at = clock.now()
    update.return_reason = ""
    try:
        db.session.flush()
    except StaleDataError:
        raise ServiceError(
            _l("The update changed while you were reading it. Please look at it again.")
        ) from None
    record_event("update.published", update, actor=actor, visibility=update.visibility)
    for member in partnership_members(update.partnership):
        queue_mail("updates.published", to=member, update=update, partnership=update.partnership)
    notify_subscribers(update)


def return_update(update: ProgressUpdate, *, actor: User, reason: str) -> None:
    """A chair sends a submitted update back to the partners with the reason."""
    reason = reason.strip()
    if not reason:
        raise ServiceError(_l("Tell the partners what to change."), field="reason")
    _transition(update, UpdateState.RETURNED)
    update.returned_at = clock.now()
    update.return_reason = reason
    try:
        db.session.flush()
    except StaleDataError:
        raise ServiceError(
            _l("The update changed while you were reading it. Please look at it again.")
        ) from None
    record_event("update.returned", update, actor=actor, reason=reason)
    for member in partnership_members(update.partnership):
        queue_mail(
            "updates.returned",
            to=member,
            update=update,
            partnership=update.partnership,
            reason=reason,
        )


def discard_update(update: ProgressUpdate, *, actor: User) -> list[str]:
    """Delete a draft that was never submitted. Returns its image file to delete after commit."""
    if update.state != UpdateState.DRAFT or update.submitted_at is not None:
        raise ServiceError(_l("Only a draft that was never submitted can be discarded."))
    record_event("update.discarded", update, actor=actor, title=update.title)
    obsolete = [update.image_name] if update.image_name else []
    db.session.delete(update)
    db.session.flush()
    return obsolete
