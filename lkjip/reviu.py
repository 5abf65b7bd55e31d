"""Reviu: an automatic consistency review of the figures a report printed.

Before an LKjIP is signed, the Inspektorat reviews it (PermenPAN-RB 53/2014). This
module does the arithmetic part of that review. It is told *what* each printed figure
is (the pair ``entitas``/``besaran`` of ``dilaporkan.csv``), never *where the errors
are*: every rule runs over everything the data holds.

Rules
-----
R01 hasil hitung   a printed computed figure (capaian, serapan, efisiensi, averages,
                   shares, per-pegawai / per-sarpras figures, AKIP % per component)
                   against its recomputation
R02 jumlah         a printed total or parent against the sum of its rows
R03 nilai ganda    one quantity printed in two places with two values (between tables,
                   between a table and the prose, or against the input table)
R04 predikat       a printed predicate against the params scale; the printed scale
                   itself for gaps, overlaps and values it cannot classify
R05 periode        documents, tables or dates of another year than the report's
R06 mustahil       impossible or suspicious values: realisasi above pagu, shares above
                   100%, counts that are not whole, "x dari y" with x > y, negatives
R07 catatan        remarks about the source document recorded by the transcriber
                   (``dokumen.csv``, ``unsur = catatan_reviu:<entitas>``): what no rule can
                   recompute (a figure named differently in two places, a blank cell, a
                   comparison on another scale)

Tolerance: a printed value within half a unit of its last printed digit matches; up to
``params.reviu.toleransi_ulp`` units it is a rounding or truncation (tingkat ``info``);
beyond that it is an ``error``.
"""

from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal

import pandas as pd

from . import fmt
from .anggaran import rata_rata_capaian_rkt
from .capaian import predikat
from .numbers import HUNDRED, bandingkan, desimal_dicetak, desimal_teks  # noqa: F401  (the reviu rule; re-exported)
from .params import Band, check_scale
from .tables import BESARAN, BESARAN_TYPES, CATATAN_REVIU, SUMBER_REALISASI

ATURAN: dict[str, tuple[str, str]] = {
    "R01": ("Hasil hitung", "Angka hasil perhitungan yang dicetak (capaian, serapan, efisiensi, rata-rata, persentase, "
                            "per pegawai/sarpras, nilai AKIP) dibandingkan dengan hasil hitung ulang dari data masukan."),
    "R02": ("Jumlah", "Jumlah, total dan induk yang dicetak dibandingkan dengan jumlah baris-barisnya."),
    "R03": ("Nilai ganda", "Besaran yang sama dicetak di dua tempat dengan nilai berbeda: antar tabel, antara tabel dan "
                           "narasi, atau terhadap tabel masukan."),
    "R04": ("Predikat", "Predikat yang dicetak dibandingkan dengan skala predikat yang ditetapkan untuk laporan ini; "
                        "skala yang dicetak dokumen diperiksa celah, tumpang tindih, dan nilai yang tidak dapat diberi "
                        "predikat."),
    "R05": ("Periode", "Dokumen, tabel atau tanggal dari tahun lain daripada tahun laporan."),
    "R06": ("Nilai mustahil", "Realisasi di atas pagu, persentase bagian di atas 100%, bilangan yang tidak bulat, "
                              "pernyataan 'x dari y' dengan x > y, nilai negatif."),
    "R07": ("Catatan pemeriksa", "Catatan atas dokumen sumber yang dicatat saat transkripsi: hal yang tidak dapat "
                                 "dihitung ulang, mis. angka yang disebut dengan arti berbeda di dua tempat, sel yang "
                                 "tidak dicetak, pembanding berskala lain."),
}
TINGKAT = ("error", "peringatan", "info", "tidak_diperiksa")
KOLOM = ["kode", "tingkat", "lokasi", "entitas", "besaran", "uraian", "nilai_dilaporkan", "nilai_hitung", "selisih"]

#: Reported quantities that are counts (must be whole numbers): the ``bilangan`` of :data:`lkjip.tables.BESARAN`.
BESARAN_BILANGAN = frozenset(k for k, b in BESARAN.items() if b.bilangan)
#: Reported quantities that are shares of a whole (cannot exceed 100%).
BESARAN_BAGIAN = frozenset(k for k, b in BESARAN.items() if b.bagian)
#: Reported quantities that cannot be negative (amounts and counts, not differences).
BESARAN_NONNEGATIF = frozenset(k for k, b in BESARAN.items() if b.nonnegatif)

_BULAN = {b: i for i, b in enumerate(["januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus",
                                      "september", "oktober", "november", "desember"], 1)}


def _temuan(kode, tingkat, lokasi, entitas, besaran, uraian, dilaporkan=None, hitung=None) -> dict:
    selisih = dilaporkan - hitung if isinstance(dilaporkan, Decimal) and isinstance(hitung, Decimal) else None
    return {"kode": kode, "tingkat": tingkat, "lokasi": lokasi, "entitas": entitas, "besaran": besaran,
            "uraian": uraian, "nilai_dilaporkan": dilaporkan, "nilai_hitung": hitung, "selisih": selisih}


def _frame(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=KOLOM, dtype=object)
    if df.empty:
        return df
    order = {t: i for i, t in enumerate(TINGKAT)}  # tidak_diperiksa (printed, not recomputable) last
    df["_t"] = df["tingkat"].map(order)
    df = df.sort_values(["_t", "kode", "lokasi", "entitas", "besaran"], kind="stable").drop(columns="_t")
    return df.reset_index(drop=True)


# ------------------------------------------------------------ computed values


