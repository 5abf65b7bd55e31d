"""Publication details of the report: lists, Indonesian forms, totals, Catatan Reviu, charts, cover, PDF."""

from __future__ import annotations

import re
from decimal import Decimal as D

import pandas as pd
import pytest

from lkjip import fmt, grafik, ingest, narasi
from lkjip import laporan as L
from lkjip.errors import DataError

# ------------------------------------------------------------------ narasi lists


def test_rapikan_nests_single_space_items_and_keeps_letter_lists():
    src = "- a. Kepala;\n- b. Sekretariat membawahi:\n 1. Umum;\n 2. Fungsional.\n- c. Bidang;"
    html = str(L.markdown(narasi.rapikan(src)))
    assert html.count("<ol") == 2 and "<ul" not in html  # no bullet + letter ("• a.")
    assert '<ol class="huruf"' in html
    outer, inner = html.index('<ol class="huruf"'), html.index("<ol>")
    assert outer < inner < html.index("Bidang")  # the numbered list sits inside item b
    assert "a. Kepala" not in html and ">Kepala;" in html


def test_rapikan_joins_items_split_by_blank_lines_and_restarts_numbering():
    src = "1. satu;\n2. dua;\n\n3. tiga;\n\nParagraf.\n\n4. empat"
    md = narasi.rapikan(src)
    assert "2. dua;\n3. tiga;" in md  # one tight list
    html = str(L.markdown(md))
    assert html.count("<ol") == 2
    assert '<ol start="4" style="counter-reset: nomor 3">' in html  # counters: the PDF ignores start


def test_rapikan_joins_a_sentence_cut_between_item_and_paragraph():
    src = ("1. Alternatif pertama:\n 1. a\n2. Alternatif kedua :\n - a. b\n"
           "3. Dalam rangka ini selama tahun 2023 Dinas Kabupaten\n\nJombang telah melakukan upaya berikut :\n\n"
           "- a. satu\n- b. dua\n")
    md = narasi.rapikan(src)
    assert "3. Dalam rangka ini selama tahun 2023 Dinas Kabupaten Jombang telah melakukan upaya berikut :" in md
    html = str(L.markdown(md))
    assert "<p>Jombang" not in html
    item3 = html.index("Dalam rangka")
    assert html.index('<ol class="huruf"', item3) < html.index("satu")
    # a complete item followed by a paragraph is not joined
    assert "\n\nSusunan" in narasi.rapikan("7. fungsi lain sesuai tugasnya\n\nSusunan organisasi terdiri dari:\n")


def test_rapikan_is_idempotent_on_the_real_narasi():
    texts = ingest.read_narasi(__import__("lkjip.paths", fromlist=["ROOT"]).ROOT / "data" / "raw" / "2024")
    for name, text in texts.items():
        assert narasi.rapikan(text) == text, name  # read_narasi already normalised it
        assert "<li>a. " not in str(L.markdown(text)) and "<li>b. " not in str(L.markdown(text)), name


def test_markdown_quotes_and_letter_start():
    html = str(L.markdown('Misi "Jombang maju" `"kode"`\n\n- c. tiga\n- d. empat'))
    assert "“Jombang maju”" in html and '<code>"kode"</code>' in html
    assert '<ol class="huruf" start="3" style="counter-reset: nomor 2">' in html


def test_markdown_keeps_escaping_raw_html():
    html = str(L.markdown('1. <script>x</script>\n\n3. <ol start="9" onclick="a()">'))
    assert "<script" not in html and "onclick=\"" not in html and 'start="9"' not in html


# ------------------------------------------------------------------ formatting


def test_negative_rupiah_and_nbsp():
    assert fmt.rupiah(D("-1180000")) == "−Rp\u00a01.180.000"
    assert fmt.rupiah(D("8177126957")) == "Rp\u00a08.177.126.957"
    assert fmt.angka(D("-1.5")) == "−1,50" and fmt.angka(D("-0.001")) == "0,00"


