"""Output folders of a run: lock, staging, consistent swap, and clean-up of dead runs.

* **Lock.** A run takes an exclusive, non-blocking ``flock`` on
  ``<parent>/.lkjip-kunci-<name>`` for each output folder (``data/processed/<tahun>``
  and ``reports/<tahun>``). A second run on the same folders stops with exit 2 and
  says which run holds the lock (pid, host, start time, params). The kernel releases
  the lock when the holder dies, so a killed run never blocks later runs. Runs on
  *different* output folders (another year, another OPD) do not block each other.
* **Staging.** Stages write into ``<parent>/.staging-<name>-<tahun>-<hex>``; before
  the folder is made, an owner file ``<staging>.pemilik.json`` records the pid, the
  process start time, the host and the run start. A later run on the same output
  folder removes staging folders whose owner is dead (same host, pid gone or reused)
  and started before it.
* **Swap.** Both folders are swapped under a journal
  ``<parent of processed>/.lkjip-tukar-<name>.json`` written before the first rename
  and removed after the last. A run killed between the two renames leaves the journal;
  the next run on those folders completes the swap first (roll forward), so
  ``data/processed/<tahun>`` and ``reports/<tahun>`` always come from the same run once
  a run has started. Old folders are removed only when they carry the marker
  :data:`lkjip.paths.PENANDA`; the marker is deleted last, so a partly deleted folder
  is still recognised.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import shutil
import socket
import uuid
from pathlib import Path

from .errors import LkjipError
from .paths import PENANDA, bertanda, display, tandai


class KeluaranSibuk(LkjipError):
    """Another run holds the lock of an output folder."""


def _mulai_proses(pid: int) -> int | None:
    """Start time of process ``pid`` in clock ticks since boot (Linux), or None."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    try:
        return int(stat.rsplit(")", 1)[1].split()[19])
    except (IndexError, ValueError):
        return None


def identitas(params: str = "") -> dict:
    """Who runs: pid, process start (ticks), host, wall-clock start (UTC) and params."""
    return {"pid": os.getpid(), "mulai_proses": _mulai_proses(os.getpid()), "host": socket.gethostname(),
            "mulai": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "params": params}


def hidup(rec: dict) -> bool:
    """Whether the run described by ``rec`` (from :func:`identitas`) may still be alive.

    A run on another host cannot be checked and counts as alive.
    """
    if rec.get("host") != socket.gethostname():
        return True
    pid = rec.get("pid")
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    start = rec.get("mulai_proses")
    now = _mulai_proses(pid)
    return start is None or now is None or start == now


# ----------------------------------------------------------------------- lock

def _jalur_kunci(final: Path) -> Path:
    return final.parent / f".lkjip-kunci-{final.name}"


@contextlib.contextmanager
def kunci(finals: list[Path], siapa: dict):
    """Hold the lock of every output folder in ``finals`` for the duration of the block.

    Parameters
    ----------
    finals : list of Path
        Output folders (resolved).
    siapa : dict
        The holder's identity (:func:`identitas`), written into the lock file.

    Raises
    ------
    KeluaranSibuk
        When another run (another process, or another thread of this one) holds a lock.
    """
    with contextlib.ExitStack() as stack:
        for final in sorted(set(finals)):
            path = _jalur_kunci(final)
            path.parent.mkdir(parents=True, exist_ok=True)
            fh = stack.enter_context(open(path, "a+", encoding="utf-8"))
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                fh.seek(0)
                try:
                    other = json.loads(fh.read() or "{}")
                except ValueError:
                    other = {}
                who = (f"pid {other.get('pid', '?')} di host {other.get('host', '?')}, mulai {other.get('mulai', '?')}, "
                       f"params {other.get('params', '?')}")
                raise KeluaranSibuk(
                    f"keluaran '{display(final)}' sedang dikerjakan run lain ({who}); tunggu sampai run itu selesai "
                    "lalu jalankan lagi (kunci terlepas sendiri bila run itu berhenti)") from None
            stack.callback(fcntl.flock, fh.fileno(), fcntl.LOCK_UN)
            fh.seek(0)
            fh.truncate()
            fh.write(json.dumps(siapa, ensure_ascii=False) + "\n")
            fh.flush()
        yield


# --------------------------------------------------------------- remove owned

def hapus_milik(folder: Path) -> bool:
    """Remove ``folder`` only if it carries the marker; the marker goes last.

    Returns
    -------
    bool
        True when the folder was removed (or did not exist), False when it was kept
        because it carries no marker.
    """
    folder = Path(folder)
    if not folder.exists():
        return True
    if folder.is_symlink() or not folder.is_dir() or not bertanda(folder):
        return False
    for child in folder.iterdir():
        if child.name == PENANDA:
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    (folder / PENANDA).unlink()
    folder.rmdir()
    return True


# ----------------------------------------------------------------- staging

def _pemilik(staging: Path) -> Path:
    return staging.with_name(staging.name + ".pemilik.json")


def buat_staging(final: Path, token: str, siapa: dict, salin: bool = False) -> Path:
    """Create the marked staging folder of ``final`` (its owner file first).

    Parameters
    ----------
    final : Path
        The output folder this staging folder will replace.
    token : str
        Run token (``<tahun>-<hex>``).
    siapa : dict
        Owner identity (:func:`identitas`).
    salin : bool
        Start from a copy of ``final`` when it exists.

    Returns
    -------
    Path
    """
    staging = final.parent / f".staging-{final.name}-{token}"
    final.parent.mkdir(parents=True, exist_ok=True)
    _pemilik(staging).write_text(json.dumps({**siapa, "final": str(final), "staging": str(staging)},
                                            ensure_ascii=False) + "\n", encoding="utf-8")
    if salin and final.is_dir():
        shutil.copytree(final, staging, symlinks=True)
    else:
        staging.mkdir()
    tandai(staging)
    return staging


