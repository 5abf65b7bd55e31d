"""Read and clean once: pemeriksaan.baca, the verified snapshot of the raw cells, one foreign-key
declaration and one sum rule."""

from __future__ import annotations

from decimal import Decimal

import nbformat
import pandas as pd
import pytest
import yaml

from lkjip import anggaran, clean, ingest, io, numbers, tables, tahap, workbook
from lkjip.errors import DataError
from lkjip.paths import NOTEBOOKS
from lkjip.pemeriksaan import baca

from ._bantu import ke_workbook, salin_proyek


def _lewat_salinan(raw_dir, tmp_path):
    """What notebooks 01 and 02 do: read and verify, write the snapshot, read it back and check it."""
    m = ingest.baca_mentah(raw_dir)
    ingest.check_inventory(m.inventaris, m.readme)
    io.write_tables(tmp_path, {"inventaris_raw": m.inventaris, **ingest.salinan(m)})
    frames, labels = ingest.dari_salinan(io.read_tables(tmp_path, ["mentah", "mentah_sidik"]), raw_dir)
    return m, frames, labels


def test_baca_returns_tables_inventory_and_warnings(project):
    data = baca(project.raw_dir, 2024, indikator_akip="IKS04")
    assert set(data.tabel) == set(clean.PROCESSED_NAME.values())
    assert data.inventaris["cocok"].all()
    assert len(data.inventaris) == len(list(project.raw_dir.glob("*.csv"))) + len(list(project.raw_dir.glob("narasi/*.md")))
    assert data.peringatan == []
    project.edit("t3_1_kinerja.csv", "IKS01,Persentase peningkatan koperasi aktif,1%", "IKS01,Persentase peningkatan koperasi aktif,0%")
    assert [w.kolom for w in baca(project.raw_dir, 2024).peringatan] == ["target"]


@pytest.mark.parametrize("bentuk", ["csv", "xlsx"])
def test_snapshot_gives_back_the_same_cells_and_the_same_tables(project, tmp_path, bentuk):
    if bentuk == "xlsx":
        ke_workbook(project)
    m, frames, labels = _lewat_salinan(project.raw_dir, tmp_path / "olahan")
    assert labels == m.label and list(frames) == list(m.tabel)
    for name, df in m.tabel.items():
        assert list(frames[name].columns) == list(df.columns), name
        assert frames[name].values.tolist() == df.values.tolist(), name
        assert [type(v) for v in frames[name].values.ravel()] == [type(v) for v in df.values.ravel()], name
    jenis = {type(v) for df in m.tabel.values() for v in df.drop(columns=tables.ROW_COL).values.ravel()}
    assert jenis == ({str} if bentuk == "csv" else {str, int, float})  # a workbook's numbers come back as numbers
    langsung = baca(project.raw_dir, 2024).tabel
    lewat = clean.clean_tables(frames, 2024, labels)
    assert {n: io.frame_to_csv(df) for n, df in lewat.items()} == {n: io.frame_to_csv(df) for n, df in langsung.items()}


def test_a_changed_snapshot_is_refused(project, tmp_path):
    out = tmp_path / "olahan"
    _lewat_salinan(project.raw_dir, out)
    teks = (out / "mentah.csv").read_text(encoding="utf-8")
    assert "t3_5_anggaran,3,pagu,teks,142.770.090\n" in teks
    (out / "mentah.csv").write_text(teks.replace("t3_5_anggaran,3,pagu,teks,142.770.090\n",
                                                 "t3_5_anggaran,3,pagu,teks,942.770.090\n"), encoding="utf-8")
    with pytest.raises(DataError, match=r"t3_5_anggaran\.csv: salinan data mentah \(mentah\.csv\) tidak sama"):
        ingest.dari_salinan(io.read_tables(out, ["mentah", "mentah_sidik"]), project.raw_dir)
    baris = [b for b in teks.splitlines(keepends=True) if not b.startswith("sasaran,2,")]
    (out / "mentah.csv").write_text("".join(baris), encoding="utf-8")
    with pytest.raises(DataError, match="sasaran.csv: salinan data mentah"):
        ingest.dari_salinan(io.read_tables(out, ["mentah", "mentah_sidik"]), project.raw_dir)