def nilai_hitung(t: dict[str, pd.DataFrame], tahun: int) -> pd.DataFrame:
    """Every value the pipeline computed or used, keyed like ``dilaporkan`` (``entitas``, ``besaran``).

    Parameters
    ----------
    t : dict of DataFrame
        Processed tables of the year (missing tables are skipped).
    tahun : int
        Report year: values of other years get ``@<tahun>`` in ``entitas``.

    Returns
    -------
    DataFrame
        ``entitas, besaran, nilai, jenis, sumber``; ``jenis`` is ``hitung`` (a
        computed figure), ``jumlah`` (a total or parent) or ``masukan`` (an input value).
    """
    rows: list[dict] = []

    def add(entitas, besaran, nilai, jenis, sumber):
        if nilai is not None and not (isinstance(nilai, float) and nilai != nilai):
            rows.append({"entitas": entitas, "besaran": besaran, "nilai": nilai, "jenis": jenis, "sumber": sumber})

    lalu = f"@{tahun - 1}"
    if "capaian_indikator" in t:
        for r in t["capaian_indikator"].itertuples():
            add(r.indikator_id, "target", r.target, "masukan", "capaian_indikator")
            add(r.indikator_id, "realisasi", r.realisasi, "masukan", "capaian_indikator")
            add(r.indikator_id, "capaian", r.capaian, "hitung", "capaian_indikator")
            add(r.indikator_id, "predikat", r.predikat, "hitung", "capaian_indikator")
    if "tabel_3_2" in t:
        for r in t["tabel_3_2"].itertuples():
            if r.tahun == tahun or r.indikator_tahun_id is None:
                continue
            ent = f"{r.indikator_tahun_id}@{r.tahun}"
            add(ent, "target", r.target, "masukan", "tabel_3_2")
            add(ent, "realisasi", r.realisasi, "masukan", "tabel_3_2")
            add(ent, "capaian", r.capaian, "hitung", "tabel_3_2")
    if "tabel_3_3" in t:
        for r in t["tabel_3_3"].itertuples():
            add(r.indikator_id, "tingkat_kemajuan", r.tingkat_kemajuan, "hitung", "tabel_3_3")
    if "capaian_instansi" in t and len(t["capaian_instansi"]):
        add("TOTAL", "rata_rata_capaian", t["capaian_instansi"].iloc[0]["capaian"], "hitung", "capaian_instansi")
        add("TOTAL", "capaian", t["capaian_instansi"].iloc[0]["capaian"], "hitung", "capaian_instansi")
    if "capaian_instansi_lalu" in t and len(t["capaian_instansi_lalu"]):
        add("TOTAL" + lalu, "rata_rata_capaian", t["capaian_instansi_lalu"].iloc[0]["capaian"], "hitung",
            "capaian_instansi_lalu")
    if "capaian_sasaran" in t:
        for r in t["capaian_sasaran"].itertuples():
            add(r.sasaran_id, "capaian", r.capaian, "hitung", "capaian_sasaran")
            add(r.sasaran_id, "predikat", r.predikat, "hitung", "capaian_sasaran")
    if "tabel_3_5" in t:
        for r in t["tabel_3_5"].itertuples():
            jenis = "masukan" if r.jenis_baris in ("program", "sub_kegiatan") else "jumlah"
            add(r.id, "pagu", r.pagu, jenis, "tabel_3_5")
            add(r.id, "realisasi_anggaran", r.realisasi_anggaran, jenis, "tabel_3_5")
            add(r.id, "serapan", r.serapan, "hitung", "tabel_3_5")
            if r.jenis_baris in ("kegiatan", "sub_kegiatan"):
                add(r.id, "capaian", r.capaian, "hitung", "tabel_3_5")
    if "ringkasan_anggaran" in t and len(t["ringkasan_anggaran"]):
        r = t["ringkasan_anggaran"].iloc[0]
        add("TOTAL", "pagu", r["pagu"], "jumlah", "ringkasan_anggaran")
        add("TOTAL", "realisasi_anggaran", r["realisasi_anggaran"], "jumlah", "ringkasan_anggaran")
        add("TOTAL", "serapan", r["serapan"], "hitung", "ringkasan_anggaran")
    if "tabel_3_6" in t:
        for r in t["tabel_3_6"].itertuples():
            add(r.id, "efisiensi", r.efisiensi, "hitung", "tabel_3_6")
    if "rkt_rollup" in t:
        leaves = set(t["rkt"].loc[t["rkt"]["daun"] == True, "node_id"]) if "rkt" in t else set()  # noqa: E712
        for r in t["rkt_rollup"].itertuples():
            jenis = "masukan" if r.node_id in leaves else "jumlah"
            add(r.node_id, "anggaran_awal", r.anggaran_awal, jenis, "rkt_rollup")
            add(r.node_id, "anggaran_perubahan", r.anggaran_perubahan, jenis, "rkt_rollup")
            if "realisasi_anggaran" in t["rkt_rollup"].columns:
                add(r.node_id, "realisasi_anggaran", r.realisasi_anggaran, jenis, "rkt_rollup")
                add(r.node_id, "serapan", r.serapan, "hitung", "rkt_rollup")
                add(r.node_id, "target", r.target_perubahan, "masukan", "rkt_rollup")
                add(r.node_id, "realisasi", r.realisasi, "masukan", "rkt_rollup")
                add(r.node_id, "capaian", r.capaian_kinerja, "hitung", "rkt_rollup")
            if r.node_id == "TOTAL":
                add("TOTAL", "perubahan_anggaran", r.perubahan, "jumlah", "rkt_rollup")
    if "perjanjian_kinerja" in t:
        pk = t["perjanjian_kinerja"]
        amounts = [v for v in pk["anggaran"] if v is not None]
        if amounts:
            add("TOTAL", "anggaran", sum(amounts, Decimal(0)), "jumlah", "perjanjian_kinerja")
    if "akip_komponen" in t:
        for r in t["akip_komponen"].itertuples():
            add(r.komponen_id, "persen_bobot", r.persen_bobot, "hitung", "akip_komponen")
            add(r.komponen_id, "predikat", r.predikat, "hitung", "akip_komponen")
    if "akip_total" in t and len(t["akip_total"]):
        r = t["akip_total"].iloc[0]
        resmi = str(r.get("sumber_nilai") or "").startswith("nilai resmi")
        add("TOTAL", "nilai_akip", r["nilai"], "masukan" if resmi else "jumlah", "akip_total")
        add("TOTAL", "predikat_akip", r["predikat"], "hitung", "akip_total")
    if "tabel_1_1" in t:
        for r in t["tabel_1_1"].itertuples():
            if r.kecamatan != "Jumlah":
                continue
            ent = "TOTAL" if r.jenis == "Jumlah" else r.jenis
            add(ent + lalu, "jumlah_koperasi", r.jumlah_lalu, "jumlah", "tabel_1_1")
            add(ent, "jumlah_koperasi", r.jumlah_ini, "jumlah", "tabel_1_1")
    if "tabel_1_2" in t:
        for r in t["tabel_1_2"].itertuples():
            add(r.bidang_id, "jumlah_usaha_mikro", r.jumlah, "jumlah" if r.bidang_id == "TOTAL" else "masukan", "tabel_1_2")
            if r.bidang_id != "TOTAL":
                add(r.bidang_id, "persen_usaha_mikro", r.persen, "hitung", "tabel_1_2")
    if "tabel_3_7" in t:
        for r in t["tabel_3_7"].itertuples():
            ent = "TOTAL" if r.baris == "TOTAL" else f"baris:{r.baris}"
            add(ent, "kekurangan", r.kekurangan, "jumlah" if ent == "TOTAL" else "hitung", "tabel_3_7")
            if ent == "TOTAL":
                add(ent, "bezetting", r.bezetting, "jumlah", "tabel_3_7")
                add(ent, "kebutuhan_abk", r.kebutuhan_abk, "jumlah", "tabel_3_7")
    for name, satuan, eff in (("tabel_3_8", "pegawai", "efisiensi_sdm"), ("tabel_4_1", "sarpras", "efisiensi_sarpras")):
        if name in t and len(t[name]):
            r = t[name].iloc[0]
            add("TOTAL", f"jumlah_{satuan}", r["jumlah_ini"], "masukan" if satuan == "pegawai" else "jumlah", name)
            add("TOTAL" + lalu, f"jumlah_{satuan}", r["jumlah_lalu"], "masukan" if satuan == "pegawai" else "jumlah", name)
            add("TOTAL", f"capaian_per_{satuan}", r["sumbangan_ini"], "hitung", name)
            add("TOTAL" + lalu, f"capaian_per_{satuan}", r["sumbangan_lalu"], "hitung", name)
            add("TOTAL", eff, r["perubahan_relatif"], "hitung", name)
    if "tabel_4_0" in t and len(t["tabel_4_0"]):
        r = t["tabel_4_0"].iloc[-1]
        add("TOTAL", "nilai_aset", r["harga_ini"], "jumlah", "tabel_4_0")
        add("TOTAL" + lalu, "nilai_aset", r["harga_lalu"], "jumlah", "tabel_4_0")
    df = pd.DataFrame(rows, columns=["entitas", "besaran", "nilai", "jenis", "sumber"], dtype=object)
    return df.drop_duplicates(["entitas", "besaran"], keep="first").reset_index(drop=True)


