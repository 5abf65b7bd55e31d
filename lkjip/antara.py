"""Read and clean once: the pre-run check's result, kept as the run's interim snapshot.

:func:`baca` is the one place a year's raw data is parsed and cleaned in a run: it
reads the raw folder (tables, narasi, manifest), refuses a file whose sha256 differs
from its manifest row, cleans the tables and collects the warnings. The runner calls
it in-process before any kernel starts, so bad input fails with the located messages
(exit 2) and nothing is written.

Its result is then written, as it is, into the run's processed staging folder, under
:data:`FOLDER` (``data/processed/<tahun>/antara/``, the *interim* data): the tables
that ``01_ingest`` and ``02_clean`` publish (:func:`tabel_antara`). Those notebooks do
not parse the raw files or clean the tables again; they check the snapshot and show it:

- ``01_ingest`` hashes every raw file again and compares it with the inventory the
  check recorded and with the manifest (:func:`berkas_mentah`, :func:`cocokkan_sha`),
  then publishes the inventory and the verified cell snapshot (``mentah``);
- ``02_clean`` checks the cell snapshot (:func:`lkjip.ingest.dari_salinan`) and the
  fingerprint chain of the cleaned tables (:func:`periksa_bersih`: each table's sha256,
  and the sha256 of the cell snapshot they were cleaned from), shows the parse rules
  with an example of every number column as read and as cleaned (:func:`aturan_urai`,
  :func:`contoh_urai`) and the warnings, then publishes the cleaned tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import numbers
from .clean import clean_tables, peringatan_semua
from .errors import DataError, Problem
from .ingest import Mentah, baca_mentah, check_inventory, salinan, tanpa_narasi
from .io import frame_to_csv
from .katalog import FOLDER_ANTARA, tabel_tahap
from .tables import ROW_COL, SPEC_BY_NAME
from .tahap import sha256_bytes

#: Subfolder of the processed folder holding the pre-run check's result (declared in the catalog).
FOLDER = FOLDER_ANTARA

#: The parse rule of each raw column type, as shown to evaluators (the forms are those of :mod:`lkjip.numbers`).
ATURAN_JENIS: dict[str, str] = {
    "id": "kode tanpa spasi (huruf, angka, _ . @ : -), apa adanya",
    "teks": "teks apa adanya (karakter kendali tak terlihat ditolak)",
    "rupiah": numbers.RUPIAH_FORM + " → Rupiah persis (Decimal)",
    "persen": numbers.PERSEN_FORM + " → angka persen persis (Decimal)",
    "angka": numbers.ANGKA_FORM + " → Decimal persis",
    "bilangan": numbers.BILANGAN_FORM + " → bilangan bulat",
    "tahun": "tahun empat angka → bilangan bulat",
    "target": numbers.TARGET_FORM + " → nilai (Decimal) dan kolom <nama>_satuan",
    "dilaporkan": "angka cetakan menurut jenis besarannya → kolom <nama>_teks (apa adanya) dan nilai (Decimal)",
}


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
    tahun : int
        The report year the tables were cleaned for.
    """

    mentah: Mentah
    tabel: dict[str, pd.DataFrame]
    peringatan: list[Problem]
    tahun: int

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
    return DataTahun(mentah, tabel, peringatan_semua(tabel, mentah.label, indikator_akip, tahun), tahun)


def _sha(df: pd.DataFrame) -> str:
    """sha256 of a table as :func:`lkjip.io.write_tables` writes it (the bytes of its CSV file)."""
    return sha256_bytes(frame_to_csv(df).encode("utf-8"))


def tabel_peringatan(peringatan: list[Problem]) -> pd.DataFrame:
    """The warnings as a table (one row per warning, the fields of :class:`~lkjip.errors.Problem`).

    Examples
    --------
    >>> tabel_peringatan([Problem("a.csv", "target 0", baris=3, kolom="target", nilai="0")]).values.tolist()
    [['a.csv', 3, 'target', '0', 'target 0']]
    """
    return pd.DataFrame([(p.berkas, p.baris, p.kolom, p.nilai, p.pesan) for p in peringatan],
                        columns=["berkas", "baris", "kolom", "nilai", "pesan"], dtype=object)


