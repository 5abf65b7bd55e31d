"""Run the stage notebooks with papermill: by their dependency graph, in parallel, incrementally.

A run is all-or-nothing: stages write into staging folders beside the real ones
(``data/processed/.staging-<tahun>-…`` and ``reports/.staging-<tahun>-…``), which start
empty; only when every stage has succeeded are the staging folders swapped in. A failed
run leaves the previous ``data/processed/<tahun>`` and ``reports/<tahun>`` untouched and
keeps the failed notebook under ``reports/_gagal/<tahun>/`` for inspection. Output paths
are checked, and the output folders locked, before anything is written; see
:mod:`lkjip.folder_keluaran` for the lock, the clean-up of killed runs and the journalled
swap that keeps ``data/processed/<tahun>`` and ``reports/<tahun>`` a pair.

Stages declare what they read and write (:mod:`lkjip.tahap`); the runner starts a stage
as soon as the stages it depends on are done, up to one kernel per core, and starts the
next stage's kernel (with its imports) while the current stage runs. Each stage's key
is the sha256 of its inputs (tables, raw files, narasi, params keys, the code of its
notebook and modules, package versions); a stage whose key matches the last successful
run (recorded in ``data/processed/<tahun>/.lkjip-tahap.json``) is reused: its outputs
are copied from the current output folders after their sha256 is checked. A run with
nothing changed touches nothing and says "tidak ada perubahan"; ``ulang_semua=True``
(``lkjip run --ulang-semua``) runs everything.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
import time
import uuid
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from pathlib import Path

from . import fmt
from . import folder_keluaran as FK
from . import jalan_ulang
from . import tahap as T
from .errors import LkjipError
from .katalog import FOLDER_ANTARA, KATALOG, LAMPIRAN
from .params import Params, load_params
from .paths import NOTEBOOKS, PENANDA, ROOT, display, periksa_jalur_keluaran, periksa_pemilik_keluaran, resolve
from .tahap import STAGES, Stage

__all__ = ["run", "Stage", "STAGES", "StageError", "USER_ERRORS"]

#: Exception names raised in a notebook that are user errors: their message is shown as is.
USER_ERRORS = {"DataError", "ParamsError", "LkjipError"}

#: Record of the last successful run, inside the processed folder (swapped with it).
CATATAN = ".lkjip-tahap.json"
VERSI_CATATAN = 2

def _rel_antara(tabel: str) -> str:
    return f"processed/{FOLDER_ANTARA}/{tabel}.csv"


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


def _nb(stage: Stage) -> Path:
    return NOTEBOOKS / stage.notebook


# ------------------------------------------------------------------ keys

class _Sidik:
    """Fingerprints shared by the stage keys of one run (computed once, lazily)."""

    def __init__(self, params: Params, params_path: Path):
        self.params = params
        self.params_path = params_path
        self.dump = params.model_dump(mode="json")
        self.raw = resolve(params.paths.raw)
        self._cache: dict = {}

    def _sekali(self, key, fn):
        if key not in self._cache:
            self._cache[key] = fn()
        return self._cache[key]

    def versi(self):
        return self._sekali("versi", T.versi_paket)

    def readme(self):
        return self._sekali("readme", lambda: T.sidik_readme(self.raw))

    def mentah(self):
        """The data files, and the README without its narasi rows (the manifest of the data files)."""
        return self._sekali("mentah", lambda: {**T.sidik_folder(self.raw, kecuali=("narasi", "README.md")),
                                               "README.md": self.readme()["data"]})

    def narasi(self):
        """The narasi files, their manifest rows and the cover logo: a change re-runs only the stages that read them."""
        def hitung() -> dict:
            out = {**T.sidik_folder(self.raw, hanya="narasi"), "README.md#narasi": self.readme()["narasi"]}
            if self.params.instansi.logo:  # printed on the cover by the report stage
                out["logo:" + self.params.instansi.logo] = T.sha256_berkas(self.raw / self.params.instansi.logo)
            return out

        return self._sekali("narasi", hitung)

    def kode(self, stage: Stage):
        templat = (T.TEMPLAT_LAPORAN,) if stage.templat else ()
        # every stage's evaluator page is rendered with it: the render code is part of its key
        return self._sekali(("kode", stage.nama), lambda: T.sidik_kode(
            _nb(stage), T.modul_tahap(_nb(stage)) + ["keluaran"], templat + (T.TEMPLAT_NBCONVERT,)))

    def render(self, nama: str):
        return self._sekali(("render", nama), lambda: T.sidik_kode(None, ["keluaran"], (T.TEMPLAT_NBCONVERT,
                                                                                        T.TEMPLAT_LAPORAN)))

    def kunci_tahap(self, stage: Stage, masukan: dict, gambar: dict, antara: dict) -> str:
        bagian = {"tahap": stage.nama, "kode": self.kode(stage), "versi": self.versi(),
                  "params": T.params_bagian(self.dump, stage.params), "masukan": masukan, "gambar": gambar}
        if stage.antara:  # the interim snapshot of the pre-run check that the stage publishes
            bagian["antara"] = antara
        if stage.mentah:
            bagian["mentah"] = self.mentah()
        if stage.narasi:
            bagian["narasi"] = self.narasi()
        return T.kunci(bagian)

    def kunci_laporan(self, nb_sha: dict) -> str:
        """Key of the report renders: every executed notebook (the HTML links to their cells) and chart."""
        return T.kunci({"render": "laporan", "kode": self.render("laporan"), "versi": self.versi(), "nb": nb_sha,
                        "instansi": self.dump["instansi"], "tahun": self.dump["tahun"],
                        "format": self.dump["keluaran"]["format"]})

    def kunci_lampiran(self, tabel: dict) -> str:
        return T.kunci({"render": "lampiran", "kode": self.render("lampiran"), "versi": self.versi(), "tabel": tabel,
                        "tahun": self.dump["tahun"]})


def _baca_catatan(processed: Path) -> dict:
    try:
        rec = json.loads((processed / CATATAN).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return rec if isinstance(rec, dict) and rec.get("versi") == VERSI_CATATAN else {}


def _final(rel: str, processed: Path, reports: Path) -> Path:
    area, _, sub = rel.partition("/")
    return (processed if area == "processed" else reports) / sub


def _utuh(berkas: dict, processed: Path, reports: Path) -> bool:
    """Whether every recorded output file is in the output folders with its recorded sha256."""
    return all(T.sha256_berkas(_final(rel, processed, reports)) == sha for rel, sha in berkas.items())


class _Rencana:
    """Which stages and renders can be reused, judged against the output folders (no staging)."""

    def __init__(self, stages, sidik: _Sidik, lama: dict, processed: Path, reports: Path):
        self.bersih: dict[str, bool] = {}
        deps = T.dependensi(stages)
        tahap_lama = lama.get("tahap", {})
        penulis = {t: s.nama for s in stages if s.dinyatakan for t in s.keluaran}
        for s in stages:
            rec = tahap_lama.get(s.nama)
            ok = s.dinyatakan and rec is not None and all(self.bersih.get(d) for d in deps[s.nama])
            if ok:
                masukan = {t: tahap_lama[penulis[t]]["berkas"].get(f"processed/{t}.csv") if t in penulis else None
                           for t in s.masukan}
                gambar = _gambar_dari({d: tahap_lama[d]["berkas"] for d in deps[s.nama]}) if s.gambar_masukan else {}
                antara = {t: lama.get("antara", {}).get("berkas", {}).get(_rel_antara(t)) for t in s.keluaran}
                ok = (sidik.kunci_tahap(s, masukan, gambar, antara) == rec.get("kunci")
                      and _utuh(rec.get("berkas", {}), processed, reports))
            self.bersih[s.nama] = bool(ok)
        render_lama = lama.get("render", {})
        self.render_bersih = all(rec.get("berkas") is not None and _utuh(rec["berkas"], processed, reports)
                                 for rec in render_lama.values()) and bool(render_lama)
        rec_antara = lama.get("antara", {})
        self.antara_utuh = "berkas" in rec_antara and _utuh(rec_antara["berkas"], processed, reports)
        self.semua_bersih = (all(self.bersih.values()) and self.render_bersih and self.antara_utuh
                             and all((processed / f).is_file() for f in ("skema.json", CATATAN))
                             and (reports / "notebooks" / "index.html").is_file())

    def peringatan(self, lama: dict, stages) -> list[str] | None:
        """The recorded warnings of the raw data check, when the check need not run again.

        The check (:func:`lkjip.antara.baca`) runs when a stage that publishes its result
        (``01_ingest``, ``02_clean``: :attr:`Stage.antara`) must run, or when its recorded
        result is not intact in the processed folder; otherwise the last run's result is
        copied into staging and its warnings are shown again.
        """
        if not self.antara_utuh or not all(self.bersih.get(s.nama) for s in stages if s.antara):
            return None
        return list(lama["antara"].get("peringatan", []))


def _gambar_dari(berkas_per_tahap: dict[str, dict]) -> dict[str, str]:
    return {rel: sha for b in berkas_per_tahap.values() for rel, sha in b.items() if rel.startswith("reports/gambar/")}


# ------------------------------------------------------------------ public entry

def run(params_file: str | Path, stages: tuple[Stage, ...] = STAGES, echo=print, ulang_semua: bool = False,
        paralel: bool = True) -> dict:
    """Validate params, then execute the stage notebooks by their graph; swap outputs in on success.

    Usable from any process (no signal handlers, no process pool): kernels are
    subprocesses driven from threads of the calling process.

    Parameters
    ----------
    params_file : str or Path
        The year's params YAML (relative to the repo root or absolute).
    stages : tuple of Stage
        Stages to run. Declared stages run by their dependency graph; a stage that
        declares nothing waits for every stage listed before it.
    echo : callable
        Progress printer.
    ulang_semua : bool
        Run every stage even when its inputs did not change.
    paralel : bool
        Run independent stages side by side and start kernels ahead (``False``: one
        stage at a time, in list order, the next stage's kernel started ahead; same outputs).

    Returns
    -------
    dict
        Run summary: params file, per-stage durations (seconds; ``dipakai_ulang`` for a
        reused stage), ``tidak_ada_perubahan``, output folders.

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
    sidik = _Sidik(params, params_path)
    lama = {} if ulang_semua else _baca_catatan(processed)
    rencana = _Rencana(stages, sidik, lama, processed, reports) if lama else None
    warnings = rencana.peringatan(lama, stages) if rencana else None
    data = None
    if warnings is None:
        data = _periksa_mentah(params)
        warnings = [str(w) for w in data.peringatan]
    elif any(s.narasi and not rencana.bersih.get(s.nama) for s in stages):
        _periksa_narasi(params)  # the data check's result is reused: the changed narasi is checked, before any kernel
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
        return _run_locked(params, params_path, processed, reports, stages, echo, siapa, sejak, sidik, ulang_semua,
                           paralel, warnings, data)


def _periksa_mentah(params: Params):
    """Read, check and clean the raw data in-process, once (before any kernel): :func:`lkjip.antara.baca`."""
    from .antara import baca

    return baca(resolve(params.paths.raw), params.tahun, label_root=ROOT, indikator_akip=params.indikator_akip)


def _periksa_narasi(params: Params) -> None:
    """Check the narasi files and their manifest rows in-process (:func:`lkjip.ingest.narasi_terperiksa`)."""
    from .ingest import narasi_terperiksa

    narasi_terperiksa(resolve(params.paths.raw), label_root=ROOT)


def _run_locked(params: Params, params_path: Path, processed: Path, reports: Path, stages: tuple[Stage, ...],
                echo, siapa: dict, sejak: float, sidik: _Sidik, ulang_semua: bool, paralel: bool,
                warnings: list[str], data) -> dict:
    """The part of :func:`run` done while holding the lock of both output folders."""
    FK.pulihkan(processed, echo)
    for final in (processed, reports):
        FK.bersihkan_basi(final, sejak, echo)
    periksa_pemilik_keluaran("paths.processed", processed)
    periksa_pemilik_keluaran("paths.reports", reports)
    lama = {} if ulang_semua else _baca_catatan(processed)
    rencana = _Rencana(stages, sidik, lama, processed, reports)
    summary = {"params": display(params_path), "tahun": params.tahun, "tahap": []}
    if lama and rencana.semua_bersih:
        echo("tidak ada perubahan: data mentah, params, narasi dan kode sama dengan run terakhir; "
             "keluaran tidak disentuh (--ulang-semua untuk menjalankan semuanya)")
        summary["tahap"] = [{"nama": s.nama, "notebook": s.notebook, "detik": 0.0, "dipakai_ulang": True}
                            for s in stages]
        summary.update(tidak_ada_perubahan=True, processed=display(processed), reports=display(reports))
        return summary
    token = f"{params.tahun}-{uuid.uuid4().hex[:8]}"
    stage_processed = FK.buat_staging(processed, token, siapa)  # starts empty: only what this run writes or reuses
    try:
        stage_reports = FK.buat_staging(reports, token, siapa)
    except BaseException:
        FK.buang_staging(stage_processed)
        raise
    (stage_reports / "notebooks").mkdir()
    (stage_reports / "gambar").mkdir()
    try:
        jalan = _Jalan(params, params_path, processed, reports, stage_processed, stage_reports, stages, echo, sidik,
                       lama, rencana, paralel, warnings, data)
        summary.update(jalan.semua())
        (stage_reports / "jalankan.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False) + "\n",
                                                      encoding="utf-8")
        FK.tukar([(stage_processed, processed), (stage_reports, reports)], echo)
    finally:
        if not FK.sedang_tukar(processed):  # a half-done swap is completed by the next run, not undone
            for d in (stage_processed, stage_reports):
                FK.buang_staging(d)
    summary["tidak_ada_perubahan"] = False
    summary["processed"] = display(processed)
    summary["reports"] = display(reports)
    return summary


# ------------------------------------------------------------------ kernels

#: Imported in a kernel while it waits for its stage's inputs (silent: no output, no execution count):
#: the stage's own ``lkjip`` modules, which import what they need (pandera only for ``clean``,
#: matplotlib only for ``grafik``); a kernel does not pay for libraries its notebook never uses.
_PEMANASAN = "import {modul}"


class _Kernel:
    """A python3 kernel started from the repo root, with the stage's modules imported ahead.

    The kernel talks to this process over local IPC sockets (ZeroMQ ``ipc://``) in
    ``soket``, a private folder of the run (mode 0700), not over TCP ports on localhost.
    """

    def __init__(self, modul: list[str], soket: Path):
        from jupyter_client import KernelManager

        self.km = KernelManager(kernel_name="python3", transport="ipc", ip=str(soket / uuid.uuid4().hex[:12]))
        self.km.start_kernel(cwd=str(ROOT))
        kc = self.km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=120)
            code = _PEMANASAN.format(modul=", ".join(f"lkjip.{m}" for m in modul) or "lkjip")
            msg_id = kc.execute(code, silent=True, store_history=False)
            while True:
                reply = kc.get_shell_msg(timeout=300)
                if reply["parent_header"].get("msg_id") == msg_id:
                    break
        finally:
            kc.stop_channels()

    def matikan(self) -> None:
        try:
            if self.km.has_kernel:
                self.km.shutdown_kernel(now=True)
        except Exception:  # noqa: BLE001 - a kernel already gone is fine
            pass


