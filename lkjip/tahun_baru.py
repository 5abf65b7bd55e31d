"""Start a new report year from the previous one: ``lkjip tahun-baru <tahun>``.

What is carried forward and what is left for the analyst:

* kept as is: sasaran, program, indikator (ids, names, units, polarity), aliases,
  Renstra (Tabel 2.1), Renstra end targets (Tabel 3.3), the RKT tree, the staff
  positions and their ABK need, the list of barang and of usaha mikro bidang;
* moved into the history: last year's target and realisasi (Tabel 3.1) become rows of
  ``t3_2_riwayat`` (history older than two years is dropped, as Tabel 3.2 compares
  with the two previous years); last year's staff total becomes a row of
  ``t3_8_pegawai_riwayat``; last year's asset counts stay as the "31 Desember" column;
* left empty: every target, realisasi, pagu, anggaran and count of the new year, and
  the number and date of the Perjanjian Kinerja, which is rebuilt from the current
  sasaran and program indicators;
* not carried: figures printed by last year's document (``dilaporkan``, ``dokumen``,
  ``skala_dilaporkan``).

Functions here are pure (frames in, new frames out); the CLI writes the files and
refuses to overwrite existing ones.
"""

from __future__ import annotations

import re

import pandas as pd

from .tables import SPEC_BY_NAME

TIDAK_DIBAWA = ("dilaporkan", "dokumen", "skala_dilaporkan")


def _blank(df: pd.DataFrame, cols: list[str]) -> pd.DataFrame:
    out = df.copy()
    for c in cols:
        if c in out:
            out[c] = ""
    return out


def _text(v) -> str:
    return "" if v is None else str(v)


def _aktif(indikator: pd.DataFrame, tahun: int) -> pd.DataFrame:
    def ok(r) -> bool:
        awal = int(r["tahun_awal"]) if _text(r["tahun_awal"]).strip() else None
        akhir = int(r["tahun_akhir"]) if _text(r["tahun_akhir"]).strip() else None
        return (awal is None or awal <= tahun) and (akhir is None or akhir >= tahun)
    return indikator[[ok(r) for _, r in indikator.iterrows()]]


