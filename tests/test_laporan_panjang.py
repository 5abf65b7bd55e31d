"""Long tables are printed only in the annex (issue 12 §5): the report's length does not grow with the input."""

from __future__ import annotations

import io as _io
import re
import shutil

import pytest
from bs4 import BeautifulSoup

from lkjip import grafik, io, katalog, keluaran
from lkjip import laporan as L
from lkjip.params import load_params


def _tabel(n: int) -> L.Tabel:
    rows = [([L.Sel(f"barang {i}"), L.Sel(str(i), f"tabel_4_0:{i}:jumlah_ini", "angka")], None) for i in range(n)]
    return L.Tabel("tabel-4-0", "4.0", "Aset", [L.Kolom("nama_barang", "Nama"), L.Kolom("jumlah_ini", "Jumlah", "bulat")],
                   rows, ["Catatan tabel."], "tabel_4_0", lebar=True)


def test_table_at_the_limit_is_printed_whole_one_more_row_goes_to_the_annex():
    batas = L.BATAS_BARIS_NASKAH
    penuh = _tabel(batas)
    assert L.ke_lampiran(penuh, 2024) is penuh and len(penuh.baris) == batas and penuh.di_lampiran is None
    panjang = L.ke_lampiran(_tabel(batas + 1), 2024)
    assert panjang.baris == [] and not panjang.lebar  # no landscape page for a note
    assert panjang.catatan == ["Catatan tabel."] and panjang.nomor == "4.0" and panjang.judul == "Aset"
    note = panjang.di_lampiran
    assert f"Tabel 4.0 memuat {batas + 1} baris" in note and f"lebih dari {batas} baris" in note
    assert "tabel/tabel_4_0.csv" in note and "tabel/LKjIP-2024-tabel.xlsx" in note and "lampiran tabel" in note
    assert L.ke_lampiran(None, 2024) is None
    # the threshold is a parameter of the rule, not of the table: a smaller one cuts earlier
    assert L.ke_lampiran(_tabel(3), 2024, batas=2).baris == []


def test_rendered_note_keeps_the_caption_and_its_anchor():
    html = L.environment().from_string("{% from '_makro.html.j2' import tabel %}{{ tabel(tb) }}").render(
        tb=L.ke_lampiran(_tabel(L.BATAS_BARIS_NASKAH + 1), 2024))
    sup = BeautifulSoup(html, "html.parser")
    assert sup.find("table") is None and "<td" not in html
    cap = sup.select_one("p.judul-tabel")
    assert cap.get("data-daftar") == "tabel" and cap.get_text() == "Tabel 4.0 Aset"
    note = sup.select_one("p.di-lampiran")
    assert note.get("id") == "tabel-4-0" and "tabel/tabel_4_0.csv" in note.get_text()
    assert "lebar" not in sup.select_one("div.tabel-wrap").get("class")


def test_2024_report_prints_every_table_whole(run_2024):
    """Every table of the 2024 report is under the threshold and printed with all its rows."""
    P = load_params(run_2024.params_file)
    t = io.baca_masukan(run_2024.processed, "07_laporan")
    T = L.tabel_laporan(t, P.tahun)
    R = L.konteks_reviu(t["reviu"], t["reviu_ringkasan"], P, t)
    semua = [tb for tb in (*T.values(), R["T_aturan"], R["T_temuan"], R["T_sumber"]) if tb is not None]
    assert len(semua) > 15
    assert all(tb.di_lampiran is None for tb in semua)
    terpanjang = max(len(tb.baris) for tb in semua)
    assert 100 <= terpanjang <= L.BATAS_BARIS_NASKAH  # the threshold is above the longest 2024 table (Tabel L.3)
    sup = BeautifulSoup((run_2024.reports / f"LKjIP-{P.tahun}.html").read_text(encoding="utf-8"), "html.parser")
    assert not sup.select(".di-lampiran") and "dicetak lengkap hanya di lampiran" not in sup.get_text()
    assert "barang lainnya (daftar lengkap" not in sup.get_text()  # every asset removed / added is named
    for tb in semua:
        table = sup.find("table", id=tb.id)
        assert table is not None, tb.nomor
        assert len(table.find("tbody").find_all("tr", recursive=False)) == len(tb.baris), tb.nomor


