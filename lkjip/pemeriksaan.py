"""The raw data check of a run, in-process and before any kernel: read, manifest, clean.

Orchestration above :mod:`lkjip.ingest` and :mod:`lkjip.clean` (which no longer import
each other for it).
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from .clean import clean_tables, peringatan, peringatan_kelengkapan, wajib_indikator_akip
from .errors import DataError, Problem
from .ingest import check_inventory, inventory, parse_manifest, read_narasi, read_raw
from .io import read_bytes_checked
from .paths import display
from .tables import BATAS_UKURAN, PROCESSED_NAME


def periksa(raw_dir, tahun: int, label_root=None,
            indikator_akip: str | None = None) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """Read, check the manifest of, and clean a year's raw data in-process (no notebook).

    The runner calls it before any kernel starts, so bad input fails fast with the
    same located messages the notebooks would give, and nothing is written. Besides
    the tables it checks every entry of the folder (plain files only), the narasi
    files (readable, size, UTF-8) and their manifest rows, and the params'
    ``indikator_akip`` against the data.

    Returns
    -------
    (dict, list of Problem)
        The processed tables and the warnings (:func:`peringatan`).

    Raises
    ------
    DataError
        For every error in the raw data or the manifest.
    """
    raw_dir = Path(raw_dir)
    frames, labels, berkas = read_raw(raw_dir, label_root=label_root)
    read_narasi(raw_dir, label_root)
    readme = raw_dir / "README.md"
    readme_label = display(readme, label_root) if label_root else str(readme)
    if not os.path.lexists(readme):
        raise DataError([Problem(str(readme), "README.md dengan tabel manifest (berkas, sumber, isi, sha256) tidak ada")])
    data = read_bytes_checked(readme, readme_label, BATAS_UKURAN["README.md"])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError([Problem(readme_label, "berkas bukan teks UTF-8; simpan ulang sebagai UTF-8",
                                 baris=data[: exc.start].count(b"\n") + 1)]) from None
    inv = inventory(raw_dir, frames, parse_manifest(text), berkas=berkas)
    check_inventory(inv, readme_label)
    tables = clean_tables(frames, tahun, labels)
    plabels = {PROCESSED_NAME[k]: v for k, v in labels.items()}
    akip_warnings = wajib_indikator_akip(tables, labels, indikator_akip, tahun)
    return tables, peringatan(tables, plabels) + peringatan_kelengkapan(tables, plabels, tahun) + akip_warnings
