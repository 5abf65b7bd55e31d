"""A visual check of the PDF, page by page (poppler: ``pdftoppm`` images, ``pdftotext`` text layer).

* no ink in the left or right margin of any page (a table running into the margin);
* no almost-empty page, except the last page of a chapter (the next page opens a BAB or
  another section with a heading of level 1);
* the numbers of ordered lists in the text layer are those of the report's lists
  (``<ol>`` item *i* of a list starting at *s* prints *s + i*), so they increase.

Pages that fail are saved as PNG in ``artefak-uji/pdf/`` for review.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest

from lkjip.paths import ROOT

ARTEFAK = ROOT / "artefak-uji" / "pdf"
DPI = 40
CM = DPI / 2.54
#: Margins of laporan.css ``@page`` (cm): portrait and landscape (``@page lebar``).
MARGIN = {"tegak": {"kiri": 4.0, "kanan": 2.5, "atas": 3.0, "bawah": 2.5},
          "lebar": {"kiri": 2.5, "kanan": 2.5, "atas": 2.5, "bawah": 2.0}}
TOLERANSI_CM = 0.2
TINTA = 180          # grey level below which a pixel is ink
HAMPIR_KOSONG = 0.30  # share of the text block height used below which a page is almost empty

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None,
                                reason="poppler-utils tidak terpasang (scripts/_venv.sh ensure_test_tools)")


# ------------------------------------------------------------------ checkers


def tinta_margin(img) -> dict[str, int]:
    """Ink pixels in the left and right margins of one page image (greyscale PIL image)."""
    w, h = img.size
    m = MARGIN["lebar" if w > h else "tegak"]
    px = img.load()
    kiri = int((m["kiri"] - TOLERANSI_CM) * CM)
    kanan = int(w - (m["kanan"] - TOLERANSI_CM) * CM)
    return {"kiri": sum(1 for y in range(h) for x in range(kiri) if px[x, y] < TINTA),
            "kanan": sum(1 for y in range(h) for x in range(kanan, w) if px[x, y] < TINTA)}


def isi_halaman(img) -> float:
    """Share of the text block's height down to the lowest ink (0 = empty page, 1 = full)."""
    w, h = img.size
    m = MARGIN["lebar" if w > h else "tegak"]
    px = img.load()
    atas, bawah = int(m["atas"] * CM), int(h - m["bawah"] * CM)
    rows = [y for y in range(atas, bawah) if any(px[x, y] < TINTA for x in range(w))]
    return (max(rows) - atas) / (bawah - atas) if rows else 0.0


class _Daftar(HTMLParser):
    """Ordered-list items of the report HTML: (expected number, first words of the item's own text)."""

    def __init__(self):
        super().__init__()
        self.items: list[tuple[int, str]] = []
        self._ol: list[list[int]] = []   # per open list: [next number, is ordered]
        self._li: list[list] = []        # open items: [number or None, text parts]

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("ol", "ul"):
            start = 1
            if (a.get("start") or "").lstrip("-").isdigit():
                start = int(a["start"])
            elif (a.get("data-start") or "").lstrip("-").isdigit():
                start = int(a["data-start"])
            else:
                m = re.search(r"counter-reset:\s*[\w-]+\s+(-?\d+)", a.get("style") or "")
                if m:
                    start = int(m.group(1)) + 1
            huruf = re.search(r"\b(huruf|alpha|abjad)\b", a.get("class") or "") or "alpha" in (a.get("style") or "")
            self._ol.append([start, tag == "ol" and a.get("type") in (None, "1") and not huruf])
        elif tag == "li" and self._ol:
            n = self._ol[-1][0] if self._ol[-1][1] else None
            if "value" in a and a["value"].isdigit():
                n = int(a["value"])
                self._ol[-1][0] = n
            self._ol[-1][0] += 1
            self._li.append([n, []])

    def handle_endtag(self, tag):
        if tag in ("ol", "ul") and self._ol:
            self._ol.pop()
        elif tag == "li" and self._li:
            n, parts = self._li.pop()
            if n is not None:
                self.items.append((n, " ".join(" ".join(parts).split())))

    def handle_data(self, data):
        if self._li:
            self._li[-1][1].append(data)


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.replace("\u2010", "").replace("\u00ad", "")).strip().lower()


