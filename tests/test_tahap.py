"""Declared stages, the catalog, the dependency graph, incremental and parallel runs."""

from __future__ import annotations

import ast
from decimal import Decimal
from pathlib import Path

import nbformat
import pandas as pd
import pytest
import yaml

from lkjip import io, katalog, tables, tahap
from lkjip.paths import NOTEBOOKS, bertanda
from lkjip.tahap import STAGES

from ._bantu import salin_proyek

# ------------------------------------------------------------------ catalog


def test_write_tables_refuses_undeclared_table(tmp_path):
    with pytest.raises(ValueError, match="tidak terdaftar di katalog"):
        io.write_tables(tmp_path, {"tabel_liar": pd.DataFrame({"a": [1]})})
    assert not list(tmp_path.iterdir())


def test_write_tables_refuses_undeclared_or_missing_column(tmp_path):
    kolom = list(katalog.KATALOG["capaian_instansi"].kolom)
    df = pd.DataFrame({c: [None] for c in kolom}, dtype=object)
    with pytest.raises(ValueError, match="tidak sesuai katalog"):
        io.write_tables(tmp_path, {"capaian_instansi": df.assign(kolom_liar=1)})
    with pytest.raises(ValueError, match="tidak sesuai katalog"):
        io.write_tables(tmp_path, {"capaian_instansi": df.drop(columns=kolom[0])})
    assert not list(tmp_path.iterdir())


def test_write_tables_refuses_value_of_the_wrong_kind(tmp_path):
    df = pd.DataFrame({"node_id": ["A"], "tingkat": ["x"], "nama": ["n"]})
    tabel = katalog.KATALOG["ringkasan_anggaran"]
    df = pd.DataFrame({c: [None] for c in tabel.kolom}, dtype=object)
    col = next(c for c, k in tabel.kolom.items() if k == "desimal")
    df[col] = ["12,5"]  # text in a desimal column
    with pytest.raises(ValueError, match=f"kolom '{col}' \\(desimal\\)"):
        io.write_tables(tmp_path, {"ringkasan_anggaran": df})


def test_declared_kinds_are_read_back_and_skema_is_replaced_not_merged(tmp_path):
    tabel = katalog.KATALOG["tabel_1_1"]
    df = pd.DataFrame({c: [None] for c in tabel.kolom}, dtype=object)  # an all-blank column keeps its kind
    io.write_tables(tmp_path, {"tabel_1_1": df})
    skema = yaml.safe_load((tmp_path / "skema.json").read_text(encoding="utf-8"))
    assert skema == {"tabel_1_1": tabel.kolom}
    assert skema["tabel_1_1"]["jumlah_ini"] == "bulat"
    (tmp_path / "tabel_1_1.csv").unlink()
    df2 = pd.DataFrame({c: [None] for c in katalog.KATALOG["capaian_instansi"].kolom}, dtype=object)
    io.write_tables(tmp_path, {"capaian_instansi": df2})
    assert set(yaml.safe_load((tmp_path / "skema.json").read_text(encoding="utf-8"))) == {"capaian_instansi"}


def test_decimal_round_trip_through_the_catalog(tmp_path):
    tabel = katalog.KATALOG["ringkasan_anggaran"]
    row = {c: ({"desimal": Decimal("1.5"), "bulat": 2, "logika": True}.get(k, "x")) for c, k in tabel.kolom.items()}
    io.write_tables(tmp_path, {"ringkasan_anggaran": pd.DataFrame([row], dtype=object)})
    back = io.read_table(tmp_path, "ringkasan_anggaran").iloc[0].to_dict()
    assert back == row


def test_annex_titles_and_units_come_from_the_catalog():
    from lkjip import keluaran

    assert list(keluaran.ANNEX) == list(katalog.LAMPIRAN)
    assert all(keluaran.ANNEX[n] == katalog.KATALOG[n].judul for n in katalog.LAMPIRAN)
    assert keluaran._SATUAN is katalog.SATUAN


