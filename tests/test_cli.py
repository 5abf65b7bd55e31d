"""The command line as a user meets it: exit codes, messages, atomic outputs."""

from __future__ import annotations

import json

import pytest
import yaml

from lkjip.cli import main

from ._bantu import kalimat_reviu, lkjip, salin_proyek

# A few tests run `lkjip` as a real process (exit status, no traceback, the last line of
# stdout); the others call the same entry point in-process (`main`, as the console
# script does) when only the exit code and the message matter.


def test_validasi_ok():
    r = lkjip("validasi", "params/2024.yaml")
    assert r.returncode == 0, r.stderr
    assert "Params valid" in r.stdout


def test_bad_params_exit_2_without_traceback(tmp_path, params_2024_dict, capsys):
    params_2024_dict["metode"]["warna"] = "merah"
    p = tmp_path / "p.yaml"
    p.write_text(yaml.safe_dump(params_2024_dict), encoding="utf-8")
    assert main(["run", str(p)]) == 2
    err = capsys.readouterr().err
    assert "metode.warna" in err and "Traceback" not in err


def test_run_writes_every_stage_output(run_2024):
    """The shared run (the same pipeline, data and params): every stage's tables, charts and notebooks."""
    processed, reports = run_2024.processed, run_2024.reports
    assert (processed / "kinerja.csv").exists() and (reports / "notebooks" / "02_clean.ipynb").exists()
    assert (processed / "capaian_indikator.csv").exists() and (processed / "tabel_3_6.csv").exists()
    assert (reports / "gambar" / "capaian_indikator.png").exists()
    for name in ("tabel_1_1", "tabel_1_2", "tabel_3_7", "tabel_3_8", "tabel_3_9", "tabel_4_0", "tabel_4_1"):
        assert (processed / f"{name}.csv").exists(), name
    for chart in ("pegawai_abk", "nilai_aset", "koperasi_kecamatan", "usaha_mikro_bidang"):
        assert (reports / "gambar" / f"{chart}.png").exists(), chart
    nb = json.loads((reports / "notebooks" / "03_capaian.ipynb").read_text(encoding="utf-8"))
    outputs = [o for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])]
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 3  # charts shown in the notebook
    assert any("25,35 / 10 × 100 = 253,50%" in json.dumps(o, ensure_ascii=False) for o in outputs)  # formula beside result


def test_bad_input_leaves_outputs(run_2024, tmp_path, capsys):
    """Bad input after a good run (a copy of the shared one): located message, exit 2, no traceback, outputs untouched."""
    pfile = salin_proyek(run_2024, tmp_path)
    processed = tmp_path / "processed"
    before = {str(p.relative_to(processed)): p.read_bytes() for p in processed.rglob("*") if p.is_file()}
    anggaran = tmp_path / "raw" / "t3_5_anggaran.csv"
    text = anggaran.read_text(encoding="utf-8")
    assert "142.770.090;" in text
    anggaran.write_text(text.replace("142.770.090;", "142.77O.090;", 1), encoding="utf-8")
    assert main(["manifest", str(tmp_path / "raw")]) == 0
    capsys.readouterr()
    assert main(["run", str(pfile)]) == 2
    err = capsys.readouterr().err
    assert "t3_5_anggaran.csv" in err and "kolom 'pagu'" in err  # found by the check before any kernel
    assert "Traceback" not in err
    assert {str(p.relative_to(processed)): p.read_bytes() for p in processed.rglob("*") if p.is_file()} == before
    assert not list(tmp_path.glob(".staging-*"))


def test_cli_run_ends_with_the_counts_of_reviu_csv(run_2024, tmp_path):
    """`lkjip run` (on a copy of the shared run: nothing changed, no stage runs) ends with reviu.csv's counts."""
    pfile = salin_proyek(run_2024, tmp_path)
    r = lkjip("run", str(pfile))
    assert r.returncode == 0, r.stderr + r.stdout
    akhir = kalimat_reviu(tmp_path / "processed")
    assert r.stdout.splitlines()[-1] == "Reviu: " + akhir and ", 0 tidak dapat diperiksa, " in akhir  # 2024: all checked


@pytest.mark.slow  # one more full pipeline run, by the command line, then a second run
def test_cli_run_twice_gives_the_same_bytes(project):
    r = lkjip("run", str(project.params_file))
    assert r.returncode == 0, r.stderr + r.stdout
    assert r.stdout.splitlines()[-1] == "Reviu: " + kalimat_reviu(project.processed)  # the end line of a real run
    assert (project.processed / "kinerja.csv").exists() and (project.reports / "notebooks" / "02_clean.ipynb").exists()
    before = {str(p.relative_to(project.processed)): p.read_bytes() for p in project.processed.rglob("*") if p.is_file()}
    report = (project.reports / "LKjIP-2024.html").read_bytes()
    annex = {p.name: p.read_bytes() for p in (project.reports / "tabel").glob("*.csv")}

    # Deterministic: a second run gives byte-identical processed data and report text.
    r = lkjip("run", str(project.params_file))
    assert r.returncode == 0, r.stderr
    assert {str(p.relative_to(project.processed)): p.read_bytes() for p in project.processed.rglob("*") if p.is_file()} == before
    assert (project.reports / "LKjIP-2024.html").read_bytes() == report  # no run-time stamp in the report
    assert {p.name: p.read_bytes() for p in (project.reports / "tabel").glob("*.csv")} == annex
    assert not list(project.root.glob(".staging-*"))


def test_manifest_command_records_change(project, capsys):
    project.edit("t1_2_usaha_mikro.csv", "1601", "1602", rehash=False)
    assert main(["manifest", str(project.raw_dir)]) == 0
    assert "t1_2_usaha_mikro.csv" in capsys.readouterr().out


@pytest.mark.slow  # two stage kernels (the second one fails)
def test_user_error_inside_a_stage_is_reported_and_outputs_kept(project, tmp_path):
    """A user error raised by a stage notebook: located message, failed notebook kept, outputs untouched."""
    import nbformat

    from lkjip.errors import LkjipError
    from lkjip.runner import STAGES, Stage, run

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    params = nbformat.v4.new_code_cell('params_file = ""\nprocessed_dir = ""\nreports_dir = ""')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell(
        "from lkjip.errors import DataError, Problem\n"
        "raise DataError([Problem('contoh.csv', 'nilai contoh salah', baris=3, kolom='pagu')])")]
    bad = tmp_path / "gagal.ipynb"
    nbformat.write(nb, str(bad))
    project.processed.mkdir(parents=True)
    (project.processed / ".lkjip-keluaran").write_text("lkjip\n", encoding="utf-8")  # previous outputs of a run
    (project.processed / "lama.csv").write_text("lama\n", encoding="utf-8")
    with pytest.raises(LkjipError) as exc:
        run(project.params_file, stages=(STAGES[0], Stage("99_uji", str(bad), "uji")), echo=lambda *a: None)
    msg = str(exc.value)
    assert "tahap 99_uji" in msg and "contoh.csv, baris 3, kolom 'pagu'" in msg and "_gagal" in msg
    assert (project.processed / "lama.csv").read_text(encoding="utf-8") == "lama\n"
    assert not list(project.root.glob(".staging-*"))
