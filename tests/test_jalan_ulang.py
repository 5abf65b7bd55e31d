"""Evaluators can open and re-run the executed notebooks (``lkjip lab``) with the same results.

The executed notebooks of a run carry the *final* folders in their injected parameters;
re-running one as it is reads the final processed tables, writes only into the scratch
folder ``<reports parent>/_jalan_ulang/<tahun>/`` and gives the same tables and outputs.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest

from lkjip import jalan_ulang
from lkjip.cli import folder_lab, perintah_lab
from lkjip.paths import resolve

NOTEBOOK = "04_anggaran.ipynb"


def _sidik(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _keluaran(nb) -> list:
    """Outputs to compare: displayed tables and values, and printed lines except where-it-wrote lines."""
    out = []
    for c in nb.cells:
        if c.cell_type != "code":
            continue
        # The kernel may flush one print() in several stream messages (timing under load),
        # so the printed text of a cell is compared whole, per stream name.
        streams: dict[str, str] = {}
        for o in c.outputs:
            if o.output_type == "stream":
                streams[o.name] = streams.get(o.name, "") + o.text
            elif o.output_type in ("display_data", "execute_result"):
                out.append((o.output_type, {k: v for k, v in o.data.items() if k in ("text/html", "text/plain")}))
            else:
                out.append((o.output_type, o.get("ename")))
        for name in sorted(streams):
            lines = [ln for ln in streams[name].splitlines() if not re.search(r"Dijalankan|[Dd]itulis ke", ln)]
            out.append((name, lines))
    return out


def test_injected_parameters_point_at_final_folders(run_2024):
    for f in sorted((run_2024.reports / "notebooks").glob("0*.ipynb")):
        text = f.read_text(encoding="utf-8")
        assert ".staging-" not in text, f.name
        nb = nbformat.read(str(f), as_version=4)
        inj = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
        assert len(inj) == 1
        ns: dict = {}
        exec(inj[0].source, ns)  # literals only
        assert resolve(ns["processed_dir"]) == run_2024.processed and resolve(ns["reports_dir"]) == run_2024.reports
        assert "bukan ke data/processed/" in inj[0].source
        first = nb.cells[0]
        assert first.cell_type == "markdown" and "_jalan_ulang" in first.source  # said in the first cell


@pytest.mark.slow  # a kernel runs notebook 04 again
def test_executed_notebook_reruns_as_is_with_the_same_tables(run_2024, tmp_path):
    from nbclient import NotebookClient

    nb_dir = run_2024.reports / "notebooks"
    before = _sidik(run_2024.processed)
    before_reports = _sidik(run_2024.reports)
    stored = nbformat.read(str(nb_dir / NOTEBOOK), as_version=4)
    nb = nbformat.read(str(nb_dir / NOTEBOOK), as_version=4)
    NotebookClient(nb, kernel_name="python3", timeout=600, resources={"metadata": {"path": str(nb_dir)}},
                   shutdown_kernel="immediate").execute()  # Run All, in the notebooks folder as JupyterLab does
    assert _sidik(run_2024.processed) == before, "menjalankan ulang menulis ke data olahan"
    assert _sidik(run_2024.reports) == before_reports, "menjalankan ulang menulis ke folder laporan"
    scratch = run_2024.reports.parent / jalan_ulang.FOLDER_ULANG / run_2024.reports.name / "processed"
    written = json.loads((scratch / "skema.json").read_text(encoding="utf-8"))
    assert {"tabel_3_5", "tabel_3_6", "ringkasan_anggaran", "rkt_rollup"} <= set(written)
    for name in written:
        assert (scratch / f"{name}.csv").read_bytes() == (run_2024.processed / f"{name}.csv").read_bytes(), name
    assert _keluaran(nb) == _keluaran(stored)
    text = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
    assert "Dijalankan ulang di luar pipeline" in text


def test_folder_tulis_is_staging_only_for_a_live_run(tmp_path):
    proc = tmp_path / "data" / ".staging-2024-x"
    rep = tmp_path / "reports" / ".staging-2024-x"
    for d in (proc, rep):
        d.mkdir(parents=True)
    f = jalan_ulang.folder_tulis(proc, rep)
    assert not f.pipeline  # no owner file: not a live run's staging folder
    for d in (proc, rep):
        d.with_name(d.name + ".pemilik.json").write_text("{}")
    f = jalan_ulang.folder_tulis(proc, rep)
    assert f.pipeline and f.processed == proc and f.reports == rep
    g = jalan_ulang.siapkan(jalan_ulang.folder_tulis(tmp_path / "data" / "2024", tmp_path / "reports" / "2024"))
    assert g.processed == tmp_path / "reports" / "_jalan_ulang" / "2024" / "processed" and g.processed.is_dir()


def test_lab_command_targets_the_executed_notebooks(run_2024):
    folder = folder_lab(str(run_2024.params_file))
    assert folder == run_2024.reports / "notebooks"
    cmd = perintah_lab(folder, ["--no-browser"])
    assert cmd[-2:] == [f"--ServerApp.root_dir={folder}", "--no-browser"]
    assert Path(cmd[0]).name == "jupyter-lab" or cmd[1:3] == ["-m", "jupyterlab"]


def test_lab_refuses_a_year_without_a_run(tmp_path, params_2024_dict):
    import yaml

    from lkjip.errors import LkjipError

    params = dict(params_2024_dict)
    params["paths"] = {**params["paths"], "reports": str(tmp_path / "reports"), "processed": str(tmp_path / "p")}
    pfile = tmp_path / "p.yaml"
    pfile.write_text(yaml.safe_dump(params, allow_unicode=True), encoding="utf-8")
    with pytest.raises(LkjipError, match="jalankan dulu"):
        folder_lab(str(pfile))


@pytest.mark.slow  # starts a JupyterLab server
def test_lkjip_lab_serves_the_notebooks(run_2024):
    """``lkjip lab`` really starts JupyterLab on reports/<tahun>/notebooks (stopped right after)."""
    exe = Path(sys.executable).with_name("lkjip")
    token = "uji-lkjip"
    with socket.socket() as s:  # a free port
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [str(exe), "lab", str(run_2024.params_file), "--no-browser", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
         f"--IdentityProvider.token={token}", "--ServerApp.ip=127.0.0.1",
         *(["--allow-root"] if os.geteuid() == 0 else [])],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        url, lines, t0 = None, [], time.time()
        while time.time() - t0 < 120 and url is None:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            m = re.search(r"(http://127\.0\.0\.1:\d+)/lab", line)
            url = m.group(1) if m else None
        assert url, "JupyterLab tidak mulai:\n" + "".join(lines[-20:])
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        for _ in range(60):  # the URL is logged just before the server accepts connections
            try:
                with opener.open(f"{url}/api/contents?token={token}", timeout=30) as r:
                    names = {c["name"] for c in json.load(r)["content"]}
                break
            except urllib.error.URLError:
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab tidak menjawab di " + url)
        assert "04_anggaran.ipynb" in names and "index.html" in names
        assert any("jalan_ulang" in ln for ln in lines)  # the command says where re-runs write
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
