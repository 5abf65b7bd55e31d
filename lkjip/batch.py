"""``lkjip batch``: many params files (OPDs, years) at once on Dask distributed, then the rekap.

Each OPD-year is one Dask task that calls :func:`lkjip.runner.run`, the same code as
``lkjip run`` (validation, staging, atomic swap, locks): the batch adds no scheduler,
queue or pool of its own. By default a :class:`distributed.LocalCluster` runs one
worker process per core (one thread each); ``--scheduler tcp://HOST:PORT`` sends the
same tasks to a running Dask cluster whose workers see the same files at the same
paths (shared storage) and have the same lkjip installed.

A failure is isolated: the task catches the OPD's error and returns it as a result,
so one OPD's bad data never stops the others; a worker that dies is reported against
the OPD it was running. Exit status: 0 when every OPD-year succeeded, 1 when some
failed (the summary and the rekap say which and why), 2 for a bad batch file or an
unreachable scheduler (nothing run).
"""

from __future__ import annotations

import glob
import os
import resource
import time
import traceback
import uuid
from dataclasses import dataclass
from pathlib import Path

from . import fmt
from .errors import LkjipError
from .paths import ROOT, display, resolve

#: Largest batch file read (a list of a few hundred params files is a few KiB).
BATAS_DAFTAR = 1024 * 1024
_GLOB = set("*?[")


class BatchError(LkjipError):
    """The batch file (or glob) is unusable: nothing is run."""


@dataclass(frozen=True)
class Entri:
    """One OPD-year of the batch: its params file and where it was listed."""

    params: Path
    asal: str


def _glob(pola: str, dasar: Path) -> list[Path]:
    full = pola if os.path.isabs(pola) else str(dasar / pola)
    return sorted(Path(p).resolve() for p in glob.glob(full, recursive=True) if Path(p).is_file())


def _baca_yaml_daftar(path: Path, label: str):
    """The YAML document of a batch file (size-limited, UTF-8); a located :class:`BatchError` otherwise."""
    from .io import read_bytes_checked
    from .params import baca_yaml

    try:
        data = read_bytes_checked(path, label, BATAS_DAFTAR)
    except LkjipError as exc:
        raise BatchError(str(exc)) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise BatchError(f"{label}: bukan teks UTF-8") from None
    try:
        return baca_yaml(text, label)
    except LkjipError as exc:
        raise BatchError(str(exc)) from None


def _keluaran_daftar(doc: dict, label: str, path: Path) -> Path | None:
    """The rekap folder a batch file names (``keluaran:``, relative to its folder), after checking its keys."""
    unknown = sorted(set(map(str, doc)) - {"params", "keluaran"})
    if unknown:
        raise BatchError(f"{label}: kunci tidak dikenal: {', '.join(unknown)} (yang diterima: params, keluaran)")
    if "keluaran" not in doc:
        return None
    if not isinstance(doc["keluaran"], str) or not doc["keluaran"].strip():
        raise BatchError(f"{label}: 'keluaran' harus teks (folder rekap), bukan {doc['keluaran']!r}")
    keluaran = Path(doc["keluaran"]) if os.path.isabs(doc["keluaran"]) else (path.parent / doc["keluaran"])
    return keluaran.resolve()


