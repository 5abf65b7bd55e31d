"""Resources: staff (Tabel 3.7, 3.8), facilities (Tabel 3.9, 4.0, 4.1) and the Bab I context tables.

No regulation gives a formula for the efficiency of staff or facilities
(PermenPAN-RB 53/2014 asks only for an "analisis atas efisiensi penggunaan sumber
daya"). This module uses the ratio seen in practice and states it next to every result:

``sumbangan per unit``  = rata-rata capaian kinerja (%) / jumlah unit (pegawai or sarpras)
``perubahan``           = sumbangan tahun ini − sumbangan tahun lalu (poin persen)
``perubahan relatif``   = (sumbangan tahun ini / sumbangan tahun lalu − 1) × 100

A larger contribution per unit is read as more efficient. A count of 0 or a missing
count or average gives ``None`` (shown as *t.a.*, data tidak tersedia), never a division by zero.

Sign convention of Tabel 3.7 and 3.9: ``kekurangan = tersedia − kebutuhan``; a
negative value is a shortage, a positive value a surplus.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from .numbers import HUNDRED


DEFINISI_SUMBANGAN = "sumbangan per {satuan} = rata-rata capaian kinerja (%) / jumlah {satuan}"
DEFINISI_PERUBAHAN = ("perubahan = sumbangan tahun ini − sumbangan tahun lalu (poin); "
                      "perubahan relatif = (sumbangan tahun ini / sumbangan tahun lalu − 1) × 100")


def _frame(rows: list[dict], columns: list[str] | None = None) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns, dtype=object)


def bagi(pembilang: Decimal | int | None, penyebut: Decimal | int | None) -> Decimal | None:
    """``pembilang / penyebut`` as an exact Decimal, or ``None`` when either is missing or the divisor is 0.

    Examples
    --------
    >>> bagi(Decimal("120"), 40)
    Decimal('3')
    >>> bagi(5, 0) is None
    True
    """
    if pembilang is None or penyebut is None or penyebut == 0:
        return None
    return Decimal(pembilang) / Decimal(penyebut)


def jumlah_bilangan(values, kosong: int | None = None) -> int | None:
    """Sum of counts; ``None`` when any is missing, ``kosong`` when there is nothing to sum.

    Examples
    --------
    >>> jumlah_bilangan([2, 3]), jumlah_bilangan([2, None]), jumlah_bilangan([]), jumlah_bilangan([], kosong=0)
    (5, None, None, 0)
    """
    values = list(values)
    if not values:
        return kosong
    return None if any(v is None for v in values) else int(sum(values))


# --------------------------------------------------------------------- Tabel 3.7


def tabel_3_7(pegawai: pd.DataFrame) -> pd.DataFrame:
    """Tabel 3.7: bezetting vs kebutuhan ABK per jabatan, kekurangan and a computed total.

    Parameters
    ----------
    pegawai : DataFrame
        Processed ``pegawai`` (``baris, no, unit, jabatan, kelompok, bezetting,
        kebutuhan_abk``).

    Returns
    -------
    DataFrame
        The rows in source order with ``kekurangan = bezetting − kebutuhan_abk``
        (negative = shortage) and a last ``TOTAL`` row whose figures are the sums
        of the rows (missing when any row is missing).

    Examples
    --------
    >>> df = pd.DataFrame({"baris": [1, 2], "no": ["1", None], "unit": ["A", "A"],
    ...                    "jabatan": ["Kepala", "Staf"], "kelompok": ["struktural", "pelaksana"],
    ...                    "bezetting": [1, 0], "kebutuhan_abk": [1, 3]}, dtype=object)
    >>> list(tabel_3_7(df)["kekurangan"])
    [0, -3, -3]
    """
    rows = []
    for r in pegawai.itertuples():
        kurang = r.bezetting - r.kebutuhan_abk if r.bezetting is not None and r.kebutuhan_abk is not None else None
        rows.append({"baris": str(r.baris), "no": r.no, "unit": r.unit, "jabatan": r.jabatan, "kelompok": r.kelompok,
                     "bezetting": r.bezetting, "kebutuhan_abk": r.kebutuhan_abk, "kekurangan": kurang})

    total = {c: jumlah_bilangan((row[c] for row in rows), kosong=0)
             for c in ("bezetting", "kebutuhan_abk", "kekurangan")}
    rows.append({"baris": "TOTAL", "no": None, "unit": None, "jabatan": "TOTAL", "kelompok": None, **total})
    return _frame(rows)


def pegawai_per_unit(t37: pd.DataFrame) -> pd.DataFrame:
    """Bezetting, kebutuhan and kekurangan summed per unit organisasi (source order)."""
    body = t37[t37["baris"] != "TOTAL"]
    rows = []
    for unit, grp in body.groupby("unit", sort=False):
        vals = {c: jumlah_bilangan(grp[c]) for c in ("bezetting", "kebutuhan_abk", "kekurangan")}
        rows.append({"unit": unit, "jumlah_jabatan": len(grp), **vals})
    return _frame(rows, ["unit", "jumlah_jabatan", "bezetting", "kebutuhan_abk", "kekurangan"])


def komposisi_pegawai(komposisi: pd.DataFrame, tahun: int) -> pd.DataFrame:
    """Staff composition of ``tahun`` (PNS, P3K, kontrak, pendamping…) with shares and a computed total.

    Returns
    -------
    DataFrame
        ``jenis, jumlah, persen`` and a last ``Jumlah`` row; empty when the year has no rows.
    """
    sub = komposisi[komposisi["tahun"] == tahun]
    if sub.empty:
        return _frame([], ["jenis", "jumlah", "persen"])
    total = jumlah_bilangan(sub["jumlah"])
    rows = [{"jenis": r.jenis, "jumlah": r.jumlah,
             "persen": bagi(r.jumlah * HUNDRED, total) if r.jumlah is not None else None}
            for r in sub.itertuples()]
    rows.append({"jenis": "Jumlah", "jumlah": total, "persen": HUNDRED if total else None})
    return _frame(rows)


def jumlah_pegawai(komposisi: pd.DataFrame, riwayat: pd.DataFrame, tahun: int) -> tuple[int | None, str]:
    """Number of staff in ``tahun`` and where it comes from.

    The composition table (all staff: PNS, P3K, contract, pendamping) is used when it
    has the year and no missing part; otherwise the staff history.

    Examples
    --------
    >>> kom = pd.DataFrame({"tahun": [2024, 2024], "jenis": ["PNS", "P3K"], "jumlah": [5, 2]}, dtype=object)
    >>> riw = pd.DataFrame({"tahun": [2023], "jumlah_pegawai": [6], "sumber": ["Tabel X"]}, dtype=object)
    >>> jumlah_pegawai(kom, riw, 2024)
    (7, 'komposisi pegawai 2024 (PNS + P3K)')
    >>> jumlah_pegawai(kom, riw, 2023)
    (6, 'riwayat pegawai 2023 (Tabel X)')
    >>> jumlah_pegawai(kom, riw, 2022)
    (None, 'data tidak tersedia')
    """
    sub = komposisi[komposisi["tahun"] == tahun]
    if not sub.empty and all(v is not None for v in sub["jumlah"]):
        return int(sum(sub["jumlah"])), f"komposisi pegawai {tahun} (" + " + ".join(sub["jenis"]) + ")"
    hist = riwayat[(riwayat["tahun"] == tahun) & riwayat["jumlah_pegawai"].map(lambda v: v is not None)]
    if not hist.empty:
        r = hist.iloc[0]
        return int(r["jumlah_pegawai"]), f"riwayat pegawai {tahun} ({r['sumber']})"
    return None, "data tidak tersedia"


def sumber_jumlah_pegawai(t37: pd.DataFrame, kom: pd.DataFrame, riwayat: pd.DataFrame,
                          dilaporkan: pd.DataFrame, tahun: int) -> pd.DataFrame:
    """Every count of staff for the report year ``tahun``: computed ones and every one the document printed.

    ``t37`` is :func:`tabel_3_7` and ``kom`` is :func:`komposisi_pegawai` of the year.

    Returns
    -------
    DataFrame
        ``sumber, jumlah, jenis`` (``dihitung`` or ``dilaporkan``), ``keterangan``.
    """
    rows = []
    total37 = t37.loc[t37["baris"] == "TOTAL", "bezetting"]
    if len(total37):
        rows.append({"sumber": "Tabel 3.7 (Σ bezetting)", "jumlah": total37.iloc[0], "jenis": "dihitung",
                     "keterangan": "hanya jabatan dalam peta ABK (tanpa tenaga kontrak dan pendamping)"})
    if len(kom):
        rows.append({"sumber": "Komposisi pegawai (Σ jenis)", "jumlah": kom.iloc[-1]["jumlah"], "jenis": "dihitung",
                     "keterangan": ", ".join(f"{r.jenis} {r.jumlah}" for r in kom.iloc[:-1].itertuples())})
    for r in riwayat[riwayat["tahun"] == tahun].itertuples():
        rows.append({"sumber": r.sumber, "jumlah": r.jumlah_pegawai, "jenis": "data riwayat", "keterangan": None})
    rep = dilaporkan[(dilaporkan["besaran"] == "jumlah_pegawai") & (dilaporkan["entitas"] == "TOTAL")]
    for r in rep.itertuples():
        value = int(r.nilai) if r.nilai is not None and r.nilai == r.nilai.to_integral_value() else r.nilai
        rows.append({"sumber": r.lokasi, "jumlah": value, "jenis": "dilaporkan", "keterangan": r.catatan})
    return _frame(rows, ["sumber", "jumlah", "jenis", "keterangan"])


# --------------------------------------------------------- efficiency (3.8, 4.1)


def efisiensi_per_unit(tahun: int, jumlah_lalu: int | None, jumlah_ini: int | None,
                       rata_lalu: Decimal | None, rata_ini: Decimal | None, satuan: str) -> pd.DataFrame:
    """Contribution of the average capaian per unit of a resource, last year and this year.

    Parameters
    ----------
    tahun : int
        The report year; the other row is ``tahun − 1``.
    jumlah_lalu, jumlah_ini : int or None
        Number of units (staff, assets) in each year.
    rata_lalu, rata_ini : Decimal or None
        Average capaian (%) of each year.
    satuan : str
        Unit name for the definition text (``pegawai``, ``sarpras``).

    Returns
    -------
    DataFrame
        One row: ``jumlah_*``, ``rata_rata_capaian_*``, ``sumbangan_*`` for
        ``lalu``/``ini``, ``perubahan`` (points), ``perubahan_relatif`` (%),
        ``kesimpulan`` and ``definisi``. Any missing or zero input makes the
        dependent figures ``None`` with ``kesimpulan`` saying why.

    Examples
    --------
    >>> r = efisiensi_per_unit(2024, 10, 8, Decimal(100), Decimal(120), "pegawai").iloc[0]
    >>> [str(r[k]) for k in ("sumbangan_lalu", "sumbangan_ini", "perubahan")], r["perubahan_relatif"] == 50
    (['10', '15', '5'], True)
    >>> r["kesimpulan"]
    'lebih efisien'
    >>> efisiensi_per_unit(2024, 0, 8, Decimal(100), Decimal(120), "pegawai").iloc[0]["perubahan"] is None
    True
    """
    lalu, ini = bagi(rata_lalu, jumlah_lalu), bagi(rata_ini, jumlah_ini)
    delta = ini - lalu if lalu is not None and ini is not None else None
    rel = (ini / lalu - 1) * HUNDRED if delta is not None and lalu != 0 else None
    if delta is None:
        missing = [f"{n} {t}" for n, t, v in (
            (f"jumlah {satuan}", tahun - 1, jumlah_lalu), (f"jumlah {satuan}", tahun, jumlah_ini),
            ("rata-rata capaian", tahun - 1, rata_lalu), ("rata-rata capaian", tahun, rata_ini)) if not v]
        kesimpulan = "tidak dapat dihitung: " + ", ".join(missing) + " tidak tersedia atau nol"
    else:
        kesimpulan = "lebih efisien" if delta > 0 else ("tidak berubah" if delta == 0 else "kurang efisien")
    return _frame([{
        "tahun_lalu": tahun - 1, "tahun_ini": tahun,
        "jumlah_lalu": jumlah_lalu, "jumlah_ini": jumlah_ini,
        "rata_rata_capaian_lalu": rata_lalu, "rata_rata_capaian_ini": rata_ini,
        "sumbangan_lalu": lalu, "sumbangan_ini": ini, "perubahan": delta, "perubahan_relatif": rel,
        "kesimpulan": kesimpulan,
        "definisi": DEFINISI_SUMBANGAN.format(satuan=satuan) + "; " + DEFINISI_PERUBAHAN,
    }])


def rasio_pegawai(jumlah: int | None, realisasi_anggaran: Decimal | None, cap: pd.DataFrame) -> pd.DataFrame:
    """Descriptive ratios per staff member: budget realised and indicators achieved.

    Parameters
    ----------
    jumlah : int or None
        Number of staff this year.
    realisasi_anggaran : Decimal or None
        Total budget realised this year (from the budget stage).
    cap : DataFrame
        ``capaian_indikator`` of the capaian stage (an indicator is achieved when capaian ≥ 100).

    Returns
    -------
    DataFrame
        ``rasio, nilai, satuan, definisi`` rows.
    """
    known = [c for c in cap["capaian"] if c is not None]
    tercapai = sum(1 for c in known if c >= HUNDRED)
    return _frame([
        {"rasio": "realisasi_anggaran_per_pegawai", "nilai": bagi(realisasi_anggaran, jumlah), "satuan": "Rp",
         "definisi": "Σ realisasi anggaran / jumlah pegawai"},
        {"rasio": "indikator_tercapai", "nilai": Decimal(tercapai), "satuan": "indikator",
         "definisi": f"indikator dengan capaian ≥ 100% (dari {len(known)} yang dapat dihitung)"},
        {"rasio": "indikator_tercapai_per_pegawai", "nilai": bagi(tercapai, jumlah) if known else None,
         "satuan": "indikator per pegawai", "definisi": "indikator tercapai / jumlah pegawai"},
    ])


# --------------------------------------------------------------------- Tabel 3.9


def tabel_3_9(rkbmd: pd.DataFrame) -> pd.DataFrame:
    """Tabel 3.9 RKBMD with ``kekurangan = hasil_rekon + pengadaan − standar_kebutuhan`` and a total row.

    Examples
    --------
    >>> df = pd.DataFrame({"barang_id": ["B1"], "no": ["1"], "uraian": ["Meja"], "hasil_rekon": [2],
    ...                    "standar_kebutuhan": [5], "pengadaan": [1]}, dtype=object)
    >>> list(tabel_3_9(df)["kekurangan"])
    [-2, -2]
    """
    rows = []
    for r in rkbmd.itertuples():
        parts = (r.hasil_rekon, r.pengadaan, r.standar_kebutuhan)
        kurang = r.hasil_rekon + r.pengadaan - r.standar_kebutuhan if None not in parts else None
        rows.append({"barang_id": r.barang_id, "no": r.no, "uraian": r.uraian, "hasil_rekon": r.hasil_rekon,
                     "standar_kebutuhan": r.standar_kebutuhan, "pengadaan": r.pengadaan, "kekurangan": kurang})
    tot = {c: jumlah_bilangan(row[c] for row in rows)
           for c in ("hasil_rekon", "standar_kebutuhan", "pengadaan", "kekurangan")}
    rows.append({"barang_id": "TOTAL", "no": None, "uraian": "Jumlah", **tot})
    return _frame(rows)


# --------------------------------------------------------------------- Tabel 4.0


def _status(lalu: int | None, ini: int | None) -> str:
    if lalu is None or ini is None:
        return "data tidak tersedia"
    if lalu > 0 and ini == 0:
        return "dihapus"
    if lalu == 0 and ini > 0:
        return "baru"
    if ini > lalu:
        return "bertambah"
    if ini < lalu:
        return "berkurang"
    return "tetap"


def tabel_4_0(aset: pd.DataFrame, tahun: int) -> pd.DataFrame:
    """Tabel 4.0: jumlah and harga per barang at 31 December of ``tahun − 1`` and ``tahun``.

    A harga that is missing for a barang with jumlah 0 counts as 0 (there is nothing
    to value); a missing harga for a barang that exists stays missing and is counted
    in ``barang_tanpa_harga`` of the total row, whose ``harga`` is the sum of the
    prices that are known.

    Returns
    -------
    DataFrame
        ``barang_id, no, nama_barang, jumlah_lalu, harga_lalu, jumlah_ini, harga_ini,
        selisih_jumlah, selisih_harga, status, barang_tanpa_harga_lalu, barang_tanpa_harga_ini``
        and a last ``TOTAL`` row.
    """
    rows = []
    order = list(dict.fromkeys(aset["barang_id"]))
    for bid in order:
        grp = aset[aset["barang_id"] == bid]
        by_year = {r.tahun: r for r in grp.itertuples()}
        first = grp.iloc[0]
        row = {"barang_id": bid, "no": first["no"], "nama_barang": first["nama_barang"]}
        for key, year in (("lalu", tahun - 1), ("ini", tahun)):
            r = by_year.get(year)
            n = r.jumlah if r is not None else 0
            h = r.harga if r is not None else None
            if h is None and n == 0:
                h = Decimal(0)
            row[f"jumlah_{key}"] = n
            row[f"harga_{key}"] = h
            row[f"barang_tanpa_harga_{key}"] = 1 if h is None else 0
        row["selisih_jumlah"] = (row["jumlah_ini"] - row["jumlah_lalu"]
                                 if row["jumlah_ini"] is not None and row["jumlah_lalu"] is not None else None)
        row["selisih_harga"] = (row["harga_ini"] - row["harga_lalu"]
                                if row["harga_ini"] is not None and row["harga_lalu"] is not None else None)
        row["status"] = _status(row["jumlah_lalu"], row["jumlah_ini"])
        rows.append(row)
    total = {"barang_id": "TOTAL", "no": None, "nama_barang": "Jumlah", "status": None}
    for key, year in (("lalu", tahun - 1), ("ini", tahun)):
        counts = [r[f"jumlah_{key}"] for r in rows]
        has_year = bool((aset["tahun"] == year).any()) if len(aset) else False
        total[f"jumlah_{key}"] = jumlah_bilangan(counts) if has_year else None
        total[f"harga_{key}"] = (sum((r[f"harga_{key}"] for r in rows if r[f"harga_{key}"] is not None), Decimal(0))
                                 if has_year else None)
        total[f"barang_tanpa_harga_{key}"] = sum(r[f"barang_tanpa_harga_{key}"] for r in rows)
    total["selisih_jumlah"] = (total["jumlah_ini"] - total["jumlah_lalu"]
                               if total["jumlah_ini"] is not None and total["jumlah_lalu"] is not None else None)
    total["selisih_harga"] = (total["harga_ini"] - total["harga_lalu"]
                              if total["harga_ini"] is not None and total["harga_lalu"] is not None else None)
    rows.append(total)
    cols = ["barang_id", "no", "nama_barang", "jumlah_lalu", "harga_lalu", "jumlah_ini", "harga_ini",
            "selisih_jumlah", "selisih_harga", "status", "barang_tanpa_harga_lalu", "barang_tanpa_harga_ini"]
    return _frame(rows, cols)


def perubahan_aset(t40: pd.DataFrame) -> pd.DataFrame:
    """The barang whose count changed: dihapus, berkurang, baru, bertambah (in that order)."""
    order = {"dihapus": 0, "berkurang": 1, "baru": 2, "bertambah": 3}
    sub = t40[t40["status"].isin(order)].copy()
    sub["_k"] = sub["status"].map(order)
    sub = sub.sort_values("_k", kind="stable").drop(columns="_k")
    return sub[["barang_id", "nama_barang", "status", "jumlah_lalu", "jumlah_ini", "selisih_jumlah",
                "harga_lalu", "harga_ini"]].reset_index(drop=True)


def nilai_aset_teratas(t40: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The ``n`` barang of highest value (either year) and one ``Lainnya`` row for the rest, for a chart."""
    body = t40[t40["barang_id"] != "TOTAL"].copy()
    body["_max"] = [max(a or 0, b or 0) for a, b in zip(body["harga_lalu"], body["harga_ini"])]
    body = body.sort_values("_max", ascending=False, kind="stable")
    top, rest = body.iloc[:n], body.iloc[n:]
    rows = [{"nama_barang": r.nama_barang, "harga_lalu": r.harga_lalu or Decimal(0),
             "harga_ini": r.harga_ini or Decimal(0)} for r in top.itertuples()]
    if len(rest):
        rows.append({"nama_barang": f"Lainnya ({len(rest)} jenis)",
                     "harga_lalu": sum((v for v in rest["harga_lalu"] if v is not None), Decimal(0)),
                     "harga_ini": sum((v for v in rest["harga_ini"] if v is not None), Decimal(0))})
    return _frame(rows, ["nama_barang", "harga_lalu", "harga_ini"])


