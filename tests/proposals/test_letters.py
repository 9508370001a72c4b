"""Letters of support: the PDF's object tree is parsed and walked, not searched for spellings.

Each sample is a small PDF built by hand with a correct cross-reference table, so the only
thing wrong with it is the one thing under test. Every refused name is tried as written and
with a ``#xx`` escape, which every PDF reader decodes.
"""

from __future__ import annotations

import io
import zlib

import pytest
from pypdf import PdfWriter

from app.errors import ServiceError
from app.proposals import letters
from app.proposals.letters import check_letter

CONTENT = b"BT /F1 12 Tf 72 720 Td (We support this partnership.) Tj ET"
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 16 + b"\x07\x00payload.exe"


def stream(body: bytes, extra: bytes = b"") -> bytes:
    """A stream object's text: its dictionary and `body`."""
    return b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(body), extra, body)


def build_pdf(
    *,
    catalog: bytes = b"",
    page: bytes = b"",
    objects: dict[int, bytes] | None = None,
    content: bytes = CONTENT,
    content_extra: bytes = b"",
    trailer: bytes = b"",
    tail: bytes = b"",
) -> bytes:
    """A one-page PDF: catalog 1, pages 2, page 3, its content 4; `objects` from 5 on."""
    bodies = {
        1: b"<< /Type /Catalog /Pages 2 0 R " + catalog + b" >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R " + page + b" >>",
        4: stream(content, content_extra),
        **(objects or {}),
    }
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(bodies):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, bodies[number])
    out += tail
    size = max(bodies) + 1
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        if number in offsets:
            out += b"%010d 00000 n \n" % offsets[number]
        else:
            out += b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (
        size,
        trailer,
        start,
    )
    return bytes(out)


def build_pdf_with_object_stream(hidden: bytes, *, referenced: bool = True) -> bytes:
    """A PDF whose object 6 is compressed inside object stream 5 (so no byte of the file spells
    its names), listed by a cross-reference stream, and referenced from the catalog or not."""
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R %s >>" % (b"/Names 6 0 R" if referenced else b""),
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        4: stream(CONTENT),
    }
    header = b"6 0 "
    packed = zlib.compress(header + hidden)
    objects[5] = stream(packed, b"/Type /ObjStm /N 1 /First %d /Filter /FlateDecode" % len(header))
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    xref_number, size = 7, 8
    offsets[xref_number] = len(out)
    rows = b"\x00" + (0).to_bytes(4, "big") + b"\xff\xff"
    for number in range(1, size):
        if number == 6:
            rows += b"\x02" + (5).to_bytes(4, "big") + (0).to_bytes(2, "big")
        else:
            rows += b"\x01" + offsets[number].to_bytes(4, "big") + (0).to_bytes(2, "big")
    extra = b"/Type /XRef /Size %d /W [1 4 2] /Root 1 0 R" % size
    out += b"%d 0 obj\n%s\nendobj\n" % (xref_number, stream(rows, extra))
    out += b"startxref\n%d\n%%%%EOF\n" % offsets[xref_number]
    return bytes(out)


def escaped(name: bytes) -> bytes:
    """`name` with its second letter written as a ``#xx`` escape: /JS → /J#53."""
    return name[:2] + b"#%02x" % name[2] + name[3:]


def refusal(content: bytes) -> ServiceError:
    with pytest.raises(ServiceError) as refused:
        check_letter(content)
    assert refused.value.field == "file"
    return refused.value