# ---------------------------------------------------------------------- rules


def aturan_hitung(dilaporkan: pd.DataFrame, hitung: pd.DataFrame, toleransi_ulp: Decimal) -> list[dict]:
    """R01, R02, R03: every printed number against the computed or input value of the same quantity.

    A quantity with no computed value is compared between the places that print it (R03).
    """
    calc = {(r.entitas, r.besaran): (r.nilai, r.jenis) for r in hitung.itertuples()}
    out: list[dict] = []
    numeric = dilaporkan[dilaporkan["nilai"].map(lambda v: isinstance(v, Decimal)).astype(bool)]
    numeric = numeric[~numeric["besaran"].isin(["pembilang", "penyebut"])]
    for r in numeric.itertuples():
        key = (r.entitas, r.besaran)
        if key not in calc or not isinstance(calc[key][0], Decimal | int):
            continue
        value, jenis = calc[key]
        value = Decimal(value)
        hasil = bandingkan(r.nilai, value, toleransi_ulp, BESARAN_TYPES.get(r.besaran) in ("rupiah", "bilangan"),
                           desimal_teks(r.nilai_teks, r.nilai))
        if hasil == "cocok":
            continue
        kode = {"hitung": "R01", "jumlah": "R02", "masukan": "R03"}[jenis]
        if hasil in ("pemotongan", "pembulatan"):
            out.append(_temuan(kode, "info", r.lokasi, r.entitas, r.besaran,
                               f"{r.besaran} {r.entitas} dicetak '{r.nilai_teks}': {hasil} dari {value.normalize():f}",
                               r.nilai, value))
            continue
        what = {"R01": "berbeda dengan hasil hitung ulang", "R02": "tidak sama dengan jumlah baris-barisnya",
                "R03": "berbeda dengan nilai di tabel masukan"}[kode]
        out.append(_temuan(kode, "error", r.lokasi, r.entitas, r.besaran,
                           f"{r.besaran} {r.entitas} dicetak '{r.nilai_teks}' {what}", r.nilai, value))
    # The printed values of one quantity against each other (an error when nothing recomputes it).
    for (ent, bes), grp in numeric.groupby(["entitas", "besaran"], sort=True):
        if len(grp) < 2:
            continue
        ref = grp.iloc[0]
        tingkat = "peringatan" if (ent, bes) in calc else "error"
        for r in grp.iloc[1:].itertuples():
            d = min(desimal_teks(r.nilai_teks, r.nilai), desimal_teks(ref["nilai_teks"], ref["nilai"]))
            q = Decimal(1).scaleb(-d)
            if r.nilai.quantize(q, rounding="ROUND_DOWN") != ref["nilai"].quantize(q, rounding="ROUND_DOWN"):
                out.append(_temuan("R03", tingkat, r.lokasi, ent, bes,
                                   f"{bes} {ent} dicetak '{r.nilai_teks}' di {r.lokasi} tetapi '{ref['nilai_teks']}' "
                                   f"di {ref['lokasi']}", r.nilai, ref["nilai"]))
    return out


