"""Rekap of a batch: one row per OPD-year, from each OPD's processed tables (pure functions).

For Bappeda and the Inspektorat: rata-rata capaian and its predicate, indicators per
predicate, pagu, realisasi and serapan, efficiency, the AKIP score and predicate, the
reviu counts, and the run status. Every number is read from the OPD's own processed
tables (``data/processed/<tahun>/``), never recomputed differently:

=====================  ====================================================================
rekap column           processed table (column)
=====================  ====================================================================
rata_rata_capaian      ``capaian_instansi`` (``capaian``), predikat: (``predikat``)
indikator per predikat ``capaian_indikator`` (``predikat``; no capaian: "tidak dapat dihitung")
pagu, realisasi        ``ringkasan_anggaran`` (``pagu``, ``realisasi_anggaran``, ``serapan``)
efisiensi              :func:`lkjip.anggaran.efisiensi` of the two figures above, with the
                       OPD's own ``metode.efisiensi_anggaran``
nilai_akip             ``akip_total`` (``nilai``, ``predikat``); absent table: missing
reviu                  ``reviu`` (count of ``tingkat`` error / peringatan); *tidak diperiksa*:
                       printed figures of ``dilaporkan`` with no recomputed or input value
                       to compare with (:func:`lkjip.reviu.nilai_hitung`)
=====================  ====================================================================

Missing data stays missing (``None``), never 0.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from .anggaran import efisiensi
from .reviu import nilai_hitung

TIDAK_DAPAT_DIHITUNG = "tidak dapat dihitung"

KOLOM = ["opd", "tahun", "status", "pesan", "rata_rata_capaian", "predikat", "jumlah_indikator",
         "indikator_per_predikat", "pagu", "realisasi_anggaran", "serapan", "efisiensi", "status_efisiensi",
         "metode_efisiensi", "nilai_akip", "predikat_akip", "reviu_error", "reviu_peringatan",
         "reviu_tidak_diperiksa", "params", "laporan"]


def _satu(t: dict[str, pd.DataFrame], name: str, col: str):
    df = t.get(name)
    if df is None or not len(df) or col not in df.columns:
        return None
    v = df.iloc[0][col]
    return None if v is None or (isinstance(v, float) and v != v) else v


def predikat_indikator(cap: pd.DataFrame, urutan: list[str]) -> list[tuple[str, int]]:
    """Number of indicators per predicate, in scale order; indicators without capaian last.

    Parameters
    ----------
    cap : DataFrame
        ``capaian_indikator`` (column ``predikat``; None where capaian could not be computed).
    urutan : list of str
        Predicates of the OPD's scale, best first.

    Returns
    -------
    list of (str, int)
        Every predicate of the scale (0 when none), then predicates found that are not in
        the scale, then ``"tidak dapat dihitung"`` when some indicator has no predicate.
    """
    values = [p if isinstance(p, str) and p else None for p in cap["predikat"]]
    out = [(p, sum(1 for v in values if v == p)) for p in urutan]
    out += [(p, values.count(p)) for p in sorted({v for v in values if v is not None} - set(urutan))]
    kosong = values.count(None)
    if kosong:
        out.append((TIDAK_DAPAT_DIHITUNG, kosong))
    return out


def tidak_diperiksa(t: dict[str, pd.DataFrame], tahun: int) -> int:
    """Printed figures (``dilaporkan``) that the reviu could not compare with any computed or input value.

    A figure is compared when its ``(entitas, besaran)`` has a value in
    :func:`lkjip.reviu.nilai_hitung`; the others are only checked against each other.
    """
    dil = t.get("dilaporkan")
    if dil is None or not len(dil):
        return 0
    known = {(r.entitas, r.besaran) for r in nilai_hitung(t, tahun).itertuples()}
    return int(sum(1 for r in dil.itertuples() if (r.entitas, r.besaran) not in known))


def baris_opd(t: dict[str, pd.DataFrame], tahun: int, urutan_predikat: list[str], metode_efisiensi: str) -> dict:
    """The rekap figures of one OPD-year from its processed tables.

    Parameters
    ----------
    t : dict of DataFrame
        The OPD's processed tables (:func:`lkjip.io.read_tables`).
    tahun : int
        Report year.
    urutan_predikat : list of str
        The OPD's capaian predicates, best first (:func:`lkjip.capaian.urutan_predikat`).
    metode_efisiensi : str
        The OPD's ``metode.efisiensi_anggaran``.

    Returns
    -------
    dict
        The numeric columns of :data:`KOLOM` (missing data as None) and
        ``predikat_indikator`` (list of (predikat, jumlah)).
    """
    cap = _satu(t, "capaian_instansi", "capaian")
    serap = _satu(t, "ringkasan_anggaran", "serapan")
    eff, status_eff, _ = efisiensi(cap, serap, metode_efisiensi)
    per = predikat_indikator(t["capaian_indikator"], urutan_predikat) if "capaian_indikator" in t else []
    reviu = t.get("reviu")
    return {
        "rata_rata_capaian": cap, "predikat": _satu(t, "capaian_instansi", "predikat"),
        "jumlah_indikator": len(t["capaian_indikator"]) if "capaian_indikator" in t else None,
        "predikat_indikator": per,
        "indikator_per_predikat": "; ".join(f"{p} {n}" for p, n in per if n) or None,
        "pagu": _satu(t, "ringkasan_anggaran", "pagu"),
        "realisasi_anggaran": _satu(t, "ringkasan_anggaran", "realisasi_anggaran"),
        "serapan": serap, "efisiensi": eff, "status_efisiensi": status_eff, "metode_efisiensi": metode_efisiensi,
        "nilai_akip": _satu(t, "akip_total", "nilai"), "predikat_akip": _satu(t, "akip_total", "predikat"),
        "reviu_error": int((reviu["tingkat"] == "error").sum()) if reviu is not None else None,
        "reviu_peringatan": int((reviu["tingkat"] == "peringatan").sum()) if reviu is not None else None,
        "reviu_tidak_diperiksa": tidak_diperiksa(t, tahun) if reviu is not None else None,
    }


def baris_gagal() -> dict:
    """The figures of an OPD-year whose run failed: all missing (its old outputs are not shown as current)."""
    return {k: None for k in KOLOM if k not in ("opd", "tahun", "status", "pesan", "params", "laporan")} | {
        "predikat_indikator": []}


def tabel_rekap(baris: list[dict]) -> pd.DataFrame:
    """The rekap table: one row per OPD-year, columns :data:`KOLOM`, ordered by OPD name then year."""
    df = pd.DataFrame([{k: b.get(k) for k in KOLOM} for b in baris], columns=KOLOM, dtype=object)
    return df.sort_values(["opd", "tahun", "params"], kind="stable").reset_index(drop=True)


def tabel_predikat(baris: list[dict]) -> pd.DataFrame:
    """Indicators per predicate, long form: ``opd, tahun, predikat, jumlah`` (successful OPD-years only)."""
    rows = [{"opd": b["opd"], "tahun": b["tahun"], "predikat": p, "jumlah": n}
            for b in baris for p, n in b.get("predikat_indikator") or []]
    return pd.DataFrame(rows, columns=["opd", "tahun", "predikat", "jumlah"], dtype=object)


def distribusi_predikat(rekap: pd.DataFrame, per_indikator: pd.DataFrame, tahun: int) -> pd.DataFrame:
    """Predicate distribution of one year: OPDs per rata-rata predicate and indicators per predicate.

    Returns
    -------
    DataFrame
        ``predikat, jumlah_opd, jumlah_indikator``, predicates in order of first
        appearance in ``per_indikator`` (scale order), then the others.
    """
    r = rekap[(rekap["tahun"] == tahun) & (rekap["status"] == "berhasil")]
    i = per_indikator[per_indikator["tahun"] == tahun]
    order: list[str] = []
    for p in list(i["predikat"]) + [p for p in r["predikat"] if p is not None]:
        if p not in order:
            order.append(p)
    rows = [{"predikat": p, "jumlah_opd": int((r["predikat"] == p).sum()),
             "jumlah_indikator": int(sum(n for q, n in zip(i["predikat"], i["jumlah"]) if q == p))} for p in order]
    return pd.DataFrame(rows, columns=["predikat", "jumlah_opd", "jumlah_indikator"], dtype=object)


def tren(rekap: pd.DataFrame) -> pd.DataFrame:
    """Trend per OPD over the years of the batch: ``opd`` then ``capaian_<tahun>`` and ``serapan_<tahun>``.

    Only meaningful with several years; a failed OPD-year leaves its cells missing.
    """
    years = sorted({int(y) for y in rekap["tahun"] if y is not None})
    rows = []
    for opd in sorted({o for o in rekap["opd"] if o is not None}):
        row: dict = {"opd": opd}
        sub = rekap[rekap["opd"] == opd]
        for y in years:
            hit = sub[(sub["tahun"] == y) & (sub["status"] == "berhasil")]
            row[f"capaian_{y}"] = hit.iloc[0]["rata_rata_capaian"] if len(hit) else None
            row[f"serapan_{y}"] = hit.iloc[0]["serapan"] if len(hit) else None
        if len(years) >= 2:
            a, b = row[f"capaian_{years[-2]}"], row[f"capaian_{years[-1]}"]
            row["perubahan_capaian"] = b - a if isinstance(a, Decimal) and isinstance(b, Decimal) else None
        rows.append(row)
    cols = ["opd"] + [f"{k}_{y}" for y in years for k in ("capaian", "serapan")]
    if len(years) >= 2:
        cols.append("perubahan_capaian")
    return pd.DataFrame(rows, columns=cols, dtype=object)


def ringkasan(rekap: pd.DataFrame) -> dict:
    """Kabupaten-level counts: OPD-years, succeeded, failed, reviu errors; and the sums of pagu and realisasi."""
    ok = rekap[rekap["status"] == "berhasil"]
    pagu = [v for v in ok["pagu"] if v is not None]
    real = [v for v in ok["realisasi_anggaran"] if v is not None]
    return {"jumlah": len(rekap), "berhasil": len(ok), "gagal": int((rekap["status"] != "berhasil").sum()),
            "reviu_error": int(sum(v for v in ok["reviu_error"] if v is not None)),
            "pagu": sum(pagu, Decimal(0)) if pagu else None, "realisasi_anggaran": sum(real, Decimal(0)) if real else None}
