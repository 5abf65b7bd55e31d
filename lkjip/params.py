"""The params file: one YAML per year, validated before any kernel starts.

An unknown key, a missing key, a value of the wrong type, or a predicate scale with
a gap or an overlap is reported as a :class:`~lkjip.errors.ParamsError` whose message
names the key (``skala_predikat_capaian[2].bawah``) in Bahasa Indonesia.

The YAML is read by a restricted loader before validation: a file larger than
:data:`MAKS_BYTE`, anchors and aliases (``&a``/``*a``, the "billion laughs" alias bomb),
merge keys (``<<``), duplicate keys and nesting deeper than :data:`MAKS_KEDALAMAN` are
refused with a message naming the line; a date that does not exist
(``2025-02-31``) is reported against its key.

Predicate bands are half-open: a band covers ``bawah < nilai <= atas``. The lowest
band of a scale also includes its own lower bound (so an AKIP score of 0 is "D").
``bawah: null`` on the lowest band and ``atas: null`` on the highest mean unbounded.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .errors import ParamsError

#: Longest text value of a params file (the 2024 file: 61 characters); the report prints them.
MAKS_TEKS = 500
#: Most bands in a predicate scale (the 2024 scales: 6 and 6); the report prints the scale.
MAKS_PITA = 20

_STRICT = ConfigDict(extra="forbid", strict=True, frozen=True, str_max_length=MAKS_TEKS)

#: Largest params file accepted (bytes); the 2024 file is about 4 KB.
MAKS_BYTE = 64 * 1024
#: Deepest nesting of mappings/lists accepted in a params file (the schema needs 4).
MAKS_KEDALAMAN = 20
#: Years accepted for ``tahun`` and the Renstra period (also bounds ``lkjip template``).
TAHUN_MIN, TAHUN_MAKS = 2000, 2100

Tahun = Annotated[int, Field(ge=TAHUN_MIN, le=TAHUN_MAKS)]

Number = Annotated[Decimal, Field(strict=False)]


class KepalaDinas(BaseModel):
    """Head of the agency who signs the report."""

    model_config = _STRICT
    nama: str
    jabatan: str
    nip: Annotated[str, Field(pattern=r"^\d{18}$")]
    pangkat: str


class Instansi(BaseModel):
    """Identity of the reporting agency (OPD)."""

    model_config = _STRICT
    nama: str
    kabupaten: str
    alamat: str
    kepala_dinas: KepalaDinas
    tanggal_laporan: dt.date
    tempat: str
    #: Logo on the cover: a PNG or SVG file inside the raw folder (``paths.raw``), relative to it;
    #: ``null`` or absent: a cover without a logo.
    logo: str | None = None

    @field_validator("logo")
    @classmethod
    def _logo(cls, v: str | None) -> str | None:
        if v is None:
            return v
        p = Path(v)
        if p.is_absolute() or ".." in p.parts or not v.strip():
            raise ValueError("logo harus jalur relatif di dalam folder data mentah (paths.raw), tanpa '..'")
        if p.suffix.lower() not in (".png", ".svg"):
            raise ValueError(f"logo harus berkas .png atau .svg, bukan '{p.suffix or v}'")
        return v


class Renstra(BaseModel):
    """The Renstra (medium-term strategic plan) period."""

    model_config = _STRICT
    tahun_awal: Tahun
    tahun_akhir: Tahun

    @model_validator(mode="after")
    def _ordered(self) -> "Renstra":
        if self.tahun_akhir < self.tahun_awal:
            raise ValueError("tahun_akhir harus sama dengan atau setelah tahun_awal")
        return self


class Paths(BaseModel):
    """Input and output folders, relative to the repository root."""

    model_config = _STRICT
    raw: str
    processed: str
    reports: str


class Band(BaseModel):
    """One band of a predicate scale: ``bawah < nilai <= atas``."""

    model_config = _STRICT
    predikat: str
    keterangan: str = ""
    bawah: Number | None
    atas: Number | None

    @model_validator(mode="after")
    def _ordered(self) -> "Band":
        if self.bawah is not None and self.atas is not None and self.atas <= self.bawah:
            raise ValueError(f"atas ({self.atas}) harus lebih besar dari bawah ({self.bawah})")
        return self


def check_scale(bands: list[Band]) -> list[str]:
    """Return the gaps and overlaps of a scale, as messages naming the band index.

    Parameters
    ----------
    bands : list of Band
        Bands in any order.

    Returns
    -------
    list of str
        Empty when the bands are contiguous from the lowest to the highest.
    """
    problems: list[str] = []
    if not bands:
        return ["skala kosong"]
    order = sorted(
        range(len(bands)),
        key=lambda i: (bands[i].bawah is not None, bands[i].bawah if bands[i].bawah is not None else 0),
    )
    for prev_i, next_i in zip(order, order[1:]):
        prev, nxt = bands[prev_i], bands[next_i]
        if prev.atas is None:
            problems.append(f"[{prev_i}] tidak berbatas atas, tetapi ada pita di atasnya ([{next_i}])")
            continue
        if nxt.bawah is None:
            problems.append(f"[{next_i}] tidak berbatas bawah, tetapi bukan pita terendah")
            continue
        if nxt.bawah > prev.atas:
            problems.append(
                f"celah antara [{prev_i}] '{prev.predikat}' (s.d. {prev.atas}) dan "
                f"[{next_i}] '{nxt.predikat}' (di atas {nxt.bawah}): nilai >{prev.atas} s.d. {nxt.bawah} tidak berpredikat"
            )
        elif nxt.bawah < prev.atas:
            problems.append(
                f"tumpang tindih antara [{prev_i}] '{prev.predikat}' (s.d. {prev.atas}) dan "
                f"[{next_i}] '{nxt.predikat}' (di atas {nxt.bawah})"
            )
    return problems


class Metode(BaseModel):
    """Calculation methods."""

    model_config = _STRICT
    polaritas_negatif: Literal["selisih_target", "rasio_terbalik"]
    batas_capaian: Number | None
    rata_rata_capaian: Literal["rata_rata_sasaran", "rata_rata_indikator_sasaran"]
    efisiensi_anggaran: Literal["capaian_minus_serapan", "sisa_anggaran"]
    # Display rounding is not a params key: it is fixed (ROUND_HALF_UP, 2 decimals, lkjip.fmt),
    # so every table and sentence of the report rounds the same way.


class Keluaran(BaseModel):
    """Output formats of the rendered report."""

    model_config = _STRICT
    format: list[Literal["html", "pdf"]]


class Reviu(BaseModel):
    """Settings of the automatic review (reviu) of printed figures."""

    model_config = _STRICT
    #: A printed value within ``toleransi_ulp`` units of its last printed digit from the
    #: recomputed value is a rounding or truncation (tingkat info); beyond it, an error.
    toleransi_ulp: Annotated[Number, Field(ge=0)]


class Anggaran(BaseModel):
    """How the budget tables are shown (optional block; defaults shown)."""

    model_config = _STRICT
    #: RKT levels Tabel 3.5 and 3.6 show under each sasaran: ``program`` always, plus
    #: ``kegiatan`` and/or ``sub_kegiatan`` (pagu, realisasi and serapan per node).
    tingkat_tabel: list[Literal["program", "kegiatan", "sub_kegiatan"]] = ["program"]

    @field_validator("tingkat_tabel")
    @classmethod
    def _program_wajib(cls, v):
        if "program" not in v:
            raise ValueError("tingkat_tabel harus memuat 'program' (baris program dipakai untuk total)")
        if len(set(v)) != len(v):
            raise ValueError("tingkat_tabel memuat tingkat yang sama dua kali")
        return v


class Params(BaseModel):
    """A validated params file.

    Load one with :func:`load_params`; every key is required and validated.
    """

    model_config = _STRICT
    tahun: Tahun
    instansi: Instansi
    renstra: Renstra
    paths: Paths
    skala_predikat_capaian: Annotated[list[Band], Field(max_length=MAKS_PITA)]
    skala_predikat_akip: Annotated[list[Band], Field(max_length=MAKS_PITA)]
    metode: Metode
    keluaran: Keluaran
    indikator_akip: str | None
    reviu: Reviu
    anggaran: Anggaran = Anggaran()

    @field_validator("skala_predikat_capaian")
    @classmethod
    def _capaian_scale(cls, bands: list[Band]) -> list[Band]:
        problems = check_scale(bands)
        if not problems:
            if all(b.atas is not None for b in bands):
                problems.append(
                    "pita tertinggi harus tanpa batas atas (atas: null): capaian tidak dibatasi, "
                    "mis. capaian 250% harus tetap berpredikat"
                )
            if all(b.bawah is not None for b in bands):
                problems.append(
                    "pita terendah harus tanpa batas bawah (bawah: null): capaian polaritas negatif bisa di bawah 0"
                )
        if problems:
            raise ValueError("; ".join(problems))
        return bands

    @field_validator("skala_predikat_akip")
    @classmethod
    def _akip_scale(cls, bands: list[Band]) -> list[Band]:
        problems = check_scale(bands)
        if not problems:
            low = min((b for b in bands), key=lambda b: b.bawah if b.bawah is not None else Decimal("-1e9"))
            high = max((b for b in bands), key=lambda b: b.atas if b.atas is not None else Decimal("1e9"))
            if low.bawah != 0:
                problems.append("pita terendah harus mulai dari 0")
            if high.atas != 100:
                problems.append("pita tertinggi harus berakhir di 100")
        if problems:
            raise ValueError("; ".join(problems))
        return bands

    @model_validator(mode="after")
    def _year_in_renstra(self) -> "Params":
        if not self.renstra.tahun_awal <= self.tahun <= self.renstra.tahun_akhir:
            raise ValueError(
                f"tahun {self.tahun} di luar periode renstra {self.renstra.tahun_awal}–{self.renstra.tahun_akhir}"
            )
        return self


_TYPE_WORDS = {
    "int_type": "bilangan bulat",
    "int_parsing": "bilangan bulat",
    "string_type": "teks (tulis di antara tanda kutip bila berupa angka, mis. NIP)",
    "date_type": "tanggal berformat YYYY-MM-DD",
    "date_from_datetime_parsing": "tanggal berformat YYYY-MM-DD",
    "list_type": "daftar (list)",
    "model_type": "bagian berisi kunci-kunci (mapping)",
    "model_attributes_type": "bagian berisi kunci-kunci (mapping)",
    "decimal_type": "angka",
    "decimal_parsing": "angka",
    "literal_error": "salah satu pilihan yang diizinkan",
    "bool_type": "true/false",
}


_BATAS = {
    "greater_than_equal": "paling kecil",
    "less_than_equal": "paling besar",
    "greater_than": "lebih besar dari",
    "less_than": "lebih kecil dari",
}


def _limit(err: dict) -> str:
    ctx = err.get("ctx", {})
    for k in ("ge", "le", "gt", "lt"):
        if k in ctx:
            return str(ctx[k])
    return ""


def _loc(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(akar berkas)"


def _describe(err: dict) -> str:
    key = _loc(err["loc"])
    kind = err["type"]
    if kind == "missing":
        return f"kunci '{key}' wajib ada tetapi tidak ditemukan"
    if kind == "extra_forbidden":
        return f"kunci '{key}' tidak dikenal (periksa ejaan; kunci yang tidak dikenal tidak diizinkan)"
    got = err.get("input")
    if kind in ("date_type", "date_parsing") and isinstance(got, str) and re.match(r"\d{4}-\d\d?-\d\d?", got):
        return (f"kunci '{key}': nilai {got!r} bukan tanggal yang ada di kalender (periksa hari dan bulan) "
                "— diharapkan tanggal berformat YYYY-MM-DD")
    if kind in _TYPE_WORDS:
        extra = ""
        if kind == "literal_error":
            extra = f" ({err.get('ctx', {}).get('expected', '')})"
        return f"kunci '{key}': nilai {got!r} salah tipe — diharapkan {_TYPE_WORDS[kind]}{extra}"
    if kind in _BATAS:
        return f"kunci '{key}': nilai {got!r} harus {_BATAS[kind]} {_limit(err)}"
    if kind == "string_too_long":
        return (f"kunci '{key}': teks {len(got) if isinstance(got, str) else '?'} karakter; paling banyak "
                f"{err.get('ctx', {}).get('max_length')} karakter")
    if kind == "too_long":
        return (f"kunci '{key}': {err.get('ctx', {}).get('actual_length')} butir; paling banyak "
                f"{err.get('ctx', {}).get('max_length')} butir")
    if kind == "string_pattern_mismatch":
        return f"kunci '{key}': nilai {got!r} tidak sesuai format ({err.get('ctx', {}).get('pattern')})"
    if kind == "value_error":
        msg = str(err.get("ctx", {}).get("error", err.get("msg", "")))
        return f"kunci '{key}': {msg}"
    return f"kunci '{key}': {err.get('msg')} (nilai {got!r})"


def parse_params(data: object, source: str = "params") -> Params:
    """Validate a params mapping.

    Parameters
    ----------
    data : object
        The parsed YAML document.
    source : str
        File name used in error messages.

    Returns
    -------
    Params

    Raises
    ------
    ParamsError
        Listing every problem, each naming its key.
    """
    if not isinstance(data, dict):
        raise ParamsError(f"{source}: isi berkas params harus berupa mapping kunci: nilai")
    kendali = _teks_berkarakter_kendali(data)
    if kendali:
        raise ParamsError(f"{source}: params tidak valid:\n" + "\n".join(
            f"  - {kunci}: teks memuat karakter kendali tak terlihat {kode}; hapus karakter itu"
            for kunci, kode in kendali))
    try:
        return Params.model_validate(data)
    except ValidationError as exc:
        lines = [_describe(e) for e in exc.errors(include_url=False)]
        raise ParamsError(f"{source}: params tidak valid:\n" + "\n".join(f"  - {line}" for line in lines)) from None


#: Control characters that no text value may hold (tab, newline and carriage return are allowed).
#: They are invisible in the report and refused by spreadsheet writers (openpyxl).
KARAKTER_KENDALI = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _teks_berkarakter_kendali(data: object, prefix: str = "") -> list[tuple[str, str]]:
    """(key path, ``U+00XX``) for every string in ``data`` holding a control character.

    Keys are checked as well as values; list items are named ``key[i]``.
    """
    found: list[tuple[str, str]] = []
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        path = f"{prefix}[{key}]" if isinstance(data, list) else (f"{prefix}.{key}" if prefix else str(key))
        for text in (key, value):
            if isinstance(text, str) and (m := KARAKTER_KENDALI.search(text)):
                found.append((path, f"U+{ord(m.group()):04X}"))
                break
        else:
            found += _teks_berkarakter_kendali(value, path)
    return found


class _Ditolak(yaml.MarkedYAMLError):
    """A YAML construct the params loader refuses (alias, anchor, duplicate key, too deep)."""

    def __init__(self, problem: str, mark):
        super().__init__(problem=problem, problem_mark=mark)


class _ParamsLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` without anchors/aliases/merge keys, duplicate keys or deep nesting.

    Aliases are refused while composing, before anything is expanded, so an alias bomb
    costs nothing; the depth limit comes before Python's recursion limit.
    """

    _kedalaman = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise _Ditolak(f"alias '*{event.anchor}' tidak diizinkan di berkas params (tulis nilainya langsung)",
                           event.start_mark)
        if getattr(event, "anchor", None) is not None:
            raise _Ditolak(f"anchor '&{event.anchor}' tidak diizinkan di berkas params (tulis nilainya langsung)",
                           event.start_mark)
        self._kedalaman += 1
        try:
            if self._kedalaman > MAKS_KEDALAMAN:
                raise _Ditolak(f"struktur bersarang lebih dari {MAKS_KEDALAMAN} tingkat; berkas params "
                               "tidak sedalam itu", event.start_mark)
            return super().compose_node(parent, index)
        finally:
            self._kedalaman -= 1

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: dict = {}
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise _Ditolak("kunci gabungan '<<' tidak diizinkan di berkas params", key_node.start_mark)
                if isinstance(key_node, yaml.ScalarNode):
                    key = self.construct_object(key_node)
                    try:
                        first = seen.setdefault(key, key_node.start_mark.line + 1)
                    except TypeError:
                        continue  # unhashable: reported by the base constructor
                    if first != key_node.start_mark.line + 1:
                        raise _Ditolak(f"kunci '{key}' muncul dua kali (baris {first} dan baris "
                                       f"{key_node.start_mark.line + 1}); hapus salah satu", key_node.start_mark)
        return super().construct_mapping(node, deep=deep)

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep=deep)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, IndexError, AttributeError, OverflowError) as exc:
            # e.g. an explicit tag on a value that does not fit it: '!!int' with no digits
            value = node.value if isinstance(node.value, str) else ""
            raise _Ditolak(f"nilai {value[:40]!r} tidak dapat dibaca sebagai {node.tag.rsplit(':', 1)[-1]} "
                           f"({type(exc).__name__})", node.start_mark) from None

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            # 2025-02-31: kept as text, so the validation names the key and says why.
            return self.construct_scalar(node)

    def construct_yaml_int(self, node):
        try:
            return super().construct_yaml_int(node)
        except ValueError:
            raise _Ditolak(f"bilangan '{node.value[:40]}…' terlalu panjang", node.start_mark) from None


