"""The Excel workbook form of a year's raw data: one sheet per raw table.

Analysts may fill a workbook instead of the CSV files. The workbook has an
instructions sheet (``Petunjuk``), a hidden list sheet (``daftar``) for the data
validation, and one sheet per raw table named like the CSV file (``t3_1_kinerja``),
with the CSV column names in row 1 and data from row 2 — so a message's row number
is the Excel row number.

Reading accepts numbers typed as numbers (a percentage cell formatted as ``%`` is
multiplied by 100) or as text in the CSV forms. Merged cells, blank headers, unknown
sheets and values outside the titled columns are errors naming the sheet and cell.

Reading is bounded and streams: the file and its unzipped contents have a size
limit, and one pass over each sheet (openpyxl's read-only parser, no cell padding)
checks it against the row, column and cell limits of :mod:`lkjip.tables` while it
keeps only the filled cells, so one value in cell ``XFD1048576`` is a located error,
not a MemoryError, and thousands of formatted empty rows cost no memory. The same
pass sees both a formula and its cached value; a formula without a cached value (a
workbook written by a program and never opened in Excel/LibreOffice) is an error,
not a blank cell.
"""

from __future__ import annotations

import datetime as _dt
import io as _io
import re
from decimal import Decimal
from pathlib import Path

import pandas as pd

from .errors import DataError, Problem
from .io import ROW_COL, masalah_berkas
from .tables import (
    BATAS_BARIS_LEMBAR,
    BATAS_KOLOM,
    BATAS_SEL_WORKBOOK,
    BATAS_UKURAN,
    POLARITAS,
    REFERENSI,
    SPECS,
    SUMBER_REALISASI,
    TINGKAT_INDIKATOR,
    TINGKAT_RKT,
    TableSpec,
    batas_baris,
    check_columns,
    lengkapi_kolom,
)

PETUNJUK = "Petunjuk"
DAFTAR = "daftar"

_JENIS = {
    "id": "kode tanpa spasi, mis. IKS01 atau P01.K1.S1",
    "teks": "teks bebas",
    "rupiah": "jumlah Rupiah, mis. 1234567890 (angka) atau 1.234.567.890",
    "persen": "persen sebagai angka, mis. 12,34 (bukan 0,1234; sel berformat % juga diterima)",
    "angka": "angka desimal, mis. 56,78",
    "bilangan": "bilangan bulat, mis. 12345",
    "tahun": "tahun empat angka, mis. 2025",
    "target": "angka dengan satuan sebagai teks, mis. '3 dok', '7,8%', '78'",
    "dilaporkan": "angka sebagaimana dicetak dokumen (teks)",
}
_FORMAT = {"rupiah": "#,##0", "persen": "0.00", "angka": "0.00", "bilangan": "0", "tahun": "0"}

#: Columns whose values come from another sheet's id column (data validation lists): the foreign keys.
_REFERENSI = {(r.tabel, r.kolom): r.induk for r in REFERENSI}
_DAFTAR_TETAP = {"polaritas": list(POLARITAS), "tingkat_indikator": list(TINGKAT_INDIKATOR),
                 "tingkat_rkt": list(TINGKAT_RKT), "sumber_realisasi": list(SUMBER_REALISASI)}
#: Suggested units of the ``satuan`` pick-list; any other unit may be typed (free text).
_SATUAN_UMUM = ["%", "dok", "unit", "orang", "nilai", "indeks", "poin", "kegiatan", "laporan", "kelompok",
                "lembaga", "desa", "ha", "ton", "paket", "kali", "hari", "bulan"]

