"""The PDF of the report: WeasyPrint on the self-contained report HTML, embedded resources only.

A module of its own, importing WeasyPrint and the standard library only, so the runner
can render the PDF in a separate process (``python -m lkjip.pdf <report.html>`` writes
the PDF to standard output; :func:`lkjip.keluaran.mulai_pdf`) without loading pandas
and the rest of the package there.
"""

from __future__ import annotations

import hashlib
import logging
import re
import sys
from pathlib import Path


def pengambil_url():
    """The URL fetcher of the PDF renderer: ``data:`` URIs only.

    The report HTML is self-contained (charts are ``data:`` PNGs, the CSS is inline),
    so WeasyPrint never needs a file or a network resource. Every other URL — ``file:``
    (a local file embedded by ``<a rel="attachment">`` or an image), ``http(s):``,
    ``ftp:``… — is refused before anything is opened; the refused URLs are kept in
    the fetcher's ``ditolak`` list.
    """
    from weasyprint.urls import URLFetcher

    class _HanyaData(URLFetcher):
        def __init__(self):
            super().__init__(allowed_protocols={"data"}, allow_redirects=False)
            self.ditolak: list[str] = []

        def fetch(self, url, headers=None):
            if not url.lower().startswith("data:"):
                self.ditolak.append(url)
                raise ValueError(f"URL ditolak (PDF hanya memakai sumber yang tertanam): {url[:80]}")
            return super().fetch(url, headers)

    return _HanyaData()


#: PDF variant: tagged PDF for accessibility (structure tree, language, alt texts of the charts).
PDF_VARIAN = "pdf/ua-1"


#: A number's link in the running text (:func:`lkjip.jejak.tautkan` gives it ``data-src``; a table cell's link has none).
_TAUTAN_PROSA = re.compile(r'<a class="jejak" data-src="[^"]*"[^>]*>(.*?)</a>', re.S)


def teks_cetak(html_text: str) -> str:
    """The report HTML for print: the numbers in the running text without their links.

    On paper the links lead nowhere (the references are printed as text under the
    tables), and WeasyPrint breaks a line too early before an inline element that is
    glued to the next word (``<a>7,50</a>%;``): it moves the line's last words, or one
    hyphenated syllable ("ak-"), to a line of their own.

    Examples
    --------
    >>> teks_cetak('sebesar <a class="jejak" data-src="t:0:c" href="x" title="y">7,50</a>%; <td><a class="jejak" href="x">5</a></td>')
    'sebesar 7,50%; <td><a class="jejak" href="x">5</a></td>'
    """
    return _TAUTAN_PROSA.sub(r"\1", html_text)


def pdf(html_text: str, url_fetcher=None) -> bytes:
    """A4 PDF of the report HTML (WeasyPrint; page size, margins and numbers come from the CSS).

    Resources come only through :func:`pengambil_url` (embedded ``data:`` URIs); no
    ``base_url`` is given, so a relative URL does not resolve to a local file. The PDF
    is tagged (:data:`PDF_VARIAN`, PDF/UA-1) and its language is the HTML's (``id``);
    its file identifier is derived from the HTML, so the same report gives the same PDF.
    """
    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    ident = hashlib.sha256(html_text.encode("utf-8")).hexdigest()[:32].encode("ascii")
    return weasyprint.HTML(string=teks_cetak(html_text), url_fetcher=url_fetcher or pengambil_url()).write_pdf(
        pdf_variant=PDF_VARIAN, pdf_identifier=ident)


if __name__ == "__main__":
    sys.stdout.buffer.write(pdf(Path(sys.argv[1]).read_text(encoding="utf-8")))
