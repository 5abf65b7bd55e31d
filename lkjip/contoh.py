"""A synthetic kabupaten: invented, valid OPDs for tests, demos and benchmarks.

:func:`kabupaten` returns, for a seed, every file of ``n`` invented perangkat daerah
(OPD) as text, keyed by their path relative to the output folder; ``lkjip contoh``
writes them. Everything is derived from ``random.Random`` seeded with strings built
from the seed, the OPD number and the item, so the same arguments always give the
same bytes, and a year's history (``t3_2_riwayat``) equals what that earlier year's
own folder reports.

Each OPD has its own name, Renstra, 2–6 sasaran with 1–4 indicators each (the first
at sasaran level, the others at program level; some with negative polarity),
programs with an RKT tree (sasaran → program → kegiatan → sub kegiatan, amounts on
sub kegiatan only) whose totals are the programs' pagu, realisasi per program, staff
and, for most OPDs, an AKIP evaluation. Some OPDs have no staff history or asset
tables (those sections print "data tidak tersedia"). ``dilaporkan.csv`` holds the
figures the invented document "printed": mostly the correct rounded values, and for
about one OPD in three a few deliberate errors (a capaian off by several points, a
total pagu off by a million rupiah, a wrong predicate) for the reviu to find.
"""

from __future__ import annotations

import hashlib
import random
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import yaml

from .capaian import hitung, predikat
from .params import Band

#: Names of invented OPDs (cycled with a number when more are asked for).
NAMA_OPD = (
    "Dinas Pendidikan", "Dinas Kesehatan", "Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas Sosial",
    "Dinas Perhubungan", "Dinas Lingkungan Hidup", "Dinas Kependudukan dan Pencatatan Sipil",
    "Dinas Pemberdayaan Masyarakat dan Desa", "Dinas Komunikasi dan Informatika", "Dinas Koperasi dan Usaha Mikro",
    "Dinas Penanaman Modal dan PTSP", "Dinas Kepemudaan dan Olahraga", "Dinas Pariwisata dan Kebudayaan",
    "Dinas Perpustakaan dan Kearsipan", "Dinas Pertanian", "Dinas Ketahanan Pangan dan Perikanan",
    "Dinas Perdagangan dan Perindustrian", "Dinas Tenaga Kerja", "Dinas Perumahan dan Kawasan Permukiman",
    "Dinas Pengendalian Penduduk dan KB", "Dinas Pemberdayaan Perempuan dan Perlindungan Anak",
    "Satuan Polisi Pamong Praja", "Badan Perencanaan Pembangunan Daerah", "Badan Pengelolaan Keuangan dan Aset Daerah",
    "Badan Pendapatan Daerah", "Badan Kepegawaian dan Pengembangan SDM", "Badan Penanggulangan Bencana Daerah",
    "Badan Kesatuan Bangsa dan Politik", "Inspektorat Daerah", "Sekretariat Daerah", "Sekretariat DPRD",
    "Kecamatan Utara", "Kecamatan Selatan", "Kecamatan Timur", "Kecamatan Barat", "Kecamatan Tengah",
    "RSUD Kabupaten", "Dinas Peternakan", "Dinas Kebakaran dan Penyelamatan", "Kantor Pelayanan Terpadu",
)
_TEMA = ("pelayanan publik", "tata kelola", "kualitas hidup masyarakat", "daya saing daerah", "infrastruktur dasar",
         "partisipasi masyarakat", "ketertiban umum", "kapasitas aparatur", "ekonomi lokal", "lingkungan")