PETUNJUK_TEKS = [
    "PETUNJUK PENGISIAN DATA LKjIP {tahun}",
    "",
    "1. Setiap lembar adalah satu tabel data mentah; nama lembar dan judul kolom (baris 1) jangan diubah.",
    "2. Isi data mulai baris 2, satu baris per data. Jangan menggabungkan sel (merge) dan jangan menyisipkan baris judul lain.",
    "3. Sel yang datanya tidak ada dibiarkan KOSONG, jangan diisi 0: kosong dicetak 'data tidak tersedia' di laporan.",
    "4. Angka boleh diketik sebagai angka Excel atau sebagai teks seperti di dokumen (1.234.567.890 / 12,34%).",
    "   Persen ditulis sebagai angka persen (12,34 untuk 12,34%); sel berformat % juga diterima.",
    "5. Kolom kode (id) memakai daftar pilihan dari lembar induknya (sasaran, program, indikator).",
    "6. Polaritas indikator: 'positif' (makin tinggi makin baik) atau 'negatif' (makin rendah makin baik).",
    "   sumber_realisasi indikator (boleh kosong): realisasi yang juga dihitung pipeline — nilai_akip (nilai AKIP resmi),",
    "   rata_rata_capaian_kegiatan / rata_rata_capaian_sub_kegiatan (rata-rata capaian node RKT di bawah program/sasarannya).",
    "   Catatan atas dokumen sumber: lembar dokumen, unsur 'catatan_reviu:<entitas>' (dicetak hanya di Catatan Reviu).",
    "7. Setelah menyimpan workbook, catat sidik jarinya: lkjip manifest data/raw/{tahun}",
    "8. Jalankan pipeline: ./scripts/run.sh params/{tahun}.yaml — kesalahan data dilaporkan dengan nama lembar, baris dan kolom.",
    "",
    "Jenis kolom:",
]


def _cell_value(cell) -> object:
    """The value of one cell for the parsers: text stays text, numbers stay numbers."""
    v = cell.value
    if v is None:
        return ""
    if isinstance(v, bool):
        return "benar" if v else "salah"
    if isinstance(v, (_dt.datetime, _dt.date)):
        from .fmt import tanggal

        return tanggal(v.date() if isinstance(v, _dt.datetime) else v)
    if isinstance(v, (int, float)):
        if "%" in (cell.number_format or ""):
            return Decimal(repr(float(v))) * 100
        return v
    return str(v).strip()


class _Pindaian:
    """What the streaming pass found in one sheet: used extent, filled cells, formula cells, merged ranges."""

    def __init__(self) -> None:
        self.baris = 0            # last row holding a value
        self.kolom = 0            # last column holding a value
        self.rumus: set[tuple[int, int]] = set()
        self.sel: dict[tuple[int, int], object] = {}   # (row, column) -> cell, filled cells of a raw table's sheet
        self.gabungan: list[str] = []                   # merged ranges, e.g. "A2:B3"


class _SelRusak(Exception):
    """A cell whose stored value cannot be read (raised by the parser of :func:`_kelas_pengurai`)."""

    def __init__(self, sel: str, baris: int):
        super().__init__(sel, baris)
        self.sel, self.baris = sel, baris


def _kelas_pengurai():
    """openpyxl's streaming sheet parser giving cached values *and* a formula flag per cell, in one pass."""
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class _Pengurai(WorkSheetParser):
        def parse_cell(self, element):
            try:
                cell = super().parse_cell(element)
            except ValueError:  # e.g. a number of more than 4,300 digits (int() refuses it)
                raise _SelRusak(element.get("r") or "?", self.row_counter) from None
            cell["rumus"] = element.find(FORMULA_TAG) is not None
            return cell

    return _Pengurai


def _baris(parser, rusak: list):
    """The rows of ``parser``, ending at the first cell that cannot be read (appended to ``rusak``)."""
    try:
        yield from parser.parse()
    except _SelRusak as exc:
        rusak.append(exc)


def _cek_zip(path: Path, label: str) -> None:
    """Refuse a workbook file over the size limit, not a zip, or that unzips beyond the limit."""
    import zipfile

    problem = masalah_berkas(path, label)
    if problem is not None:
        raise DataError([problem])
    size = Path(path).stat().st_size
    if size > BATAS_UKURAN["xlsx"]:
        raise DataError([Problem(label, f"workbook terlalu besar ({size // 2 ** 20} MiB; batas "
                                        f"{BATAS_UKURAN['xlsx'] // 2 ** 20} MiB)")])
    try:
        with zipfile.ZipFile(path) as z:
            isi = sum(i.file_size for i in z.infolist())
    except PermissionError:
        raise DataError([Problem(label, "berkas tidak dapat dibaca: izin ditolak")]) from None
    except (zipfile.BadZipFile, OSError, ValueError):
        raise DataError([Problem(label, "bukan workbook Excel (.xlsx) yang dapat dibaca: berkas bukan zip")]) from None
    if isi > BATAS_UKURAN["xlsx_isi"]:
        raise DataError([Problem(label, f"isi workbook terlalu besar setelah diekstrak ({isi // 2 ** 20} MiB; batas "
                                        f"{BATAS_UKURAN['xlsx_isi'] // 2 ** 20} MiB)")])


