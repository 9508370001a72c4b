"""Progress update services: drafting, the declaration, moderation, HTML refused, images."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from app import clock
from app.accounts.models import Role
from app.audit.models import Event
from app.errors import ServiceError
from app.extensions import db
from app.markdown import render_markdown
from app.notifications.models import Notification
from app.public.read_model import published_updates
from app.updates import services
from app.updates.models import ProgressUpdate, UpdateState, Visibility
from tests.factories import make_user
from tests.partnerships.factories import make_partnership, make_update

TEXT = {
    "title": "Monitors are live",
    "body": "All **12** monitors report.",
    "language": "en",
    "visibility": "public",
}


def png(width: int = 40, height: int = 30, mode: str = "RGB", **save: object) -> bytes:
    """A small image file, as an upload would bring it."""
    buffer = io.BytesIO()
    Image.new(mode, (width, height), color=(10, 120, 60) if mode == "RGB" else 0).save(
        buffer, format=save.pop("format", "PNG"), **save
    )  # type: ignore[arg-type]
    return buffer.getvalue()


def jpeg_with_metadata() -> bytes:
    """A 3200 × 2400 photograph carrying EXIF (a camera model and GPS-like data)."""
    image = Image.new("RGB", (3200, 2400), color=(200, 30, 30))
    exif = Image.Exif()
    exif[0x0110] = "SecretCam 3000"  # Model
    exif[0x010E] = "Taken at the partner's plant"  # ImageDescription
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def _events(action: str) -> list[Event]:
    return list(db.session.scalars(select(Event).where(Event.action == action)))


def _subjects(user) -> list[str]:  # type: ignore[no-untyped-def]
    return list(
        db.session.scalars(select(Notification.subject).where(Notification.recipient_id == user.id))
    )


def test_draft_submit_publish_reaches_the_public(app) -> None:  # type: ignore[no-untyped-def]
    member, chair = make_user(), make_user(Role.CHAIR)
    partnership = make_partnership(member)
    update = services.draft_update(partnership, TEXT, actor=member)
    assert update.state == UpdateState.DRAFT and update.author_id == member.id
    assert update not in published_updates(partnership)

    with pytest.raises(ServiceError) as refused:
        services.submit_update(update, actor=member, declared_non_sensitive=False)
    assert refused.value.field == "declaration"
    services.submit_update(update, actor=member, declared_non_sensitive=True)
    assert update.state == UpdateState.SUBMITTED and update.declared_non_sensitive_at is not None
    assert _subjects(chair) == ["Update to moderate: Monitors are live"]
    assert services.awaiting_moderation() == [update]
    with pytest.raises(ServiceError, match="with the Secretariat for moderation"):
        services.edit_update(update, TEXT, actor=member)

    with clock.frozen_at(datetime(2026, 5, 8, 15, tzinfo=UTC)):
        services.publish_update(update, actor=chair)
    assert update.published_at == datetime(2026, 5, 8, 15, tzinfo=UTC)
    assert published_updates(partnership) == [update]
    assert "Update published: Monitors are live" in _subjects(member)
    assert [
        e.action
        for e in db.session.scalars(
            select(Event)
            .where(Event.record_id == update.id, Event.record_type == "progress_update")
            .order_by(Event.id)
        )
    ] == [
        "update.drafted",
        "update.submitted",
        "update.published",
    ]
    with pytest.raises(ServiceError, match="published and can no longer be changed"):
        services.return_update(update, actor=chair, reason="too late")


def test_secretariat_only_updates_never_reach_the_public(app) -> None:  # type: ignore[no-untyped-def]
    member, chair = make_user(), make_user(Role.CHAIR)
    partnership = make_partnership(member)
    update = services.draft_update(partnership, {**TEXT, "visibility": "secretariat"}, actor=member)
    services.submit_update(
        update, actor=member, declared_non_sensitive=False
    )  # no declaration needed
    services.publish_update(update, actor=chair)
    assert update.state == UpdateState.PUBLISHED and update.visibility == Visibility.SECRETARIAT
    assert published_updates(partnership) == []


def test_a_returned_update_is_edited_and_submitted_again(app) -> None:  # type: ignore[no-untyped-def]
    member, chair = make_user(), make_user(Role.CHAIR)
    partnership = make_partnership(member)
    update = make_update(partnership, member, state=UpdateState.SUBMITTED)
    with pytest.raises(ServiceError) as refused:
        services.return_update(update, actor=chair, reason="")
    assert refused.value.field == "reason"
    services.return_update(update, actor=chair, reason="Name the cities.")
    assert update.state == UpdateState.RETURNED and update.return_reason == "Name the cities."
    assert "Update returned: Monitors are live" in _subjects(member)
    services.edit_update(
        update,
        {**TEXT, "body": "In Xining and Salt Lake City."},
        actor=member,
        version=update.version,
    )
    services.submit_update(update, actor=member, declared_non_sensitive=True)
    assert update.state == UpdateState.SUBMITTED and update.returned_at is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"body": "Hello <script>alert(1)</script>"}, "body"),
        ({"body": "<img src=x onerror=alert(1)>"}, "body"),
        ({"body": "<!-- hidden -->"}, "body"),
        ({"title": "<b>Bold</b> title"}, "title"),
        ({"title": "  "}, "title"),
        ({"body": ""}, "body"),
        ({"body": "x" * 20_001}, "body"),
    ],
)
def test_html_and_empty_text_are_refused_and_nothing_is_written(app, change, field) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    partnership = make_partnership(member)
    with pytest.raises(ServiceError) as refused:
        services.draft_update(partnership, {**TEXT, **change}, actor=member)
    assert refused.value.field == field
    db.session.rollback()
    assert db.session.scalars(select(ProgressUpdate)).all() == []


def test_markdown_is_rendered_through_the_allow_list() -> None:
    html = str(
        render_markdown(
            "See [the data](javascript:alert(1)) and [site](https://example.org) **now**"
        )
    )
    assert (
        'href="javascript' not in html
        and 'href="https://example.org"' in html
        and "<strong>" in html
    )
    assert services.HTML_TAG.search("a < b and c > d") is None  # plain comparisons are not HTML


def test_an_image_is_re_encoded_without_metadata_and_scaled(app) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    partnership = make_partnership(member)
    update = services.draft_update(
        partnership,
        {**TEXT, "image_alt": "A red square"},
        actor=member,
        image=io.BytesIO(jpeg_with_metadata()),
    )
    assert update.image_name.endswith(".jpg") and len(update.image_name) == 36
    assert (update.image_width, update.image_height) == (1600, 1200)
    stored = services.image_path(update)
    with Image.open(stored) as image:
        assert image.format == "JPEG" and image.size == (1600, 1200)
        assert not image.getexif() and "exif" not in image.info
    assert b"SecretCam" not in stored.read_bytes()
    assert Path(app.config["UPLOAD_DIR"]) in stored.parents

    # A transparent PNG stays a PNG; the old file is handed back for deletion after commit.
    obsolete = services.edit_update(
        update, {**TEXT, "image_alt": "A logo"}, actor=member, image=io.BytesIO(png(mode="RGBA"))
    )
    assert (
        obsolete
        and update.image_name.endswith(".png")
        and services.image_mimetype(update) == "image/png"
    )
    services.remove_image_files(obsolete)
    assert not (stored.parent / obsolete[0]).exists()
    obsolete = services.edit_update(update, TEXT, actor=member, remove_image=True)
    assert update.image_name is None and update.image_alt == "" and len(obsolete) == 1


def test_png_text_chunks_are_dropped_and_drawings_stay_png(app) -> None:  # type: ignore[no-untyped-def]
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "Secret Engineer")
    member = make_user()
    partnership = make_partnership(member)
    update = services.draft_update(
        partnership,
        {**TEXT, "image_alt": "A chart"},
        actor=member,
        image=io.BytesIO(png(pnginfo=info)),
    )
    stored = services.image_path(update)
    assert update.image_name.endswith(".png") and b"Secret Engineer" not in stored.read_bytes()
    with Image.open(stored) as image:
        assert image.mode == "RGB" and not image.text  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"x" * (5 * 1024 * 1024 + 1), "larger than 5 MB"),
        (b"%PDF-1.7 not a picture", "not an image"),
        (png(format="TIFF"), "not an image"),
        (png()[:60], "not an image"),  # truncated
        (png(10000, 6000, mode="1"), "too many pixels"),
        (b"", "empty"),
    ],
)
def test_bad_images_are_refused_next_to_the_field(app, content, message) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    partnership = make_partnership(member)
    with pytest.raises(ServiceError, match=message) as refused:
        services.draft_update(
            partnership, {**TEXT, "image_alt": "x"}, actor=member, image=io.BytesIO(content)
        )
    assert refused.value.field == "image"


def test_an_image_needs_a_description(app) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    partnership = make_partnership(member)
    with pytest.raises(ServiceError) as refused:
        services.draft_update(partnership, TEXT, actor=member, image=io.BytesIO(png()))
    assert refused.value.field == "image_alt"


def test_a_stale_edit_is_a_conflict(app) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    partnership = make_partnership(member)
    update = make_update(partnership, member, state=UpdateState.DRAFT)
    with pytest.raises(ServiceError, match="Someone else saved this update"):
        services.edit_update(update, TEXT, actor=member, version=update.version - 1)


def test_only_an_unsubmitted_draft_is_discarded(app) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    partnership = make_partnership(member)
    draft = make_update(partnership, member, state=UpdateState.DRAFT)
    services.discard_update(draft, actor=member)
    assert db.session.get(ProgressUpdate, draft.id) is None
    assert _events("update.discarded")
    returned = make_update(partnership, member, state=UpdateState.RETURNED)
    with pytest.raises(ServiceError, match="never submitted"):
        services.discard_update(returned, actor=member)


def test_a_closed_partnership_takes_no_updates(app) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    partnership = make_partnership(member, status="graduated", ended_on=None)
    with pytest.raises(ServiceError, match="pilot has ended"):
        services.draft_update(partnership, TEXT, actor=member)


def png_header(width: int, height: int) -> bytes:
    """A few bytes of PNG claiming `width` × `height` pixels: all a decoder reads before it
    allocates the memory for them."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    pixels = zlib.compress(b"\x00" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    "content",
    [
        png_header(7070, 7070),  # 50 million: accepted before, 2 s and 600 MB to re-encode
        png_header(60000, 60000),  # beyond Pillow's own bound
        png(4900, 4900, mode="1"),  # 24,010,000: just over
    ],
    ids=["7070x7070", "60000x60000", "4900x4900"],
)
def test_too_many_pixels_are_refused_saying_the_most(content: bytes) -> None:
    with pytest.raises(ServiceError) as refused:
        services.prepare_image(io.BytesIO(content))
    assert refused.value.field == "image"
    assert "at most 24 million are accepted" in refused.value.message
    assert "6000 × 4000 pixels" in refused.value.message


def test_a_6000_by_4000_photograph_is_the_largest_accepted() -> None:
    prepared = services.prepare_image(io.BytesIO(png(6000, 4000, mode="L")))
    assert (prepared.width, prepared.height) == (1600, 1067)
    assert services.MAX_IMAGE_PIXELS == 6000 * 4000


def test_an_image_is_turned_upright_after_scaling() -> None:
    """Scaling comes first now (one full-size copy in memory); the EXIF orientation still
    applies: a 3200 × 2400 photograph tagged "rotate 90°" is stored 1200 × 1600."""
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to view
    Image.new("RGB", (3200, 2400), color=(200, 30, 30)).save(
        buffer, format="JPEG", exif=exif.tobytes()
    )
    prepared = services.prepare_image(io.BytesIO(buffer.getvalue()))
    assert (prepared.width, prepared.height) == (1200, 1600)
    with Image.open(io.BytesIO(prepared.content)) as stored:
        assert not stored.getexif()
