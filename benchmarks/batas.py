"""Time and memory of a full run on the largest accepted input (the row limits of lkjip/tables.py).

Usage: .venv/bin/python benchmarks/batas.py

Copies the 2024 data and grows the tables that are printed at length (Tabel 1.1, 2.2,
3.7, 3.9, 4.0 and the printed figures) to their row limit, lengthens the asset names
(Tabel 4.0) until all raw cells together reach their character limit, and fills the
narasi files up to their size limits; then runs the whole pipeline. Target (issue 12): under 2 minutes and under 1 GiB for any accepted input.
Exits 1 when a target is missed. Not part of the test suite (timings are not tests).
"""

from __future__ import annotations

import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lkjip.tables import BATAS_TEKS_MENTAH, BATAS_TEKS_SEL, BATAS_UKURAN, batas_baris  # noqa: E402

TARGET = {"run_detik": 120.0, "memori_mib": 1024.0}


def _grow(path: Path, make_rows) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0], *make_rows(lines[1:])]) + "\n", encoding="utf-8")


def grow_to_limits(raw: Path) -> None:
    """Grow the long tables of a copy of the 2024 data to their row limits (valid data)."""
    n = batas_baris("t3_7_pegawai")
    _grow(raw / "t3_7_pegawai.csv",
          lambda rows: [f"{i},{i},Unit {i // 20},Pelaksana {i},pelaksana,1,{1 + i % 2}" if i > len(rows) else rows[i - 1]
                        for i in range(1, n + 1)])
    n = batas_baris("t4_0_aset") // 2
    _grow(raw / "t4_0_aset.csv",
          lambda rows: rows + [f"X{i:04d};{i};Barang {i};{t};{i % 9};{i * 1000}" for i in range(1, n - len(rows) // 2 + 1)
                               for t in (2023, 2024)])
    n = batas_baris("t3_9_rkbmd")
    _grow(raw / "t3_9_rkbmd.csv",
          lambda rows: rows + [f"R{i:04d};{i};Barang {i};1;2;1" for i in range(len(rows) + 1, n + 1)])
    jenis = ["Produsen", "Konsumen", "Simpan Pinjam", "Pemasaran", "Jasa"]
    n = batas_baris("t1_1_koperasi") // (2 * len(jenis))
    _grow(raw / "t1_1_koperasi.csv",
          lambda rows: rows + [f"Kecamatan Uji {k},{j},{t},{k % 13}" for k in range(1, n - 20) for j in jenis
                               for t in (2023, 2024)])
    n = batas_baris("t2_2_rkt")
    _grow(raw / "t2_2_rkt.csv",
          lambda rows: rows + [f"P01.K1.X{i};P01.K1;sub_kegiatan;Sub kegiatan uji {i};Jumlah dokumen {i};1 dok;1.000.000;"
                               f"1 dok;1.000.000" for i in range(1, n - len(rows) + 1)])
    n = batas_baris("dilaporkan")
    # the same printed pagu of the first program, again and again (a valid, checkable printed figure)
    program_id, _, pagu = (raw / "t3_5_anggaran.csv").read_text(encoding="utf-8").splitlines()[1].split(";")[:3]
    _grow(raw / "dilaporkan.csv",
          lambda rows: rows + [f"Uji {i};{program_id};pagu;{pagu};baris uji" for i in range(1, n - len(rows) + 1)])


def fill_text(raw: Path) -> None:
    """Lengthen the asset names until every raw cell together holds almost the character limit."""
    from lkjip.ingest import read_raw

    frames, _, _ = read_raw(raw)
    total = sum(len(str(v)) for df in frames.values() for c in df.columns if c != "_baris" for v in df[c])
    path = raw / "t4_0_aset.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    extra = (BATAS_TEKS_MENTAH - 2000 - total) // (len(lines) - 1)
    out = [lines[0]]
    for line in lines[1:]:
        cells = line.split(";")
        pad = " " + "uraian barang inventaris " * ((extra + 24) // 25)
        cells[2] = (cells[2] + pad[:extra]).strip()[:BATAS_TEKS_SEL]
        out.append(";".join(cells))
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def fill_narasi(raw: Path) -> None:
    """Grow the narasi files to the narasi limits (each file within its own, all together at theirs)."""
    files = sorted((raw / "narasi").glob("*.md"))
    each = min(BATAS_UKURAN["md"], BATAS_UKURAN["narasi"] // len(files)) - 512
    para = ("Koperasi dan usaha mikro dibina melalui pelatihan, pendampingan dan pengawasan agar mampu "
            "bersaing dan memberi manfaat bagi anggotanya.\n\n")
    for f in files:
        text = f.read_text(encoding="utf-8")
        while len(text.encode("utf-8")) + len(para) < each:
            text += para
        f.write_text(text, encoding="utf-8")


def main() -> int:
    from lkjip.runner import run

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        raw = root / "raw"
        shutil.copytree(ROOT / "data" / "raw" / "2024", raw)
        grow_to_limits(raw)
        fill_text(raw)
        fill_narasi(raw)
        from lkjip.cli import main as cli

        assert cli(["manifest", str(raw)]) == 0
        params = yaml.safe_load((ROOT / "params" / "2024.yaml").read_text(encoding="utf-8"))
        params["paths"] = {"raw": str(raw), "processed": str(root / "processed"), "reports": str(root / "reports")}
        pfile = root / "params.yaml"
        pfile.write_text(yaml.safe_dump(params, allow_unicode=True, sort_keys=False), encoding="utf-8")
        t0 = time.perf_counter()
        run(pfile, echo=print)
        detik = time.perf_counter() - t0
        pdf = root / "reports" / "LKjIP-2024.pdf"
        print(f"PDF: {pdf.stat().st_size // 1024} KiB" if pdf.exists() else "PDF: tidak ada")
    peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
               resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    got = {"run_detik": detik, "memori_mib": peak}
    ok = True
    for k, target in TARGET.items():
        status = "ok" if got[k] <= target else "MELEBIHI"
        ok &= got[k] <= target
        print(f"{k:12} {got[k]:9.1f}  (target ≤ {target:g})  {status}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