def _pindai(path: Path, label: str, specs: tuple[TableSpec, ...]) -> tuple[list[str], dict[str, _Pindaian], list[Problem]]:
    """The one pass over the workbook: stream every sheet (no cell padding), check it against the limits.

    Returns the sheet names, and per sheet the used extent, formula cells, merged
    ranges and — for the sheets of raw tables — the filled cells (cached values of
    formulas, with their number format); and the problems found. A sheet stops being
    read at its first problem, the workbook at the cell limit.
    """
    from openpyxl import load_workbook
    from openpyxl.cell.read_only import ReadOnlyCell
    from openpyxl.utils import get_column_letter

    names = {s.name for s in specs}
    out: dict[str, _Pindaian] = {}
    problems: list[Problem] = []
    sel = 0
    pengurai = _kelas_pengurai()
    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        sheetnames = list(wb.sheetnames)
        for title in sheetnames:
            ws = wb[title]
            if not hasattr(ws, "_get_source"):  # a chart sheet holds no cells
                continue
            where = f"{label} [lembar {title}]"
            info = out[title] = _Pindaian()
            simpan = title in names
            limit = batas_baris(title) if simpan else None
            data_rows = 0
            with ws._get_source() as src:
                parser = pengurai(src, ws._shared_strings, data_only=True, epoch=wb.epoch,
                                  date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)
                rusak: list[_SelRusak] = []
                for idx, row in _baris(parser, rusak):
                    sel += len(row)
                    if sel > BATAS_SEL_WORKBOOK:
                        problems.append(Problem(label, f"workbook memuat lebih dari {BATAS_SEL_WORKBOOK:,} sel (termasuk "
                                                       "sel kosong berformat) — hapus baris/kolom yang tidak dipakai"
                                                .replace(",", ".")))
                        return sheetnames, out, problems
                    filled = [c for c in row if c["rumus"] or (c["value"] is not None and c["value"] != "")]
                    if not filled:
                        continue
                    far = max(filled, key=lambda c: c["column"])
                    coord = f"{get_column_letter(far['column'])}{idx}"
                    if far["column"] > BATAS_KOLOM:
                        problems.append(Problem(where, f"nilai di sel {coord} di luar batas {BATAS_KOLOM} kolom "
                                                       "per lembar; hapus isi sel itu", baris=idx, nilai=str(far["value"])[:40]))
                        break
                    if idx > BATAS_BARIS_LEMBAR:
                        problems.append(Problem(where, f"nilai di sel {coord} di luar batas baris {BATAS_BARIS_LEMBAR:,} "
                                                       "per lembar; hapus isi sel itu".replace(",", "."), baris=idx,
                                                nilai=str(far["value"])[:40]))
                        break
                    if idx > 1 and limit is not None:
                        data_rows += 1
                        if data_rows > limit:
                            problems.append(Problem(where, f"lebih dari {limit} baris data; batas tabel ini {limit} baris "
                                                           "(lihat bagian 'Keamanan dan batas' di README)", baris=idx))
                            break
                    info.baris = idx
                    info.kolom = max(info.kolom, far["column"])
                    info.rumus.update((idx, c["column"]) for c in filled if c["rumus"])
                    if simpan:
                        for c in filled:
                            info.sel[idx, c["column"]] = ReadOnlyCell(ws, idx, c["column"], c["value"], c["data_type"],
                                                                       c["style_id"])
                for exc in rusak:
                    problems.append(Problem(where, f"nilai sel {exc.sel[:20]} tidak dapat dibaca (angka yang terlalu "
                                                   "panjang atau isi sel yang rusak); ketik ulang nilainya",
                                            baris=exc.baris or None))
                if parser.merged_cells is not None:
                    info.gabungan = [m.ref for m in parser.merged_cells.mergeCell]
    finally:
        wb.close()
    return sheetnames, out, problems