def aturan_pembilang(dilaporkan: pd.DataFrame, hitung: pd.DataFrame) -> list[dict]:
    """R06 "x dari y" with x > y, and R03 a realisasi implied by x/y × 100 that differs from the table."""
    out: list[dict] = []
    rep = dilaporkan.set_index(["lokasi", "entitas", "besaran"])["nilai"].to_dict()
    calc = {(r.entitas, r.besaran): r.nilai for r in hitung.itertuples()}
    for (lok, ent, bes), x in rep.items():
        if bes != "pembilang" or (lok, ent, "penyebut") not in rep:
            continue
        y = rep[(lok, ent, "penyebut")]
        if x is None or y is None:
            continue
        if x > y:
            out.append(_temuan("R06", "error", lok, ent, "pembilang",
                               f"{ent}: '{x.normalize():f} dari {y.normalize():f}' — bagian lebih besar dari keseluruhannya",
                               x, y))
        real = calc.get((ent, "realisasi"))
        if y and isinstance(real, Decimal):
            implied = x / y * HUNDRED
            if abs(implied - real) > Decimal("0.5"):  # counts in prose are whole: allow half a point
                out.append(_temuan("R03", "peringatan", lok, ent, "realisasi",
                                   f"{ent}: {x.normalize():f} / {y.normalize():f} × 100 = {implied:.2f}, "
                                   f"sedangkan realisasi di tabel {real.normalize():f}", implied, real))
    return out


def _skala(df: pd.DataFrame) -> list[Band]:
    return [Band(predikat=r.predikat, keterangan=r.keterangan or "",
                 bawah=r.bawah, atas=r.atas) for r in df.itertuples()]


def aturan_predikat(dilaporkan: pd.DataFrame, hitung: pd.DataFrame, skala: list[Band], skala_akip: list[Band],
                    skala_dilaporkan: pd.DataFrame | None, indikator_akip: str | None,
                    realisasi: dict[str, Decimal]) -> list[dict]:
    """R04: printed predicates against the params scales; the printed scale for gaps and reach."""
    out: list[dict] = []
    calc = {(r.entitas, r.besaran): r.nilai for r in hitung.itertuples()}
    labels = {b.predikat for b in skala}
    labels_akip = {b.predikat for b in skala_akip}
    for r in dilaporkan[dilaporkan["besaran"].isin(["predikat", "predikat_akip"])].itertuples():
        printed = (r.nilai_teks or "").strip()
        if r.entitas == indikator_akip and printed in labels_akip and printed not in labels:
            expected = predikat(realisasi.get(r.entitas), skala_akip)
            basis = f"nilai {fmt.ukuran(realisasi.get(r.entitas))} pada skala AKIP"
        else:
            expected = calc.get((r.entitas, r.besaran))
            basis = "hasil hitung ulang"
        if expected is None:
            continue
        if printed.lower() != str(expected).lower():
            out.append(_temuan("R04", "error", r.lokasi, r.entitas, r.besaran,
                               f"predikat {r.entitas} dicetak '{printed}', menurut {basis} dan skala predikat laporan ini "
                               f"seharusnya '{expected}'"))
    if skala_dilaporkan is not None and len(skala_dilaporkan):
        bands = _skala(skala_dilaporkan)
        for p in check_scale(bands):
            out.append(_temuan("R04", "error", "Skala predikat (dicetak)", "skala", "predikat",
                               f"skala predikat yang dicetak: {p}"))
        top = max((b.atas for b in bands if b.atas is not None), default=None)
        bounded = all(b.atas is not None for b in bands)
        if bounded and top is not None:
            over = [(r.entitas, r.nilai) for r in dilaporkan[dilaporkan["besaran"] == "capaian"].itertuples()
                    if isinstance(r.nilai, Decimal) and r.nilai > top]
            out.append(_temuan("R04", "peringatan", "Skala predikat (dicetak)", "skala", "predikat",
                               f"skala yang dicetak berhenti di {top.normalize():f}%: capaian di atasnya tidak "
                               f"berpredikat, padahal dokumen mencetak {len(over)} capaian di atas {top.normalize():f}%"
                               + (" (" + ", ".join(sorted({e for e, _ in over})) + ")" if over else ""),
                               max((v for _, v in over), default=None), top))
        for r in dilaporkan[dilaporkan["besaran"] == "capaian"].itertuples():
            if isinstance(r.nilai, Decimal) and predikat(r.nilai, bands) is None and not (bounded and r.nilai > top):
                out.append(_temuan("R04", "peringatan", r.lokasi, r.entitas, "capaian",
                                   f"capaian {r.nilai_teks} jatuh di celah skala yang dicetak (tanpa predikat)", r.nilai))
    return out


