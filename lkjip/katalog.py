"""The catalog of processed tables: one registry for every table a run writes.

Each :class:`Tabel` names the stage that writes it, its columns with their declared
kinds, and its title. :func:`lkjip.io.write_tables` refuses a table or a column that
is not declared here (or a value of the wrong kind), :func:`lkjip.io.read_table` reads
the declared kinds back, ``skema.json`` is written from it, and the annex
(:data:`LAMPIRAN`, :data:`SATUAN`) takes its titles and units from it. The stages
(:mod:`lkjip.tahap`) take their outputs from it.

Kinds: ``desimal`` (:class:`~decimal.Decimal`, exact), ``bulat`` (``int``), ``logika``
(``bool``), ``teks`` (text; a value of another type is written as text and read back
as ``str``). A blank cell is ``None`` in every kind.

This module imports nothing from the package: every layer may use it.
"""

from __future__ import annotations

from dataclasses import dataclass

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


KATALOG: dict[str, Tabel] = {t.nama: t for t in (
    # ---- 01_ingest
    Tabel("inventaris_raw", "01_ingest", "Inventaris berkas data mentah (sha256 vs manifest)",
          {"berkas": "teks", "tabel": "teks", "uraian": "teks", "baris": "bulat", "kolom": "bulat",
           "sha256": "teks", "sha256_manifest": "teks", "cocok": "logika"}),
    Tabel("mentah", "01_ingest", "Salinan terverifikasi sel data mentah, apa adanya (dibaca tahap clean)",
          {"tabel": "teks", "baris": "bulat", "kolom": "teks", "jenis": "teks", "nilai": "teks"}),
    Tabel("mentah_sidik", "01_ingest", "Sidik jari salinan data mentah per tabel (sha256 berkas dan sel)",
          {"tabel": "teks", "berkas": "teks", "baris": "bulat", "kolom": "teks", "sha256_berkas": "teks",
           "sha256_sel": "teks"}),
    # ---- 02_clean
    Tabel("sasaran", "02_clean", "Sasaran strategis (kini dan terdahulu) (Tabel 2.1, 3.1, 3.2)",
          {"sasaran_id": "teks", "sasaran": "teks", "tahun_awal": "bulat", "tahun_akhir": "bulat", "urutan":
           "bulat", "baris_sumber": "bulat"}),
    Tabel("program", "02_clean", "Program dan sasaran yang didukungnya (Tabel 2.2, 3.1)",
          {"program_id": "teks", "program": "teks", "sasaran_id": "teks", "urutan": "bulat", "baris_sumber":
           "bulat"}),
    Tabel("indikator", "02_clean", "Daftar induk indikator kinerja dengan id tetap (Tabel 2.1, 3.1, 3.2)",
          {"indikator_id": "teks", "indikator": "teks", "tingkat": "teks", "sasaran_id": "teks",
           "program_id": "teks", "satuan": "teks", "polaritas": "teks", "tahun_awal": "bulat",
           "tahun_akhir": "bulat", "menggantikan": "teks", "urutan": "bulat", "sumber_realisasi": "teks",
           "baris_sumber": "bulat"}),
    Tabel("indikator_alias", "02_clean", "Nama lain indikator per tabel sumber (semua tabel)",
          {"sumber": "teks", "alias": "teks", "indikator_id": "teks", "baris_sumber": "bulat"}),
    Tabel("koperasi", "02_clean", "Koperasi per kecamatan, jenis dan tahun (Tabel 1.1)",
          {"kecamatan": "teks", "jenis": "teks", "tahun": "bulat", "jumlah": "bulat", "baris_sumber":
           "bulat"}),
    Tabel("usaha_mikro", "02_clean", "Usaha mikro menurut bidang usaha (Tabel 1.2)",
          {"bidang_id": "teks", "bidang": "teks", "jumlah": "bulat", "baris_sumber": "bulat"}),
    Tabel("evaluasi_akip", "02_clean", "Hasil evaluasi AKIP per komponen (Tabel 1.3)",
          {"komponen_id": "teks", "komponen": "teks", "bobot": "desimal", "nilai": "desimal",
           "baris_sumber": "bulat"}),
    Tabel("renstra", "02_clean", "Misi, tujuan, sasaran, indikator dan target Renstra (Tabel 2.1)",
          {"misi_no": "bulat", "misi": "teks", "tujuan": "teks", "sasaran_id": "teks", "sasaran": "teks",
           "indikator": "teks", "target": "desimal", "target_satuan": "teks", "arah_kebijakan": "teks",
           "baris_sumber": "bulat"}),
    Tabel("rkt", "02_clean", "Rencana Kinerja Tahunan: sasaran → program → kegiatan → sub kegiatan (Tabel 2.2)",
          {"urutan": "bulat", "node_id": "teks", "parent_id": "teks", "tingkat": "teks", "daun": "logika",
           "nama": "teks", "indikator": "teks", "target_awal": "desimal", "target_awal_satuan": "teks",
           "anggaran_awal": "desimal", "target_perubahan": "desimal", "target_perubahan_satuan": "teks",
           "anggaran_perubahan": "desimal", "realisasi": "desimal", "realisasi_satuan": "teks",
           "realisasi_anggaran": "desimal", "baris_sumber": "bulat", "indikator_id": "teks"}),
    Tabel("belanja", "02_clean", "Anggaran perubahan menurut jenis belanja (Narasi 2.2)",
          {"jenis_belanja": "teks", "anggaran_perubahan": "desimal", "baris_sumber": "bulat"}),
    Tabel("perjanjian_kinerja", "02_clean", "Perjanjian Kinerja yang dilampirkan (Lampiran Perjanjian Kinerja)",
          {"tahun_pk": "bulat", "nomor": "teks", "tanggal": "teks", "tingkat": "teks", "no": "bulat",
           "sasaran": "teks", "program_id": "teks", "indikator": "teks", "target": "desimal",
           "target_satuan": "teks", "anggaran": "desimal", "baris_sumber": "bulat"}),
    Tabel("kinerja", "02_clean", "Target dan realisasi indikator tahun berjalan (Tabel 3.1)",
          {"indikator_id": "teks", "indikator": "teks", "target": "desimal", "realisasi": "desimal",
           "baris_sumber": "bulat"}),
    Tabel("riwayat_kinerja", "02_clean", "Target dan realisasi tahun-tahun sebelumnya (Tabel 3.2)",
          {"indikator_id": "teks", "indikator": "teks", "tahun": "bulat", "target": "desimal", "realisasi":
           "desimal", "sumber_target": "teks", "baris_sumber": "bulat"}),
    Tabel("target_renstra", "02_clean", "Target akhir periode Renstra (Tabel 3.3)",
          {"indikator_id": "teks", "indikator": "teks", "target_akhir": "desimal", "keterangan": "teks",
           "baris_sumber": "bulat"}),
    Tabel("pembanding_nasional", "02_clean", "Pembanding tingkat nasional (Tabel 3.4)",
          {"indikator_id": "teks", "sasaran_nasional": "teks", "indikator_nasional": "teks",
           "realisasi_nasional": "desimal", "satuan_nasional": "teks", "baris_sumber": "bulat"}),
    Tabel("anggaran", "02_clean", "Pagu dan realisasi anggaran per program (Tabel 3.5)",
          {"program_id": "teks", "program": "teks", "pagu": "desimal", "realisasi": "desimal",
           "baris_sumber": "bulat"}),
    Tabel("pegawai", "02_clean", "Bezetting dan kebutuhan pegawai (ABK) per unit dan jabatan (Tabel 3.7)",
          {"baris": "bulat", "no": "bulat", "unit": "teks", "jabatan": "teks", "kelompok": "teks",
           "bezetting": "bulat", "kebutuhan_abk": "bulat", "baris_sumber": "bulat"}),
    Tabel("pegawai_komposisi", "02_clean", "Komposisi pegawai menurut status (Bab III 3.2.2, Bab IV)",
          {"tahun": "bulat", "jenis": "teks", "jumlah": "bulat", "sumber": "teks", "baris_sumber": "bulat"}),
    Tabel("pegawai_riwayat", "02_clean", "Jumlah pegawai tahun-tahun sebelumnya (Tabel 3.8)",
          {"tahun": "bulat", "jumlah_pegawai": "bulat", "sumber": "teks", "baris_sumber": "bulat"}),
    Tabel("rkbmd", "02_clean", "Rencana Kebutuhan Barang Milik Daerah (Tabel 3.9)",
          {"barang_id": "teks", "no": "bulat", "uraian": "teks", "hasil_rekon": "bulat",
           "standar_kebutuhan": "bulat", "pengadaan": "bulat", "baris_sumber": "bulat"}),
    Tabel("aset", "02_clean", "Aset per barang, akhir tahun lalu dan tahun berjalan (Tabel 4.0)",
          {"barang_id": "teks", "no": "bulat", "nama_barang": "teks", "tahun": "bulat", "jumlah": "bulat",
           "harga": "desimal", "baris_sumber": "bulat"}),
    Tabel("dilaporkan", "02_clean", "Angka hitungan sebagaimana dicetak dokumen (seluruh dokumen)",
          {"lokasi": "teks", "entitas": "teks", "besaran": "teks", "nilai_teks": "teks", "nilai": "desimal",
           "catatan": "teks", "baris_sumber": "bulat"}),
    Tabel("skala_dilaporkan", "02_clean", "Skala predikat capaian sebagaimana dicetak dokumen (Bab III 3.1)",
          {"predikat": "teks", "keterangan": "teks", "bawah": "desimal", "atas": "desimal", "catatan":
           "teks", "baris_sumber": "bulat"}),
    Tabel("dokumen", "02_clean", "Unsur dokumen (tahun, tanggal, penandatangan) sebagaimana dicetak (seluruh dokumen)",
          {"lokasi": "teks", "unsur": "teks", "nilai": "teks", "catatan": "teks", "baris_sumber": "bulat"}),
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
)}


#: Tables of the annex (``reports/<tahun>/tabel/``), in sheet order: computed tables only.
LAMPIRAN: tuple[str, ...] = (
    "tabel_1_1", "tabel_1_2", "akip_komponen", "akip_total", "rkt_rollup", "rkt_cek", "capaian_indikator",
    "capaian_sasaran", "capaian_instansi", "capaian_instansi_lalu", "tabel_3_1", "tabel_3_2", "tabel_3_3",
    "tabel_3_4", "tabel_3_5", "tabel_3_5_cek", "ringkasan_anggaran", "tabel_3_6", "tabel_3_7",
    "pegawai_per_unit", "komposisi_pegawai", "sumber_jumlah_pegawai", "tabel_3_8", "rasio_pegawai", "tabel_3_9",
    "tabel_4_0", "mutasi_aset", "tabel_4_1", "reviu", "reviu_ringkasan", "nilai_hitung"
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
