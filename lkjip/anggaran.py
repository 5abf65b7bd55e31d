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

from .katalog import KATALOG
from .numbers import HUNDRED, jumlah  # jumlah: the one sum rule (an incomplete sum is not a total)


def _anak(rkt: pd.DataFrame) -> dict[str, list[str]]:
    """Children of each RKT node (``node_id``, ``parent_id``), in table order."""
    anak: dict[str, list[str]] = {}
    for r in rkt.itertuples():
        if r.parent_id is not None:
            anak.setdefault(r.parent_id, []).append(r.node_id)
    return anak


def _keturunan(anak: dict[str, list[str]], akar: str) -> list[str]:
    """Every node below ``akar`` (not ``akar`` itself), pre-order: each node followed by the nodes below it.

    Examples
    --------
    >>> _keturunan({"P": ["K1", "K2"], "K1": ["S1"]}, "P")
    ['K1', 'S1', 'K2']
    """
    out = []
    for c in anak.get(akar, []):
        out += [c, *_keturunan(anak, c)]
    return out


def rollup_rkt(rkt: pd.DataFrame, polaritas: dict[str, str] | None = None) -> pd.DataFrame:
    """Amounts of every RKT node computed as the sum of the sub kegiatan below it.

    Parameters
    ----------
    rkt : DataFrame
        Processed ``rkt`` (``node_id, parent_id, tingkat, daun, anggaran_awal,
        anggaran_perubahan``, amounts on leaves only; optional ``realisasi_anggaran``
        on any node and ``realisasi`` of the node's indicator).
    polaritas : dict, optional
        Indicator id → polarity, for nodes whose indicator is in the master list
        (other nodes' indicators are taken as positive: more is better).

    Returns
    -------
    DataFrame
        ``node_id, parent_id, tingkat, nama, anggaran_awal, anggaran_perubahan,
        perubahan`` (perubahan − awal), ``persen_perubahan``, ``realisasi_anggaran``
        (Σ of the children when every child has one, else the value given on the
        node), ``realisasi_anggaran_diisi`` (the value given on a parent, checked
        by the reviu against the children's sum), ``serapan`` (realisasi anggaran /
        anggaran perubahan × 100, with ``catatan_serapan``), and the node's
        indicator ``target_perubahan, realisasi, capaian_kinerja``, in RKT order.
        A leaf without an ``anggaran_awal`` keeps it missing, and so do its parents'
        ``anggaran_awal`` totals (the sum is not complete).
    """
    from .capaian import hitung

    polaritas = polaritas or {}
    children = _anak(rkt)
    leaf = {r.node_id: r for r in rkt.itertuples() if r.daun}
    by_id = {r.node_id: r for r in rkt.itertuples()}
    has_real = "realisasi_anggaran" in rkt.columns

    def total(node: str, col: str) -> Decimal | None:
        if node in leaf:
            return getattr(leaf[node], col)
        return jumlah(total(c, col) for c in children.get(node, []))

    def realisasi(node: str) -> Decimal | None:
        own = getattr(by_id[node], "realisasi_anggaran") if has_real else None
        if node in leaf:
            return own
        summed = jumlah(realisasi(c) for c in children.get(node, []))
        return summed if summed is not None else own

    rows = []
    for r in rkt.itertuples():
        awal, akhir = total(r.node_id, "anggaran_awal"), total(r.node_id, "anggaran_perubahan")
        delta = akhir - awal if awal is not None and akhir is not None else None
        pct = delta / awal * HUNDRED if delta is not None and awal else None
        real = realisasi(r.node_id)
        s, why = serapan(real, akhir)
        given = getattr(r, "realisasi_anggaran", None) if not r.daun else None
        real_ind = getattr(r, "realisasi", None)
        pol = polaritas.get(getattr(r, "indikator_id", None) or "", "positif")
        cap = hitung(r.target_perubahan, real_ind, pol) if real_ind is not None else None
        rows.append({"node_id": r.node_id, "parent_id": r.parent_id, "tingkat": r.tingkat, "nama": r.nama,
                     "indikator": r.indikator, "target_perubahan": r.target_perubahan,
                     "target_perubahan_satuan": r.target_perubahan_satuan, "anggaran_awal": awal,
                     "anggaran_perubahan": akhir, "perubahan": delta, "persen_perubahan": pct,
                     "realisasi": real_ind, "capaian_kinerja": None if cap is None else cap.nilai,
                     "realisasi_anggaran": real, "realisasi_anggaran_diisi": given,
                     "serapan": s, "catatan_serapan": why if real is not None or akhir is None else None})
    return pd.DataFrame(rows, dtype=object)