def buang_staging(staging: Path) -> None:
    """Remove this run's own staging folder and its owner file."""
    if staging.exists():
        shutil.rmtree(staging)
    _pemilik(staging).unlink(missing_ok=True)


def bersihkan_basi(final: Path, sejak: float, echo=print) -> list[Path]:
    """Remove what dead runs left beside ``final``: staging folders and marked old folders.

    Call it while holding :func:`kunci` on ``final``.

    Parameters
    ----------
    final : Path
        The output folder.
    sejak : float
        This run's start (``time.time()``); only leftovers older than that are touched.
    echo : callable
        Progress printer.

    Returns
    -------
    list of Path
        Folders removed.
    """
    removed: list[Path] = []
    if not final.parent.is_dir():
        return removed
    for owner in sorted(final.parent.glob(".staging-*.pemilik.json")):
        try:
            rec = json.loads(owner.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(rec, dict) or rec.get("final") != str(final) or owner.stat().st_mtime >= sejak or hidup(rec):
            continue
        staging = Path(str(rec.get("staging", "")))
        if staging.parent != final.parent or not staging.name.startswith(f".staging-{final.name}-"):
            continue
        if staging.exists():
            shutil.rmtree(staging)
            removed.append(staging)
        owner.unlink(missing_ok=True)
    for old in sorted(final.parent.glob(f".lama-{final.name}-*")):
        if old.is_dir() and old.stat().st_mtime < sejak and bertanda(old) and hapus_milik(old):
            removed.append(old)
    for p in removed:
        echo(f"      sisa run yang terhenti dibersihkan: {display(p)}")
    return removed


# -------------------------------------------------------------------- swap

def _jurnal(processed: Path) -> Path:
    return processed.parent / f".lkjip-tukar-{processed.name}.json"


def _selesaikan(jurnal: Path, echo=print) -> None:
    """Finish the swap recorded in ``jurnal`` (idempotent), then remove marked old folders."""
    rec = json.loads(jurnal.read_text(encoding="utf-8"))
    pairs = [(Path(p["staging"]), Path(p["final"]), Path(p["lama"])) for p in rec["pasangan"]]
    for staging, final, old in pairs:
        if staging.exists():
            if final.exists():
                if old.exists():
                    raise LkjipError(f"pertukaran keluaran tidak dapat diselesaikan: {display(old)} sudah ada")
                os.replace(final, old)
            os.replace(staging, final)
        _pemilik(staging).unlink(missing_ok=True)
    jurnal.unlink()
    for _, final, old in pairs:
        if old.exists() and not hapus_milik(old):
            echo(f"CATATAN: folder lama {display(final)} tidak bertanda buatan lkjip, jadi tidak dihapus: "
                 f"disimpan sebagai {display(old)} (hapus sendiri bila tidak diperlukan)")


def tukar(pasangan: list[tuple[Path, Path]], echo=print) -> None:
    """Swap staging folders in for their output folders, all or nothing across a kill.

    Parameters
    ----------
    pasangan : list of (Path, Path)
        ``(staging, final)`` pairs; the journal lives beside the first ``final``.
    echo : callable
        Progress printer.
    """
    jurnal = _jurnal(pasangan[0][1])
    rec = {"pasangan": [{"staging": str(s), "final": str(f),
                         "lama": str(f.with_name(f".lama-{f.name}-{uuid.uuid4().hex[:8]}"))} for s, f in pasangan]}
    tmp = jurnal.with_name(jurnal.name + f".{uuid.uuid4().hex[:8]}.tmp")
    tmp.write_text(json.dumps(rec, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, jurnal)
    _selesaikan(jurnal, echo)


def pulihkan(processed: Path, echo=print) -> bool:
    """Complete a swap that a killed run left half done (call while holding the lock).

    Returns
    -------
    bool
        True when an unfinished swap was found and completed.
    """
    jurnal = _jurnal(processed)
    if not jurnal.is_file():
        return False
    echo(f"      menyelesaikan pertukaran keluaran yang terhenti ({display(jurnal)})")
    try:
        _selesaikan(jurnal, echo)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise LkjipError(f"{display(jurnal)}: pertukaran keluaran yang terhenti tidak dapat diselesaikan ({exc}); "
                         "periksa folder keluaran lalu hapus berkas itu") from None
    return True


def selesaikan_untuk_pembaca(processed: Path, reports: Path, params: str = "", echo=print) -> bool:
    """Before a command reads a run's outputs: complete a swap a killed run left half done.

    Readers (``lkjip reviu``, ``lkjip lab``) never see new processed data beside old
    reports: when the journal says the pair is unfinished, the swap is completed under
    the output lock first (a run in progress makes this raise :class:`KeluaranSibuk`).

    Returns
    -------
    bool
        True when an unfinished swap was completed.
    """
    if not sedang_tukar(processed):
        return False
    with kunci([processed, reports], identitas(params)):
        return pulihkan(processed, echo)


def sedang_tukar(processed: Path) -> bool:
    """Whether a swap of ``processed`` (and its reports) is unfinished: readers should wait or re-run."""
    return _jurnal(processed).is_file()
