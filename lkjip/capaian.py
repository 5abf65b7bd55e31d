"""Capaian kinerja: the performance measurements of Bab III (PermenPAN-RB 53/2014).

All arithmetic is exact (:class:`~decimal.Decimal`); nothing here rounds. A capaian
that cannot be computed (missing target or realisasi, target 0, realisasi 0 with the
inverse-ratio formula) is ``None`` with the reason in ``alasan`` — never 0 and never a
division error.

Formulas (``T`` target, ``R`` realisasi)
----------------------------------------
* positive polarity: ``R / T × 100``
* negative polarity, ``selisih_target`` (default): ``(2·T − R) / T × 100``
* negative polarity, ``rasio_terbalik``: ``T / R × 100``
* optional cap (``metode.batas_capaian``): values above it are set to it and flagged
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from .numbers import HUNDRED
from .params import Band

RUMUS = {
    "positif": "realisasi / target × 100",
    "selisih_target": "(2 × target − realisasi) / target × 100",
    "rasio_terbalik": "target / realisasi × 100",
}


@dataclass(frozen=True)
class Hasil:
    """A capaian value with the reason it is missing, and flags."""

    nilai: Decimal | None
    alasan: str | None = None
    catatan: str | None = None


def hitung(target: Decimal | None, realisasi: Decimal | None, polaritas: str = "positif",
           metode_negatif: str = "selisih_target", batas: Decimal | None = None) -> Hasil:
    """Compute one capaian.

    Parameters
    ----------
    target, realisasi : Decimal or None
        The indicator's target and realisasi.
    polaritas : {"positif", "negatif"}
        Positive: higher is better. Negative: lower is better.
    metode_negatif : {"selisih_target", "rasio_terbalik"}
        Formula for negative polarity.
    batas : Decimal, optional
        Cap on the result; ``None`` means no cap.

    Returns
    -------
    Hasil
        ``nilai`` is the exact capaian in percent, or ``None`` with ``alasan``.

    Examples
    --------
    >>> hitung(Decimal("8"), Decimal("10")).nilai
    Decimal('125.00')
    >>> hitung(Decimal("8"), Decimal("9"), "negatif").nilai
    Decimal('87.500')
    """
    if target is None:
        return Hasil(None, "target tidak tersedia")
    if realisasi is None:
        return Hasil(None, "realisasi tidak tersedia")
    if target == 0:
        return Hasil(None, "target 0: capaian tidak dapat dihitung")
    catatan = None
    if polaritas == "positif":
        value = realisasi / target * HUNDRED
    elif polaritas == "negatif" and metode_negatif == "selisih_target":
        value = (2 * target - realisasi) / target * HUNDRED
        if value < 0:
            catatan = "capaian negatif: realisasi lebih dari dua kali target"
    elif polaritas == "negatif" and metode_negatif == "rasio_terbalik":
        if realisasi == 0:
            return Hasil(None, "realisasi 0: rumus target / realisasi tidak dapat dihitung")
        value = target / realisasi * HUNDRED
    else:
        raise ValueError(f"polaritas/metode tidak dikenal: {polaritas}/{metode_negatif}")
    if batas is not None and value > batas:
        catatan = f"dibatasi pada {batas} (nilai hitung {value.normalize():f})"
        value = Decimal(batas)
    return Hasil(value, None, catatan)


def predikat(value: Decimal | None, bands: list[Band]) -> str | None:
    """Predicate of a value on a half-open scale (``bawah < value <= atas``).

    The lowest band also includes its own lower bound. Returns ``None`` for a
    missing value or one outside a bounded scale.

    Examples
    --------
    >>> from lkjip.params import Band
    >>> s = [Band(predikat="Baik", bawah=90, atas=None), Band(predikat="Cukup", bawah=None, atas=90)]
    >>> predikat(Decimal("90.00"), s), predikat(Decimal("90.01"), s)
    ('Cukup', 'Baik')
    """
    if value is None:
        return None
    lowest = min(bands, key=lambda b: b.bawah if b.bawah is not None else Decimal("-Infinity"))
    for b in bands:
        above = b.bawah is None or value > b.bawah or (b is lowest and value == b.bawah)
        below = b.atas is None or value <= b.atas
        if above and below:
            return b.predikat
    return None


def perhitungan(target, realisasi, polaritas: str, metode_negatif: str, capaian, desimal: int = 2) -> str:
    """The computation written out with the values, for evaluators.

    Examples
    --------
    >>> perhitungan(Decimal("8"), Decimal("10"), "positif", "selisih_target", Decimal("125"))
    '10 / 8 × 100 = 125,00%'
    """
    from . import fmt

    if capaian is None:
        return "tidak dapat dihitung"

    def a(v):
        return fmt.angka(v, desimal).rstrip("0").rstrip(",") if v != int(v) else fmt.angka(int(v), 0)

    if polaritas == "positif":
        expr = f"{a(realisasi)} / {a(target)} × 100"
    elif metode_negatif == "selisih_target":
        expr = f"(2 × {a(target)} − {a(realisasi)}) / {a(target)} × 100"
    else:
        expr = f"{a(target)} / {a(realisasi)} × 100"
    return f"{expr} = {fmt.persen(capaian, desimal)}"


def urutan_predikat(bands: list[Band]) -> list[str]:
    """Predicates of a scale from the highest band to the lowest."""
    return [b.predikat for b in sorted(bands, key=lambda b: b.bawah if b.bawah is not None else Decimal("-Infinity"),
                                       reverse=True)]


def capaian_indikator(kinerja: pd.DataFrame, indikator: pd.DataFrame, metode_negatif: str,
                      batas: Decimal | None, bands: list[Band]) -> pd.DataFrame:
    """Capaian and predicate of every indicator of the year.

    Parameters
    ----------
    kinerja : DataFrame
        ``indikator_id, target, realisasi`` (processed ``kinerja``).
    indikator : DataFrame
        Master list with ``tingkat, sasaran_id, program_id, satuan, polaritas, urutan``.
    metode_negatif, batas, bands
        From the params (``metode.polaritas_negatif``, ``metode.batas_capaian``,
        ``skala_predikat_capaian``).

    Returns
    -------
    DataFrame
        One row per indicator, in master order, with ``capaian`` (exact, percent),
        ``predikat``, ``alasan`` (why it is missing), ``catatan`` and ``rumus``.
    """
    master = indikator.set_index("indikator_id")
    rows = []
    for r in kinerja.itertuples():
        m = master.loc[r.indikator_id]
        h = hitung(r.target, r.realisasi, m["polaritas"], metode_negatif, batas)
        rows.append({
            "indikator_id": r.indikator_id,
            "indikator": m["indikator"],
            "tingkat": m["tingkat"],
            "sasaran_id": m["sasaran_id"],
            "program_id": m["program_id"],
            "satuan": m["satuan"],
            "polaritas": m["polaritas"],
            "target": r.target,
            "realisasi": r.realisasi,
            "capaian": h.nilai,
            "predikat": predikat(h.nilai, bands),
            "alasan": h.alasan,
            "catatan": h.catatan,
            "rumus": RUMUS["positif" if m["polaritas"] == "positif" else metode_negatif],
            "perhitungan": perhitungan(r.target, r.realisasi, m["polaritas"], metode_negatif, h.nilai),
            "urutan": m["urutan"],
        })
    out = pd.DataFrame(rows, dtype=object)
    return out.sort_values("urutan", kind="stable").reset_index(drop=True)


def _mean(values: list[Decimal]) -> Decimal | None:
    return sum(values) / len(values) if values else None


def capaian_sasaran(cap: pd.DataFrame, sasaran: pd.DataFrame, bands: list[Band]) -> pd.DataFrame:
    """Sasaran-level capaian: plain mean of the capaian of its sasaran-level indicators.

    Indicators whose capaian is missing are left out of the mean and counted in
    ``indikator_tanpa_capaian``; a sasaran with no computable indicator has ``None``.

    Returns
    -------
    DataFrame
        ``sasaran_id, sasaran, jumlah_indikator, indikator_tanpa_capaian, capaian,
        predikat, metode``.
    """
    rows = []
    names = sasaran.set_index("sasaran_id")
    for sid, grp in cap[cap["tingkat"] == "sasaran"].groupby("sasaran_id", sort=False):
        values = [v for v in grp["capaian"] if v is not None]
        mean = _mean(values)
        rows.append({
            "sasaran_id": sid,
            "sasaran": names.at[sid, "sasaran"],
            "jumlah_indikator": len(grp),
            "indikator_tanpa_capaian": len(grp) - len(values),
            "capaian": mean,
            "predikat": predikat(mean, bands),
            "metode": "rata-rata sederhana capaian indikator sasaran (" + ", ".join(grp["indikator_id"]) + ")"
                      + ("; tanpa capaian, tidak ikut dirata-rata: " + ", ".join(
                          i for i, v in zip(grp["indikator_id"], grp["capaian"]) if v is None)
                         if len(values) < len(grp) else ""),
            "urutan": names.at[sid, "urutan"],
        })
    out = pd.DataFrame(rows, dtype=object).sort_values("urutan", kind="stable").reset_index(drop=True)
    return out


def capaian_instansi(cap: pd.DataFrame, sas: pd.DataFrame, metode: str, bands: list[Band]) -> pd.DataFrame:
    """Instansi-level average capaian, with the method stated.

    Parameters
    ----------
    metode : {"rata_rata_sasaran", "rata_rata_indikator_sasaran"}
        Mean of the sasaran capaian, or mean of all sasaran-level indicators.
    """
    if metode == "rata_rata_sasaran":
        values = [v for v in sas["capaian"] if v is not None]
        uraian = f"rata-rata sederhana capaian {len(values)} sasaran strategis"
    elif metode == "rata_rata_indikator_sasaran":
        values = [v for v in cap.loc[cap["tingkat"] == "sasaran", "capaian"] if v is not None]
        uraian = f"rata-rata sederhana capaian {len(values)} indikator sasaran"
    else:
        raise ValueError(f"metode rata-rata tidak dikenal: {metode}")
    mean = _mean(values)
    return pd.DataFrame([{"capaian": mean, "predikat": predikat(mean, bands), "metode": uraian,
                          "jumlah_nilai": len(values)}], dtype=object)


def tabel_3_1(cap: pd.DataFrame, sasaran: pd.DataFrame, program: pd.DataFrame) -> pd.DataFrame:
    """Tabel 3.1: sasaran indicators each followed by the indicators of their programs."""
    sas_names = sasaran.set_index("sasaran_id")["sasaran"]
    prog = program.set_index("program_id")
    rows = []
    sas_order = sasaran.sort_values("urutan")["sasaran_id"]
    for sid in sas_order:
        for r in cap[(cap["tingkat"] == "sasaran") & (cap["sasaran_id"] == sid)].itertuples():
            rows.append({**r._asdict(), "baris": sas_names[sid], "jenis_baris": "sasaran"})
        progs = cap[(cap["tingkat"] == "program") & (cap["sasaran_id"] == sid)].copy()
        progs["_u"] = [prog.at[p, "urutan"] for p in progs["program_id"]]
        for r in progs.sort_values("_u", kind="stable").drop(columns="_u").itertuples():
            rows.append({**r._asdict(), "baris": prog.at[r.program_id, "program"], "jenis_baris": "program"})
    out = pd.DataFrame(rows, dtype=object).drop(columns=["Index"])
    return out[["jenis_baris", "baris", "indikator_id", "indikator", "satuan", "target", "realisasi", "capaian",
                "predikat", "alasan", "catatan", "rumus", "sasaran_id", "program_id"]]


def tabel_3_2(cap: pd.DataFrame, riwayat: pd.DataFrame, indikator: pd.DataFrame, tahun: int,
              metode_negatif: str, batas: Decimal | None, bands: list[Band]) -> pd.DataFrame:
    """Tabel 3.2: this year vs the previous years in the history data.

    Each indicator of this year gets one row per year. For a previous year the row
    shows the indicator measured *that* year: the same id, or the indicator it
    replaced (``menggantikan``), marked ``berubah`` — the two are not merged.

    Returns
    -------
    DataFrame
        ``indikator_id, tahun, indikator_tahun_id, indikator_tahun, berubah, target,
        realisasi, capaian, predikat, alasan``.
    """
    master = indikator.set_index("indikator_id")
    hist = {(r.indikator_id, r.tahun): r for r in riwayat.itertuples()}
    years = sorted({r.tahun for r in riwayat.itertuples() if r.tahun < tahun})
    rows = []
    for c in cap.itertuples():
        chain = [c.indikator_id]
        prev = master.at[c.indikator_id, "menggantikan"]
        while prev is not None and prev in master.index and prev not in chain:
            chain.append(prev)
            prev = master.at[prev, "menggantikan"]
        for y in years:
            found = next((hist[(i, y)] for i in chain if (i, y) in hist), None)
            if found is None:
                rows.append({"indikator_id": c.indikator_id, "tahun": y, "indikator_tahun_id": None,
                             "indikator_tahun": None, "berubah": False, "target": None, "realisasi": None,
                             "capaian": None, "predikat": None, "alasan": "tidak ada data tahun ini"})
                continue
            m = master.loc[found.indikator_id]
            h = hitung(found.target, found.realisasi, m["polaritas"], metode_negatif, batas)
            rows.append({"indikator_id": c.indikator_id, "tahun": y, "indikator_tahun_id": found.indikator_id,
                         "indikator_tahun": m["indikator"], "berubah": found.indikator_id != c.indikator_id,
                         "target": found.target, "realisasi": found.realisasi, "capaian": h.nilai,
                         "predikat": predikat(h.nilai, bands), "alasan": h.alasan})
        rows.append({"indikator_id": c.indikator_id, "tahun": tahun, "indikator_tahun_id": c.indikator_id,
                     "indikator_tahun": c.indikator, "berubah": False, "target": c.target,
                     "realisasi": c.realisasi, "capaian": c.capaian, "predikat": c.predikat, "alasan": c.alasan})
    return pd.DataFrame(rows, dtype=object)


def capaian_tahunan_sasaran(t32: pd.DataFrame, cap: pd.DataFrame) -> pd.DataFrame:
    """Capaian per year of each sasaran-level indicator chain, for the trend chart."""
    ids = list(cap.loc[cap["tingkat"] == "sasaran", "indikator_id"])
    sub = t32[t32["indikator_id"].isin(ids)]
    return sub[["indikator_id", "tahun", "indikator_tahun_id", "berubah", "capaian"]].reset_index(drop=True)


def tabel_3_3(cap: pd.DataFrame, target_renstra: pd.DataFrame, riwayat: pd.DataFrame, tahun: int,
              tahun_akhir: int, metode_negatif: str) -> pd.DataFrame:
    """Tabel 3.3: progress toward the Renstra end target, and what it still takes.

    Columns
    -------
    tingkat_kemajuan
        realisasi / target akhir × 100 (the capaian formula of the indicator's
        polarity, applied to the end target).
    sisa_tahun
        Renstra years after this one.
    perubahan_per_tahun_diperlukan
        (target akhir − realisasi) / sisa_tahun: the average yearly change still
        needed; ``None`` in the last Renstra year.
    tren_per_tahun
        Average yearly change of the same indicator over the history (same id only:
        a changed indicator measures something else).
    proyeksi_akhir, status_tren
        realisasi + tren × sisa_tahun, and whether that reaches the end target.
    """
    sisa = tahun_akhir - tahun
    ends = target_renstra.set_index("indikator_id")
    rows = []
    for c in cap.itertuples():
        end = ends["target_akhir"].get(c.indikator_id) if c.indikator_id in ends.index else None
        h = hitung(end, c.realisasi, c.polaritas, metode_negatif, None)
        need = None
        if end is not None and c.realisasi is not None and sisa > 0:
            need = (end - c.realisasi) / sisa
        hist = sorted((r.tahun, r.realisasi) for r in riwayat.itertuples()
                      if r.indikator_id == c.indikator_id and r.realisasi is not None and r.tahun < tahun)
        trend = proj = None
        if hist and c.realisasi is not None:
            y0, r0 = hist[0]
            trend = (c.realisasi - r0) / (tahun - y0)
            proj = c.realisasi + trend * sisa
        better = (lambda a, b: a >= b) if c.polaritas == "positif" else (lambda a, b: a <= b)
        if end is None or c.realisasi is None:
            status = "tidak dapat dinilai: target akhir atau realisasi tidak tersedia"
        elif better(c.realisasi, end):
            status = "target akhir sudah tercapai"
        elif sisa <= 0:
            status = "tahun terakhir Renstra: target akhir tidak tercapai"
        elif trend is None:
            status = "tidak dapat dinilai: tidak ada riwayat indikator yang sama"
        elif better(proj, end):
            status = "tren saat ini mencapai target akhir"
        else:
            status = "tren saat ini belum mencapai target akhir"
        rows.append({"indikator_id": c.indikator_id, "indikator": c.indikator, "tingkat": c.tingkat,
                     "satuan": c.satuan, "target_akhir": end, "realisasi": c.realisasi,
                     "tingkat_kemajuan": h.nilai, "alasan": h.alasan, "sisa_tahun": sisa,
                     "perubahan_per_tahun_diperlukan": need, "tren_per_tahun": trend,
                     "tahun_awal_tren": hist[0][0] if hist else None, "proyeksi_akhir": proj,
                     "status_tren": status})
    return pd.DataFrame(rows, dtype=object)


def tabel_3_4(cap: pd.DataFrame, nasional: pd.DataFrame | None) -> pd.DataFrame:
    """Tabel 3.4: comparison with the national indicator, where one exists.

    The difference is computed only when both are percentages; otherwise the row
    says why not. Indicators without a national comparator say
    "tidak ada pembanding nasional". ``keterangan`` holds only what this computation
    says; a remark on the source document is recorded in ``dokumen.csv``
    (``unsur = catatan_reviu:<indikator_id>``) and shown in the Catatan Reviu (rule R07).
    """
    nat = nasional.set_index("indikator_id") if nasional is not None and len(nasional) else None
    rows = []
    for c in cap[cap["tingkat"] == "sasaran"].itertuples():
        if nat is None or c.indikator_id not in nat.index:
            rows.append({"indikator_id": c.indikator_id, "indikator": c.indikator, "realisasi": c.realisasi,
                         "satuan": c.satuan, "indikator_nasional": None, "realisasi_nasional": None,
                         "satuan_nasional": None, "selisih": None, "keterangan": "tidak ada pembanding nasional"})
            continue
        n = nat.loc[c.indikator_id]
        same = n["satuan_nasional"] == c.satuan == "%"
        selisih = c.realisasi - n["realisasi_nasional"] if same and c.realisasi is not None and n["realisasi_nasional"] is not None else None
        note = "" if same else "satuan berbeda, selisih tidak dihitung"
        rows.append({"indikator_id": c.indikator_id, "indikator": c.indikator, "realisasi": c.realisasi,
                     "satuan": c.satuan, "indikator_nasional": n["indikator_nasional"],
                     "realisasi_nasional": n["realisasi_nasional"], "satuan_nasional": n["satuan_nasional"],
                     "selisih": selisih, "keterangan": note or None})
    return pd.DataFrame(rows, dtype=object)


def nilai_tahun_lalu(riwayat: pd.DataFrame, indikator_id: str | None, tahun: int) -> Decimal | None:
    """Realisasi of ``indikator_id`` in ``tahun − 1`` from the history, or ``None``."""
    rows = riwayat[(riwayat["indikator_id"] == indikator_id) & (riwayat["tahun"] == tahun - 1)]
    return rows["realisasi"].iloc[0] if len(rows) else None


def evaluasi_akip(komponen: pd.DataFrame, bands: list[Band], nilai_tahun_lalu: Decimal | None,
                  nilai_resmi: Decimal | None = None, sumber_resmi: str | None = None
                  ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Tabel 1.3: AKIP evaluation — score as % of weight per component, total, predicate.

    Parameters
    ----------
    komponen : DataFrame
        ``komponen_id, komponen, bobot, nilai`` (bobot in percent points).
    bands : list of Band
        AKIP predicate scale (PermenPAN-RB 88/2021).
    nilai_tahun_lalu : Decimal or None
        Last year's total score, for the change.
    nilai_resmi : Decimal, optional
        The official score issued by the evaluator (the realisasi of the indicator whose
        ``sumber_realisasi`` is ``nilai_akip``). When given it is *the* score, printed
        everywhere; the component sum is kept beside it for the reviu.
    sumber_resmi : str, optional
        Where the official score comes from, for the ``sumber_nilai`` column.

    Returns
    -------
    (DataFrame, DataFrame)
        Per component (``persen_bobot = nilai / bobot × 100`` and its predicate), and
        one total row: ``nilai`` (the official score, or Σ nilai without one),
        ``jumlah_komponen`` (Σ nilai), ``toleransi_komponen`` (Σ of half a unit of each
        component's last digit: how far the sum of rounded components may drift from
        the official score), ``sumber_nilai``, ``persen_bobot``, predicate, ``perubahan``.

    Examples
    --------
    >>> k = pd.DataFrame({"komponen_id": ["A", "B"], "komponen": ["a", "b"], "bobot": [Decimal(50)] * 2,
    ...                   "nilai": [Decimal("40.1"), Decimal("39.31")]})
    >>> tot = evaluasi_akip(k, [], None, Decimal("79.36"), "IKS04")[1].iloc[0]
    >>> tot["nilai"], tot["jumlah_komponen"], tot["toleransi_komponen"]
    (Decimal('79.36'), Decimal('79.41'), Decimal('0.055'))
    """
    rows = []
    for r in komponen.itertuples():
        pct = r.nilai / r.bobot * HUNDRED if r.bobot else None
        rows.append({"komponen_id": r.komponen_id, "komponen": r.komponen, "bobot": r.bobot, "nilai": r.nilai,
                     "persen_bobot": pct, "predikat": predikat(pct, bands) if bands else None})
    comp = pd.DataFrame(rows, columns=["komponen_id", "komponen", "bobot", "nilai", "persen_bobot", "predikat"],
                        dtype=object)
    jumlah = sum(comp["nilai"]) if len(comp) else None
    toleransi = (sum((Decimal(1).scaleb(-max(0, -v.as_tuple().exponent)) / 2 for v in comp["nilai"]), Decimal(0))
                 if len(comp) else None)
    total = nilai_resmi if nilai_resmi is not None else jumlah
    sumber = (f"nilai resmi evaluator, realisasi {sumber_resmi}" if nilai_resmi is not None
              else "jumlah nilai komponen")
    change = total - nilai_tahun_lalu if total is not None and nilai_tahun_lalu is not None else None
    bobot = sum(comp["bobot"]) if len(comp) else None
    tot = pd.DataFrame([{"komponen_id": "TOTAL", "komponen": "Jumlah", "bobot": bobot, "nilai": total,
                         "persen_bobot": total / bobot * HUNDRED if total is not None and bobot else None,
                         "predikat": predikat(total, bands) if bands else None, "nilai_tahun_lalu": nilai_tahun_lalu,
                         "perubahan": change, "jumlah_komponen": jumlah, "toleransi_komponen": toleransi,
                         "sumber_nilai": sumber}], dtype=object)
    return comp, tot


