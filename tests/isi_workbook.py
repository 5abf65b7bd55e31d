"""Test helper: fill the empty cells of a raw-data workbook the way an analyst would."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from lkjip.tables import SPEC_BY_NAME

CONTOH = {"persen": 12.5, "angka": 80.25, "rupiah": 1_250_000, "bilangan": 3, "target": "10 unit", "teks": "diisi"}


def isi(path: Path, tahun: int) -> None:
    """Fill every blank cell the new year needs: targets, realisasi, amounts, counts, PK number and date."""
    wb = load_workbook(path)
    for spec in SPEC_BY_NAME.values():
        if spec.name not in wb.sheetnames:
            continue
        ws = wb[spec.name]
        header = [c.value for c in ws[1]]
        for row in ws.iter_rows(min_row=2):
            values = {h: c for h, c in zip(header, row)}
            if all(c.value in (None, "") for c in row):
                continue
            for col, cell in values.items():
                if col is None or cell.value not in (None, ""):
                    continue
                kind = spec.columns.get(col)
                if col in spec.opsional:
                    continue  # optional columns (sumber_realisasi, RKT realisasi) are left blank
                if spec.name == "t2_2_rkt" and col.startswith("anggaran"):
                    if values["tingkat"].value == "sub_kegiatan":
                        cell.value = CONTOH["rupiah"]
                    continue
                if col in ("parent_id", "program_id", "menggantikan", "tahun_akhir", "no", "keterangan", "catatan",
                           "sasaran_nasional", "arah_kebijakan", "sumber", "harga") and col in spec.nullable:
                    continue
                if spec.name == "pk_perjanjian_kinerja" and col == "anggaran":
                    continue
                if spec.name == "t3_2_riwayat":
                    continue
                if kind in CONTOH:
                    cell.value = CONTOH[kind]
    wb.save(path)