_UKURAN = (("Persentase", "%"), ("Indeks", "indeks"), ("Tingkat", "%"), ("Jumlah", "unit"), ("Rasio", "%"))
KABUPATEN = "Kabupaten Contoh"
RENSTRA = (2021, 2026)
SKALA_CAPAIAN = [
    {"predikat": "Sangat Kurang", "keterangan": "", "bawah": None, "atas": 50},
    {"predikat": "Kurang", "keterangan": "", "bawah": 50, "atas": 70},
    {"predikat": "Cukup", "keterangan": "", "bawah": 70, "atas": 90},
    {"predikat": "Baik", "keterangan": "Berhasil", "bawah": 90, "atas": 110},
    {"predikat": "Istimewa", "keterangan": "Sangat Berhasil", "bawah": 110, "atas": None},
]
SKALA_AKIP = [
    {"predikat": "D", "keterangan": "Sangat Kurang", "bawah": 0, "atas": 30},
    {"predikat": "C", "keterangan": "Kurang", "bawah": 30, "atas": 50},
    {"predikat": "CC", "keterangan": "Cukup", "bawah": 50, "atas": 60},
    {"predikat": "B", "keterangan": "Baik", "bawah": 60, "atas": 70},
    {"predikat": "BB", "keterangan": "Sangat Baik", "bawah": 70, "atas": 80},
    {"predikat": "A", "keterangan": "Memuaskan", "bawah": 80, "atas": 90},
    {"predikat": "AA", "keterangan": "Istimewa", "bawah": 90, "atas": 100},
]
_KOMPONEN = (("K1", "Perencanaan Kinerja", 30), ("K2", "Pengukuran Kinerja", 30), ("K3", "Pelaporan Kinerja", 15),
             ("K4", "Evaluasi Akuntabilitas Kinerja Internal", 25))
_Q2 = Decimal("0.01")


def _rng(benih: int, *kunci) -> random.Random:
    """A generator seeded by the seed and a key (string seeds are hashed with SHA-512: stable across runs)."""
    return random.Random(":".join(map(str, (benih, *kunci))))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40]


def _id(text: str) -> str:
    return _slug(text).replace("-", "")


def _angka(v: Decimal, desimal: int = 2) -> str:
    """A number with a decimal comma and no thousands separator (``1008``, ``12,5``): never ambiguous."""
    q = v.quantize(Decimal(1).scaleb(-desimal), rounding=ROUND_HALF_UP)
    s = f"{q:f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s.replace(".", ",")


def _rupiah(v: int) -> str:
    """Rupiah as printed: ``16.461.000.000``."""
    return f"{v:,}".replace(",", ".")


def _csv(header: list[str], rows: list[list], sep: str = ";") -> str:
    """CSV text (``;``-separated; fields with the separator or a quote are quoted)."""
    def cell(v) -> str:
        s = "" if v is None else str(v)
        return '"' + s.replace('"', '""') + '"' if (sep in s or '"' in s or "\n" in s) else s
    return "".join(sep.join(cell(v) for v in r) + "\n" for r in [header, *rows])


