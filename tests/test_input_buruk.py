"""Bad input never breaks anything: a located Bahasa Indonesia message, exit ≠ 0, no traceback, outputs intact.

Every case starts from a valid copy of the 2024 data (CSV, or the same data as an Excel
workbook), breaks one thing, and runs ``lkjip run`` in-process. The data check runs
before any kernel starts, so these cases are fast; a few run as a subprocess to show
the process itself exits cleanly.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml
from openpyxl import load_workbook

from lkjip import cli
from lkjip.workbook import template

from ._bantu import ke_workbook

# ----------------------------------------------------------------- helpers


def _sentinels(project):
    """Previous outputs that a failed run must leave untouched."""
    project.processed.mkdir(parents=True, exist_ok=True)
    project.reports.mkdir(parents=True, exist_ok=True)
    (project.processed / "lama.csv").write_text("hasil lama\n", encoding="utf-8")
    (project.reports / "LKjIP-lama.html").write_text("<p>lama</p>", encoding="utf-8")


def _intact(project):
    assert (project.processed / "lama.csv").read_text(encoding="utf-8") == "hasil lama\n"
    assert (project.reports / "LKjIP-lama.html").read_text(encoding="utf-8") == "<p>lama</p>"
    assert not [p for p in project.root.rglob(".staging-*")]


def _run(project, capsys):
    code = cli.main(["run", str(project.params_file)])
    out = capsys.readouterr()
    return code, out.out, out.err


def _edit_book(project, book, fn):
    wb = load_workbook(book)
    fn(wb)
    wb.save(book)
    project.rehash()


def _params(project, fn):
    d = yaml.safe_load(project.params_file.read_text(encoding="utf-8"))
    fn(d)
    project.params_file.write_text(yaml.safe_dump(d, allow_unicode=True, sort_keys=False), encoding="utf-8")


# ------------------------------------------------------------- raw CSV cases

CSV_CASES = [
    # id, file, old, new, expected fragments in the message
    ("rupiah_huruf", "t3_5_anggaran.csv", "142.770.090;", "142.77O.090;",
     ["t3_5_anggaran.csv", "baris 3", "kolom 'pagu'", "142.77O.090", "Rupiah"]),
    ("persen_ambigu", "t3_1_kinerja.csv", "IKP02,Persentase Koperasi yang mempunyai legalitas,60%",
     "IKP02,Persentase Koperasi yang mempunyai legalitas,1.234%", ["t3_1_kinerja.csv", "kolom 'target'", "1.234%", "ambigu"]),
    ("bilangan_pecahan", "t3_7_pegawai.csv", "2,2,Sekretariat,Sekretaris,struktural,1,1",
     "2,2,Sekretariat,Sekretaris,struktural,1.5,1", ["t3_7_pegawai.csv", "baris 3", "kolom 'bezetting'", "1.5"]),
    ("tahun_dua_angka", "sasaran.csv", "SS1,Meningkatnya Koperasi Aktif,2024", "SS1,Meningkatnya Koperasi Aktif,24",
     ["sasaran.csv", "kolom 'tahun_awal'", "tahun empat angka"]),
    ("id_berspasi", "program.csv", "P02,", "P 02,", ["program.csv", "kolom 'program_id'", "id tanpa spasi"]),
    ("id_ganda", "sasaran.csv", "SS2,Meningkatnya pertumbuhan", "SS1,Meningkatnya pertumbuhan",
     ["sasaran.csv", "SS1", "ganda"]),
    ("anak_yatim", "indikator.csv", "IKP02,Persentase Koperasi yang mempunyai legalitas,program,SS1",
     "IKP02,Persentase Koperasi yang mempunyai legalitas,program,SS9", ["indikator.csv", "kolom 'sasaran_id'", "SS9"]),
    ("polaritas_tak_dikenal", "indikator.csv", "%,positif,2024,,IKH02", "%,naik,2024,,IKH02",
     ["indikator.csv", "kolom 'polaritas'", "naik", "positif"]),
    ("pagu_negatif", "t3_5_anggaran.csv", "142.770.090;", "-142.770.090;", ["t3_5_anggaran.csv", "kolom 'pagu'"]),
    ("tahun_tidak_sesuai_params", "pegawai_komposisi.csv", "2024,PNS,12", "2019,PNS,12",
     ["pegawai_komposisi.csv", "baris 2", "kolom 'tahun'", "2019", "tahun 2024"]),
    ("riwayat_dari_masa_depan", "t3_2_riwayat.csv", "IKH01,Persentase koperasi berkinerja baik,2022",
     "IKH01,Persentase koperasi berkinerja baik,2027", ["t3_2_riwayat.csv", "kolom 'tahun'", "2027"]),
    ("kolom_hilang", "t3_1_kinerja.csv", "indikator_id,indikator,target,realisasi", "indikator_id,indikator,target,capaian",
     ["t3_1_kinerja.csv", "realisasi", "tidak ada"]),
    ("judul_kolom_kosong", "sasaran.csv", "sasaran_id,sasaran,tahun_awal", "sasaran_id,,tahun_awal",
     ["sasaran.csv", "baris 1", "kosong"]),
    ("jumlah_kolom_salah", "program.csv", "P03,Program Pengawasan dan Pemeriksaan Koperasi,SS1,2",
     "P03,Program Pengawasan, dan Pemeriksaan Koperasi,SS1,2", ["program.csv", "jumlah kolom", "kutip"]),
    ("sel_wajib_kosong", "sasaran.csv", "SS1,Meningkatnya Koperasi Aktif", "SS1,", ["sasaran.csv", "kolom 'sasaran'", "wajib diisi"]),
    ("nama_indikator_beda", "t3_1_kinerja.csv", "IKP02,Persentase Koperasi yang mempunyai legalitas",
     "IKP02,Persentase koperasi bahagia", ["t3_1_kinerja.csv", "kolom 'indikator'", "indikator_alias"]),
    ("target_tanpa_angka", "t2_2_rkt.csv", "Nilai Evaluasi SAKIP;78;", "Nilai Evaluasi SAKIP;tinggi;",
     ["t2_2_rkt.csv", "kolom 'target_awal'", "tinggi"]),
    ("anggaran_di_induk", "t2_2_rkt.csv", "SS4;;sasaran;Meningkatnya kualitas Akuntabilitas Kinerja Instansi Pemerintah;Nilai Evaluasi SAKIP;78;;78;",
     "SS4;;sasaran;Meningkatnya kualitas Akuntabilitas Kinerja Instansi Pemerintah;Nilai Evaluasi SAKIP;78;5;78;",
     ["t2_2_rkt.csv", "kolom 'anggaran_awal'", "sub kegiatan"]),
    ("induk_rkt_hilang", "t2_2_rkt.csv", "P01.K1;P01;kegiatan", "P01.K1;P99;kegiatan",
     ["t2_2_rkt.csv", "kolom 'parent_id'", "P99"]),
    ("besaran_tak_dikenal", "dilaporkan.csv", "Tabel 1.3;K1;persen_bobot", "Tabel 1.3;K1;persen_bahagia",
     ["dilaporkan.csv", "kolom 'besaran'", "persen_bahagia"]),
    ("bobot_akip_bukan_100", "t1_3_evaluasi_akip.csv", "K1;Perencanaan Kinerja;30%", "K1;Perencanaan Kinerja;35%",
     ["t1_3_evaluasi_akip.csv", "bobot", "100"]),
    ("sumber_realisasi_tak_dikenal", "indikator.csv", ",11,rata_rata_capaian_kegiatan", ",11,rata_rata_capaian_dinas",
     ["indikator.csv", "kolom 'sumber_realisasi'", "rata_rata_capaian_dinas", "rata_rata_capaian_sub_kegiatan"]),
    ("rata_rata_capaian_bukan_persen", "indikator.csv", ",P01,%,positif,2022,,,11,", ",P01,orang,positif,2022,,,11,",
     ["indikator.csv", "baris 12", "kolom 'sumber_realisasi'", "IKP01", "'orang'"]),
    ("nilai_akip_dua_indikator", "indikator.csv", ",11,rata_rata_capaian_kegiatan", ",11,nilai_akip",
     ["indikator.csv", "baris 12", "kolom 'sumber_realisasi'", "sudah dipakai indikator IKS04"]),
    ("catatan_reviu_entitas_tak_ada", "dokumen.csv", "catatan_reviu:IKS02", "catatan_reviu:IKS22",
     ["dokumen.csv", "kolom 'unsur'", "IKS22", "IKS02"]),
]


@pytest.mark.parametrize("case", CSV_CASES, ids=[c[0] for c in CSV_CASES])
def test_bad_csv(project, capsys, case):
    _, name, old, new, expected = case
    _sentinels(project)
    project.edit(name, old, new)
    code, _, err = _run(project, capsys)
    assert code == 2, err
    assert err.startswith("GALAT:") and "Traceback" not in err
    for frag in expected:
        assert frag in err, (frag, err)
    _intact(project)


def test_extra_column(project, capsys):
    _sentinels(project)
    path = project.raw_dir / "sasaran.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0] + ",warna"] + [ln + ",biru" for ln in lines[1:]]) + "\n", encoding="utf-8")
    project.rehash()
    code, _, err = _run(project, capsys)
    assert code == 2 and "sasaran.csv" in err and "kolom 'warna' tidak dikenal" in err
    _intact(project)


def test_non_utf8(project, capsys):
    _sentinels(project)
    path = project.raw_dir / "sasaran.csv"
    path.write_bytes(path.read_text(encoding="utf-8").replace("Aktif", "Aktif é").encode("latin-1"))
    project.rehash()
    code, _, err = _run(project, capsys)
    assert code == 2 and "sasaran.csv" in err and "UTF-8" in err and "Traceback" not in err
    _intact(project)


def test_wrong_delimiter(project, capsys):
    _sentinels(project)
    path = project.raw_dir / "program.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",", "|"), encoding="utf-8")
    project.rehash()
    code, _, err = _run(project, capsys)
    assert code == 2 and "program.csv" in err and "kolom" in err
    _intact(project)


def test_missing_required_file(project, capsys):
    _sentinels(project)
    (project.raw_dir / "t3_1_kinerja.csv").unlink()
    code, _, err = _run(project, capsys)
    assert code == 2 and "t3_1_kinerja.csv" in err and "berkas wajib tidak ditemukan" in err
    _intact(project)


def test_unknown_extra_file(project, capsys):
    _sentinels(project)
    (project.raw_dir / "catatan_saya.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    code, _, err = _run(project, capsys)
    assert code == 2 and "catatan_saya.csv" in err and "tidak dikenal" in err
    _intact(project)


def test_changed_without_manifest(project, capsys):
    _sentinels(project)
    project.edit("t3_5_anggaran.csv", "142.770.090;", "142.770.091;", rehash=False)
    code, _, err = _run(project, capsys)
    assert code == 2 and "t3_5_anggaran.csv" in err and "lkjip manifest" in err
    _intact(project)


def test_both_csv_and_workbook(project, capsys):
    _sentinels(project)
    (project.raw_dir / "data.xlsx").write_bytes(template(2024))
    code, _, err = _run(project, capsys)
    assert code == 2 and "CSV dan workbook" in err
    _intact(project)


# ---------------------------------------------------------- workbook cases


def _merge(wb):
    wb["sasaran"].merge_cells("A2:B2")


def _blank_header(wb):
    wb["program"]["B1"] = None


def _unknown_sheet(wb):
    wb.create_sheet("coretan")


def _missing_sheet(wb):
    del wb["t3_1_kinerja"]


def _fraction(wb):
    ws = wb["t3_7_pegawai"]
    ws["F3"] = 1.5


def _outside(wb):
    wb["program"]["F3"] = "catatan"


def _text_in_amount(wb):
    wb["t3_5_anggaran"]["C3"] = "seratus juta"


WORKBOOK_CASES = [
    ("sel_gabungan", _merge, ["lembar sasaran", "A2:B2", "merge"]),
    ("judul_kosong", _blank_header, ["lembar program", "baris 1", "judul kolom B kosong"]),
    ("lembar_tak_dikenal", _unknown_sheet, ["lembar coretan", "tidak dikenal"]),
    ("lembar_hilang", _missing_sheet, ["lembar t3_1_kinerja", "wajib"]),
    ("pecahan_di_bilangan", _fraction, ["lembar t3_7_pegawai", "baris 3", "kolom 'bezetting'", "bilangan bulat"]),
    ("nilai_di_luar_kolom", _outside, ["lembar program", "baris 3", "kolom F"]),
    ("teks_di_rupiah", _text_in_amount, ["lembar t3_5_anggaran", "baris 3", "kolom 'pagu'", "seratus juta"]),
]


@pytest.mark.parametrize("case", WORKBOOK_CASES, ids=[c[0] for c in WORKBOOK_CASES])
def test_bad_workbook(project, capsys, case):
    _, fn, expected = case
    book = ke_workbook(project)
    _sentinels(project)
    _edit_book(project, book, fn)
    code, _, err = _run(project, capsys)
    assert code == 2 and "Traceback" not in err, err
    assert "data-2024.xlsx" in err
    for frag in expected:
        assert frag in err, (frag, err)
    _intact(project)


def test_corrupt_workbook(project, capsys):
    book = ke_workbook(project)
    _sentinels(project)
    book.write_bytes(b"bukan zip")
    project.rehash()
    code, _, err = _run(project, capsys)
    assert code == 2 and "data-2024.xlsx" in err and "bukan workbook Excel" in err
    _intact(project)


# ------------------------------------------------------------ params cases

PARAMS_CASES = [
    ("kunci_tak_dikenal", lambda d: d.update(warna="biru"), ["warna"]),
    ("kunci_hilang", lambda d: d.pop("metode"), ["metode"]),
    ("skala_berlubang", lambda d: d["skala_predikat_capaian"][1].update(atas=60), ["skala_predikat_capaian", "celah"]),
    ("tipe_salah", lambda d: d.update(tahun="dua ribu"), ["tahun"]),
    ("nip_salah", lambda d: d["instansi"]["kepala_dinas"].update(nip="12345"), ["instansi.kepala_dinas.nip"]),
    ("metode_tak_dikenal", lambda d: d["metode"].update(efisiensi_anggaran="tebak"), ["metode.efisiensi_anggaran"]),
    ("folder_data_hilang", lambda d: d["paths"].update(raw="/tidak/ada"), ["/tidak/ada", "tidak ditemukan"]),
    ("tahun_tidak_cocok_data", lambda d: d.update(tahun=2030), ["tahun 2030"]),
    ("indikator_akip_bukan_nilai_resmi", lambda d: d.update(indikator_akip="IKS03"),
     ["indikator_akip", "IKS04", "nilai_akip"]),
]


@pytest.mark.parametrize("case", PARAMS_CASES, ids=[c[0] for c in PARAMS_CASES])
def test_bad_params(project, capsys, case):
    _, fn, expected = case
    _sentinels(project)
    _params(project, fn)
    code, _, err = _run(project, capsys)
    assert code == 2 and err.startswith("GALAT:") and "Traceback" not in err, err
    for frag in expected:
        assert frag in err, (frag, err)
    _intact(project)


def test_params_yaml_syntax(project, capsys):
    _sentinels(project)
    project.params_file.write_text("tahun: [2024\n", encoding="utf-8")
    code, _, err = _run(project, capsys)
    assert code == 2 and "YAML" in err and "Traceback" not in err
    _intact(project)


def test_params_file_missing(tmp_path, capsys):
    code = cli.main(["run", str(tmp_path / "tidak_ada.yaml")])
    err = capsys.readouterr().err
    assert code == 2 and "tidak_ada.yaml" in err


# ------------------------------------------------------ warnings continue


@pytest.mark.slow  # one stage kernel, to show the run went on
def test_warnings_do_not_stop_the_run(project, capsys, monkeypatch):
    """Target 0 and realisasi above pagu are warnings: printed with their place, the run goes on."""
    import lkjip.runner as runner

    project.edit("t3_1_kinerja.csv", "IKP02,Persentase Koperasi yang mempunyai legalitas,60%",
                 "IKP02,Persentase Koperasi yang mempunyai legalitas,0%")
    project.edit("t3_5_anggaran.csv", "142.770.090;138.203.716", "142.770.090;150.000.000")
    seen = []
    monkeypatch.setattr(runner, "STAGES", runner.STAGES[:1])  # the check happens before the stages

    summary = runner.run(project.params_file, stages=runner.STAGES, echo=seen.append)
    text = "\n".join(seen)
    assert "PERINGATAN: " in text and "target 0" in text and "realisasi melebihi pagu" in text
    assert "t3_1_kinerja.csv, baris 3, kolom 'target'" in text
    assert summary["tahun"] == 2024
    assert [(t["nama"], t["dipakai_ulang"]) for t in summary["tahap"]] == [("01_ingest", False)]  # the run went on


# ------------------------------------------------- as a real process


def test_process_exit_and_no_traceback(project):
    project.edit("t3_5_anggaran.csv", "142.770.090;", "142.770.09O;")
    r = subprocess.run([sys.executable, "-m", "lkjip.cli", "run", str(project.params_file)],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "Traceback" not in r.stderr and "t3_5_anggaran.csv" in r.stderr


def test_count_of_distinct_bad_inputs():
    n = len(CSV_CASES) + len(WORKBOOK_CASES) + len(PARAMS_CASES) + 10  # + the single cases above
    assert n >= 30


def test_workbook_round_trip_gives_the_same_processed_data(project):
    """The same data as CSV files or as one workbook (numbers typed as numbers) clean to identical tables."""
    from lkjip.pemeriksaan import baca
    from lkjip.io import frame_to_csv

    csv_tables = baca(project.raw_dir, 2024).tabel
    ke_workbook(project)
    book_tables = baca(project.raw_dir, 2024).tabel
    assert set(csv_tables) == set(book_tables)
    for name in csv_tables:
        assert frame_to_csv(book_tables[name]) == frame_to_csv(csv_tables[name]), name
