"""Hostile raw input (issue 12): refused with a located message, exit 2, nothing changed.

Every case starts from a valid copy of the 2024 data, breaks one thing the way a
hostile or careless user would, and runs ``lkjip run`` (or ``lkjip manifest``). Each
asserts exit 2, the file/row/column in the message, no traceback, and that the raw
folder, the params file and the previous outputs are byte-identical afterwards.
"""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lkjip import cli
from lkjip.pemeriksaan import baca
from lkjip.errors import DataError, ParamsError
from lkjip.tables import BATAS_BARIS_BAWAAN, BATAS_TEKS_MENTAH, BATAS_TEKS_SEL, BATAS_UKURAN, batas_baris

from ._bantu import ke_workbook
from .test_input_buruk import _edit_book, _intact, _params, _sentinels

# ----------------------------------------------------------------- helpers


def _tree(root: Path) -> dict[str, str]:
    """Every entry under ``root`` (links and FIFOs not followed or opened) → its content digest or kind."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            mode = os.lstat(path).st_mode
            key = str(path.relative_to(root))
            if stat.S_ISLNK(mode):
                out[key] = "symlink→" + os.readlink(path)
            elif stat.S_ISREG(mode):
                out[key] = hashlib.sha256(path.read_bytes()).hexdigest()
            elif stat.S_ISDIR(mode):
                out[key] = "folder"
            else:
                out[key] = f"mode {stat.S_IFMT(mode):o}"
    return out


def _snapshot(project) -> dict:
    return {"raw": _tree(project.raw_dir), "params": project.params_file.read_bytes(),
            "processed": _tree(project.processed), "reports": _tree(project.reports)}


def _refused(project, capsys, expected: list[str], argv: list[str] | None = None):
    """Run the command; assert exit 2, every fragment in the message, no traceback, nothing changed."""
    before = _snapshot(project)
    code = cli.main(argv or ["run", str(project.params_file)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.startswith("GALAT:") and "Traceback" not in err, err
    for frag in expected:
        assert frag in err, (frag, err)
    assert _snapshot(project) == before
    _intact(project)
    return err


def _add_manifest_row(project, name: str):
    readme = project.raw_dir / "README.md"
    text = readme.read_text(encoding="utf-8")
    anchor = "| `sasaran.csv`"
    readme.write_text(text.replace(anchor, f"| `{name}` | uji | uji | {'0' * 64} |\n{anchor}", 1), encoding="utf-8")


# ------------------------------------------- §2/§4: only plain files are read


def test_symlinked_csv_is_refused(project, capsys, tmp_path):
    _sentinels(project)
    target = tmp_path / "di_luar.csv"
    target.write_bytes((project.raw_dir / "sasaran.csv").read_bytes())
    (project.raw_dir / "sasaran.csv").unlink()
    (project.raw_dir / "sasaran.csv").symlink_to(target)
    _refused(project, capsys, ["sasaran.csv", "symlink"])


def test_symlinked_narasi_is_refused(project, capsys):
    _sentinels(project)
    path = project.raw_dir / "narasi" / "kata_pengantar.md"
    path.unlink()
    path.symlink_to("/etc/passwd")
    _refused(project, capsys, ["narasi/kata_pengantar.md", "symlink"])


def test_symlinked_narasi_folder_is_refused(project, capsys, tmp_path):
    _sentinels(project)
    elsewhere = tmp_path / "narasi_lain"
    (project.raw_dir / "narasi").rename(elsewhere)
    (project.raw_dir / "narasi").symlink_to(elsewhere, target_is_directory=True)
    _refused(project, capsys, ["narasi", "symlink"])


def test_folder_named_like_a_table_in_run(project, capsys):
    _sentinels(project)
    (project.raw_dir / "sasaran.csv").unlink()
    (project.raw_dir / "sasaran.csv").mkdir()
    _refused(project, capsys, ["sasaran.csv", "berupa folder"])


def test_folder_named_like_a_table_in_manifest(project, capsys):
    (project.raw_dir / "sasaran.csv").unlink()
    (project.raw_dir / "sasaran.csv").mkdir()
    _sentinels(project)
    _refused(project, capsys, ["sasaran.csv", "berupa folder"], ["manifest", str(project.raw_dir)])


def _fifo_case(project, relpath: str, argv: list[str]):
    """A FIFO must be refused without being opened: run as a process with a timeout, so a hang fails."""
    path = project.raw_dir / relpath
    path.unlink()
    os.mkfifo(path)
    _sentinels(project)
    before = _snapshot(project)
    # A hang fails through the timeout (subprocess.TimeoutExpired), whatever the machine's load.
    r = subprocess.run([sys.executable, "-m", "lkjip.cli", *argv], capture_output=True, text=True, timeout=120)
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr and relpath in r.stderr and "FIFO" in r.stderr, r.stderr
    assert _snapshot(project) == before
    _intact(project)


def test_fifo_raw_file_does_not_hang_the_run(project):
    _fifo_case(project, "t3_1_kinerja.csv", ["run", str(project.params_file)])


def test_fifo_narasi_does_not_hang_the_run(project):
    _fifo_case(project, "narasi/cascading.md", ["run", str(project.params_file)])


def test_fifo_does_not_hang_the_manifest(project):
    _fifo_case(project, "t3_1_kinerja.csv", ["manifest", str(project.raw_dir)])


def test_device_file_is_refused(project, capsys):
    _sentinels(project)
    path = project.raw_dir / "t3_5_anggaran.csv"
    path.unlink()
    try:
        os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))  # like /dev/null
    except (PermissionError, OSError):
        pytest.skip("making a device node is not allowed here")
    _refused(project, capsys, ["t3_5_anggaran.csv", "perangkat"])


def _deny_reading(monkeypatch, path: Path):
    """Make ``path`` unreadable: chmod 000, or (as root, who reads anyway) refuse its open."""
    if os.geteuid() != 0:
        path.chmod(0)
        return
    real_open = os.open

    def fake_open(p, flags, *args, **kwargs):
        if Path(p) == path:
            raise PermissionError(13, "Permission denied", str(p))
        return real_open(p, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)


def test_unreadable_raw_file(project, capsys, monkeypatch):
    _sentinels(project)
    _deny_reading(monkeypatch, project.raw_dir / "program.csv")
    _refused(project, capsys, ["program.csv", "tidak dapat dibaca", "izin ditolak"])


def test_unreadable_narasi_file(project, capsys, monkeypatch):
    _sentinels(project)
    _deny_reading(monkeypatch, project.raw_dir / "narasi" / "visi_misi.md")
    _refused(project, capsys, ["narasi/visi_misi.md", "tidak dapat dibaca"])


# ---------------------------------------------------- §2: narasi is checked data


def test_latin1_narasi_is_located_before_any_stage(project, capsys):
    _sentinels(project)
    path = project.raw_dir / "narasi" / "kata_pengantar.md"
    text = path.read_text(encoding="utf-8")
    path.write_bytes((text + "\nKoperasi café\n").encode("latin-1", errors="replace"))
    project.rehash()
    lines = text.count("\n") + 2
    offset = len((text + "\nKoperasi caf").encode("latin-1", errors="replace")) + 1
    _refused(project, capsys, ["narasi/kata_pengantar.md", f"baris {lines}", f"bita ke-{offset}", "UTF-8"])


def test_oversized_narasi_is_refused(project, capsys):
    _sentinels(project)
    (project.raw_dir / "narasi" / "penutup_arahan.md").write_text("kata " * (BATAS_UKURAN["md"] // 4), encoding="utf-8")
    project.rehash()
    _refused(project, capsys, ["narasi/penutup_arahan.md", "terlalu besar"])


def test_narasi_together_beyond_the_limit_is_refused(project, capsys):
    """Each file within its own limit, all of them together not: the report would print them all."""
    _sentinels(project)
    per_file = BATAS_UKURAN["md"] - 1024
    names = ["gambaran_umum", "tugas_pokok_fungsi", "aspek_strategis"]
    assert len(names) * per_file > BATAS_UKURAN["narasi"]
    for name in names:
        (project.raw_dir / "narasi" / f"{name}.md").write_text("kata " * (per_file // 5), encoding="utf-8")
    project.rehash()
    _refused(project, capsys, ["narasi", f"paling banyak {BATAS_UKURAN['narasi'] // 1024} KiB untuk seluruh narasi"])


def test_narasi_changed_without_manifest_is_refused(project, capsys):
    _sentinels(project)
    path = project.raw_dir / "narasi" / "faktor_SS1.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nKalimat sisipan.\n", encoding="utf-8")
    _refused(project, capsys, ["narasi/faktor_SS1.md", "berubah", "lkjip manifest"])


def test_new_narasi_without_manifest_row_is_refused(project, capsys):
    _sentinels(project)
    (project.raw_dir / "narasi" / "tambahan.md").write_text("Teks baru.\n", encoding="utf-8")
    _refused(project, capsys, ["narasi/tambahan.md", "tidak tercatat di manifest"])


def test_manifest_command_records_narasi(project, capsys):
    """`lkjip manifest` writes the digest of a changed narasi file; the data check then passes."""
    path = project.raw_dir / "narasi" / "faktor_SS2.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nTambahan.\n", encoding="utf-8")
    with pytest.raises(DataError, match="narasi/faktor_SS2.md"):
        baca(project.raw_dir, 2024)
    assert cli.main(["manifest", str(project.raw_dir)]) == 0
    assert "narasi/faktor_SS2.md" in capsys.readouterr().out
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert "| `narasi/faktor_SS2.md` |" in (project.raw_dir / "README.md").read_text(encoding="utf-8")
    assert digest in (project.raw_dir / "README.md").read_text(encoding="utf-8")
    baca(project.raw_dir, 2024)


def test_manifest_never_hashes_files_outside_the_folder(project, capsys):
    """A manifest row naming ../../something is not followed."""
    (project.raw_dir.parent / "rahasia.txt").write_text("rahasia\n", encoding="utf-8")
    _add_manifest_row(project, "../rahasia.txt")
    readme = (project.raw_dir / "README.md").read_text(encoding="utf-8")
    assert f"| `../rahasia.txt` | uji | uji | {'0' * 64} |" in readme
    assert cli.main(["manifest", str(project.raw_dir)]) == 0
    assert (project.raw_dir / "README.md").read_text(encoding="utf-8") == readme


# --------------------------------------------------- §4: Rupiah beyond the limit


def test_huge_rupiah_in_csv(project, capsys):
    _sentinels(project)
    project.edit("t3_5_anggaran.csv", "142.770.090;", "1" + "0" * 27 + ";")
    _refused(project, capsys, ["t3_5_anggaran.csv", "baris 3", "kolom 'pagu'", "batas"])


def test_huge_rupiah_in_workbook(project, capsys):
    book = ke_workbook(project)
    _sentinels(project)
    _edit_book(project, book, lambda wb: wb["t3_5_anggaran"].__setitem__("C3", 10 ** 27))
    _refused(project, capsys, ["data-2024.xlsx [lembar t3_5_anggaran]", "baris 3", "kolom 'pagu'", "batas"])


def test_number_of_five_thousand_digits_in_workbook_xml(project, capsys):
    """A workbook written by a program with a 5,000-digit number: a located message, not 'bukan workbook'."""
    import zipfile

    book = ke_workbook(project)
    _sentinels(project)
    _edit_book(project, book, lambda wb: wb["t3_5_anggaran"].__setitem__("C3", 987654321))
    with zipfile.ZipFile(book) as z:
        isi = {i.filename: z.read(i.filename) for i in z.infolist()}
    lembar = [n for n, b in isi.items() if n.startswith("xl/worksheets/") and b"<v>987654321</v>" in b]
    assert len(lembar) == 1
    isi[lembar[0]] = isi[lembar[0]].replace(b"<v>987654321</v>", b"<v>" + b"9" * 5000 + b"</v>")
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in isi.items():
            z.writestr(name, data)
    project.rehash()
    _refused(project, capsys, ["data-2024.xlsx [lembar t3_5_anggaran]", "sel C3", "baris 3", "tidak dapat dibaca"])


# ---------------------------------------------------- §5: bounded time and memory


def test_value_in_last_excel_cell_is_refused_fast(project, capsys):
    book = ke_workbook(project)
    _sentinels(project)
    _edit_book(project, book, lambda wb: wb["program"].__setitem__("XFD1048576", "x"))
    t0 = time.process_time()  # CPU of this process: bounded work, not the machine's load
    _refused(project, capsys, ["data-2024.xlsx [lembar program]", "XFD1048576", "batas"])
    assert time.process_time() - t0 < 30


def test_value_far_below_the_table_is_refused(project, capsys):
    book = ke_workbook(project)
    _sentinels(project)
    _edit_book(project, book, lambda wb: wb["program"].__setitem__("A20000", "P99"))
    _refused(project, capsys, ["data-2024.xlsx [lembar program]", "A20000", "batas baris"])


def test_hundred_thousand_csv_rows_refused_fast(project, capsys):
    _sentinels(project)
    path = project.raw_dir / "t3_7_pegawai.csv"
    header = path.read_text(encoding="utf-8").splitlines()[0]
    rows = [f"{i},{i},Unit {i % 7},Pelaksana {i},fungsional,1,1" for i in range(1, 100_001)]
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    project.rehash()
    t0 = time.process_time()  # CPU of this process: bounded work, not the machine's load
    limit = batas_baris("t3_7_pegawai")
    _refused(project, capsys, ["t3_7_pegawai.csv", f"baris {limit + 2}", f"lebih dari {limit} baris"])
    assert time.process_time() - t0 < 30


def test_too_many_rows_in_a_workbook_sheet(project, capsys):
    book = ke_workbook(project)
    _sentinels(project)

    def _many(wb):
        ws = wb["t3_9_rkbmd"]
        for i in range(batas_baris("t3_9_rkbmd") + 5):
            ws.append([f"B{i:05d}", i, f"barang {i}", 1, 1, 1])

    _edit_book(project, book, _many)
    _refused(project, capsys, ["data-2024.xlsx [lembar t3_9_rkbmd]", f"lebih dari {batas_baris('t3_9_rkbmd')} baris"])


def test_oversized_csv_is_refused(project, capsys):
    _sentinels(project)
    path = project.raw_dir / "dokumen.csv"
    path.write_bytes(path.read_bytes() + b" " * (BATAS_UKURAN["csv"] + 1))
    project.rehash()
    _refused(project, capsys, ["dokumen.csv", "terlalu besar"])


def test_too_long_text_cell_is_refused(project, capsys):
    _sentinels(project)
    long = ("Meningkatnya Koperasi Aktif " * (BATAS_TEKS_SEL // 20)).strip()
    project.edit("sasaran.csv", "SS1,Meningkatnya Koperasi Aktif,", f"SS1,{long},")
    _refused(project, capsys, ["sasaran.csv", "baris 2", "kolom 'sasaran'", "teks terlalu panjang",
                               f"{len(long):,} karakter".replace(",", ".")])


def test_too_long_text_cell_in_workbook_is_refused(project, capsys):
    book = ke_workbook(project)
    _sentinels(project)
    _edit_book(project, book, lambda wb: wb["program"].__setitem__("B3", "x" * (BATAS_TEKS_SEL + 1)))
    _refused(project, capsys, ["data-2024.xlsx [lembar program]", "baris 3", "kolom 'program'", "teks terlalu panjang"])


def test_too_much_raw_text_in_all_tables_is_refused(project, capsys):
    """Every cell and every table within its limit, the tables together not: refused, naming the biggest."""
    _sentinels(project)
    path = project.raw_dir / "t4_0_aset.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    name = "Barang inventaris dengan uraian panjang " * 20  # within the cell limit
    assert len(name) <= BATAS_TEKS_SEL
    n = batas_baris("t4_0_aset") // 2
    assert 2 * n * len(name) > BATAS_TEKS_MENTAH
    rows = [f"X{i:04d};{i};{name};{t};1;1000" for i in range(1, n + 1) for t in (2023, 2024)]
    path.write_text("\n".join([lines[0], *rows]) + "\n", encoding="utf-8")
    project.rehash()
    _refused(project, capsys, ["seluruh tabel data mentah memuat", f"{BATAS_TEKS_MENTAH:,}".replace(",", "."),
                               "t4_0_aset.csv"])


def test_row_limits_are_generous_for_real_data():
    from lkjip.ingest import read_raw_dir
    from tests.conftest import RAW_2024

    frames = read_raw_dir(RAW_2024)
    for name, df in frames.items():
        assert len(df) * 3 <= batas_baris(name), name  # three times the 2024 data fits
    assert BATAS_BARIS_BAWAAN >= 200
    # and so are the text limits: the longest cell, all cells, the narasi files (three times the 2024 data fits)
    cells = [str(v) for df in frames.values() for c in df.columns if c != "_baris" for v in df[c]]
    assert 3 * max(map(len, cells)) <= BATAS_TEKS_SEL and 3 * sum(map(len, cells)) <= BATAS_TEKS_MENTAH
    sizes = [p.stat().st_size for p in (RAW_2024 / "narasi").glob("*.md")]
    assert 3 * max(sizes) <= BATAS_UKURAN["md"] and 3 * sum(sizes) <= BATAS_UKURAN["narasi"]


# ------------------------------------------------------ §6: nothing disappears


def test_indicator_without_tabel_3_1_row_is_a_warning(project):
    project.edit("t3_1_kinerja.csv", "IKP02,Persentase Koperasi yang mempunyai legalitas,60%,60%\n", "")
    warnings = baca(project.raw_dir, 2024).peringatan
    text = "\n".join(map(str, warnings))
    assert "indikator.csv, baris 3, kolom 'indikator_id': nilai 'IKP02'" in text
    assert "Tabel 3.1" in text and "t3_1_kinerja.csv" in text


def test_sasaran_without_indicator_is_a_warning(project):
    project.edit("sasaran.csv", "SS1,Meningkatnya Koperasi Aktif,2024,,1\n",
                 "SS1,Meningkatnya Koperasi Aktif,2024,,1\nSS5,Sasaran tanpa indikator,2024,,9\n")
    warnings = baca(project.raw_dir, 2024).peringatan
    text = "\n".join(map(str, warnings))
    assert "sasaran.csv, baris 3, kolom 'sasaran_id': nilai 'SS5'" in text and "tidak punya indikator" in text


def test_unknown_indikator_akip_in_the_data_check(project):
    with pytest.raises(ParamsError, match="indikator_akip: nilai 'IKX99' — tidak ada di .*indikator.csv"):
        baca(project.raw_dir, 2024, indikator_akip="IKX99")
    warnings = baca(project.raw_dir, 2024, indikator_akip="IKS04").peringatan
    assert not [w for w in warnings if "indikator_akip" in str(w)]


def test_unknown_indikator_akip_stops_the_run(project, capsys):
    _sentinels(project)
    _params(project, lambda d: d.update(indikator_akip="IKX99"))
    _refused(project, capsys, ["indikator_akip", "IKX99", "indikator.csv"])


def test_indikator_akip_without_last_year_is_a_warning(project):
    # The data must name the same indicator as the official AKIP score (one quantity, one value):
    # move the nilai_akip mark to IKS01, an indicator that has no 2023 history.
    project.edit("indikator.csv", ",10,nilai_akip", ",10,", rehash=False)
    project.edit("indikator.csv", ",IKH01,1,", ",IKH01,1,nilai_akip")
    warnings = baca(project.raw_dir, 2024, indikator_akip="IKS01").peringatan
    assert any("indikator_akip IKS01" in str(w) and "2023" in str(w) for w in warnings)


def test_formula_without_cached_value(project, capsys):
    book = ke_workbook(project)
    _sentinels(project)
    _edit_book(project, book, lambda wb: wb["t3_5_anggaran"].__setitem__("C3", "=100000000+42770090"))
    _refused(project, capsys, ["data-2024.xlsx [lembar t3_5_anggaran]", "baris 3", "sel C3", "rumus",
                               "Excel/LibreOffice"])


# ------------------------------------------------------------- §8: smaller ones


@pytest.mark.parametrize("angka,jenis", [("１４２.７７０.０９０", "lebar penuh"), ("١٤٢٧٧٠٠٩٠", "Arab")])
def test_unicode_digits_are_refused(project, capsys, angka, jenis):
    _sentinels(project)
    project.edit("t3_5_anggaran.csv", "142.770.090;", f"{angka};")
    _refused(project, capsys, ["t3_5_anggaran.csv", "baris 3", "kolom 'pagu'", "0-9", jenis])


def test_unicode_year_is_refused(project, capsys):
    _sentinels(project)
    project.edit("sasaran.csv", "SS1,Meningkatnya Koperasi Aktif,2024", "SS1,Meningkatnya Koperasi Aktif,２０２４")
    _refused(project, capsys, ["sasaran.csv", "baris 2", "kolom 'tahun_awal'", "0-9"])


def test_negative_renstra_target_is_refused(project, capsys):
    _sentinels(project)
    project.edit("t2_1_renstra.csv", "Persentase peningkatan koperasi aktif,1%,", "Persentase peningkatan koperasi aktif,-1%,")
    _refused(project, capsys, ["t2_1_renstra.csv", "kolom 'target'", "negatif"])


def test_negative_renstra_end_target_is_refused(project, capsys):
    _sentinels(project)
    project.edit("t3_3_target_renstra.csv", "IKS01,Persentase peningkatan koperasi aktif,3%",
                 "IKS01,Persentase peningkatan koperasi aktif,-3%")
    _refused(project, capsys, ["t3_3_target_renstra.csv", "baris 2", "kolom 'target_akhir'", "negatif"])


def test_unclosed_quote_is_located_in_bahasa_indonesia(project, capsys):
    _sentinels(project)
    project.edit("program.csv", "P02,Program Pelayanan", 'P02,"Program Pelayanan')
    err = _refused(project, capsys, ["program.csv", "baris 3", "tanda kutip", "tidak pernah ditutup"])
    assert "unexpected end of data" not in err and "expected" not in err


def test_stray_quote_is_explained(project, capsys):
    _sentinels(project)
    project.edit("program.csv", "P02,Program Pelayanan", 'P02,"Program" Pelayanan')
    err = _refused(project, capsys, ["program.csv", "baris 3", "tanda kutip"])
    assert "expected" not in err


def test_upper_case_workbook_extension_is_named(project, capsys):
    book = ke_workbook(project)
    book.rename(book.with_suffix(".XLSX"))
    _sentinels(project)
    _refused(project, capsys, ["data-2024.XLSX", "huruf kecil", "data-2024.xlsx"])


def test_ods_file_is_named(project, capsys):
    _sentinels(project)
    (project.raw_dir / "data-2024.ods").write_bytes(b"PK\x03\x04 bukan xlsx")
    _refused(project, capsys, ["data-2024.ods", ".ods tidak didukung", "simpan sebagai .xlsx"])


def test_readme_limits_in_sync():
    """The limits table of the README's "Keamanan dan batas" is the one generated from the code."""
    from lkjip.paths import ROOT
    from lkjip.tables import batas_markdown

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- batas-masukan:mulai -->\n")[1].split("\n<!-- batas-masukan:selesai -->")[0]
    assert block == batas_markdown()


# ------------------------------------- control characters (openpyxl refuses them in the annex)


def test_control_character_in_raw_text_is_refused(project, capsys):
    _sentinels(project)
    project.edit("sasaran.csv", "SS1,Meningkatnya Koperasi Aktif,", "SS1,Meningkatnya Koperasi\x07 Aktif,")
    _refused(project, capsys, ["sasaran.csv", "baris 2", "kolom 'sasaran'", "karakter kendali", "U+0007"])


def test_control_character_in_narasi_is_refused(project, capsys):
    _sentinels(project)
    path = project.raw_dir / "narasi" / "kata_pengantar.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\nbaris tiga\x0cakhir\n", encoding="utf-8")
    project.rehash()
    _refused(project, capsys, ["narasi/kata_pengantar.md", f"baris {text.count(chr(10)) + 2}", "U+000C"])


def test_control_character_in_params_is_refused(project, capsys):
    _sentinels(project)
    _params(project, lambda d: d["instansi"].__setitem__("nama", "Dinas\x08 Koperasi"))
    _refused(project, capsys, ["instansi.nama", "karakter kendali", "U+0008"])