def baca_daftar(daftar: str) -> tuple[list[Entri], Path | None]:
    """The params files of a batch, from a YAML list or a glob.

    Parameters
    ----------
    daftar : str
        A YAML file (``params:`` list of paths or globs relative to the file's folder,
        optional ``keluaran:`` folder for the rekap, also relative to it; or a bare list),
        or a glob such as ``opd/*/params/2024.yaml`` (relative to the repository root).

    Returns
    -------
    (list of Entri, Path or None)
        The params files in listed order (duplicates refused), and the rekap folder
        named in the file (``None`` when not named).

    Raises
    ------
    BatchError
        Missing or unreadable file, not YAML, unknown key, an entry that is not text,
        a file or glob that matches nothing, a params file listed twice, an empty list.
    """
    if set(daftar) & _GLOB and not resolve(daftar).is_file():
        found = _glob(daftar, ROOT)
        if not found:
            raise BatchError(f"pola '{daftar}' tidak cocok dengan berkas params mana pun (relatif terhadap {ROOT})")
        return [Entri(p, f"pola '{daftar}'") for p in found], None
    path = resolve(daftar)
    label = display(path)
    if not path.is_file():
        raise BatchError(f"berkas daftar {label} tidak ditemukan")
    doc = _baca_yaml_daftar(path, label)
    keluaran = None
    if isinstance(doc, dict):
        keluaran = _keluaran_daftar(doc, label, path)
        items = doc.get("params")
    else:
        items = doc
    if not isinstance(items, list) or not items:
        raise BatchError(f"{label}: harus berisi daftar 'params' (berkas params atau pola glob), minimal satu")
    out: list[Entri] = []
    seen: dict[Path, str] = {}
    for i, item in enumerate(items, 1):
        where = f"{label}, params butir {i}"
        if not isinstance(item, str) or not item.strip():
            raise BatchError(f"{where}: harus teks (jalur berkas params), bukan {item!r}")
        if set(item) & _GLOB:
            found = _glob(item, path.parent)
            if not found:
                raise BatchError(f"{where}: pola '{item}' tidak cocok dengan berkas mana pun")
        else:
            p = (Path(item) if os.path.isabs(item) else path.parent / item).resolve()
            if not p.is_file():
                raise BatchError(f"{where}: berkas params '{item}' tidak ditemukan ({display(p)})")
            found = [p]
        for p in found:
            if p in seen:
                raise BatchError(f"{where}: {display(p)} sudah tercantum di {seen[p]}")
            seen[p] = where
            out.append(Entri(p, where))
    return out, keluaran


# ------------------------------------------------------------------- the task

def kembalikan_memori() -> None:
    """Give the memory freed by a finished OPD-year back to the system (glibc ``malloc_trim``; a no-op elsewhere).

    A worker runs OPD-year after OPD-year in one process, each run with new threads;
    without this its resident memory grew by about 30 MiB per OPD-year (freed memory
    kept in glibc's per-thread arenas: Python's own object count stayed flat), so a
    worker of a 40-OPD batch passed 1 GiB. Dask documents the same remedy for memory
    "not released back to the OS".
    """
    import ctypes
    import ctypes.util
    import gc

    gc.collect()
    nama = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(nama) if nama else None
        trim = getattr(libc, "malloc_trim", None)
    except OSError:
        trim = None
    if trim is not None:
        trim(0)


def jalankan_opd(params_file: str) -> dict:
    """Run one OPD-year through :func:`lkjip.runner.run`, on a Dask worker; never raises.

    Parameters
    ----------
    params_file : str
        Absolute path of the params file.

    Returns
    -------
    dict
        ``params``, ``status`` ("berhasil"/"gagal"), ``pesan`` (the located error
        message, or None), ``peringatan`` (warnings printed by the run), ``runner_detik``
        (time inside the runner), ``cpu_detik`` (CPU seconds, user + sys, of this process and
        of the kernels it ran, during the run: on a worker that runs one task at a time),
        ``tahap`` (per-stage seconds), ``host``, ``pid``,
        ``memori_mib`` (peak RSS of this worker process plus the peak RSS of its largest
        finished child, i.e. a notebook kernel: an upper bound of the worker's peak).
    """
    import socket

    from .runner import run

    def cpu() -> float:  # this process and its finished children (the notebook kernels, a PDF process)
        return sum(r.ru_utime + r.ru_stime for r in map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)))

    log: list[str] = []
    t0, c0 = time.perf_counter(), cpu()
    status, pesan, summary = "berhasil", None, {}
    try:
        summary = run(params_file, echo=log.append, paralel=False)  # one core per task: the batch is the parallelism
    except LkjipError as exc:
        status, pesan = "gagal", str(exc)
    except Exception as exc:  # a bug in one OPD's run must not stop the batch; its message says it is a bug
        status = "gagal"
        pesan = (f"galat program {type(exc).__name__}: {exc} (kemungkinan bug lkjip)\n"
                 + "".join(traceback.format_exception(exc)[-3:]))
    kembalikan_memori()
    detik, cpu_detik = time.perf_counter() - t0, cpu() - c0
    diri = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    anak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"params": params_file, "status": status, "pesan": pesan,
            "peringatan": [x[len("PERINGATAN: "):] for x in log if x.startswith("PERINGATAN: ")],
            "runner_detik": detik, "cpu_detik": cpu_detik, "tahap": summary.get("tahap", []), "render_detik": summary.get("render_detik"),
            "host": socket.gethostname(), "pid": os.getpid(), "memori_mib": (diri + anak) / 1024}