def pypdf_letter() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# Each refused name, where a letter would carry it, spelled by `{}`.
ACTIVE_SAMPLES = {
    # A document-level script, in the catalog's names tree.
    b"/JavaScript": lambda n: build_pdf(
        catalog=b"/Names << %s 5 0 R >>" % n, objects={5: b"<< /Names [] >>"}
    ),
    # The code of an action, on a link's annotation.
    b"/JS": lambda n: build_pdf(
        page=b"/Annots [5 0 R]",
        objects={5: b"<< /Type /Annot /Subtype /Link /A << /S /URI /URI (x) %s (x) >> >>" % n},
    ),
    # A link that starts a program.
    b"/Launch": lambda n: build_pdf(
        page=b"/Annots [5 0 R]",
        objects={5: b"<< /Type /Annot /Subtype /Link /A << /S %s /F (calc.exe) >> >>" % n},
    ),
    # An attached file, on a file attachment annotation.
    b"/EmbeddedFile": lambda n: build_pdf(
        page=b"/Annots [5 0 R]",
        objects={
            5: b"<< /Type /Annot /Subtype /FileAttachment /FS << /F (a.txt) /EF << /F 6 0 R >> >> >>",
            6: stream(b"hello", b"/Type %s" % n),
        },
    ),
    # The names tree of attached files.
    b"/EmbeddedFiles": lambda n: build_pdf(
        catalog=b"/Names << %s 5 0 R >>" % n, objects={5: b"<< /Names [] >>"}
    ),
    # Flash or video, as an annotation.
    b"/RichMedia": lambda n: build_pdf(
        page=b"/Annots [5 0 R]", objects={5: b"<< /Type /Annot /Subtype %s >>" % n}
    ),
    # A dynamic (XML forms) form, in the form dictionary.
    b"/XFA": lambda n: build_pdf(
        catalog=b"/AcroForm << /Fields [] %s 5 0 R >>" % n,
        objects={5: stream(b"template", b"")},
    ),
    # Additional actions on a form field (run on focus, on change…).
    b"/AA": lambda n: build_pdf(
        catalog=b"/AcroForm << /Fields [5 0 R] >>",
        objects={5: b"<< /FT /Tx /T (name) %s << /F << /S /URI /URI (x) >> >> >>" % n},
    ),
    # An action run on opening the file.
    b"/OpenAction": lambda n: build_pdf(
        catalog=b"%s << /S /URI /URI (https://example.org/) >>" % n
    ),
}


def test_every_active_name_is_listed() -> None:
    assert {name.decode() for name in ACTIVE_SAMPLES} == letters.ACTIVE_NAMES | {"/OpenAction"}


@pytest.mark.parametrize("spell", [lambda n: n, escaped], ids=["plain", "escaped"])
@pytest.mark.parametrize("name", list(ACTIVE_SAMPLES), ids=lambda n: n.decode())
def test_active_content_is_refused_however_its_name_is_spelled(name, spell) -> None:  # type: ignore[no-untyped-def]
    sample = ACTIVE_SAMPLES[name](spell(name))
    assert spell(name) in sample
    assert "scripts, launch actions or embedded files" in refusal(sample).message


@pytest.mark.parametrize("name", [b"/AA", b"/JavaScript"])
def test_active_names_on_a_page_or_an_orphan_object_are_refused(name: bytes) -> None:
    on_page = build_pdf(page=b"%s << /O << /S /GoTo /D [3 0 R /Fit] >> >>" % escaped(name))
    assert "scripts" in refusal(on_page).message
    # In no tree, only in the cross-reference table: a reader repairing a file may open it.
    orphan = build_pdf(objects={5: b"<< /S %s /JS (app.alert(1)) >>" % escaped(name)})
    assert "scripts" in refusal(orphan.replace(b"/JS", b"/J#53")).message


def test_an_action_chained_after_going_to_a_page_is_refused() -> None:
    chained = build_pdf(
        catalog=b"/OpenAction << /S /GoTo /D [3 0 R /Fit] /Next 5 0 R >>",
        objects={5: b"<< /S /J#61vaScript /J#53 (app.alert(1)) >>"},
    )
    assert "scripts" in refusal(chained).message
    indirect = build_pdf(
        catalog=b"/Op#65nAction 5 0 R", objects={5: b"<< /S /URI /URI (https://example.org/) >>"}
    )
    assert "scripts" in refusal(indirect).message


@pytest.mark.parametrize("referenced", [True, False], ids=["in-the-tree", "only-listed"])
@pytest.mark.parametrize(
    "hidden",
    [
        b"<< /JavaScript << /Names [(a) 3 0 R] >> >>",  # a key
        b"<< /Dests << /a << /S /Launch /F (calc.exe) >> >> >>",  # only a value
    ],
)
def test_names_compressed_in_an_object_stream_are_found(hidden: bytes, referenced: bool) -> None:
    """No byte of the file spells the name: only parsing the object stream finds it."""
    sample = build_pdf_with_object_stream(hidden, referenced=referenced)
    assert b"JavaScript" not in sample and b"Launch" not in sample
    assert "scripts" in refusal(sample).message
    assert check_letter(build_pdf_with_object_stream(b"<< /Dests << >> >>")) is None


