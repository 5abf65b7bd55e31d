"""Preparing a new year (``lkjip tahun-baru``): params and raw data carried from the previous year.

Orchestration with file I/O above the pure functions of :mod:`lkjip.tahun_baru`; the CLI
command only prints what this returns.
"""

from __future__ import annotations

import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

from .errors import LkjipError, ParamsError
from .ingest import read_raw
from .io import frame_to_csv, sha256_file, write_bytes_atomic, write_text_atomic
from .params import baca_yaml, load_params, parse_params
from .paths import display, resolve
from .tables import SPEC_BY_NAME
from .tahun_baru import bawa_ke_tahun_baru, params_baru, readme
from .workbook import template


@dataclass(frozen=True)
class TahunBaru:
    """What :func:`siapkan` wrote."""

    tahun_lama: int
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
    for target in (dst_params, dst_raw):
        if target.exists():
            raise LkjipError(f"{display(target)} sudah ada; tidak ditimpa (hapus dulu bila memang ingin membuat ulang)")
    frames, _, _ = read_raw(src_raw)
    new = bawa_ke_tahun_baru(frames, P.tahun, tahun)
    tmp = dst_raw.with_name(f".baru-{dst_raw.name}-{uuid.uuid4().hex[:8]}")
    try:
        tmp.mkdir(parents=True)
        files = _tulis_data(tmp, new, P, tahun, bentuk, src_raw)
        manifest = [(f, sumber, isi, sha256_file(tmp / f)) for f, sumber, isi in files]
        write_text_atomic(tmp / "README.md", readme(P, tahun, display(dst_raw), manifest))
        write_text_atomic(dst_params, params_teks)
        tmp.rename(dst_raw)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)
    return TahunBaru(P.tahun, dst_params, dst_raw, [f for f, _, _ in files])