def bawa_ke_tahun_baru(frames: dict[str, pd.DataFrame], tahun_lama: int, tahun: int) -> dict[str, pd.DataFrame]:
    """The raw tables of ``tahun`` built from the raw tables of ``tahun_lama``.

    Parameters
    ----------
    frames : dict of DataFrame
        Raw text frames of the old year (from :func:`lkjip.ingest.read_raw`), with or
        without the ``_baris`` column.
    tahun_lama, tahun : int
        Old and new report year.

    Returns
    -------
    dict of DataFrame
        Raw text frames of the new year, columns in the raw file order.

    Examples
    --------
    >>> kin = pd.DataFrame({"indikator_id": ["A"], "indikator": ["x"], "target": ["5%"], "realisasi": ["6%"]})
    >>> ind = pd.DataFrame({"indikator_id": ["A"], "indikator": ["x"], "tingkat": ["sasaran"], "sasaran_id": ["S"],
    ...                     "program_id": [""], "satuan": ["%"], "polaritas": ["positif"], "tahun_awal": ["2024"],
    ...                     "tahun_akhir": [""], "menggantikan": [""], "urutan": ["1"]})
    >>> new = bawa_ke_tahun_baru({"t3_1_kinerja": kin, "indikator": ind}, 2024, 2025)
    >>> new["t3_2_riwayat"][["indikator_id", "tahun", "target", "realisasi"]].values.tolist()
    [['A', '2024', '5%', '6%']]
    >>> new["t3_1_kinerja"][["target", "realisasi"]].values.tolist()
    [['', '']]
    """
    src = {k: v.drop(columns=[c for c in v.columns if c == "_baris"]).astype(object).map(_text)
           for k, v in frames.items() if k not in TIDAK_DIBAWA}
    out: dict[str, pd.DataFrame] = {}
    for name in ("sasaran", "program", "indikator", "indikator_alias", "t2_1_renstra", "t3_3_target_renstra"):
        if name in src:
            out[name] = src[name].copy()
    ind = src.get("indikator")
    aktif = _aktif(ind, tahun) if ind is not None else None
    names = dict(zip(ind["indikator_id"], ind["indikator"])) if ind is not None else {}

    if "t1_1_koperasi" in src:
        kop = src["t1_1_koperasi"]
        lama = kop[kop["tahun"] == str(tahun_lama)]
        baru = _blank(lama, ["jumlah"]).assign(tahun=str(tahun))
        out["t1_1_koperasi"] = pd.concat([lama, baru]).sort_index(kind="stable").reset_index(drop=True)
    if "t1_2_usaha_mikro" in src:
        out["t1_2_usaha_mikro"] = _blank(src["t1_2_usaha_mikro"], ["jumlah"])
    if "t1_3_evaluasi_akip" in src:
        out["t1_3_evaluasi_akip"] = _blank(src["t1_3_evaluasi_akip"], ["nilai"])
    if "t2_2_rkt" in src:
        rkt = src["t2_2_rkt"].reindex(columns=list(SPEC_BY_NAME["t2_2_rkt"].columns), fill_value="")
        out["t2_2_rkt"] = _blank(rkt, ["target_awal", "anggaran_awal", "target_perubahan", "anggaran_perubahan",
                                       "realisasi", "realisasi_anggaran"])
    if "t2_2_belanja" in src:
        out["t2_2_belanja"] = _blank(src["t2_2_belanja"], ["anggaran_perubahan"])
    if aktif is not None:
        out["t3_1_kinerja"] = pd.DataFrame({"indikator_id": aktif["indikator_id"], "indikator": aktif["indikator"],
                                            "target": "", "realisasi": ""}).reset_index(drop=True)
        if "pk_perjanjian_kinerja" in src or "t3_1_kinerja" in src:
            rows, no_s, no_p = [], 0, 0
            prog = src.get("program")
            prog_names = dict(zip(prog["program_id"], prog["program"])) if prog is not None else {}
            sas = src.get("sasaran")
            sas_names = dict(zip(sas["sasaran_id"], sas["sasaran"])) if sas is not None else {}
            for _, r in aktif.iterrows():
                if r["tingkat"] == "sasaran":
                    no_s += 1
                    rows.append({"tingkat": "sasaran", "no": str(no_s), "sasaran": sas_names.get(r["sasaran_id"], ""),
                                 "program_id": ""})
                else:
                    no_p += 1
                    rows.append({"tingkat": "program", "no": str(no_p), "sasaran": prog_names.get(r["program_id"], ""),
                                 "program_id": r["program_id"]})
                rows[-1].update({"tahun_pk": str(tahun), "nomor": "", "tanggal": "", "indikator": r["indikator"],
                                 "target": "", "anggaran": ""})
            cols = list(SPEC_BY_NAME["pk_perjanjian_kinerja"].columns)
            pk = pd.DataFrame(rows, columns=cols)
            out["pk_perjanjian_kinerja"] = pd.concat([pk[pk.tingkat == "sasaran"], pk[pk.tingkat == "program"]],
                                                     ignore_index=True)
    hist = []
    if "t3_2_riwayat" in src:
        old = src["t3_2_riwayat"]
        hist.append(old[old["tahun"].map(lambda y: y.isdigit() and int(y) >= tahun - 2)])
    if "t3_1_kinerja" in src:
        kin = src["t3_1_kinerja"]
        hist.append(pd.DataFrame({"indikator_id": kin["indikator_id"],
                                  "indikator": [names.get(i, n) for i, n in zip(kin["indikator_id"], kin["indikator"])],
                                  "tahun": str(tahun_lama), "target": kin["target"], "realisasi": kin["realisasi"],
                                  "sumber_target": f"LKjIP {tahun_lama}"}))
    if hist:
        out["t3_2_riwayat"] = pd.concat(hist, ignore_index=True)
    if "t3_4_nasional" in src:
        out["t3_4_nasional"] = _blank(src["t3_4_nasional"], ["realisasi_nasional"])
    if "t3_5_anggaran" in src:
        out["t3_5_anggaran"] = _blank(src["t3_5_anggaran"], ["pagu", "realisasi"])
    if "t3_7_pegawai" in src:
        out["t3_7_pegawai"] = _blank(src["t3_7_pegawai"], ["bezetting"])
    if "pegawai_komposisi" in src:
        kom = src["pegawai_komposisi"]
        lama = kom[kom["tahun"] == str(tahun_lama)]
        out["pegawai_komposisi"] = _blank(lama, ["jumlah", "sumber"]).assign(tahun=str(tahun)).reset_index(drop=True)
        riw = src.get("t3_8_pegawai_riwayat", pd.DataFrame(columns=["tahun", "jumlah_pegawai", "sumber"]))
        riw = riw[riw["tahun"].map(lambda y: y.isdigit() and int(y) >= tahun - 2)]
        counts = [c for c in lama["jumlah"]]
        if counts and all(re.fullmatch(r"\d+", c.replace(".", "")) for c in counts):
            total = sum(int(c.replace(".", "")) for c in counts)
            riw = pd.concat([riw, pd.DataFrame([{"tahun": str(tahun_lama), "jumlah_pegawai": str(total),
                                                 "sumber": f"komposisi pegawai {tahun_lama}"}])], ignore_index=True)
        if len(riw):
            out["t3_8_pegawai_riwayat"] = riw.reset_index(drop=True)
    if "t3_9_rkbmd" in src:
        out["t3_9_rkbmd"] = _blank(src["t3_9_rkbmd"], ["hasil_rekon", "pengadaan"])
    if "t4_0_aset" in src:
        aset = src["t4_0_aset"]
        lama = aset[aset["tahun"] == str(tahun_lama)]
        baru = _blank(lama, ["jumlah", "harga"]).assign(tahun=str(tahun))
        out["t4_0_aset"] = pd.concat([lama, baru]).sort_index(kind="stable").reset_index(drop=True)
    return {k: v.reindex(columns=list(SPEC_BY_NAME[k].columns), fill_value="") for k, v in out.items()}