def rata_rata_capaian_rkt(roll: pd.DataFrame, akar: str, tingkat: str) -> tuple[Decimal | None, str]:
    """Mean capaian of the RKT nodes of level ``tingkat`` below node ``akar``, and how it was computed.

    The mean is computed only when every such node has a capaian (its own ``realisasi``
    against its ``target_perubahan``): an average over part of the nodes is not the
    declared quantity.

    Parameters
    ----------
    roll : DataFrame
        :func:`rollup_rkt` output (``node_id, parent_id, tingkat, capaian_kinerja``).
    akar : str
        The node below which to look (a program or a sasaran node).
    tingkat : str
        ``kegiatan`` or ``sub_kegiatan``.

    Returns
    -------
    (Decimal or None, str)
        The mean (``None`` when it cannot be computed) and a sentence naming the
        nodes used, or why there is no mean.

    Examples
    --------
    >>> roll = pd.DataFrame({"node_id": ["P", "P.K1", "P.K2"], "parent_id": [None, "P", "P"],
    ...                      "tingkat": ["program", "kegiatan", "kegiatan"],
    ...                      "capaian_kinerja": [None, Decimal(90), Decimal(100)]}, dtype=object)
    >>> rata_rata_capaian_rkt(roll, "P", "kegiatan")
    (Decimal('95'), 'rata-rata capaian 2 kegiatan di bawah P (P.K1, P.K2)')
    >>> rata_rata_capaian_rkt(roll, "P", "sub_kegiatan")
    (None, 'tidak ada sub kegiatan di bawah P di Tabel 2.2')
    """
    nama = tingkat.replace("_", " ")
    if akar not in set(roll["node_id"]):
        return None, f"tidak ada node {akar} di Tabel 2.2 (RKT)"
    by_id = roll.set_index("node_id")
    nodes = [n for n in _keturunan(_anak(roll), akar) if by_id.at[n, "tingkat"] == tingkat]
    if not nodes:
        return None, f"tidak ada {nama} di bawah {akar} di Tabel 2.2"
    values = {n: by_id.at[n, "capaian_kinerja"] for n in nodes}
    tanpa = [n for n, v in values.items() if v is None]
    if tanpa:
        return None, (f"{len(tanpa)} dari {len(nodes)} {nama} di bawah {akar} tanpa capaian (realisasi atau target "
                      f"kosong di Tabel 2.2: {', '.join(tanpa)})")
    mean = sum(values.values(), Decimal(0)) / len(nodes)
    return mean, f"rata-rata capaian {len(nodes)} {nama} di bawah {akar} ({', '.join(nodes)})"


def realisasi_induk_diisi(roll: pd.DataFrame) -> pd.DataFrame:
    """RKT parents whose realisasi anggaran was given on the node, with the sum of their children beside it.

    Returns
    -------
    DataFrame
        ``node_id, tingkat, realisasi_anggaran_diisi, realisasi_anggaran, cocok`` (``cocok``:
        the given value equals the roll-up; a parent whose children are incomplete keeps
        its own value, so it matches by construction).
    """
    sub = roll[[v is not None for v in roll["realisasi_anggaran_diisi"]]]
    return pd.DataFrame({"node_id": sub["node_id"], "tingkat": sub["tingkat"],
                         "realisasi_anggaran_diisi": sub["realisasi_anggaran_diisi"],
                         "realisasi_anggaran": sub["realisasi_anggaran"],
                         "cocok": [a == b for a, b in zip(sub["realisasi_anggaran_diisi"], sub["realisasi_anggaran"])]},
                        dtype=object).reset_index(drop=True)


def total_rkt(roll: pd.DataFrame) -> dict[str, Decimal | None]:
    """TOTAL of Tabel 2.2: the sum over the sasaran (root) nodes."""
    roots = roll[roll["parent_id"].map(lambda v: v is None)]
    cols = [c for c in ("anggaran_awal", "anggaran_perubahan", "realisasi_anggaran") if c in roll.columns]
    return {col: jumlah(roots[col]) for col in cols}