def read_workbook(path: Path, label: str, specs: tuple[TableSpec, ...] = SPECS) -> dict[str, pd.DataFrame]:
    """Read the raw tables of a workbook into frames like :func:`lkjip.io.read_raw_csv` gives.

    Raises
    ------
    DataError
        For an unreadable file, a file or sheet beyond the limits of
        :mod:`lkjip.tables` (size, rows, columns, cells), unknown or missing sheets,
        merged cells, blank or duplicate headers, formulas without a cached value,
        and values outside the titled columns; each problem names the sheet and the cell.
    """
    from openpyxl.cell.read_only import EMPTY_CELL
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.cell_range import CellRange

    _cek_zip(path, label)
    try:
        sheetnames, scan, scan_problems = _pindai(path, label, specs)
    except DataError:
        raise
    except Exception as exc:  # zip/xml errors of a file that is not a workbook
        raise DataError([Problem(label, f"bukan workbook Excel (.xlsx) yang dapat dibaca: {type(exc).__name__}")]) from None
    if scan_problems:
        raise DataError(scan_problems)
    by_name = {s.name: s for s in specs}
    problems: list[Problem] = []
    for title in sheetnames:
        if title not in by_name and title not in (PETUNJUK, DAFTAR):
            problems.append(Problem(f"{label} [lembar {title}]", "lembar tidak dikenal; nama lembar harus nama tabel "
                                    "mentah (lihat lembar Petunjuk)"))
    frames: dict[str, pd.DataFrame] = {}
    for spec in specs:
        where = f"{label} [lembar {spec.name}]"
        if spec.name not in sheetnames:
            if spec.required:
                problems.append(Problem(where, f"lembar wajib tidak ada ({spec.judul}: {spec.uraian})"))
            continue
        info = scan.get(spec.name, _Pindaian())
        sheet_problems: list[Problem] = []
        for ref in info.gabungan:
            rng = CellRange(ref)
            sheet_problems.append(Problem(where, f"sel gabungan (merge) {rng.coord}: pisahkan sel, satu nilai per sel",
                                          baris=rng.min_row))
        rows = [[info.sel.get((r, c), EMPTY_CELL) for c in range(1, info.kolom + 1)] for r in range(1, info.baris + 1)]
        if not rows:
            problems.append(Problem(where, "lembar kosong: baris 1 harus berisi judul kolom", baris=1))
            continue
        header = [str(c.value).strip() if c.value is not None else "" for c in rows[0]]
        while header and header[-1] == "":
            header.pop()
        for i, h in enumerate(header):
            if h == "":
                sheet_problems.append(Problem(where, f"judul kolom {get_column_letter(i + 1)} kosong", baris=1))
        for h in sorted({h for h in header if h and header.count(h) > 1}):
            sheet_problems.append(Problem(where, "judul kolom ganda", baris=1, kolom=h))
        for r, c in sorted(info.rumus):
            if info.sel[r, c].value is None:
                sheet_problems.append(Problem(where, f"sel {get_column_letter(c)}{r} berisi rumus tanpa nilai tersimpan; "
                                                     "buka workbook di Excel/LibreOffice lalu simpan (Save) agar nilai "
                                                     "rumusnya ikut tersimpan", baris=r))
        data, lines = [], []
        for r, row in enumerate(rows[1:], start=2):
            values = [_cell_value(c) for c in row]
            if all(v == "" for v in values):
                continue
            extra = [i for i, v in enumerate(values) if i >= len(header) and v != ""]
            for i in extra:
                sheet_problems.append(Problem(where, f"nilai di kolom {get_column_letter(i + 1)} yang tidak berjudul",
                                              baris=r, nilai=str(values[i])))
            values = (values + [""] * len(header))[:len(header)]
            data.append(values)
            lines.append(r)
        if sheet_problems:
            problems += sheet_problems
            continue
        df = pd.DataFrame(data, columns=header, dtype=object)
        df[ROW_COL] = lines
        col_problems = check_columns(df, spec, where)
        problems += col_problems
        if not col_problems:
            frames[spec.name] = lengkapi_kolom(df, spec)
    if problems:
        raise DataError(problems)
    return frames


