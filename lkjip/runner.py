"""Run the stage notebooks in order with papermill.

A run is all-or-nothing: stages write into staging folders beside the real ones
(``data/processed/.staging-<tahun>-…`` and ``reports/.staging-<tahun>-…``); only
when every stage has succeeded are the staging folders swapped in. A failed run
leaves the previous ``data/processed/<tahun>`` and ``reports/<tahun>`` untouched and
keeps the failed notebook under ``reports/_gagal/<tahun>/`` for inspection.
Output paths are checked, and the output folders locked, before anything is written;
see :mod:`lkjip.folder_keluaran` for the lock, the clean-up of killed runs and the
journalled swap that keeps ``data/processed/<tahun>`` and ``reports/<tahun>`` a pair.
"""

from __future__ import annotations

import json
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from . import folder_keluaran as FK
from . import jalan_ulang, keluaran
from .errors import LkjipError
from .params import Params, load_params
from .paths import NOTEBOOKS, ROOT, display, periksa_jalur_keluaran, periksa_pemilik_keluaran, resolve

#: Exception names raised in a notebook that are user errors: their message is shown as is.
USER_ERRORS = {"DataError", "ParamsError", "LkjipError"}


@dataclass(frozen=True)
class Stage:
    """One pipeline stage: a parameterised notebook."""

    nama: str
    notebook: str
    uraian: str


STAGES: tuple[Stage, ...] = (
    Stage("01_ingest", "01_ingest.ipynb", "Membaca data mentah dan memeriksa manifest"),
    Stage("02_clean", "02_clean.ipynb", "Membersihkan dan memvalidasi data"),
    Stage("03_capaian", "03_capaian.ipynb", "Menghitung capaian kinerja (Bab III)"),
    Stage("04_anggaran", "04_anggaran.ipynb", "Anggaran: RKT, serapan dan efisiensi"),
    Stage("05_sumber_daya", "05_sumber_daya.ipynb", "Sumber daya: pegawai, aset, tabel Bab I"),
    Stage("06_reviu", "06_reviu.ipynb", "Reviu otomatis angka cetakan"),
    Stage("07_laporan", "07_laporan.ipynb", "Menyusun naskah LKjIP"),
)


class StageError(LkjipError):
    """A stage notebook failed."""


def _stage_error(stage: Stage, exc: Exception, failed_nb: Path) -> StageError:
    ename = getattr(exc, "ename", type(exc).__name__)
    evalue = getattr(exc, "evalue", str(exc))
    cell = getattr(exc, "exec_count", None)
    where = f"tahap {stage.nama} ({stage.notebook})"
    if cell is not None:
        where += f", sel [{cell}]"
    if ename in USER_ERRORS:
        return StageError(f"{where} gagal:\n{evalue}\nNotebook yang gagal: {display(failed_nb)}")
    return StageError(
        f"{where} gagal karena galat program {ename}: {evalue}\n"
        f"Ini kemungkinan bug; lihat notebook yang gagal: {display(failed_nb)}"
    )


def run(params_file: str | Path, stages: tuple[Stage, ...] = STAGES, echo=print) -> dict:
    """Validate params, then execute every stage notebook; swap outputs in on success.

    Parameters
    ----------
    params_file : str or Path
        The year's params YAML (relative to the repo root or absolute).
    stages : tuple of Stage
        Stages to run, in order.
    echo : callable
        Progress printer.

    Returns
    -------
    dict
        Run summary: params file, per-stage durations (seconds), output folders.

    Raises
    ------
    ParamsError
        Before any kernel starts, if the params are invalid or an output path is unsafe
        (:func:`lkjip.paths.periksa_jalur_keluaran`, :func:`lkjip.paths.periksa_pemilik_keluaran`).
    KeluaranSibuk
        If another run holds the lock of an output folder.
    StageError
        If a stage fails; earlier outputs are left as they were.
    """
    params_path = resolve(params_file)
    params: Params = load_params(params_path)
    processed, reports = periksa_jalur_keluaran(params.paths.processed, params.paths.reports, params.paths.raw,
                                                params_path)
    from .clean import periksa

    _, warnings = periksa(resolve(params.paths.raw), params.tahun, label_root=ROOT,
                          indikator_akip=params.indikator_akip)
    for w in warnings:
        echo(f"PERINGATAN: {w}")
    if params.instansi.logo:  # the cover logo is checked like a raw file, before any kernel starts
        from .ingest import baca_logo

        baca_logo(resolve(params.paths.raw), params.instansi.logo, label_root=ROOT)
    periksa_pemilik_keluaran("paths.processed", processed)  # early, without side effects; again under the lock
    periksa_pemilik_keluaran("paths.reports", reports)
    siapa = FK.identitas(display(params_path))
    sejak = time.time()
    with FK.kunci([processed, reports], siapa):
        return _run_locked(params, params_path, processed, reports, stages, echo, siapa, sejak)


