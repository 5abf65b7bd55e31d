"""Command-line interface: ``lkjip run|validasi|reviu|manifest``.

User errors (bad params, bad raw data, a failed stage) print a message in Bahasa
Indonesia and exit with status 2, without a Python traceback.
"""

from __future__ import annotations

import argparse
import sys
from .errors import LkjipError


def _periksa_tahun(tahun: int) -> int:
    """Refuse a report year outside the accepted range (the same as the params' ``tahun``)."""
    from .params import TAHUN_MAKS, TAHUN_MIN

    if not TAHUN_MIN <= tahun <= TAHUN_MAKS:
        raise LkjipError(f"tahun {tahun} di luar rentang yang diterima ({TAHUN_MIN}–{TAHUN_MAKS})")
    return tahun


def _cmd_run(args) -> int:
    from .runner import run

    summary = run(args.params, ulang_semua=args.ulang_semua)
    if summary.get("tidak_ada_perubahan"):
        print(f"Selesai (tidak ada perubahan). Data olahan: {summary['processed']}/  Laporan: {summary['reports']}/")
        return 0
    print(f"Selesai. Data olahan: {summary['processed']}/  Notebook tereksekusi: {summary['reports']}/notebooks/")
    tahun = summary["tahun"]
    print(f"Laporan: {summary['reports']}/LKjIP-{tahun}.html (dan .pdf); edisi evaluator: "
          f"{summary['reports']}/notebooks/index.html; lampiran tabel: {summary['reports']}/tabel/")
    return 0


def _cmd_reviu(args) -> int:
    from . import reviu as R
    from .io import read_tables, write_tables
    from .params import load_params
    from .paths import display, resolve

    P = load_params(args.params)
    processed = resolve(P.paths.processed)
    if not (processed / "skema.json").is_file():
        raise LkjipError(f"data olahan {display(processed)} belum ada: jalankan dulu 'lkjip run {args.params}'")
    t = read_tables(processed)
    temuan = R.reviu(t, P)
    write_tables(processed, {"reviu": temuan, "reviu_ringkasan": R.ringkasan(temuan)})
    counts = {k: int((temuan["tingkat"] == k).sum()) for k in R.TINGKAT}
    print(f"Reviu LKjIP {P.tahun}: {counts['error']} error, {counts['peringatan']} peringatan, {counts['info']} info "
          f"→ {display(processed)}/reviu.csv")
    for r in R.ringkasan(temuan).itertuples():
        print(f"  {r.kode} {r.aturan:<15} error {r.error:>3}  peringatan {r.peringatan:>3}  info {r.info:>3}")
    errors = temuan[temuan["tingkat"] == "error"]
    for r in errors.head(args.tampil).itertuples():
        print(f"  [{r.kode}] {r.lokasi}: {r.uraian}")
    if len(errors) > args.tampil:
        print(f"  … dan {len(errors) - args.tampil} error lain (lihat reviu.csv)")
    if args.strict and counts["error"]:
        print("GALAT: reviu menemukan error (--strict)", file=sys.stderr)
        return 1
    return 0


def _cmd_validasi(args) -> int:
    from .params import load_params

    p = load_params(args.params)
    print(f"Params valid: tahun {p.tahun}, {p.instansi.nama} {p.instansi.kabupaten}.")
    return 0


