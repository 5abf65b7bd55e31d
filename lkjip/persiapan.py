"""Preparing data folders: a new year (``lkjip tahun-baru``, also a first empty year), the
raw-data workbook (``lkjip template``), the manifest (``lkjip manifest``) and a synthetic
kabupaten (``lkjip contoh``).

Orchestration with file I/O above the pure functions of :mod:`lkjip.tahun_baru`,
:mod:`lkjip.ingest`, :mod:`lkjip.workbook` and :mod:`lkjip.contoh`; the CLI commands only
parse their options and print what these functions return.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import contoh
from .errors import DataError, LkjipError, ParamsError
from .ingest import (data_workbooks, missing_manifest_rows, narasi_files, parse_manifest, periksa_folder, read_raw,
                     tambah_baris_manifest, update_manifest)
from .io import frame_to_csv, read_bytes_checked, sha256_file, write_bytes_atomic, write_text_atomic
from .params import TAHUN_MAKS, TAHUN_MIN, baca_yaml, load_params, parse_params
from .paths import ROOT, display, resolve
from .tables import BATAS_UKURAN, SPEC_BY_NAME, SPECS
from .tahun_baru import bawa_ke_tahun_baru, params_baru, params_kosong, readme, readme_kosong
from .workbook import template


@dataclass(frozen=True)
class TahunBaru:
    """What :func:`siapkan` wrote."""

    tahun_lama: int | None  # None for a first, empty year
    params: Path
    raw: Path
    berkas: list[str]


def _params_baru(src_params: Path, tahun: int):
    P = load_params(src_params)
    if P.tahun >= tahun:
        raise LkjipError(f"{display(src_params)} bertahun {P.tahun}; tahun baru harus sesudahnya, bukan {tahun}")
    dst_params = src_params.with_name(f"{tahun}.yaml")
    params_teks = params_baru(src_params.read_text(encoding="utf-8"), P.tahun, tahun)
    try:  # the new params file must be valid, or nothing is written
        parse_params(baca_yaml(params_teks, display(dst_params)), display(dst_params))
    except ParamsError as exc:
        raise LkjipError(
            f"params tahun {tahun} yang dibuat dari {display(src_params)} tidak valid, jadi tidak ada yang ditulis:\n"
            f"{exc}\nBila periode Renstra {P.renstra.tahun_awal}–{P.renstra.tahun_akhir} sudah berakhir, perbarui "
            f"'renstra' (dan skala/indikator bila berubah) di salinan {display(src_params)}, lalu ulangi dengan "
            "--dari <salinan itu>.") from None
    if str(P.tahun) not in str(P.paths.raw):
        raise LkjipError(f"paths.raw ({P.paths.raw}) tidak memuat tahun {P.tahun}; salin folder data secara manual")
    return P, dst_params, params_teks


@contextmanager
def _folder_sementara(dst: Path, awalan: str = ".baru") -> Iterator[Path]:
    """A staging folder path beside ``dst``: renamed to ``dst`` when the block ends, removed on error.

    The folder itself is not created; the block writes into it (and must leave ``dst``
    free for the rename).
    """
    tmp = dst.with_name(f"{awalan}-{dst.name}-{uuid.uuid4().hex[:8]}")
    try:
        yield tmp
        tmp.rename(dst)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)


def _tolak_bila_ada(targets, root: Path | None = None) -> None:
    """Refuse to overwrite: raise when any target already exists."""
    for target in targets:
        if target.exists():
            raise LkjipError(f"{display(target, root)} sudah ada; tidak ditimpa (hapus dulu bila memang ingin membuat ulang)")


def _pasang_tahun(dst_params: Path, params_teks: str, dst_raw: Path,
                  tulis_data: Callable[[Path], list[tuple[str, str, str]]],
                  teks_readme: Callable[[list[tuple[str, str, str, str]]], str]) -> list[str]:
    """Write a year's raw folder (staged beside its place, then renamed in) and its params file.

    ``tulis_data(folder)`` writes the data files and returns ``(berkas, sumber, isi)``
    rows; ``teks_readme(manifest)`` gives the README text from those rows with their
    sha256 added. Returns the files written.
    """
    with _folder_sementara(dst_raw) as tmp:
        tmp.mkdir(parents=True)
        files = tulis_data(tmp)
        manifest = [(f, sumber, isi, sha256_file(tmp / f)) for f, sumber, isi in files]
        write_text_atomic(tmp / "README.md", teks_readme(manifest))
        dst_params.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(dst_params, params_teks)
    return [f for f, _, _ in files]


def _tulis_data(tmp: Path, new: dict, P, tahun: int, bentuk: str, src_raw: Path) -> list[tuple[str, str, str]]:
    files: list[tuple[str, str, str]] = []
    if bentuk == "xlsx":
        book = f"data-{tahun}.xlsx"
        write_bytes_atomic(tmp / book, template(tahun, new))
        files.append((book, f"dibawa dari {P.tahun} oleh lkjip tahun-baru", "workbook data mentah, satu lembar per tabel"))
    else:
        for name, df in new.items():
            write_text_atomic(tmp / f"{name}.csv", frame_to_csv(df))
            files.append((f"{name}.csv", f"{SPEC_BY_NAME[name].judul}; dibawa dari {P.tahun}", SPEC_BY_NAME[name].uraian))
    if (src_raw / "narasi").is_dir():
        shutil.copytree(src_raw / "narasi", tmp / "narasi")
        files += [(f"narasi/{p.name}", f"narasi {P.tahun}", "narasi Markdown; perbarui untuk tahun baru")
                  for p in sorted((tmp / "narasi").glob("*.md"))]
    return files


def siapkan(tahun: int, dari: str | None = None, bentuk: str = "xlsx") -> TahunBaru:
    """Write ``params/<tahun>.yaml`` and ``data/raw/<tahun>/`` from the previous year; never overwrites.

    The new params file is validated before anything is written; the data folder is
    written into a temporary folder beside it and renamed into place at the end.

    Raises
    ------
    LkjipError
        When the source year is not earlier, the new params would be invalid, the raw
        path does not hold the year, or a target already exists.
    """
    src_params = resolve(dari or f"params/{tahun - 1}.yaml")
    P, dst_params, params_teks = _params_baru(src_params, tahun)
    src_raw = resolve(P.paths.raw)
    dst_raw = resolve(str(P.paths.raw).replace(str(P.tahun), str(tahun)))
    _tolak_bila_ada((dst_params, dst_raw))
    frames, _, _ = read_raw(src_raw)
    new = bawa_ke_tahun_baru(frames, P.tahun, tahun)
    files = _pasang_tahun(dst_params, params_teks, dst_raw,
                          lambda tmp: _tulis_data(tmp, new, P, tahun, bentuk, src_raw),
                          lambda manifest: readme(P, tahun, display(dst_raw), manifest))
    return TahunBaru(P.tahun, dst_params, dst_raw, files)


def periksa_tahun(tahun: int) -> int:
    """Refuse a report year outside the accepted range (the same as the params' ``tahun``).

    Examples
    --------
    >>> periksa_tahun(2025)
    2025
    """
    if not TAHUN_MIN <= tahun <= TAHUN_MAKS:
        raise LkjipError(f"tahun {tahun} di luar rentang yang diterima ({TAHUN_MIN}–{TAHUN_MAKS})")
    return tahun


def _periode(renstra: str) -> tuple[int, int]:
    """``"2026-2030"`` → ``(2026, 2030)``.

    Examples
    --------
    >>> _periode("2026-2030")
    (2026, 2030)
    """
    try:
        awal, akhir = (int(v) for v in renstra.split("-"))
    except ValueError:
        raise LkjipError(f"--renstra '{renstra}': diharapkan AWAL-AKHIR, mis. 2026-2030") from None
    return awal, akhir


def siapkan_kosong(tahun: int, instansi: str | None, kabupaten: str | None, renstra: str | None,
                   bentuk: str = "xlsx", root: Path | None = None) -> TahunBaru:
    """A first year with no previous year: a valid params file and empty raw data; never overwrites.

    Writes ``params/<tahun>.yaml`` (signatory fields marked ``ISI``) and
    ``data/raw/<tahun>/`` with an empty workbook (or header-only CSV files of the
    required tables) and its manifest README. The params text is validated before
    anything is written; the data folder is written beside its place and renamed in.

    Parameters
    ----------
    tahun : int
        The report year.
    instansi, kabupaten : str
        Names for the params file.
    renstra : str
        The Renstra period ``AWAL-AKHIR``.
    bentuk : {"xlsx", "csv"}
        An empty workbook or header-only CSV files.
    root : Path, optional
        Repository root the paths are taken from (default :data:`lkjip.paths.ROOT`).

    Raises
    ------
    LkjipError
        For a missing option, a bad period, params that would not be valid, or a target
        that already exists.
    """
    periksa_tahun(tahun)
    if not (instansi and kabupaten and renstra):
        raise LkjipError("--kosong memerlukan --instansi \"Nama Dinas\", --kabupaten \"Kabupaten …\" dan "
                         "--renstra AWAL-AKHIR (mis. 2026-2030)")
    awal, akhir = _periode(renstra)
    dst_params = resolve(f"params/{tahun}.yaml", root)
    dst_raw = resolve(f"data/raw/{tahun}", root)
    teks = params_kosong(tahun, instansi, kabupaten, awal, akhir)
    try:
        parse_params(baca_yaml(teks, display(dst_params, root)), display(dst_params, root))
    except ParamsError as exc:
        raise LkjipError(f"params tahun {tahun} dari opsi --kosong tidak valid, jadi tidak ada yang ditulis:\n{exc}") from None
    _tolak_bila_ada((dst_params, dst_raw), root)
    files = _pasang_tahun(dst_params, teks, dst_raw, lambda tmp: _data_kosong(tmp, tahun, bentuk),
                          lambda manifest: readme_kosong(instansi, kabupaten, tahun, display(dst_raw, root), manifest))
    return TahunBaru(None, dst_params, dst_raw, files)


def _data_kosong(tmp: Path, tahun: int, bentuk: str) -> list[tuple[str, str, str]]:
    """Write the empty raw data of a first year into ``tmp``: a workbook or header-only CSV files."""
    if bentuk == "xlsx":
        book = f"data-{tahun}.xlsx"
        write_bytes_atomic(tmp / book, template(tahun))
        return [(book, "ISI: sumber data", "workbook data mentah kosong, satu lembar per tabel")]
    files: list[tuple[str, str, str]] = []
    for spec in SPECS:
        if spec.required:
            empty = pd.DataFrame({c: pd.Series([], dtype=object) for c in spec.columns})
            write_text_atomic(tmp / spec.filename, frame_to_csv(empty))
            files.append((spec.filename, f"ISI: {spec.judul}", spec.uraian))
    return files


@dataclass(frozen=True)
class HasilManifest:
    """What :func:`perbarui_manifest` did."""

    readme: Path
    dibuat: bool
    berubah: list[str]
    baru: list[str]


def _isi_baris(f: str) -> str:
    """The ``isi`` cell of a new manifest row."""
    stem = f.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if f.startswith("narasi/"):
        return "narasi Markdown"
    return SPEC_BY_NAME[stem].uraian if stem in SPEC_BY_NAME else "workbook data mentah"


def _teks_readme(raw_dir: Path, readme: Path) -> tuple[str, bool]:
    """The README text of a raw folder and whether it is new (a fresh header when there is none)."""
    if os.path.lexists(readme) and not readme.is_file():
        raise LkjipError(f"{display(readme)} bukan berkas biasa")
    if not readme.is_file():
        return (f"# Data mentah {raw_dir.name}\n\nCatat di sini sumber setiap berkas (dokumen, tabel, halaman) "
                "dan setiap keputusan transkripsi.\n"), True
    data = read_bytes_checked(readme, display(readme), BATAS_UKURAN["README.md"])
    try:
        return data.decode("utf-8"), False
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise LkjipError(f"{display(readme)}: bukan teks UTF-8 (baris {line}); simpan ulang sebagai UTF-8") from None


def perbarui_manifest(raw_dir) -> HasilManifest:
    """Record the sha256 of every raw file in the folder's README (``lkjip manifest``).

    Creates the README when it is missing and adds a row (source marked ``ISI``) for
    every file without one; only files of this folder are hashed, whatever the README
    names. The README is written atomically.

    Raises
    ------
    LkjipError
        When the folder is missing, holds an entry that is not a plain file, or its
        README is not a plain UTF-8 file.
    """
    raw_dir = resolve(raw_dir)
    readme = raw_dir / "README.md"
    if not raw_dir.is_dir():
        raise LkjipError(f"folder data mentah {display(raw_dir)} tidak ditemukan")
    problems = periksa_folder(raw_dir, ROOT)
    if problems:
        raise DataError(problems)
    text, dibuat = _teks_readme(raw_dir, readme)
    files = (sorted(p.name for p in raw_dir.glob("*.csv")) + [p.name for p in data_workbooks(raw_dir)]
             + [f"narasi/{p.name}" for p in narasi_files(raw_dir)])
    missing = missing_manifest_rows(text, files)
    if missing:
        text = tambah_baris_manifest(text, [(f, "ISI: sumber (dokumen, tabel, halaman)", _isi_baris(f), "0" * 64)
                                            for f in missing])
    present = set(files)
    tercatat = parse_manifest(text)
    digests = {f: sha256_file(raw_dir / f) for f in tercatat if f in present}
    changed = [f for f, d in digests.items() if tercatat.get(f) != d and f not in missing]
    write_text_atomic(readme, update_manifest(text, digests))
    return HasilManifest(readme, dibuat, changed, missing)


def tulis_template(tahun: int, dari: str | None = None, keluar: str | None = None) -> tuple[Path, int]:
    """Write the raw-data workbook (``lkjip template``), empty or filled from a data folder; never overwrites.

    Returns
    -------
    (Path, int)
        The workbook written and the number of tables it holds data for.

    Raises
    ------
    LkjipError
        When the target exists, or its folder holds CSV data (a folder holds CSV files or
        one workbook, never both).
    """
    periksa_tahun(tahun)
    out = resolve(keluar or f"data/raw/{tahun}/data-{tahun}.xlsx")
    if out.exists():
        raise LkjipError(f"{display(out)} sudah ada; tidak ditimpa (hapus atau pilih --keluar lain)")
    csv = sorted(p.name for p in out.parent.glob("*") if p.suffix.lower() == ".csv" and p.stem in SPEC_BY_NAME)
    if csv:
        raise LkjipError(
            f"folder {display(out.parent)} sudah berisi data CSV ({', '.join(csv[:5])}{', …' if len(csv) > 5 else ''}); "
            "workbook di folder yang sama membuat run berikutnya gagal (satu folder data berisi CSV atau satu "
            "workbook, tidak keduanya). Tulis ke folder lain dengan --keluar, mis. "
            f"'lkjip template {tahun} --dari {display(out.parent)} --keluar formulir/data-{tahun}.xlsx'")
    data = read_raw(resolve(dari))[0] if dari else None
    write_bytes_atomic(out, template(tahun, data))
    return out, len(data or {})


def tulis_contoh(folder, opd: int, tahun: list[int], benih: int) -> tuple[Path, int]:
    """Write a synthetic kabupaten (``lkjip contoh``) into a new or empty folder, all at once.

    Returns
    -------
    (Path, int)
        The folder and the number of params files written.

    Raises
    ------
    LkjipError
        For a year or an OPD count out of range, or a folder that exists and is not empty.
    """
    for th in tahun:
        periksa_tahun(th)
    if not 1 <= opd <= 200:
        raise LkjipError(f"--opd {opd} di luar rentang yang diterima (1–200)")
    folder = resolve(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise LkjipError(f"{display(folder)} sudah ada dan tidak kosong; tidak ditimpa (pilih folder lain)")
    files = contoh.kabupaten(folder, opd, tahun, benih)
    with _folder_sementara(folder, ".contoh") as tmp:
        for rel, text in files.items():
            write_text_atomic(tmp / rel, text)
        if folder.exists():
            folder.rmdir()  # empty (checked above)
    return folder, sum(1 for rel in files if rel.endswith(".yaml") and "/params/" in rel)