def _grow_tabel_4_0(processed, n: int) -> None:
    """Give ``tabel_4_0`` ``n`` body rows (valid copies of its first row under new ids) before its TOTAL row."""
    path = processed / "tabel_4_0.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header, body, total = lines[0], lines[1:-1], lines[-1]
    first = body[0].split(",")
    extra = [",".join([f"X{i:04d}", str(len(body) + i), f"Barang uji {i}", *first[3:]]) for i in range(1, n - len(body) + 1)]
    path.write_text("\n".join([header, *body, *extra, total]) + "\n", encoding="utf-8")


def test_long_table_gives_the_note_and_the_annex_keeps_every_row(run_2024, tmp_path):
    from openpyxl import load_workbook

    from lkjip.word import docx_laporan

    processed = tmp_path / "processed"
    shutil.copytree(run_2024.processed, processed)
    n = L.BATAS_BARIS_NASKAH + 50
    _grow_tabel_4_0(processed, n)
    P = load_params(run_2024.params_file)
    t = io.baca_masukan(processed, "07_laporan")
    assert len(t["tabel_4_0"]) == n + 1  # + TOTAL
    K = L.konteks(t, P, {}, {k: None for k in katalog.GAMBAR})  # no chart needed here
    assert K["T"]["4.0"].di_lampiran is not None and K["T"]["3.9"].di_lampiran is None
    html = str(L.render("bab3.html.j2", **K))
    sup = BeautifulSoup(html, "html.parser")
    assert sup.find("table", id="tabel-4-0") is None and sup.find("table", id="tabel-3-9") is not None
    note = sup.find("p", id="tabel-4-0").get_text()
    assert re.search(rf"Tabel 4\.0 memuat {n + 1} baris", note)
    assert f"tabel/tabel_4_0.csv dan lembar tabel_4_0 pada tabel/LKjIP-{P.tahun}-tabel.xlsx" in note
    assert "Barang uji 1<" not in html  # no row of the table in the report
    # the Word edition (made from the HTML) carries the same note, not the rows
    from docx import Document

    doc = Document(_io.BytesIO(docx_laporan(f"<html><body>{html}</body></html>")))
    teks = "\n".join(p.text for p in doc.paragraphs)
    assert f"Tabel 4.0 memuat {n + 1} baris" in teks
    assert not any("Barang uji 1" == c.text for tb in doc.tables for row in tb.rows for c in row.cells)
    # the annex keeps every row, in the CSV and in the workbook
    reports = tmp_path / "reports"
    keluaran.tulis_lampiran(processed, reports, P.tahun)
    csv = (reports / "tabel" / "tabel_4_0.csv").read_text(encoding="utf-8").splitlines()
    uji = [v for v in t["tabel_4_0"]["nama_barang"] if str(v).startswith("Barang uji ")]
    assert len(csv) == 1 + n + 1 and len(uji) > 100
    assert sum(1 for line in csv if ",Barang uji " in line) == len(uji)
    ws = load_workbook(reports / "tabel" / f"LKjIP-{P.tahun}-tabel.xlsx", read_only=True)["tabel_4_0"]
    header = [c.value for c in next(ws.iter_rows(min_row=3, max_row=3))]
    assert header[2] == "nama_barang"
    assert [r[2] for r in ws.iter_rows(min_row=4, values_only=True)] == list(t["tabel_4_0"]["nama_barang"])


def test_every_printed_table_has_its_annex_file():
    """The note points at the annex: every processed table a report table shows is written there."""
    from lkjip.katalog import LAMPIRAN

    sumber = {"tabel_1_1", "tabel_1_2", "akip_komponen", "renstra", "rkt_rollup", "tabel_3_1", "tabel_3_2", "tabel_3_3",
              "tabel_3_4", "tabel_3_5", "tabel_3_6", "tabel_3_7", "komposisi_pegawai", "tabel_3_8", "tabel_3_9",
              "tabel_4_0", "tabel_4_1", "perjanjian_kinerja", "reviu_ringkasan", "reviu", "sumber_jumlah_pegawai"}
    assert sumber <= set(LAMPIRAN) and set(keluaran.ANNEX) == set(LAMPIRAN)