# ------------------------------------------------------------------ Bab I tables


def tabel_1_1(koperasi: pd.DataFrame, tahun: int) -> pd.DataFrame:
    """Tabel 1.1: koperasi per kecamatan × jenis for ``tahun − 1`` and ``tahun``, with totals.

    A cell with no data stays ``None``; a total over cells that are all missing is
    ``None`` (data tidak tersedia) and a partial total is ``None`` too. The change is
    computed only where both years have a value.

    Returns
    -------
    DataFrame
        Long form: ``kecamatan, jenis, jumlah_lalu, jumlah_ini, perubahan`` with
        ``jenis = "Jumlah"`` rows per kecamatan and ``kecamatan = "Jumlah"`` rows per
        jenis, and the grand total last.

    Examples
    --------
    >>> df = pd.DataFrame({"kecamatan": ["A", "A", "B", "B"], "jenis": ["KSP"] * 4,
    ...                    "tahun": [2023, 2024, 2023, 2024], "jumlah": [3, None, 4, None]}, dtype=object)
    >>> t = tabel_1_1(df, 2024)
    >>> t.iloc[-1][["jumlah_lalu", "jumlah_ini", "perubahan"]].tolist()
    [7, None, None]
    """
    kec = list(dict.fromkeys(koperasi["kecamatan"]))
    jenis = list(dict.fromkeys(koperasi["jenis"]))
    cell: dict[tuple[str, str, int], int | None] = {}
    for r in koperasi.itertuples():
        cell[(r.kecamatan, r.jenis, r.tahun)] = r.jumlah

    def row(k: str, j: str, lalu, ini) -> dict:
        return {"kecamatan": k, "jenis": j, "jumlah_lalu": lalu, "jumlah_ini": ini,
                "perubahan": ini - lalu if lalu is not None and ini is not None else None}

    rows = []
    for k in kec:
        for j in jenis:
            rows.append(row(k, j, cell.get((k, j, tahun - 1)), cell.get((k, j, tahun))))
        rows.append(row(k, "Jumlah", jumlah_bilangan([cell.get((k, j, tahun - 1)) for j in jenis]),
                        jumlah_bilangan([cell.get((k, j, tahun)) for j in jenis])))
    for j in jenis:
        rows.append(row("Jumlah", j, jumlah_bilangan([cell.get((k, j, tahun - 1)) for k in kec]),
                        jumlah_bilangan([cell.get((k, j, tahun)) for k in kec])))
    rows.append(row("Jumlah", "Jumlah", jumlah_bilangan([cell.get((k, j, tahun - 1)) for k in kec for j in jenis]),
                    jumlah_bilangan([cell.get((k, j, tahun)) for k in kec for j in jenis])))
    return _frame(rows)


