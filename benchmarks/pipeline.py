"""Speed and memory of a full run on a copy of the 2024 data, against targets.

Usage: .venv/bin/python benchmarks/pipeline.py [--ulang N]

Targets (2 cores, 24 GiB): full run (7 stages + HTML/PDF/evaluator/annex) under 90 s,
the data check that runs before any kernel under 5 s, peak memory under 2 GiB.
Exits 1 when a target is missed. Not part of the test suite (timings are not tests).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lkjip.clean import periksa  # noqa: E402
from lkjip.runner import run  # noqa: E402

TARGET = {"run_detik": 90.0, "periksa_detik": 5.0, "memori_mib": 2048.0}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ulang", type=int, default=1, help="berapa kali pipeline dijalankan")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(ROOT / "data" / "raw" / "2024", root / "raw")
        params = yaml.safe_load((ROOT / "params" / "2024.yaml").read_text(encoding="utf-8"))
        params["paths"] = {"raw": str(root / "raw"), "processed": str(root / "p"), "reports": str(root / "r")}
        pfile = root / "params.yaml"
        pfile.write_text(yaml.safe_dump(params, allow_unicode=True), encoding="utf-8")
        t0 = time.perf_counter()
        periksa(root / "raw", 2024)
        check = time.perf_counter() - t0
        runs = []
        for _ in range(args.ulang):
            t0 = time.perf_counter()
            summary = run(pfile, echo=lambda *a: None)
            runs.append((time.perf_counter() - t0, summary))
    best, summary = min(runs, key=lambda x: x[0])
    mem = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
              resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    print(f"{'tahap':<16}{'detik':>8}")
    for s in summary["tahap"]:
        print(f"{s['nama']:<16}{s['detik']:>8.2f}")
    print(f"{'render':<16}{summary.get('render_detik', 0):>8.2f}")
    result = {"run_detik": best, "periksa_detik": check, "memori_mib": mem}
    failed = False
    for k, v in result.items():
        ok = v <= TARGET[k]
        failed |= not ok
        print(f"{k:<16}{v:>8.1f}  target ≤ {TARGET[k]:.0f}  {'ok' if ok else 'GAGAL'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
