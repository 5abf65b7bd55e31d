"""Budget analysis: RKT roll-ups, pagu vs realisasi (serapan), efficiency.

Parent amounts are always computed from the leaves (sub kegiatan); the amounts the
document printed are compared beside them, never used. Serapan is
``realisasi / pagu × 100``; a pagu of 0 or missing gives ``None`` with a reason, and a
realisasi above pagu is kept and flagged.

Efficiency methods (``metode.efisiensi_anggaran``)
--------------------------------------------------
``capaian_minus_serapan``  efisiensi = capaian % − serapan %; efisien when > 0.
``sisa_anggaran``          efisiensi = 100 − serapan; efisien only when capaian ≥ 100%
                           and some budget is left (efisiensi > 0).
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from .numbers import HUNDRED


def jumlah(values) -> Decimal | None:
    """Sum of amounts, or ``None`` when any is missing (an incomplete sum is not a total)."""
    values = list(values)
    return None if any(v is None for v in values) else sum(values, Decimal(0))


def rollup_rkt(rkt: pd.DataFrame) -> pd.DataFrame:
    """Amounts of every RKT node computed as the sum of the sub kegiatan below it.

    Parameters
    ----------
    rkt : DataFrame
        Processed ``rkt`` (``node_id, parent_id, tingkat, daun, anggaran_awal,
        anggaran_perubahan``, amounts on leaves only).

    Returns
    -------
    DataFrame
        ``node_id, parent_id, tingkat, nama, anggaran_awal, anggaran_perubahan,
        perubahan`` (perubahan − awal) and ``persen_perubahan``, in RKT order. A
        leaf without an ``anggaran_awal`` keeps it missing, and so do its parents'
        ``anggaran_awal`` totals (the sum is not complete).
    """
    children: dict[str, list[str]] = {}
    for r in rkt.itertuples():
        if r.parent_id is not None:
            children.setdefault(r.parent_id, []).append(r.node_id)
    leaf = {r.node_id: r for r in rkt.itertuples() if r.daun}

    def total(node: str, col: str) -> Decimal | None:
        if node in leaf:
            return getattr(leaf[node], col)
        return jumlah(total(c, col) for c in children.get(node, []))

    rows = []
    for r in rkt.itertuples():
        awal, akhir = total(r.node_id, "anggaran_awal"), total(r.node_id, "anggaran_perubahan")
        delta = akhir - awal if awal is not None and akhir is not None else None
        pct = delta / awal * HUNDRED if delta is not None and awal else None
        rows.append({"node_id": r.node_id, "parent_id": r.parent_id, "tingkat": r.tingkat, "nama": r.nama,
                     "indikator": r.indikator, "target_perubahan": r.target_perubahan,
                     "target_perubahan_satuan": r.target_perubahan_satuan, "anggaran_awal": awal,
                     "anggaran_perubahan": akhir, "perubahan": delta, "persen_perubahan": pct})
    return pd.DataFrame(rows, dtype=object)


def total_rkt(roll: pd.DataFrame) -> dict[str, Decimal | None]:
    """TOTAL of Tabel 2.2: the sum over the sasaran (root) nodes."""
    roots = roll[roll["parent_id"].map(lambda v: v is None)]
    return {col: jumlah(roots[col]) for col in ("anggaran_awal", "anggaran_perubahan")}


def bandingkan(hitung: pd.DataFrame, dilaporkan: pd.DataFrame, lokasi: str, besaran: list[str],
               key: str = "node_id") -> pd.DataFrame:
    """Printed vs computed value for each entity and quantity reported at ``lokasi``.

    Returns
    -------
    DataFrame
        ``lokasi, entitas, besaran, nilai_dilaporkan, nilai_hitung, selisih, cocok``
        for every printed value that has a computed counterpart.
    """
    rep = dilaporkan[(dilaporkan["lokasi"] == lokasi) & dilaporkan["besaran"].isin(besaran)]
    calc = hitung.set_index(key)
    rows = []
    for r in rep.itertuples():
        if r.entitas not in calc.index:
            continue
        value = calc.at[r.entitas, r.besaran]
        diff = r.nilai - value if value is not None and r.nilai is not None else None
        rows.append({"lokasi": lokasi, "entitas": r.entitas, "besaran": r.besaran, "nilai_dilaporkan": r.nilai,
                     "nilai_teks": r.nilai_teks, "nilai_hitung": value, "selisih": diff,
                     "cocok": diff == 0 if diff is not None else None})
    return pd.DataFrame(rows, columns=["lokasi", "entitas", "besaran", "nilai_dilaporkan", "nilai_teks", "nilai_hitung",
                                       "selisih", "cocok"], dtype=object)


def serapan(realisasi: Decimal | None, pagu: Decimal | None) -> tuple[Decimal | None, str | None]:
    """Budget absorption ``realisasi / pagu × 100`` with the reason when it cannot be computed or is suspect.

    Examples
    --------
    >>> serapan(Decimal("32694150"), Decimal("32702250"))[0].quantize(Decimal("0.01"))
    Decimal('99.98')
    """
    if pagu is None:
        return None, "pagu tidak tersedia"
    if realisasi is None:
        return None, "realisasi anggaran tidak tersedia"
    if pagu == 0:
        return None, "pagu 0: serapan tidak dapat dihitung"
    value = realisasi / pagu * HUNDRED
    return value, ("realisasi melebihi pagu" if realisasi > pagu else None)


def efisiensi(capaian: Decimal | None, serap: Decimal | None, metode: str) -> tuple[Decimal | None, str, str]:
    """Efficiency of one row: (value, "efisien"/"tidak efisien"/"tidak dapat dinilai", reason)."""
    if capaian is None or serap is None:
        return None, "tidak dapat dinilai", "capaian atau serapan tidak tersedia"
    if metode == "capaian_minus_serapan":
        value = capaian - serap
        if value > 0:
            return value, "efisien", "capaian kinerja melebihi serapan anggaran"
        return value, "tidak efisien", "capaian kinerja tidak melebihi serapan anggaran"
    if metode == "sisa_anggaran":
        value = HUNDRED - serap
        if capaian < HUNDRED:
            return value, "tidak efisien", "target kinerja tidak tercapai (capaian < 100%)"
        if value <= 0:
            return value, "tidak efisien", "target tercapai tanpa sisa anggaran"
        return value, "efisien", "target tercapai dengan sisa anggaran"
    raise ValueError(f"metode efisiensi tidak dikenal: {metode}")


def tabel_3_5(cap: pd.DataFrame, anggaran: pd.DataFrame, program: pd.DataFrame, sasaran: pd.DataFrame,
              roll: pd.DataFrame) -> pd.DataFrame:
    """Tabel 3.5: per sasaran and program, kinerja (from the capaian stage) beside anggaran.

    Pagu and realisasi come from Tabel 3.5's own inputs (``anggaran``); the RKT pagu
    (Tabel 2.2, computed from sub kegiatan) is kept beside it as ``pagu_rkt`` with
    the difference. Sasaran rows sum their programs.
    """
    ang = anggaran.set_index("program_id")
    rkt_pagu = roll.set_index("node_id")["anggaran_perubahan"]
    prog = program.set_index("program_id")
    rows = []
    for sid in sasaran.sort_values("urutan")["sasaran_id"]:
        sas_ind = cap[(cap["tingkat"] == "sasaran") & (cap["sasaran_id"] == sid)]
        if sas_ind.empty:
            continue
        pids = [p for p in prog.sort_values("urutan").index if prog.at[p, "sasaran_id"] == sid]
        prog_rows = []
        for pid in pids:
            ind = cap[(cap["tingkat"] == "program") & (cap["program_id"] == pid)]
            i = ind.iloc[0] if len(ind) else None
            pagu = ang.at[pid, "pagu"] if pid in ang.index else None
            real = ang.at[pid, "realisasi"] if pid in ang.index else None
            s, why = serapan(real, pagu)
            prk = rkt_pagu.get(pid)
            prog_rows.append({
                "jenis_baris": "program", "id": pid, "nama": prog.at[pid, "program"], "sasaran_id": sid,
                "indikator_id": None if i is None else i["indikator_id"],
                "indikator": None if i is None else i["indikator"],
                "target": None if i is None else i["target"], "realisasi": None if i is None else i["realisasi"],
                "capaian": None if i is None else i["capaian"], "pagu": pagu, "realisasi_anggaran": real,
                "serapan": s, "catatan_serapan": why, "pagu_rkt": prk,
                "selisih_pagu_rkt": pagu - prk if pagu is not None and prk is not None else None,
            })
        i = sas_ind.iloc[0]
        pagu = jumlah(r["pagu"] for r in prog_rows)
        real = jumlah(r["realisasi_anggaran"] for r in prog_rows)
        s, why = serapan(real, pagu)
        prk = rkt_pagu.get(sid)
        rows.append({"jenis_baris": "sasaran", "id": sid, "nama": sasaran.set_index("sasaran_id").at[sid, "sasaran"],
                     "sasaran_id": sid, "indikator_id": i["indikator_id"], "indikator": i["indikator"],
                     "target": i["target"], "realisasi": i["realisasi"], "capaian": i["capaian"], "pagu": pagu,
                     "realisasi_anggaran": real, "serapan": s, "catatan_serapan": why, "pagu_rkt": prk,
                     "selisih_pagu_rkt": pagu - prk if pagu is not None and prk is not None else None})
        rows += prog_rows
    return pd.DataFrame(rows, dtype=object)


def ringkasan(t35: pd.DataFrame) -> pd.DataFrame:
    """Totals for Bab IV and the Ikhtisar: Σ pagu, Σ realisasi and serapan over program rows."""
    progs = t35[t35["jenis_baris"] == "program"]
    pagu, real = jumlah(progs["pagu"]), jumlah(progs["realisasi_anggaran"])
    s, why = serapan(real, pagu)
    return pd.DataFrame([{"jumlah_program": len(progs), "pagu": pagu, "realisasi_anggaran": real,
                          "sisa_anggaran": pagu - real if pagu is not None and real is not None else None,
                          "serapan": s, "catatan": why}], dtype=object)


def tabel_3_6(t35: pd.DataFrame, metode: str) -> pd.DataFrame:
    """Tabel 3.6: efficiency of every Tabel 3.5 row with the method and the reason."""
    rows = []
    for r in t35.itertuples():
        value, status, why = efisiensi(r.capaian, r.serapan, metode)
        rows.append({"jenis_baris": r.jenis_baris, "id": r.id, "nama": r.nama, "indikator": r.indikator,
                     "capaian": r.capaian, "serapan": r.serapan, "efisiensi": value, "status": status,
                     "alasan": why, "metode": metode})
    return pd.DataFrame(rows, dtype=object)


def kuadran(capaian: Decimal | None, serap: Decimal | None) -> str | None:
    """Quadrant of a program in the capaian-vs-serapan chart (thresholds 100% and 100%)."""
    if capaian is None or serap is None:
        return None
    if capaian >= HUNDRED:
        return "efisien" if serap < HUNDRED else "mahal"
    return "penyerapan rendah" if serap < HUNDRED else "kinerja rendah"


def dengan_total(roll: pd.DataFrame) -> pd.DataFrame:
    """The roll-up with a computed ``TOTAL`` row appended (for comparison with print)."""
    tot = total_rkt(roll)
    row = {c: None for c in roll.columns}
    row.update({"node_id": "TOTAL", "tingkat": "total", "nama": "TOTAL ANGGARAN", **tot})
    if tot["anggaran_awal"] is not None and tot["anggaran_perubahan"] is not None:
        row["perubahan"] = tot["anggaran_perubahan"] - tot["anggaran_awal"]
        row["persen_perubahan"] = row["perubahan"] / tot["anggaran_awal"] * HUNDRED if tot["anggaran_awal"] else None
    return pd.concat([roll, pd.DataFrame([row], dtype=object)], ignore_index=True)