def tanpa_cek_iri() -> None:
    """Leave out jsonschema's optional IRI format checker in this process, if jsonschema is not loaded yet.

    ``sys.modules[name] = None`` makes ``import name`` raise ImportError, which
    jsonschema catches for each optional checker; nothing else here uses ``rfc3987_syntax``.
    """
    import sys

    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)


def _impor_dulu() -> None:
    """Import the execution and rendering libraries in this thread, before any worker thread.

    WeasyPrint is not among them: the PDF is rendered in a process of its own
    (:func:`lkjip.keluaran.mulai_pdf`).

    Two threads importing ``jupyter_client`` at once fail on its circular imports.
    ``nbformat`` imports ``jsonschema``, whose optional ``iri`` format checker builds a
    Lark grammar at import (``rfc3987_syntax``, installed for JupyterLab): about 2 s of
    CPU in every run, for a format no notebook schema uses (nbformat validates without
    format checking). The run's process does without that checker (:func:`tanpa_cek_iri`).
    """
    tanpa_cek_iri()
    import jupyter_client.manager  # noqa: F401
    import nbconvert  # noqa: F401
    import nbformat  # noqa: F401
    import openpyxl  # noqa: F401
    import papermill  # noqa: F401

    from . import keluaran  # noqa: F401


# ------------------------------------------------------------------ one run