def test_clean_stage_reads_the_snapshot_not_the_raw_files():
    stage = tahap.STAGE_BY_NAME["02_clean"]
    assert not stage.mentah and set(stage.masukan) == {"mentah", "mentah_sidik"}
    assert set(tahap.STAGE_BY_NAME["01_ingest"].keluaran) == {"inventaris_raw", "mentah", "mentah_sidik"}
    kode = "\n".join(c.source for c in nbformat.read(str(NOTEBOOKS / "02_clean.ipynb"), as_version=4).cells
                     if c.cell_type == "code")
    assert "ingest.dari_salinan(" in kode and "read_raw" not in kode and "baca_mentah" not in kode


# ------------------------------------------------------------------ foreign keys, declared once


def test_foreign_keys_are_declared_once_for_the_check_and_the_workbook():
    for r in tables.REFERENSI:
        assert r.kolom in tables.SPEC_BY_NAME[r.tabel].columns, r
        assert tables.SPEC_BY_NAME[r.induk].key == (r.kolom_induk,), r  # column A of the parent sheet is its id
    assert workbook._REFERENSI == {(r.tabel, r.kolom): r.induk for r in tables.REFERENSI}
    from io import BytesIO

    from openpyxl import load_workbook

    wb = load_workbook(BytesIO(workbook.template(2024)))
    for r in tables.REFERENSI:
        ws = wb[r.tabel]
        col = [c.value for c in ws[1]].index(r.kolom) + 1
        rumus = [dv.formula1 for dv in ws.data_validations.dataValidation
                 if any(rng.min_col == col for rng in dv.sqref.ranges)]
        assert len(rumus) == 1 and rumus[0].startswith(f"={r.induk}!$A$2:$A$"), (r, rumus)


def test_every_foreign_key_is_checked(project):
    t = baca(project.raw_dir, 2024).tabel
    labels = {n: f"{n}.csv" for n in t}
    assert clean.referensi_problems(t, labels) == []
    rusak = {**t}
    for r in tables.REFERENSI:
        name = clean.PROCESSED_NAME[r.tabel]
        df = rusak[name].copy()
        if len(df):
            df.at[df.index[0], r.kolom] = "ZZ99"
        rusak[name] = df
    found = {(p.berkas, p.kolom) for p in clean.referensi_problems(rusak, labels)}
    expected = {(f"{clean.PROCESSED_NAME[r.tabel]}.csv", r.kolom) for r in tables.REFERENSI if len(t[clean.PROCESSED_NAME[r.tabel]])}
    assert found == expected and len(expected) >= 10


# ------------------------------------------------------------------ one sum rule


def test_sums_of_the_clean_stage_follow_the_budget_rule():
    assert anggaran.jumlah is numbers.jumlah
    df = pd.DataFrame({"tahun": [2023, 2023, 2024, 2024], "jumlah": [3, 4, None, 5],
                       "pagu": [Decimal("1.5"), Decimal("2"), Decimal("0.25"), Decimal("1")]}, dtype=object)
    out = clean.jumlah_kolom(df, ["jumlah", "pagu"], per="tahun", tabel="uji")
    assert out.columns.tolist() == ["tabel", "tahun", "kolom", "baris", "kosong", "jumlah"]
    assert out.values.tolist() == [
        ["uji", 2023, "jumlah", 2, 0, Decimal(7)], ["uji", 2023, "pagu", 2, 0, Decimal("3.5")],
        ["uji", 2024, "jumlah", 2, 1, None], ["uji", 2024, "pagu", 2, 0, Decimal("1.25")]]
    semua = clean.jumlah_kolom(df, ["jumlah"])
    assert semua.values.tolist() == [["jumlah", 4, 1, None]]  # an incomplete sum is not a total
    assert semua.at[0, "jumlah"] == anggaran.jumlah(df["jumlah"])
    assert clean.jumlah_kolom(df.iloc[:0], ["pagu"]).values.tolist() == [["pagu", 0, 0, Decimal(0)]]


