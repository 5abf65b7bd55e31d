"""The catalog of processed tables and charts: one registry for every table and chart a run writes.

Each :class:`Tabel` names the stage that writes it, its columns with their declared
kinds, and its title. :func:`lkjip.io.write_tables` refuses a table or a column that
is not declared here (or a value of the wrong kind), :func:`lkjip.io.read_table` reads
the declared kinds back, ``skema.json`` is written from it, and the annex
(:data:`LAMPIRAN`, :data:`SATUAN`) takes its titles and units from it. The stages
(:mod:`lkjip.tahap`) take their outputs from it.

Kinds: ``desimal`` (:class:`~decimal.Decimal`, exact), ``bulat`` (``int``), ``logika``
(``bool``), ``teks`` (text; a value of another type is written as text and read back
as ``str``). A blank cell is ``None`` in every kind.

The tables ``02_clean`` writes are the raw tables of :data:`lkjip.tables.SPECS` under
their processed names, with the columns the parsing gives them: they are derived from
the specs, not declared twice; beside them it writes the warnings and the fingerprints of
the read-once check (``peringatan``, ``bersih_sidik``: :mod:`lkjip.antara`). :data:`GAMBAR` is the same kind of registry for the
report's charts (number, file, stage, title). This module imports only
:mod:`lkjip.tables` (standard library only): every layer may use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from .tables import SPECS, TableSpec

#: Subfolder of the processed folder holding the pre-run check's result, the interim snapshot (:mod:`lkjip.antara`).
FOLDER_ANTARA = "antara"

#: Kinds of a processed column (see the module docstring).
JENIS = ("desimal", "bulat", "logika", "teks")


@dataclass(frozen=True)
class Tabel:
    """One processed table.

    Parameters
    ----------
    nama : str
        Table name (``<nama>.csv`` in ``data/processed/<tahun>/``).
    tahap : str
        Name of the stage that writes it (:data:`lkjip.tahap.STAGES`).
    judul : str
        Title (annex sheet, provenance).
    kolom : dict
        Column name to kind (:data:`JENIS`), in the order written.
    """

    nama: str
    tahap: str
    judul: str
    kolom: dict[str, str]

    def __hash__(self) -> int:
        return hash(self.nama)


def _bentuk_rkt(kolom: dict[str, str]) -> dict[str, str]:
    """Columns :func:`lkjip.clean.shape` adds to the RKT: file order first, the leaf flag after ``tingkat``,
    the resolved ``indikator_id`` last."""
    k = list(kolom.items())
    k.insert([c for c, _ in k].index("tingkat") + 1, ("daun", "logika"))
    return {"urutan": "bulat", **dict(k), "indikator_id": "teks"}


def _dari_mentah(spec: TableSpec) -> Tabel:
    """The processed table of one raw table: written by ``02_clean``, columns as parsed (:attr:`TableSpec.kolom_olahan`).

    Examples
    --------
    >>> from lkjip.tables import SPEC_BY_NAME
    >>> t = _dari_mentah(SPEC_BY_NAME["t3_5_anggaran"])
    >>> t.nama, t.tahap, t.judul
    ('anggaran', '02_clean', 'Pagu dan realisasi anggaran per program (Tabel 3.5)')
    >>> list(_dari_mentah(SPEC_BY_NAME["t2_2_rkt"]).kolom)[:5]
    ['urutan', 'node_id', 'parent_id', 'tingkat', 'daun']
    """
    kolom = spec.kolom_olahan
    if spec.olahan == "rkt":
        kolom = _bentuk_rkt(kolom)
    return Tabel(spec.olahan, "02_clean", f"{spec.uraian} ({spec.judul})", kolom)


#: Columns of a raw-file inventory (:func:`lkjip.ingest.inventory`): the data files' and the narasi files'.
KOLOM_INVENTARIS = {"berkas": "teks", "tabel": "teks", "uraian": "teks", "baris": "bulat", "kolom": "bulat",
                     "sha256": "teks", "sha256_manifest": "teks", "cocok": "logika"}

KATALOG: dict[str, Tabel] = {t.nama: t for t in (
    # ---- 01_ingest
    Tabel("inventaris_raw", "01_ingest", "Inventaris berkas data mentah (sha256 vs manifest)", KOLOM_INVENTARIS),
    Tabel("mentah", "01_ingest", "Salinan terverifikasi sel data mentah, apa adanya (dibaca tahap clean)",
          {"tabel": "teks", "baris": "bulat", "kolom": "teks", "jenis": "teks", "nilai": "teks"}),
    Tabel("mentah_sidik", "01_ingest", "Sidik jari salinan data mentah per tabel (sha256 berkas dan sel)",
          {"tabel": "teks", "berkas": "teks", "baris": "bulat", "kolom": "teks", "sha256_berkas": "teks",
           "sha256_sel": "teks"}),
    # ---- 02_clean: one table per raw table, declared in lkjip.tables.SPECS (see _dari_mentah)
    *(_dari_mentah(spec) for spec in SPECS),
    Tabel("peringatan", "02_clean", "Peringatan data mentah (data dapat dipakai, run berlanjut)",
          {"berkas": "teks", "baris": "bulat", "kolom": "teks", "nilai": "teks", "pesan": "teks"}),
    Tabel("bersih_sidik", "02_clean", "Sidik jari tabel bersih (sha256 per tabel, dari salinan data mentah mana)",
          {"tabel": "teks", "baris": "bulat", "sha256": "teks", "tahun": "bulat", "sha256_mentah_sidik": "teks"}),
    # ---- 03_capaian
    Tabel("capaian_indikator", "03_capaian", "Capaian per indikator",
          {"indikator_id": "teks", "indikator": "teks", "tingkat": "teks", "sasaran_id": "teks",
           "program_id": "teks", "satuan": "teks", "polaritas": "teks", "target": "desimal", "realisasi":
           "desimal", "capaian": "desimal", "predikat": "teks", "alasan": "teks", "catatan": "teks",
           "rumus": "teks", "perhitungan": "teks", "urutan": "bulat"}),
    Tabel("capaian_sasaran", "03_capaian", "Capaian per sasaran strategis",
          {"sasaran_id": "teks", "sasaran": "teks", "jumlah_indikator": "bulat", "indikator_tanpa_capaian":
           "bulat", "capaian": "desimal", "predikat": "teks", "metode": "teks", "urutan": "bulat"}),
    Tabel("capaian_instansi", "03_capaian", "Rata-rata capaian instansi",
          {"capaian": "desimal", "predikat": "teks", "metode": "teks", "jumlah_nilai": "bulat"}),
    Tabel("tabel_3_1", "03_capaian", "Tabel 3.1 Capaian kinerja",
          {"jenis_baris": "teks", "baris": "teks", "indikator_id": "teks", "indikator": "teks", "satuan":
           "teks", "target": "desimal", "realisasi": "desimal", "capaian": "desimal", "predikat": "teks",
           "alasan": "teks", "catatan": "teks", "rumus": "teks", "sasaran_id": "teks", "program_id": "teks"}),
    Tabel("tabel_3_2", "03_capaian", "Tabel 3.2 Perbandingan dengan tahun-tahun sebelumnya",
          {"indikator_id": "teks", "tahun": "bulat", "indikator_tahun_id": "teks", "indikator_tahun":
           "teks", "berubah": "logika", "target": "desimal", "realisasi": "desimal", "capaian": "desimal",
           "predikat": "teks", "alasan": "teks"}),
    Tabel("tabel_3_3", "03_capaian", "Tabel 3.3 Perbandingan dengan target jangka menengah",
          {"indikator_id": "teks", "indikator": "teks", "tingkat": "teks", "satuan": "teks", "target_akhir":
           "desimal", "realisasi": "desimal", "tingkat_kemajuan": "desimal", "alasan": "teks", "sisa_tahun":
           "bulat", "perubahan_per_tahun_diperlukan": "desimal", "tren_per_tahun": "desimal",
           "tahun_awal_tren": "bulat", "proyeksi_akhir": "desimal", "status_tren": "teks"}),
    Tabel("tabel_3_4", "03_capaian", "Tabel 3.4 Perbandingan dengan level nasional",
          {"indikator_id": "teks", "indikator": "teks", "realisasi": "desimal", "satuan": "teks",
           "indikator_nasional": "teks", "realisasi_nasional": "desimal", "satuan_nasional": "teks",
           "selisih": "desimal", "keterangan": "teks"}),
    Tabel("akip_komponen", "03_capaian", "Tabel 1.3 Evaluasi AKIP per komponen",
          {"komponen_id": "teks", "komponen": "teks", "bobot": "desimal", "nilai": "desimal",
           "persen_bobot": "desimal", "predikat": "teks"}),
    Tabel("akip_total", "03_capaian", "Tabel 1.3 Evaluasi AKIP: jumlah",
          {"komponen_id": "teks", "komponen": "teks", "bobot": "desimal", "nilai": "desimal",
           "persen_bobot": "desimal", "predikat": "teks", "nilai_tahun_lalu": "desimal", "perubahan":
           "desimal", "jumlah_komponen": "desimal", "toleransi_komponen": "desimal", "sumber_nilai": "teks"}),
    # ---- 04_anggaran
    Tabel("rkt_rollup", "04_anggaran", "Tabel 2.2 Rencana Kinerja Tahunan (dihitung dari sub kegiatan)",
          {"node_id": "teks", "parent_id": "teks", "tingkat": "teks", "nama": "teks", "indikator": "teks",
           "target_perubahan": "desimal", "target_perubahan_satuan": "teks", "anggaran_awal": "desimal",
           "anggaran_perubahan": "desimal", "perubahan": "desimal", "persen_perubahan": "desimal",
           "realisasi": "desimal", "capaian_kinerja": "desimal", "realisasi_anggaran": "desimal",
           "realisasi_anggaran_diisi": "desimal", "serapan": "desimal", "catatan_serapan": "teks"}),
    Tabel("rkt_cek", "04_anggaran", "Tabel 2.2 Angka cetakan dibandingkan hasil hitung",
          {"lokasi": "teks", "entitas": "teks", "besaran": "teks", "nilai_dilaporkan": "desimal",
           "nilai_teks": "teks", "nilai_hitung": "desimal", "selisih": "desimal", "hasil": "teks",
           "cocok": "logika"}),
    Tabel("tabel_3_5", "04_anggaran", "Tabel 3.5 Realisasi kinerja dan anggaran",
          {"jenis_baris": "teks", "id": "teks", "nama": "teks", "sasaran_id": "teks", "indikator_id":
           "teks", "indikator": "teks", "target": "desimal", "realisasi": "desimal", "capaian": "desimal",
           "metode_capaian": "teks", "pagu": "desimal", "realisasi_anggaran": "desimal", "serapan": "desimal",
           "catatan_serapan": "teks", "pagu_rkt": "desimal", "selisih_pagu_rkt": "desimal",
           "realisasi_rkt": "desimal", "selisih_realisasi_rkt": "desimal"}),
    Tabel("tabel_3_5_cek", "04_anggaran", "Tabel 3.5 Angka cetakan dibandingkan hasil hitung",
          {"lokasi": "teks", "entitas": "teks", "besaran": "teks", "nilai_dilaporkan": "desimal",
           "nilai_teks": "teks", "nilai_hitung": "desimal", "selisih": "desimal", "hasil": "teks",
           "cocok": "logika"}),
    Tabel("tabel_3_6", "04_anggaran", "Tabel 3.6 Efisiensi anggaran",
          {"jenis_baris": "teks", "id": "teks", "nama": "teks", "indikator": "teks", "capaian": "desimal",
           "serapan": "desimal", "efisiensi": "desimal", "status": "teks", "alasan": "teks", "metode":
           "teks", "kuadran": "teks"}),
    Tabel("ringkasan_anggaran", "04_anggaran", "Ringkasan anggaran",
          {"jumlah_program": "bulat", "pagu": "desimal", "realisasi_anggaran": "desimal", "sisa_anggaran":
           "desimal", "serapan": "desimal", "catatan": "teks"}),
    # ---- 05_sumber_daya
    Tabel("tabel_1_1", "05_sumber_daya", "Tabel 1.1 Koperasi per kecamatan dan jenis",
          {"kecamatan": "teks", "jenis": "teks", "jumlah_lalu": "bulat", "jumlah_ini": "bulat", "perubahan":
           "bulat"}),
    Tabel("tabel_1_2", "05_sumber_daya", "Tabel 1.2 Usaha mikro per bidang usaha",
          {"bidang_id": "teks", "bidang": "teks", "jumlah": "bulat", "persen": "desimal"}),
    Tabel("tabel_3_7", "05_sumber_daya", "Tabel 3.7 Pegawai dan kebutuhan ABK",
          {"baris": "teks", "no": "bulat", "unit": "teks", "jabatan": "teks", "kelompok": "teks",
           "bezetting": "bulat", "kebutuhan_abk": "bulat", "kekurangan": "bulat"}),
    Tabel("pegawai_per_unit", "05_sumber_daya", "Tabel 3.7 Pegawai per unit",
          {"unit": "teks", "jumlah_jabatan": "bulat", "bezetting": "bulat", "kebutuhan_abk": "bulat",
           "kekurangan": "bulat"}),
    Tabel("komposisi_pegawai", "05_sumber_daya", "Komposisi pegawai",
          {"jenis": "teks", "jumlah": "bulat", "persen": "desimal"}),
    Tabel("sumber_jumlah_pegawai", "05_sumber_daya", "Jumlah pegawai menurut sumber",
          {"sumber": "teks", "jumlah": "bulat", "jenis": "teks", "keterangan": "teks"}),
    Tabel("tabel_3_8", "05_sumber_daya", "Tabel 3.8 Efisiensi sumber daya manusia",
          {"tahun_lalu": "bulat", "tahun_ini": "bulat", "jumlah_lalu": "bulat", "jumlah_ini": "bulat",
           "rata_rata_capaian_lalu": "desimal", "rata_rata_capaian_ini": "desimal", "sumbangan_lalu":
           "desimal", "sumbangan_ini": "desimal", "perubahan": "desimal", "perubahan_relatif": "desimal",
           "kesimpulan": "teks", "definisi": "teks"}),
    Tabel("rasio_pegawai", "05_sumber_daya", "Rasio per pegawai",
          {"rasio": "teks", "nilai": "desimal", "satuan": "teks", "definisi": "teks"}),
    Tabel("tabel_3_9", "05_sumber_daya", "Tabel 3.9 Rencana kebutuhan barang milik daerah",
          {"barang_id": "teks", "no": "bulat", "uraian": "teks", "hasil_rekon": "bulat",
           "standar_kebutuhan": "bulat", "pengadaan": "bulat", "kekurangan": "bulat"}),
    Tabel("tabel_4_0", "05_sumber_daya", "Tabel 4.0 Aset tahun lalu dan tahun ini",
          {"barang_id": "teks", "no": "bulat", "nama_barang": "teks", "jumlah_lalu": "bulat", "harga_lalu":
           "desimal", "jumlah_ini": "bulat", "harga_ini": "desimal", "selisih_jumlah": "bulat",
           "selisih_harga": "desimal", "status": "teks", "barang_tanpa_harga_lalu": "bulat",
           "barang_tanpa_harga_ini": "bulat"}),
    Tabel("mutasi_aset", "05_sumber_daya", "Mutasi aset",
          {"barang_id": "teks", "nama_barang": "teks", "status": "teks", "jumlah_lalu": "bulat",
           "jumlah_ini": "bulat", "selisih_jumlah": "bulat", "harga_lalu": "desimal", "harga_ini":
           "desimal"}),
    Tabel("tabel_4_1", "05_sumber_daya", "Tabel 4.1 Efisiensi sarana dan prasarana",
          {"tahun_lalu": "bulat", "tahun_ini": "bulat", "jumlah_lalu": "bulat", "jumlah_ini": "bulat",
           "rata_rata_capaian_lalu": "desimal", "rata_rata_capaian_ini": "desimal", "sumbangan_lalu":
           "desimal", "sumbangan_ini": "desimal", "perubahan": "desimal", "perubahan_relatif": "desimal",
           "kesimpulan": "teks", "definisi": "teks"}),
    Tabel("capaian_instansi_lalu", "05_sumber_daya", "Rata-rata capaian instansi tahun lalu (dari riwayat)",
          {"tahun": "bulat", "capaian": "desimal", "predikat": "teks", "metode": "teks", "jumlah_nilai":
           "bulat", "tanpa_data": "bulat"}),
    # ---- 06_reviu
    Tabel("reviu", "06_reviu", "Catatan reviu: temuan",
          {"kode": "teks", "tingkat": "teks", "lokasi": "teks", "entitas": "teks", "besaran": "teks",
           "uraian": "teks", "nilai_dilaporkan": "desimal", "nilai_hitung": "desimal", "selisih": "desimal"}),
    Tabel("reviu_ringkasan", "06_reviu", "Catatan reviu: ringkasan per aturan",
          {"kode": "teks", "aturan": "teks", "uraian": "teks", "error": "bulat", "peringatan": "bulat",
           "info": "bulat", "tidak_diperiksa": "bulat"}),
    Tabel("nilai_hitung", "06_reviu", "Nilai hitung yang dibandingkan reviu",
          {"entitas": "teks", "besaran": "teks", "nilai": "teks", "jenis": "teks", "sumber": "teks"}),
    # ---- 07_laporan: the narasi it reads, checked against the manifest
    Tabel("inventaris_narasi", "07_laporan", "Inventaris berkas narasi (sha256 vs manifest)", KOLOM_INVENTARIS),
)}


#: Tables of the annex (``reports/<tahun>/tabel/``), in sheet order: the computed tables, and the
#: two cleaned tables the report prints (Tabel 2.1 ``renstra``, Lampiran ``perjanjian_kinerja``), so
#: that every table too long for the report (:data:`lkjip.laporan.BATAS_BARIS_NASKAH`) is there whole.
LAMPIRAN: tuple[str, ...] = (
    "tabel_1_1", "tabel_1_2", "akip_komponen", "akip_total", "renstra", "rkt_rollup", "rkt_cek", "capaian_indikator",
    "capaian_sasaran", "capaian_instansi", "capaian_instansi_lalu", "tabel_3_1", "tabel_3_2", "tabel_3_3",
    "tabel_3_4", "tabel_3_5", "tabel_3_5_cek", "ringkasan_anggaran", "tabel_3_6", "tabel_3_7",
    "pegawai_per_unit", "komposisi_pegawai", "sumber_jumlah_pegawai", "tabel_3_8", "rasio_pegawai", "tabel_3_9",
    "tabel_4_0", "mutasi_aset", "tabel_4_1", "perjanjian_kinerja", "reviu", "reviu_ringkasan", "nilai_hitung"
)

#: Unit of a column, by column name, for the annex headers (``pagu (Rp)``) and number formats.
SATUAN: dict[str, str | None] = {
    "pagu": "Rp", "realisasi_anggaran": "Rp", "sisa_anggaran": "Rp", "anggaran_awal": "Rp",
    "anggaran_perubahan": "Rp", "perubahan": None, "harga_lalu": "Rp", "harga_ini": "Rp", "selisih_harga": "Rp",
    "pagu_rkt": "Rp", "selisih_pagu_rkt": "Rp", "realisasi_rkt": "Rp", "selisih_realisasi_rkt": "Rp",
    "realisasi_anggaran_diisi": "Rp", "capaian_kinerja": "%", "anggaran": "Rp", "capaian": "%", "serapan": "%", "efisiensi":
    "%", "persen": "%", "persen_bobot": "%", "tingkat_kemajuan": "%", "persen_perubahan": "%",
    "rata_rata_capaian_lalu": "%", "rata_rata_capaian_ini": "%", "perubahan_relatif": "%", "sumbangan_lalu":
    "poin % per unit", "sumbangan_ini": "poin % per unit", "bezetting": "orang", "kebutuhan_abk": "orang",
    "kekurangan": "orang/unit", "jumlah_lalu": "unit", "jumlah_ini": "unit"
}


def tabel_tahap(tahap: str) -> tuple[str, ...]:
    """Names of the tables written by stage ``tahap``, in catalog order.

    Examples
    --------
    >>> tabel_tahap("01_ingest")
    ('inventaris_raw', 'mentah', 'mentah_sidik')
    """
    return tuple(t.nama for t in KATALOG.values() if t.tahap == tahap)


def skema(names) -> dict[str, dict[str, str]]:
    """``skema.json`` content for the tables ``names``: table → column → kind."""
    return {n: dict(KATALOG[n].kolom) for n in sorted(names)}


@dataclass(frozen=True)
class GambarLaporan:
    """One chart of the report: its number, file, the stage that draws it and its title.

    Parameters
    ----------
    nomor : str
        Figure number in the report (``Gambar 3.1``).
    berkas : str
        PNG file under ``reports/<tahun>/gambar/`` (its SVGs sit beside it: :func:`berkas_grafik`).
    tahap : str
        Name of the stage that draws and saves it (:data:`lkjip.tahap.STAGES`).
    judul : str
        Title, with ``{tahun}`` (the report year) and ``{tahun_lalu}`` to fill in: drawn on
        the chart by the notebook and printed as the report's caption (:meth:`judul_tahun`).
    """

    nomor: str
    berkas: str
    tahap: str
    judul: str

    def judul_tahun(self, tahun: int) -> str:
        """The title for report year ``tahun``.

        Examples
        --------
        >>> GAMBAR["1.1"].judul_tahun(2024)
        'Jumlah koperasi per kecamatan 2023 dan 2024'
        """
        return self.judul.format(tahun=tahun, tahun_lalu=tahun - 1)


#: Every chart of the report by figure number, in report order: the one source of its file, stage and title
#: (the notebooks that draw them, the report captions, the Word edition and the stage declarations read it).
GAMBAR: dict[str, GambarLaporan] = {g.nomor: g for g in (
    GambarLaporan("1.1", "koperasi_kecamatan.png", "05_sumber_daya", "Jumlah koperasi per kecamatan {tahun_lalu} dan {tahun}"),
    GambarLaporan("1.2", "usaha_mikro_bidang.png", "05_sumber_daya", "Usaha mikro per bidang usaha {tahun}"),
    GambarLaporan("3.1", "capaian_indikator.png", "03_capaian", "Capaian kinerja per indikator {tahun}"),
    GambarLaporan("3.2", "tren_sasaran.png", "03_capaian", "Capaian indikator sasaran dari tahun ke tahun"),
    GambarLaporan("3.3", "kemajuan_renstra.png", "03_capaian", "Tingkat kemajuan terhadap target akhir Renstra"),
    GambarLaporan("3.4", "serapan_program.png", "04_anggaran", "Serapan anggaran per program {tahun}"),
    GambarLaporan("3.5", "kuadran_capaian_serapan.png", "04_anggaran",
                  "Capaian kinerja dibandingkan serapan anggaran per program"),
    GambarLaporan("3.6", "pegawai_abk.png", "05_sumber_daya", "Bezetting dan kebutuhan pegawai (ABK) per unit"),
    GambarLaporan("3.7", "nilai_aset.png", "05_sumber_daya", "Nilai aset per jenis barang, 31 Desember {tahun_lalu} dan {tahun}"),
)}


def gambar_tahap(tahap: str) -> tuple[str, ...]:
    """Files of the charts stage ``tahap`` draws, in report order.

    Examples
    --------
    >>> gambar_tahap("04_anggaran")
    ('serapan_program.png', 'kuadran_capaian_serapan.png')
    """
    return tuple(g.berkas for g in GAMBAR.values() if g.tahap == tahap)


def berkas_grafik(png: str) -> tuple[str, str, str]:
    """The files a chart is saved as (:func:`lkjip.grafik.simpan`): its PNG, its SVG and its phone edition's SVG.

    Examples
    --------
    >>> berkas_grafik("serapan_program.png")
    ('serapan_program.png', 'serapan_program.svg', 'serapan_program.ponsel.svg')
    """
    p = PurePath(png)
    return png, str(p.with_suffix(".svg")), str(p.with_suffix(".ponsel.svg"))