def _opd(benih: int, nomor: int, tahun_list: list[int]) -> dict:
    """The invented plan of OPD ``nomor``: names, sasaran, indicators with values for every year, budget, staff."""
    r = _rng(benih, "opd", nomor)
    nama = NAMA_OPD[(nomor - 1) % len(NAMA_OPD)]
    if nomor > len(NAMA_OPD):
        nama = f"{nama} {(nomor - 1) // len(NAMA_OPD) + 1}"
    tahun_semua = list(range(min(tahun_list) - 2, max(tahun_list) + 1))
    sasaran, indikator, program = [], [], []
    n_sas = r.randint(2, 6)
    for s in range(1, n_sas + 1):
        tema = r.choice(_TEMA)
        sid = f"SS{s}"
        sasaran.append({"sasaran_id": sid, "sasaran": f"Meningkatnya {tema} bidang {s} {nama.split()[-1].lower()}",
                        "tujuan": f"Terwujudnya {tema} yang lebih baik", "misi_no": 1 + (s - 1) % 3})
        n_ind = r.randint(1, 4)
        n_prog = max(1, n_ind - 1)
        for p in range(1, n_prog + 1):
            pid = f"P{s}{p}"
            pagu_sub = [r.randint(8, 400) * 5_000_000 for _ in range(r.randint(1, 2))]
            serap = Decimal(r.randint(7200, 10000)) / Decimal(10000)
            program.append({"program_id": pid, "sasaran_id": sid,
                            "program": f"Program {r.choice(_TEMA).title()} {s}.{p}", "sub": pagu_sub,
                            "pagu": sum(pagu_sub), "realisasi": int((sum(pagu_sub) * serap).to_integral_value())})
        for k in range(1, n_ind + 1):
            ukuran, satuan = r.choice(_UKURAN)
            negatif = r.random() < 0.15 and satuan == "%"
            dasar = Decimal(r.randint(20, 900)) if satuan != "%" else Decimal(r.randint(30, 95))
            nilai = {}
            for j, th in enumerate(tahun_semua):
                target = (dasar + j * (Decimal(r.randint(0, 5)) if not negatif else Decimal(0))).quantize(_Q2)
                if negatif:
                    target = (dasar / 4 + 1).quantize(Decimal(1))
                faktor = Decimal(r.randint(55, 125)) / 100
                real = (target * faktor).quantize(_Q2) if not negatif else (target * (2 - faktor)).quantize(_Q2)
                nilai[th] = (target, max(real, Decimal(0)))
            indikator.append({
                "indikator_id": f"I{s}{k}", "sasaran_id": sid,
                "tingkat": "sasaran" if k == 1 else "program",
                "program_id": None if k == 1 else f"P{s}{k - 1}",
                "indikator": f"{ukuran} {('kasus ' if negatif else '')}{tema} {s}.{k}",
                "satuan": satuan, "polaritas": "negatif" if negatif else "positif", "nilai": nilai,
                "target_akhir": (nilai[max(tahun_semua)][0] * Decimal("1.1")).quantize(_Q2) if not negatif
                else nilai[max(tahun_semua)][0]})
    pegawai = [{"unit": u, "jabatan": j, "kelompok": g, "bezetting": r.randint(1, 6), "kebutuhan_abk": r.randint(1, 8)}
               for u, j, g in (("Pimpinan", "Kepala", "struktural"), ("Sekretariat", "Sekretaris", "struktural"),
                               ("Sekretariat", "Pengadministrasi Perkantoran", "pelaksana"),
                               ("Bidang Teknis", "Analis Kebijakan", "fungsional"),
                               ("Bidang Teknis", "Pengelola Data", "pelaksana"))]
    pegawai[0]["bezetting"] = pegawai[0]["kebutuhan_abk"] = 1
    return {
        "nomor": nomor, "nama": nama, "slug": f"opd-{nomor:02d}-{_slug(nama)}", "sasaran": sasaran,
        "indikator": indikator, "program": program, "pegawai": pegawai,
        "pns": r.randint(8, 60), "pppk": r.randint(0, 20), "kontrak": r.randint(0, 25),
        # optional tables left out for some OPDs (every 4th: no staff history; every 3rd: no assets; every 5th: no AKIP)
        "riwayat_pegawai": nomor % 4 != 0, "aset": nomor % 3 != 0, "akip": nomor % 5 != 0,
        "akip_nilai": {th: [Decimal(r.randint(int(b * 55), int(b * 95))) / 100 for _, _, b in _KOMPONEN]
                       for th in tahun_semua},
        "aset_barang": [(f"B{i:02d}", n, r.randint(1, 12), r.randint(5, 900) * 1_000_000)
                        for i, n in enumerate(("Kendaraan Dinas", "Komputer", "Meja Kerja", "Gedung Kantor")[:r.randint(2, 4)], 1)],
        "salah_cetak": nomor % 3 == 2,
        "metode_negatif": r.choice(["selisih_target", "rasio_terbalik"]),
        "efisiensi": r.choice(["capaian_minus_serapan", "sisa_anggaran"]),
    }


def _bands(skala: list[dict]) -> list[Band]:
    return [Band(**b) for b in skala]


def _params(o: dict, tahun: int, folder: Path) -> dict:
    base = folder / o["slug"]
    return {
        "tahun": tahun,
        "instansi": {"nama": o["nama"], "kabupaten": KABUPATEN, "alamat": f"Jl. Contoh No. {o['nomor']}",
                     "tempat": "Contoh", "tanggal_laporan": f"{tahun + 1}-01-{10 + o['nomor'] % 15:02d}",
                     "kepala_dinas": {"nama": f"Kepala Contoh {o['nomor']}, S.E.", "jabatan": f"Kepala {o['nama']}",
                                      "nip": f"19700101{tahun - 1980:04d}03{o['nomor']:04d}", "pangkat": "Pembina"}},
        "renstra": {"tahun_awal": RENSTRA[0], "tahun_akhir": RENSTRA[1]},
        "paths": {"raw": str(base / "data" / "raw" / str(tahun)),
                  "processed": str(base / "data" / "processed" / str(tahun)),
                  "reports": str(base / "reports" / str(tahun))},
        "skala_predikat_capaian": SKALA_CAPAIAN,
        "skala_predikat_akip": SKALA_AKIP,
        "metode": {"polaritas_negatif": o["metode_negatif"], "batas_capaian": None,
                   "rata_rata_capaian": "rata_rata_sasaran", "efisiensi_anggaran": o["efisiensi"]},
        "indikator_akip": None,
        "keluaran": {"format": ["html", "pdf"]},
        "reviu": {"toleransi_ulp": 1},
    }