def peringatan_dari(tabel: pd.DataFrame) -> list[Problem]:
    """The warnings back from :func:`tabel_peringatan` (as read from the snapshot)."""
    return [Problem(r.berkas, r.pesan, baris=None if pd.isna(r.baris) else int(r.baris),
                    kolom=None if pd.isna(r.kolom) else r.kolom, nilai=None if pd.isna(r.nilai) else r.nilai)
            for r in tabel.itertuples(index=False)]


def tabel_antara(data: DataTahun) -> dict[str, pd.DataFrame]:
    """The interim snapshot of a check's result: every table ``01_ingest`` and ``02_clean`` publish.

    ``inventaris_raw`` (the data files; the narasi files, checked here too, are
    published by the report stage: :func:`lkjip.ingest.narasi_terperiksa`), ``mentah`` and
    ``mentah_sidik`` (:func:`lkjip.ingest.salinan`),
    the cleaned tables, ``peringatan`` and ``bersih_sidik``: per cleaned table (and the
    warnings) its rows and the sha256 of its CSV, with the year it was cleaned for and
    the sha256 of the ``mentah_sidik`` CSV it was cleaned from (the chain
    :func:`periksa_bersih` checks).
    """
    awal = {"inventaris_raw": tanpa_narasi(data.inventaris), **salinan(data.mentah)}
    bersih = {**data.tabel, "peringatan": tabel_peringatan(data.peringatan)}
    dari = _sha(awal["mentah_sidik"])
    sidik = pd.DataFrame([(n, len(df), _sha(df), data.tahun, dari) for n, df in bersih.items()],
                         columns=["tabel", "baris", "sha256", "tahun", "sha256_mentah_sidik"], dtype=object)
    out = {**awal, **bersih, "bersih_sidik": sidik}
    harus = set(tabel_tahap("01_ingest")) | set(tabel_tahap("02_clean"))
    if set(out) != harus:  # a programming error: the snapshot holds exactly what the two stages publish
        raise ValueError(f"salinan antara tidak sesuai katalog: {sorted(set(out) ^ harus)}")
    return out


def berkas_mentah(inventaris: pd.DataFrame) -> list[str]:
    """The raw files of an inventory, once each (a workbook's sheets are rows ``data.xlsx [lembar]``).

    Examples
    --------
    >>> berkas_mentah(pd.DataFrame({"berkas": ["a.csv", "d.xlsx [x]", "d.xlsx [y]", "narasi/n.md"]}))
    ['a.csv', 'd.xlsx', 'narasi/n.md']
    """
    return list(dict.fromkeys(str(b).split(" [", 1)[0] for b in inventaris["berkas"]))


def cocokkan_sha(inventaris: pd.DataFrame, sha_kini: dict[str, str]) -> pd.DataFrame:
    """Each raw file's sha256 now against the one the check read and the manifest's.

    Parameters
    ----------
    inventaris : DataFrame
        The check's inventory (:func:`lkjip.ingest.inventory`).
    sha_kini : dict
        File (:func:`berkas_mentah`) → sha256 of its bytes now.

    Returns
    -------
    DataFrame
        ``berkas, sha256_diperiksa, sha256_kini, sha256_manifest, cocok`` per file, with
        ``cocok = sha256_kini == sha256_diperiksa == sha256_manifest``.

    Raises
    ------
    DataError
        Naming each file that changed since the check, or that does not match its manifest row.

    Examples
    --------
    >>> inv = pd.DataFrame({"berkas": ["a.csv"], "sha256": ["ab"], "sha256_manifest": ["ab"]})
    >>> cocokkan_sha(inv, {"a.csv": "ab"})["cocok"].tolist()
    [True]
    """
    rows, problems = [], []
    for f in berkas_mentah(inventaris):
        r = inventaris[inventaris["berkas"].map(lambda b, f=f: str(b).split(" [", 1)[0] == f)].iloc[0]
        kini = sha_kini.get(f)
        cocok = kini == r["sha256"] == r["sha256_manifest"]
        rows.append((f, r["sha256"], kini, r["sha256_manifest"], cocok))
        if kini != r["sha256"]:
            problems.append(Problem(f, f"berkas berubah sejak diperiksa di awal run (sha256 {str(kini)[:12]}… ≠ "
                                       f"{str(r['sha256'])[:12]}…); jalankan ulang pipeline"))
        elif not cocok:
            problems.append(Problem(f, "sha256 berkas tidak sama dengan manifest; jalankan 'lkjip manifest' bila "
                                       "perubahan disengaja"))
    if problems:
        raise DataError(problems)
    return pd.DataFrame(rows, columns=["berkas", "sha256_diperiksa", "sha256_kini", "sha256_manifest", "cocok"],
                        dtype=object)


