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