def _ditulis(notebook: Path) -> set[str]:
    """Table names a notebook passes to io.write_tables (dict literal keys)."""
    nb = nbformat.read(str(notebook), as_version=4)
    out: set[str] = set()
    for c in nb.cells:
        if c.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(c.source)):
            if (isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "write_tables"
                    and isinstance(node.args[1], ast.Dict)):
                out |= {k.value for k in node.args[1].keys}
    return out


def _gambar_disimpan(notebook: Path) -> set[str]:
    """Files of the charts a notebook draws: ``katalog.GAMBAR["<nomor>"]`` lookups (no file name typed in a notebook)."""
    nb = nbformat.read(str(notebook), as_version=4)
    nodes = [n for c in nb.cells if c.cell_type == "code" for n in ast.walk(ast.parse(c.source))]
    assert not any(isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value.endswith(".png") for n in nodes)
    return {katalog.GAMBAR[n.slice.value].berkas for n in nodes
            if isinstance(n, ast.Subscript) and isinstance(n.value, ast.Attribute) and n.value.attr == "GAMBAR"}


@pytest.mark.parametrize("stage", [s for s in STAGES if s.nama != "02_clean"], ids=lambda s: s.nama)
def test_each_notebook_writes_exactly_its_declared_tables_and_figures(stage):
    assert _ditulis(NOTEBOOKS / stage.notebook) == set(stage.keluaran)
    assert _gambar_disimpan(NOTEBOOKS / stage.notebook) == set(stage.gambar)


def test_clean_stage_declares_every_processed_raw_table():
    from lkjip.tables import PROCESSED_NAME, SPECS

    # every processed raw table, and the warnings and fingerprints of the read-once check (lkjip.antara)
    assert set(tahap.STAGE_BY_NAME["02_clean"].keluaran) == set(PROCESSED_NAME.values()) | {"peringatan", "bersih_sidik"}
    for spec in SPECS:  # derived from the raw spec: the columns parse_table gives, titled by the spec
        t = katalog.KATALOG[spec.olahan]
        assert t.tahap == "02_clean" and t.judul == f"{spec.uraian} ({spec.judul})"
        assert set(spec.kolom_olahan) <= set(t.kolom)
    assert set(katalog.KATALOG["rkt"].kolom) - set(tables.SPEC_BY_NAME["t2_2_rkt"].kolom_olahan) == {
        "urutan", "daun", "indikator_id"}  # added by clean.shape


def test_every_catalog_table_has_a_stage_and_figures_match_the_report():
    assert {t.tahap for t in katalog.KATALOG.values()} <= set(tahap.STAGE_BY_NAME)
    assert {g for s in STAGES for g in s.gambar} == {g.berkas for g in katalog.GAMBAR.values()}
    assert {g.tahap for g in katalog.GAMBAR.values()} <= {s.nama for s in STAGES if s.gambar}
    for s in STAGES:
        assert set(s.masukan) <= set(katalog.KATALOG), s.nama


# ------------------------------------------------------------------ graph


def test_dependency_graph_comes_from_the_declarations():
    deps = tahap.dependensi(STAGES)
    assert deps == {
        "01_ingest": (), "02_clean": ("01_ingest",), "03_capaian": ("02_clean",), "04_anggaran": ("02_clean", "03_capaian"),
        "05_sumber_daya": ("02_clean", "03_capaian", "04_anggaran"),
        "06_reviu": ("02_clean", "03_capaian", "04_anggaran", "05_sumber_daya"),
        "07_laporan": ("02_clean", "03_capaian", "04_anggaran", "05_sumber_daya", "06_reviu"),
    }
    # not the list order: reversing the list gives the same edges
    assert tahap.dependensi(tuple(reversed(STAGES)))["03_capaian"] == ()  # its writer is listed after it


def test_undeclared_stage_waits_for_everything_before_it():
    liar = tahap.Stage("99_uji", "x.ipynb", "uji")
    deps = tahap.dependensi((STAGES[0], STAGES[1], liar, STAGES[2]))
    assert deps["99_uji"] == ("01_ingest", "02_clean")
    assert "99_uji" in deps["03_capaian"]


def test_module_closure_of_a_notebook_follows_imports():
    mods = tahap.modul_tahap(NOTEBOOKS / "04_anggaran.ipynb")
    assert {"anggaran", "grafik", "io", "fmt", "params", "paths", "katalog"} <= set(mods)
    assert "laporan" not in mods