def periksa_bersih(sidik: pd.DataFrame, sha_kini: dict[str, str], sha_mentah_sidik: str, tahun: int) -> pd.DataFrame:
    """Check the fingerprint chain of the cleaned tables of the snapshot.

    Parameters
    ----------
    sidik : DataFrame
        ``bersih_sidik`` of the snapshot (:func:`tabel_antara`).
    sha_kini : dict
        Table → sha256 of its CSV file in the snapshot now.
    sha_mentah_sidik : str
        sha256 of the ``mentah_sidik`` CSV the clean stage checked the cells with.
    tahun : int
        The params' year.

    Returns
    -------
    DataFrame
        ``sidik`` with ``sha256_kini`` and ``cocok`` (the table's sha256 now equals the
        recorded one, the chain names this cell snapshot and the year is the params').

    Raises
    ------
    DataError
        Naming each table whose file changed, and a snapshot cleaned from other cells or for another year.

    Examples
    --------
    >>> s = pd.DataFrame({"tabel": ["kinerja"], "baris": [2], "sha256": ["ab"], "tahun": [2024],
    ...                   "sha256_mentah_sidik": ["cd"]})
    >>> periksa_bersih(s, {"kinerja": "ab"}, "cd", 2024)["cocok"].tolist()
    [True]
    """
    problems = []
    out = sidik.copy()
    out["sha256_kini"] = [sha_kini.get(t) for t in out["tabel"]]
    out["cocok"] = [(k == s and m == sha_mentah_sidik and int(th) == tahun)
                    for k, s, m, th in zip(out["sha256_kini"], out["sha256"], out["sha256_mentah_sidik"], out["tahun"])]
    for r in out.itertuples(index=False):
        if r.sha256_kini != r.sha256:
            problems.append(Problem(f"{FOLDER}/{r.tabel}.csv", f"tabel bersih berubah sejak pemeriksaan awal run (sha256 "
                                                               f"{str(r.sha256_kini)[:12]}… ≠ {r.sha256[:12]}…); "
                                                               "jalankan ulang pipeline"))
    if set(out["sha256_mentah_sidik"]) != {sha_mentah_sidik}:
        problems.append(Problem(f"{FOLDER}/bersih_sidik.csv", "tabel bersih tidak dibersihkan dari salinan data mentah "
                                                              "ini (sha256 mentah_sidik berbeda); jalankan ulang pipeline"))
    if set(int(t) for t in out["tahun"]) != {tahun}:
        problems.append(Problem(f"{FOLDER}/bersih_sidik.csv", f"tabel bersih dibuat untuk tahun lain, bukan {tahun}; "
                                                              "jalankan ulang pipeline"))
    if problems:
        raise DataError(problems)
    return out


