"""Output paths, params files and runs under attack: exit 2, a message naming the key, nothing touched.

Dangerous output paths are tried against a throw-away repository root (``paths.ROOT``
pointed at a temporary copy), never against the real one; the real ``data/raw`` and
``params`` are hashed before and after as well. Every case asserts the exit status,
the key or file in the message, the absence of a traceback, and byte-identical trees.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
import yaml

from lkjip import cli, paths, runner
from lkjip import folder_keluaran as FK
from lkjip.errors import LkjipError, ParamsError
from lkjip.paths import PENANDA, ROOT, bertanda, tandai

# ----------------------------------------------------------------- helpers


def _tree(root: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """Every file, folder and symlink under ``root`` with the sha256 of its content."""
    out: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = Path(dirpath).relative_to(root)
        dirnames[:] = [d for d in dirnames if str(rel_dir / d) not in skip]
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            rel = str(rel_dir / name)
            if p.is_symlink():
                out[rel] = "link:" + os.readlink(p)
            elif p.is_dir():
                out[rel] = "dir"
            else:
                out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


REAL = {name: _tree(ROOT / name) for name in ("data/raw", "params")}


def _real_untouched():
    for name, before in REAL.items():
        assert _tree(ROOT / name) == before, f"{name} of the real repository changed"


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A throw-away repository root with the 2024 raw data, params and marked previous outputs."""
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "data" / "raw" / "2024", root / "data" / "raw" / "2024")
    for d in ("lkjip", "notebooks", "tests", "scripts", "benchmarks", ".git"):
        (root / d).mkdir(parents=True)
        (root / d / "isi.txt").write_text(f"{d}\n", encoding="utf-8")
    (root / "params").mkdir()
    shutil.copy(ROOT / "params" / "2024.yaml", root / "params" / "2024.yaml")
    for out in ("data/processed/2024", "reports/2024"):
        (root / out).mkdir(parents=True)
        tandai(root / out)
        (root / out / "lama.txt").write_text("hasil lama\n", encoding="utf-8")
    monkeypatch.setattr(paths, "ROOT", root)
    monkeypatch.setattr(runner, "ROOT", root)
    return root