def test_an_object_no_table_lists_is_not_a_hiding_place() -> None:
    """pypdf never reads it, but a reader rebuilding a damaged table would."""
    unlisted = b"99 0 obj\n<< /S /J#61vaScript /J#53 (app.alert(1)) >>\nendobj\n"
    assert "scripts" in refusal(build_pdf(tail=unlisted)).message


@pytest.mark.parametrize(
    "markup",
    [b"<script>alert(1)</script>", b"<html><body>", b"<svg onload=alert(1)>", b"<iframe src=x>"],
)
def test_markup_anywhere_outside_the_streams_is_refused(markup: bytes) -> None:
    padding = b"%" + b"x" * 2000 + b"\n"  # well past the first kilobyte a browser sniffs
    in_a_comment = build_pdf(tail=padding + b"%" + markup + b"\n")
    in_a_string = build_pdf(trailer=b"/Info 5 0 R", objects={5: b"<< /Title (%s) >>" % markup})
    in_metadata = build_pdf(
        catalog=b"/Metadata 5 0 R", objects={5: stream(markup, b"/Type /Metadata /Subtype /XML")}
    )
    assert in_a_comment.index(markup) > 1024
    for sample in (in_a_comment, in_a_string, in_metadata):
        assert "combined with another kind of file" in refusal(sample).message


@pytest.mark.parametrize(
    "archive", [ZIP, b"PK\x05\x06" + b"\x00" * 18, b"Rar!\x1a\x07\x00", b"7z\xbc\xaf\x27\x1c\x00"]
)
def test_an_archive_outside_the_streams_is_refused(archive: bytes) -> None:
    sample = build_pdf(tail=b"%" + archive + b"\n")
    assert "combined with another kind of file" in refusal(sample).message


def test_a_zip_inside_a_stream_is_refused() -> None:
    # Stored as it is, in a stream that is no page content: what an unpacker scanning would find.
    orphan = build_pdf(objects={5: stream(ZIP)})
    metadata = build_pdf(catalog=b"/Metadata 5 0 R", objects={5: stream(ZIP, b"/Type /Metadata")})
    # Claimed compressed, in a stream a reader never draws.
    claimed = build_pdf(objects={5: stream(ZIP, b"/Filter /FlateDecode")})
    # In the page's own content, stored unfiltered.
    in_content = build_pdf(content=CONTENT + b"\n%" + ZIP)
    for sample in (orphan, metadata, claimed, in_content):
        assert "combined with another kind of file" in refusal(sample).message


def test_a_clean_letter_passes() -> None:
    assert check_letter(pypdf_letter()) is None
    # Opening at its first page, a web link, a letter that quotes HTML in its text, and
    # compressed image bytes that hold an archive's four bytes by chance.
    letter = build_pdf(
        catalog=b"/OpenAction [3 0 R /Fit] /PageMode /UseNone",
        page=b"/Annots [5 0 R] /Resources << /XObject << /Im1 6 0 R >> >>",
        content=CONTENT + b" BT (Our site is written in <html>.) Tj ET",
        objects={
            5: b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /URI /URI (https://example.org/) >> >>",
            6: stream(
                zlib.compress(b"\xff" * 300) + b"PK\x03\x04",
                b"/Type /XObject /Subtype /Image /Width 10 /Height 10 /BitsPerComponent 8 "
                b"/ColorSpace /DeviceRGB /Filter /FlateDecode",
            ),
        },
    )
    assert check_letter(letter) is None
    going_to_a_page = build_pdf(catalog=b"/OpenAction << /S /GoTo /D [3 0 R /Fit] >>")
    assert check_letter(going_to_a_page) is None


def test_the_old_checks_still_hold() -> None:
    assert "not a PDF" in refusal(b"GIF89a" + build_pdf()).message
    assert "combined with another" in refusal(build_pdf() + ZIP).message
    assert "could not be read" in refusal(build_pdf()[:-8]).message
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert "Encrypted" in refusal(buffer.getvalue()).message


def test_a_pathological_file_is_refused_not_walked_forever(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    deep = build_pdf(catalog=b"/Deep " + b"[" * 80 + b"]" * 80)
    assert "too complex" in refusal(deep).message
    monkeypatch.setattr(letters, "MAX_OBJECTS", 3)
    assert "too complex" in refusal(build_pdf()).message
