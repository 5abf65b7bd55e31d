"""The stages of a run, with what each one reads and writes, and their dependency graph.

Every stage is a notebook that declares its inputs: processed tables (from the
catalog, :mod:`lkjip.katalog`), the raw data folder, the narasi files, the report
templates, the figures of earlier stages and the params keys it reads. Its outputs are
the catalog tables it writes (:func:`lkjip.katalog.tabel_tahap`) and the figures it
saves. The runner builds the dependency graph from these declarations
(:func:`dependensi`), not from the order of :data:`STAGES`, and reuses a stage whose
inputs did not change since the last successful run (:func:`kunci`).

This module uses the standard library and :mod:`lkjip.katalog` only, so a run with
nothing to do never imports pandas.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import platform
import re
import stat
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .katalog import berkas_grafik, gambar_tahap, tabel_tahap
from .paths import ROOT as ROOT_REPO
from .tables import BATAS_UKURAN

PAKET = Path(__file__).resolve().parent
TEMPLAT_LAPORAN = PAKET / "templates" / "laporan"
TEMPLAT_NBCONVERT = PAKET / "templates" / "nbconvert"


@dataclass(frozen=True)
class Stage:
    """One pipeline stage: a parameterised notebook and what it reads and writes.

    Parameters
    ----------
    nama, notebook, uraian : str
        Stage name, notebook file (under ``notebooks/``, or an absolute path) and a
        description for the progress messages.
    masukan : tuple of str, optional
        Catalog tables read. ``None``: not declared; the stage then depends on every
        stage listed before it and is never reused from an earlier run.
    mentah : bool
        Reads the raw data files and their manifest rows (the narasi files and rows left out).
    narasi : bool
        Reads the narasi files of the raw folder and their manifest rows, and the cover
        logo (params ``instansi.logo``).
    templat : bool
        Renders the report templates (``lkjip/templates/laporan``).
    gambar : tuple of str
        Figures it saves under ``reports/<tahun>/gambar/`` (some only when there is data):
        the charts :data:`lkjip.katalog.GAMBAR` gives to it (:func:`lkjip.katalog.gambar_tahap`).
    gambar_masukan : bool
        Reads the figures of the stages it depends on.
    antara : bool
        Publishes its tables from the pre-run check's interim snapshot
        (``<processed>/antara/``, :mod:`lkjip.antara`): their sha256 there is part of its key.
    params : tuple of str
        Top-level params keys it reads (``"*"``: all of them).
    """

    nama: str
    notebook: str
    uraian: str
    masukan: tuple[str, ...] | None = None
    mentah: bool = False
    narasi: bool = False
    templat: bool = False
    gambar: tuple[str, ...] = ()
    gambar_masukan: bool = False
    params: tuple[str, ...] = ("*",)
    antara: bool = False

    @property
    def dinyatakan(self) -> bool:
        """Whether the stage declares its inputs (and so may be reused and run in parallel)."""
        return self.masukan is not None

    @property
    def berkas_gambar(self) -> tuple[str, ...]:
        """Files of its figures: each figure is saved as PNG, SVG and the phone edition's SVG (:func:`lkjip.grafik.simpan`)."""
        return tuple(n for g in self.gambar for n in berkas_grafik(g))

    @property
    def keluaran(self) -> tuple[str, ...]:
        """Catalog tables the stage writes."""
        return tabel_tahap(self.nama)


_BAB_I_III = ("koperasi", "usaha_mikro", "pegawai", "pegawai_komposisi", "pegawai_riwayat", "rkbmd", "aset",
              "dilaporkan", "indikator", "capaian_indikator", "capaian_instansi", "tabel_3_2", "ringkasan_anggaran")


def _semua(*stages: str) -> tuple[str, ...]:
    return tuple(n for s in stages for n in tabel_tahap(s))


