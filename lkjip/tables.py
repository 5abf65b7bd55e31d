"""The raw tables a year's data folder holds, with the type of every column.

Column types
------------
``id``        identifier: non-empty text without spaces, e.g. ``IKS01``, ``P01.K1.S1``
``teks``      free text (may be empty only where listed in ``nullable``)
``rupiah``    Rupiah amount, see :func:`lkjip.numbers.parse_rupiah`
``persen``    percentage, see :func:`lkjip.numbers.parse_persen`
``angka``     decimal number, see :func:`lkjip.numbers.parse_angka`
``bilangan``  whole count, see :func:`lkjip.numbers.parse_bilangan`
``tahun``     a four-digit year
``target``    number followed by an optional unit (``3 dok``, ``7,8%``); it becomes two
              processed columns, ``<name>`` and ``<name>_satuan``
``dilaporkan`` a value as the document printed it, typed by its ``besaran``
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Column of a raw frame holding each row's line number in its file (see :func:`lkjip.io.read_raw_csv`).
ROW_COL = "_baris"

#: Processed kind (:data:`lkjip.katalog.JENIS`) of each raw column type: what the typed value is.
JENIS_OLAHAN: dict[str, str] = {
    "id": "teks", "teks": "teks", "rupiah": "desimal", "persen": "desimal", "angka": "desimal",
    "bilangan": "bulat", "tahun": "bulat", "target": "desimal", "dilaporkan": "desimal",
}

#: The raw column types (see the module docstring): the keys of :data:`JENIS_OLAHAN`.
COLUMN_TYPES = tuple(JENIS_OLAHAN)


@dataclass(frozen=True)
class TableSpec:
    """Specification of one raw table.

    Parameters
    ----------
    name : str
        File stem under ``data/raw/<tahun>/`` (``<name>.csv``), and workbook sheet name.
    judul : str
        The source table in the document, e.g. ``"Tabel 3.5"``.
    uraian : str
        What the table holds, in Bahasa Indonesia.
    columns : dict
        Column name to column type (see module docstring), in file order.
    key : tuple of str
        Columns that together identify a row; duplicates are an error.
    nullable : frozenset of str
        Columns that may be blank ("data tidak tersedia").
    required : bool
        Whether the file must exist.
    opsional : frozenset of str
        Columns the file may leave out altogether (read as blank); newer columns
        are optional so that older data folders stay valid.
    olahan : str
        Name of the processed table it becomes (``data/processed/<tahun>/<olahan>.csv``,
        declared in :data:`lkjip.katalog.KATALOG`); the raw name when not given.
    nonnegatif : frozenset of str
        Number columns that may not be negative.
    pilihan : dict
        Text column to the values it may take.
    rentang : dict
        Number column to ``(bawah, atas)``: a value must satisfy ``bawah < v ≤ atas``.

    The value rules (``nonnegatif``, ``pilihan``, ``rentang``) are checked on the typed
    table by the pandera schemas of :data:`lkjip.clean.SCHEMAS`, built from them; a blank
    cell passes them (a required blank is already refused as *wajib diisi*).
    """

    name: str
    judul: str
    uraian: str
    columns: dict[str, str]
    key: tuple[str, ...] = ()
    nullable: frozenset[str] = field(default_factory=frozenset)
    required: bool = True
    opsional: frozenset[str] = field(default_factory=frozenset)
    olahan: str = ""
    nonnegatif: frozenset[str] = field(default_factory=frozenset)
    pilihan: dict[str, tuple[str, ...]] = field(default_factory=dict)
    rentang: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def filename(self) -> str:
        """File name of the raw CSV."""
        return f"{self.name}.csv"

    @property
    def kolom_olahan(self) -> dict[str, str]:
        """Columns of the typed table :func:`lkjip.clean.parse_table` makes, with their processed kinds.

        Each column keeps its name and gets the kind of :data:`JENIS_OLAHAN`; a ``target``
        column is followed by ``<name>_satuan`` (text), a ``dilaporkan`` column is preceded
        by ``<name>_teks`` (the figure as printed); ``baris_sumber`` (the row's line in the
        raw file) comes last.

        Examples
        --------
        >>> SPEC_BY_NAME["t3_5_anggaran"].kolom_olahan
        {'program_id': 'teks', 'program': 'teks', 'pagu': 'desimal', 'realisasi': 'desimal', 'baris_sumber': 'bulat'}
        >>> list(SPEC_BY_NAME["t2_1_renstra"].kolom_olahan)[6:8]
        ['target', 'target_satuan']
        """
        out: dict[str, str] = {}
        for col, kind in self.columns.items():
            if kind == "dilaporkan":
                out[f"{col}_teks"] = "teks"
            out[col] = JENIS_OLAHAN[kind]
            if kind == "target":
                out[f"{col}_satuan"] = "teks"
        out["baris_sumber"] = "bulat"
        return out


#: Kinds of raw column a value rule (``nonnegatif``, ``rentang``) applies to: the numbers.
_ANGKA = ("rupiah", "persen", "angka", "bilangan", "target")


def _spec(name, judul, uraian, columns, key=(), nullable=(), required=True, opsional=(), olahan=None,
          nonnegatif=(), pilihan=None, rentang=None) -> TableSpec:
    for col, kind in columns.items():
        if kind not in COLUMN_TYPES:
            raise ValueError(f"{name}.{col}: unknown column type {kind}")
    if not set(opsional) <= set(nullable):
        raise ValueError(f"{name}: an optional column must also be nullable")
    pilihan, rentang = dict(pilihan or {}), dict(rentang or {})
    for col in (*nonnegatif, *rentang):
        if columns.get(col) not in _ANGKA:
            raise ValueError(f"{name}.{col}: a value rule needs a number column, not {columns.get(col)}")
    for col in pilihan:
        if columns.get(col) != "teks":
            raise ValueError(f"{name}.{col}: a list of choices needs a text column, not {columns.get(col)}")
    return TableSpec(name, judul, uraian, dict(columns), tuple(key), frozenset(nullable), required, frozenset(opsional),
                     olahan or name, frozenset(nonnegatif), {c: tuple(v) for c, v in pilihan.items()}, rentang)


POLARITAS = ("positif", "negatif")
TINGKAT_INDIKATOR = ("sasaran", "program")


@dataclass(frozen=True)
class SumberRealisasi:
    """A figure the pipeline also computes that an indicator's realisasi may be declared to be.

    ``arti`` says what the realisasi then is, ``tunggal`` whether at most one indicator
    may carry it (an instansi-wide quantity), ``satuan`` the unit the indicator must have
    (``None``: any), and ``periksa`` how the reviu compares the two values (rule and
    tolerance). ``tingkat`` is the RKT level whose mean capaian the realisasi is
    (``None``: not a mean capaian, the AKIP score). Text in English: it is the README's
    raw-table reference.
    """

    arti: str
    tunggal: bool
    satuan: str | None
    periksa: str
    tingkat: str | None = None


#: Values of ``indikator.sumber_realisasi``: the realisasi *is* a figure the pipeline also
#: computes. One quantity, one value: the report prints the indicator's realisasi (the
#: input) everywhere, and the reviu compares the computed figure with it.
SUMBER_REALISASI: dict[str, SumberRealisasi] = {
    "nilai_akip": SumberRealisasi(
        "the official AKIP evaluation score issued by the evaluator; printed as the Tabel 1.3 total too",
        True, None,
        "R02: Σ component `nilai` of `t1_3_evaluasi_akip` vs the score; tolerance = Σ of half a unit of each "
        "component's last digit (`info` within it, `error` beyond)"),
    "rata_rata_capaian_kegiatan": SumberRealisasi(
        "the mean capaian of the kegiatan under the indicator's RKT node (its `program_id`; a sasaran "
        "indicator: its `sasaran_id`), each kegiatan's from its own `realisasi` / `target_perubahan` in `t2_2_rkt`",
        False, "%",
        "R01: the mean vs the realisasi; tolerance = half a unit of the realisasi's last digit (`100%`: ± 0,5), "
        "rounding up to `reviu.toleransi_ulp` units `info`, beyond `error`; a kegiatan without capaian: "
        "`peringatan`, not checked", tingkat="kegiatan"),
    "rata_rata_capaian_sub_kegiatan": SumberRealisasi(
        "the same mean over the sub kegiatan under the indicator's RKT node",
        False, "%", "R01, as `rata_rata_capaian_kegiatan`", tingkat="sub_kegiatan"),
}
#: ``dokumen.unsur`` of a remark about the source document: ``catatan_reviu[:<entitas>]``.
CATATAN_REVIU = "catatan_reviu"
TINGKAT_RKT = ("sasaran", "program", "kegiatan", "sub_kegiatan")
#: Kinds of spending of ``t2_2_belanja`` (Narasi 2.2).
JENIS_BELANJA = ("operasi", "modal")


SPECS: tuple[TableSpec, ...] = (
    _spec("sasaran", "Tabel 2.1, 3.1, 3.2", "Sasaran strategis (kini dan terdahulu)",
          {"sasaran_id": "id", "sasaran": "teks", "tahun_awal": "tahun", "tahun_akhir": "tahun", "urutan": "bilangan"},
          key=("sasaran_id",), nullable=("tahun_akhir",)),
    _spec("program", "Tabel 2.2, 3.1", "Program dan sasaran yang didukungnya",
          {"program_id": "id", "program": "teks", "sasaran_id": "id", "urutan": "bilangan"},
          key=("program_id",)),
    _spec("indikator", "Tabel 2.1, 3.1, 3.2", "Daftar induk indikator kinerja dengan id tetap",
          {"indikator_id": "id", "indikator": "teks", "tingkat": "teks", "sasaran_id": "id", "program_id": "id",
           "satuan": "teks", "polaritas": "teks", "tahun_awal": "tahun", "tahun_akhir": "tahun",
           "menggantikan": "id", "urutan": "bilangan", "sumber_realisasi": "teks"},
          key=("indikator_id",), nullable=("program_id", "tahun_akhir", "menggantikan", "sumber_realisasi"),
          opsional=("sumber_realisasi",),
          pilihan={"tingkat": TINGKAT_INDIKATOR, "polaritas": POLARITAS, "sumber_realisasi": tuple(SUMBER_REALISASI)}),
    _spec("indikator_alias", "semua tabel", "Nama lain indikator per tabel sumber",
          {"sumber": "teks", "alias": "teks", "indikator_id": "id"}, key=("sumber", "alias"), required=False),
    _spec("t1_1_koperasi", "Tabel 1.1", "Koperasi per kecamatan, jenis dan tahun",
          {"kecamatan": "teks", "jenis": "teks", "tahun": "tahun", "jumlah": "bilangan"},
          key=("kecamatan", "jenis", "tahun"), nullable=("jumlah",), required=False,
          olahan="koperasi", nonnegatif=("jumlah",)),
    _spec("t1_2_usaha_mikro", "Tabel 1.2", "Usaha mikro menurut bidang usaha",
          {"bidang_id": "id", "bidang": "teks", "jumlah": "bilangan"}, key=("bidang_id",), required=False,
          olahan="usaha_mikro", nonnegatif=("jumlah",)),
    _spec("t1_3_evaluasi_akip", "Tabel 1.3", "Hasil evaluasi AKIP per komponen",
          {"komponen_id": "id", "komponen": "teks", "bobot": "persen", "nilai": "angka"}, key=("komponen_id",),
          required=False, olahan="evaluasi_akip", nonnegatif=("nilai",), rentang={"bobot": (0, 100)}),
    _spec("t2_1_renstra", "Tabel 2.1", "Misi, tujuan, sasaran, indikator dan target Renstra",
          {"misi_no": "bilangan", "misi": "teks", "tujuan": "teks", "sasaran_id": "id", "sasaran": "teks",
           "indikator": "teks", "target": "target", "arah_kebijakan": "teks"},
          key=("sasaran_id", "indikator"), nullable=("arah_kebijakan",),
          olahan="renstra", nonnegatif=("target",)),
    _spec("t2_2_rkt", "Tabel 2.2", "Rencana Kinerja Tahunan: sasaran → program → kegiatan → sub kegiatan",
          {"node_id": "id", "parent_id": "id", "tingkat": "teks", "nama": "teks", "indikator": "teks",
           "target_awal": "target", "anggaran_awal": "rupiah", "target_perubahan": "target",
           "anggaran_perubahan": "rupiah", "realisasi": "target", "realisasi_anggaran": "rupiah"},
          key=("node_id",), nullable=("parent_id", "anggaran_awal", "anggaran_perubahan", "realisasi",
                                      "realisasi_anggaran", "target_awal", "target_perubahan"),
          opsional=("realisasi", "realisasi_anggaran"),
          olahan="rkt", pilihan={"tingkat": TINGKAT_RKT},
          nonnegatif=("target_awal", "anggaran_awal", "target_perubahan", "anggaran_perubahan", "realisasi",
                      "realisasi_anggaran")),
    _spec("t2_2_belanja", "Narasi 2.2", "Anggaran perubahan menurut jenis belanja",
          {"jenis_belanja": "teks", "anggaran_perubahan": "rupiah"}, key=("jenis_belanja",), required=False,
          olahan="belanja", pilihan={"jenis_belanja": JENIS_BELANJA}, nonnegatif=("anggaran_perubahan",)),
    _spec("pk_perjanjian_kinerja", "Lampiran Perjanjian Kinerja", "Perjanjian Kinerja yang dilampirkan",
          {"tahun_pk": "tahun", "nomor": "teks", "tanggal": "teks", "tingkat": "teks", "no": "bilangan",
           "sasaran": "teks", "program_id": "id", "indikator": "teks", "target": "target", "anggaran": "rupiah"},
          key=("tingkat", "no"), nullable=("program_id", "anggaran"), required=False,
          olahan="perjanjian_kinerja", pilihan={"tingkat": TINGKAT_INDIKATOR}, nonnegatif=("anggaran",)),
    _spec("t3_1_kinerja", "Tabel 3.1", "Target dan realisasi indikator tahun berjalan",
          {"indikator_id": "id", "indikator": "teks", "target": "persen", "realisasi": "persen"},
          key=("indikator_id",), nullable=("target", "realisasi"),
          olahan="kinerja", nonnegatif=("target",)),
    _spec("t3_2_riwayat", "Tabel 3.2", "Target dan realisasi tahun-tahun sebelumnya",
          {"indikator_id": "id", "indikator": "teks", "tahun": "tahun", "target": "persen", "realisasi": "persen",
           "sumber_target": "teks"},
          key=("indikator_id", "tahun"), nullable=("target", "realisasi", "sumber_target"),
          olahan="riwayat_kinerja", nonnegatif=("target",)),
    _spec("t3_3_target_renstra", "Tabel 3.3", "Target akhir periode Renstra",
          {"indikator_id": "id", "indikator": "teks", "target_akhir": "persen", "keterangan": "teks"},
          key=("indikator_id",), nullable=("keterangan", "target_akhir"),
          olahan="target_renstra", nonnegatif=("target_akhir",)),
    _spec("t3_4_nasional", "Tabel 3.4", "Pembanding tingkat nasional",
          {"indikator_id": "id", "sasaran_nasional": "teks", "indikator_nasional": "teks",
           "realisasi_nasional": "persen", "satuan_nasional": "teks"},
          key=("indikator_id",), nullable=("sasaran_nasional", "realisasi_nasional"),
          required=False, olahan="pembanding_nasional"),
    _spec("t3_5_anggaran", "Tabel 3.5", "Pagu dan realisasi anggaran per program",
          {"program_id": "id", "program": "teks", "pagu": "rupiah", "realisasi": "rupiah"},
          key=("program_id",), nullable=("realisasi",), required=False,
          olahan="anggaran", nonnegatif=("pagu", "realisasi")),
    _spec("t3_7_pegawai", "Tabel 3.7", "Bezetting dan kebutuhan pegawai (ABK) per unit dan jabatan",
          {"baris": "bilangan", "no": "bilangan", "unit": "teks", "jabatan": "teks", "kelompok": "teks",
           "bezetting": "bilangan", "kebutuhan_abk": "bilangan"},
          key=("baris",), nullable=("no",), required=False,
          olahan="pegawai", nonnegatif=("bezetting", "kebutuhan_abk")),
    _spec("pegawai_komposisi", "Bab III 3.2.2, Bab IV", "Komposisi pegawai menurut status",
          {"tahun": "tahun", "jenis": "teks", "jumlah": "bilangan", "sumber": "teks"},
          key=("tahun", "jenis"), nullable=("sumber",), required=False,
          nonnegatif=("jumlah",)),
    _spec("t3_8_pegawai_riwayat", "Tabel 3.8", "Jumlah pegawai tahun-tahun sebelumnya",
          {"tahun": "tahun", "jumlah_pegawai": "bilangan", "sumber": "teks"},
          key=("tahun",), nullable=("sumber",), required=False,
          olahan="pegawai_riwayat", nonnegatif=("jumlah_pegawai",)),
    _spec("t3_9_rkbmd", "Tabel 3.9", "Rencana Kebutuhan Barang Milik Daerah",
          {"barang_id": "id", "no": "bilangan", "uraian": "teks", "hasil_rekon": "bilangan",
           "standar_kebutuhan": "bilangan", "pengadaan": "bilangan"},
          key=("barang_id",), required=False,
          olahan="rkbmd", nonnegatif=("hasil_rekon", "standar_kebutuhan", "pengadaan")),
    _spec("t4_0_aset", "Tabel 4.0", "Aset per barang, akhir tahun lalu dan tahun berjalan",
          {"barang_id": "id", "no": "bilangan", "nama_barang": "teks", "tahun": "tahun", "jumlah": "bilangan",
           "harga": "rupiah"},
          key=("barang_id", "tahun"), nullable=("no", "harga"), required=False,
          olahan="aset", nonnegatif=("jumlah", "harga")),
    _spec("dilaporkan", "seluruh dokumen", "Angka hasil hitungan sebagaimana dicetak dokumen (untuk dibandingkan)",
          {"lokasi": "teks", "entitas": "teks", "besaran": "teks", "nilai": "dilaporkan", "catatan": "teks"},
          key=("lokasi", "entitas", "besaran"), nullable=("catatan",), required=False),
    _spec("skala_dilaporkan", "Bab III 3.1", "Skala predikat capaian sebagaimana dicetak dokumen (untuk direviu)",
          {"predikat": "teks", "keterangan": "teks", "bawah": "persen", "atas": "persen", "catatan": "teks"},
          key=("predikat",), nullable=("keterangan", "bawah", "atas", "catatan"), required=False),
    _spec("dokumen", "seluruh dokumen", "Unsur dokumen (tahun, tanggal, penandatangan) sebagaimana dicetak",
          {"lokasi": "teks", "unsur": "teks", "nilai": "teks", "catatan": "teks"},
          key=("lokasi", "unsur"), nullable=("catatan",), required=False),
)

SPEC_BY_NAME = {s.name: s for s in SPECS}
#: Processed table name of each raw table (declared once, in :data:`SPECS`).
PROCESSED_NAME: dict[str, str] = {s.name: s.olahan for s in SPECS}

#: Kinds of ``entitas`` a printed figure in ``dilaporkan.csv`` may name (README table).
ENTITAS: dict[str, str] = {
    "indikator": "`indikator_id` of `indikator.csv`",
    "sasaran": "`sasaran_id` of `sasaran.csv`",
    "program": "`program_id` of `program.csv`",
    "rkt": "`node_id` of `t2_2_rkt.csv` (sasaran, program, kegiatan or sub kegiatan)",
    "komponen": "`komponen_id` of `t1_3_evaluasi_akip.csv`",
    "bidang": "`bidang_id` of `t1_2_usaha_mikro.csv`",
    "jenis_koperasi": "`jenis` of `t1_1_koperasi.csv`",
    "baris": "`baris:<n>`, row `baris` of `t3_7_pegawai.csv`",
    "TOTAL": "`TOTAL`, the instansi total / average",
}


@dataclass(frozen=True)
class Besaran:
    """One quantity (``besaran``) the document may print, as recorded in ``dilaporkan.csv``.

    ``jenis`` types the printed ``nilai``; ``entitas`` lists the kinds of ``entitas``
    it takes (see :data:`ENTITAS`; every kind also takes a year suffix ``@2023`` for
    a value of another year); ``aturan`` says which review rule checks it.

    What the reviu's R06 (impossible values) derives from it: a ``bilangan`` must be a
    whole number; a ``rupiah`` or ``bilangan`` may not be negative unless it is a
    ``selisih`` (a difference, such as a change or a shortfall); a ``bagian`` (a share
    of a whole) may not exceed 100%.

    ``tampil`` is the kind the report shows the value as (:data:`JENIS_TAMPIL`), when
    it is not the one of ``jenis``: a ``realisasi`` or ``target`` is in the indicator's
    own unit, not always a percentage; a score or a contribution per unit is a plain
    number; an average of capaian is a percentage though printed as a plain number.
    """

    jenis: str
    entitas: tuple[str, ...]
    aturan: str
    selisih: bool = False
    bagian: bool = False
    tampil: str | None = None

    @property
    def jenis_tampil(self) -> str:
        """The kind the report shows the value as: ``tampil``, else the one of ``jenis`` (:data:`JENIS_TAMPIL`)."""
        return self.tampil or JENIS_TAMPIL[self.jenis]

    @property
    def bilangan(self) -> bool:
        """A count: the printed value must be a whole number."""
        return self.jenis == "bilangan"

    @property
    def nonnegatif(self) -> bool:
        """An amount or a count that cannot be negative (a difference can)."""
        return self.jenis in ("rupiah", "bilangan") and not self.selisih


#: Kind of value shown (report tables: ``bulat``, ``rupiah``, ``persen``, ``angka``, ``teks``) for each ``jenis``.
JENIS_TAMPIL: dict[str, str] = {"bilangan": "bulat", "rupiah": "rupiah", "persen": "persen", "angka": "angka",
                                "teks": "teks"}

_ANG = ("program", "sasaran", "rkt", "TOTAL")
#: Every ``besaran`` of ``dilaporkan.csv``: its type, the entitas it takes, the rule checking it.
BESARAN: dict[str, Besaran] = {
    "anggaran": Besaran("rupiah", ("TOTAL", "program"), "R02 Σ anggaran Perjanjian Kinerja"),
    "anggaran_awal": Besaran("rupiah", ("rkt", "TOTAL"), "R02 Σ sub kegiatan (Tabel 2.2); R03 leaf input"),
    "anggaran_perubahan": Besaran("rupiah", ("rkt", "TOTAL"), "R02 Σ sub kegiatan (Tabel 2.2); R03 leaf input"),
    "perubahan_anggaran": Besaran("rupiah", ("TOTAL",), "R02 perubahan − awal of the TOTAL", selisih=True),
    "pagu": Besaran("rupiah", _ANG, "R03 input (program, sub kegiatan); R02 Σ rows (sasaran, kegiatan, TOTAL)"),
    "realisasi_anggaran": Besaran("rupiah", _ANG, "R03 input; R02 Σ rows; R06 above pagu"),
    "nilai_aset": Besaran("rupiah", ("TOTAL",), "R02 Σ Tabel 4.0"),
    "capaian": Besaran("persen", ("indikator", "sasaran", "rkt", "TOTAL"),
                       "R01 recomputed capaian (indicator, sasaran by method, RKT node, instansi average)"),
    "serapan": Besaran("persen", _ANG, "R01 realisasi anggaran / pagu × 100"),
    "efisiensi": Besaran("persen", ("program", "sasaran", "rkt"), "R01 Tabel 3.6 by `metode.efisiensi_anggaran`"),
    "realisasi": Besaran("persen", ("indikator", "rkt"), "R03 input (`t3_1_kinerja`, `t3_2_riwayat`, `t2_2_rkt`); "
                                                         "the input itself: R01/R02 by `indikator.sumber_realisasi`",
                          tampil="angka"),
    "target": Besaran("persen", ("indikator", "rkt"), "R03 input (`t3_1_kinerja`, `t3_2_riwayat`, `t2_2_rkt`)",
                      tampil="angka"),
    "tingkat_kemajuan": Besaran("persen", ("indikator",), "R01 realisasi / target akhir Renstra × 100"),
    "persen_bobot": Besaran("persen", ("komponen",), "R01 nilai / bobot × 100"),
    "persen_usaha_mikro": Besaran("persen", ("bidang",), "R01 share of the total; R06 above 100%", bagian=True),
    "capaian_per_pegawai": Besaran("persen", ("TOTAL",), "R01 average capaian / jumlah pegawai", tampil="angka"),
    "capaian_per_sarpras": Besaran("persen", ("TOTAL",), "R01 average capaian / jumlah sarpras", tampil="angka"),
    "efisiensi_sdm": Besaran("persen", ("TOTAL",), "R01 relative change per pegawai"),
    "efisiensi_sarpras": Besaran("persen", ("TOTAL",), "R01 relative change per sarpras"),
    "rata_rata_capaian": Besaran("angka", ("TOTAL",), "R01 average by `metode.rata_rata_capaian`", tampil="persen"),
    "nilai_akip": Besaran("persen", ("TOTAL", "indikator"),
                          "R03 official score (the AKIP indicator's realisasi); R02 Σ components", tampil="angka"),
    "jumlah_koperasi": Besaran("bilangan", ("jenis_koperasi", "TOTAL"), "R02 Σ kecamatan (Tabel 1.1)"),
    "jumlah_usaha_mikro": Besaran("bilangan", ("bidang", "TOTAL"), "R03 input; R02 Σ bidang"),
    "pembilang": Besaran("bilangan", ("indikator",), "R06 x > y; R03 x / y × 100 vs realisasi"),
    "penyebut": Besaran("bilangan", ("indikator",), "R06 x > y; R03 x / y × 100 vs realisasi"),
    "bezetting": Besaran("bilangan", ("TOTAL",), "R02 Σ Tabel 3.7"),
    "kebutuhan_abk": Besaran("bilangan", ("TOTAL",), "R02 Σ Tabel 3.7"),
    "kekurangan": Besaran("bilangan", ("baris", "TOTAL"), "R01 bezetting − kebutuhan; R02 Σ", selisih=True),
    "jumlah_pegawai": Besaran("bilangan", ("TOTAL",), "R03 input (`pegawai_komposisi`, `t3_8_pegawai_riwayat`)"),
    "jumlah_sarpras": Besaran("bilangan", ("TOTAL",), "R02 Σ Tabel 4.0"),
    "predikat": Besaran("teks", ("indikator", "sasaran", "komponen", "TOTAL"), "R04 params scale"),
    "predikat_akip": Besaran("teks", ("TOTAL",), "R04 AKIP scale of the params"),
}

#: Type of each reported quantity (``besaran``) in ``dilaporkan.csv``.
BESARAN_TYPES: dict[str, str] = {k: b.jenis for k, b in BESARAN.items()}


def besaran_markdown() -> str:
    """The README table of printed-figure quantities, generated from :data:`BESARAN` (a test keeps them in sync)."""
    lines = ["| `besaran` | type of `nilai` | `entitas` kinds (each may end in `@<tahun>`) | checked by |",
             "|---|---|---|---|"]
    for name, b in BESARAN.items():
        ent = ", ".join(f"`{e}`" if e == "TOTAL" else e for e in b.entitas)
        lines.append(f"| `{name}` | {b.jenis} | {ent} | {b.aturan} |")
    lines += ["", "| `entitas` kind | what it is |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in ENTITAS.items()]
    return "\n".join(lines)


@dataclass(frozen=True)
class Referensi:
    """A foreign key between raw tables: every value of ``tabel.kolom`` is an id of ``induk``.

    The id column of ``induk`` is its first column (the workbook's pick-lists take
    column A of the parent sheet). One declaration, used by the cross-table check
    (:func:`lkjip.clean.cross_problems`) and the workbook's data validation lists.
    """

    tabel: str
    kolom: str
    induk: str

    @property
    def kolom_induk(self) -> str:
        """The id column of the parent table (its first column)."""
        return next(iter(SPEC_BY_NAME[self.induk].columns))


#: Every foreign key of the raw tables, in the order the cross-table check reports them.
REFERENSI: tuple[Referensi, ...] = (
    Referensi("program", "sasaran_id", "sasaran"),
    Referensi("indikator", "sasaran_id", "sasaran"),
    Referensi("indikator", "program_id", "program"),
    Referensi("indikator", "menggantikan", "indikator"),
    Referensi("indikator_alias", "indikator_id", "indikator"),
    Referensi("t3_1_kinerja", "indikator_id", "indikator"),
    Referensi("t3_2_riwayat", "indikator_id", "indikator"),
    Referensi("t3_3_target_renstra", "indikator_id", "indikator"),
    Referensi("t3_4_nasional", "indikator_id", "indikator"),
    Referensi("t2_1_renstra", "sasaran_id", "sasaran"),
    Referensi("t3_5_anggaran", "program_id", "program"),
    Referensi("pk_perjanjian_kinerja", "program_id", "program"),
)


def referensi_markdown() -> str:
    """The raw-table reference of the README, generated from :data:`SPECS` (a test keeps them in sync)."""
    lines = ["| file / sheet | source table | required | columns (type; `?` = may be blank) | key |",
             "|---|---|---|---|---|"]
    for s in SPECS:
        cols = ", ".join(f"`{c}` {k}{'?' if c in s.nullable else ''}{' (optional column)' if c in s.opsional else ''}"
                         for c, k in s.columns.items())
        lines.append(f"| `{s.name}` | {s.judul} | {'yes' if s.required else 'no'} | {cols} | "
                     f"{', '.join(s.key) or '—'} |")
    lines += ["", "`indikator.sumber_realisasi` (blank: an ordinary input): the indicator's realisasi *is* a figure "
                  "the pipeline also computes. The realisasi is printed everywhere; the reviu compares the computed "
                  "figure with it.", "",
              "| `sumber_realisasi` | the realisasi is | indicators | unit | reviu check and tolerance |",
              "|---|---|---|---|---|"]
    lines += [f"| `{k}` | {v.arti} | {'one at most' if v.tunggal else 'any number'} | "
              f"{'`' + v.satuan + '`' if v.satuan else 'any'} | {v.periksa} |" for k, v in SUMBER_REALISASI.items()]
    return "\n".join(lines)


# ------------------------------------------------------------------ limits
# Every size limit on raw input lives here (numbers: lkjip.numbers); the README's
# "Keamanan dan batas" table is generated from them by :func:`batas_markdown`.

#: Most data rows (header not counted) of a raw table unless listed in :data:`BATAS_BARIS`.
#: A real OPD has tens to a few hundred rows per table (2024: at most 210, Tabel 1.1);
#: the limits keep every accepted input within the time and memory budget of a run
#: (target: under 2 min and 1 GiB; measured with ``benchmarks/batas.py``).
BATAS_BARIS_BAWAAN = 200

#: Tables that may hold more rows than :data:`BATAS_BARIS_BAWAAN`.
BATAS_BARIS: dict[str, int] = {
    "t1_1_koperasi": 1000,   # kecamatan × jenis × 2 tahun (printed one row per kecamatan)
    "t4_0_aset": 600,        # barang × 2 tahun
    "t3_9_rkbmd": 300,
    "dilaporkan": 1500,      # every printed figure of the document (findings are printed)
}

#: Most columns a CSV file or workbook sheet may use.
BATAS_KOLOM = 40
#: Highest row number a workbook sheet may use (blank rows included).
BATAS_BARIS_LEMBAR = 10_000
#: Most cells (formatted blank cells included) in one workbook.
BATAS_SEL_WORKBOOK = 300_000

#: Largest raw file, in bytes, by kind.
BATAS_UKURAN: dict[str, int] = {
    "csv": 5 * 2 ** 20,           # one raw CSV table
    "xlsx": 20 * 2 ** 20,         # the workbook file
    "xlsx_isi": 50 * 2 ** 20,     # the workbook's contents once unzipped
    "md": 64 * 2 ** 10,           # one narasi Markdown file (2024: at most 11 KiB)
    "narasi": 128 * 2 ** 10,      # every narasi file together (2024: 35 KiB)
    "README.md": 2 ** 20,         # the data README with the manifest
}

#: Most characters in one cell of a raw table (2024: at most 320, a Renstra strategy).
BATAS_TEKS_SEL = 1000
#: Most characters in all cells of a year's raw tables together (2024: about 56,000). The
#: file size limits bound reading; this bounds what the report prints (every accepted input
#: must render within the run's time and memory budget, measured with ``benchmarks/batas.py``).
BATAS_TEKS_MENTAH = 250_000


def batas_baris(name: str) -> int:
    """Most data rows of raw table ``name`` (see :data:`BATAS_BARIS`)."""
    return BATAS_BARIS.get(name, BATAS_BARIS_BAWAAN)


def _ukuran(n: int) -> str:
    return f"{n // 2 ** 20} MiB" if n >= 2 ** 20 else f"{n // 2 ** 10} KiB"


def batas_markdown() -> str:
    """The raw-input limits of the README, generated from this module and :mod:`lkjip.numbers`."""
    from .numbers import BATAS_ANGKA, BATAS_BILANGAN, BATAS_RUPIAH, DESIMAL_MAKS

    def ribuan(n) -> str:
        return f"{int(n):,}"

    besar = ", ".join(f"`{n}` {ribuan(v)}" for n, v in BATAS_BARIS.items())
    return "\n".join([
        "| limit | value |",
        "|---|---|",
        f"| data rows per raw table | {ribuan(BATAS_BARIS_BAWAAN)} (except {besar}) |",
        f"| columns per CSV file / workbook sheet | {BATAS_KOLOM} |",
        f"| highest row used in a workbook sheet | {ribuan(BATAS_BARIS_LEMBAR)} |",
        f"| cells in a workbook (formatted blank cells included) | {ribuan(BATAS_SEL_WORKBOOK)} |",
        f"| size of a raw CSV file | {_ukuran(BATAS_UKURAN['csv'])} |",
        f"| size of the workbook (unzipped contents) | {_ukuran(BATAS_UKURAN['xlsx'])} "
        f"({_ukuran(BATAS_UKURAN['xlsx_isi'])}) |",
        f"| size of a `narasi/*.md` file (all narasi files together) | {_ukuran(BATAS_UKURAN['md'])} "
        f"({_ukuran(BATAS_UKURAN['narasi'])}) |",
        f"| characters in one raw table cell | {ribuan(BATAS_TEKS_SEL)} |",
        f"| characters in all raw table cells together | {ribuan(BATAS_TEKS_MENTAH)} |",
        f"| size of the data `README.md` (manifest) | {_ukuran(BATAS_UKURAN['README.md'])} |",
        f"| Rupiah amount (absolute value) | {ribuan(BATAS_RUPIAH)}, at most 2 decimals |",
        f"| percentage, decimal number, target (absolute value) | {ribuan(BATAS_ANGKA)}, at most {DESIMAL_MAKS} decimals |",
        f"| whole count | {ribuan(BATAS_BILANGAN)} |",
    ])


def check_columns(df, spec: TableSpec, label: str) -> list:
    """Problems (:class:`lkjip.errors.Problem`) for missing or unexpected columns of one raw table (a frame)."""
    from .errors import Problem

    cols = [c for c in df.columns if c != ROW_COL]
    problems = [
        Problem(label, f"kolom wajib '{c}' tidak ada (kolom yang diharapkan: {', '.join(spec.columns)})", baris=1, kolom=c)
        for c in spec.columns if c not in cols and c not in spec.opsional
    ]
    problems += [
        Problem(label, f"kolom '{c}' tidak dikenal untuk {spec.judul} (kolom yang diharapkan: {', '.join(spec.columns)})",
                baris=1, kolom=c)
        for c in cols if c not in spec.columns
    ]
    return problems


def lengkapi_kolom(df, spec: TableSpec):
    """A new frame with the optional columns the file left out added as blank, in spec order."""
    out = df.copy()
    for c in spec.columns:
        if c not in out.columns:
            out[c] = ""
    return out[[*spec.columns, ROW_COL]]