def tabel_1_1_lebar(t11: pd.DataFrame, kolom: str) -> pd.DataFrame:
    """Tabel 1.1 as printed: one row per kecamatan, one column per jenis, for ``kolom`` (``jumlah_lalu``/``jumlah_ini``)."""
    wide = t11.pivot(index="kecamatan", columns="jenis", values=kolom)
    kec = list(dict.fromkeys(t11["kecamatan"]))
    jenis = list(dict.fromkeys(t11["jenis"]))
    wide = wide.loc[kec, jenis].reset_index()
    wide.columns.name = None
    return wide.astype(object).where(wide.notna(), None)


def tabel_1_2(usaha_mikro: pd.DataFrame) -> pd.DataFrame:
    """Tabel 1.2: usaha mikro per bidang with shares (%) and a computed total row.

    Examples
    --------
    >>> df = pd.DataFrame({"bidang_id": ["A", "B"], "bidang": ["Dagang", "Jasa"], "jumlah": [3, 1]}, dtype=object)
    >>> [str(p) for p in tabel_1_2(df)["persen"]]
    ['75', '25', '100']
    """
    total = jumlah_bilangan(usaha_mikro["jumlah"])
    rows = [{"bidang_id": r.bidang_id, "bidang": r.bidang, "jumlah": r.jumlah,
             "persen": bagi(r.jumlah * HUNDRED, total) if r.jumlah is not None else None}
            for r in usaha_mikro.itertuples()]
    rows.append({"bidang_id": "TOTAL", "bidang": "Jumlah", "jumlah": total, "persen": HUNDRED if total else None})
    return _frame(rows)


def bidang_terbesar(t12: pd.DataFrame) -> pd.Series | None:
    """The row of the largest bidang of Tabel 1.2 (first one on a tie), or ``None``."""
    body = t12[(t12["bidang_id"] != "TOTAL") & t12["jumlah"].map(lambda v: v is not None)]
    if body.empty:
        return None
    return body.loc[max(body.index, key=lambda i: (body.at[i, "jumlah"], -i))]
