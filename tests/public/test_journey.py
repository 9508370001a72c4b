"""A newcomer's visit, following only the links the pages offer: find a partnership by province,
read its updates, subscribe to its feed, download the list."""

from __future__ import annotations

import csv
import html
import io
import re
from xml.etree import ElementTree

from flask.testing import FlaskClient

from tests.partnerships.factories import make_update
from tests.public.factories import make_partnership


def _link(page: str, text: str) -> str:
    """The address of the link whose text is `text` (the first one)."""
    for href, label in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', page, flags=re.S):
        if re.sub(r"<[^>]+>", "", label).strip() == text:
            return html.unescape(href)
    raise AssertionError(f"no link {text!r}")


def _form_fields(form: str) -> dict[str, str]:
    """What a browser would send for `form` untouched: inputs' values, selects' chosen options."""
    fields = {name: html.unescape(value) for name, value in
              re.findall(r'<input[^>]* name="(\w+)"[^>]* value="([^"]*)"', form)}  # fmt: skip
    fields.update(dict.fromkeys(re.findall(r'<input[^>]* name="(\w+)"(?![^>]* value=)', form), ""))
    for name, options in re.findall(r'<select[^>]* name="(\w+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.findall(r'<option selected value="([^"]*)"', options)
        fields[name] = html.unescape((chosen or re.findall(r'value="([^"]*)"', options))[0])
    return fields


def _follow(client: FlaskClient, address: str) -> str:
    response = client.get(address)
    assert response.status_code == 200, address
    return response.get_data(as_text=True)


def test_a_newcomer_finds_a_qinghai_partnership_and_follows_it(client: FlaskClient) -> None:
    utah = make_partnership(name_en="Utah – Qinghai", us_state="US-UT", cn_province="CN-QH")
    make_partnership(name_en="Ohio – Anhui", us_state="US-OH", cn_province="CN-AH")
    make_update(utah, title="Solar pilot connected", body="The **first** array is online.")

    home = _follow(client, "/")
    directory = _follow(client, _link(home, "Find a partnership"))

    # The directory's form, sent as a browser sends it: every field, as shown, but the province.
    fields = _form_fields(directory.split('role="search"', 1)[1].split("</form>", 1)[0])
    assert set(fields) >= {"q", "us_state", "cn_province", "focus_area", "sort"}
    fields["cn_province"] = "CN-QH"
    filtered = client.get("/partnerships", query_string=fields).get_data(as_text=True)
    assert "1 partnership found." in filtered and "Ohio – Anhui" not in filtered

    page = _follow(client, _link(filtered, "Utah – Qinghai"))
    assert "Solar pilot connected" in page and "<strong>first</strong>" in page

    feed = client.get(_link(page, "Follow its updates (Atom feed)"))
    assert feed.mimetype == "application/atom+xml"
    entries = ElementTree.fromstring(feed.data)  # noqa: S314 - the portal's own feed
    titles = [e.text for e in entries.iter("{http://www.w3.org/2005/Atom}title")]
    assert "Solar pilot connected" in titles

    download = client.get(_link(filtered, "Download this list (CSV)"))
    assert download.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(download.get_data(as_text=True).lstrip("\ufeff"))))
    assert [row["name_en"] for row in rows] == ["Utah – Qinghai"]


def test_the_map_leads_to_a_provinces_partnerships(client: FlaskClient) -> None:
    make_partnership(name_en="Utah – Qinghai", cn_province="CN-QH")
    make_partnership(name_en="Ohio – Anhui", cn_province="CN-AH")

    home = _follow(client, "/")
    map_page = _follow(client, _link(home, "Browse the map"))
    qinghai = _follow(client, _link(map_page, "Qinghai"))  # the list beside the map

    assert "Utah – Qinghai" in qinghai and "Ohio – Anhui" not in qinghai
