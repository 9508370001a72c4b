"""Reading a rendered PDF back: its text, pages, embedded fonts, XMP metadata and attached record.

Text extraction alone does not prove Chinese glyphs are drawn (a PDF without a CJK font still
maps its empty boxes to the right characters), so `embedded_fonts` asks ``pdffonts`` which fonts
the file embeds.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from pypdf import PdfReader

PDFFONTS = shutil.which("pdffonts")
_WHITESPACE = re.compile(r"\s+")
CJK_FONTS = ("Noto-Sans-CJK", "NotoSansCJK", "WenQuanYi")


@dataclass
class ReadPdf:
    """A PDF file, read back."""

    data: bytes

    @cached_property
    def reader(self) -> PdfReader:
        """The pypdf reader."""
        return PdfReader(io.BytesIO(self.data))

    @cached_property
    def pages(self) -> list[str]:
        """The text of each page."""
        return [page.extract_text() or "" for page in self.reader.pages]

    @property
    def text(self) -> str:
        """The text of the whole document."""
        return "\n".join(self.pages)

    def has(self, needle: str) -> bool:
        """Whether the text holds `needle`, wherever lines were broken."""
        return squeezed(needle) in squeezed(self.text)

    @property
    def page_count(self) -> int:
        """How many pages."""
        return len(self.reader.pages)

    def page_size(self, index: int = 0) -> tuple[int, int]:
        """(width, height) of a page in points, rounded."""
        box = self.reader.pages[index].mediabox
        return round(float(box.width)), round(float(box.height))

    @cached_property
    def xmp(self) -> str:
        """The XMP metadata packet."""
        metadata = self.reader.trailer["/Root"]["/Metadata"].get_object()
        return metadata.get_data().decode()

    @property
    def attachments(self) -> dict[str, list[bytes]]:
        """Attached files by name."""
        return dict(self.reader.attachments)

    @cached_property
    def record(self) -> Any:
        """The attached ``record.json``, parsed."""
        [content] = self.attachments["record.json"]
        return json.loads(content)

    @cached_property
    def embedded_fonts(self) -> list[str]:
        """The lines of ``pdffonts`` for fonts the file embeds."""
        assert PDFFONTS is not None
        with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
            file.write(self.data)
            file.flush()
            listing = subprocess.run(  # noqa: S603 - a fixed binary on a file we wrote
                [PDFFONTS, file.name], capture_output=True, text=True, check=True
            ).stdout
        return [line for line in listing.splitlines()[2:] if " yes " in line]

    def has_embedded_cjk_font(self) -> bool:
        """Whether a CJK font is embedded (so Chinese glyphs are drawn, not boxes)."""
        return any(any(name in line for name in CJK_FONTS) for line in self.embedded_fonts)


def squeezed(text: str) -> str:
    """`text` without any whitespace (a PDF breaks lines where it likes)."""
    return _WHITESPACE.sub("", text)