def _cmd_manifest(args) -> int:
    from .errors import DataError
    from .ingest import data_workbooks, missing_manifest_rows, narasi_files, parse_manifest, periksa_folder, update_manifest
    from .io import read_bytes_checked, sha256_file, write_text_atomic
    from .paths import ROOT, display, resolve
    from .tables import BATAS_UKURAN

    raw_dir = resolve(args.raw_dir)
    readme = raw_dir / "README.md"
    if not raw_dir.is_dir():
        raise LkjipError(f"folder data mentah {display(raw_dir)} tidak ditemukan")
    if not readme.is_file():
        raise LkjipError(f"{display(readme)} tidak ditemukan; manifest ditulis sebagai tabel di berkas itu")
    problems = periksa_folder(raw_dir, ROOT)
    if problems:
        raise DataError(problems)
    data = read_bytes_checked(readme, display(readme), BATAS_UKURAN["README.md"])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise LkjipError(f"{display(readme)}: bukan teks UTF-8 (baris {line}); simpan ulang sebagai UTF-8") from None
    files = (sorted(p.name for p in raw_dir.glob("*.csv")) + [p.name for p in data_workbooks(raw_dir)]
             + [f"narasi/{p.name}" for p in narasi_files(raw_dir)])
    missing = missing_manifest_rows(text, files)
    if missing:
        raise LkjipError(
            f"{display(readme)}: berkas berikut belum punya baris manifest (tambahkan baris "
            "'| `nama.csv` | sumber | isi | 000…0 |' lalu ulangi): " + ", ".join(missing)
        )
    present = set(files)  # only files of this folder are hashed, whatever the README names
    digests = {f: sha256_file(raw_dir / f) for f in parse_manifest(text) if f in present}
    new = update_manifest(text, digests)
    changed = [f for f, d in digests.items() if parse_manifest(text).get(f) != d]
    write_text_atomic(readme, new)
    print(f"Manifest {display(readme)} diperbarui: {len(changed)} berkas berubah" + (f" ({', '.join(changed)})" if changed else ""))
    return 0


def _cmd_template(args) -> int:
    from .ingest import read_raw
    from .io import write_bytes_atomic
    from .paths import display, resolve
    from .workbook import template

    _periksa_tahun(args.tahun)
    out = resolve(args.keluar or f"data/raw/{args.tahun}/data-{args.tahun}.xlsx")
    if out.exists():
        raise LkjipError(f"{display(out)} sudah ada; tidak ditimpa (hapus atau pilih --keluar lain)")
    from .tables import SPEC_BY_NAME

    csv = sorted(p.name for p in out.parent.glob("*") if p.suffix.lower() == ".csv" and p.stem in SPEC_BY_NAME)
    if csv:
        raise LkjipError(
            f"folder {display(out.parent)} sudah berisi data CSV ({', '.join(csv[:5])}{', …' if len(csv) > 5 else ''}); "
            "workbook di folder yang sama membuat run berikutnya gagal (satu folder data berisi CSV atau satu "
            "workbook, tidak keduanya). Tulis ke folder lain dengan --keluar, mis. "
            f"'lkjip template {args.tahun} --dari {display(out.parent)} --keluar formulir/data-{args.tahun}.xlsx'")
    data = None
    if args.dari:
        data, _, _ = read_raw(resolve(args.dari))
    write_bytes_atomic(out, template(args.tahun, data))
    isi = f"terisi dari {args.dari}" if args.dari else "kosong"
    print(f"Workbook {isi} ditulis: {display(out)} ({len(data or {})} tabel berisi data)")
    print("Isi lembar-lembarnya (lihat lembar Petunjuk), lalu: lkjip manifest <folder> dan lkjip run <params>.")
    return 0


def _cmd_tahun_baru(args) -> int:
    from .paths import display
    from .persiapan import siapkan

    baru = siapkan(_periksa_tahun(args.tahun), args.dari, args.format)
    print(f"Tahun baru {args.tahun} disiapkan dari {baru.tahun_lama}:")
    print(f"  params : {display(baru.params)} (periksa tanggal laporan dan penandatangan)")
    print(f"  data   : {display(baru.raw)}/ ({', '.join(baru.berkas)})")
    print(f"Isi data yang kosong, lalu: lkjip manifest {display(baru.raw)} && ./scripts/run.sh {display(baru.params)}")
    return 0


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
    p.set_defaults(func=_cmd_tahun_baru)
    p = sub.add_parser("template", help="tulis workbook Excel isian data mentah (satu lembar per tabel)")
    p.add_argument("tahun", type=int)
    p.add_argument("--dari", help="isi workbook dari folder data mentah ini (CSV atau workbook)")
    p.add_argument("--keluar", help="berkas .xlsx tujuan (bawaan data/raw/<tahun>/data-<tahun>.xlsx)")
    p.set_defaults(func=_cmd_template)
    p = sub.add_parser("manifest", help="catat ulang sha256 data mentah di README folder data")
    p.add_argument("raw_dir", help="folder data mentah, mis. data/raw/2024")
    p.set_defaults(func=_cmd_manifest)
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