def test_tabel_total_row_leaves_not_applicable_cells_empty():
    df = pd.DataFrame({"n": ["a", "TOTAL"], "v": [None, None]}, dtype=object)
    tb = L.tabel(df, "x", "9.1", "X", [L.Kolom("n", "N"), L.Kolom("v", "V", "angka")],
                 lambda r: "total" if r["n"] == "TOTAL" else None)
    assert [c.teks for c in tb.baris[0][0]] == ["a", fmt.TA]
    assert [c.teks for c in tb.baris[1][0]] == ["TOTAL", ""]


def test_tick_formatter_is_indonesian():
    f = grafik.FormatIndonesia()
    assert f.format_ticks([1000, 2000, 8000]) == ["1.000", "2.000", "8.000"]
    assert f.format_ticks([87.5, 90, 92.5]) == ["87,5", "90,0", "92,5"]
    assert f.format_ticks([-5, 0]) == ["−5", "0"]


def test_chart_drops_all_missing_series_and_wraps_labels():
    t11 = pd.DataFrame({"kecamatan": ["Kecamatan dengan nama yang sangat panjang sekali di Jombang", "B", "Jumlah"],
                        "jenis": ["Jumlah"] * 3, "jumlah_lalu": [3, 4, 7], "jumlah_ini": [None, None, None]},
                       dtype=object)
    fig = grafik.koperasi_per_kecamatan(t11, 2024, "Koperasi")
    ax = fig.axes[0]
    assert len(ax.patches) == 2  # only 2023 bars, no empty 2024 series
    assert "2024: data tidak tersedia" in ax.get_xlabel()
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert any("\n" in lab for lab in labels) and not any("…" in lab for lab in labels)
    assert all(t.get_fontsize() >= 8 for t in fig.findobj(__import__("matplotlib.text", fromlist=["Text"]).Text)
               if t.get_text())
    assert fig.get_size_inches()[0] == pytest.approx(grafik.LEBAR)


def test_trend_chart_does_not_join_changed_indicator():
    tahunan = pd.DataFrame({"indikator_id": ["I1"] * 3, "tahun": [2022, 2023, 2024], "indikator_tahun_id": ["X", "I1", "I1"],
                            "berubah": [True, False, False], "capaian": [D(50), D(90), D(95)]}, dtype=object)
    fig = grafik.tren_sasaran(tahunan, {"I1": "Indikator"}, "Tren")
    lines = [ln for ln in fig.axes[0].get_lines() if len(ln.get_xdata()) and ln.get_linestyle() != "--"]
    joined = [list(ln.get_xdata()) for ln in lines if ln.get_linestyle() not in ("None", "none", "")]
    assert joined == [[2023, 2024]]


def test_simpan_writes_deterministic_png_and_svg(tmp_path):
    cap = pd.DataFrame({"indikator_id": ["I1"], "indikator": ["A"], "capaian": [D("80")], "predikat": ["Baik"]},
                       dtype=object)
    for i in (1, 2):
        fig = grafik.capaian_per_indikator(cap, ["Baik"], "a")
        grafik.simpan(fig, tmp_path / f"g{i}.png")
    assert (tmp_path / "g1.svg").read_bytes() == (tmp_path / "g2.svg").read_bytes()
    assert (tmp_path / "g1.png").read_bytes() == (tmp_path / "g2.png").read_bytes()
    g = L.gambar("1.1", "Judul", (tmp_path / "g1.png").read_bytes(), (tmp_path / "g1.svg").read_bytes())
    assert g.src.startswith("data:image/svg+xml;base64,")
    big = L.gambar("1.1", "Judul", b"png", b"x" * (L.BATAS_SVG + 1))
    assert big.src.startswith("data:image/png;base64,")


# ------------------------------------------------------------------ Catatan Reviu