def params_baru(text: str, tahun_lama: int, tahun: int) -> str:
    """The params YAML of the new year from the old one, comments kept.

    ``tahun`` and the year in ``paths`` change; ``tanggal_laporan`` moves on by as many years.
    The caller validates the result (a new year past the Renstra period is invalid).

    Examples
    --------
    >>> params_baru("tahun: 2024\\npaths:\\n  raw: data/raw/2024\\n  tanggal_laporan: 2025-01-10\\n", 2024, 2025)
    'tahun: 2025\\npaths:\\n  raw: data/raw/2025\\n  tanggal_laporan: 2026-01-10\\n'
    """
    lines = []
    for i, line in enumerate(text.splitlines(keepends=True)):
        if i == 0 and line.startswith("#"):
            line = re.sub(rf"(?<!\d){tahun_lama}(?!\d)", str(tahun), line)
        if re.match(r"^tahun:\s*\d{4}\s*$", line):
            line = f"tahun: {tahun}\n"
        elif re.match(r"^\s+(raw|processed|reports):", line):
            line = re.sub(rf"(?<!\d){tahun_lama}(?!\d)", str(tahun), line)
        elif re.match(r"^\s+tanggal_laporan:", line):
            line = re.sub(r"(\d{4})(-\d{2}-\d{2})", lambda m: f"{int(m.group(1)) + tahun - tahun_lama}{m.group(2)}", line)
        lines.append(line)
    return "".join(lines)


def readme(P, tahun: int, raw_label: str, manifest: list[tuple[str, str, str, str]]) -> str:
    """The ``README.md`` of the new data folder: what was carried, what to fill, and the sha256 manifest.

    Parameters
    ----------
    P : Params
        Params of the old year.
    tahun : int
        The new year.
    raw_label : str
        The new data folder as shown to the user.
    manifest : list of tuple
        ``(berkas, sumber, isi, sha256)`` per written file.
    """
    rows = "\n".join(f"| `{f}` | {sumber} | {isi} | {digest} |" for f, sumber, isi, digest in manifest)
    return (f"# Data mentah LKjIP {tahun} — {P.instansi.nama} {P.instansi.kabupaten}\n\n"
            f"Dibuat oleh `lkjip tahun-baru {tahun}` dari data {P.tahun}. Pohon indikator, id, satuan, polaritas "
            f"dan target Renstra dibawa; target/realisasi {P.tahun} dipindah ke riwayat (Tabel 3.2); target, "
            f"realisasi, anggaran dan jumlah tahun {tahun} **dikosongkan untuk diisi**. Narasi `narasi/*.md` "
            f"disalin dari {P.tahun} dan perlu diperbarui.\n\nSetelah mengisi, catat sidik jari berkas: "
            f"`lkjip manifest {raw_label}`.\n\n## Manifest\n\n"
            "| berkas | sumber | isi | sha256 |\n|---|---|---|---|\n" + rows + "\n")


