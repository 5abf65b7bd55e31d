"""Command-line interface: ``lkjip run|validasi|manifest``.

User errors (bad params, bad raw data, a failed stage) print a message in Bahasa
Indonesia and exit with status 2, without a Python traceback.
"""

from __future__ import annotations

import argparse
import sys
from .errors import LkjipError


def _cmd_run(args) -> int:
    from .runner import run

    summary = run(args.params)
    print(f"Selesai. Data olahan: {summary['processed']}/  Notebook tereksekusi: {summary['reports']}/notebooks/")
    return 0


def _cmd_validasi(args) -> int:
    from .params import load_params

    p = load_params(args.params)
    print(f"Params valid: tahun {p.tahun}, {p.instansi.nama} {p.instansi.kabupaten}.")
    return 0


def _cmd_manifest(args) -> int:
    from .ingest import missing_manifest_rows, parse_manifest, update_manifest
    from .io import sha256_file, write_text_atomic
    from .paths import display, resolve

    raw_dir = resolve(args.raw_dir)
    readme = raw_dir / "README.md"
    if not readme.is_file():
        raise LkjipError(f"{display(readme)} tidak ditemukan; manifest ditulis sebagai tabel di berkas itu")
    text = readme.read_text(encoding="utf-8")
    files = sorted(p.name for p in raw_dir.glob("*.csv"))
    missing = missing_manifest_rows(text, files)
    if missing:
        raise LkjipError(
            f"{display(readme)}: berkas berikut belum punya baris manifest (tambahkan baris "
            "'| `nama.csv` | sumber | isi | 000…0 |' lalu ulangi): " + ", ".join(missing)
        )
    digests = {f: sha256_file(raw_dir / f) for f in parse_manifest(text) if (raw_dir / f).exists()}
    new = update_manifest(text, digests)
    changed = [f for f, d in digests.items() if parse_manifest(text).get(f) != d]
    write_text_atomic(readme, new)
    print(f"Manifest {display(readme)} diperbarui: {len(changed)} berkas berubah" + (f" ({', '.join(changed)})" if changed else ""))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``lkjip`` command."""
    ap = argparse.ArgumentParser(prog="lkjip", description="Pipeline LKjIP: dari data mentah dan params ke laporan.")
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("run", help="jalankan seluruh tahap untuk satu berkas params")
    p.add_argument("params", help="berkas params, mis. params/2024.yaml")
    p.set_defaults(func=_cmd_run)
    p = sub.add_parser("validasi", help="periksa berkas params saja")
    p.add_argument("params")
    p.set_defaults(func=_cmd_validasi)
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