def _temuan():
    return pd.DataFrame({
        "kode": ["R01", "R01", "R02", "R03"], "tingkat": ["info", "error", "error", "peringatan"],
        "lokasi": ["Narasi 3.1.4", "Bab IV", "Narasi 2.2", "Tabel 3.2"],
        "entitas": ["K1", "TOTAL@2023", "TOTAL", "IKH02@2022"],
        "besaran": ["persen_bobot", "capaian", "anggaran_awal", "realisasi"],
        "uraian": ["persen_bobot K1 dicetak '86,25' berbeda", "capaian TOTAL@2023 dicetak '118%' berbeda",
                   "anggaran_awal TOTAL dicetak 'Rp. 5,725,182,494,-' tidak sama", "realisasi IKH02@2022 dicetak '3'"],
        "nilai_dilaporkan": [D("86.25"), D("118"), D("5725182494"), D("3")],
        "nilai_hitung": [D("86.2666"), D("111"), D("5726954494"), D("4")],
        "selisih": [D("-0.0166"), D("7"), D("-1772000"), D("-1")]}, dtype=object)


def _ringkasan():
    return pd.DataFrame({"kode": ["R01", "R02", "R03"], "aturan": ["Hasil hitung", "Jumlah", "Nilai ganda"]},
                        dtype=object)


def test_reviu_table_is_for_readers():
    tb = L.tabel_temuan(_temuan(), _ringkasan())
    text = " ".join(c.teks for cells, _ in tb.baris for c in cells)
    for internal in ("persen_bobot", "TOTAL@2023", "anggaran_awal", "error", "info", "'"):
        assert internal not in text, internal
    kinds = [k for _, k in tb.baris]
    assert kinds[0] == "kelompok" and kinds.count("kelompok") == 3  # grouped by rule
    assert tb.baris[0][0][0].teks.startswith("R01 Hasil hitung: 1 kesalahan, 0 peringatan")
    assert "Dokumen sumber, Bab IV" in text and "Kesalahan" in text and "jumlah tahun 2023" in text
    assert "Rp\u00a05.725.182.494" in text and "−Rp\u00a01.772.000" in text and ",00" not in text
    assert tb.lebar  # landscape in the PDF


def test_reviu_context_levels_in_indonesian():
    K = L.konteks_reviu(_temuan(), _ringkasan().assign(uraian="u", error=1, peringatan=0, info=0, tidak_diperiksa=0), None)
    assert [k.judul for k in K["T_aturan"].kolom][3:] == ["Kesalahan", "Peringatan", "Pembulatan", "Tidak dapat diperiksa"]
    assert K["jumlah"] == {"error": 2, "peringatan": 1, "info": 1, "tidak_diperiksa": 0}


# ------------------------------------------------------------------ logo


def test_logo_png_and_svg_checked(tmp_path):
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 20)
    assert ingest.baca_logo(tmp_path, "logo.png")[1] == "image/png"
    (tmp_path / "logo.svg").write_text('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><circle r="2"/></svg>')
    assert ingest.baca_logo(tmp_path, "logo.svg")[1] == "image/svg+xml"
    bad = {"palsu.png": b"GIF89a", "skrip.svg": b'<svg><script>alert(1)</script></svg>',
           "luar.svg": b'<svg><image href="file:///etc/passwd"/></svg>', "teks.svg": b"bukan svg",
           "entitas.svg": b'<!DOCTYPE svg [<!ENTITY x "y">]><svg>&x;</svg>'}
    for name, data in bad.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(DataError):
            ingest.baca_logo(tmp_path, name)
    with pytest.raises(DataError):
        ingest.baca_logo(tmp_path, "tidak_ada.png")
    (tmp_path / "tautan.png").symlink_to(tmp_path / "logo.png")
    with pytest.raises(DataError):
        ingest.baca_logo(tmp_path, "tautan.png")


