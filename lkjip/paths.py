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