def test_changed_indikator_akip_is_checked_before_any_kernel_even_when_ingest_is_reused(run_2024, tmp_path):
    """01_ingest does not read indikator_akip, 02_clean (which reads the snapshot) does: the check runs again."""
    from lkjip.errors import ParamsError
    from lkjip.runner import run

    pfile = salin_proyek(run_2024, tmp_path)
    d = yaml.safe_load(pfile.read_text(encoding="utf-8"))
    d["indikator_akip"] = "IKX99"
    pfile.write_text(yaml.safe_dump(d, allow_unicode=True, sort_keys=False), encoding="utf-8")
    pesan: list[str] = []
    with pytest.raises(ParamsError, match="indikator_akip.*IKX99"):
        run(pfile, echo=pesan.append)
    assert not any("02_clean" in m for m in pesan)  # refused before any stage started


def test_narasi_changed_without_its_manifest_row_is_refused_before_any_kernel_when_the_check_is_reused(run_2024,
                                                                                                        tmp_path):
    """01 and 02 are reused (the data did not change); the report stage reads the narasi, so it is checked first."""
    from lkjip.runner import run

    pfile = salin_proyek(run_2024, tmp_path)
    narasi = tmp_path / "raw" / "narasi" / "penutup_arahan.md"
    narasi.write_text(narasi.read_text(encoding="utf-8") + "\nDiubah tanpa manifest.\n", encoding="utf-8")
    pesan: list[str] = []
    with pytest.raises(DataError, match=r"narasi/penutup_arahan\.md: isi berkas berubah sejak dicatat"):
        run(pfile, echo=pesan.append)
    assert not any("07_laporan" in m for m in pesan)  # refused before any stage started


def test_the_narasi_inventory_is_the_report_stages_and_the_snapshot_holds_the_data_files(project, tmp_path):
    from lkjip import antara

    data, out = _antara(project, tmp_path)
    snap = io.read_tables(out / antara.FOLDER, ["inventaris_raw"])["inventaris_raw"]
    teks, narasi = ingest.narasi_terperiksa(project.raw_dir)
    assert teks == ingest.read_narasi(project.raw_dir) and len(teks) == len(narasi)
    assert len(snap) + len(narasi) == len(data.inventaris)  # the check covers both
    assert not snap["berkas"].str.startswith("narasi/").any()
    assert narasi["berkas"].str.startswith("narasi/").all() and narasi["cocok"].all()
    assert narasi["sha256"].tolist() == [io.sha256_file(project.raw_dir / f) for f in narasi["berkas"]]
    readme = project.raw_dir / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8").replace("| `narasi/visi_misi.md`", "| `narasi/lain.md`"),
                      encoding="utf-8")
    with pytest.raises(DataError, match=r"narasi/visi_misi\.md: tidak tercatat di manifest"):
        ingest.narasi_terperiksa(project.raw_dir)


# ------------------------------------------------------------------ once per run, counted across every process

_HITUNG = '''
import functools
import os

_log = os.environ.get("LKJIP_UJI_HITUNG")
if _log:
    import lkjip.clean
    import lkjip.ingest
    import lkjip.workbook

    def _bungkus(mod, name):
        f = getattr(mod, name)

        @functools.wraps(f)
        def w(*a, **k):
            arg = a[0] if a else ""
            with open(_log, "a", encoding="utf-8") as fh:
                fh.write(f"{name}\\t{os.getpid()}\\t{getattr(arg, 'name', '')}\\n")
            return f(*a, **k)

        setattr(mod, name, w)

    for _m, _n in ((lkjip.ingest, "read_raw"), (lkjip.ingest, "read_raw_csv"), (lkjip.ingest, "read_narasi"),
                   (lkjip.ingest, "baca_readme"), (lkjip.workbook, "read_workbook"), (lkjip.clean, "clean_tables")):
        _bungkus(_m, _n)
'''