STAGES: tuple[Stage, ...] = (
    Stage("01_ingest", "01_ingest.ipynb", "Memeriksa sha256 data mentah dan manifest",
          masukan=(), mentah=True, params=("tahun", "instansi"), antara=True),
    Stage("02_clean", "02_clean.ipynb", "Data bersih: sidik jari, aturan urai, peringatan",
          masukan=("mentah", "mentah_sidik"), params=("tahun", "instansi", "indikator_akip"), antara=True),
    Stage("03_capaian", "03_capaian.ipynb", "Menghitung capaian kinerja (Bab III)",
          masukan=("kinerja", "indikator", "sasaran", "program", "riwayat_kinerja", "target_renstra",
                   "pembanding_nasional", "evaluasi_akip"),
          gambar=gambar_tahap("03_capaian"),
          params=("tahun", "metode", "renstra", "indikator_akip", "skala_predikat_capaian", "skala_predikat_akip")),
    Stage("04_anggaran", "04_anggaran.ipynb", "Anggaran: RKT, serapan dan efisiensi",
          masukan=("rkt", "dilaporkan", "belanja", "capaian_indikator", "capaian_sasaran", "anggaran", "program", "sasaran",
                   "indikator"),
          gambar=gambar_tahap("04_anggaran"), params=("tahun", "metode", "anggaran", "reviu")),
    Stage("05_sumber_daya", "05_sumber_daya.ipynb", "Sumber daya: pegawai, aset, tabel Bab I",
          masukan=_BAB_I_III,
          gambar=gambar_tahap("05_sumber_daya"),
          params=("tahun", "metode", "skala_predikat_capaian")),
    Stage("06_reviu", "06_reviu.ipynb", "Reviu otomatis angka cetakan",
          masukan=_semua("02_clean", "03_capaian", "04_anggaran", "05_sumber_daya"),
          params=("tahun", "instansi", "reviu", "metode", "indikator_akip", "skala_predikat_capaian",
                  "skala_predikat_akip")),
    Stage("07_laporan", "07_laporan.ipynb", "Menyusun naskah LKjIP",
          masukan=_semua("02_clean", "03_capaian", "04_anggaran", "05_sumber_daya", "06_reviu"),
          narasi=True, templat=True, gambar_masukan=True),
)

STAGE_BY_NAME: dict[str, Stage] = {s.nama: s for s in STAGES}


def dependensi(stages: tuple[Stage, ...]) -> dict[str, tuple[str, ...]]:
    """The stages each stage waits for, from the declarations.

    A stage depends on the stages (of ``stages``) that write a table it reads, and, when
    it reads figures, on every stage that saves one. A stage that declares nothing
    depends on every stage listed before it, and every later stage depends on it.

    Examples
    --------
    >>> dependensi(STAGES)["04_anggaran"]
    ('02_clean', '03_capaian')
    >>> dependensi(STAGES)["01_ingest"], dependensi(STAGES)["02_clean"]
    ((), ('01_ingest',))
    """
    penulis = {t: s.nama for s in stages if s.dinyatakan for t in s.keluaran}
    out: dict[str, tuple[str, ...]] = {}
    sebelum: list[str] = []
    tak_dinyatakan: list[str] = []
    for s in stages:
        if not s.dinyatakan:
            deps = set(sebelum)
        else:
            deps = {penulis[t] for t in s.masukan if t in penulis} | set(tak_dinyatakan)
            if s.gambar_masukan:
                deps |= {g.nama for g in stages if g.gambar and g.nama in sebelum}
        deps.discard(s.nama)
        out[s.nama] = tuple(n for n in sebelum if n in deps)
        sebelum.append(s.nama)
        if not s.dinyatakan:
            tak_dinyatakan.append(s.nama)
    return out


def jalur_kritis(stages: tuple[Stage, ...]) -> dict[str, int]:
    """Number of stages on the longest chain from each stage to the end (scheduling priority)."""
    deps = dependensi(stages)
    anak: dict[str, list[str]] = {s.nama: [] for s in stages}
    for n, ds in deps.items():
        for d in ds:
            anak[d].append(n)
    out: dict[str, int] = {}
    for s in reversed(stages):
        out[s.nama] = 1 + max((out[a] for a in anak[s.nama]), default=0)
    return out


# ------------------------------------------------------------------ hashing

def sha256_bytes(data: bytes) -> str:
    """Hex sha256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def _buka_biasa(path: Path):
    """A plain file opened for reading, or None: absent, a link or a special file (never followed, never waited on).

    ``O_NOFOLLOW`` refuses a link and ``O_NONBLOCK`` a FIFO without a writer at the open
    itself; the type is then checked on the open file, so a swap after a check cannot slip in.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    fh = os.fdopen(fd, "rb")
    if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
        fh.close()
        return None
    return fh


