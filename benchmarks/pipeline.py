"""Speed and memory of `lkjip run` against the naive chain, and of incremental runs, against targets.

Usage: .venv/bin/python benchmarks/pipeline.py [--pasangan N] [--tanpa-naif]

One invocation, on a copy of the 2024 data in a temporary folder:

1. cold `lkjip run` (cache cleared: fresh output folders) against the naive chain that
   anyone could write — the read-once check in one process, the papermill CLI for each notebook in list order, `jupyter
   nbconvert --to html` for each executed notebook and for the report, `weasyprint` for
   the PDF — on the same notebooks and data, alternating A B A B (``--pasangan`` pairs,
   at least 3); medians and the ratio of each pair are printed;
2. a re-run with nothing changed;
3. a re-run after one narasi file changed (and its manifest row);
4. peak memory (largest resident set of this process or any child: kernels, CLI).

Every run is a separate process, timed from its start to its exit, as a user would
see it. Targets (2 cores): cold ≤ 0.4 × naive, no change ≤ 1.5 s, narasi change ≤ 0.4
× cold, peak memory ≤ 1 GiB. Exits 1 when a target is missed. The load average is
printed before and after: the machine may be shared. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lkjip import folder_keluaran as FK  # noqa: E402
from lkjip.ingest import parse_manifest, update_manifest  # noqa: E402
from lkjip.io import sha256_file  # noqa: E402
from lkjip.runner import STAGES  # noqa: E402

BIN = Path(sys.executable).parent
TARGET = {"dingin_per_naif": 0.4, "tanpa_perubahan_detik": 1.5, "narasi_per_dingin": 0.4, "memori_mib": 1024.0}


def _proyek(root: Path, nama: str) -> Path:
    """A params file whose outputs go under ``root/nama`` (raw data shared, read only)."""
    params = yaml.safe_load((ROOT / "params" / "2024.yaml").read_text(encoding="utf-8"))
    params["paths"] = {"raw": str(root / "raw"), "processed": str(root / nama / "p"),
                       "reports": str(root / nama / "r")}
    pfile = root / f"{nama}.yaml"
    pfile.write_text(yaml.safe_dump(params, allow_unicode=True), encoding="utf-8")
    return pfile


def _jalankan(cmd: list[str], cwd: Path = ROOT) -> float:
    t0 = time.perf_counter()
    r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    dt = time.perf_counter() - t0
    if r.returncode != 0:
        raise SystemExit(f"gagal ({r.returncode}): {' '.join(cmd)}\n{r.stderr[-3000:]}")
    return dt


def lkjip_run(pfile: Path, *extra: str) -> float:
    return _jalankan([str(BIN / "lkjip"), "run", str(pfile), *extra])


def naif(root: Path, pfile: Path) -> float:
    """The naive chain: papermill CLI per notebook, nbconvert per notebook and report, weasyprint."""
    out = root / "naif"
    shutil.rmtree(out, ignore_errors=True)
    # A run's staging folders (lkjip.folder_keluaran.buat_staging, recognised by lkjip.jalan_ulang.folder_tulis):
    # the notebooks then write where the next one reads, as in a pipeline run (a notebook run by hand writes elsewhere).
    siapa = FK.identitas(str(pfile))
    p, r = (FK.buat_staging(out / name, "naif", siapa) for name in ("processed", "reports"))
    (r / "notebooks").mkdir()
    t0 = time.perf_counter()
    # The read-once check (lkjip.antara.baca) whose interim snapshot notebooks 01 and 02 publish: one process, as in a run.
    _jalankan([str(BIN / "python"), "-c", "import sys; from lkjip import antara, io, params, paths; "
               "P = params.load_params(sys.argv[1]); io.write_tables(paths.resolve(sys.argv[2]) / antara.FOLDER, "
               "antara.tabel_antara(antara.baca(paths.resolve(P.paths.raw), P.tahun, paths.ROOT, P.indikator_akip)))",
               str(pfile), str(p)])
    for s in STAGES:
        _jalankan([str(BIN / "papermill"), str(ROOT / "notebooks" / s.notebook),
                   str(r / "notebooks" / s.notebook), "--cwd", str(ROOT), "--no-progress-bar",
                   "-p", "params_file", str(pfile), "-p", "processed_dir", str(p),
                   "-p", "reports_dir", str(r)])
    for s in STAGES:
        _jalankan([str(BIN / "jupyter"), "nbconvert", "--to", "html", str(r / "notebooks" / s.notebook)])
    _jalankan([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", "--output", "LKjIP-naif",
               "--output-dir", str(r), str(r / "notebooks" / "07_laporan.ipynb")])
    _jalankan([str(BIN / "weasyprint"), str(r / "LKjIP-naif.html"), str(r / "LKjIP-naif.pdf")])
    return time.perf_counter() - t0


def ubah_narasi(raw: Path, i: int) -> None:
    f = raw / "narasi" / "gambaran_umum.md"
    f.write_text(f.read_text(encoding="utf-8") + f"\nCatatan uji kecepatan {i}.\n", encoding="utf-8")
    readme = raw / "README.md"
    text = readme.read_text(encoding="utf-8")
    readme.write_text(update_manifest(text, {n: sha256_file(raw / n) for n in parse_manifest(text)}), encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pasangan", type=int, default=3, help="pasangan A/B lkjip run vs rantai naif (minimal 3)")
    args = ap.parse_args()
    pairs = max(3, args.pasangan)
    print(f"beban mesin (load average 1/5/15 menit) sebelum: {os.getloadavg()}; {os.cpu_count()} inti")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(ROOT / "data" / "raw" / "2024", root / "raw")
        cold, naive = [], []
        for i in range(pairs):
            pfile = _proyek(root, f"dingin{i}")  # fresh output folders: nothing to reuse
            cold.append(lkjip_run(pfile))
            naive.append(naif(root, _proyek(root, "naif")))
            print(f"pasangan {i + 1}: lkjip run {cold[-1]:6.1f} dtk | rantai naif {naive[-1]:6.1f} dtk | "
                  f"rasio {cold[-1] / naive[-1]:.2f}")
        pfile = _proyek(root, f"dingin{pairs - 1}")
        nochange = [lkjip_run(pfile) for _ in range(3)]
        narasi = []
        for i in range(3):
            ubah_narasi(root / "raw", i)
            narasi.append(lkjip_run(pfile))
    mem = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
              resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    med = {k: statistics.median(v) for k, v in
           {"dingin": cold, "naif": naive, "tanpa_perubahan": nochange, "narasi": narasi}.items()}
    print(f"beban mesin sesudah: {os.getloadavg()}")
    print(f"{'ukuran':<28}{'median':>10}  nilai")
    for k, v in (("lkjip run dingin (dtk)", cold), ("rantai naif (dtk)", naive),
                 ("tanpa perubahan (dtk)", nochange), ("satu narasi berubah (dtk)", narasi)):
        print(f"{k:<28}{statistics.median(v):>10.2f}  {', '.join(f'{x:.2f}' for x in v)}")
    result = {"dingin_per_naif": statistics.median(c / n for c, n in zip(cold, naive)),
              "tanpa_perubahan_detik": med["tanpa_perubahan"],
              "narasi_per_dingin": med["narasi"] / med["dingin"], "memori_mib": mem}
    failed = False
    for k, v in result.items():
        ok = v <= TARGET[k]
        failed |= not ok
        print(f"{k:<28}{v:>10.2f}  target ≤ {TARGET[k]:g}  {'ok' if ok else 'GAGAL'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