def nilai_resmi(indikator: pd.DataFrame, kinerja: pd.DataFrame, sumber: str) -> tuple[str | None, Decimal | None]:
    """The indicator whose ``sumber_realisasi`` is ``sumber`` and its realisasi this year (or ``(None, None)``).

    Examples
    --------
    >>> ind = pd.DataFrame({"indikator_id": ["A", "B"], "sumber_realisasi": [None, "nilai_akip"]})
    >>> kin = pd.DataFrame({"indikator_id": ["B"], "realisasi": [Decimal("79.36")]})
    >>> nilai_resmi(ind, kin, "nilai_akip")
    ('B', Decimal('79.36'))
    """
    if "sumber_realisasi" not in indikator.columns:
        return None, None
    ids = list(indikator.loc[indikator["sumber_realisasi"] == sumber, "indikator_id"])
    if not ids:
        return None, None
    rows = kinerja[kinerja["indikator_id"] == ids[0]]
    return ids[0], (rows["realisasi"].iloc[0] if len(rows) else None)


def rata_rata_tahun(t32: pd.DataFrame, indikator: pd.DataFrame, tahun: int, metode: str,
                    bands: list[Band]) -> pd.DataFrame:
    """Instansi average capaian of a past ``tahun`` from the history, by the same method as this year.

    The sasaran-level indicator chains of Tabel 3.2 (an indicator and the ones it
    replaced) give the capaian of each year; sasaran capaian is the mean of its
    indicators with a value, and the instansi average follows ``metode`` exactly as
    :func:`capaian_instansi` does. Sasaran without history are left out and counted.

    Returns
    -------
    DataFrame
        One row: ``tahun, capaian, predikat, metode, jumlah_nilai, tanpa_data``.

    Examples
    --------
    >>> ind = pd.DataFrame({"indikator_id": ["A", "B", "C"], "tingkat": ["sasaran"] * 3,
    ...                     "sasaran_id": ["S1", "S1", "S2"]}, dtype=object)
    >>> t32 = pd.DataFrame({"indikator_id": ["A", "B", "C"], "tahun": [2023] * 3,
    ...                     "capaian": [Decimal(100), Decimal(120), None]}, dtype=object)
    >>> r = rata_rata_tahun(t32, ind, 2023, "rata_rata_sasaran", []).iloc[0]
    >>> r["capaian"], r["jumlah_nilai"], r["tanpa_data"]
    (Decimal('110'), 1, 1)
    """
    sas_ind = indikator[indikator["tingkat"] == "sasaran"][["indikator_id", "sasaran_id"]]
    year = t32[t32["tahun"] == tahun].merge(sas_ind, on="indikator_id")
    per_sasaran: dict[str, list[Decimal]] = {}
    for r in year.itertuples():
        per_sasaran.setdefault(r.sasaran_id, [])
        if r.capaian is not None:
            per_sasaran[r.sasaran_id].append(r.capaian)
    if metode == "rata_rata_sasaran":
        values = [_mean(v) for v in per_sasaran.values() if v]
        tanpa = sum(1 for v in per_sasaran.values() if not v)
        uraian = f"rata-rata sederhana capaian {len(values)} sasaran strategis tahun {tahun}"
    elif metode == "rata_rata_indikator_sasaran":
        values = [c for c in year["capaian"] if c is not None]
        tanpa = len(year) - len(values)
        uraian = f"rata-rata sederhana capaian {len(values)} indikator sasaran tahun {tahun}"
    else:
        raise ValueError(f"metode rata-rata tidak dikenal: {metode}")
    mean = _mean(values)
    if tanpa:
        uraian += f" ({tanpa} tanpa data)"
    return pd.DataFrame([{"tahun": tahun, "capaian": mean, "predikat": predikat(mean, bands) if bands else None,
                          "metode": uraian,
                          "jumlah_nilai": len(values), "tanpa_data": tanpa}], dtype=object)