_PENANDA = re.compile(r"^\s*(?:[•·◦▪‣–-]\s*)?(\d{1,3})[.)]\s+(.*)$")


def nomor_daftar_salah(html_text: str, teks_pdf: str) -> tuple[list[str], int, int]:
    """Ordered-list items whose number in the PDF text layer is not the report's.

    Items are found in document order (a cursor moves forward through the text lines)
    by the first words of their own text after a ``N.`` marker.

    Returns
    -------
    tuple
        (problems, items matched, numbered items in the HTML).
    """
    p = _Daftar()
    p.feed(html_text)
    lines = teks_pdf.splitlines()
    marked = [(i, int(m.group(1)), _norm(m.group(2))) for i, line in enumerate(lines)
              if (m := _PENANDA.match(line))]
    salah, cocok, pos = [], 0, 0
    for n, text in p.items:
        words = _norm(text).split()[:3]
        if not words:
            continue
        key = " ".join(words)
        for j in range(pos, len(marked)):
            i, nomor, rest = marked[j]
            if rest.startswith(key) or (len(key) > 12 and key.startswith(rest[:12]) and len(rest) >= 12):
                cocok += 1
                pos = j + 1
                if nomor != n:
                    salah.append(f"baris {i + 1}: '{lines[i].strip()[:60]}' bernomor {nomor}, seharusnya {n}")
                break
    return salah, cocok, len(p.items)


# ------------------------------------------------------------------ the run's PDF


@pytest.fixture(scope="module")
def pdf_halaman(run_2024, tmp_path_factory):
    from PIL import Image

    pdf = run_2024.reports / f"LKjIP-{run_2024.tahun}.pdf"
    out = tmp_path_factory.mktemp("halaman")
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", str(pdf), str(out / "h")], check=True)
    pages = sorted(out.glob("h-*.pgm"), key=lambda p: int(p.stem.split("-")[1]))
    teks = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout.split("\f")
    html_text = (run_2024.reports / f"LKjIP-{run_2024.tahun}.html").read_text(encoding="utf-8")
    return {"gambar": [Image.open(p).convert("L") for p in pages], "teks": teks[:len(pages)], "html": html_text}


def _simpan(img, nama: str) -> None:
    ARTEFAK.mkdir(parents=True, exist_ok=True)
    img.save(ARTEFAK / f"{nama}.png")


def _halaman_catatan_reviu(teks: list[str]) -> set[int]:
    """Pages (0-based) of the Catatan Reviu table: from the last page naming Tabel L.3 (the body, after the lists) on."""
    awal = max((i for i, t in enumerate(teks) if "Tabel L.3" in t), default=None)
    return set(range(awal, len(teks))) if awal is not None else set()


def _margin_bertinta(pdf_halaman, halaman: set[int]) -> list[str]:
    masalah = []
    for i in sorted(halaman):
        img = pdf_halaman["gambar"][i]
        t = tinta_margin(img)
        if t["kiri"] or t["kanan"]:
            masalah.append(f"hlm. {i + 1}: tinta di margin kiri {t['kiri']} px, kanan {t['kanan']} px")
            _simpan(img, f"margin-hlm-{i + 1:03d}")
    return masalah


def test_pdf_dirender_per_halaman(pdf_halaman):
    assert len(pdf_halaman["gambar"]) > 30
    assert len(pdf_halaman["teks"]) == len(pdf_halaman["gambar"])


def test_tidak_ada_tinta_di_margin(pdf_halaman):
    semua = set(range(len(pdf_halaman["gambar"])))
    masalah = _margin_bertinta(pdf_halaman, semua - _halaman_catatan_reviu(pdf_halaman["teks"]))
    assert not masalah, "\n".join(masalah)


def test_tidak_ada_tinta_di_margin_catatan_reviu(pdf_halaman):
    halaman = _halaman_catatan_reviu(pdf_halaman["teks"])
    assert halaman, "halaman Tabel L.3 tidak ditemukan"
    masalah = _margin_bertinta(pdf_halaman, halaman)
    assert not masalah, "\n".join(masalah)