def tanggal(text: str) -> _dt.date | None:
    """Parse an Indonesian date as printed (``05 Januari 2024``); ``None`` when it is not one.

    Examples
    --------
    >>> tanggal("4 Oktober 2023")
    datetime.date(2023, 10, 4)
    """
    m = re.fullmatch(r"\s*(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})\s*", text or "")
    if not m or m.group(2).lower() not in _BULAN:
        return None
    try:
        return _dt.date(int(m.group(3)), _BULAN[m.group(2).lower()], int(m.group(1)))
    except ValueError:
        return None


def aturan_periode(dokumen: pd.DataFrame | None, pk: pd.DataFrame | None, riwayat: pd.DataFrame | None,
                   tahun: int, kepala: dict[str, str]) -> list[dict]:
    """R05 periods, and R03 for document elements printed differently in two places (dates, NIP, pangkat)."""
    out: list[dict] = []
    if pk is not None and len(pk):
        years = sorted({int(v) for v in pk["tahun_pk"] if v is not None})
        for y in years:
            if y != tahun:
                nomor = pk.loc[pk["tahun_pk"] == y, "nomor"].iloc[0]
                out.append(_temuan("R05", "error", "Lampiran Perjanjian Kinerja", "perjanjian_kinerja", "tahun",
                                   f"Perjanjian Kinerja yang dilampirkan (nomor {nomor}) bertahun {y}, bukan {tahun}"))
    if riwayat is not None and len(riwayat):
        for y in sorted({int(v) for v in riwayat["tahun"] if v is not None and v >= tahun}):
            out.append(_temuan("R05", "error", "Tabel 3.2", "riwayat_kinerja", "tahun",
                               f"data riwayat memuat tahun {y}, padahal riwayat harus sebelum {tahun}"))
    if dokumen is None or not len(dokumen):
        return out
    for r in dokumen.itertuples():
        if r.unsur.startswith("tahun"):
            try:
                y = int(str(r.nilai).strip())
            except ValueError:
                continue
            if y != tahun:
                tingkat = "error" if "Perjanjian" in r.lokasi or r.unsur == "tahun_laporan" else "peringatan"
                out.append(_temuan("R05", tingkat, r.lokasi, r.unsur, "tahun",
                                   f"{r.lokasi} menyebut tahun {y} ({r.catatan or r.nilai}), tahun laporan {tahun}"))
        elif r.unsur.startswith("tanggal"):
            d = tanggal(r.nilai)
            if d is None:
                continue
            if "Perjanjian" in r.lokasi and d.year != tahun:
                out.append(_temuan("R05", "error", r.lokasi, r.unsur, "tanggal",
                                   f"Perjanjian Kinerja bertanggal {r.nilai}, bukan dalam tahun {tahun}"))
            elif "Perjanjian" not in r.lokasi and d.year <= tahun:
                out.append(_temuan("R05", "error", r.lokasi, r.unsur, "tanggal",
                                   f"{r.lokasi} bertanggal {r.nilai}: laporan tahun {tahun} tidak dapat ditandatangani "
                                   f"sebelum tahun itu berakhir"))
    for unsur, grp in dokumen.groupby("unsur", sort=True):
        if unsur.startswith("tahun") or unsur.startswith(CATATAN_REVIU):
            continue
        sub = grp[~grp["lokasi"].str.contains("Perjanjian")]
        if len(sub) < 2:
            continue
        ref = sub.iloc[0]
        for r in sub.iloc[1:].itertuples():
            if r.nilai.strip() != ref["nilai"].strip():
                out.append(_temuan("R03", "error", r.lokasi, unsur, unsur,
                                   f"{unsur} dicetak '{r.nilai}' di {r.lokasi} tetapi '{ref['nilai']}' di {ref['lokasi']}"))
    for unsur, expected in kepala.items():
        for r in dokumen[dokumen["unsur"] == unsur].itertuples():
            if r.nilai.strip() != expected:
                out.append(_temuan("R03", "peringatan", r.lokasi, unsur, unsur,
                                   f"{unsur} dicetak '{r.nilai}' di {r.lokasi}, laporan ini mencantumkan '{expected}'"))
    return out


def aturan_catatan(dokumen: pd.DataFrame | None) -> list[dict]:
    """R07: remarks about the source document (``dokumen.csv``, ``unsur = catatan_reviu[:<entitas>]``).

    The one place for a transcriber's remark on the published document (e.g. "narasi
    3.1.4 calls this figure a national target", "Tabel 3.4 leaves this cell blank"):
    it is not report text, so it is recorded as data and printed only in the Catatan
    Reviu, as a ``peringatan`` of rule R07 at the place of the document it is about.

    Examples
    --------
    >>> dok = pd.DataFrame({"lokasi": ["Tabel 3.4"], "unsur": ["catatan_reviu:IKS02"],
    ...                     "nilai": ["sasaran nasional tidak dicetak"], "catatan": [None]})
    >>> [(f["kode"], f["tingkat"], f["entitas"], f["uraian"]) for f in aturan_catatan(dok)]
    [('R07', 'peringatan', 'IKS02', 'sasaran nasional tidak dicetak')]
    """
    if dokumen is None or not len(dokumen):
        return []
    out = []
    for r in dokumen.itertuples():
        kind, _, entitas = str(r.unsur).partition(":")
        if kind == CATATAN_REVIU:
            out.append(_temuan("R07", "peringatan", r.lokasi, entitas or "dokumen", "catatan", str(r.nilai)))
    return out