def _set_paths(root: Path, **kw) -> Path:
    pfile = root / "params" / "2024.yaml"
    d = yaml.safe_load(pfile.read_text(encoding="utf-8"))
    d["paths"].update(kw)
    pfile.write_text(yaml.safe_dump(d, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return pfile


def _refused(root: Path, capsys, args: list[str], fragments: list[str], outside: Path | None = None):
    """Run the CLI in-process; assert exit 2, the fragments, no traceback, and nothing changed."""
    before = _tree(root)
    before_out = _tree(outside) if outside is not None and outside.exists() else None
    code = cli.main(args)
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Traceback" not in err
    for f in fragments:
        assert f in err, f"{f!r} not in {err!r}"
    assert _tree(root) == before
    if before_out is not None:
        assert _tree(outside) == before_out
    _real_untouched()
    return err


# --------------------------------------------------- §1 output paths

JALUR_BURUK = [
    # id, paths overrides, fragments of the message
    ("reports_titik", {"reports": "."}, ["paths.reports", "akar repositori"]),
    ("processed_titik", {"processed": "."}, ["paths.processed", "akar repositori"]),
    ("reports_data_raw_tahun", {"reports": "data/raw/2024"}, ["paths.reports", "data/raw"]),
    ("reports_data_raw", {"reports": "data/raw"}, ["paths.reports", "data/raw"]),
    ("processed_data", {"processed": "data"}, ["paths.processed", "berisi", "data/raw"]),
    ("reports_params", {"reports": "params"}, ["paths.reports", "params/"]),
    ("reports_di_dalam_params", {"reports": "params/keluaran"}, ["paths.reports", "di dalam", "params/"]),
    ("processed_notebooks", {"processed": "notebooks"}, ["paths.processed", "notebooks/"]),
    ("processed_lkjip", {"processed": "lkjip/keluaran"}, ["paths.processed", "lkjip/"]),
    ("reports_git", {"reports": ".git"}, ["paths.reports", ".git/"]),
    ("reports_tests", {"reports": "tests"}, ["paths.reports", "tests/"]),
    ("sama", {"processed": "data/processed/2024", "reports": "data/processed/2024"},
     ["paths.processed", "paths.reports", "sama dengan", "terpisah"]),
    ("reports_di_dalam_processed", {"reports": "data/processed/2024/laporan"},
     ["paths.processed", "berisi paths.reports"]),
    ("processed_di_dalam_reports", {"processed": "reports/2024/olahan"}, ["paths.processed", "di dalam paths.reports"]),
    ("naik_keluar", {"reports": "../../x"}, ["paths.reports", "keluar dari akar repositori"]),
    ("kosong", {"processed": ""}, ["paths.processed", "kosong"]),
    ("area_keluaran_seluruhnya", {"processed": "data/processed"}, ["paths.processed", "bukan buatan lkjip"]),
]


@pytest.mark.parametrize("case", JALUR_BURUK, ids=[c[0] for c in JALUR_BURUK])
def test_unsafe_output_path_refused(repo, capsys, case):
    _, kw, fragments = case
    pfile = _set_paths(repo, **kw)
    for cmd in ("run",):
        _refused(repo, capsys, [cmd, str(pfile)], fragments)
    assert not list(repo.rglob(".staging-*")) and not list(repo.parent.glob(".staging-*"))


def test_absolute_paths_to_the_root_or_above_refused(repo, capsys):
    pfile = _set_paths(repo, reports=str(repo))
    _refused(repo, capsys, ["run", str(pfile)], ["paths.reports", "akar repositori"])
    pfile = _set_paths(repo, reports="/")
    _refused(repo, capsys, ["run", str(pfile)], ["paths.reports", "berisi akar repositori"])


def test_output_equal_to_raw_folder_outside_repo_refused(repo, tmp_path, capsys):
    raw = tmp_path / "mentah"
    shutil.copytree(repo / "data" / "raw" / "2024", raw)
    pfile = _set_paths(repo, raw=str(raw), processed=str(raw))
    _refused(repo, capsys, ["run", str(pfile)], ["paths.processed", "paths.raw"], outside=raw)
    pfile = _set_paths(repo, raw=str(raw), processed=str(raw / "olahan"))
    _refused(repo, capsys, ["run", str(pfile)], ["paths.processed", "di dalam", "paths.raw"], outside=raw)


def test_symlink_into_raw_data_refused(repo, capsys):
    (repo / "data" / "processed" / "pintas").symlink_to(repo / "data" / "raw" / "2024")
    pfile = _set_paths(repo, reports="data/processed/pintas")
    _refused(repo, capsys, ["run", str(pfile)], ["paths.reports", "data/raw"])


def test_output_path_that_is_a_file_refused(repo, capsys):
    (repo / "data" / "processed" / "berkas").write_text("x", encoding="utf-8")
    pfile = _set_paths(repo, processed="data/processed/berkas")
    _refused(repo, capsys, ["run", str(pfile)], ["paths.processed", "bukan folder"])


def test_existing_folder_outside_repo_without_marker_refused(repo, tmp_path, capsys):
    """A user's folder outside the repository is never replaced: only absent or marked folders are."""
    mine = tmp_path / "dokumen_saya"
    mine.mkdir()
    (mine / "skripsi.docx").write_bytes(b"penting")
    pfile = _set_paths(repo, reports=str(mine))
    _refused(repo, capsys, ["run", str(pfile)], ["paths.reports", "bukan buatan lkjip", PENANDA], outside=mine)


def test_reports_dot_refused_as_a_process(tmp_path):
    """The critical case of the issue, as a real process: exit 2, no traceback, the repository intact."""
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "data" / "raw" / "2024", root / "data" / "raw" / "2024")
    (root / "params").mkdir()
    d = yaml.safe_load((ROOT / "params" / "2024.yaml").read_text(encoding="utf-8"))
    d["paths"]["reports"] = "."
    (root / "params" / "2024.yaml").write_text(yaml.safe_dump(d, allow_unicode=True), encoding="utf-8")
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    before = _tree(root)
    r = subprocess.run([sys.executable, "-m", "lkjip.cli", "run", "params/2024.yaml"], capture_output=True,
                       text=True, env={**os.environ, "LKJIP_ROOT": str(root)}, cwd=root)
    assert r.returncode == 2 and "paths.reports" in r.stderr and "akar repositori" in r.stderr
    assert "Traceback" not in r.stderr
    assert _tree(root) == before


def test_owner_check_accepts_absent_marked_and_legacy_outputs(repo):
    assert paths.periksa_pemilik_keluaran("paths.processed", repo / "data" / "processed" / "2030") is True
    assert paths.periksa_pemilik_keluaran("paths.processed", repo / "data" / "processed" / "2024") is True
    legacy = repo / "reports" / "2023"
    legacy.mkdir()
    assert paths.periksa_pemilik_keluaran("paths.reports", legacy) is False  # kept aside, never deleted
    (repo / "tmp_saya").mkdir()
    with pytest.raises(ParamsError, match="paths.reports"):
        paths.periksa_pemilik_keluaran("paths.reports", repo / "tmp_saya")


# ------------------------------------------------------ swap and markers


def _pair(tmp_path, old_marked=True):
    """Old outputs (processed, reports) and complete staging folders of a new run."""
    finals = [tmp_path / "processed" / "2024", tmp_path / "reports" / "2024"]
    stagings = []
    for f in finals:
        f.mkdir(parents=True)
        if old_marked:
            tandai(f)
        (f / "isi.txt").write_text("lama\n", encoding="utf-8")
        s = FK.buat_staging(f, "2024-abcd1234", FK.identitas("uji"))
        (s / "isi.txt").write_text("baru\n", encoding="utf-8")
        stagings.append(s)
    return finals, stagings


def test_swap_replaces_marked_outputs_and_keeps_unmarked_ones(tmp_path):
    finals, stagings = _pair(tmp_path)
    msgs: list[str] = []
    FK.tukar(list(zip(stagings, finals)), echo=msgs.append)
    for f in finals:
        assert (f / "isi.txt").read_text(encoding="utf-8") == "baru\n" and bertanda(f)
        assert sorted(p.name for p in f.parent.iterdir()) == ["2024"]  # old removed, no owner file, no journal
    assert not msgs

    finals, stagings = _pair(tmp_path / "lama", old_marked=False)
    FK.tukar(list(zip(stagings, finals)), echo=msgs.append)
    kept = list(finals[0].parent.glob(".lama-2024-*"))
    assert len(kept) == 1 and (kept[0] / "isi.txt").read_text(encoding="utf-8") == "lama\n"
    assert any("tidak dihapus" in m for m in msgs)


def test_remove_only_marked_folders(tmp_path):
    mine = tmp_path / "milik_pengguna"
    mine.mkdir()
    (mine / "a.txt").write_text("a", encoding="utf-8")
    assert FK.hapus_milik(mine) is False and (mine / "a.txt").exists()
    tandai(mine)
    assert FK.hapus_milik(mine) is True and not mine.exists()


_KILL = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    from lkjip import folder_keluaran as FK
    finals = [Path(p) for p in sys.argv[1:3]]
    stagings = [Path(p) for p in sys.argv[3:5]]
    real, n = os.replace, [0]
    def replace(a, b):
        n[0] += 1
        if n[0] == int(sys.argv[5]):
            os._exit(9)  # killed: no finally, no clean-up
        real(a, b)
    os.replace = replace
    FK.tukar(list(zip(stagings, finals)), echo=print)
""")


@pytest.mark.parametrize("kill_at", [2, 3, 4, 5])
def test_kill_during_swap_is_completed_by_next_run(tmp_path, kill_at):
    """Killed at any rename of the swap, the next run completes it: processed and reports come from one run."""
    finals, stagings = _pair(tmp_path)
    r = subprocess.run([sys.executable, "-c", _KILL, *map(str, finals), *map(str, stagings), str(kill_at)],
                       capture_output=True, text=True)
    assert r.returncode == 9, r.stderr
    states = {(f / "isi.txt").read_text(encoding="utf-8") if (f / "isi.txt").exists() else None for f in finals}
    assert FK.sedang_tukar(finals[0])  # the journal says the pair is unfinished
    assert FK.pulihkan(finals[0], echo=lambda *a: None) is True
    for f in finals:
        assert (f / "isi.txt").read_text(encoding="utf-8") == "baru\n", states
        assert sorted(p.name for p in f.parent.iterdir()) == ["2024"]
    assert not FK.sedang_tukar(finals[0])


_DEAD_STAGING = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    from lkjip import folder_keluaran as FK
    s = FK.buat_staging(Path(sys.argv[1]), "2024-dead0000", FK.identitas("uji"))
    (s / "setengah.csv").write_text("x", encoding="utf-8")
    os._exit(0)
""")