def nilai_excel(v):
    """A value for an Excel cell: a Decimal becomes an int when whole, else a float (Excel has no decimals)."""
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() and abs(v) < 10 ** 15 else float(v)
    return v


def teks_tetap_teks(wb) -> None:
    """Store every text cell of the workbook ``wb`` (being built) as text, never as a formula.

    openpyxl writes a string that begins with ``=`` as a live formula (which Excel then
    computes, and which reads back empty); user text such as ``=SUM(A1)`` or ``@x`` must
    stay the same text. Call it on a workbook just before saving it.
    """
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"


#: Timestamp written into generated workbooks (document properties and zip entries), so that the
#: same tables always give the same bytes (a workbook has no meaningful "created" time of its own).
WAKTU_TETAP = (2000, 1, 1, 0, 0, 0)


def simpan_tetap(wb) -> bytes:
    """Save the workbook ``wb`` to bytes that depend only on its content (byte-identical across runs).

    openpyxl stamps the current time into ``docProps/core.xml`` and into every zip entry;
    both are set to :data:`WAKTU_TETAP` here.
    """
    import zipfile

    waktu = _dt.datetime(*WAKTU_TETAP)
    wb.properties.created = wb.properties.modified = waktu
    buf = _io.BytesIO()
    wb.save(buf)
    out = _io.BytesIO()
    with zipfile.ZipFile(_io.BytesIO(buf.getvalue())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=WAKTU_TETAP)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl sets "modified" to now while saving
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>" + waktu.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + rb"\g<2>", data)
            dst.writestr(fixed, data)
    return out.getvalue()