def test_logo_param_validated(params_2024_dict):
    from lkjip.errors import ParamsError
    from lkjip.params import Params, parse_params as validate

    for bad in ("../luar.png", "/etc/logo.png", "logo.gif"):
        d = {**params_2024_dict, "instansi": {**params_2024_dict["instansi"], "logo": bad}}
        with pytest.raises(ParamsError, match="logo"):
            validate(d)
    d = {**params_2024_dict, "instansi": {**params_2024_dict["instansi"], "logo": "logo.svg"}}
    assert isinstance(validate(d), Params)


# ------------------------------------------------------------------ the 2024 report


@pytest.fixture(scope="module")
def html(run_2024) -> str:
    return (run_2024.reports / f"LKjIP-{run_2024.tahun}.html").read_text(encoding="utf-8")


def test_report_has_no_english_or_raw_forms(html):
    body = re.sub(r'src="data:[^"]*"', "", html)
    text = re.sub(r"<[^>]+>", " ", body)
    assert "n/a" not in text
    assert "Rp " not in text.replace("Rp\u00a0", "")  # Rp never separated from its amount
    assert "Rp -" not in text and "Rp\u00a0-" not in text
    assert "dihitung, bukan disalin" not in html and "narasi 3.1.4 menyebut" not in html.split('id="lampiran-reviu"')[0]
    assert "LOGO" not in html  # no placeholder without instansi.logo
    assert re.search(r"BAB I <br/?>PENDAHULUAN", html)  # the PDF bookmark reads "BAB I PENDAHULUAN"


def test_report_totals(html):
    t35 = html[html.index('id="tabel-3-5"'):]
    t35 = t35[: t35.index("</table>")]
    assert 'data-src="ringkasan_anggaran:0:pagu"' in t35 and 'data-src="ringkasan_anggaran:0:serapan"' in t35
    t31 = html[html.index('id="tabel-3-1"'):]
    assert 'data-src="capaian_instansi:0:capaian"' in t31[: t31.index("</table>")]


def test_pdf_metadata_and_tags(run_2024):
    import zlib

    raw = (run_2024.reports / f"LKjIP-{run_2024.tahun}.pdf").read_bytes()
    pdf = raw + b"".join(zlib.decompress(m.group(1)) for m in re.finditer(rb"stream\r?\n(.*?)endstream", raw, re.S)
                         if m.group(1)[:1] == b"x")  # object streams hold the catalog
    assert b"/Lang (id)" in pdf or b"/Lang(id)" in pdf
    assert b"/StructTreeRoot" in pdf  # tagged
    assert b"D:20250110" in pdf  # creation date = tanggal_laporan, not the time of the run
    assert b"Dinas Koperasi" in pdf or "Dinas Koperasi".encode("utf-16-be") in pdf


def test_isi_daftar_reads_caption_paragraphs_and_front_matter():
    doc = ('<ul class="daftar-isi"></ul><ul class="daftar-tabel"></ul>'
           '<h1 id="kp" data-toc="1" data-depan="1">KATA PENGANTAR</h1><h1 id="b1" data-toc="1">BAB I <br/>PENDAHULUAN</h1>'
           '<p class="judul-tabel" id="cap-t" data-daftar="tabel">Tabel 1.1 A</p><p id="x">biasa</p>')
    out = L.isi_daftar(doc)
    assert '<li class="toc-1 depan"><a href="#kp">KATA PENGANTAR</a></li>' in out  # roman page number in the PDF
    assert '<li class="toc-1"><a href="#b1">BAB I PENDAHULUAN</a></li>' in out
    assert '<ul class="daftar-tabel"><li><a href="#cap-t">Tabel 1.1 A</a></li></ul>' in out


def test_table_caption_outside_scroll_area():
    df = pd.DataFrame({"n": ["a"]}, dtype=object)
    tb = L.tabel(df, "x", "9.2", "Judul", [L.Kolom("n", "N")])
    html = L.environment().from_string("{% from '_makro.html.j2' import tabel %}{{ tabel(tb) }}").render(tb=tb)
    cap, gulir = html.index('class="judul-tabel"'), html.index('class="tabel-gulir"')
    assert cap < gulir < html.index("<table")