def test_stale_staging_of_dead_run_is_cleaned_live_and_unknown_kept(tmp_path):
    final = tmp_path / "processed" / "2024"
    final.parent.mkdir(parents=True)
    r = subprocess.run([sys.executable, "-c", _DEAD_STAGING, str(final)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    dead = final.parent / ".staging-2024-2024-dead0000"
    assert dead.is_dir()
    live = FK.buat_staging(final, "2024-live0000", FK.identitas("uji"))  # this process: alive
    unknown = final.parent / ".staging-2024-tanpa-pemilik"  # no owner file: not provably ours
    unknown.mkdir()
    other = FK.buat_staging(tmp_path / "processed" / "2025", "2025-dead1111",
                            {**FK.identitas("uji"), "pid": 2 ** 22 + 7})  # dead, but another output folder
    time.sleep(0.05)
    removed = FK.bersihkan_basi(final, time.time(), echo=lambda *a: None)
    assert removed == [dead] and not dead.exists() and not Path(str(dead) + ".pemilik.json").exists()
    assert live.is_dir() and unknown.is_dir() and other.is_dir()
    # a leftover newer than this run's start is left alone
    r = subprocess.run([sys.executable, "-c", _DEAD_STAGING, str(final)], capture_output=True, text=True)
    assert FK.bersihkan_basi(final, time.time() - 3600, echo=lambda *a: None) == []


def test_liveness_detects_pid_reuse():
    me = FK.identitas()
    assert FK.hidup(me)
    assert not FK.hidup({**me, "mulai_proses": (me["mulai_proses"] or 0) + 1}) or me["mulai_proses"] is None
    assert not FK.hidup({**me, "pid": 2 ** 22 + 7})
    assert FK.hidup({**me, "pid": 2 ** 22 + 7, "host": "host-lain"})  # cannot check another host: alive


# ------------------------------------------------------------ §7 locking

_HOLD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from lkjip import folder_keluaran as FK
    with FK.kunci([Path(sys.argv[1]), Path(sys.argv[2])], FK.identitas("params/pemegang.yaml")):
        print("siap", flush=True)
        time.sleep(120)
""")


def test_second_run_on_same_outputs_says_who_holds_the_lock(repo, capsys):
    pfile = repo / "params" / "2024.yaml"
    finals = [repo / "data" / "processed" / "2024", repo / "reports" / "2024"]
    holder = subprocess.Popen([sys.executable, "-c", _HOLD, *map(str, finals)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "siap"
        before = _tree(repo)
        code = cli.main(["run", str(pfile)])
        err = capsys.readouterr().err
        assert code == 2 and "Traceback" not in err
        assert f"pid {holder.pid}" in err and "params/pemegang.yaml" in err and "sedang dikerjakan run lain" in err
        assert "data/processed/2024" in err
        after = _tree(repo)
        assert after == before
    finally:
        holder.kill()
        holder.wait()
    with FK.kunci(finals, FK.identitas("uji")):  # released by the kernel when the holder died
        pass
    _real_untouched()


def test_locks_of_different_outputs_are_independent_and_threads_exclude(tmp_path):
    a = [tmp_path / "processed" / "2024", tmp_path / "reports" / "2024"]
    b = [tmp_path / "processed" / "2025", tmp_path / "reports" / "2025"]  # another year
    c = [tmp_path / "opd2" / "processed" / "2024", tmp_path / "opd2" / "reports" / "2024"]  # another OPD
    with FK.kunci(a, FK.identitas("a")):
        with FK.kunci(b, FK.identitas("b")), FK.kunci(c, FK.identitas("c")):
            pass
        out: dict[str, str] = {}

        def other():
            try:
                with FK.kunci(a, FK.identitas("a2")):
                    out["a2"] = "ok"
            except LkjipError as exc:
                out["a2"] = str(exc)

        th = threading.Thread(target=other)
        th.start()
        th.join(10)
        assert "sedang dikerjakan run lain" in out["a2"] and "params a)" in out["a2"]  # another thread, same process
        with pytest.raises(FK.KeluaranSibuk):
            with FK.kunci([a[1]], FK.identitas("a3")):
                pass
    with FK.kunci(a, FK.identitas("a4")):  # released on leaving the block
        pass


# -------------------------------------------- run-level: recovery, clean-up


@pytest.mark.slow  # a stage kernel (a notebook that stops the run)
def test_run_completes_half_swap_and_cleans_dead_staging_first(project, tmp_path):
    """A run (here with one failing stage) first finishes a killed run's swap and removes its staging."""
    import nbformat

    from lkjip.runner import Stage, run

    for d in (project.processed, project.reports):
        d.mkdir(parents=True)
        tandai(d)
        (d / "isi.txt").write_text("lama\n", encoding="utf-8")
    stagings = []
    for f in (project.processed, project.reports):
        s = FK.buat_staging(f, "2024-abcd1234", FK.identitas("uji"))
        (s / "isi.txt").write_text("baru\n", encoding="utf-8")
        stagings.append(s)
    r = subprocess.run([sys.executable, "-c", _KILL, str(project.processed), str(project.reports),
                        *map(str, stagings), "4"], capture_output=True, text=True)
    assert r.returncode == 9
    assert (project.processed / "isi.txt").read_text() == "baru\n" != (project.reports / "isi.txt").read_text()
    r = subprocess.run([sys.executable, "-c", _DEAD_STAGING, str(project.reports)], capture_output=True, text=True)
    assert r.returncode == 0 and list(project.root.glob(".staging-reports-*"))
    time.sleep(0.05)

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    cell = nbformat.v4.new_code_cell('params_file = ""\nprocessed_dir = ""\nreports_dir = ""')
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell, nbformat.v4.new_code_cell("from lkjip.errors import LkjipError\nraise LkjipError('berhenti')")]
    bad = tmp_path / "berhenti.ipynb"
    nbformat.write(nb, str(bad))
    msgs: list[str] = []
    with pytest.raises(LkjipError, match="berhenti"):
        run(project.params_file, stages=(Stage("99_uji", str(bad), "uji"),), echo=msgs.append)
    assert (project.processed / "isi.txt").read_text() == "baru\n" == (project.reports / "isi.txt").read_text()
    assert bertanda(project.processed) and bertanda(project.reports)
    assert not list(project.root.glob(".staging-*")) and not list(project.root.glob(".lama-*"))
    assert not FK.sedang_tukar(project.processed)
    assert any("pertukaran keluaran yang terhenti" in m for m in msgs)
    assert any("sisa run yang terhenti dibersihkan" in m for m in msgs)


def _half_swap(finals: list[Path], kill_at: int = 4) -> None:
    """Staging copies of ``finals`` with a new file, swapped in by a process killed at rename ``kill_at``."""
    stagings = []
    for f in finals:
        s = FK.buat_staging(f, f"2024-{kill_at:08x}", FK.identitas("uji"), salin=True)
        (s / "baru.txt").write_text("baru\n", encoding="utf-8")
        stagings.append(s)
    r = subprocess.run([sys.executable, "-c", _KILL, *map(str, finals), *map(str, stagings), str(kill_at)],
                       capture_output=True, text=True)
    assert r.returncode == 9, r.stderr
    assert FK.sedang_tukar(finals[0]) and not all((f / "baru.txt").exists() for f in finals)  # an unfinished pair


def test_readers_complete_a_half_swap_before_reading(run_2024, tmp_path, capsys):
    """``lkjip reviu`` and ``lkjip lab`` never read new processed data beside old reports (§7)."""
    from ._bantu import salin_proyek

    pfile = salin_proyek(run_2024, tmp_path)
    finals = [tmp_path / "processed", tmp_path / "reports"]
    _half_swap(finals)
    assert cli.main(["reviu", str(pfile)]) == 0, capsys.readouterr().err
    assert all((f / "baru.txt").is_file() and bertanda(f) for f in finals) and not FK.sedang_tukar(finals[0])
    assert not list(tmp_path.glob(".staging-*")) and not list(tmp_path.glob(".lama-*"))
    for f in finals:
        (f / "baru.txt").unlink()
    _half_swap(finals, kill_at=3)
    assert cli.folder_lab(str(pfile)) == finals[1] / "notebooks"
    assert all((f / "baru.txt").is_file() for f in finals) and not FK.sedang_tukar(finals[0])
    # a run in progress holds the lock: the reader says so instead of reading half-swapped outputs
    _half_swap(finals, kill_at=5)
    with FK.kunci(finals, FK.identitas("params/lain.yaml")):
        assert cli.main(["reviu", str(pfile)]) == 2
    assert "params/lain.yaml" in capsys.readouterr().err


def test_real_run_marks_its_output_folders(run_2024):
    assert bertanda(run_2024.processed) and bertanda(run_2024.reports)
    assert not list(run_2024.root.glob(".staging-*")) and not list(run_2024.root.glob(".lkjip-tukar-*"))
    assert not list(run_2024.root.glob(".lama-*"))
    holder = json.loads((run_2024.root / ".lkjip-kunci-processed").read_text(encoding="utf-8"))
    assert holder["pid"] == run_2024.pid and holder["params"]  # the worker process that ran the shared run


# ------------------------------------------------ §4, §5, §8: params files


def _params_text(project, fn):
    text = project.params_file.read_text(encoding="utf-8")
    project.params_file.write_text(fn(text), encoding="utf-8")


def _bomb(_):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev = chr(ord("a") + i - 1)
        lines.append(f"{chr(ord('a') + i)}: &{chr(ord('a') + i)} [{', '.join(['*' + prev] * 9)}]")
    return "\n".join(lines) + "\n"


def _line(text: str, start: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith(start))


PARAMS_BURUK = [
    ("tanggal_tidak_ada", lambda t: t.replace("tanggal_laporan: 2025-01-10", "tanggal_laporan: 2025-02-31"),
     ["instansi.tanggal_laporan", "2025-02-31", "bukan tanggal"]),
    ("bulan_13", lambda t: t.replace("tanggal_laporan: 2025-01-10", "tanggal_laporan: 2025-13-01"),
     ["instansi.tanggal_laporan", "2025-13-01"]),
    ("daftar_5000_tingkat", lambda t: t + "catatan: " + "[" * 5000 + "]" * 5000 + "\n", ["YAML tidak valid", "bersarang"]),
    ("blok_200_tingkat", lambda t: t + "catatan:\n" + "".join(" " * i + "-\n" for i in range(1, 200)),
     ["YAML tidak valid", "bersarang"]),
    ("bom_alias", _bomb, ["baris 1", "anchor '&a' tidak diizinkan"]),
    ("alias", lambda t: t.replace("tempat: Jombang", "tempat: &t Jombang").replace("kabupaten: Kabupaten Jombang",
                                                                                  "kabupaten: *t"),
     ["alias '*t' tidak diizinkan"]),
    ("kunci_gabungan", lambda t: t.replace("renstra:\n", "renstra:\n  <<: {tahun_awal: 2024}\n"), ["'<<'"]),
    ("kunci_ganda", lambda t: t.replace("tahun: 2024\n", "tahun: 2024\ntahun: 2025\n"),
     lambda t: ["kunci 'tahun' muncul dua kali", f"(baris {_line(t, 'tahun: 2024')} dan baris {_line(t, 'tahun: 2025')})"]),
    ("kunci_ganda_bersarang", lambda t: t.replace("  tempat: Jombang\n", "  tempat: Jombang\n  nama: Dinas Lain\n"),
     lambda t: ["kunci 'nama' muncul dua kali", f"(baris {_line(t, '  nama: Dinas Koperasi')} dan baris "
                f"{_line(t, '  nama: Dinas Lain')})"]),
    ("terlalu_besar", lambda t: t + "# " + "x" * (70 * 1024) + "\n", ["lebih dari 64 KiB"]),
    ("tahun_diluar_rentang", lambda t: t.replace("tahun: 2024\n", "tahun: 99999\n"), ["kunci 'tahun'", "2100"]),
    ("bilangan_raksasa", lambda t: t.replace("tahun: 2024\n", "tahun: " + "9" * 6000 + "\n"), ["terlalu panjang"]),
    # the report prints params text and the scales: both are bounded (§5, any accepted input within the budget)
    ("teks_terlalu_panjang", lambda t: t.replace("  tempat: Jombang\n", "  tempat: " + "Jombang " * 70 + "\n"),
     ["kunci 'instansi.tempat'", "paling banyak 500 karakter"]),
    ("skala_terlalu_banyak_pita", lambda t: t.replace(
        "skala_predikat_akip:\n- predikat: D\n  keterangan: Sangat Kurang\n  bawah: 0\n  atas: 30\n",
        "skala_predikat_akip:\n" + "".join(f"- {{predikat: D{i}, bawah: {i}, atas: {i + 1}}}\n" for i in range(30))),
     ["kunci 'skala_predikat_akip'", "butir; paling banyak 20 butir"]),
]


@pytest.mark.parametrize("case", PARAMS_BURUK, ids=[c[0] for c in PARAMS_BURUK])
def test_bad_params_file(project, capsys, case):
    _, fn, fragments = case
    for d in (project.processed, project.reports):
        d.mkdir(parents=True)
        tandai(d)
        (d / "lama.txt").write_text("lama\n", encoding="utf-8")
    _params_text(project, fn)
    if callable(fragments):
        fragments = fragments(project.params_file.read_text(encoding="utf-8"))
    before = _tree(project.root)
    for cmd in ("validasi", "run"):
        t0 = time.process_time()  # CPU of this process: bounded work, not the machine's load
        code = cli.main([cmd, str(project.params_file)])
        err = capsys.readouterr().err
        assert time.process_time() - t0 < 10
        assert code == 2 and "Traceback" not in err, err
        assert str(project.params_file.name) in err or "params" in err
        for f in fragments:
            assert f in err, f"{f!r} not in {err!r}"
    assert _tree(project.root) == before
    _real_untouched()


def test_huge_params_file_is_not_read_whole(tmp_path, capsys):
    big = tmp_path / "besar.yaml"
    with open(big, "wb") as fh:
        fh.truncate(2 * 1024 ** 3)  # 2 GiB sparse file: only 64 KiB + 1 byte is read
    t0 = time.process_time()  # CPU of this process: bounded work, not the machine's load
    assert cli.main(["validasi", str(big)]) == 2
    assert "lebih dari 64 KiB" in capsys.readouterr().err and time.process_time() - t0 < 5


# --------------------------------------------- §8: template and tahun-baru


@pytest.mark.parametrize("tahun", ["0", "-1", "99999", "1999", "2101"])
def test_template_year_bounds(repo, capsys, tahun):
    _refused(repo, capsys, ["template", tahun], ["tahun", "2000–2100"])
    _refused(repo, capsys, ["tahun-baru", tahun], ["tahun", "2000–2100"])


def test_template_into_csv_folder_refused(repo, capsys):
    _refused(repo, capsys, ["template", "2024"], ["data/raw/2024", "sudah berisi data CSV", "dilaporkan.csv", "--keluar"])
    _refused(repo, capsys, ["template", "2024", "--keluar", str(repo / "data" / "raw" / "2024" / "isian.xlsx")],
             ["sudah berisi data CSV"])
    out = repo / "formulir" / "data-2024.xlsx"  # another folder is fine
    assert cli.main(["template", "2024", "--dari", "data/raw/2024", "--keluar", str(out)]) == 0
    assert out.is_file()


def test_new_year_past_renstra_writes_nothing(repo, capsys):
    err = _refused(repo, capsys, ["tahun-baru", "2031", "--dari", "params/2024.yaml"],
                   ["params/2031.yaml", "tidak valid", "tidak ada yang ditulis", "renstra", "2024–2026"])
    assert "2031" in err
    assert not (repo / "params" / "2031.yaml").exists() and not (repo / "data" / "raw" / "2031").exists()


def test_new_year_jump_within_renstra_is_valid(repo, capsys):
    """Skipping a year inside the Renstra period gives a valid params file, report date moved as far."""
    assert cli.main(["tahun-baru", "2026", "--dari", "params/2024.yaml", "--format", "csv"]) == 0
    from lkjip.params import load_params

    p = load_params(repo / "params" / "2026.yaml")
    assert p.tahun == 2026 and str(p.instansi.tanggal_laporan) == "2027-01-10"
    assert p.paths.raw == "data/raw/2026"
    _real_untouched()
