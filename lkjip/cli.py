"""Command-line interface: ``lkjip run|validasi|reviu|manifest``.

User errors (bad params, bad raw data, a failed stage) print a message in Bahasa
Indonesia and exit with status 2, without a Python traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import LkjipError


def _cmd_run(args) -> int:
    from .paths import resolve
    from .pemeriksaan import kalimat_reviu
    from .runner import run

    summary = run(args.params, ulang_semua=args.ulang_semua)
    if summary.get("tidak_ada_perubahan"):
        print(f"Selesai (tidak ada perubahan). Data olahan: {summary['processed']}/  Laporan: {summary['reports']}/")
    else:
        print(f"Selesai. Data olahan: {summary['processed']}/  Notebook tereksekusi: {summary['reports']}/notebooks/")
        tahun = summary["tahun"]
        print(f"Laporan: {summary['reports']}/LKjIP-{tahun}.html (dan .pdf, .docx); edisi evaluator: "
              f"{summary['reports']}/notebooks/index.html; lampiran tabel: {summary['reports']}/tabel/")
    kalimat = kalimat_reviu(resolve(summary["processed"]))  # the end line, also when nothing changed
    if kalimat:
        print("Reviu: " + kalimat)
    return 0


def _cmd_reviu(args) -> int:
    from .paths import display
    from .pemeriksaan import reviu_ulang

    h = reviu_ulang(args.params)
    print(f"Reviu LKjIP {h.params.tahun}: {h.jumlah('error')} error, {h.jumlah('peringatan')} peringatan, "
          f"{h.jumlah('info')} info → {display(h.processed)}/reviu.csv")
    print(h.kalimat)
    for r in h.ringkasan.itertuples():
        print(f"  {r.kode} {r.aturan:<15} error {r.error:>3}  peringatan {r.peringatan:>3}  info {r.info:>3}  "
              f"tidak diperiksa {r.tidak_diperiksa:>3}")
    errors = h.temuan[h.temuan["tingkat"] == "error"]
    for r in errors.head(args.tampil).itertuples():
        print(f"  [{r.kode}] {r.lokasi}: {r.uraian}")
    if len(errors) > args.tampil:
        print(f"  … dan {len(errors) - args.tampil} error lain (lihat reviu.csv)")
    if args.strict and len(errors):
        print("GALAT: reviu menemukan error (--strict)", file=sys.stderr)
        return 1
    return 0


def _cmd_validasi(args) -> int:
    from .params import load_params

    p = load_params(args.params)
    print(f"Params valid: tahun {p.tahun}, {p.instansi.nama} {p.instansi.kabupaten}.")
    return 0


def _cmd_manifest(args) -> int:
    from .paths import display
    from .persiapan import perbarui_manifest

    h = perbarui_manifest(args.raw_dir)
    print(f"Manifest {display(h.readme)} {'dibuat' if h.dibuat else 'diperbarui'}: {len(h.berubah)} berkas berubah"
          + (f" ({', '.join(h.berubah)})" if h.berubah else ""))
    if h.baru:
        print(f"  {len(h.baru)} baris baru ({', '.join(h.baru)}): isi kolom sumber yang bertanda 'ISI'")
    return 0


def _cmd_template(args) -> int:
    from .paths import display
    from .persiapan import tulis_template

    out, n = tulis_template(args.tahun, args.dari, args.keluar)
    isi = f"terisi dari {args.dari}" if args.dari else "kosong"
    print(f"Workbook {isi} ditulis: {display(out)} ({n} tabel berisi data)")
    print("Isi lembar-lembarnya (lihat lembar Petunjuk), lalu: lkjip manifest <folder> dan lkjip run <params>.")
    return 0


def _cmd_tahun_baru(args) -> int:
    from .paths import display
    from .persiapan import periksa_tahun, siapkan, siapkan_kosong

    tahun = periksa_tahun(args.tahun)
    if args.kosong:
        baru = siapkan_kosong(tahun, args.instansi, args.kabupaten, args.renstra, args.format)
        print(f"Tahun pertama {tahun} disiapkan (kosong):")
        print(f"  params : {display(baru.params)} (isi nilai bertanda ISI: alamat, kepala dinas, NIP, pangkat)")
        print(f"  data   : {display(baru.raw)}/ ({', '.join(baru.berkas)})")
        print(f"Isi datanya, lalu: lkjip manifest {display(baru.raw)} && ./scripts/run.sh {display(baru.params)}")
        return 0
    baru = siapkan(tahun, args.dari, args.format)
    print(f"Tahun baru {args.tahun} disiapkan dari {baru.tahun_lama}:")
    print(f"  params : {display(baru.params)} (periksa tanggal laporan dan penandatangan)")
    print(f"  data   : {display(baru.raw)}/ ({', '.join(baru.berkas)})")
    print(f"Isi data yang kosong, lalu: lkjip manifest {display(baru.raw)} && ./scripts/run.sh {display(baru.params)}")
    return 0


def _cmd_contoh(args) -> int:
    from .paths import display
    from .persiapan import tulis_contoh

    folder, n = tulis_contoh(args.folder, args.opd, args.tahun, args.benih)
    print(f"Kabupaten rekaan ditulis: {display(folder)}/ ({args.opd} OPD, tahun "
          f"{', '.join(map(str, sorted(set(args.tahun))))}, {n} berkas params, benih {args.benih})")
    print(f"Jalankan semuanya: lkjip batch {display(folder)}/daftar.yaml")
    return 0


def _cmd_batch(args) -> int:
    from .batch import jalankan_batch

    return jalankan_batch(args.daftar, pekerja=args.pekerja, scheduler=args.scheduler, keluar=args.keluar,
                          tunggu_scheduler=args.tunggu_scheduler)


def folder_lab(pilihan: str | None) -> Path:
    """The executed notebooks of one year (``reports/<tahun>/notebooks``) for ``lkjip lab``.

    ``pilihan`` is a params file, a year (``params/<tahun>.yaml``) or ``None`` (the latest
    year of ``params/`` whose run has finished).
    """
    from pathlib import Path

    from .params import load_params
    from .paths import ROOT, display, resolve
    from .persiapan import periksa_tahun

    if pilihan is None:
        kandidat = sorted((p for p in (ROOT / "params").glob("*.yaml") if p.stem.isdigit()),
                          key=lambda p: int(p.stem), reverse=True)
        for p in kandidat:
            folder = resolve(load_params(p).paths.reports) / "notebooks"
            if folder.is_dir():
                return folder
        raise LkjipError("belum ada notebook tereksekusi: jalankan dulu './scripts/run.sh params/<tahun>.yaml'")
    from . import folder_keluaran as FK

    params = resolve(f"params/{periksa_tahun(int(pilihan))}.yaml") if pilihan.isdigit() else resolve(pilihan)
    P = load_params(params)
    FK.selesaikan_untuk_pembaca(resolve(P.paths.processed), resolve(P.paths.reports), display(params))
    folder = resolve(P.paths.reports) / "notebooks"
    if not folder.is_dir():
        raise LkjipError(f"{display(folder)} belum ada: jalankan dulu './scripts/run.sh {display(params)}'")
    return Path(folder)


def perintah_lab(folder, ekstra: list[str] | None = None) -> list[str]:
    """The command that starts JupyterLab (of this environment) on ``folder``."""
    from pathlib import Path

    exe = Path(sys.executable).with_name("jupyter-lab")
    head = [str(exe)] if exe.exists() else [sys.executable, "-m", "jupyterlab"]
    return head + [f"--ServerApp.root_dir={folder}", *(ekstra or [])]


def _cmd_lab(args) -> int:
    import subprocess

    from .paths import display

    folder = folder_lab(args.pilihan)
    print(f"JupyterLab dibuka pada {display(folder)}: setiap notebook dapat dijalankan ulang (Run All); "
          "hasilnya ditulis ke folder sementara reports/_jalan_ulang/, bukan ke data/processed/. Hentikan dengan Ctrl+C.")
    try:
        return subprocess.call(perintah_lab(folder, args.ekstra))
    except FileNotFoundError:
        raise LkjipError("JupyterLab tidak terpasang di lingkungan ini; jalankan lewat ./scripts/lkjip.sh lab") from None


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``lkjip`` command."""
    ap = argparse.ArgumentParser(prog="lkjip", description="Pipeline LKjIP: dari data mentah dan params ke laporan.")
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("run", help="jalankan seluruh tahap untuk satu berkas params")
    p.add_argument("params", help="berkas params, mis. params/2024.yaml")
    p.add_argument("--ulang-semua", action="store_true",
                   help="jalankan semua tahap walaupun masukannya tidak berubah sejak run terakhir")
    p.set_defaults(func=_cmd_run)
    p = sub.add_parser("validasi", help="periksa berkas params saja")
    p.add_argument("params")
    p.set_defaults(func=_cmd_validasi)
    p = sub.add_parser("reviu", help="reviu otomatis angka cetakan terhadap hasil hitung ulang")
    p.add_argument("params")
    p.add_argument("--strict", action="store_true", help="keluar dengan status 1 bila ada temuan tingkat error")
    p.add_argument("--tampil", type=int, default=20, help="banyaknya error yang dicetak (bawaan 20)")
    p.set_defaults(func=_cmd_reviu)
    p = sub.add_parser("tahun-baru", help="siapkan params dan data mentah tahun baru dari tahun sebelumnya")
    p.add_argument("tahun", type=int)
    p.add_argument("--dari", help="params tahun sumber (bawaan params/<tahun-1>.yaml)")
    p.add_argument("--format", choices=["xlsx", "csv"], default="xlsx", help="workbook Excel (bawaan) atau berkas CSV")
    p.add_argument("--kosong", action="store_true", help="tahun pertama: params dan data kosong, tanpa tahun sebelumnya")
    p.add_argument("--instansi", help="nama instansi (dengan --kosong), mis. \"Dinas Kesehatan\"")
    p.add_argument("--kabupaten", help="kabupaten/kota (dengan --kosong), mis. \"Kabupaten Contoh\"")
    p.add_argument("--renstra", help="periode Renstra AWAL-AKHIR (dengan --kosong), mis. 2026-2030")
    p.set_defaults(func=_cmd_tahun_baru)
    p = sub.add_parser("template", help="tulis workbook Excel isian data mentah (satu lembar per tabel)")
    p.add_argument("tahun", type=int)
    p.add_argument("--dari", help="isi workbook dari folder data mentah ini (CSV atau workbook)")
    p.add_argument("--keluar", help="berkas .xlsx tujuan (bawaan data/raw/<tahun>/data-<tahun>.xlsx)")
    p.set_defaults(func=_cmd_template)
    p = sub.add_parser("lab", help="buka JupyterLab pada notebook tereksekusi reports/<tahun>/notebooks/")
    p.add_argument("pilihan", nargs="?", help="berkas params atau tahun (bawaan: tahun terbaru yang sudah dijalankan)")
    p.add_argument("ekstra", nargs=argparse.REMAINDER, help="opsi tambahan untuk JupyterLab, mis. --no-browser")
    p.set_defaults(func=_cmd_lab)
    p = sub.add_parser("manifest", help="catat ulang sha256 data mentah di README folder data")
    p.add_argument("raw_dir", help="folder data mentah, mis. data/raw/2024")
    p.set_defaults(func=_cmd_manifest)
    p = sub.add_parser("batch", help="jalankan banyak berkas params (banyak OPD/tahun) sekaligus di Dask, lalu rekap")
    p.add_argument("daftar", help="berkas YAML daftar params, atau pola glob seperti 'opd/*/params/2024.yaml'")
    p.add_argument("--pekerja", type=int, default=None,
                   help="banyaknya pekerja klaster lokal (bawaan: satu per inti prosesor)")
    p.add_argument("--scheduler", help="alamat scheduler Dask yang sudah berjalan, mis. tcp://10.0.0.5:8786")
    p.add_argument("--tunggu-scheduler", type=float, default=20.0, metavar="DETIK",
                   help="berapa lama mencoba menghubungi --scheduler sebelum menyerah (bawaan 20 detik)")
    p.add_argument("--keluar", help="folder induk rekap (bawaan: 'keluaran' di daftar, atau reports/)")
    p.set_defaults(func=_cmd_batch)
    p = sub.add_parser("contoh", help="tulis kabupaten rekaan (OPD sintetis) untuk uji, demo dan benchmark")
    p.add_argument("folder", help="folder tujuan (baru atau kosong)")
    p.add_argument("--opd", type=int, default=40, help="banyaknya OPD (bawaan 40)")
    p.add_argument("--tahun", type=int, nargs="+", default=[2024], help="tahun laporan (bawaan 2024)")
    p.add_argument("--benih", type=int, default=1, help="benih acak (bawaan 1): argumen sama, berkas sama")
    p.set_defaults(func=_cmd_contoh)
    return ap


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``lkjip`` console command."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except LkjipError as exc:
        print(f"GALAT: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Dibatalkan.", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