def aturan_mustahil(dilaporkan: pd.DataFrame, t: dict[str, pd.DataFrame],
                    realisasi: dict[str, Decimal | None] | None = None) -> list[dict]:
    """R06: realisasi above pagu, shares above 100%, counts not whole, negatives.

    ``realisasi`` (indicator id → realisasi of ``capaian_indikator``) is built from ``t``
    when not given (:func:`reviu` passes the one it built).
    """
    out: list[dict] = []
    for r in dilaporkan.itertuples():
        v = r.nilai
        if not isinstance(v, Decimal):
            continue
        if r.besaran in BESARAN_BILANGAN and v != v.to_integral_value():
            out.append(_temuan("R06", "error", r.lokasi, r.entitas, r.besaran,
                               f"{r.besaran} {r.entitas} dicetak '{r.nilai_teks}': bilangan cacah harus bulat", v))
        if r.besaran in BESARAN_BAGIAN and v > HUNDRED:
            out.append(_temuan("R06", "error", r.lokasi, r.entitas, r.besaran,
                               f"bagian {r.entitas} dicetak {r.nilai_teks}: lebih dari 100% keseluruhan", v, HUNDRED))
        if r.besaran in BESARAN_NONNEGATIF and v < 0:
            out.append(_temuan("R06", "error", r.lokasi, r.entitas, r.besaran,
                               f"{r.besaran} {r.entitas} dicetak negatif ({r.nilai_teks})", v))
    rep = {(r.lokasi, r.entitas, r.besaran): r.nilai for r in dilaporkan.itertuples()}
    for (lok, ent, bes), v in rep.items():
        pagu = rep.get((lok, ent, "pagu"))
        if bes == "realisasi_anggaran" and isinstance(v, Decimal) and isinstance(pagu, Decimal) and v > pagu:
            out.append(_temuan("R06", "error", lok, ent, bes, f"realisasi anggaran {ent} dicetak melebihi pagunya",
                               v, pagu))
    if "anggaran" in t:
        for r in t["anggaran"].itertuples():
            if r.realisasi is not None and r.pagu is not None and r.realisasi > r.pagu:
                out.append(_temuan("R06", "error", "Tabel 3.5", r.program_id, "realisasi_anggaran",
                                   f"realisasi anggaran {r.program_id} melebihi pagunya", r.realisasi, r.pagu))
    if "tabel_3_5" in t:
        for r in t["tabel_3_5"].itertuples():
            if r.jenis_baris == "program" and r.selisih_pagu_rkt not in (None, 0):
                out.append(_temuan("R03", "error", "Tabel 3.5 ↔ Tabel 2.2", r.id, "pagu",
                                   f"pagu {r.id} di Tabel 3.5 berbeda dengan anggaran perubahan di Tabel 2.2",
                                   r.pagu, r.pagu_rkt))
    if "tabel_3_5" in t and "selisih_realisasi_rkt" in t["tabel_3_5"].columns:
        for r in t["tabel_3_5"].itertuples():
            if r.jenis_baris == "program" and r.selisih_realisasi_rkt not in (None, 0):
                out.append(_temuan("R03", "error", "Tabel 3.5 ↔ Tabel 2.2", r.id, "realisasi_anggaran",
                                   f"realisasi anggaran {r.id} di Tabel 3.5 berbeda dengan realisasi RKT (Tabel 2.2)",
                                   r.realisasi_anggaran, r.realisasi_rkt))
    if "rkt_rollup" in t and "realisasi_anggaran_diisi" in t["rkt_rollup"].columns:
        for r in t["rkt_rollup"].itertuples():
            if r.realisasi_anggaran_diisi is not None and r.realisasi_anggaran != r.realisasi_anggaran_diisi:
                out.append(_temuan("R02", "error", "Tabel 2.2 (masukan)", r.node_id, "realisasi_anggaran",
                                   f"realisasi anggaran {r.node_id} diisi {r.realisasi_anggaran_diisi.normalize():f}, "
                                   f"jumlah anak-anaknya {r.realisasi_anggaran.normalize():f}",
                                   r.realisasi_anggaran_diisi, r.realisasi_anggaran))
    if "rkt" in t and "capaian_indikator" in t and "realisasi" in t["rkt"].columns:
        real = (realisasi if realisasi is not None
                else {r.indikator_id: r.realisasi for r in t["capaian_indikator"].itertuples()})
        for r in t["rkt"].itertuples():  # one indicator, one realisasi: Tabel 2.2 node vs Tabel 3.1
            i = getattr(r, "indikator_id", None)
            if isinstance(i, str) and r.realisasi is not None and real.get(i) is not None and r.realisasi != real[i]:
                out.append(_temuan("R03", "error", "Tabel 2.2 ↔ Tabel 3.1 (masukan)", i, "realisasi",
                                   f"realisasi {i} diisi {r.realisasi.normalize():f} pada node {r.node_id} Tabel 2.2 "
                                   f"tetapi {real[i].normalize():f} di Tabel 3.1", r.realisasi, real[i]))
    if "capaian_indikator" in t:
        for r in t["capaian_indikator"].itertuples():
            if r.capaian is not None and r.capaian < 0:
                out.append(_temuan("R06", "peringatan", "Tabel 3.1", r.indikator_id, "capaian",
                                   f"capaian {r.indikator_id} negatif (realisasi jauh melampaui target polaritas negatif)",
                                   None, r.capaian))
    return out


KOLOM_TERTAUT = ["indikator_id", "sumber_realisasi", "realisasi", "nilai_hitung", "toleransi", "cara"]