def test_mutation_list_in_the_prose_is_bounded():
    nama = [f"Barang {i}" for i in range(L.BATAS_DAFTAR_NASKAH + 7)]
    assert L.daftar_naskah(nama) == (nama[:L.BATAS_DAFTAR_NASKAH], 7)
    assert L.daftar_naskah(nama[:3]) == (nama[:3], 0)
    panjang = ["x" * 999] * 10  # names at the raw cell limit: bounded by characters too
    tampil, lain = L.daftar_naskah(panjang)
    assert sum(map(len, tampil)) <= L.BATAS_TEKS_DAFTAR and lain == 10 - len(tampil) and tampil


@pytest.mark.parametrize("n", [grafik.BATAS_BATANG, grafik.BATAS_BATANG + 60])
def test_bar_chart_draws_at_most_the_limit(n):
    import pandas as pd
    from matplotlib import pyplot as plt

    rows = [{"kecamatan": f"Kec {i}", "jenis": "Jumlah", "jumlah_lalu": i, "jumlah_ini": i + 1} for i in range(n)]
    fig = grafik.koperasi_per_kecamatan(pd.DataFrame(rows, dtype=object), 2024, "Koperasi")
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    try:
        assert len(labels) == min(n, grafik.BATAS_BATANG)
        if n > grafik.BATAS_BATANG:  # the largest are drawn, and the chart says so
            assert f"Kec {n - 1}" in labels and "Kec 0" not in labels
            assert f"digambar {grafik.BATAS_BATANG} dari {n} baris" in ax.get_xlabel().replace("\n", " ")
        else:
            assert "digambar" not in ax.get_xlabel()
    finally:
        plt.close(fig)


def test_readme_report_limits_in_sync():
    """The report-length limits of the README's "Keamanan dan batas" are the ones generated from the code."""
    from lkjip.paths import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- batas-naskah:mulai -->\n")[1].split("\n<!-- batas-naskah:selesai -->")[0]
    assert block == L.batas_naskah_markdown()
    assert f"lebih dari {L.BATAS_BARIS_NASKAH} baris" in readme


def test_all_tables_together_stay_within_the_budget():
    """Tables each under the per-table limit but too many rows together: the longest go to the annex first."""
    batas, jumlah = L.BATAS_BARIS_NASKAH, L.BATAS_BARIS_NASKAH_JUMLAH
    T = {f"3.{i}": L.replace(_tabel(batas - i), id=f"tabel-3-{i}", nomor=f"3.{i}") for i in range(8)}
    out = L.dalam_anggaran(T, 2024)
    dicetak = {k: len(tb.baris) for k, tb in out.items() if tb.di_lampiran is None}
    assert sum(dicetak.values()) <= jumlah < sum(dicetak.values()) + batas  # no more tables moved than needed
    pindah = [k for k, tb in out.items() if tb.di_lampiran is not None]
    assert pindah == [f"3.{i}" for i in range(len(pindah))]  # the longest ones
    assert "bersama-sama memuat lebih dari 600 baris" in out["3.0"].di_lampiran.replace(".", "")
    assert all(out[k] is T[k] for k in dicetak)
    # within the budget: nothing moves
    assert L.dalam_anggaran({"1": _tabel(batas)}, 2024)["1"].di_lampiran is None


def test_annex_csv_prints_whole_numbers_as_whole_numbers(run_2024):
    """A ``bulat`` column with blanks (Tabel 4.0 ``no``) is printed ``1``, never ``1.0``, in every annex CSV."""
    import csv

    seen = 0
    for f in sorted((run_2024.reports / "tabel").glob("*.csv")):
        kolom = katalog.KATALOG[f.stem].kolom
        with open(f, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                for c, v in row.items():
                    if kolom.get(c) == "bulat" and v != "":
                        assert re.fullmatch(r"-?\d+", v), (f.name, c, v)
                        seen += 1
    assert seen > 100