def _params_yaml(p: dict, o: dict) -> str:
    head = (f"# Params rekaan (lkjip contoh): {o['nama']}, {KABUPATEN}, tahun {p['tahun']}.\n"
            "# Data dan angka diciptakan untuk uji dan demo; tidak menggambarkan instansi mana pun.\n")
    text = yaml.safe_dump(p, allow_unicode=True, sort_keys=False, default_flow_style=False, width=120)
    # dates as YAML dates (the loader reads them as datetime.date)
    text = re.sub(r"tanggal_laporan: '(\d{4}-\d{2}-\d{2})'", r"tanggal_laporan: \1", text)
    return head + text


def _tabel_tahun(o: dict, tahun: int) -> dict[str, str]:
    """Every raw CSV of OPD ``o`` for ``tahun`` (file name → text)."""
    t = {}
    ind = o["indikator"]
    t["sasaran.csv"] = _csv(["sasaran_id", "sasaran", "tahun_awal", "tahun_akhir", "urutan"],
                            [[s["sasaran_id"], s["sasaran"], RENSTRA[0], "", i] for i, s in enumerate(o["sasaran"], 1)])
    t["program.csv"] = _csv(["program_id", "program", "sasaran_id", "urutan"],
                            [[p["program_id"], p["program"], p["sasaran_id"], i] for i, p in enumerate(o["program"], 1)])
    t["indikator.csv"] = _csv(
        ["indikator_id", "indikator", "tingkat", "sasaran_id", "program_id", "satuan", "polaritas", "tahun_awal",
         "tahun_akhir", "menggantikan", "urutan"],
        [[i["indikator_id"], i["indikator"], i["tingkat"], i["sasaran_id"], i["program_id"], i["satuan"],
          i["polaritas"], RENSTRA[0], "", "", n] for n, i in enumerate(ind, 1)])
    utama = {i["sasaran_id"]: i for i in ind if i["tingkat"] == "sasaran"}

    def tgt(i, th):
        v = _angka(i["nilai"][th][0])
        return v + ("%" if i["satuan"] == "%" else f" {i['satuan']}")

    t["t2_1_renstra.csv"] = _csv(
        ["misi_no", "misi", "tujuan", "sasaran_id", "sasaran", "indikator", "target", "arah_kebijakan"],
        [[s["misi_no"], f"Misi {s['misi_no']} {KABUPATEN}", s["tujuan"], s["sasaran_id"], s["sasaran"],
          utama[s["sasaran_id"]]["indikator"], _angka(utama[s["sasaran_id"]]["target_akhir"])
          + ("%" if utama[s["sasaran_id"]]["satuan"] == "%" else ""), ""] for s in o["sasaran"]])
    rkt = []
    for s in o["sasaran"]:
        i = utama[s["sasaran_id"]]
        rkt.append([s["sasaran_id"], "", "sasaran", s["sasaran"], i["indikator"], tgt(i, tahun), "", tgt(i, tahun), ""])
        for p in (p for p in o["program"] if p["sasaran_id"] == s["sasaran_id"]):
            pi = next((x for x in ind if x["program_id"] == p["program_id"]), i)
            rkt.append([p["program_id"], s["sasaran_id"], "program", p["program"], pi["indikator"], tgt(pi, tahun), "",
                        tgt(pi, tahun), ""])
            kid = f"{p['program_id']}.K1"
            rkt.append([kid, p["program_id"], "kegiatan", f"Kegiatan pendukung {p['program']}",
                        "Persentase kegiatan terlaksana", "100%", "", "100%", ""])
            for n, amount in enumerate(p["sub"], 1):
                awal = amount + (5_000_000 if n == 1 else 0)
                rkt.append([f"{kid}.S{n}", kid, "sub_kegiatan", f"Sub kegiatan {n} {p['program']}",
                            "Jumlah dokumen", f"{n + 1} dok", _rupiah(awal), f"{n + 1} dok", _rupiah(amount)])
    t["t2_2_rkt.csv"] = _csv(["node_id", "parent_id", "tingkat", "nama", "indikator", "target_awal", "anggaran_awal",
                              "target_perubahan", "anggaran_perubahan"], rkt)

    def pct(i, v):
        return _angka(v) + ("%" if i["satuan"] == "%" else "")

    t["t3_1_kinerja.csv"] = _csv(["indikator_id", "indikator", "target", "realisasi"],
                                 [[i["indikator_id"], i["indikator"], pct(i, i["nilai"][tahun][0]),
                                   pct(i, i["nilai"][tahun][1])] for i in ind])
    t["t3_2_riwayat.csv"] = _csv(
        ["indikator_id", "indikator", "tahun", "target", "realisasi", "sumber_target"],
        [[i["indikator_id"], i["indikator"], th, pct(i, i["nilai"][th][0]), pct(i, i["nilai"][th][1]), f"LKjIP {th}"]
         for i in ind for th in (tahun - 2, tahun - 1)])
    t["t3_3_target_renstra.csv"] = _csv(["indikator_id", "indikator", "target_akhir", "keterangan"],
                                        [[i["indikator_id"], i["indikator"], pct(i, i["target_akhir"]), ""] for i in ind])
    t["t3_5_anggaran.csv"] = _csv(["program_id", "program", "pagu", "realisasi"],
                                  [[p["program_id"], p["program"], _rupiah(p["pagu"]), _rupiah(p["realisasi"])]
                                   for p in o["program"]])
    t["t3_7_pegawai.csv"] = _csv(["baris", "no", "unit", "jabatan", "kelompok", "bezetting", "kebutuhan_abk"],
                                 [[n, n, g["unit"], g["jabatan"], g["kelompok"], g["bezetting"], g["kebutuhan_abk"]]
                                  for n, g in enumerate(o["pegawai"], 1)])
    t["pegawai_komposisi.csv"] = _csv(["tahun", "jenis", "jumlah", "sumber"],
                                      [[tahun, j, n, "data kepegawaian"]
                                       for j, n in (("PNS", o["pns"]), ("PPPK", o["pppk"]), ("Tenaga Kontrak", o["kontrak"]))])
    jumlah_pegawai = o["pns"] + o["pppk"] + o["kontrak"]
    if o["riwayat_pegawai"]:
        t["t3_8_pegawai_riwayat.csv"] = _csv(["tahun", "jumlah_pegawai", "sumber"],
                                             [[tahun - 1, jumlah_pegawai - 1 + o["nomor"] % 3, f"LKjIP {tahun - 1}"]])
    if o["akip"]:
        t["t1_3_evaluasi_akip.csv"] = _csv(["komponen_id", "komponen", "bobot", "nilai"],
                                           [[k, n, f"{b}%", _angka(v)] for (k, n, b), v
                                            in zip(_KOMPONEN, o["akip_nilai"][tahun])])
    if o["aset"]:
        rows = []
        for n, (bid, nama, jumlah, harga) in enumerate(o["aset_barang"], 1):
            for th, tambah in ((tahun - 1, 0), (tahun, tahun % 2)):
                rows.append([bid, n, nama, th, jumlah + tambah, _rupiah(harga * (jumlah + tambah))])
        t["t4_0_aset.csv"] = _csv(["barang_id", "no", "nama_barang", "tahun", "jumlah", "harga"], rows)
    t["dilaporkan.csv"] = _dilaporkan(o, tahun)
    return t


