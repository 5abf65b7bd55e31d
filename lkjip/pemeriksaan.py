"""The checks of a year: read and clean the raw data once (:func:`baca`), and review the processed data
(:func:`reviu_ulang`, ``lkjip reviu``).

:func:`baca` (defined in :mod:`lkjip.antara`) reads the raw folder (tables, narasi,
manifest), refuses a file whose sha256 differs from its manifest row, cleans the tables
and collects the warnings. The runner calls it in-process before any kernel starts, so
bad input fails fast with the located messages and nothing is written; its result is
the run's interim snapshot that the stage notebooks ``01_ingest`` and ``02_clean``
check and publish without parsing or cleaning again (see :mod:`lkjip.antara`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import reviu
from .antara import DataTahun, baca
from .errors import LkjipError
from .io import baca_masukan, read_tables, write_tables
from .params import Params, load_params
from .paths import display, resolve

__all__ = ["DataTahun", "HasilReviu", "baca", "kalimat_reviu", "reviu_ulang"]


@dataclass(frozen=True)
class HasilReviu:
    """What :func:`reviu_ulang` found and wrote."""

    params: Params
    processed: Path
    temuan: pd.DataFrame
    ringkasan: pd.DataFrame
    kalimat: str

    def jumlah(self, tingkat: str) -> int:
        """Number of findings of one level (``error``, ``peringatan``, ``info``, ``tidak_diperiksa``)."""
        return int((self.temuan["tingkat"] == tingkat).sum())


def reviu_ulang(params_file) -> HasilReviu:
    """Review the processed data of a finished run again (``lkjip reviu``) and rewrite ``reviu.csv``.

    Raises
    ------
    LkjipError
        When the processed data does not exist yet.
    """
    from . import folder_keluaran as FK
    from .paths import periksa_jalur_keluaran

    P = load_params(params_file)
    processed, reports = periksa_jalur_keluaran(P.paths.processed, P.paths.reports, P.paths.raw, resolve(params_file))
    FK.selesaikan_untuk_pembaca(processed, reports, display(resolve(params_file)))  # never new data beside old reports
    if not (processed / "skema.json").is_file():
        raise LkjipError(f"data olahan {display(processed)} belum ada: jalankan dulu 'lkjip run {params_file}'")
    t = baca_masukan(processed, "06_reviu")  # the tables the review stage reads
    temuan = reviu.reviu(t, P)
    ringkas = reviu.ringkasan(temuan)
    write_tables(processed, {"reviu": temuan, "reviu_ringkasan": ringkas})
    return HasilReviu(P, processed, temuan, ringkas, reviu.kalimat_cetakan(reviu.hitungan_cetakan(t.get("dilaporkan"), temuan)))


def kalimat_reviu(processed: Path) -> str | None:
    """The one-line review summary of a finished run (printed figures checked, errors), or None without a review."""
    processed = Path(processed)
    if not (processed / "reviu.csv").is_file():
        return None
    t = read_tables(processed, [n for n in ("dilaporkan", "reviu") if (processed / f"{n}.csv").is_file()])
    return reviu.kalimat_cetakan(reviu.hitungan_cetakan(t.get("dilaporkan"), t["reviu"]))