def realisasi_tertaut(t: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every indicator whose realisasi is declared a figure the pipeline also computes, beside that figure.

    ``indikator.sumber_realisasi`` (:data:`lkjip.tables.SUMBER_REALISASI`) links an
    indicator's realisasi to the official AKIP score (checked against the sum of its
    components) or to the mean capaian of the kegiatan / sub kegiatan below the
    indicator's RKT node. The realisasi (the input) is what the report prints; this
    table holds the other value for :func:`aturan_tautan`.

    Returns
    -------
    DataFrame
        ``indikator_id, sumber_realisasi, realisasi, nilai_hitung`` (``None`` when it
        cannot be computed), ``toleransi`` (the difference still accepted as matching)
        and ``cara`` (how the figure was computed, or why it was not), one row per
        linked indicator in force this year.
    """
    ind, cap = t.get("indikator"), t.get("capaian_indikator")
    if ind is None or cap is None or "sumber_realisasi" not in ind.columns:
        return pd.DataFrame(columns=KOLOM_TERTAUT, dtype=object)
    berlaku = cap.set_index("indikator_id")
    rows = []
    for r in ind.itertuples():
        if not isinstance(r.sumber_realisasi, str) or r.indikator_id not in berlaku.index:
            continue
        real = berlaku.at[r.indikator_id, "realisasi"]
        real = None if real is None or (isinstance(real, float) and real != real) else real
        tingkat = SUMBER_REALISASI[r.sumber_realisasi].tingkat
        if tingkat is None:  # the official AKIP score
            akip = t.get("akip_total")
            if akip is None or not len(akip) or akip.iloc[0]["jumlah_komponen"] is None:
                nilai, tol, cara = None, None, "tidak ada komponen evaluasi AKIP (Tabel 1.3)"
            else:
                a = akip.iloc[0]
                nilai, tol, cara = a["jumlah_komponen"], a["toleransi_komponen"], "jumlah nilai komponen (Tabel 1.3)"
        else:  # the mean capaian of the RKT nodes of level tingkat
            akar = r.program_id if r.tingkat == "program" else r.sasaran_id
            roll = t.get("rkt_rollup")
            if roll is None or not len(roll):
                nilai, cara = None, "tidak ada Tabel 2.2 (RKT)"
            else:
                nilai, cara = rata_rata_capaian_rkt(roll, akar, tingkat)
            tol = (Decimal(1).scaleb(-desimal_dicetak(real)) / 2) if isinstance(real, Decimal) else None
        rows.append({"indikator_id": r.indikator_id, "sumber_realisasi": r.sumber_realisasi, "realisasi": real,
                     "nilai_hitung": nilai, "toleransi": tol, "cara": cara})
    return pd.DataFrame(rows, columns=KOLOM_TERTAUT, dtype=object)


def aturan_tautan(tertaut: pd.DataFrame, toleransi_ulp: Decimal) -> list[dict]:
    """The declared links of :func:`realisasi_tertaut`: the computed figure against the realisasi.

    * ``nilai_akip`` (R02): the sum of the components against the official score,
      ``info`` within the components' printed precision, ``error`` beyond.
    * an average capaian (R01): the mean against the realisasi by the reviu's rounding
      rule (:func:`lkjip.numbers.bandingkan` with the realisasi's own decimals: half a
      unit of its last digit matches, up to ``toleransi_ulp`` units is ``info``, beyond
      ``error``); a mean that cannot be computed, or a blank realisasi, is a
      ``peringatan`` saying why.
    """
    out: list[dict] = []
    for r in tertaut.itertuples():
        real, nilai = r.realisasi, r.nilai_hitung
        tingkat = SUMBER_REALISASI[r.sumber_realisasi].tingkat
        if tingkat is None:  # the official AKIP score
            if real is None or nilai is None or real == nilai:
                continue
            dalam = abs(nilai - real) <= r.toleransi
            out.append(_temuan("R02", "info" if dalam else "error", "Tabel 1.3", "TOTAL", "nilai_akip",
                               f"nilai AKIP resmi {real.normalize():f}, jumlah nilai komponen "
                               f"{nilai.normalize():f}: selisih " + ("dalam" if dalam else "di luar")
                               + f" toleransi presisi komponen (± {r.toleransi.normalize():f})", real, nilai))
            continue
        lokasi, awal = "Tabel 3.1 (masukan)", f"realisasi {r.indikator_id}"
        arti = f"dinyatakan sebagai rata-rata capaian {tingkat.replace('_', ' ')} (menurut daftar induk indikator)"
        if nilai is None:
            out.append(_temuan("R01", "peringatan", lokasi, r.indikator_id, "realisasi",
                               f"{awal} {arti}, tetapi tidak dapat dihitung ulang: {r.cara}", real))
            continue
        if real is None:
            out.append(_temuan("R01", "peringatan", lokasi, r.indikator_id, "realisasi",
                               f"{awal} kosong, padahal {arti}: {r.cara} = {nilai:.2f}; isi realisasi dengan "
                               "nilai itu", None, nilai))
            continue
        hasil = bandingkan(real, nilai, toleransi_ulp)
        if hasil == "cocok":
            continue
        teks = (f"{awal} diisi '{real.normalize():f}', {arti}: {r.cara} = {nilai:.2f}; "
                f"toleransi ± {r.toleransi.normalize():f} (setengah satuan digit terakhir realisasi)")
        if hasil in ("pemotongan", "pembulatan"):
            out.append(_temuan("R01", "info", lokasi, r.indikator_id, "realisasi", f"{teks}: {hasil}", real, nilai))
        else:
            out.append(_temuan("R01", "error", lokasi, r.indikator_id, "realisasi", teks, real, nilai))
    return out


def tidak_diperiksa(dilaporkan: pd.DataFrame, hitung: pd.DataFrame, indikator_akip: str | None) -> list[dict]:
    """Printed figures no rule can recompute: one ``tidak_diperiksa`` row each, with the reason.

    A figure is checked when the pipeline has a value for its (``entitas``,
    ``besaran``), when it is a predicate of the AKIP indicator, or when it is a
    ``pembilang``/``penyebut`` printed with its pair at the same place. Everything
    else is listed, never skipped in silence.
    """
    calc = {(r.entitas, r.besaran) for r in hitung.itertuples()}
    places: dict[tuple[str, str], list[str]] = {}
    for r in dilaporkan.itertuples():
        places.setdefault((r.entitas, r.besaran), []).append(r.lokasi)
    keys = {(r.lokasi, r.entitas, r.besaran) for r in dilaporkan.itertuples()}
    out = []
    for r in dilaporkan.itertuples():
        if r.besaran in ("pembilang", "penyebut"):
            pair = "penyebut" if r.besaran == "pembilang" else "pembilang"
            if (r.lokasi, r.entitas, pair) in keys:
                continue
            why = f"{pair} {r.entitas} tidak dicatat di lokasi yang sama, jadi 'x dari y' tidak dapat diperiksa"
        elif (r.entitas, r.besaran) in calc:
            continue
        elif r.besaran in ("predikat", "predikat_akip") and r.entitas == indikator_akip:
            continue
        else:
            why = f"tidak ada nilai hitung ulang untuk {r.besaran} {r.entitas}"
            if r.besaran in ("predikat", "capaian", "serapan", "efisiensi"):
                why += " (masukannya kosong atau entitas ini tidak dihitung)"
            lain = [lok for lok in places[(r.entitas, r.besaran)] if lok != r.lokasi]
            if lain:
                why += "; hanya dibandingkan dengan cetakan di " + ", ".join(sorted(set(lain)))
        b = BESARAN.get(r.besaran)
        kode = b.aturan[:3] if b is not None and b.aturan[:3] in ATURAN else "R01"
        out.append(_temuan(kode, "tidak_diperiksa", r.lokasi, r.entitas, r.besaran,
                           f"{r.besaran} {r.entitas} dicetak '{r.nilai_teks}': {why}",
                           r.nilai if isinstance(r.nilai, Decimal) else None))
    return out


def hitungan_cetakan(dilaporkan: pd.DataFrame | None, temuan: pd.DataFrame) -> dict[str, int]:
    """How many printed figures were checked, how many could not be, and how many error findings.

    Examples
    --------
    >>> hitungan_cetakan(None, pd.DataFrame({"tingkat": ["error"]}))
    {'diperiksa': 0, 'tidak_diperiksa': 0, 'error': 1}
    """
    n = 0 if dilaporkan is None else len(dilaporkan)
    m = int((temuan["tingkat"] == "tidak_diperiksa").sum()) if len(temuan) else 0
    e = int((temuan["tingkat"] == "error").sum()) if len(temuan) else 0
    return {"diperiksa": n - m, "tidak_diperiksa": m, "error": e}


def kalimat_cetakan(h: dict[str, int]) -> str:
    """The one-line summary printed by ``lkjip reviu`` and at the end of ``lkjip run``.

    Examples
    --------
    >>> kalimat_cetakan({"diperiksa": 3, "tidak_diperiksa": 1, "error": 2})
    '3 angka cetakan diperiksa, 1 tidak dapat diperiksa, 2 error'
    """
    return f"{h['diperiksa']} angka cetakan diperiksa, {h['tidak_diperiksa']} tidak dapat diperiksa, {h['error']} error"


def reviu(t: dict[str, pd.DataFrame], P) -> pd.DataFrame:
    """Run every rule on the processed tables of a year.

    Parameters
    ----------
    t : dict of DataFrame
        Processed tables (``dilaporkan``, ``dokumen`` and ``skala_dilaporkan`` are
        optional: without printed figures only the internal rules find anything).
    P : Params
        Validated params (scales, tolerance, signatory, year).

    Returns
    -------
    DataFrame
        One row per finding: ``kode, tingkat, lokasi, entitas, besaran, uraian,
        nilai_dilaporkan, nilai_hitung, selisih``, errors first.
    """
    tahun = P.tahun
    empty = pd.DataFrame(columns=["lokasi", "entitas", "besaran", "nilai_teks", "nilai", "catatan"], dtype=object)
    dil = t.get("dilaporkan", empty)
    hitung = nilai_hitung(t, tahun)
    tol = Decimal(str(P.reviu.toleransi_ulp))
    realisasi = ({r.indikator_id: r.realisasi for r in t["capaian_indikator"].itertuples()}
                 if "capaian_indikator" in t else {})
    kepala = {"nip_kepala_dinas": P.instansi.kepala_dinas.nip, "pangkat_kepala_dinas": P.instansi.kepala_dinas.pangkat}
    rows = (aturan_hitung(dil, hitung, tol) + aturan_pembilang(dil, hitung)
            + aturan_predikat(dil, hitung, P.skala_predikat_capaian, P.skala_predikat_akip,
                              t.get("skala_dilaporkan"), P.indikator_akip, realisasi)
            + aturan_periode(t.get("dokumen"), t.get("perjanjian_kinerja"), t.get("riwayat_kinerja"), tahun, kepala)
            + aturan_mustahil(dil, t, realisasi) + aturan_tautan(realisasi_tertaut(t), tol) + aturan_catatan(t.get("dokumen"))
            + tidak_diperiksa(dil, hitung, P.indikator_akip))
    return _frame(rows)


def ringkasan(temuan: pd.DataFrame) -> pd.DataFrame:
    """Count of findings per rule and level, every rule listed (0 when it found nothing)."""
    rows = []
    for kode, (judul, uraian) in ATURAN.items():
        sub = temuan[temuan["kode"] == kode]
        rows.append({"kode": kode, "aturan": judul, "uraian": uraian,
                     **{t: int((sub["tingkat"] == t).sum()) for t in TINGKAT}})
    return pd.DataFrame(rows, dtype=object)