def _dilaporkan(o: dict, tahun: int) -> str:
    """The figures the invented document printed: correct roundings, and deliberate errors for some OPDs."""
    bands = _bands(SKALA_CAPAIAN)
    rows = []
    for i in o["indikator"]:
        target, real = i["nilai"][tahun]
        cap = hitung(target, real, i["polaritas"], o["metode_negatif"]).nilai
        if cap is None:
            continue
        rows.append(["Tabel 3.1", i["indikator_id"], "capaian", _angka(cap) + "%", ""])
        rows.append(["Tabel 3.1", i["indikator_id"], "predikat", predikat(cap, bands), ""])
    pagu = sum(p["pagu"] for p in o["program"])
    real = sum(p["realisasi"] for p in o["program"])
    rows.append(["Tabel 3.5", "TOTAL", "pagu", _rupiah(pagu), ""])
    rows.append(["Tabel 3.5", "TOTAL", "realisasi_anggaran", _rupiah(real), ""])
    rows.append(["Tabel 3.5", "TOTAL", "serapan", _angka(Decimal(real) / Decimal(pagu) * 100) + "%", ""])
    if o["salah_cetak"]:  # deliberate printed errors for the reviu (R01 capaian, R02 total, R04 predicate)
        r = _rng(o["nomor"], "salah", tahun)
        k = r.randrange(0, len([x for x in rows if x[2] == "capaian"]))
        cap_rows = [x for x in rows if x[2] == "capaian"]
        cap_rows[k][3] = _angka(Decimal(cap_rows[k][3].rstrip("%").replace(".", "").replace(",", ".")) + 7) + "%"
        cap_rows[k][4] = "salah cetak rekaan"
        for x in rows:
            if x[1:3] == ["TOTAL", "pagu"]:
                x[3], x[4] = _rupiah(pagu + 1_000_000), "salah cetak rekaan"
        pred = [x for x in rows if x[2] == "predikat"]
        if pred:
            p = pred[-1]
            p[3] = next(b["predikat"] for b in SKALA_CAPAIAN if b["predikat"] != p[3])
            p[4] = "salah cetak rekaan"
    return _csv(["lokasi", "entitas", "besaran", "nilai", "catatan"], rows)