class _Jalan:
    """Schedules, runs or reuses the stages of one run, and renders the outputs into staging."""

    def __init__(self, params, params_path, processed, reports, sp, sr, stages, echo, sidik, lama, rencana, paralel,
                 warnings, data=None):
        self.params, self.params_path = params, params_path
        self.processed, self.reports, self.sp, self.sr = processed, reports, sp, sr
        self.stages, self.echo, self.sidik, self.lama, self.rencana = stages, echo, sidik, lama, rencana
        self.paralel, self.warnings = paralel, warnings
        self.deps = T.dependensi(stages)
        self.prioritas = T.jalur_kritis(stages)
        self.pekerja = max(2, os.cpu_count() or 2) if paralel else 1
        self.penulis = {t: s.nama for s in stages if s.dinyatakan for t in s.keluaran}
        self.catatan: dict[str, dict] = {}
        self.hasil: dict[str, dict] = {}
        self.kernel: dict[str, Future] = {}
        self.lock = threading.Lock()
        self._lampiran_dikirim = False
        self.soket: Path | None = None  # the kernels' private socket folder, set by semua() for the run
        self.data = data  # the pre-run check's result (lkjip.antara.baca), None when it did not run
        self.catatan_antara: dict = {}  # the recorded interim snapshot (siapkan_antara)

    # -- helpers
    def _rel(self, path: Path) -> str:
        base, area = (self.sp, "processed") if path.is_relative_to(self.sp) else (self.sr, "reports")
        return f"{area}/{path.relative_to(base).as_posix()}"

    def _staging(self, rel: str) -> Path:
        return _final(rel, self.sp, self.sr)

    def _salin(self, berkas: dict) -> bool:
        """Copy recorded outputs from the output folders into staging, checking each sha256."""
        for rel, sha in berkas.items():
            try:
                data = _final(rel, self.processed, self.reports).read_bytes()
            except OSError:
                return False
            if T.sha256_bytes(data) != sha:
                return False
            dst = self._staging(rel)
            dst.parent.mkdir(parents=True, exist_ok=True)
            dst.write_bytes(data)
        return True

    def _kunci(self, s: Stage) -> str:
        masukan = {t: T.sha256_berkas(self.sp / f"{t}.csv") for t in s.masukan}
        antara = {t: T.sha256_berkas(self.sp / FOLDER_ANTARA / f"{t}.csv") for t in s.keluaran} if s.antara else {}
        gambar = {}
        if s.gambar_masukan:
            for d in self.deps[s.nama]:
                for g in self._stage(d).berkas_gambar:
                    sha = T.sha256_berkas(self.sr / "gambar" / g)
                    if sha is not None:
                        gambar[f"reports/gambar/{g}"] = sha
        return self.sidik.kunci_tahap(s, masukan, gambar, antara)

    def siapkan_antara(self, data) -> None:
        """Put the pre-run check's result into staging (``antara/``): written from ``data``, or copied.

        ``data`` is the result of :func:`lkjip.antara.baca` when the check ran in this
        run; otherwise (no stage that publishes it must run) the last run's snapshot is
        copied from the processed folder after its sha256 is checked, and read again
        only when the copy fails.
        """
        from .io import write_tables

        rec = self.lama.get("antara", {})
        if data is None and not ("berkas" in rec and self._salin(rec["berkas"])):
            data = _periksa_mentah(self.params)
        if data is not None:
            from .antara import tabel_antara

            write_tables(self.sp / FOLDER_ANTARA, tabel_antara(data))
        folder = self.sp / FOLDER_ANTARA
        self.catatan_antara = {"berkas": {self._rel(p): T.sha256_berkas(p) for p in sorted(folder.iterdir())},
                               "peringatan": self.warnings}

    def _stage(self, nama: str) -> Stage:
        return next(s for s in self.stages if s.nama == nama)

    # -- stage execution (worker thread)
    def _eksekusi(self, s: Stage, i: int) -> float:
        import papermill as pm

        km = self.kernel[s.nama].result()
        out_nb = self.sr / "notebooks" / Path(s.notebook).name
        t0 = time.perf_counter()
        pm.execute_notebook(
            str(_nb(s)), str(out_nb),
            parameters={"params_file": display(self.params_path), "processed_dir": str(self.sp),
                        "reports_dir": str(self.sr)},
            kernel_name="python3", progress_bar=False, log_output=False, km=km.km,
        )
        return time.perf_counter() - t0

    def _panaskan(self, pool: ThreadPoolExecutor, s: Stage) -> None:
        if s.nama not in self.kernel:
            modul = T.modul_tahap(_nb(s)) if _nb(s).is_file() else []
            assert self.soket is not None, "kernels start inside semua(), which sets their socket folder"
            self.kernel[s.nama] = pool.submit(_Kernel, modul, self.soket)

    def _matikan_semua(self) -> None:
        for fut in self.kernel.values():
            if fut.done() and fut.exception() is None:
                fut.result().matikan()

    def _gagal(self, s: Stage, exc: BaseException) -> StageError:
        from papermill.exceptions import PapermillExecutionError

        failed = self.reports.parent / "_gagal" / str(self.params.tahun) / Path(s.notebook).name
        failed.parent.mkdir(parents=True, exist_ok=True)
        out_nb = self.sr / "notebooks" / Path(s.notebook).name
        if out_nb.exists():
            shutil.copyfile(out_nb, failed)
        if isinstance(exc, PapermillExecutionError):
            return _stage_error(s, exc, failed)
        return StageError(f"tahap {s.nama} ({s.notebook}) gagal karena galat program {type(exc).__name__}: {exc}\n"
                          f"Ini kemungkinan bug; lihat notebook yang gagal: {display(failed)}")

    def _selesai(self, s: Stage, detik: float, render: ThreadPoolExecutor, renders: list) -> None:
        """Check a stage's outputs, record their sha256, queue its evaluator page."""
        if s.dinyatakan:
            hilang = [t for t in s.keluaran if not (self.sp / f"{t}.csv").is_file()]
            if hilang:
                raise StageError(f"tahap {s.nama} tidak menulis tabel yang dideklarasikannya: {', '.join(hilang)}")
        nb = self.sr / "notebooks" / Path(s.notebook).name
        # the executed notebook points at the final folders (its evaluator page, its recorded sha256 and
        # any later reuse of it all see final paths, never this run's staging folders)
        jalan_ulang.suntik_jalur_akhir(nb, display(self.params_path), display(self.processed), display(self.reports), {
            str(self.sp): display(self.processed), str(self.sr): display(self.reports),
            display(self.sp): display(self.processed), display(self.sr): display(self.reports)})
        fut = render.submit(self._evaluator, s, nb)
        renders.append(fut)
        self.hasil[s.nama] = {"nama": s.nama, "notebook": s.notebook, "detik": round(detik, 2),
                              "dipakai_ulang": False}
        self.echo(f"      {s.nama} selesai dalam {fmt.durasi(detik)}")

    def _evaluator(self, s: Stage, nb: Path) -> None:
        from . import keluaran

        keluaran.tulis_evaluator(nb)
        berkas = [nb, nb.with_suffix(".html")]
        berkas += [self.sp / f"{t}.csv" for t in (s.keluaran if s.dinyatakan else ())]
        berkas += [self.sr / "gambar" / g for g in s.berkas_gambar if (self.sr / "gambar" / g).is_file()]
        rec = {"kunci": self._kunci(s) if s.dinyatakan else None,
               "berkas": {self._rel(p): T.sha256_berkas(p) for p in berkas},
               "detik": self.hasil[s.nama]["detik"]}
        with self.lock:
            self.catatan[s.nama] = rec

    # -- the whole run
    def _coba_pakai_ulang(self, s: Stage, i: int, n: int) -> bool:
        """Reuse a ready stage whose key matches the last run (outputs copied after their sha256 check)."""
        rec = self.lama.get("tahap", {}).get(s.nama)
        if not (s.dinyatakan and rec is not None and rec.get("kunci") == self._kunci(s) and self._salin(rec["berkas"])):
            return False
        self.hasil[s.nama] = {"nama": s.nama, "notebook": s.notebook, "detik": 0.0, "dipakai_ulang": True}
        with self.lock:
            self.catatan[s.nama] = rec
        self.echo(f"[{i}/{n}] {s.nama}: tidak berubah, hasil run terakhir dipakai")
        warm = self.kernel.pop(s.nama, None)
        if warm is not None:
            warm.add_done_callback(lambda f: f.exception() or f.result().matikan())
        return True

    def _mulai_yang_siap(self, menunggu: dict, berjalan: dict, kernels, workers, urut: dict) -> bool:
        """Reuse or start every ready stage (up to one per worker); True when a stage was reused."""
        siap = sorted((s for s in menunggu.values() if all(d in self.hasil for d in self.deps[s.nama])),
                      key=lambda s: (-self.prioritas[s.nama], urut[s.nama]))
        dipakai = False
        for s in siap:
            if len(berjalan) >= self.pekerja:
                break
            del menunggu[s.nama]
            if self._coba_pakai_ulang(s, urut[s.nama], len(self.stages)):
                dipakai = True
                continue
            self.echo(f"[{urut[s.nama]}/{len(self.stages)}] {s.nama}: {s.uraian} …")
            self._panaskan(kernels, s)
            berjalan[workers.submit(self._eksekusi, s, urut[s.nama])] = s
        return dipakai

    def _panaskan_depan(self, menunggu: dict, berjalan: dict, kernels, urut: dict) -> None:
        """Start kernels ahead for stages that will run (not predicted reusable), one per worker in all.

        One stage at a time (``paralel=False``, a batch task): the next stage's kernel starts
        (and imports its modules) while the current stage runs, so the stage finds it ready.
        """
        batas = self.pekerja if self.paralel else self.pekerja + 1
        aktif = sum(1 for k in self.kernel if k in menunggu) + len(berjalan)
        for s in sorted(menunggu.values(), key=lambda s: urut[s.nama]):
            if aktif >= batas:
                break
            if not self.rencana.bersih.get(s.nama) and s.nama not in self.kernel:
                self._panaskan(kernels, s)
                aktif += 1

    def _lampiran_siap(self) -> bool:
        from .keluaran import SUMBER_DIBACA

        return all(self.penulis.get(t) in self.hasil or t not in self.penulis for t in (*LAMPIRAN, *SUMBER_DIBACA))

    def _tunggu(self, berjalan: dict, render, renders: list) -> None:
        """Wait for a running stage to end; check and record it, or raise its error."""
        done, _ = wait(list(berjalan), return_when=FIRST_COMPLETED)
        for fut in done:
            s = berjalan.pop(fut)
            km = self.kernel.pop(s.nama, None)
            if km is not None and km.done() and km.exception() is None:
                km.result().matikan()
            exc = fut.exception()
            if exc is not None:
                raise self._gagal(s, exc) from None
            self._selesai(s, fut.result(), render, renders)

    def semua(self) -> dict:
        """Run or reuse every stage by the graph, then render; returns the timings."""
        _impor_dulu()
        with tempfile.TemporaryDirectory(prefix="lkjip-kernel-") as soket:  # private (0700): the kernels' IPC sockets
            self.soket = Path(soket)
            return self._semua()

    def _semua(self) -> dict:
        urut = {s.nama: i for i, s in enumerate(self.stages, 1)}
        menunggu = {s.nama: s for s in self.stages}
        berjalan: dict[Future, Stage] = {}
        renders: list[Future] = []
        t_mulai = time.perf_counter()
        kernels = ThreadPoolExecutor(max_workers=self.pekerja, thread_name_prefix="lkjip-kernel")
        workers = ThreadPoolExecutor(max_workers=self.pekerja, thread_name_prefix="lkjip-tahap")
        render = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lkjip-render")
        pdf_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lkjip-pdf")
        try:
            self._panaskan_depan(menunggu, berjalan, kernels, urut)  # kernels start while the snapshot is written
            self.siapkan_antara(self.data)
            while menunggu or berjalan:
                if self._mulai_yang_siap(menunggu, berjalan, kernels, workers, urut):
                    continue  # a reused stage may have made others ready
                self._panaskan_depan(menunggu, berjalan, kernels, urut)
                if not self._lampiran_dikirim and self._lampiran_siap():  # the annex while later stages run
                    self._lampiran_dikirim = True
                    renders.append(render.submit(self._lampiran))
                if not berjalan:
                    if menunggu:
                        raise StageError("tahap tidak dapat dijadwalkan: " + ", ".join(menunggu))
                    break
                self._tunggu(berjalan, render, renders)
            if not self._lampiran_dikirim:
                renders.append(render.submit(self._lampiran))
            t_render = time.perf_counter()
            self.echo("[render] LKjIP HTML/PDF, edisi evaluator, lampiran tabel …")
            for fut in [*renders, *self._laporan(pdf_pool)]:
                fut.result()
            self._provenans()
        except LkjipError:
            raise
        except Exception as exc:  # a rendering bug must not leave half-written outputs
            raise StageError(f"run gagal karena galat program {type(exc).__name__}: {exc}") from exc
        finally:
            self._hentikan(berjalan, (workers, kernels, render, pdf_pool))
        return {"tahap": [self.hasil[s.nama] for s in self.stages],
                "render_detik": round(time.perf_counter() - t_render, 2),
                "total_detik": round(time.perf_counter() - t_mulai, 2)}

    def _hentikan(self, berjalan: dict, pools) -> None:
        """Stop every kernel (a running stage then fails at once) and wait for the threads."""
        self._matikan_semua()
        for f in list(berjalan):
            f.cancel()
        self._matikan_berjalan(berjalan)
        for pool in pools:
            pool.shutdown(wait=True, cancel_futures=True)
            self._matikan_semua()

    def _matikan_berjalan(self, berjalan: dict) -> None:
        for s in berjalan.values():
            fut = self.kernel.get(s.nama)
            if fut is not None and fut.done() and fut.exception() is None:
                fut.result().matikan()

    def _laporan(self, pdf_pool: ThreadPoolExecutor) -> list[Future]:
        """The report HTML now and its PDF and Word edition in ``pdf_pool``.

        Every computed number of the HTML links to the evaluator cell that computed it, so
        the HTML is rendered after every stage notebook (the links name their cells); the
        Word edition embeds the PNG charts. All three are reused when none of the
        notebooks and charts changed.
        """
        from . import keluaran

        laporan_nb = [s for s in self.stages if "laporan" in s.notebook]
        nb = self.sr / "notebooks" / Path(laporan_nb[-1].notebook).name if laporan_nb else None
        if nb is None or not nb.is_file():
            return []
        nb_dir = self.sr / "notebooks"
        notebooks = [Path(s.notebook).name for s in self.stages]
        png = sorted(p.name for p in (self.sr / "gambar").glob("*.png"))
        kunci = self.sidik.kunci_laporan({
            "notebooks": {n: T.sha256_berkas(nb_dir / n) for n in notebooks},
            "gambar": {g: T.sha256_berkas(self.sr / "gambar" / g) for g in png}})
        rec = self.lama.get("render", {}).get("laporan")
        if rec is not None and rec.get("kunci") == kunci and self._salin(rec["berkas"]):
            self.catatan["render:laporan"] = rec
            return []
        t0 = time.perf_counter()
        asal = keluaran.peta_asal_run(nb_dir, notebooks, keluaran.tabel_tersimpan(self.sp))
        html_path, text = keluaran.tulis_html_laporan(self.params, nb, self.sr, asal)
        self.echo(f"      HTML: {html_path.name} ({fmt.durasi(time.perf_counter() - t0)})")

        def pdf_dan_catat() -> None:
            files = [html_path]
            t1 = time.perf_counter()
            pdf = "pdf" in self.params.keluaran.format
            # run in parallel: the PDF in its own process, the Word edition here meanwhile (both pure Python:
            # one core each). One stage at a time (a batch worker): both here, WeasyPrint stays imported.
            proses = keluaran.mulai_pdf(html_path) if pdf and self.paralel else None
            try:
                if pdf and proses is None:
                    files.append(keluaran.tulis_pdf(self.params, text, self.sr))
                    self.echo(f"      PDF : {files[-1].name} ({fmt.durasi(time.perf_counter() - t1)})")
                    t1 = time.perf_counter()  # the Word time without the PDF's
                files.append(keluaran.tulis_docx(self.params, text, self.sr))
                self.echo(f"      Word: {files[-1].name} ({fmt.durasi(time.perf_counter() - t1)})")
            finally:
                if proses is not None:
                    files.append(keluaran.tulis_pdf_dari(self.params, proses, self.sr))
                    self.echo(f"      PDF : {files[-1].name} ({fmt.durasi(time.perf_counter() - t1)})")
            with self.lock:
                self.catatan["render:laporan"] = {"kunci": kunci,
                                                  "berkas": {self._rel(p): T.sha256_berkas(p) for p in files}}

        return [pdf_pool.submit(pdf_dan_catat)]

    def _lampiran(self) -> None:
        from . import keluaran

        tabel = {t: T.sha256_berkas(self.sp / f"{t}.csv") for t in (*LAMPIRAN, *keluaran.SUMBER_DIBACA)}
        kunci = self.sidik.kunci_lampiran(tabel)
        rec = self.lama.get("render", {}).get("lampiran")
        if rec is not None and rec.get("kunci") == kunci and self._salin(rec["berkas"]):
            self.catatan["render:lampiran"] = rec
            return
        files = keluaran.tulis_lampiran(self.sp, self.sr, self.params.tahun)
        with self.lock:
            self.catatan["render:lampiran"] = {"kunci": kunci,
                                               "berkas": {self._rel(p): T.sha256_berkas(p) for p in files}}

    def _provenans(self) -> None:
        """Provenance page, ``skema.json``, the check for undeclared outputs, and the run record."""
        from . import keluaran
        from .io import tulis_skema

        tahap = [self.hasil[s.nama] for s in self.stages]
        keluaran.tulis_provenans(self.params_path, self.sp, self.sr / "notebooks", tahap,
                                 [Path(s.notebook).name for s in self.stages], self.params.tahun)
        tulis_skema(self.sp)
        if all(s.dinyatakan for s in self.stages):
            dikenal = {f"{t}.csv" for t in KATALOG} | {"skema.json", PENANDA, CATATAN, FOLDER_ANTARA}
            asing = sorted(p.name for p in self.sp.iterdir() if p.name not in dikenal)
            gambar = {g for s in self.stages for g in s.berkas_gambar}
            asing += sorted(f"gambar/{p.name}" for p in (self.sr / "gambar").iterdir() if p.name not in gambar)
            if asing:
                raise StageError("keluaran yang tidak dideklarasikan di katalog atau tahap mana pun: " + ", ".join(asing))
        rec = {"versi": VERSI_CATATAN, "antara": self.catatan_antara,
               "tahap": {k: v for k, v in self.catatan.items() if not k.startswith("render:")},
               "render": {k.split(":", 1)[1]: v for k, v in self.catatan.items() if k.startswith("render:")}}
        (self.sp / CATATAN).write_text(json.dumps(rec, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
                                       encoding="utf-8")
