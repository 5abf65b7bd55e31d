"""`lkjip batch` (Dask, local default) against `lkjip run` for each params file one after another.

Usage: .venv/bin/python benchmarks/batch.py [--opd N] [--tahun 2024 ...] [--benih 1] [--pekerja N]

Writes two identical synthetic kabupaten (`lkjip contoh`, same seed) into a temporary
folder; runs `lkjip run <params>` as a separate command for every params file of the
first, one after another, then `lkjip batch daftar.yaml` once on the second (local
cluster, one worker per core unless --pekerja). Both are timed as whole commands, as a
user would run them. Default: 40 OPDs × 1 year = 40 OPD-years.

Targets:
  * batch wall time ≤ 0.6 × sequential wall time;
  * peak memory per worker ≤ 1 GiB (worker process peak RSS + peak RSS of its largest
    notebook kernel, from the task results in batch.json: an upper bound);
  * Dask overhead per OPD-year < 5%: (task time Dask measured on the worker − the
    runner's own time) / runner time, from batch.json.
Exits 1 when a target is missed (or an OPD-year failed). Not a test: timings depend on
the machine and its load, which is printed with the table.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lkjip.contoh import kabupaten  # noqa: E402
from lkjip.io import write_text_atomic  # noqa: E402

TARGET = {"rasio": 0.6, "memori_mib": 1024.0, "overhead": 0.05}


def _tulis(folder: Path, opd: int, tahun: list[int], benih: int) -> list[Path]:
    files = kabupaten(folder, opd, tahun, benih)
    for rel, text in files.items():
        write_text_atomic(folder / rel, text)
    import yaml

    daftar = yaml.safe_load(files["daftar.yaml"])["params"]
    return [folder / p for p in daftar]


def _cpu_anak() -> float:
    """CPU seconds (user + sys) of the finished child processes of this one, their own children included."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _lkjip(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lkjip.cli", *args], cwd=ROOT, capture_output=True, text=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--opd", type=int, default=40, help="banyaknya OPD (bawaan 40)")
    ap.add_argument("--tahun", type=int, nargs="+", default=[2024], help="tahun (bawaan 2024)")
    ap.add_argument("--benih", type=int, default=1)
    ap.add_argument("--pekerja", type=int, default=None, help="pekerja batch (bawaan: satu per inti)")
    args = ap.parse_args()
    load0 = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="lkjip-bench-batch-") as tmp:
        a, b = Path(tmp) / "urut", Path(tmp) / "batch"
        params_a = _tulis(a, args.opd, args.tahun, args.benih)
        _tulis(b, args.opd, args.tahun, args.benih)
        n = len(params_a)
        print(f"{n} OPD-tahun ({args.opd} OPD × {len(args.tahun)} tahun); {os.cpu_count()} inti; "
              f"beban awal {load0[0]:.2f} {load0[1]:.2f} {load0[2]:.2f}", flush=True)
        t0, c0 = time.perf_counter(), _cpu_anak()
        urut_gagal = 0
        for i, p in enumerate(params_a, 1):
            r = _lkjip("run", str(p))
            urut_gagal += r.returncode != 0
            if r.returncode:
                print(f"  lkjip run {p} gagal:\n{r.stderr[-2000:]}", file=sys.stderr)
            print(f"  urut {i}/{n}: {time.perf_counter() - t0:.0f} dtk", flush=True)
        urut, urut_cpu = time.perf_counter() - t0, _cpu_anak() - c0
        load1 = os.getloadavg()
        t0, c0 = time.perf_counter(), _cpu_anak()
        cmd = ["batch", str(b / "daftar.yaml")] + (["--pekerja", str(args.pekerja)] if args.pekerja else [])
        r = _lkjip(*cmd)
        batch, batch_cpu = time.perf_counter() - t0, _cpu_anak() - c0
        load2 = os.getloadavg()
        if r.returncode not in (0, 1):
            print(r.stdout[-3000:], r.stderr[-3000:], file=sys.stderr)
            return 1
        hasil, klaster = [], {}
        for th in sorted(set(args.tahun)):
            rec = json.loads((b / "reports" / f"rekap-{th}" / "batch.json").read_text(encoding="utf-8"))
            hasil += [h for h in rec["hasil"] if h.get("tahun") == th]
            klaster = rec["klaster"]
    gagal = sum(h["status"] != "berhasil" for h in hasil) + urut_gagal
    per_pid: dict[tuple, float] = {}
    for h in hasil:
        if h.get("memori_mib") is not None:
            key = (h["host"], h["pid"])
            per_pid[key] = max(per_pid.get(key, 0.0), h["memori_mib"])
    overhead = [(h["tugas_detik"] - h["runner_detik"]) / h["runner_detik"] for h in hasil
                if h.get("tugas_detik") is not None and h.get("runner_detik")]
    overhead_detik = [h["tugas_detik"] - h["runner_detik"] for h in hasil
                      if h.get("tugas_detik") is not None and h.get("runner_detik") is not None]
    runner_sum = sum(h["runner_detik"] for h in hasil if h.get("runner_detik"))
    cpu_sum = sum(h["cpu_detik"] for h in hasil if h.get("cpu_detik") is not None)
    cpu_tugas = cpu_sum / len(hasil) if hasil and all(h.get("cpu_detik") is not None for h in hasil) else None
    rasio = batch / urut
    mem = max(per_pid.values()) if per_pid else float("nan")
    ov = max(overhead) if overhead else float("nan")
    print()
    print(f"{'ukuran':<44}{'nilai':>12}  {'target':<10}status")
    rows = [
        ("waktu berurutan (lkjip run × n), dtk", f"{urut:.1f}", "", ""),
        (f"waktu batch ({klaster.get('pekerja', '?')} pekerja lokal), dtk", f"{batch:.1f}", "", ""),
        ("CPU berurutan (user+sys, semua proses), dtk", f"{urut_cpu:.1f}", "", ""),
        ("CPU batch (user+sys, semua proses), dtk", f"{batch_cpu:.1f}", "", ""),
        ("rasio batch / berurutan", f"{rasio:.2f}", f"≤ {TARGET['rasio']}", rasio <= TARGET["rasio"]),
        ("memori puncak per pekerja, MiB (maks)", f"{mem:.0f}", f"≤ {TARGET['memori_mib']:.0f}",
         mem <= TARGET["memori_mib"]),
        ("overhead Dask per OPD-tahun, % (maks)", f"{100 * ov:.2f}", f"< {100 * TARGET['overhead']:.0f}",
         ov < TARGET["overhead"]),
        ("overhead Dask per OPD-tahun, % (median)",
         f"{100 * statistics.median(overhead):.2f}" if overhead else "n/a", "", ""),
        ("overhead Dask per OPD-tahun, dtk (maks)", f"{max(overhead_detik):.3f}" if overhead_detik else "n/a", "", ""),
        ("waktu runner rata-rata per OPD-tahun, dtk", f"{runner_sum / max(1, len(hasil)):.1f}", "", ""),
        ("CPU per OPD-tahun: berurutan (seluruh lkjip run), dtk", f"{urut_cpu / max(1, n):.1f}", "", ""),
        ("CPU per OPD-tahun: tugas batch (runner + kernel), dtk", f"{cpu_tugas:.1f}" if cpu_tugas else "n/a", "", ""),
        ("CPU batch di luar tugas (klaster, rekap), dtk", f"{batch_cpu - cpu_sum:.1f}" if cpu_tugas else "n/a", "", ""),
        ("batch − Σ runner / pekerja (mulai klaster, rekap), dtk",
         f"{batch - runner_sum / max(1, klaster.get('pekerja', 1)):.1f}", "", ""),
        ("OPD-tahun gagal", str(gagal), "0", gagal == 0),
    ]
    failed = False
    for name, v, tgt, ok in rows:
        status = "" if ok == "" else ("ok" if ok else "GAGAL")
        failed |= ok is False
        print(f"{name:<44}{v:>12}  {tgt:<10}{status}")
    print(f"beban (1/5/15 mnt): awal {load0[0]:.2f}/{load0[1]:.2f}/{load0[2]:.2f}, sesudah berurutan "
          f"{load1[0]:.2f}/{load1[1]:.2f}/{load1[2]:.2f}, sesudah batch {load2[0]:.2f}/{load2[1]:.2f}/{load2[2]:.2f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