# ------------------------------------------------------------------ runs


def _sel(xlsx: bytes) -> dict:
    from io import BytesIO

    from openpyxl import load_workbook

    wb = load_workbook(BytesIO(xlsx))
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in wb.worksheets}


def _isi(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_readme_key_parts_follow_the_manifest_rows_and_never_wait_on_a_fifo(tmp_path):
    import os

    base = (Path(__file__).parents[1] / "data" / "raw" / "2024" / "README.md").read_text(encoding="utf-8")
    (tmp_path / "README.md").write_text(base, encoding="utf-8")
    a = tahap.sidik_readme(tmp_path)
    narasi_row = next(line for line in base.splitlines() if line.startswith("| `narasi/"))
    data_row = next(line for line in base.splitlines() if line.startswith("| `sasaran.csv`"))
    (tmp_path / "README.md").write_text(base.replace(narasi_row, narasi_row.replace("|", "| ", 1)), encoding="utf-8")
    b = tahap.sidik_readme(tmp_path)
    assert a["data"] == b["data"] and a["narasi"] != b["narasi"]
    # a data row glued to a narasi row by a lone CR is still a data row, as the manifest reader sees it
    glued = base.replace(narasi_row + "\n", narasi_row + "\r", 1).replace(data_row + "\n", "", 1)
    glued = glued.replace(narasi_row + "\r", narasi_row + "\r" + data_row.replace("0d7e", "1d7e") + "\n", 1)
    (tmp_path / "README.md").write_text(glued, encoding="utf-8", newline="")
    c = tahap.sidik_readme(tmp_path)
    (tmp_path / "README.md").write_text(glued.replace("1d7e", "0d7e"), encoding="utf-8", newline="")
    assert tahap.sidik_readme(tmp_path)["data"] != c["data"]
    os.remove(tmp_path / "README.md")
    os.mkfifo(tmp_path / "README.md")  # no writer: an open without O_NONBLOCK would hang
    assert tahap.sidik_readme(tmp_path) == {"data": "tidak ada", "narasi": "tidak ada"}
    assert tahap.sha256_berkas(tmp_path / "README.md") is None


def test_the_cover_logo_is_in_the_report_stages_key(project):
    from lkjip.params import load_params
    from lkjip.runner import _Sidik

    d = yaml.safe_load(project.params_file.read_text(encoding="utf-8"))
    d["instansi"]["logo"] = "logo.png"
    project.params_file.write_text(yaml.safe_dump(d, allow_unicode=True, sort_keys=False), encoding="utf-8")
    logo = project.raw_dir / "logo.png"
    logo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 20)
    params = load_params(project.params_file)
    before = _Sidik(params, project.params_file).narasi()
    logo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"1" * 20)
    after = _Sidik(params, project.params_file).narasi()
    assert before != after and before.keys() == after.keys()  # 07 prints it on the cover: it runs again


def test_staging_starts_empty_and_the_record_lists_only_this_runs_outputs(run_2024):
    names = {p.name for p in run_2024.processed.iterdir()}
    assert names == {f"{t}.csv" for t in katalog.KATALOG} | {"skema.json", ".lkjip-keluaran", ".lkjip-tahap.json",
                                                             "antara"}
    # the interim snapshot of the pre-run check: exactly what 01_ingest and 02_clean publish, the same bytes
    antara = run_2024.processed / "antara"
    terbit = katalog.tabel_tahap("01_ingest") + katalog.tabel_tahap("02_clean")
    assert {p.name for p in antara.iterdir()} == {f"{t}.csv" for t in terbit} | {"skema.json"}
    assert all((antara / f"{t}.csv").read_bytes() == (run_2024.processed / f"{t}.csv").read_bytes() for t in terbit)
    assert bertanda(run_2024.processed)


def test_no_change_run_touches_nothing(run_2024, tmp_path):
    from lkjip.runner import run

    pfile = salin_proyek(run_2024, tmp_path)
    before = {**_isi(tmp_path / "processed"), **{"r/" + k: v for k, v in _isi(tmp_path / "reports").items()}}
    msgs: list[str] = []
    summary = run(pfile, echo=msgs.append)
    assert summary["tidak_ada_perubahan"] is True
    assert any("tidak ada perubahan" in m for m in msgs)
    after = {**_isi(tmp_path / "processed"), **{"r/" + k: v for k, v in _isi(tmp_path / "reports").items()}}
    assert after == before