def tabel_terperiksa(bersih: dict[str, pd.DataFrame], sidik: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The cleaned tables whose fingerprint :func:`periksa_bersih` confirmed, in the chain's order.

    Parameters
    ----------
    bersih : dict
        Table name → cleaned frame, as read from the snapshot.
    sidik : DataFrame
        The result of :func:`periksa_bersih` (one row per table, ``cocok`` true).

    Returns
    -------
    dict
        A new dict of exactly the tables of the chain; ``bersih`` is left as it is.

    Raises
    ------
    DataError
        When a table of the chain is missing from ``bersih`` or was not confirmed, or
        ``bersih`` holds a table the chain does not name.

    Examples
    --------
    >>> s = pd.DataFrame({"tabel": ["kinerja"], "cocok": [True]})
    >>> list(tabel_terperiksa({"kinerja": pd.DataFrame({"a": [1]})}, s))
    ['kinerja']
    """
    problems = [Problem(f"{FOLDER}/{t}.csv", "tabel bersih tidak terperiksa oleh rantai sidik jari; jalankan ulang pipeline")
                for t, ok in zip(sidik["tabel"], sidik["cocok"]) if not ok or t not in bersih]
    problems += [Problem(f"{FOLDER}/{t}.csv", "tabel ini tidak ada di bersih_sidik; jalankan ulang pipeline")
                 for t in bersih if t not in set(sidik["tabel"])]
    if problems:
        raise DataError(problems)
    return {t: bersih[t] for t in sidik["tabel"]}


def aturan_urai() -> pd.DataFrame:
    """The parse rule of each raw column type and the columns it applies to (:data:`ATURAN_JENIS`)."""
    kolom: dict[str, list[str]] = {k: [] for k in ATURAN_JENIS}
    for spec in SPEC_BY_NAME.values():
        for col, kind in spec.columns.items():
            kolom[kind].append(f"{spec.olahan}.{col}")
    return pd.DataFrame([(k, aturan, len(kolom[k])) for k, aturan in ATURAN_JENIS.items()],
                        columns=["jenis", "aturan", "jumlah_kolom"], dtype=object)


def _kosong(v) -> bool:
    return v is None or (isinstance(v, float) and v != v) or (isinstance(v, str) and v.strip() in numbers.EMPTY)


def contoh_urai(mentah: dict[str, pd.DataFrame], bersih: dict[str, pd.DataFrame],
                jenis: tuple[str, ...] = ("rupiah", "persen", "angka", "bilangan", "target")) -> pd.DataFrame:
    """Per number column: a cell as read and the same cell cleaned, and the blank cells before and after.

    The rows are matched by their line in the raw file (``_baris`` of the raw frame,
    ``baris_sumber`` of the cleaned table); nothing is parsed here.

    Parameters
    ----------
    mentah : dict
        Raw table name → frame of the cells as read (:func:`lkjip.ingest.dari_salinan`).
    bersih : dict
        Processed table name → cleaned table.
    jenis : tuple of str
        Raw column types shown.

    Returns
    -------
    DataFrame
        ``tabel, kolom, jenis, baris, mentah, bersih, satuan, sel, kosong_mentah, kosong_bersih``:
        the first non-blank cell of the column (``baris`` its line), its cleaned value
        (and unit of a target), and the counts of cells and of blank cells (a blank
        cell stays blank: *data tidak tersedia*, never 0).
    """
    rows = []
    for name, df in mentah.items():
        spec = SPEC_BY_NAME[name]
        clean = bersih[spec.olahan].set_index("baris_sumber", drop=False)
        for col, kind in spec.columns.items():
            if kind not in jenis:
                continue
            kosong = [_kosong(v) for v in df[col]]
            contoh = next(((b, v) for b, v, k in zip(df[ROW_COL], df[col], kosong) if not k), (None, None))
            nilai = clean.at[contoh[0], col] if contoh[0] is not None else None
            satuan = clean.at[contoh[0], f"{col}_satuan"] if contoh[0] is not None and kind == "target" else None
            rows.append((spec.olahan, col, kind, contoh[0], contoh[1], nilai, satuan, len(df), sum(kosong),
                         int(clean[col].map(lambda v: v is None or v != v).sum())))
    return pd.DataFrame(rows, columns=["tabel", "kolom", "jenis", "baris", "mentah", "bersih", "satuan", "sel",
                                       "kosong_mentah", "kosong_bersih"], dtype=object)
