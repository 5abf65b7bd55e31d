"""Chart layout: titles and value labels stay inside the figure, off the 100% line; the phone edition.

Checked on the drawn figures (matplotlib's own text extents), at the printed width and
at the phone edition's width.
"""

from __future__ import annotations

from decimal import Decimal as D

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

from lkjip import grafik

PANJANG = "Persentase Usaha Mikro yang mempunyai legalitas usaha dan meningkat omsetnya"


def _cap():
    vals = ["111", "99.23", "96.15", "253.5", "37", "100", None]
    return pd.DataFrame({"indikator_id": [f"IK{i}" for i in range(len(vals))],
                         "indikator": [PANJANG if i % 2 else "Nilai" for i in range(len(vals))],
                         "capaian": [D(v) if v else None for v in vals],
                         "predikat": ["Istimewa", "Baik", "Baik", "Istimewa", "Kurang", "Baik", None]}, dtype=object)


def _t33():
    vals = ["37", "75", "89.23", "96.15", "120.71", "99.23", "100"]
    return pd.DataFrame({"indikator_id": [f"IK{i}" for i in range(len(vals))], "indikator": PANJANG,
                         "tingkat_kemajuan": [D(v) for v in vals]}, dtype=object)


def _t35():
    serapan = ["91.9", "99.9", "96.8", "98.1", "99.3", "99.8", "98.4"]
    capaian = ["100", "100", "105.45", "189.23", "253.5", "152", "107.15"]
    return pd.DataFrame({"jenis_baris": "program", "id": [f"P0{i + 1}" for i in range(7)], "nama": PANJANG,
                         "serapan": [D(v) for v in serapan], "capaian": [D(v) for v in capaian]}, dtype=object)


def _per_unit():
    return pd.DataFrame({"unit": ["Pimpinan", "Sekretariat", "Bidang Kelembagaan Dan Pengawasan Koperasi"],
                         "bezetting": [0, 6, 2], "kebutuhan_abk": [1, 20, 13]}, dtype=object)


GRAFIK = {
    "capaian_per_indikator": lambda: grafik.capaian_per_indikator(_cap(), ["Istimewa", "Baik", "Kurang"],
                                                                  "Capaian indikator kinerja 2024 " + PANJANG),
    "kemajuan_renstra": lambda: grafik.kemajuan_renstra(_t33(), "Kemajuan terhadap target akhir Renstra 2024–2026"),
    "serapan_program": lambda: grafik.serapan_program(_t35(), "Serapan anggaran per program 2024"),
    "kuadran": lambda: grafik.kuadran_capaian_serapan(_t35(), "Capaian kinerja vs serapan anggaran 2024"),
    "pegawai_vs_abk": lambda: grafik.pegawai_vs_abk(_per_unit(), "Bezetting dan kebutuhan pegawai (ABK) per unit 2024"),
}


@pytest.fixture(scope="module", params=sorted(GRAFIK))
def edisi(request):
    """(name, printed figure, phone edition) of one chart."""
    fig = GRAFIK[request.param]()
    yield request.param, fig, grafik.ponsel(fig)
    plt.close(fig)


def _penggambar(fig):
    """Draw ``fig`` once and return its renderer: the boxes of all its artists are read from that one draw."""
    if not hasattr(fig.canvas, "get_renderer"):  # the phone edition is closed (not shown): give it a canvas
        FigureCanvasAgg(fig)
    fig.canvas.draw()
    return fig.canvas.get_renderer()


def _label_nilai(fig) -> list[Text]:
    ax = fig.axes[0]
    return [t for t in ax.texts if t.get_text() and t.get_text()[:1].isdigit() or t.get_text().startswith("P0")]


def test_edisi_ponsel_lebih_sempit_dengan_huruf_sama(edisi):
    _, fig, kecil = edisi
    assert fig.get_size_inches()[0] == pytest.approx(grafik.LEBAR)
    assert kecil is not None and kecil.get_size_inches()[0] == pytest.approx(grafik.LEBAR_PONSEL)
    assert kecil.number not in plt.get_fignums()  # the notebook shows only the printed chart
    for f in (fig, kecil):
        assert min(t.get_fontsize() for t in f.findobj(Text) if t.get_text()) >= 8


def test_judul_utuh_di_dalam_gambar(edisi):
    _, fig, kecil = edisi
    for f in (fig, kecil):
        judul = f._suptitle
        assert judul is not None and judul.get_text()
        b = judul.get_window_extent(_penggambar(f))
        assert b.x0 >= 0 and b.x1 <= f.bbox.width, (b, f.bbox.width)


def test_label_nilai_di_dalam_bingkai_dan_tidak_di_atas_garis_100(edisi):
    nama, fig, kecil = edisi
    for f in (fig, kecil):
        ax = f.axes[0]
        r = _penggambar(f)
        frame = ax.get_window_extent(r)
        labels = _label_nilai(f)
        assert labels, nama
        x100 = ax.transData.transform((100, 0))[0]
        for t in labels:
            b = t.get_window_extent(r)
            assert frame.x0 - 0.5 <= b.x0 and b.x1 <= frame.x1 + 0.5, (nama, t.get_text(), b, frame)
            assert frame.y0 - 0.5 <= b.y0 and b.y1 <= frame.y1 + 0.5, (nama, t.get_text(), b, frame)
            if nama != "pegawai_vs_abk" and b.x0 < x100 < b.x1:  # the others draw a 100% line
                # only a label too long for its short bar may reach the line, and then on a white
                # ground (the line passes behind it, the number stays readable)
                kotak = t.get_bbox_patch()
                assert kotak is not None and kotak.get_visible() and kotak.get_facecolor()[:3] == (1, 1, 1), \
                    (nama, t.get_text(), "di atas garis 100%")
                ujung = ax.transData.transform((t.xy[0], 0))[0] - frame.x0
                jarak = grafik.JARAK_LABEL * f.dpi / 72
                assert ujung < b.width + jarak + 2, (nama, t.get_text(), "muat di dalam batangnya")


def test_label_masuk_batang_bila_akan_menyentuh_garis():
    fig = grafik.kemajuan_renstra(_t33(), "Kemajuan")
    inside = {t.get_text(): t.get_horizontalalignment() for t in fig.axes[0].texts}
    assert inside["96,15%"] == "right" and inside["99,23%"] == "right"  # moved into the bar
    assert inside["120,71%"] == "left" and inside["37,00%"] == "left"  # after the bar: clear of the line
    plt.close(fig)


def test_simpan_menulis_edisi_ponsel(tmp_path):
    fig = GRAFIK["serapan_program"]()
    grafik.simpan(fig, tmp_path / "s.png")
    assert {p.name for p in tmp_path.iterdir()} == {"s.png", "s.svg", "s.ponsel.svg"}
    svg = (tmp_path / "s.ponsel.svg").read_text(encoding="utf-8")
    assert 'width="273.6pt"' in svg  # 3,8 in
    plt.close(fig)