def sha256_berkas(path: Path) -> str | None:
    """Hex sha256 of a plain file (links and special files are not followed), None when absent."""
    fh = _buka_biasa(path)
    if fh is None:
        return None
    h = hashlib.sha256()
    with fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def baca_biasa(path: Path, paling_banyak: int) -> bytes | None:
    """At most ``paling_banyak`` bytes of a plain file (as :func:`sha256_berkas` opens it), None when absent."""
    fh = _buka_biasa(path)
    if fh is None:
        return None
    with fh:
        return fh.read(paling_banyak)


def sidik_folder(folder: Path, kecuali: tuple[str, ...] = (), hanya: str | None = None) -> dict[str, str]:
    """Relative path → sha256 (or the kind of entry) of everything under ``folder``.

    Parameters
    ----------
    folder : Path
        The raw data folder.
    kecuali : tuple of str
        Top-level names left out (e.g. ``("narasi",)``).
    hanya : str, optional
        Only this top-level name (e.g. ``"narasi"``).
    """
    out: dict[str, str] = {}
    folder = Path(folder)
    if not folder.is_dir():
        return {"": "tidak ada"}
    for dirpath, dirnames, filenames in os.walk(folder):
        rel_dir = Path(dirpath).relative_to(folder)
        if rel_dir == Path("."):
            dirnames[:] = [d for d in dirnames if d not in kecuali and (hanya is None or d == hanya)]
            filenames = [f for f in filenames if f not in kecuali and hanya is None]
        dirnames.sort()
        for f in sorted(filenames + [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]):
            p = Path(dirpath) / f
            out[str(rel_dir / f)] = sha256_berkas(p) or f"bukan berkas biasa:{os.lstat(p).st_mode:o}"
    return out


#: A row of the sha256 manifest in a raw folder's README (``| `file` | … | sha256 |``), matched
#: against a stripped line; :func:`lkjip.ingest.parse_manifest` reads the manifest with it.
BARIS_MANIFEST = re.compile(r"^\|\s*`(?P<file>[^`]+)`\s*\|.*\|\s*(?P<sha>[0-9a-f]{64})\s*\|\s*$")