_ParamsLoader.add_constructor("tag:yaml.org,2002:timestamp", _ParamsLoader.construct_yaml_timestamp)
_ParamsLoader.add_constructor("tag:yaml.org,2002:int", _ParamsLoader.construct_yaml_int)


def baca_yaml(text: str, source: str = "params") -> object:
    """Parse the text of a params file with the restricted loader.

    Parameters
    ----------
    text : str
        The YAML text.
    source : str
        File name used in error messages.

    Returns
    -------
    object
        The parsed document (not yet validated).

    Raises
    ------
    ParamsError
        For text over :data:`MAKS_BYTE`, invalid YAML, anchors/aliases, merge keys,
        duplicate keys or nesting deeper than :data:`MAKS_KEDALAMAN`, naming the line.

    Examples
    --------
    >>> baca_yaml("a: 1\\nb: [x, y]\\n")
    {'a': 1, 'b': ['x', 'y']}
    >>> baca_yaml("a: &x 1\\nb: *x\\n")
    Traceback (most recent call last):
    ...
    lkjip.errors.ParamsError: params: baris 1, kolom 4 YAML tidak valid: anchor '&x' tidak diizinkan di berkas params (tulis nilainya langsung)
    """
    if len(text.encode("utf-8", "surrogatepass")) > MAKS_BYTE:
        raise ParamsError(f"{source}: berkas params lebih dari {MAKS_BYTE // 1024} KiB; berkas params tidak sebesar itu")
    try:
        return yaml.load(text, Loader=_ParamsLoader)  # noqa: S506 — a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" baris {mark.line + 1}, kolom {mark.column + 1}" if mark else ""
        raise ParamsError(f"{source}:{where} YAML tidak valid: {getattr(exc, 'problem', None) or exc}") from None
    except RecursionError:
        raise ParamsError(f"{source}: struktur YAML terlalu dalam") from None


def load_params(path: str | Path) -> Params:
    """Read and validate a params YAML file.

    Parameters
    ----------
    path : str or Path
        Path to the YAML file; relative paths are taken from the repository root.

    Returns
    -------
    Params

    Raises
    ------
    ParamsError
        If the file is missing, is not valid YAML, or fails validation.
    """
    from .paths import display, resolve

    p = resolve(path)
    if not p.is_file():
        raise ParamsError(f"berkas params '{display(p)}' tidak ditemukan")
    try:
        with open(p, "rb") as fh:  # read at most one byte past the limit: a huge file is never loaded
            raw = fh.read(MAKS_BYTE + 1)
    except OSError as exc:
        raise ParamsError(f"berkas params '{display(p)}' tidak dapat dibaca: {exc.strerror}") from None
    if len(raw) > MAKS_BYTE:
        raise ParamsError(f"{display(p)}: berkas params lebih dari {MAKS_BYTE // 1024} KiB; berkas params tidak sebesar itu")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ParamsError(f"{display(p)}: bukan teks UTF-8") from None
    return parse_params(baca_yaml(text, display(p)), display(p))