# ------------------------------------------------------------------- the batch

def _klien(pekerja: int | None, scheduler: str | None, echo, tunggu_scheduler: float = 20.0):
    """A Dask client: on the given scheduler (tried for ``tunggu_scheduler`` seconds), or on a new local cluster."""
    import logging

    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout=f"{tunggu_scheduler}s")
        except (OSError, TimeoutError) as exc:
            raise BatchError(f"scheduler Dask {scheduler} tidak dapat dihubungi: {exc}") from None
        return client, None
    n = pekerja or os.cpu_count() or 1
    if n < 1:
        raise BatchError(f"--pekerja harus minimal 1, bukan {n}")
    try:
        import bokeh  # noqa: F401  (the dashboard needs it)
        dashboard = ":0"
    except ImportError:
        dashboard = None
    cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=dashboard,
                           silence_logs=logging.ERROR, host="127.0.0.1")
    return Client(cluster), cluster


def _hasil_mati(entri: Entri, exc: BaseException) -> dict:
    return {"params": str(entri.params), "status": "gagal", "runner_detik": None, "cpu_detik": None, "tahap": [], "peringatan": [],
            "pesan": (f"tugas Dask gagal ({type(exc).__name__}: {exc}); pekerja mungkin mati "
                      "(kehabisan memori atau dihentikan). Jalankan 'lkjip run' untuk OPD ini saja untuk melihat sebabnya."),
            "host": None, "pid": None, "memori_mib": None}


def jalankan(entri: list[Entri], pekerja: int | None = None, scheduler: str | None = None, echo=print,
             progress: bool = True, tunggu_scheduler: float = 20.0) -> tuple[list[dict], dict]:
    """Run every OPD-year as a Dask task; return one result per entry (in order) and cluster facts.

    The second value holds the scheduler address, the dashboard link (or None), the
    number of workers, the wall time, and per task the time Dask measured on the worker
    (``tugas_detik``, from the task stream), so the Dask overhead per OPD-year is
    ``tugas_detik − runner_detik``.
    """
    from distributed import as_completed, get_task_stream
    from tqdm import tqdm

    t0 = time.perf_counter()
    client, cluster = _klien(pekerja, scheduler, echo, tunggu_scheduler)
    try:
        sinfo = client.scheduler_info()
        link = client.dashboard_link if "dashboard" in sinfo.get("services", {}) else None
        n_workers = len(sinfo.get("workers", {}))
        echo(f"Dask: scheduler {client.scheduler.address}, {n_workers} pekerja"
             + (f"; dasbor: {link}" if link else "; dasbor tidak tersedia"))
        results: list[dict | None] = [None] * len(entri)
        with get_task_stream(client) as ts:
            futures = {}
            for i, e in enumerate(entri):
                key = f"lkjip-{i:04d}-{uuid.uuid4().hex[:8]}"
                futures[client.submit(jalankan_opd, str(e.params), key=key, pure=False, retries=0)] = i
            bar = tqdm(total=len(entri), desc="OPD-tahun", unit="OPD", disable=not progress, dynamic_ncols=True)
            for fut in as_completed(futures):
                i = futures[fut]
                try:
                    results[i] = fut.result()
                except Exception as exc:  # worker died or the task could not run: that OPD only
                    results[i] = _hasil_mati(entri[i], exc)
                r = results[i]
                bar.set_postfix_str(f"{'ok' if r['status'] == 'berhasil' else 'GAGAL'} {display(entri[i].params)}"[-60:])
                bar.update(1)
            bar.close()
        tugas: dict[str, float] = {}
        for rec in ts.data:
            k = rec.get("key")
            span = [s for s in rec.get("startstops", []) if s.get("action") == "compute"]
            if isinstance(k, str) and span:
                tugas[k] = tugas.get(k, 0.0) + sum(s["stop"] - s["start"] for s in span)
        for fut, i in futures.items():
            results[i]["tugas_detik"] = tugas.get(fut.key)
        info = {"scheduler": client.scheduler.address, "dasbor": link, "pekerja": n_workers,
                "lokal": cluster is not None}
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    info["detik"] = time.perf_counter() - t0
    return [r for r in results if r is not None], info