def bagi_readme(data: bytes) -> dict[str, str]:
    r"""sha256 of a raw README's narasi manifest rows (``"narasi"``) and of everything else (``"data"``).

    The lines are split as :func:`lkjip.ingest.parse_manifest` splits them (``str.splitlines``),
    so no data row can hide on a narasi row's line. A README that is not UTF-8 gives the same
    value to both parts: any change of it re-runs both sides (the check then names the problem).

    Examples
    --------
    >>> sha = "0" * 63
    >>> a = bagi_readme(f"| `a.csv` | x | {sha}a |\n| `narasi/n.md` | y | {sha}b |\n".encode())
    >>> b = bagi_readme(f"| `a.csv` | x | {sha}a |\n| `narasi/n.md` | y | {sha}c |\n".encode())
    >>> c = bagi_readme(f"| `narasi/n.md` | y | {sha}b |\r| `a.csv` | x | {sha}d |\n".encode())
    >>> a["data"] == b["data"], a["narasi"] == b["narasi"], a["data"] == c["data"]
    (True, False, False)
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        semua = "bukan UTF-8:" + sha256_bytes(data)
        return {"data": semua, "narasi": semua}
    bagian: dict[bool, list[str]] = {True: [], False: []}
    for line in text.splitlines(keepends=True):
        m = BARIS_MANIFEST.match(line.strip())
        bagian[bool(m and m.group("file").startswith("narasi/"))].append(line)
    return {"data": sha256_bytes("".join(bagian[False]).encode("utf-8")),
            "narasi": sha256_bytes("".join(bagian[True]).encode("utf-8"))}


def sidik_readme(folder: Path) -> dict[str, str]:
    """The raw README split for the stage keys (:func:`bagi_readme`): its narasi manifest rows, and the rest.

    ``01_ingest`` checks the data files against the manifest, so its key holds the README
    without the narasi rows (``"data"``); ``07_laporan`` checks the narasi files, so its key
    holds those rows (``"narasi"``). A narasi file changed with its row re-runs the report
    stage only. Read like a raw file (:func:`baca_biasa`): a link, a special file or a README
    over the size limit gives a value of its own to both parts.
    """
    batas = BATAS_UKURAN["README.md"]
    data = baca_biasa(Path(folder) / "README.md", batas + 1)
    if data is None or len(data) > batas:
        semua = "tidak ada" if data is None else "terlalu besar:" + sha256_bytes(data)
        return {"data": semua, "narasi": semua}
    return bagi_readme(data)


_IMPOR = re.compile(
    r"^[ \t]*(?:from[ \t]+(?P<dari>\.|lkjip)(?P<mod>\.?\w+)?[ \t]+import[ \t]+(?P<nama>\([^)]*\)|[^\n#]+)"
    r"|import[ \t]+lkjip\.(?P<imp>\w+))", re.M)


def _modul_lkjip(source: str) -> set[str]:
    """Names of the ``lkjip`` modules imported in ``source`` (absolute, or relative inside the package).

    A regular expression, not a parser: fast enough for every run, and it also finds
    the imports inside functions.

    Examples
    --------
    >>> sorted(_modul_lkjip("from lkjip import capaian as C, fmt\\nfrom .io import x\\nimport lkjip.paths"))
    ['capaian', 'fmt', 'io', 'paths']
    """
    out: set[str] = set()
    for m in _IMPOR.finditer(source):
        if m["imp"]:
            out.add(m["imp"])
        elif m["mod"]:
            out.add(m["mod"].lstrip("."))
        else:
            names = m["nama"].strip().strip("()")
            out |= {n.split(" as ")[0].strip() for n in names.split(",")}
    return {n for n in out if n and (PAKET / f"{n}.py").is_file()}


def modul_tahap(notebook: Path) -> list[str]:
    """Every ``lkjip`` module a notebook uses: imported by it, directly or through other modules."""
    nb = json.loads(Path(notebook).read_text(encoding="utf-8"))
    todo: set[str] = set()
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            todo |= _modul_lkjip("".join(cell.get("source", "")))
    return _tutup(frozenset(todo))


@functools.lru_cache(maxsize=None)
def _impor_modul(m: str) -> frozenset[str]:
    return frozenset(_modul_lkjip((PAKET / f"{m}.py").read_text(encoding="utf-8")))


def _tutup(todo: frozenset[str]) -> list[str]:
    seen: set[str] = set()
    stack = list(todo)
    while stack:
        m = stack.pop()
        if m not in seen:
            seen.add(m)
            stack.extend(_impor_modul(m) - seen)
    return sorted(seen)


def sidik_kode(notebook: Path | None, modul: list[str], templat: tuple[Path, ...] = ()) -> dict[str, str]:
    """sha256 of the code a stage runs: its notebook, its modules (and theirs), templates."""
    out = {}
    if notebook is not None:
        out[f"notebook:{Path(notebook).name}"] = sha256_berkas(Path(notebook)) or "tidak ada"
    for m in _tutup(frozenset(modul)) + ["__init__"]:
        out[f"lkjip/{m}.py"] = sha256_berkas(PAKET / f"{m}.py") or "tidak ada"
    for folder in templat:
        for k, v in sidik_folder(folder).items():
            out[f"templat:{folder.name}/{k}"] = v
    return out


def versi_paket() -> list[tuple[str, str]]:
    """Python and the versions of the direct dependencies (``requirements.in``)."""
    names = []
    req = ROOT_REPO / "requirements.in"
    if req.exists():
        for line in req.read_text(encoding="utf-8").splitlines():
            line = line.split("#")[0].strip()
            if line:
                names.append(line.split("=")[0].split("<")[0].split(">")[0].strip())
    out = [("python", platform.python_version())]
    for n in names:
        try:
            out.append((n, metadata.version(n)))
        except metadata.PackageNotFoundError:
            out.append((n, "tidak terpasang"))
    return out


def params_bagian(params_dump: dict, keys: tuple[str, ...]) -> dict:
    """The params keys a stage reads (``paths`` never: outputs do not change results, inputs are hashed)."""
    if "*" in keys:
        return {k: v for k, v in params_dump.items() if k != "paths"}
    return {k: params_dump.get(k) for k in keys}


def kunci(bagian: dict) -> str:
    """The stage key: sha256 of the canonical JSON of every input fingerprint."""
    return sha256_bytes(json.dumps(bagian, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8"))
