"""Progress update pages: writing with an image, bad input, moderation, and the image route."""

from __future__ import annotations

import io
import re

from flask.testing import FlaskClient
from sqlalchemy import select

from app.accounts.models import Role
from app.extensions import db
from app.updates.models import ProgressUpdate, UpdateState
from tests.factories import PASSWORD, make_user
from tests.partnerships.factories import make_partnership, make_update
from tests.updates.test_services import jpeg_with_metadata, png

FORM = {
    "title": "Monitors are live",
    "language": "en",
    "visibility": "public",
    "body": "All **12** monitors report.",
}


def _as(client, login, user) -> None:  # type: ignore[no-untyped-def]
    client.post("/logout")
    login(user)


def _token(client: FlaskClient, url: str) -> str:
    page = client.get(url).get_data(as_text=True)
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert found, page[:500]
    return found.group(1)


def test_a_member_writes_an_update_with_an_image(client, login) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    partnership = make_partnership(member)
    login(member)
    response = client.post(
        f"/workspace/partnerships/{partnership.id}/updates/new",
        data={
            **FORM,
            "image_alt": "A red square",
            "image": (io.BytesIO(jpeg_with_metadata()), "photo.jpg"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    update = db.session.scalars(select(ProgressUpdate)).one()
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<strong>12</strong>" in page and 'alt="A red square"' in page
    assert f"/updates/{update.id}/image/{update.image_name}" in page
    image = client.get(f"/updates/{update.id}/image/{update.image_name}")
    assert image.status_code == 200 and image.mimetype == "image/jpeg"
    assert image.headers["Cache-Control"] == "private, no-store"
    assert image.headers["X-Content-Type-Options"] == "nosniff"
    assert client.get(f"/updates/{update.id}/image/other.jpg").status_code == 404


def test_a_script_tag_is_refused_next_to_the_field_with_the_text_kept(client, login) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    partnership = make_partnership(member)
    login(member)
    page = client.post(
        f"/workspace/partnerships/{partnership.id}/updates/new",
        data={**FORM, "body": "Great news <script>alert(1)</script>"},
    ).get_data(as_text=True)
    assert 'id="body-error"' in page and "HTML is not accepted" in page
    assert "Great news &lt;script&gt;alert(1)&lt;/script&gt;" in page  # kept, escaped
    assert "<script>alert(1)" not in page
    assert db.session.scalars(select(ProgressUpdate)).all() == []


def test_a_20_mb_image_is_refused_next_to_the_field_even_with_csrf_on(csrf_client) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    partnership = make_partnership(member)
    token = _token(csrf_client, "/login")
    csrf_client.post(
        "/login", data={"email": member.email, "password": PASSWORD, "csrf_token": token}
    )
    url = f"/workspace/partnerships/{partnership.id}/updates/new"
    token = _token(csrf_client, url)
    response = csrf_client.post(
        url,
        data={
            **FORM,
            "csrf_token": token,
            "image_alt": "Big",
            "image": (io.BytesIO(b"\0" * (20 * 1024 * 1024)), "huge.png"),
        },
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="image-error"' in page and "larger than 5 MB" in page
    assert 'value="Monitors are live"' in page and "choose the image again" in page
    assert db.session.scalars(select(ProgressUpdate)).all() == []


def test_submit_needs_the_declaration_then_a_chair_publishes(client, login) -> None:  # type: ignore[no-untyped-def]
    member, chair = make_user(), make_user(Role.CHAIR)
    partnership = make_partnership(member)
    update = make_update(partnership, member, state=UpdateState.DRAFT)
    login(member)
    page = client.post(
        f"/workspace/partnerships/{partnership.id}/updates/{update.id}/submit", data={}
    ).get_data(as_text=True)
    assert 'id="declaration-error"' in page
    response = client.post(
        f"/workspace/partnerships/{partnership.id}/updates/{update.id}/submit",
        data={"declaration": "y"},
    )
    assert response.status_code == 302 and update.state == UpdateState.SUBMITTED
    edit = client.get(
        f"/workspace/partnerships/{partnership.id}/updates/{update.id}/edit", follow_redirects=True
    )
    assert "with the Secretariat for moderation" in edit.get_data(as_text=True)

    _as(client, login, chair)
    queue = client.get("/secretariat/partnerships/updates").get_data(as_text=True)
    assert update.title in queue
    page = client.post(
        f"/secretariat/partnerships/{partnership.id}/updates/{update.id}/return",
        data={"reason": ""},
    ).get_data(as_text=True)
    assert 'id="reason-error"' in page
    response = client.post(
        f"/secretariat/partnerships/{partnership.id}/updates/{update.id}/publish"
    )
    assert response.status_code == 302 and update.state == UpdateState.PUBLISHED


def test_a_chair_returns_an_update_and_the_members_see_why(client, login) -> None:  # type: ignore[no-untyped-def]
    member, chair = make_user(), make_user(Role.CHAIR)
    partnership = make_partnership(member)
    update = make_update(partnership, member, state=UpdateState.SUBMITTED)
    login(chair)
    client.post(
        f"/secretariat/partnerships/{partnership.id}/updates/{update.id}/return",
        data={"reason": "Name the two cities."},
    )
    _as(client, login, member)
    page = client.get(
        f"/workspace/partnerships/{partnership.id}/updates/{update.id}/edit"
    ).get_data(as_text=True)
    assert "Name the two cities." in page and "Returned by the Secretariat" in page


def test_drafts_are_not_shown_to_chairs(client, login) -> None:  # type: ignore[no-untyped-def]
    partnership = make_partnership()
    draft = make_update(partnership, state=UpdateState.DRAFT)
    login(make_user(Role.CHAIR))
    assert (
        client.get(f"/secretariat/partnerships/{partnership.id}/updates/{draft.id}").status_code
        == 404
    )


def test_a_stale_edit_keeps_the_text_and_shows_the_saved_version(client, login) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    partnership = make_partnership(member)
    update = make_update(partnership, member, body="The first words", state=UpdateState.DRAFT)
    opened_at_version = update.version
    update.body = "The saved words"  # a co-author saves meanwhile
    db.session.flush()
    login(member)
    page = client.post(
        f"/workspace/partnerships/{partnership.id}/updates/{update.id}/edit",
        data={**FORM, "body": "My newer words", "version": str(opened_at_version)},
    ).get_data(as_text=True)
    assert "Saved by someone else meanwhile" in page
    assert "My newer words" in page and "The saved words" in page
    response = client.post(
        f"/workspace/partnerships/{partnership.id}/updates/{update.id}/edit",
        data={**FORM, "body": "My newer words", "version": str(update.version)},
    )
    assert response.status_code == 302 and update.body == "My newer words"


def test_an_image_follows_the_permission_of_its_update(client, login) -> None:  # type: ignore[no-untyped-def]
    member, outsider = make_user(), make_user()
    partnership = make_partnership(member)
    login(member)
    client.post(
        f"/workspace/partnerships/{partnership.id}/updates/new",
        data={**FORM, "image_alt": "Logo", "image": (io.BytesIO(png()), "logo.png")},
        content_type="multipart/form-data",
    )
    update = db.session.scalars(select(ProgressUpdate)).one()
    url = f"/updates/{update.id}/image/{update.image_name}"
    client.post("/logout")
    assert "/login" in client.get(url).headers.get("Location", "")
    login(outsider)
    assert client.get(url).status_code == 403
    update.state, update.submitted_at = UpdateState.SUBMITTED, update.created_at
    update.state, update.published_at = UpdateState.PUBLISHED, update.created_at
    db.session.flush()
    client.post("/logout")
    public = client.get(url)
    assert public.status_code == 200
    # Shared briefly, then asked again: a withdrawal must not outlive a cache by days.
    assert public.cache_control.public and public.cache_control.must_revalidate
    assert public.cache_control.max_age is not None and public.cache_control.max_age <= 300
    assert public.headers["ETag"]
    again = client.get(url, headers={"If-None-Match": public.headers["ETag"]})
    assert again.status_code == 304


def _published_with_image(client, login, member) -> str:  # type: ignore[no-untyped-def]
    """A member writes an update with a picture; it is published. The picture's address."""
    partnership = make_partnership(member)
    login(member)
    client.post(
        f"/workspace/partnerships/{partnership.id}/updates/new",
        data={**FORM, "image_alt": "Logo", "image": (io.BytesIO(png()), "logo.png")},
        content_type="multipart/form-data",
    )
    client.post("/logout")
    update = db.session.scalars(select(ProgressUpdate)).one()
    update.state, update.submitted_at = UpdateState.SUBMITTED, update.created_at
    update.state, update.published_at = UpdateState.PUBLISHED, update.created_at
    db.session.flush()
    url = f"/updates/{update.id}/image/{update.image_name}"
    assert client.get(url).status_code == 200
    return url


def test_a_withdrawn_partnerships_pictures_leave_the_public(client, login) -> None:  # type: ignore[no-untyped-def]
    member, outsider, chair = make_user(), make_user(), make_user(Role.CHAIR)
    url = _published_with_image(client, login, member)
    update = db.session.scalars(select(ProgressUpdate)).one()
    _as(client, login, chair)
    response = client.post(
        f"/secretariat/partnerships/{update.partnership_id}/withdraw",
        data={"reason": "The lead organization closed", "confirmed": "yes"},
    )
    assert response.status_code == 302 and update.partnership.status == "withdrawn"
    assert client.get(url).status_code == 200  # the chairs keep the record
    client.post("/logout")
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    assert not anonymous.data.startswith(b"\x89PNG")
    login(outsider)
    assert client.get(url).status_code == 403
    _as(client, login, member)
    kept = client.get(url)  # its members still see their own update, never from a cache
    assert kept.status_code == 200 and kept.headers["Cache-Control"] == "private, no-store"


def test_a_draft_is_discarded(client, login) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    partnership = make_partnership(member)
    update = make_update(partnership, member, state=UpdateState.DRAFT)
    login(member)
    url = f"/workspace/partnerships/{partnership.id}/updates/{update.id}/discard"
    asked = client.post(url)
    assert "Discard this draft?" in asked.get_data(as_text=True)
    assert db.session.get(ProgressUpdate, update.id) is not None
    response = client.post(url, data={"confirmed": "yes"})
    assert response.status_code == 302
    assert db.session.get(ProgressUpdate, update.id) is None


def test_an_image_with_too_many_pixels_is_refused_next_to_the_field_keeping_the_text(
    client, login
) -> None:  # type: ignore[no-untyped-def]
    from tests.updates.test_services import png_header

    member = make_user()
    partnership = make_partnership(member)
    login(member)
    response = client.post(
        f"/workspace/partnerships/{partnership.id}/updates/new",
        data={
            **FORM,
            "body": "Typed with care: *twelve* monitors.",
            "image_alt": "A wide panorama",
            "image": (io.BytesIO(png_header(7070, 7070)), "panorama.png"),
        },
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    error = page[page.index('id="image-error"') :][:400]
    assert "at most 24 million are accepted" in error and "6000 × 4000 pixels" in error
    assert 'value="Monitors are live"' in page and 'value="A wide panorama"' in page
    assert "Typed with care: *twelve* monitors." in page
    assert db.session.scalars(select(ProgressUpdate)).all() == []


def test_preview_shows_the_update_as_readers_will_and_saves_nothing(client, login) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    partnership = make_partnership(member)
    login(member)
    body = "All **12** monitors. ![chart](https://tracker.example/p.png) [x](javascript:alert(1))"
    page = client.post(
        f"/workspace/partnerships/{partnership.id}/updates/new",
        data={**FORM, "body": body, "preview": "1"},
    )
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'id="preview"' in html and "<strong>12</strong>" in html
    assert "The image “https://tracker.example/p.png” is left out" in html
    assert "The link to “javascript:alert(1)” is left out" in html
    assert "All **12** monitors." in html  # the typed text is kept in the form
    assert 'formaction="/workspace/partnerships/' in html and '#preview"' in html
    assert db.session.scalars(select(ProgressUpdate)).first() is None


def test_saving_says_what_the_text_will_not_show(client, login) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    partnership = make_partnership(member)
    login(member)
    response = client.post(
        f"/workspace/partnerships/{partnership.id}/updates/new",
        data={**FORM, "body": "Words ![chart](https://tracker.example/p.png)"},
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert "The draft is saved" in html
    assert "usa-alert--warning" in html and "The image “https://tracker.example/p.png”" in html