def template(tahun: int, data: dict[str, pd.DataFrame] | None = None,
             specs: tuple[TableSpec, ...] = SPECS) -> bytes:
    """An .xlsx form for the raw data of ``tahun``, empty or filled from parsed raw text frames.

    Parameters
    ----------
    tahun : int
        Year the workbook is for (instructions, file names).
    data : dict of DataFrame, optional
        Raw text frames (as read from CSV) to fill in; numeric columns are written as
        numbers, ``target`` and printed values (``dilaporkan``) as text; every text cell
        is stored as text, so ``=teks`` reads back as ``=teks``, never as a formula.
    specs : tuple of TableSpec
        Tables to include.

    Returns
    -------
    bytes
        The workbook.
    """
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from .numbers import parse_cell

    data = data or {}
    wb = Workbook()
    info = wb.active
    info.title = PETUNJUK
    for line in PETUNJUK_TEKS:
        info.append([line.format(tahun=tahun)])
    for kind, text in _JENIS.items():
        info.append([f"  {kind}: {text}"])
    info.append([""])
    info.append(["Lembar dan isinya:"])
    for spec in specs:
        info.append([f"  {spec.name} — {spec.judul}: {spec.uraian}" + ("" if spec.required else " (boleh tidak ada)")])
    from .tables import BESARAN, ENTITAS

    info.append([""])
    info.append(["Lembar dilaporkan (angka sebagaimana dicetak dokumen): lokasi = tempat cetak (mis. Tabel 3.5), "
                 "entitas = apa yang diukur, besaran = besaran apa; entitas boleh berakhiran @<tahun> untuk tahun lain."])
    for name, b in BESARAN.items():
        info.append([f"  besaran {name} ({b.jenis}): entitas {', '.join(b.entitas)} — diperiksa: {b.aturan}"])
    for k, v in ENTITAS.items():
        info.append([f"  entitas {k}: {v.replace('`', '')}"])
    info["A1"].font = Font(bold=True, size=13)
    info.column_dimensions["A"].width = 120

    lists = wb.create_sheet(DAFTAR)
    satuan = list(_SATUAN_UMUM)
    if "indikator" in data:
        satuan += [s for s in data["indikator"]["satuan"] if s and s not in satuan]
    columns = {**_DAFTAR_TETAP, "satuan": satuan}
    for j, (name, values) in enumerate(columns.items(), 1):
        lists.cell(1, j, name)
        for i, v in enumerate(values, 2):
            lists.cell(i, j, v)
    lists.sheet_state = "hidden"
    list_ref = {name: f"{DAFTAR}!${get_column_letter(j)}$2:${get_column_letter(j)}${len(values) + 1}"
                for j, (name, values) in enumerate(columns.items(), 1)}

    for spec in specs:
        ws = wb.create_sheet(spec.name)
        cols = list(spec.columns)
        ws.append(cols)
        for j, col in enumerate(cols, 1):
            c = ws.cell(1, j)
            c.font = Font(bold=True)
            c.fill = PatternFill("solid", fgColor="DDE6F1")
            c.alignment = Alignment(wrap_text=True)
            kind = spec.columns[col]
            note = _JENIS[kind] + ("; boleh kosong" if col in spec.nullable else "; wajib diisi")
            c.comment = Comment(note, "lkjip")
            ws.column_dimensions[get_column_letter(j)].width = max(12, min(45, len(col) + 4))
        frame = data.get(spec.name)
        if frame is not None:
            for _, row in frame.iterrows():
                out = []
                for col in cols:
                    text = row[col]
                    kind = spec.columns[col]
                    if kind in ("rupiah", "persen", "angka", "bilangan", "tahun") and text not in ("", None):
                        out.append(nilai_excel(parse_cell(kind, text)))
                    else:
                        out.append(text if text != "" else None)
                ws.append(out)
        last = max(ws.max_row, 2) + 200
        for j, col in enumerate(cols, 1):
            kind = spec.columns[col]
            letter = get_column_letter(j)
            format_ = _FORMAT.get(kind) or ("@" if kind in ("teks", "id", "target", "dilaporkan") else None)
            if format_:
                # the filled rows carry the format cell by cell; the column's own style gives it to
                # every row typed later, without thousands of formatted empty cells in the file
                for r in range(2, ws.max_row + 1):
                    ws.cell(r, j).number_format = format_
                ws.column_dimensions[letter].number_format = format_
            source = None
            if (spec.name, col) in _REFERENSI:
                ref = _REFERENSI[(spec.name, col)]
                source = f"{ref}!$A$2:$A${last}"
            elif col == "polaritas":
                source = list_ref["polaritas"]
            elif spec.name == "indikator" and col == "tingkat":
                source = list_ref["tingkat_indikator"]
            elif spec.name == "t2_2_rkt" and col == "tingkat":
                source = list_ref["tingkat_rkt"]
            elif spec.name == "indikator" and col == "sumber_realisasi":
                source = list_ref["sumber_realisasi"]
            elif col == "satuan":
                source = list_ref["satuan"]
            if source:
                dv = DataValidation(type="list", formula1=f"={source}", allow_blank=True)
                dv.error = f"Pilih nilai dari daftar untuk kolom {col}"
                dv.errorTitle = "Nilai tidak ada di daftar"
                if col == "satuan":  # suggestions only: any other unit may be typed, without a warning
                    dv.showErrorMessage = False
                ws.add_data_validation(dv)
                dv.add(f"{letter}2:{letter}{last}")
        ws.freeze_panes = "A2"
    teks_tetap_teks(wb)
    buf = _io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def lembar_tabel(wb, nama: str, judul: str, keterangan: str, header: list[str], df, format_angka: list,
                 lebar_maks: int, beku: str) -> None:
    """Add one titled table sheet to ``wb``: title, a source line, a bold header row, then the rows.

    ``format_angka`` holds, per column, an Excel number format or ``None``; values go
    through :func:`nilai_excel` (numbers as numbers). Text is made text-only afterwards by
    :func:`teks_tetap_teks`. Used by the annex and the rekap workbooks.
    """
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(nama[:31])
    ws.append([judul])
    ws["A1"].font = Font(bold=True, size=12)
    ws.append([keterangan])
    ws.append(header)
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE6F1")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in df.itertuples(index=False, name=None):
        ws.append([nilai_excel(v) for v in row])
    for j, fmt_ in enumerate(format_angka, 1):
        if fmt_:
            for r in range(4, ws.max_row + 1):
                ws.cell(r, j).number_format = fmt_
        ws.column_dimensions[get_column_letter(j)].width = min(lebar_maks, max(10, len(header[j - 1]) + 2))
    ws.freeze_panes = beku