def bandingkan(hitung: pd.DataFrame, dilaporkan: pd.DataFrame, lokasi: str, besaran: list[str],
               key: str = "node_id", toleransi_ulp: Decimal = Decimal(1)) -> pd.DataFrame:
    """Printed vs computed value for each entity and quantity reported at ``lokasi``.

    Uses the reviu's one rounding rule (:func:`lkjip.reviu.bandingkan`): a printed
    value within half a unit of its last printed digit is ``cocok``; Rupiah must be equal.

    Returns
    -------
    DataFrame
        ``lokasi, entitas, besaran, nilai_dilaporkan, nilai_teks, nilai_hitung, selisih,
        hasil, cocok`` for every printed value that has a computed counterpart.
    """
    from .numbers import bandingkan as banding, desimal_teks
    from .tables import BESARAN_TYPES

    rep = dilaporkan[(dilaporkan["lokasi"] == lokasi) & dilaporkan["besaran"].isin(besaran)]
    calc = hitung.set_index(key)
    rows = []
    for r in rep.itertuples():
        if r.entitas not in calc.index:
            continue
        value = calc.at[r.entitas, r.besaran]
        diff = r.nilai - value if value is not None and r.nilai is not None else None
        hasil = None
        if diff is not None:
            hasil = banding(r.nilai, Decimal(value), Decimal(str(toleransi_ulp)), BESARAN_TYPES.get(r.besaran) in ("rupiah", "bilangan"),
                            desimal_teks(r.nilai_teks, r.nilai))
        rows.append({"lokasi": lokasi, "entitas": r.entitas, "besaran": r.besaran, "nilai_dilaporkan": r.nilai,
                     "nilai_teks": r.nilai_teks, "nilai_hitung": value, "selisih": diff, "hasil": hasil,
                     "cocok": hasil == "cocok" if hasil is not None else None})
    return pd.DataFrame(rows, columns=["lokasi", "entitas", "besaran", "nilai_dilaporkan", "nilai_teks", "nilai_hitung",
                                       "selisih", "hasil", "cocok"], dtype=object)


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


#: Columns of :func:`tabel_3_5`: those the catalog declares for it.
KOLOM_3_5 = list(KATALOG["tabel_3_5"].kolom)

#: What Tabel 3.5/3.6 print for a program that has no program-level indicator.
TANPA_INDIKATOR_PROGRAM = "tidak ada indikator program"


