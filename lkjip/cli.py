"""Command-line interface: ``lkjip run|validasi|reviu|manifest``.

User errors (bad params, bad raw data, a failed stage) print a message in Bahasa
Indonesia and exit with status 2, without a Python traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

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
    else:
        print(f"Selesai. Data olahan: {summary['processed']}/  Notebook tereksekusi: {summary['reports']}/notebooks/")
        tahun = summary["tahun"]
        print(f"Laporan: {summary['reports']}/LKjIP-{tahun}.html (dan .pdf, .docx); edisi evaluator: "
              f"{summary['reports']}/notebooks/index.html; lampiran tabel: {summary['reports']}/tabel/")
    from . import reviu as R
    from .io import read_tables
    from .paths import resolve

    t = read_tables(resolve(summary["processed"]))  # the end line, also when nothing changed
    if "reviu" in t:
        print("Reviu: " + R.kalimat_cetakan(R.hitungan_cetakan(t.get("dilaporkan"), t["reviu"])))
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
    print(R.kalimat_cetakan(R.hitungan_cetakan(t.get("dilaporkan"), temuan)))
    for r in R.ringkasan(temuan).itertuples():
        print(f"  {r.kode} {r.aturan:<15} error {r.error:>3}  peringatan {r.peringatan:>3}  info {r.info:>3}  "
              f"tidak diperiksa {r.tidak_diperiksa:>3}")
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
    import os

    from .errors import DataError
    from .ingest import (data_workbooks, missing_manifest_rows, narasi_files, parse_manifest, periksa_folder,
                         tambah_baris_manifest, update_manifest)
    from .io import read_bytes_checked, sha256_file, write_text_atomic
    from .paths import ROOT, display, resolve
    from .tables import BATAS_UKURAN, SPEC_BY_NAME

    raw_dir = resolve(args.raw_dir)
    readme = raw_dir / "README.md"
    if not raw_dir.is_dir():
        raise LkjipError(f"folder data mentah {display(raw_dir)} tidak ditemukan")
    problems = periksa_folder(raw_dir, ROOT)
    if problems:
        raise DataError(problems)
    if os.path.lexists(readme) and not readme.is_file():
        raise LkjipError(f"{display(readme)} bukan berkas biasa")
    if readme.is_file():
        data = read_bytes_checked(readme, display(readme), BATAS_UKURAN["README.md"])
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise LkjipError(f"{display(readme)}: bukan teks UTF-8 (baris {line}); simpan ulang sebagai UTF-8") from None
        dibuat = False
    else:
        text = (f"# Data mentah {raw_dir.name}\n\nCatat di sini sumber setiap berkas (dokumen, tabel, halaman) "
                "dan setiap keputusan transkripsi.\n")
        dibuat = True
    files = (sorted(p.name for p in raw_dir.glob("*.csv")) + [p.name for p in data_workbooks(raw_dir)]
             + [f"narasi/{p.name}" for p in narasi_files(raw_dir)])
    missing = missing_manifest_rows(text, files)
    if missing:
        def isi(f: str) -> str:
            stem = f.rsplit("/", 1)[-1].rsplit(".", 1)[0]
            if f.startswith("narasi/"):
                return "narasi Markdown"
            return SPEC_BY_NAME[stem].uraian if stem in SPEC_BY_NAME else "workbook data mentah"
        text = tambah_baris_manifest(text, [(f, "ISI: sumber (dokumen, tabel, halaman)", isi(f), "0" * 64)
                                            for f in missing])
    present = set(files)  # only files of this folder are hashed, whatever the README names
    digests = {f: sha256_file(raw_dir / f) for f in parse_manifest(text) if f in present}
    new = update_manifest(text, digests)
    changed = [f for f, d in digests.items() if parse_manifest(text).get(f) != d and f not in missing]
    write_text_atomic(readme, new)
    print(f"Manifest {display(readme)} {'dibuat' if dibuat else 'diperbarui'}: {len(changed)} berkas berubah"
          + (f" ({', '.join(changed)})" if changed else ""))
    if missing:
        print(f"  {len(missing)} baris baru ({', '.join(missing)}): isi kolom sumber yang bertanda 'ISI'")
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

    tahun = _periksa_tahun(args.tahun)
    if args.kosong:
        return _tahun_kosong(args, tahun)
    baru = siapkan(tahun, args.dari, args.format)
    print(f"Tahun baru {args.tahun} disiapkan dari {baru.tahun_lama}:")
    print(f"  params : {display(baru.params)} (periksa tanggal laporan dan penandatangan)")
    print(f"  data   : {display(baru.raw)}/ ({', '.join(baru.berkas)})")
    print(f"Isi data yang kosong, lalu: lkjip manifest {display(baru.raw)} && ./scripts/run.sh {display(baru.params)}")
    return 0


def _cmd_contoh(args) -> int:
    import shutil
    import uuid

    from .contoh import kabupaten
    from .io import write_text_atomic
    from .paths import display, resolve

    for th in args.tahun:
        _periksa_tahun(th)
    if not 1 <= args.opd <= 200:
        raise LkjipError(f"--opd {args.opd} di luar rentang yang diterima (1–200)")
    folder = resolve(args.folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise LkjipError(f"{display(folder)} sudah ada dan tidak kosong; tidak ditimpa (pilih folder lain)")
    files = kabupaten(folder, args.opd, args.tahun, args.benih)
    tmp = folder.with_name(f".contoh-{folder.name}-{uuid.uuid4().hex[:8]}")
    try:
        for rel, text in files.items():
            write_text_atomic(tmp / rel, text)
        if folder.exists():
            folder.rmdir()  # empty (checked above)
        tmp.rename(folder)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)
    n = sum(1 for rel in files if rel.endswith(".yaml") and "/params/" in rel)
    print(f"Kabupaten rekaan ditulis: {display(folder)}/ ({args.opd} OPD, tahun "
          f"{', '.join(map(str, sorted(set(args.tahun))))}, {n} berkas params, benih {args.benih})")
    print(f"Jalankan semuanya: lkjip batch {display(folder)}/daftar.yaml")
    return 0


def _cmd_batch(args) -> int:
    from .batch import jalankan_batch

    return jalankan_batch(args.daftar, pekerja=args.pekerja, scheduler=args.scheduler, keluar=args.keluar)


def _tahun_kosong(args, tahun: int) -> int:
    """``lkjip tahun-baru <tahun> --kosong``: a first year's params and empty raw data, validated before writing."""
    import shutil
    import uuid

    from .errors import ParamsError
    from .io import frame_to_csv, sha256_file, write_bytes_atomic, write_text_atomic
    from .params import baca_yaml, parse_params
    from .paths import display, resolve
    from .tables import SPECS
    from .tahun_baru import params_kosong, readme_kosong
    from .workbook import template

    import pandas as pd

    if not (args.instansi and args.kabupaten and args.renstra):
        raise LkjipError("--kosong memerlukan --instansi \"Nama Dinas\", --kabupaten \"Kabupaten …\" dan "
                         "--renstra AWAL-AKHIR (mis. 2026-2030)")
    try:
        awal, akhir = (int(v) for v in args.renstra.split("-"))
    except ValueError:
        raise LkjipError(f"--renstra '{args.renstra}': diharapkan AWAL-AKHIR, mis. 2026-2030") from None
    dst_params = resolve(f"params/{tahun}.yaml")
    dst_raw = resolve(f"data/raw/{tahun}")
    teks = params_kosong(tahun, args.instansi, args.kabupaten, awal, akhir)
    try:
        parse_params(baca_yaml(teks, display(dst_params)), display(dst_params))
    except ParamsError as exc:
        raise LkjipError(f"params tahun {tahun} dari opsi --kosong tidak valid, jadi tidak ada yang ditulis:\n{exc}") from None
    for target in (dst_params, dst_raw):
        if target.exists():
            raise LkjipError(f"{display(target)} sudah ada; tidak ditimpa (hapus dulu bila memang ingin membuat ulang)")
    tmp = dst_raw.with_name(f".baru-{dst_raw.name}-{uuid.uuid4().hex[:8]}")
    try:
        tmp.mkdir(parents=True)
        files: list[tuple[str, str, str]] = []
        if args.format == "xlsx":
            book = f"data-{tahun}.xlsx"
            write_bytes_atomic(tmp / book, template(tahun))
            files.append((book, "ISI: sumber data", "workbook data mentah kosong, satu lembar per tabel"))
        else:
            for spec in SPECS:
                if spec.required:
                    empty = pd.DataFrame({c: pd.Series([], dtype=object) for c in spec.columns})
                    write_text_atomic(tmp / spec.filename, frame_to_csv(empty))
                    files.append((spec.filename, f"ISI: {spec.judul}", spec.uraian))
        manifest = [(f, sumber, isi, sha256_file(tmp / f)) for f, sumber, isi in files]
        write_text_atomic(tmp / "README.md", readme_kosong(args.instansi, args.kabupaten, tahun, display(dst_raw), manifest))
        dst_params.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(dst_params, teks)
        tmp.rename(dst_raw)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)
    print(f"Tahun pertama {tahun} disiapkan (kosong):")
    print(f"  params : {display(dst_params)} (isi nilai bertanda ISI: alamat, kepala dinas, NIP, pangkat)")
    print(f"  data   : {display(dst_raw)}/ ({', '.join(f for f, _, _ in files)})")
    print(f"Isi datanya, lalu: lkjip manifest {display(dst_raw)} && ./scripts/run.sh {display(dst_params)}")
    return 0


def folder_lab(pilihan: str | None) -> Path:
    """The executed notebooks of one year (``reports/<tahun>/notebooks``) for ``lkjip lab``.

    ``pilihan`` is a params file, a year (``params/<tahun>.yaml``) or ``None`` (the latest
    year of ``params/`` whose run has finished).
    """
    from pathlib import Path

    from .params import load_params
    from .paths import ROOT, display, resolve

    if pilihan is None:
        kandidat = sorted((p for p in (ROOT / "params").glob("*.yaml") if p.stem.isdigit()),
                          key=lambda p: int(p.stem), reverse=True)
        for p in kandidat:
            folder = resolve(load_params(p).paths.reports) / "notebooks"
            if folder.is_dir():
                return folder
        raise LkjipError("belum ada notebook tereksekusi: jalankan dulu './scripts/run.sh params/<tahun>.yaml'")
    params = resolve(f"params/{_periksa_tahun(int(pilihan))}.yaml") if pilihan.isdigit() else resolve(pilihan)
    folder = resolve(load_params(params).paths.reports) / "notebooks"
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