def _jalankan_terhitung(project, tmp_path, stages: str = "runner.STAGES[:2]"):
    """Run the pipeline in a subprocess whose every Python process (its kernels too) logs the raw readers and the cleaner."""
    import os
    import subprocess
    import sys

    situs = tmp_path / "situs"
    situs.mkdir(exist_ok=True)
    (situs / "sitecustomize.py").write_text(_HITUNG, encoding="utf-8")
    log = tmp_path / "hitung.log"
    log.write_text("", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(situs), os.environ.get("PYTHONPATH", "")]),
           "LKJIP_UJI_HITUNG": str(log)}
    kode = (f"from lkjip import runner\ns = runner.run({str(project.params_file)!r}, stages={stages}, echo=print)\n"
            "print('RINGKAS', [(t['nama'], t['dipakai_ulang']) for t in s['tahap']], s['tidak_ada_perubahan'])")
    r = subprocess.run([sys.executable, "-c", kode], capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    baris = [ln.split("\t") for ln in log.read_text(encoding="utf-8").splitlines()]
    return r.stdout, baris


@pytest.mark.slow  # two stage kernels, in a subprocess
@pytest.mark.parametrize("bentuk", ["csv", "xlsx"])
def test_a_run_parses_every_raw_file_once_and_cleans_once(project, tmp_path, bentuk):
    """Across the runner and its kernels: one read of the tables, narasi and manifest, one clean; each CSV parsed once."""
    if bentuk == "xlsx":
        ke_workbook(project)
    out, baris = _jalankan_terhitung(project, tmp_path)
    assert "('01_ingest', False), ('02_clean', False)" in out
    fungsi = [b[0] for b in baris]
    assert {f: fungsi.count(f) for f in set(fungsi)} == {
        "read_raw": 1, "read_narasi": 1, "baca_readme": 1, "clean_tables": 1,
        **({"read_raw_csv": len(list(project.raw_dir.glob("*.csv")))} if bentuk == "csv" else {"read_workbook": 1})}
    csv = [b[2] for b in baris if b[0] == "read_raw_csv"]
    assert len(csv) == len(set(csv))  # no file twice
    assert len({b[1] for b in baris}) == 1  # all in one process: the runner's check, before any kernel
    assert (project.processed / "antara" / "kinerja.csv").read_bytes() == (project.processed / "kinerja.csv").read_bytes()
    assert (project.processed / "antara" / "mentah.csv").read_bytes() == (project.processed / "mentah.csv").read_bytes()


def test_the_notebooks_do_not_read_or_clean_the_raw_data():
    for nb in ("01_ingest.ipynb", "02_clean.ipynb"):
        kode = "\n".join(c.source for c in nbformat.read(str(NOTEBOOKS / nb), as_version=4).cells if c.cell_type == "code")
        for f in ("read_raw", "baca_mentah", "read_narasi", "read_workbook", "clean_tables", "parse_table", "baca(",
                  "peringatan_semua"):
            assert f not in kode, (nb, f)
        assert "antara.FOLDER" in kode
    assert tahap.STAGE_BY_NAME["01_ingest"].antara and tahap.STAGE_BY_NAME["02_clean"].antara


# ------------------------------------------------------------------ the interim snapshot and its fingerprint chain


def _antara(project, tmp_path):
    from lkjip import antara

    data = antara.baca(project.raw_dir, 2024)
    out = tmp_path / "olahan"
    io.write_tables(out / antara.FOLDER, antara.tabel_antara(data))
    return data, out


def test_the_snapshot_holds_the_checks_result_and_its_chain(project, tmp_path):
    from lkjip import antara

    project.edit("t3_1_kinerja.csv", "IKS01,Persentase peningkatan koperasi aktif,1%", "IKS01,Persentase peningkatan koperasi aktif,0%")
    data, out = _antara(project, tmp_path)
    d = out / antara.FOLDER
    t = io.read_tables(d, ["bersih_sidik", "peringatan", "kinerja"])
    assert [str(w) for w in antara.peringatan_dari(t["peringatan"])] == [str(w) for w in data.peringatan] != []
    assert io.frame_to_csv(t["kinerja"]) == io.frame_to_csv(data.tabel["kinerja"])
    sidik = t["bersih_sidik"]
    assert set(sidik["tabel"]) == set(data.tabel) | {"peringatan"}
    sha = {n: io.sha256_file(d / f"{n}.csv") for n in sidik["tabel"]}
    ok = antara.periksa_bersih(sidik, sha, io.sha256_file(d / "mentah_sidik.csv"), 2024)
    assert ok["cocok"].all()
    # a changed cleaned table, cells cleaned from another snapshot, another year: each refused, located
    teks = (d / "anggaran.csv").read_text(encoding="utf-8")
    assert "142770090" in teks
    (d / "anggaran.csv").write_text(teks.replace("142770090", "942770090"), encoding="utf-8")
    sha["anggaran"] = io.sha256_file(d / "anggaran.csv")
    with pytest.raises(DataError, match=r"antara/anggaran\.csv: tabel bersih berubah"):
        antara.periksa_bersih(sidik, sha, io.sha256_file(d / "mentah_sidik.csv"), 2024)
    sha["anggaran"] = ok.set_index("tabel").at["anggaran", "sha256"]
    with pytest.raises(DataError, match="tidak dibersihkan dari salinan data mentah ini"):
        antara.periksa_bersih(sidik, sha, "0" * 64, 2024)
    with pytest.raises(DataError, match="untuk tahun lain, bukan 2025"):
        antara.periksa_bersih(sidik, sha, io.sha256_file(d / "mentah_sidik.csv"), 2025)


def test_ingest_rehashes_the_raw_files_against_the_check(project, tmp_path):
    from lkjip import antara

    data, _ = _antara(project, tmp_path)
    inv = data.inventaris
    files = antara.berkas_mentah(inv)
    assert len(files) == len(inv) and "narasi/penutup_arahan.md" in files
    sha = {f: io.sha256_file(project.raw_dir / f) for f in files}
    assert antara.cocokkan_sha(inv, sha)["cocok"].all()
    project.edit("t3_5_anggaran.csv", "142.770.090", "142.770.091")  # changed after the check
    sha["t3_5_anggaran.csv"] = io.sha256_file(project.raw_dir / "t3_5_anggaran.csv")
    with pytest.raises(DataError, match=r"t3_5_anggaran\.csv: berkas berubah sejak diperiksa"):
        antara.cocokkan_sha(inv, sha)


def test_clean_shows_each_number_column_as_read_and_as_cleaned(project):
    from lkjip import antara

    data = antara.baca(project.raw_dir, 2024)
    contoh = antara.contoh_urai(data.mentah.tabel, data.tabel).set_index(["tabel", "kolom"])
    r = contoh.loc[("anggaran", "pagu")]
    assert (r["mentah"], r["bersih"], r["kosong_mentah"], r["kosong_bersih"]) == ("32.702.250", Decimal("32702250"), 0, 0)
    k = contoh.loc[("kinerja", "target")]
    assert isinstance(k["bersih"], Decimal) and k["mentah"] is not None
    assert (contoh["kosong_mentah"] == contoh["kosong_bersih"]).all()  # a blank cell stays blank, never 0
    assert set(antara.aturan_urai()["jenis"]) == set(tables.COLUMN_TYPES)


@pytest.mark.slow  # a run of the whole graph (every stage reused)
def test_a_lost_snapshot_file_is_rebuilt_by_the_check_and_the_stages_stay_reused(run_2024, tmp_path):
    from lkjip.runner import run

    pfile = salin_proyek(run_2024, tmp_path)
    antara_dir = tmp_path / "processed" / "antara"
    before = (antara_dir / "kinerja.csv").read_bytes()
    (antara_dir / "kinerja.csv").unlink()
    pesan: list[str] = []
    s = run(pfile, echo=pesan.append)
    assert not s["tidak_ada_perubahan"]
    assert all(t["dipakai_ulang"] for t in s["tahap"]), s["tahap"]
    assert (antara_dir / "kinerja.csv").read_bytes() == before
    assert run(pfile, echo=pesan.append)["tidak_ada_perubahan"]
