"""Clean: turn raw text tables into typed, validated processed tables.

Every value is parsed by its column type (:mod:`lkjip.tables`), refusing what is
ambiguous for that column, and every problem is reported with file, line, column,
value and the expected form. Typed frames are then validated with pandera schemas
(ranges, allowed values, unique keys) and cross-table rules (ids that must exist,
years that must match the params). All functions are pure: frames in, new frames out.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pandas as pd
import pandera.pandas as pa

from .errors import DataError, ParamsError, Problem
from .io import ROW_COL
from .katalog import KATALOG
from .numbers import NumberFormatError, jumlah
from .numbers import parse_cell as _parse_cell
from .params import KARAKTER_KENDALI
from .tables import BESARAN, BESARAN_TYPES, PROCESSED_NAME, REFERENSI, SPEC_BY_NAME, SPECS, SUMBER_REALISASI, TINGKAT_RKT, TableSpec


def _tampil(value, width: int = 80) -> str:
    """A cell value for a message: a huge number in scientific notation, long text shortened."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
        return format(Decimal(value), ".6E")
    text = value if isinstance(value, str) else str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def parse_table(df: pd.DataFrame, spec: TableSpec, label: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Parse a raw text table by its column types.

    Parameters
    ----------
    df : DataFrame
        Raw text frame from :func:`lkjip.io.read_raw_csv` (with ``_baris``).
    spec : TableSpec
        The table's specification.
    label : str
        File name for messages.

    Returns
    -------
    (DataFrame, list of Problem)
        The typed frame (``target`` columns split into value and ``_satuan``;
        ``dilaporkan`` values into ``nilai_teks`` and ``nilai``; ``baris_sumber``
        holds each row's line in the raw file) and the problems found.
    """
    problems: list[Problem] = []
    out: dict[str, list] = {}
    lines = list(df[ROW_COL])
    for col, kind in spec.columns.items():
        values = list(df[col])
        if kind == "target":
            nums, units = [], []
        elif kind == "dilaporkan":
            nums, texts = [], []
        else:
            parsed = []
        for i, text in enumerate(values):
            line = lines[i]
            if text == "" and col not in spec.nullable:
                problems.append(Problem(label, "wajib diisi", baris=line, kolom=col, nilai=text))
            if isinstance(text, str) and (m := KARAKTER_KENDALI.search(text)):
                problems.append(Problem(label, f"teks memuat karakter kendali tak terlihat U+{ord(m.group()):04X}; "
                                               "hapus karakter itu", baris=line, kolom=col,
                                        nilai=_tampil(KARAKTER_KENDALI.sub("\uFFFD", text))))
                text = KARAKTER_KENDALI.sub("", text)
            try:
                if kind == "target":
                    n, u = _parse_cell(kind, text)
                    nums.append(n)
                    units.append(u)
                elif kind == "dilaporkan":
                    besaran = df["besaran"].iloc[i]
                    btype = BESARAN_TYPES.get(besaran)
                    texts.append(text if isinstance(text, str) else _tampil(text, width=10 ** 6))  # str() fails past 4,300 digits
                    if btype is None:
                        nums.append(None)
                        problems.append(Problem(label, "besaran tidak dikenal; pilihan: " + ", ".join(BESARAN)
                                                + " (lihat tabel besaran di README)",
                                                baris=line, kolom="besaran", nilai=besaran))
                    elif btype == "teks":
                        nums.append(None)
                    else:
                        v = _parse_cell(btype, text)
                        nums.append(Decimal(v) if isinstance(v, int) else v)
                else:
                    parsed.append(_parse_cell(kind, text))
            except NumberFormatError as exc:
                problems.append(Problem(label, f"diharapkan {exc.expected}", baris=line, kolom=col,
                                        nilai=_tampil(text)))
                if kind == "target":
                    nums.append(None)
                    units.append(None)
                elif kind == "dilaporkan":
                    nums.append(None)
                else:
                    parsed.append(None)
        if kind == "target":
            out[col] = nums
            out[f"{col}_satuan"] = units
        elif kind == "dilaporkan":
            out[f"{col}_teks"] = texts
            out[col] = nums
        else:
            out[col] = parsed
    out["baris_sumber"] = lines
    typed = pd.DataFrame(out, dtype=object)
    if spec.key:
        dup = typed.duplicated(list(spec.key), keep="first")
        for i in typed.index[dup]:
            key = ", ".join(f"{k}={typed.at[i, k]}" for k in spec.key)
            problems.append(Problem(label, f"baris ganda untuk kunci ({key})", baris=int(typed.at[i, "baris_sumber"])))
    return typed, problems


def _cek_nonnegatif() -> pa.Check:
    return pa.Check(lambda v: v >= 0, element_wise=True, ignore_na=True, error="tidak boleh negatif")


def _cek_pilihan(allowed: tuple[str, ...]) -> pa.Check:
    return pa.Check(lambda v: v in allowed, element_wise=True, ignore_na=True,
                    error=f"harus salah satu dari: {', '.join(map(str, allowed))}")


def _cek_rentang(col: str, bawah, atas, persen: bool) -> pa.Check:
    return pa.Check(lambda v: bawah < v <= atas, element_wise=True, ignore_na=True,
                    error=f"{col} harus di antara {bawah} dan {atas}{'%' if persen else ''}")


def skema_pandera(spec: TableSpec) -> pa.DataFrameSchema | None:
    """The pandera schema of a typed table, built from the value rules its spec declares.

    ``nonnegatif`` columns must be ≥ 0, ``pilihan`` columns one of their values,
    ``rentang`` columns within ``bawah < v ≤ atas`` (a range replaces the ≥ 0 rule);
    blank cells pass (a required blank is refused by :func:`parse_table`).

    Returns
    -------
    DataFrameSchema or None
        ``None`` when the spec declares no value rule.
    """
    kolom: dict[str, pa.Column] = {}
    for col, kind in spec.columns.items():
        if col in spec.rentang:
            cek = _cek_rentang(col, *spec.rentang[col], persen=kind == "persen")
        elif col in spec.nonnegatif:
            cek = _cek_nonnegatif()
        elif col in spec.pilihan:
            cek = _cek_pilihan(spec.pilihan[col])
        else:
            continue
        kolom[col] = pa.Column(object, cek, nullable=True)
    return pa.DataFrameSchema(kolom) if kolom else None


#: pandera schemas of the typed (processed) tables by processed name: the value rules of :data:`lkjip.tables.SPECS`.
SCHEMAS: dict[str, pa.DataFrameSchema] = {s.olahan: sk for s in SPECS if (sk := skema_pandera(s)) is not None}


def schema_problems(name: str, df: pd.DataFrame, label: str) -> list[Problem]:
    """Validate a typed table with its pandera schema; failures as located problems."""
    schema = SCHEMAS.get(name)
    if schema is None:
        return []
    try:
        schema.validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        problems = []
        for case in exc.failure_cases.itertuples():
            idx = case.index
            line = int(df.at[idx, "baris_sumber"]) if idx is not None and idx == idx else None
            problems.append(Problem(label, str(case.check), baris=line, kolom=case.column, nilai=str(case.failure_case)))
        return problems
    return []


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "")).strip().casefold()


def referensi_problems(t: dict[str, pd.DataFrame], labels: dict[str, str]) -> list[Problem]:
    """Every foreign key of :data:`lkjip.tables.REFERENSI`: a value that is not an id of its parent table.

    Parameters
    ----------
    t : dict
        Typed tables by processed name (a table that is absent is skipped).
    labels : dict
        Processed table name to file label for messages.

    Examples
    --------
    >>> t = {"sasaran": pd.DataFrame({"sasaran_id": ["S1"]}),
    ...      "program": pd.DataFrame({"program_id": ["P1"], "sasaran_id": ["S9"], "baris_sumber": [2]})}
    >>> [str(p) for p in referensi_problems(t, {"program": "program.csv"})]
    ["program.csv, baris 2, kolom 'sasaran_id': nilai 'S9' — sasaran_id 'S9' tidak dikenal"]
    """
    out: list[Problem] = []
    for ref in REFERENSI:
        anak, induk = t.get(PROCESSED_NAME[ref.tabel]), t.get(PROCESSED_NAME[ref.induk])
        if anak is None or induk is None:
            continue
        valid = set(induk[ref.kolom_induk])
        label = labels[PROCESSED_NAME[ref.tabel]]
        for row in anak.itertuples():
            v = getattr(row, ref.kolom)
            if v is not None and v not in valid:
                out.append(Problem(label, f"{ref.kolom_induk} '{v}' tidak dikenal", baris=row.baris_sumber,
                                   kolom=ref.kolom, nilai=v))
    return out


def cross_problems(t: dict[str, pd.DataFrame], tahun: int, labels: dict[str, str]) -> list[Problem]:
    """Rules that span tables: ids that must exist, parents, years, names vs ids.

    Parameters
    ----------
    t : dict
        Typed tables by processed name.
    tahun : int
        The report year from the params.
    labels : dict
        Processed table name to file label for messages.
    """
    p: list[Problem] = referensi_problems(t, labels)
    sas = set(t["sasaran"]["sasaran_id"])
    prog = set(t["program"]["program_id"])
    ind = set(t["indikator"]["indikator_id"])

    # names of indicators must be the master name or an alias registered for that table
    master_name = {r.indikator_id: _norm(r.indikator) for r in t["indikator"].itertuples()}
    for name, sumber in (("kinerja", "Tabel 3.1"), ("riwayat_kinerja", "Tabel 3.2"), ("target_renstra", "Tabel 3.3")):
        if name not in t:
            continue
        allowed_alias = {(_norm(r.alias), r.indikator_id) for r in t["indikator_alias"].itertuples() if r.sumber == sumber}
        for r in t[name].itertuples():
            if (r.indikator_id in ind and _norm(r.indikator) != master_name[r.indikator_id]
                    and (_norm(r.indikator), r.indikator_id) not in allowed_alias):
                p.append(Problem(labels[name], f"nama indikator tidak cocok dengan id {r.indikator_id}; bila ini nama lain "
                                               f"indikator yang sama, daftarkan di indikator_alias.csv (sumber '{sumber}')",
                                 baris=r.baris_sumber, kolom="indikator", nilai=r.indikator))

    # RKT tree
    rkt = t["rkt"]
    label = labels["rkt"]
    level = {lv: i for i, lv in enumerate(TINGKAT_RKT)}
    by_id = {r.node_id: r for r in rkt.itertuples()}
    has_child = set(rkt["parent_id"].dropna())
    for r in rkt.itertuples():
        if r.tingkat not in level:
            continue
        if r.tingkat == "sasaran":
            if r.parent_id is not None:
                p.append(Problem(label, "node sasaran tidak boleh punya induk", baris=r.baris_sumber, kolom="parent_id", nilai=r.parent_id))
            if r.node_id not in sas:
                p.append(Problem(label, "node sasaran harus memakai sasaran_id dari sasaran.csv", baris=r.baris_sumber, kolom="node_id", nilai=r.node_id))
        else:
            parent = by_id.get(r.parent_id)
            if parent is None:
                p.append(Problem(label, "induk (parent_id) tidak ditemukan di tabel", baris=r.baris_sumber, kolom="parent_id", nilai=r.parent_id or ""))
            elif parent.tingkat in level and level[parent.tingkat] != level[r.tingkat] - 1:
                p.append(Problem(label, f"{r.tingkat} harus berinduk {TINGKAT_RKT[level[r.tingkat] - 1]}, bukan {parent.tingkat}",
                                 baris=r.baris_sumber, kolom="parent_id", nilai=r.parent_id))
        if r.tingkat == "program" and r.node_id not in prog:
            p.append(Problem(label, "node program harus memakai program_id dari program.csv", baris=r.baris_sumber, kolom="node_id", nilai=r.node_id))
        if r.tingkat == "sub_kegiatan":
            if r.anggaran_perubahan is None:
                p.append(Problem(label, "anggaran sub kegiatan wajib diisi", baris=r.baris_sumber, kolom="anggaran_perubahan", nilai=""))
        else:
            for col in ("anggaran_awal", "anggaran_perubahan"):
                if getattr(r, col) is not None:
                    p.append(Problem(label, "anggaran hanya diisi pada sub kegiatan; jumlah induk dihitung dari anak-anaknya "
                                            "(angka yang dicetak dokumen dicatat di dilaporkan.csv)",
                                     baris=r.baris_sumber, kolom=col, nilai=str(getattr(r, col))))
            if r.node_id not in has_child:
                p.append(Problem(label, f"{r.tingkat} tanpa sub kegiatan di bawahnya", baris=r.baris_sumber, kolom="node_id", nilai=r.node_id))

    # years must fit the params year
    def _years(name, col, allowed, what):
        if name in t:
            for r in t[name].itertuples():
                v = getattr(r, col)
                if v is not None and v not in allowed:
                    p.append(Problem(labels[name], f"tahun tidak sesuai params (tahun {tahun}): {what}",
                                     baris=r.baris_sumber, kolom=col, nilai=str(v)))
    _years("koperasi", "tahun", {tahun - 1, tahun}, f"diharapkan {tahun - 1} atau {tahun}")
    _years("aset", "tahun", {tahun - 1, tahun}, f"diharapkan {tahun - 1} atau {tahun}")
    _years("pegawai_komposisi", "tahun", {tahun}, f"diharapkan {tahun}")
    if "riwayat_kinerja" in t:
        _years("riwayat_kinerja", "tahun", set(range(tahun - 10, tahun)), f"riwayat harus sebelum {tahun}")
    if "pegawai_riwayat" in t:
        _years("pegawai_riwayat", "tahun", set(range(tahun - 10, tahun)), f"riwayat harus sebelum {tahun}")

    p += entitas_problems(t, labels.get("dilaporkan", "dilaporkan.csv"))
    p += sumber_realisasi_problems(t["indikator"], labels["indikator"])
    p += catatan_problems(t, labels.get("dokumen", "dokumen.csv"))

    akip = t["evaluasi_akip"]
    if len(akip) and all(v is not None for v in akip["bobot"]) and sum(akip["bobot"]) != 100:
        p.append(Problem(labels["evaluasi_akip"], f"jumlah bobot komponen {sum(akip['bobot'])}%, harus 100%", kolom="bobot"))
    return p


def entitas_valid(t: dict[str, pd.DataFrame]) -> dict[str, set[str]]:
    """The ``entitas`` each kind of :data:`lkjip.tables.ENTITAS` allows, from the typed tables."""
    def col(name, c):
        return {str(v) for v in t[name][c] if v is not None} if name in t else set()

    return {"indikator": col("indikator", "indikator_id"), "sasaran": col("sasaran", "sasaran_id"),
            "program": col("program", "program_id"), "rkt": col("rkt", "node_id"),
            "komponen": col("evaluasi_akip", "komponen_id"), "bidang": col("usaha_mikro", "bidang_id"),
            "jenis_koperasi": col("koperasi", "jenis"),
            "baris": {f"baris:{v}" for v in col("pegawai", "baris")}, "TOTAL": {"TOTAL"}}


_TAHUN_ENTITAS = re.compile(r"^(.*)@([0-9]{4})$")


def _tanpa_tahun(entitas: str) -> str:
    """An ``entitas`` without its ``@<tahun>`` suffix.

    Examples
    --------
    >>> _tanpa_tahun("IKU1@2024"), _tanpa_tahun("IKU1")
    ('IKU1', 'IKU1')
    """
    m = _TAHUN_ENTITAS.match(entitas)
    return m.group(1) if m else entitas


def _contoh_pilihan(pilihan: set[str]) -> str:
    """The first 15 choices, sorted, with the count when there are more (for a message).

    Examples
    --------
    >>> _contoh_pilihan({"B", "A"})
    'A, B'
    """
    urut = sorted(pilihan)
    return ", ".join(urut[:15]) + (f", … ({len(urut)} pilihan)" if len(urut) > 15 else "")


def sumber_realisasi_problems(indikator: pd.DataFrame, label: str) -> list[Problem]:
    """``indikator.sumber_realisasi``: an instansi-wide source on one indicator only, the unit an average needs.

    Examples
    --------
    >>> ind = pd.DataFrame({"indikator_id": ["A", "B"], "satuan": ["nilai", "ton"], "baris_sumber": [2, 3],
    ...                     "sumber_realisasi": ["nilai_akip", "rata_rata_capaian_kegiatan"]})
    >>> [p.kolom for p in sumber_realisasi_problems(ind, "indikator.csv")]
    ['sumber_realisasi']
    """
    if "sumber_realisasi" not in indikator.columns:
        return []
    out: list[Problem] = []
    seen: dict[str, str] = {}
    for r in indikator.itertuples():
        sumber = SUMBER_REALISASI.get(r.sumber_realisasi)
        if sumber is None:
            continue
        if sumber.tunggal and r.sumber_realisasi in seen:  # one quantity, one value: one indicator per source
            out.append(Problem(label, f"sumber_realisasi '{r.sumber_realisasi}' sudah dipakai indikator "
                                      f"{seen[r.sumber_realisasi]}; satu besaran, satu nilai",
                               baris=r.baris_sumber, kolom="sumber_realisasi", nilai=r.sumber_realisasi))
        seen.setdefault(r.sumber_realisasi, r.indikator_id)
        if sumber.satuan is not None and r.satuan != sumber.satuan:
            out.append(Problem(label, f"indikator {r.indikator_id} bersatuan '{r.satuan}', padahal realisasinya "
                                      f"dinyatakan {r.sumber_realisasi} (bersatuan '{sumber.satuan}')",
                               baris=r.baris_sumber, kolom="sumber_realisasi", nilai=r.sumber_realisasi))
    return out


#: ``dokumen.unsur`` of a remark about the source document: ``catatan_reviu[:<entitas>]``.
CATATAN_REVIU = "catatan_reviu"


def catatan_problems(t: dict[str, pd.DataFrame], label: str) -> list[Problem]:
    """A remark (``dokumen.csv``, ``unsur = catatan_reviu:<entitas>``) about an ``entitas`` that does not exist.

    The remark may name any entitas a printed figure may name (an indicator,
    sasaran, program, RKT node, …, ``TOTAL``, with ``@<tahun>``), or none
    (``unsur = catatan_reviu``: a remark about the document as a whole).
    """
    dok = t.get("dokumen")
    if dok is None or not len(dok):
        return []
    valid = set().union(*entitas_valid(t).values())
    out = []
    for r in dok.itertuples():
        kind, _, ent = str(r.unsur).partition(":")
        if kind != CATATAN_REVIU or not ent:
            continue
        if _tanpa_tahun(ent) not in valid:
            contoh = _contoh_pilihan(valid)
            out.append(Problem(label, f"catatan reviu tentang entitas '{ent}' yang tidak ada; pilihan: {contoh} "
                                      f"(atau unsur '{CATATAN_REVIU}' saja untuk catatan atas seluruh dokumen)",
                               baris=r.baris_sumber, kolom="unsur", nilai=r.unsur))
    return out


def entitas_problems(t: dict[str, pd.DataFrame], label: str) -> list[Problem]:
    """A printed figure whose ``entitas`` does not exist for its ``besaran``: one located problem listing the choices."""
    dil = t.get("dilaporkan")
    if dil is None or not len(dil):
        return []
    valid = entitas_valid(t)
    out = []
    for r in dil.itertuples():
        b = BESARAN.get(r.besaran)
        if b is None or r.entitas is None:
            continue
        allowed = set().union(*(valid[k] for k in b.entitas))
        if _tanpa_tahun(r.entitas) not in allowed:
            contoh = _contoh_pilihan(allowed)
            out.append(Problem(label, f"entitas '{r.entitas}' tidak ada untuk besaran {r.besaran} "
                                      f"(jenis entitas: {', '.join(b.entitas)}); pilihan: {contoh or 'tidak ada'}"
                                      " — akhiran @<tahun> boleh untuk nilai tahun lain",
                               baris=r.baris_sumber, kolom="entitas", nilai=r.entitas))
    return out


def clean_tables(raw: dict[str, pd.DataFrame], tahun: int, labels: dict[str, str]) -> dict[str, pd.DataFrame]:
    """Parse, validate and shape all raw tables of a year.

    Parameters
    ----------
    raw : dict
        Raw text frames by raw table name (from :func:`lkjip.ingest.read_raw_dir`).
    tahun : int
        Report year from the params.
    labels : dict
        Raw table name to file label for messages.

    Returns
    -------
    dict
        Typed frames by processed name (:attr:`lkjip.tables.TableSpec.olahan`).

    Raises
    ------
    DataError
        With every parse, schema and cross-table problem found.
    """
    problems: list[Problem] = []
    typed: dict[str, pd.DataFrame] = {}
    plabels: dict[str, str] = {}
    for name, df in raw.items():
        spec = SPEC_BY_NAME[name]
        pname = spec.olahan
        frame, probs = parse_table(df, spec, labels[name])
        problems += probs
        problems += schema_problems(pname, frame, labels[name])
        typed[pname] = frame
        plabels[pname] = labels[name]
    if problems:
        raise DataError(problems)
    for spec in SPECS:  # an optional table that is absent becomes an empty table with its columns
        pname = spec.olahan
        if pname not in typed:
            empty = pd.DataFrame({c: pd.Series([], dtype=object) for c in spec.columns} | {ROW_COL: []}, dtype=object)
            typed[pname], _ = parse_table(empty, spec, spec.filename)
            plabels[pname] = spec.filename
    problems = cross_problems(typed, tahun, plabels)
    if problems:
        raise DataError(problems)
    return shape(typed)


def shape(t: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Final shaping of typed tables into processed tables (new frames).

    Adds ``urutan`` (file order) and ``daun`` (leaf flag) to the RKT, and the
    ``indikator_id`` of RKT sasaran/program rows resolved through the master names
    and the ``Tabel 2.2`` aliases.
    """
    out = {k: v.copy() for k, v in t.items()}
    rkt = out["rkt"]
    children = set(rkt["parent_id"].dropna())
    rkt["daun"] = [nid not in children for nid in rkt["node_id"]]
    rkt["urutan"] = list(range(1, len(rkt) + 1))
    lookup = {_norm(r.indikator): r.indikator_id for r in out["indikator"].itertuples()}
    lookup.update({_norm(r.alias): r.indikator_id for r in out["indikator_alias"].itertuples() if r.sumber == "Tabel 2.2"})
    rkt["indikator_id"] = pd.Series([
        lookup.get(_norm(r.indikator)) if r.tingkat in ("sasaran", "program") else None for r in rkt.itertuples()
    ], index=rkt.index, dtype=object)
    urutan = list(KATALOG["rkt"].kolom)  # the column order declared in the catalog (any other column after)
    out["rkt"] = rkt[urutan + [c for c in rkt.columns if c not in urutan]]
    return out


def jumlah_kolom(df: pd.DataFrame, kolom: list[str], per: str | None = None, tabel: str | None = None) -> pd.DataFrame:
    """Σ of processed columns by the one sum rule (:func:`lkjip.numbers.jumlah`), with the blanks counted.

    A column holding a blank value has no total (``jumlah`` is ``None``: an incomplete
    sum is not a total); ``kosong`` says how many rows are blank.

    Parameters
    ----------
    df : DataFrame
        A processed table.
    kolom : list of str
        Columns to sum.
    per : str, optional
        Sum within each value of this column (sorted), e.g. ``"tahun"``.
    tabel : str, optional
        A name shown in a first column ``tabel`` (to stack the sums of several tables).

    Returns
    -------
    DataFrame
        ``[tabel,] [per,] kolom, baris, kosong, jumlah``: one row per group and column.

    Examples
    --------
    >>> kop = pd.DataFrame({"tahun": [2023, 2023, 2024], "jumlah": [None, 2, 5]}, dtype=object)
    >>> jumlah_kolom(kop, ["jumlah"], per="tahun")[["tahun", "baris", "kosong", "jumlah"]].values.tolist()
    [[2023, 2, 1, None], [2024, 1, 0, Decimal('5')]]
    """
    kelompok = [(None, df)] if per is None else [(k, df[df[per] == k]) for k in sorted(set(df[per]))]
    rows = []
    for k, part in kelompok:
        for col in kolom:
            values = list(part[col])
            rows.append(({"tabel": tabel} if tabel is not None else {}) | ({per: k} if per is not None else {})
                        | {"kolom": col, "baris": len(values), "kosong": sum(v is None for v in values),
                           "jumlah": jumlah(values)})
    cols = (["tabel"] if tabel is not None else []) + ([per] if per is not None else []) + ["kolom", "baris", "kosong",
                                                                                           "jumlah"]
    return pd.DataFrame(rows, columns=cols, dtype=object)


def _aktif(r, tahun: int) -> bool:
    """Whether a sasaran or indicator row is in force in ``tahun``."""
    return ((r.tahun_awal is None or r.tahun_awal <= tahun)
            and (r.tahun_akhir is None or r.tahun_akhir >= tahun))


def peringatan_kelengkapan(t: dict[str, pd.DataFrame], labels: dict[str, str], tahun: int) -> list[Problem]:
    """Rows that would silently drop out of the report: one warning each, naming the row.

    * an indicator in force in ``tahun`` with no row in Tabel 3.1 (``kinerja``): it
      would be missing from Tabel 3.1 and from the average capaian;
    * a sasaran in force in ``tahun`` with no indicator in force: it would be missing
      from every table of indicators.
    """
    out: list[Problem] = []
    ind, kin, sas = t.get("indikator"), t.get("kinerja"), t.get("sasaran")
    if ind is None or sas is None:
        return out
    aktif = [r for r in ind.itertuples() if _aktif(r, tahun)]
    if kin is not None:
        ada = set(kin["indikator_id"])
        for r in aktif:
            if r.indikator_id not in ada:
                out.append(Problem(labels.get("indikator", "indikator.csv"),
                                   f"indikator {r.indikator_id} berlaku tahun {tahun} tetapi tidak punya baris di "
                                   f"{labels.get('kinerja', 't3_1_kinerja.csv')}: tidak tampil di Tabel 3.1 dan tidak "
                                   "ikut rata-rata capaian (tambahkan barisnya, atau isi tahun_akhir bila sudah "
                                   "tidak dipakai)", baris=r.baris_sumber, kolom="indikator_id", nilai=r.indikator_id))
    punya = {r.sasaran_id for r in aktif}
    for r in sas.itertuples():
        if _aktif(r, tahun) and r.sasaran_id not in punya:
            out.append(Problem(labels.get("sasaran", "sasaran.csv"),
                               f"sasaran {r.sasaran_id} berlaku tahun {tahun} tetapi tidak punya indikator yang "
                               f"berlaku di {labels.get('indikator', 'indikator.csv')}: tidak tampil di tabel kinerja",
                               baris=r.baris_sumber, kolom="sasaran_id", nilai=r.sasaran_id))
    return out


def periksa_indikator_akip(t: dict[str, pd.DataFrame], labels: dict[str, str], indikator_akip: str | None,
                           tahun: int) -> tuple[list[Problem], list[Problem]]:
    """Check the params' ``indikator_akip`` against the data.

    Pure: :func:`wajib_indikator_akip` turns the errors into a :class:`ParamsError`.

    Returns
    -------
    (list of Problem, list of Problem)
        Errors (an id that is not in ``indikator``) and warnings (no realisasi for
        ``tahun − 1`` in the history, so last year's AKIP value is blank).
    """
    if indikator_akip is None:
        return [], []
    ind = t.get("indikator")
    ids = list(ind["indikator_id"]) if ind is not None else []
    if indikator_akip not in ids:
        return [Problem("params: indikator_akip", f"tidak ada di {labels.get('indikator', 'indikator.csv')} "
                                                  f"(id yang ada: {', '.join(ids[:12])}{' …' if len(ids) > 12 else ''}); "
                                                  "perbaiki params atau isi null", nilai=indikator_akip)], []
    if "sumber_realisasi" in ind.columns:  # one quantity, one declaration
        resmi = [r for r in ind.itertuples() if r.sumber_realisasi == "nilai_akip"]
        if resmi and resmi[0].indikator_id != indikator_akip:
            return [Problem("params: indikator_akip", f"{labels.get('indikator', 'indikator.csv')} menandai "
                                                      f"{resmi[0].indikator_id} sebagai nilai AKIP resmi "
                                                      "(sumber_realisasi = nilai_akip), params menyebut indikator lain; "
                                                      "samakan keduanya", nilai=indikator_akip)], []
    riw = t.get("riwayat_kinerja")
    rows = [] if riw is None else [r for r in riw.itertuples()
                                   if r.indikator_id == indikator_akip and r.tahun == tahun - 1]
    if not rows or rows[0].realisasi is None:
        return [], [Problem(labels.get("riwayat_kinerja", "t3_2_riwayat.csv"),
                            f"tidak ada realisasi {tahun - 1} untuk indikator_akip {indikator_akip}: nilai AKIP "
                            "tahun lalu di Tabel 1.3 dicetak 'data tidak tersedia'", kolom="realisasi",
                            baris=rows[0].baris_sumber if rows else None)]
    return [], []


def peringatan(t: dict[str, pd.DataFrame], labels: dict[str, str]) -> list[Problem]:
    """Suspicious but usable input: reported as warnings, the run continues.

    * a target of 0 or a blank target or realisasi (the capaian prints as *t.a.*);
    * a realisasi anggaran above its pagu;
    * a program of the RKT with no pagu in Tabel 3.5.
    """
    out: list[Problem] = []
    kin = t.get("kinerja")
    if kin is not None:
        for r in kin.itertuples():
            if r.target is not None and r.target == 0:
                out.append(Problem(labels.get("kinerja", "kinerja"), "target 0: capaian tidak dapat dihitung, dicetak t.a.",
                                   baris=r.baris_sumber, kolom="target", nilai="0"))
            for col in ("target", "realisasi"):
                if getattr(r, col) is None:
                    out.append(Problem(labels.get("kinerja", "kinerja"), f"{col} kosong: capaian dicetak t.a. "
                                       "(data tidak tersedia)", baris=r.baris_sumber, kolom=col, nilai=""))
    ang = t.get("anggaran")
    if ang is not None:
        for r in ang.itertuples():
            if r.realisasi is not None and r.pagu is not None and r.realisasi > r.pagu:
                out.append(Problem(labels.get("anggaran", "anggaran"), f"realisasi melebihi pagu ({r.pagu}); serapan "
                                   "di atas 100% ditandai di laporan", baris=r.baris_sumber, kolom="realisasi",
                                   nilai=str(r.realisasi)))
    return out


def wajib_indikator_akip(t: dict[str, pd.DataFrame], labels: dict[str, str], indikator_akip: str | None,
                         tahun: int) -> list[Problem]:
    """Refuse an ``indikator_akip`` of the params that is not in the data; return the warnings.

    Parameters
    ----------
    t : dict
        Processed tables.
    labels : dict
        Raw table name to file label (as :func:`lkjip.ingest.read_raw` gives).

    Raises
    ------
    ParamsError
        Naming the key, the value and the ids that exist.
    """
    return _wajib_indikator_akip(t, _label_olahan(labels), indikator_akip, tahun)


def _label_olahan(labels: dict[str, str]) -> dict[str, str]:
    """Raw table name to file label → processed table name to file label."""
    return {PROCESSED_NAME.get(k, k): v for k, v in labels.items()}


def _wajib_indikator_akip(t: dict[str, pd.DataFrame], plabels: dict[str, str], indikator_akip: str | None,
                          tahun: int) -> list[Problem]:
    """:func:`wajib_indikator_akip` with the labels keyed by processed table name."""
    errors, warnings = periksa_indikator_akip(t, plabels, indikator_akip, tahun)
    if errors:
        raise ParamsError("params tidak cocok dengan data mentah:\n" + "\n".join(f"  - {p}" for p in errors))
    return warnings


def peringatan_semua(t: dict[str, pd.DataFrame], labels: dict[str, str], indikator_akip: str | None,
                     tahun: int) -> list[Problem]:
    """Every warning of the raw data check, in the order printed: :func:`peringatan`,
    :func:`peringatan_kelengkapan`, then those of :func:`wajib_indikator_akip` (which
    raises for an ``indikator_akip`` that is not in the data).

    Parameters
    ----------
    t : dict
        Processed tables (:func:`clean_tables`).
    labels : dict
        Raw table name to file label.
    """
    plabels = _label_olahan(labels)
    akip = _wajib_indikator_akip(t, plabels, indikator_akip, tahun)
    return peringatan(t, plabels) + peringatan_kelengkapan(t, plabels, tahun) + akip