def tabel_3_5(cap: pd.DataFrame, anggaran: pd.DataFrame, program: pd.DataFrame, sasaran: pd.DataFrame,
              roll: pd.DataFrame, capaian_sasaran: pd.DataFrame | None = None,
              tingkat: tuple[str, ...] | list[str] = ("program",)) -> pd.DataFrame:
    """Tabel 3.5: per sasaran and program (and, on request, kegiatan and sub kegiatan), kinerja beside anggaran.

    Parameters
    ----------
    cap : DataFrame
        ``capaian_indikator``.
    anggaran : DataFrame
        Processed ``anggaran`` (Tabel 3.5 inputs: pagu and realisasi per program); may
        be empty, then both come from the RKT roll-up.
    roll : DataFrame
        :func:`rollup_rkt` output (pagu = anggaran perubahan, realisasi anggaran).
    capaian_sasaran : DataFrame, optional
        Sasaran capaian by the params method (:func:`lkjip.capaian.capaian_sasaran`):
        the sasaran row shows it (its ``metode`` says how it was computed). Without
        it the sasaran row shows its first indicator (older callers).
    tingkat : sequence of str
        RKT levels shown under each sasaran: ``program`` always, plus ``kegiatan``
        and/or ``sub_kegiatan`` (params ``anggaran.tingkat_tabel``).

    Notes
    -----
    A program's pagu and realisasi come from ``anggaran`` when the program is there,
    otherwise from the RKT roll-up; the RKT values are kept beside them as
    ``pagu_rkt``/``realisasi_rkt`` with the differences. Sasaran rows sum their programs.
    A program without a program-level indicator says :data:`TANPA_INDIKATOR_PROGRAM`.
    """
    ang = anggaran.set_index("program_id") if len(anggaran) else None
    rk = roll.set_index("node_id")
    rkt_pagu = rk["anggaran_perubahan"]
    rkt_real = rk["realisasi_anggaran"] if "realisasi_anggaran" in rk.columns else pd.Series(dtype=object)
    anak = _anak(roll)
    prog = program.set_index("program_id")
    sas_cap = capaian_sasaran.set_index("sasaran_id") if capaian_sasaran is not None and len(capaian_sasaran) else None
    level_order = ("kegiatan", "sub_kegiatan")

    def node_rows(node: str, sid: str) -> list[dict]:
        out = []
        for c in _keturunan(anak, node):
            n = rk.loc[c]
            if n["tingkat"] in tingkat and n["tingkat"] in level_order:
                s, why = serapan(n.get("realisasi_anggaran"), n["anggaran_perubahan"])
                out.append({"jenis_baris": n["tingkat"], "id": c, "nama": n["nama"], "sasaran_id": sid,
                            "indikator_id": None, "indikator": n["indikator"], "target": n["target_perubahan"],
                            "realisasi": n.get("realisasi"), "capaian": n.get("capaian_kinerja"),
                            "metode_capaian": None, "pagu": n["anggaran_perubahan"],
                            "realisasi_anggaran": n.get("realisasi_anggaran"), "serapan": s, "catatan_serapan": why,
                            "pagu_rkt": None, "selisih_pagu_rkt": None, "realisasi_rkt": None,
                            "selisih_realisasi_rkt": None})
        return out

    def selisih(a, b):
        return a - b if a is not None and b is not None else None

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
            prk, rrk = rkt_pagu.get(pid), rkt_real.get(pid)
            if ang is not None and pid in ang.index:
                pagu, real = ang.at[pid, "pagu"], ang.at[pid, "realisasi"]
            else:
                pagu, real = prk, rrk
            s, why = serapan(real, pagu)
            prog_rows.append({
                "jenis_baris": "program", "id": pid, "nama": prog.at[pid, "program"], "sasaran_id": sid,
                "indikator_id": None if i is None else i["indikator_id"],
                "indikator": TANPA_INDIKATOR_PROGRAM if i is None else i["indikator"],
                "target": None if i is None else i["target"], "realisasi": None if i is None else i["realisasi"],
                "capaian": None if i is None else i["capaian"], "metode_capaian": None, "pagu": pagu,
                "realisasi_anggaran": real, "serapan": s, "catatan_serapan": why, "pagu_rkt": prk,
                "selisih_pagu_rkt": selisih(pagu, prk), "realisasi_rkt": rrk,
                "selisih_realisasi_rkt": selisih(real, rrk),
            })
            prog_rows += node_rows(pid, sid)
        progs = [r for r in prog_rows if r["jenis_baris"] == "program"]
        pagu = jumlah(r["pagu"] for r in progs)
        real = jumlah(r["realisasi_anggaran"] for r in progs)
        s, why = serapan(real, pagu)
        prk = rkt_pagu.get(sid)
        row = {"jenis_baris": "sasaran", "id": sid, "nama": sasaran.set_index("sasaran_id").at[sid, "sasaran"],
               "sasaran_id": sid, "pagu": pagu, "realisasi_anggaran": real, "serapan": s, "catatan_serapan": why,
               "pagu_rkt": prk, "selisih_pagu_rkt": selisih(pagu, prk), "realisasi_rkt": rkt_real.get(sid),
               "selisih_realisasi_rkt": None}
        if sas_cap is not None and sid in sas_cap.index and len(sas_ind) > 1:
            c = sas_cap.loc[sid]
            row.update({"indikator_id": None,
                        "indikator": f"capaian sasaran: rata-rata {len(sas_ind)} indikator ("
                                     + ", ".join(sas_ind["indikator_id"]) + ")",
                        "target": None, "realisasi": None, "capaian": c["capaian"], "metode_capaian": c["metode"]})
        else:
            i = sas_ind.iloc[0]
            row.update({"indikator_id": i["indikator_id"], "indikator": i["indikator"], "target": i["target"],
                        "realisasi": i["realisasi"], "capaian": i["capaian"],
                        "metode_capaian": "capaian satu-satunya indikator sasaran (" + i["indikator_id"] + ")"})
        rows.append(row)
        rows += prog_rows
    return pd.DataFrame(rows, columns=KOLOM_3_5, dtype=object)