def jalankan_batch(daftar: str, pekerja: int | None = None, scheduler: str | None = None, keluar: str | None = None,
                   echo=print, tunggu_scheduler: float = 20.0) -> int:
    """The ``lkjip batch`` command: run the batch, write the rekap per year, print the summary.

    Returns
    -------
    int
        0 when every OPD-year succeeded, 1 when some failed.

    Raises
    ------
    BatchError
        Bad batch file, two entries writing the same output folder, unreachable scheduler.
    """
    from . import rekap_keluaran as RK
    from .params import load_params

    if pekerja is not None and pekerja < 1:
        raise BatchError(f"--pekerja harus minimal 1, bukan {pekerja}")
    if not tunggu_scheduler > 0:
        raise BatchError(f"--tunggu-scheduler harus lebih dari 0 detik, bukan {tunggu_scheduler}")
    entri, keluaran_daftar = baca_daftar(daftar)
    root = resolve(keluar) if keluar else (keluaran_daftar or ROOT / "reports")
    # Params are read here too: for the rekap (year, name) and to refuse two entries writing one folder.
    # A params file that does not load is that OPD's failure (the runner reports it the same way).
    params: list = []
    pemilik: dict[Path, str] = {}
    for e in entri:
        try:
            P = load_params(e.params)
        except LkjipError:
            params.append(None)
            continue
        params.append(P)
        for key in ("processed", "reports"):
            folder = resolve(getattr(P.paths, key))
            if folder in pemilik:
                raise BatchError(f"{e.asal}: paths.{key} {display(folder)} juga dipakai oleh {pemilik[folder]}; "
                                 "dua OPD-tahun dalam satu batch harus menulis ke folder berbeda")
            pemilik[folder] = f"{display(e.params)} (paths.{key})"
    tahun_semua = sorted({P.tahun for P in params if P is not None})
    rekap_dirs = {th: root / f"rekap-{th}" for th in tahun_semua}
    RK.periksa_folder_rekap(list(rekap_dirs.values()), list(pemilik))
    echo(f"Batch: {len(entri)} OPD-tahun dari {daftar}")
    hasil, info = jalankan(entri, pekerja, scheduler, echo, tunggu_scheduler=tunggu_scheduler)
    for e, r, P in zip(entri, hasil, params):
        r["label"] = display(e.params)
        r["tahun"] = P.tahun if P is not None else None
    rows = RK.baris_semua(list(zip(entri, hasil, params)), root)
    rekap_gagal, ditulis = [], []
    for th, folder in rekap_dirs.items():
        try:
            RK.tulis_rekap(folder, th, rows, hasil, info, echo)
            ditulis.append((th, folder))
        except Exception as exc:  # the OPD outputs are written; say why the rekap is not, keep the old one
            rekap_gagal.append(f"rekap {th} tidak ditulis ({display(folder)} lama tetap): "
                               f"{exc if isinstance(exc, LkjipError) else f'{type(exc).__name__}: {exc}'}")
    gagal = [r for r in hasil if r["status"] != "berhasil"]
    echo(f"Selesai dalam {fmt.durasi(info['detik'])}: {len(hasil) - len(gagal)} berhasil, {len(gagal)} gagal.")
    for th, folder in ditulis:
        echo(f"Rekap {th}: {display(folder)}/rekap-{th}.html (dan .pdf, .xlsx)")
    for r in gagal:
        echo(f"GAGAL {r['label']}:\n  " + "\n  ".join(str(r["pesan"]).splitlines()))
    for m in rekap_gagal:
        echo(f"GAGAL {m}")
    return 1 if gagal or rekap_gagal else 0