@pytest.mark.slow  # re-runs the report stage and renders, then 03 to 07
def test_narasi_change_reruns_only_the_report_stage(run_2024, tmp_path):
    from lkjip.ingest import parse_manifest, update_manifest
    from lkjip.io import sha256_file
    from lkjip.runner import run

    pfile = salin_proyek(run_2024, tmp_path)
    raw = tmp_path / "raw"
    narasi = raw / "narasi" / "gambaran_umum.md"
    narasi.write_text(narasi.read_text(encoding="utf-8") + "\nKalimat tambahan uji inkremental.\n", encoding="utf-8")
    readme = raw / "README.md"
    text = readme.read_text(encoding="utf-8")
    readme.write_text(update_manifest(text, {f: sha256_file(raw / f) for f in parse_manifest(text)}), encoding="utf-8")
    old_tables = _isi(tmp_path / "processed")
    summary = run(pfile, echo=lambda *a: None)
    ulang = {s["nama"] for s in summary["tahap"] if s["dipakai_ulang"]}
    assert ulang == {"01_ingest", "02_clean", "03_capaian", "04_anggaran", "05_sumber_daya", "06_reviu"}
    assert "Kalimat tambahan uji inkremental." in (tmp_path / "reports" / "LKjIP-2024.html").read_text(encoding="utf-8")
    new_tables = _isi(tmp_path / "processed")
    changed = {k for k in old_tables if old_tables[k] != new_tables.get(k)}
    # the narasi files' sha256 is in the report stage's inventory; the data check's snapshot is reused as it was
    assert changed == {"inventaris_narasi.csv", ".lkjip-tahap.json"}
    inv = (tmp_path / "processed" / "inventaris_narasi.csv").read_text(encoding="utf-8")
    assert sha256_file(narasi) in inv and "narasi/gambaran_umum.md" in inv
    assert sha256_file(narasi) in (tmp_path / "reports" / "notebooks" / "index.html").read_text(encoding="utf-8")
    # a tampered reused output is not trusted: the stage runs again
    (tmp_path / "processed" / "tabel_3_1.csv").write_text("rusak\n", encoding="utf-8")
    summary = run(pfile, echo=lambda *a: None)
    jalan = {s["nama"] for s in summary["tahap"] if not s["dipakai_ulang"]}
    assert "03_capaian" in jalan and "02_clean" not in jalan
    assert (tmp_path / "processed" / "tabel_3_1.csv").read_bytes() == old_tables["tabel_3_1.csv"]


@pytest.mark.slow
def test_parallel_run_is_byte_identical_to_a_sequential_run(run_2024, tmp_path):
    """Every processed table, figure, annex file, the report HTML and PDF: same bytes, one stage at a time."""
    from lkjip.runner import run

    pfile = salin_proyek(run_2024, tmp_path)
    summary = run(pfile, echo=lambda *a: None, ulang_semua=True, paralel=False)
    assert not any(s["dipakai_ulang"] for s in summary["tahap"])
    a, b = _isi(run_2024.processed), _isi(tmp_path / "processed")
    a.pop(".lkjip-tahap.json"), b.pop(".lkjip-tahap.json")  # times differ
    assert a == b
    assert _isi(run_2024.reports / "gambar") == _isi(tmp_path / "reports" / "gambar")
    a, b = _isi(run_2024.reports / "tabel"), _isi(tmp_path / "reports" / "tabel")
    xlsx = "LKjIP-2024-tabel.xlsx"  # the workbook's own metadata holds its save time: compare its cells
    assert _sel(a.pop(xlsx)) == _sel(b.pop(xlsx)) and a == b
    for laporan in ("LKjIP-2024.html", "LKjIP-2024.pdf"):  # the PDF: rendered in a process of its own vs here
        assert (run_2024.reports / laporan).read_bytes() == (tmp_path / "reports" / laporan).read_bytes(), laporan