def ringkasan(t35: pd.DataFrame) -> pd.DataFrame:
    """Totals for Bab IV and the Ikhtisar: Σ pagu, Σ realisasi and serapan over program rows."""
    progs = t35[t35["jenis_baris"] == "program"]
    pagu, real = jumlah(progs["pagu"]), jumlah(progs["realisasi_anggaran"])
    s, why = serapan(real, pagu)
    return pd.DataFrame([{"jumlah_program": len(progs), "pagu": pagu, "realisasi_anggaran": real,
                          "sisa_anggaran": pagu - real if pagu is not None and real is not None else None,
                          "serapan": s, "catatan": why}], dtype=object)


def tabel_3_6(t35: pd.DataFrame, metode: str) -> pd.DataFrame:
    """Tabel 3.6: efficiency of every Tabel 3.5 row with the method, the reason and its quadrant.

    Parameters
    ----------
    t35 : DataFrame
        Tabel 3.5 (:func:`tabel_3_5`).
    metode : str
        ``metode.efisiensi_anggaran`` of the params (see :func:`efisiensi`).

    Returns
    -------
    DataFrame
        ``jenis_baris, id, nama, indikator, capaian, serapan, efisiensi, status, alasan,
        metode, kuadran``: one row per Tabel 3.5 row; ``kuadran`` is the row's place in
        the capaian-vs-serapan chart (:func:`kuadran`).

    Examples
    --------
    >>> t35 = pd.DataFrame([{"jenis_baris": "program", "id": "P1", "nama": "Program", "indikator": "I",
    ...                      "capaian": Decimal(120), "serapan": Decimal(90)}], dtype=object)
    >>> r = tabel_3_6(t35, "capaian_minus_serapan").iloc[0]
    >>> r["efisiensi"], r["status"], r["kuadran"]
    (Decimal('30'), 'efisien', 'efisien')
    """
    rows = []
    for r in t35.itertuples():
        value, status, why = efisiensi(r.capaian, r.serapan, metode)
        if r.jenis_baris == "program" and r.indikator == TANPA_INDIKATOR_PROGRAM:
            why = TANPA_INDIKATOR_PROGRAM
        rows.append({"jenis_baris": r.jenis_baris, "id": r.id, "nama": r.nama, "indikator": r.indikator,
                     "capaian": r.capaian, "serapan": r.serapan, "efisiensi": value, "status": status,
                     "alasan": why, "metode": metode, "kuadran": kuadran(r.capaian, r.serapan)})
    return pd.DataFrame(rows, columns=list(KATALOG["tabel_3_6"].kolom), dtype=object)


def kuadran(capaian: Decimal | None, serap: Decimal | None) -> str | None:
    """Quadrant of a row in the capaian-vs-serapan chart (thresholds 100% and 100%).

    capaian ≥ 100% and serapan < 100%: ``efisien``; both ≥ 100%: ``mahal``; both
    below: ``penyerapan rendah``; capaian below and serapan ≥ 100%: ``kinerja rendah``;
    either missing: ``None``.

    Examples
    --------
    >>> kuadran(Decimal(100), Decimal("99.9")), kuadran(Decimal(100), Decimal(100))
    ('efisien', 'mahal')
    >>> kuadran(Decimal(80), Decimal(50)), kuadran(Decimal(80), Decimal(100)), kuadran(None, Decimal(1))
    ('penyerapan rendah', 'kinerja rendah', None)
    """
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
    if "serapan" in roll.columns:
        row["serapan"], row["catatan_serapan"] = serapan(tot.get("realisasi_anggaran"), tot["anggaran_perubahan"])
    if tot["anggaran_awal"] is not None and tot["anggaran_perubahan"] is not None:
        row["perubahan"] = tot["anggaran_perubahan"] - tot["anggaran_awal"]
        row["persen_perubahan"] = row["perubahan"] / tot["anggaran_awal"] * HUNDRED if tot["anggaran_awal"] else None
    return pd.concat([roll, pd.DataFrame([row], dtype=object)], ignore_index=True)
