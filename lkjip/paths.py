"""Paths anchored to the repository root, never to the working directory."""

from __future__ import annotations

import os
from pathlib import Path

#: Repository root: the folder that holds ``lkjip/``, ``notebooks/`` and ``params/``.
#: ``LKJIP_ROOT`` overrides it (used by tests that build a project in a temporary folder).
ROOT = Path(os.environ.get("LKJIP_ROOT") or Path(__file__).resolve().parents[1]).resolve()

NOTEBOOKS = ROOT / "notebooks"


def resolve(path: str | os.PathLike[str], root: Path | None = None) -> Path:
    """Return ``path`` as an absolute path, relative paths taken from the repo root.

    Parameters
    ----------
    path : str or path-like
        Absolute path, or path relative to the repository root.
    root : Path, optional
        Root to anchor relative paths to; defaults to :data:`ROOT`.

    Returns
    -------
    Path
        Absolute, normalised path.
    """
    p = Path(path)
    if p.is_absolute():
        return p.resolve()
    return ((root or ROOT) / p).resolve()


def display(path: Path, root: Path | None = None) -> str:
    """Return ``path`` relative to the repo root when inside it, for messages."""
    try:
        return str(Path(path).resolve().relative_to(root or ROOT))
    except ValueError:
        return str(path)


# ------------------------------------------------------------- output folders

#: Marker file written into every output folder the pipeline creates. A run replaces or
#: removes an existing folder only when it carries this file.
PENANDA = ".lkjip-keluaran"
PENANDA_ISI = ("Folder ini dibuat oleh lkjip (keluaran pipeline); lkjip boleh mengganti atau menghapusnya.\n"
               "This folder was created by lkjip; lkjip may replace or remove it.\n")

#: Repository folders an output folder may not be, contain, or lie inside.
_TERLINDUNG = ("data/raw", "params", "notebooks", "lkjip", ".git", "tests", "scripts", "benchmarks")
#: Repository folders whose sub-folders are generated outputs (git-ignored): an unmarked
#: folder there is output of an earlier lkjip version and is replaced but never deleted.
AREA_KELUARAN = ("data/processed", "reports")


def tandai(folder: Path) -> None:
    """Write the pipeline's marker file into ``folder`` (which must exist)."""
    (Path(folder) / PENANDA).write_text(PENANDA_ISI, encoding="utf-8")


def bertanda(folder: Path) -> bool:
    """Whether ``folder`` carries the pipeline's marker file (it was created by lkjip)."""
    return (Path(folder) / PENANDA).is_file()


def _terkait(a: Path, b: Path) -> str | None:
    """How ``a`` relates to ``b``: ``"sama dengan"``, ``"berisi"``, ``"di dalam"`` or None."""
    if a == b:
        return "sama dengan"
    if b.is_relative_to(a):
        return "berisi"
    if a.is_relative_to(b):
        return "di dalam"
    return None


def periksa_jalur_keluaran(processed: str, reports: str, raw: str, params_file: Path,
                           root: Path | None = None) -> tuple[Path, Path]:
    """Check ``paths.processed`` and ``paths.reports`` before anything runs.

    An output folder is replaced as a whole by a run, so it must not be, contain, or lie
    inside the repository's own folders (``data/raw``, ``params``, ``notebooks``,
    ``lkjip``, ``.git``, ``tests``, ``scripts``, ``benchmarks``), the raw folder of the
    params file, or the other output folder; it must not be or contain the repository
    root or the params file; a relative path may not climb out of the repository.

    Parameters
    ----------
    processed, reports : str
        The values of ``paths.processed`` and ``paths.reports``.
    raw : str
        The value of ``paths.raw``.
    params_file : Path
        The params file (absolute).
    root : Path, optional
        Repository root; defaults to :data:`ROOT`.

    Returns
    -------
    tuple of Path
        ``(processed, reports)`` resolved (symlinks followed).

    Raises
    ------
    ParamsError
        Naming the key and the reason.
    """
    from .errors import ParamsError

    root = (root or ROOT).resolve()
    keys = {"paths.processed": processed, "paths.reports": reports}
    out: dict[str, Path] = {}
    for key, value in keys.items():
        def tolak(alasan: str) -> ParamsError:
            return ParamsError(f"kunci '{key}': '{value}' {alasan}; keluaran tidak ditulis di sana, "
                               "tidak ada yang dijalankan")
        if not str(value).strip():
            raise tolak("kosong")
        given = Path(value)
        if not given.is_absolute() and not Path(os.path.normpath(root / given)).is_relative_to(root):
            raise tolak("keluar dari akar repositori ('..'); path relatif harus tetap di dalam repositori "
                        "(pakai path absolut untuk folder di luar repositori)")
        p = resolve(given, root)
        if p == root or root.is_relative_to(p):
            raise tolak(f"{'sama dengan' if p == root else 'berisi'} akar repositori")
        protected = [(f"folder repositori '{n}/'", root / n) for n in _TERLINDUNG]
        protected.append((f"folder data mentah paths.raw ('{raw}')", resolve(raw, root)))
        for label, q in protected:
            rel = _terkait(p, q.resolve())
            if rel:
                raise tolak(f"{rel} {label}")
        if params_file.resolve().is_relative_to(p):
            raise tolak(f"berisi berkas params '{display(params_file, root)}'")
        if p.exists() and not p.is_dir():
            raise tolak("sudah ada dan bukan folder")
        out[key] = p
    rel = _terkait(out["paths.processed"], out["paths.reports"])
    if rel:
        raise ParamsError(f"kunci 'paths.processed': '{processed}' {rel} paths.reports ('{reports}'); data olahan "
                          "dan laporan harus di dua folder terpisah; tidak ada yang dijalankan")
    return out["paths.processed"], out["paths.reports"]


def periksa_pemilik_keluaran(key: str, folder: Path, root: Path | None = None) -> bool:
    """Check that an existing output folder may be replaced by a run.

    A folder that does not exist yet, or carries the marker file :data:`PENANDA`, may be
    replaced. Inside the repository, an unmarked sub-folder of ``data/processed/`` or
    ``reports/`` (output of an earlier lkjip version) is accepted too, but the run keeps
    it aside instead of deleting it. Any other existing folder is refused.

    Parameters
    ----------
    key : str
        ``paths.processed`` or ``paths.reports``, for the message.
    folder : Path
        The resolved output folder.
    root : Path, optional
        Repository root; defaults to :data:`ROOT`.

    Returns
    -------
    bool
        True when the old folder may be deleted after the swap (absent or marked); False
        for an unmarked folder of an earlier version, which is kept aside.

    Raises
    ------
    ParamsError
        When the folder exists and was not created by lkjip.
    """
    from .errors import ParamsError

    root = (root or ROOT).resolve()
    if not folder.exists() or bertanda(folder):
        return True
    if any(folder.is_relative_to(root / a) and folder != root / a for a in AREA_KELUARAN):
        return False
    raise ParamsError(
        f"kunci '{key}': folder '{display(folder, root)}' sudah ada tetapi bukan buatan lkjip (tidak ada berkas "
        f"penanda {PENANDA}); lkjip tidak mengganti atau menghapus folder yang tidak dibuatnya. Pilih folder yang "
        "belum ada, atau pindahkan folder itu lebih dulu")