def _run_locked(params: Params, params_path: Path, processed: Path, reports: Path, stages: tuple[Stage, ...],
                echo, siapa: dict, sejak: float) -> dict:
    """The part of :func:`run` done while holding the lock of both output folders."""
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    FK.pulihkan(processed, echo)
    for final in (processed, reports):
        FK.bersihkan_basi(final, sejak, echo)
    periksa_pemilik_keluaran("paths.processed", processed)
    periksa_pemilik_keluaran("paths.reports", reports)
    token = f"{params.tahun}-{uuid.uuid4().hex[:8]}"
    stage_processed = FK.buat_staging(processed, token, siapa, salin=True)
    try:
        stage_reports = FK.buat_staging(reports, token, siapa)
    except BaseException:
        FK.buang_staging(stage_processed)
        raise
    (stage_reports / "notebooks").mkdir()
    summary = {"params": display(params_path), "tahun": params.tahun, "tahap": []}
    try:
        for i, stage in enumerate(stages, 1):
            echo(f"[{i}/{len(stages)}] {stage.nama}: {stage.uraian} …")
            out_nb = stage_reports / "notebooks" / Path(stage.notebook).name
            t0 = time.perf_counter()
            try:
                pm.execute_notebook(
                    str(NOTEBOOKS / stage.notebook),
                    str(out_nb),
                    parameters={
                        "params_file": display(params_path),
                        "processed_dir": str(stage_processed),
                        "reports_dir": str(stage_reports),
                    },
                    kernel_name="python3",
                    cwd=str(ROOT),
                    progress_bar=False,
                    log_output=False,
                    shutdown_kernel="immediate",
                )
            except PapermillExecutionError as exc:
                failed = reports.parent / "_gagal" / str(params.tahun) / Path(stage.notebook).name
                failed.parent.mkdir(parents=True, exist_ok=True)
                if out_nb.exists():
                    shutil.copyfile(out_nb, failed)
                raise _stage_error(stage, exc, failed) from None
            dt = time.perf_counter() - t0
            jalan_ulang.suntik_jalur_akhir(out_nb, display(params_path), display(processed), display(reports), {
                str(stage_processed): display(processed), str(stage_reports): display(reports),
                display(stage_processed): display(processed), display(stage_reports): display(reports)})
            summary["tahap"].append({"nama": stage.nama, "notebook": stage.notebook, "detik": round(dt, 2)})
            echo(f"      selesai dalam {dt:.1f} dtk")
        echo("[render] LKjIP HTML/PDF, edisi evaluator, lampiran tabel …")
        t0 = time.perf_counter()
        try:
            keluaran.tulis_semua(params, params_path, stage_processed, stage_reports, summary["tahap"],
                                 [Path(s.notebook).name for s in stages], echo=echo)
        except LkjipError:
            raise
        except Exception as exc:  # a rendering bug must not leave half-written outputs
            raise StageError(f"render laporan gagal karena galat program {type(exc).__name__}: {exc}") from exc
        summary["render_detik"] = round(time.perf_counter() - t0, 2)
        echo(f"      selesai dalam {summary['render_detik']:.1f} dtk")
        (stage_reports / "jalankan.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False) + "\n",
                                                      encoding="utf-8")
        FK.tukar([(stage_processed, processed), (stage_reports, reports)], echo)
    finally:
        if not FK.sedang_tukar(processed):  # a half-done swap is completed by the next run, not undone
            for d in (stage_processed, stage_reports):
                FK.buang_staging(d)
    summary["processed"] = display(processed)
    summary["reports"] = display(reports)
    return summary