def params_kosong(tahun: int, nama: str, kabupaten: str, renstra_awal: int, renstra_akhir: int) -> str:
    """The params YAML of a first year (``lkjip tahun-baru <tahun> --kosong``), with comments.

    Instansi, kabupaten and the Renstra period come from the options; the signatory
    is a placeholder to fill in (its NIP is eighteen zeros), the report date is
    31 January of the next year, and the scales and methods are the usual ones
    (PermenPAN-RB 53/2014 and 88/2021), to be checked against the instansi's own.
    The caller validates the result before writing anything.

    Examples
    --------
    >>> "tahun: 2026" in params_kosong(2026, "Dinas X", "Kabupaten Y", 2026, 2030)
    True
    """
    def q(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    tempat = re.sub(r"^(Kabupaten|Kota)\s+", "", kabupaten).strip() or kabupaten
    return f"""# Params LKjIP {tahun} — {nama} {kabupaten} (dibuat oleh lkjip tahun-baru --kosong).
# Semua kunci wajib; kunci yang tidak dikenal ditolak. Periksa setiap nilai bertanda ISI.
tahun: {tahun}

instansi:
  nama: {q(nama)}
  kabupaten: {q(kabupaten)}
  alamat: "ISI alamat kantor"
  tempat: {q(tempat)}
  tanggal_laporan: {tahun + 1}-01-31
  kepala_dinas:
    nama: "ISI nama kepala dinas"
    jabatan: {q("Kepala " + nama)}
    nip: "000000000000000000"   # ISI: 18 angka
    pangkat: "ISI pangkat"

renstra:
  tahun_awal: {renstra_awal}
  tahun_akhir: {renstra_akhir}

# Relatif terhadap akar repositori.
paths:
  raw: data/raw/{tahun}
  processed: data/processed/{tahun}
  reports: reports/{tahun}

# Skala predikat capaian indikator. Pita setengah terbuka: bawah < capaian <= atas.
skala_predikat_capaian:
  - {{predikat: Sangat Kurang, keterangan: "", bawah: null, atas: 50}}
  - {{predikat: Kurang, keterangan: "", bawah: 50, atas: 70}}
  - {{predikat: Cukup, keterangan: "", bawah: 70, atas: 90}}
  - {{predikat: Baik, keterangan: Berhasil, bawah: 90, atas: 110}}
  - {{predikat: Istimewa, keterangan: Sangat Berhasil, bawah: 110, atas: null}}

# Predikat hasil evaluasi AKIP (PermenPAN-RB 88/2021): batas bawah eksklusif.
skala_predikat_akip:
  - {{predikat: D, keterangan: Sangat Kurang, bawah: 0, atas: 30}}
  - {{predikat: C, keterangan: Kurang, bawah: 30, atas: 50}}
  - {{predikat: CC, keterangan: Cukup, bawah: 50, atas: 60}}
  - {{predikat: B, keterangan: Baik, bawah: 60, atas: 70}}
  - {{predikat: BB, keterangan: Sangat Baik, bawah: 70, atas: 80}}
  - {{predikat: A, keterangan: Memuaskan, bawah: 80, atas: 90}}
  - {{predikat: AA, keterangan: Istimewa, bawah: 90, atas: 100}}

metode:
  # selisih_target: (2·target − realisasi) / target × 100; rasio_terbalik: target / realisasi × 100
  polaritas_negatif: selisih_target
  # null = tanpa batas; angka = capaian dibatasi pada nilai itu (mis. 120)
  batas_capaian: null
  # rata_rata_sasaran atau rata_rata_indikator_sasaran
  rata_rata_capaian: rata_rata_sasaran
  # capaian_minus_serapan atau sisa_anggaran
  efisiensi_anggaran: capaian_minus_serapan

# Indikator yang realisasinya adalah nilai evaluasi AKIP; null bila tidak ada.
indikator_akip: null

keluaran:
  format: [html, pdf]

reviu:
  toleransi_ulp: 1

# Tingkat RKT yang ditampilkan Tabel 3.5/3.6 (program selalu; tambah kegiatan, sub_kegiatan).
anggaran:
  tingkat_tabel: [program]
"""


def readme_kosong(nama: str, kabupaten: str, tahun: int, raw_label: str,
                  manifest: list[tuple[str, str, str, str]]) -> str:
    """The ``README.md`` of a first year's empty data folder, with its sha256 manifest."""
    rows = "\n".join(f"| `{f}` | {sumber} | {isi} | {digest} |" for f, sumber, isi, digest in manifest)
    return (f"# Data mentah LKjIP {tahun} — {nama} {kabupaten}\n\n"
            f"Dibuat kosong oleh `lkjip tahun-baru {tahun} --kosong` (tahun pertama, tanpa tahun sebelumnya). "
            "Catat di sini sumber setiap berkas (dokumen, tabel, halaman) dan setiap keputusan transkripsi.\n\n"
            f"Setelah mengisi, catat sidik jari berkas: `lkjip manifest {raw_label}`.\n\n## Manifest\n\n"
            "| berkas | sumber | isi | sha256 |\n|---|---|---|---|\n" + rows + "\n")
