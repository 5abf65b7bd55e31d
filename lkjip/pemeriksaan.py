"""The checks of a year: read and clean the raw data once (:func:`baca`), and review the processed data
(:func:`reviu_ulang`, ``lkjip reviu``).

:func:`baca` reads the raw folder (tables, narasi, manifest), refuses a file whose
sha256 differs from its manifest row, cleans the tables and collects the warnings.
The runner calls it in-process before any kernel starts, so bad input fails fast with
the located messages and nothing is written. The stage notebooks run the same two
halves: ``01_ingest`` reads and verifies (:func:`lkjip.ingest.baca_mentah`,
:func:`lkjip.ingest.check_inventory`) and writes the verified snapshot of the cells
(:func:`lkjip.ingest.salinan`); ``02_clean`` reads that snapshot, checks its sha256
(:func:`lkjip.ingest.dari_salinan`) and cleans it (:func:`lkjip.clean.clean_tables`,
:func:`lkjip.clean.peringatan_semua`), so it never reads the raw files again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import reviu
from .clean import clean_tables, peringatan_semua
from .errors import LkjipError, Problem
from .ingest import Mentah, baca_mentah, check_inventory
from .io import baca_masukan, read_tables, write_tables
from .params import Params, load_params
from .paths import display, resolve


@dataclass(frozen=True)
class DataTahun:
    """A year's raw data read, verified and cleaned (:func:`baca`).

    Parameters
    ----------
    mentah : Mentah
        The cells as read, their labels and the inventory (sha256 vs manifest).
    tabel : dict
        Processed table name → typed, validated table.
    peringatan : list of Problem
        Suspicious but usable input (the run goes on).
    """

    mentah: Mentah
    tabel: dict[str, pd.DataFrame]
    peringatan: list[Problem]

    @property
    def inventaris(self) -> pd.DataFrame:
        """One row per raw file: table, rows, sha256 and whether it matches the manifest."""
        return self.mentah.inventaris


def baca(raw_dir, tahun: int, label_root: Path | None = None, indikator_akip: str | None = None) -> DataTahun:
    """Read, verify against the manifest, and clean a year's raw data, once.

    Besides the tables it checks every entry of the folder (plain files only), the
    narasi files (readable, size, UTF-8) and their manifest rows, and the params'
    ``indikator_akip`` against the data.

    Parameters
    ----------
    raw_dir : Path
        ``data/raw/<tahun>``.
    tahun : int
        The report year of the params.
    label_root : Path, optional
        Folder that file names in messages are shown relative to.
    indikator_akip : str, optional
        The params' ``indikator_akip``.

    Returns
    -------
    DataTahun
        Tables, inventory and warnings.

    Raises
    ------
    DataError
        For every error in the raw data or the manifest.
    ParamsError
        When ``indikator_akip`` is not an indicator of the data.
    """
    mentah = baca_mentah(Path(raw_dir), label_root)
    check_inventory(mentah.inventaris, mentah.readme)
    tabel = clean_tables(mentah.tabel, tahun, mentah.label)
    return DataTahun(mentah, tabel, peringatan_semua(tabel, mentah.label, indikator_akip, tahun))


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