def _judul_bab(html_text: str) -> list[str]:
    """Level-1 headings of the report (each starts a new page): their first words, normalised."""
    return [_norm(re.sub(r"<[^>]+>", " ", h))[:25] for h in re.findall(r"<h1\b[^>]*>(.*?)</h1>", html_text, re.S)]


def halaman_hampir_kosong(isi: list[float], teks: list[str], judul: list[str]) -> list[int]:
    """Almost-empty pages (0-based) that do not end a chapter (the next page opens a heading of level 1)."""
    out = []
    for i, share in enumerate(isi):
        if share >= HAMPIR_KOSONG or i == len(isi) - 1:
            continue
        awal_berikut = _norm(" ".join(teks[i + 1].split()[:12]))
        if any(j and awal_berikut.startswith(j[:15]) for j in judul):
            continue
        out.append(i)
    return out


def test_tidak_ada_halaman_hampir_kosong(pdf_halaman):
    isi = [isi_halaman(img) for img in pdf_halaman["gambar"]]
    kosong = halaman_hampir_kosong(isi, pdf_halaman["teks"], _judul_bab(pdf_halaman["html"]))
    for i in kosong:
        _simpan(pdf_halaman["gambar"][i], f"hampir-kosong-hlm-{i + 1:03d}")
    assert not kosong, "hampir kosong: " + ", ".join(f"hlm. {i + 1} ({isi[i]:.0%})" for i in kosong)


def test_nomor_daftar_naik(pdf_halaman):
    salah, cocok, jumlah = nomor_daftar_salah(pdf_halaman["html"], "\n".join(pdf_halaman["teks"]))
    assert jumlah > 20 and cocok >= 0.8 * jumlah, f"hanya {cocok} dari {jumlah} butir daftar ditemukan di PDF"
    assert not salah, "\n".join(salah[:20])


def test_nomor_daftar_cocok_terbaca(pdf_halaman):
    """The list check finds most numbered items in the text layer (so its verdict means something)."""
    _, cocok, jumlah = nomor_daftar_salah(pdf_halaman["html"], "\n".join(pdf_halaman["teks"]))
    assert jumlah > 20 and cocok >= 0.8 * jumlah, (cocok, jumlah)


# ------------------------------------------------------------------ the checkers can fail


def test_pemeriksa_margin_dan_halaman_kosong():
    from PIL import Image, ImageDraw

    w, h = int(21 * CM), int(29.7 * CM)
    img = Image.new("L", (w, h), 255)
    d = ImageDraw.Draw(img)
    d.rectangle([int(4 * CM), int(3 * CM), int(18 * CM), int(5 * CM)], fill=0)  # text block only
    assert tinta_margin(img) == {"kiri": 0, "kanan": 0}
    assert isi_halaman(img) < HAMPIR_KOSONG
    d.rectangle([int(17 * CM), int(10 * CM), int(20 * CM), int(11 * CM)], fill=0)  # runs into the right margin
    assert tinta_margin(img)["kanan"] > 0
    land = Image.new("L", (h, w), 255)
    ImageDraw.Draw(land).rectangle([int(1 * CM), int(3 * CM), int(2 * CM), int(4 * CM)], fill=0)
    assert tinta_margin(land)["kiri"] > 0
    judul = [_norm("BAB II PERENCANAAN")]
    assert halaman_hampir_kosong([0.1, 0.9, 0.1, 0.9], ["a", "BAB II PERENCANAAN KINERJA", "b", "c"], judul) == [2]


def test_pemeriksa_nomor_daftar():
    html_text = ('<ol><li>Satu dua tiga</li><li>Empat lima enam</li></ol><p>x</p>'
                 '<ol start="3"><li>Tujuh delapan sembilan</li></ol><ul><li>bukan nomor</li></ul>')
    baik = "  1. Satu dua tiga\n  2. Empat lima enam\nx\n  3. Tujuh delapan sembilan\n"
    buruk = "  1. Satu dua tiga\n  2. Empat lima enam\nx\n  1. Tujuh delapan sembilan\n"
    assert nomor_daftar_salah(html_text, baik) == ([], 3, 3)
    salah, cocok, _ = nomor_daftar_salah(html_text, buruk)
    assert cocok == 3 and len(salah) == 1 and "seharusnya 3" in salah[0]