def _readme(o: dict, tahun: int, files: dict[str, str]) -> str:
    lines = [f"# Data rekaan: {o['nama']}, {KABUPATEN}, {tahun}", "",
             "Dibuat oleh `lkjip contoh` untuk uji, demo dan benchmark. Semua nama dan angka diciptakan.", "",
             "## Manifest", "", "| berkas | sumber (tabel, bagian, halaman) | isi | sha256 |", "|---|---|---|---|"]
    for name in sorted(files):
        digest = hashlib.sha256(files[name].encode("utf-8")).hexdigest()
        lines.append(f"| `{name}` | rekaan | {'narasi Markdown' if name.startswith('narasi/') else 'tabel rekaan'} | {digest} |")
    return "\n".join(lines) + "\n"


def kabupaten(folder: Path, jumlah_opd: int, tahun_list: list[int], benih: int) -> dict[str, str]:
    """Every file of a synthetic kabupaten, as text keyed by its path relative to ``folder``.

    Parameters
    ----------
    folder : Path
        Absolute folder the files will be written to (the params files name their raw
        and output folders absolutely, under it).
    jumlah_opd : int
        Number of OPDs (1–200).
    tahun_list : list of int
        Report years; each OPD gets ``params/<tahun>.yaml`` and ``data/raw/<tahun>/``.
    benih : int
        Seed: the same arguments always give the same bytes.

    Returns
    -------
    dict
        ``"<opd>/params/<tahun>.yaml"``, ``"<opd>/data/raw/<tahun>/<tabel>.csv"``,
        ``…/README.md`` (sha256 manifest), ``…/narasi/kata_pengantar.md``, and
        ``daftar.yaml`` (the batch list of every params file) → text.
    """
    tahun_list = sorted(set(tahun_list))
    out: dict[str, str] = {}
    daftar = []
    for nomor in range(1, jumlah_opd + 1):
        o = _opd(benih, nomor, tahun_list)
        for tahun in tahun_list:
            files = _tabel_tahun(o, tahun)
            files["narasi/kata_pengantar.md"] = (
                f"Laporan Kinerja {o['nama']} tahun {tahun} ini adalah dokumen rekaan yang dibuat untuk uji.\n")
            raw = f"{o['slug']}/data/raw/{tahun}"
            for name, text in files.items():
                out[f"{raw}/{name}"] = text
            out[f"{raw}/README.md"] = _readme(o, tahun, files)
            pfile = f"{o['slug']}/params/{tahun}.yaml"
            out[pfile] = _params_yaml(_params(o, tahun, folder), o)
            daftar.append(pfile)
    out["daftar.yaml"] = (f"# Daftar batch kabupaten rekaan ({jumlah_opd} OPD, tahun {', '.join(map(str, tahun_list))}).\n"
                          "# Jalankan: lkjip batch <folder ini>/daftar.yaml\n"
                          + yaml.safe_dump({"keluaran": "reports", "params": daftar}, allow_unicode=True,
                                           sort_keys=False))
    return out
