"""Helpers shared by several test modules: the command line, the reviu end line, copies of a run or of the data."""

from __future__ import annotations

import functools
import subprocess
import sys
from pathlib import Path

import yaml

from .conftest import RAW_2024


def lkjip(*args, cwd=None):
    """``lkjip *args`` in a subprocess, output captured as text."""
    return subprocess.run([sys.executable, "-m", "lkjip.cli", *args], capture_output=True, text=True, cwd=cwd)


def kalimat_reviu(processed) -> str:
    """The reviu end line expected from ``reviu.csv`` and ``dilaporkan.csv``, counted without ``lkjip.reviu``.

    N = printed figures (rows of ``dilaporkan.csv``) minus the M rows of ``reviu.csv`` at
    ``tidak_diperiksa``; E = rows at ``error``. Every ``tidak_diperiksa`` row must be one
    printed figure, or N would not count printed figures.
    """
    import csv

    with open(processed / "reviu.csv", encoding="utf-8", newline="") as f:
        reviu = list(csv.DictReader(f))
    with open(processed / "dilaporkan.csv", encoding="utf-8", newline="") as f:
        cetak = {(r["lokasi"], r["entitas"], r["besaran"]) for r in csv.DictReader(f)}
    tidak = [(r["lokasi"], r["entitas"], r["besaran"]) for r in reviu if r["tingkat"] == "tidak_diperiksa"]
    assert set(tidak) <= cetak and len(set(tidak)) == len(tidak), "a tidak_diperiksa row that is not a printed figure"
    n, m, e = len(cetak), len(tidak), sum(r["tingkat"] == "error" for r in reviu)
    return f"{n - m} angka cetakan diperiksa, {m} tidak dapat diperiksa, {e} error"


def salin_proyek(src, dst: Path) -> Path:
    """Copy a finished run (raw, outputs, params) to ``dst``, with the params pointing at the copy."""
    import shutil

    for name in ("raw", "processed", "reports"):
        shutil.copytree(src.root / name, dst / name, symlinks=True)
    d = yaml.safe_load(src.params_file.read_text(encoding="utf-8"))
    d["paths"] = {"raw": str(dst / "raw"), "processed": str(dst / "processed"), "reports": str(dst / "reports")}
    pfile = dst / "params.yaml"
    pfile.write_text(yaml.safe_dump(d, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return pfile


def _isi(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@functools.cache
def _isi_2024() -> dict[str, bytes]:
    return _isi(RAW_2024)


def _buku(raw: Path) -> bytes:
    from lkjip.ingest import read_raw
    from lkjip.workbook import template

    frames, _, _ = read_raw(raw)
    return template(2024, frames)


@functools.cache
def _buku_2024() -> bytes:
    """``template(2024, <the 2024 data>)``, built once per process (it takes seconds)."""
    return _buku(RAW_2024)


def ke_workbook(project) -> Path:
    """Replace the CSV files by one workbook holding the same data, numbers typed as numbers (and record it in the manifest).

    Every caller converts an unedited copy of the 2024 data (the ``project`` fixture) and breaks
    it afterwards: that workbook is built once per process; a folder edited before is built anew.
    """
    book = project.raw_dir / "data-2024.xlsx"
    book.write_bytes(_buku_2024() if _isi(project.raw_dir) == _isi_2024() else _buku(project.raw_dir))
    for f in project.raw_dir.glob("*.csv"):
        f.unlink()
    readme = project.raw_dir / "README.md"
    text = readme.read_text(encoding="utf-8")
    readme.write_text(text.replace("| `sasaran.csv`", "| `data-2024.xlsx` | semua | workbook | " + "0" * 64 + " |\n| `sasaran.csv`", 1),
                      encoding="utf-8")
    project.rehash()
    return book
