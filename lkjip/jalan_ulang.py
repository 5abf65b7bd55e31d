"""Re-running an executed notebook by hand (JupyterLab, ``lkjip lab``) without touching the run's outputs.

The pipeline executes every stage notebook on *staging* folders and swaps them in at
the end. The executed notebooks kept in ``reports/<tahun>/notebooks/`` are then given
the *final* paths in their injected parameters (:func:`suntik_jalur_akhir`), so an
evaluator can open one and Run All as it is: it reads the final processed tables and
computes the same results. What it writes goes to a scratch folder beside the
reports (``reports/_jalan_ulang/<tahun>/``), never into ``data/processed/`` or
``reports/<tahun>/`` behind the pipeline's back (:func:`folder_tulis`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .paths import display, resolve

#: Folder (beside the reports folders) where notebooks re-run by hand write.
FOLDER_ULANG = "_jalan_ulang"


@dataclass(frozen=True)
class FolderTulis:
    """Where a stage notebook writes: the run's staging folders, or a scratch folder."""

    processed: Path
    reports: Path
    pipeline: bool

    def keterangan(self) -> str:
        """One line for the notebook's output: where this execution writes, and why."""
        if self.pipeline:
            return f"Dijalankan oleh pipeline: hasil ditulis ke folder staging run ini ({display(self.processed)})."
        return ("Dijalankan ulang di luar pipeline: data olahan dibaca dari folder akhir, hasil ditulis ke folder "
                f"sementara {display(self.processed.parent)}/ (bukan data/processed/).")


def _staging(path: Path) -> bool:
    """A staging folder of a live run: ``.staging-*`` with its owner file beside it."""
    return path.name.startswith(".staging-") and path.with_name(path.name + ".pemilik.json").is_file()


def folder_tulis(processed_dir: str | Path, reports_dir: str | Path) -> FolderTulis:
    """The folders a stage notebook writes into.

    Parameters
    ----------
    processed_dir, reports_dir : str or Path
        The notebook's parameters.

    Returns
    -------
    FolderTulis
        The same folders when they are the staging folders of a pipeline run;
        otherwise ``<reports parent>/_jalan_ulang/<reports name>/processed`` and
        ``…/reports`` (created), so a notebook run by hand never writes into the
        pipeline's outputs.

    Examples
    --------
    >>> f = folder_tulis("/tmp/x/data/processed/2024", "/tmp/x/reports/2024")
    >>> f.pipeline, f.processed.as_posix()
    (False, '/tmp/x/reports/_jalan_ulang/2024/processed')
    """
    proc, rep = resolve(processed_dir), resolve(reports_dir)
    if _staging(proc) and _staging(rep):
        return FolderTulis(proc, rep, True)
    base = rep.parent / FOLDER_ULANG / rep.name
    return FolderTulis(base / "processed", base / "reports", False)


def siapkan(f: FolderTulis) -> FolderTulis:
    """Create the scratch folders of ``f`` (staging folders exist already)."""
    if not f.pipeline:
        f.processed.mkdir(parents=True, exist_ok=True)
        f.reports.mkdir(parents=True, exist_ok=True)
    return f


def suntik_jalur_akhir(notebook: Path, params_file: str, processed: str, reports: str,
                       ganti: dict[str, str] | None = None) -> None:
    """Point the injected parameters of an executed notebook at the final folders.

    Parameters
    ----------
    notebook : Path
        The executed notebook (rewritten in place; it is in the run's staging folder).
    params_file, processed, reports : str
        Values of the parameters after the swap (paths as shown to the user).
    ganti : dict, optional
        Staging path → final path, replaced in the text outputs too, so the
        evaluator edition never shows a staging folder that no longer exists.
    """
    import nbformat

    nb = nbformat.read(str(notebook), as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.source = (
                "# Parameter yang disuntikkan lkjip run, menunjuk folder akhir run ini.\n"
                "# Run All membaca data dari sini dan menulis hasil ke folder sementara "
                f"({FOLDER_ULANG}/), bukan ke data/processed/.\n"
                f"params_file = {json.dumps(params_file)}\n"
                f"processed_dir = {json.dumps(processed)}\n"
                f"reports_dir = {json.dumps(reports)}\n")
        for out in cell.get("outputs", []):
            for old, new in (ganti or {}).items():
                if out.get("output_type") == "stream":
                    out["text"] = out["text"].replace(old, new)
                elif "data" in out and isinstance(out["data"].get("text/plain"), str):
                    out["data"]["text/plain"] = out["data"]["text/plain"].replace(old, new)
    pm = nb.metadata.get("papermill")
    if pm is not None:  # papermill's own record of the run: the final folders too
        pm["parameters"] = {**pm.get("parameters", {}), "params_file": params_file, "processed_dir": processed,
                            "reports_dir": reports}
        for key in ("input_path", "output_path"):
            if isinstance(pm.get(key), str):
                for old, new in (ganti or {}).items():
                    pm[key] = pm[key].replace(old, new)
    nbformat.write(nb, str(notebook))
