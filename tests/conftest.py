"""Shared fixtures: the real 2024 data, and throw-away copies of it to break; the quick/full switch.

Two ways to run the suite (README, *Tests*):

- ``./scripts/test.sh`` — the quick suite: every test except the ones marked ``slow``
  (each of those needs its own extra full pipeline run, a Dask cluster or a JupyterLab server);
- ``./scripts/test.sh --semua`` — everything, every assertion (what CI, ``.ci/run``, runs).

Choosing tests by marker (``-m ...``) turns the quick suite's deselection off, so the marker
expression alone decides (``-m "not slow"`` still leaves the slow cases out); naming a test by
its node id (``file::test``) runs it even when it is slow. Hypothesis properties run their full example counts in the
full suite and a fifth of them in the quick suite (:func:`contoh_hypothesis`).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
import yaml

from lkjip.paths import ROOT
from lkjip.runner import tanpa_cek_iri

# As in lkjip's own processes: nbformat's jsonschema without the IRI checker that builds
# Lark grammars at import (~2.5 s of CPU in every test worker, for a format no test uses).
tanpa_cek_iri()

RAW_2024 = ROOT / "data" / "raw" / "2024"
PARAMS_2024 = ROOT / "params" / "2024.yaml"

#: Set (to "1") for the whole session, workers included, when the full suite runs.
ENV_SEMUA = "LKJIP_UJI_SEMUA"


def pytest_addoption(parser):
    parser.addoption("--semua", action="store_true", default=False,
                     help="run the full suite: the cases marked slow too, Hypothesis at full example counts (CI)")


def _semua(config) -> bool:
    """True when every test runs: ``--semua``, a ``-m`` marker choice, or tests named by node id."""
    if config.getoption("--semua") or config.getoption("-m"):
        return True
    return any("::" in str(a) for a in config.args)


def pytest_configure(config):
    if _semua(config):
        os.environ[ENV_SEMUA] = "1"  # read by contoh_hypothesis() in this process and, inherited, in xdist workers


def pytest_report_header(config):
    if config.getoption("--semua"):
        return "lkjip: full suite (every test, Hypothesis at full example counts)"
    if _semua(config):
        return "lkjip: tests chosen by -m or node id: nothing deselected for being slow, Hypothesis at full example counts"
    return "lkjip: quick suite: tests marked slow are deselected; ./scripts/test.sh --semua runs everything (CI)"


#: Module fixtures that each cost an extra full pipeline run (or OPD runs on a Dask cluster):
#: every test that uses one is marked ``slow`` here, not by hand.
FIXTURE_LAMBAT = {
    "kedua": "one more full pipeline run (a second instansi, test_instansi_kedua)",
    "ketiga": "one more full pipeline run (a third instansi, test_instansi_ketiga)",
    "hasil_klaster": "3 OPD runs on a real Dask cluster (test_batch)",
}


@pytest.hookimpl(tryfirst=True)  # marked before any deselection, ours or -m's
def pytest_collection_modifyitems(config, items):
    for it in items:
        if FIXTURE_LAMBAT.keys() & set(getattr(it, "fixturenames", ())) and not it.get_closest_marker("slow"):
            it.add_marker(pytest.mark.slow)
    if _semua(config):
        return
    slow = [it for it in items if it.get_closest_marker("slow")]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [it for it in items if not it.get_closest_marker("slow")]


#: The test now running when it is not marked slow, and the notebook kernels it started.
_UJI_CEPAT: dict = {"uji": None, "kernel": []}


def _catat_kernel(event: str, args) -> None:
    """Audit hook: a notebook kernel started by a test that is not marked slow (see :func:`_kernel_hanya_di_uji_lambat`)."""
    if event == "subprocess.Popen" and _UJI_CEPAT["uji"] is not None:
        argv = args[1] if isinstance(args[1], (list, tuple)) else [args[1]]
        if any(str(a) == "ipykernel_launcher" or str(a).endswith("/ipykernel_launcher.py") for a in argv):
            _UJI_CEPAT["kernel"].append(" ".join(map(str, argv))[:120])


sys.addaudithook(_catat_kernel)


@pytest.fixture(autouse=True)
def _kernel_hanya_di_uji_lambat(request):
    """A test that starts a notebook kernel (about 2 s each) is marked ``slow``, else it fails.

    Keeps the quick suite quick (README, *Tests*). The shared session run (``run_2024``) and
    module fixtures start theirs before this fixture, outside any one test.
    """
    if request.node.get_closest_marker("slow"):
        yield
        return
    _UJI_CEPAT.update(uji=request.node.nodeid, kernel=[])
    try:
        yield
    finally:
        kernels, _UJI_CEPAT["uji"] = _UJI_CEPAT["kernel"], None
    if kernels:
        pytest.fail(f"{request.node.nodeid} memulai {len(kernels)} kernel notebook ({kernels[0]} …) tanpa "
                    "@pytest.mark.slow: tandai slow (suite cepat tanpa kernel)", pytrace=False)


def contoh_hypothesis(penuh: int) -> int:
    """Hypothesis ``max_examples``: ``penuh`` in the full suite, a fifth (at least 20) in the quick suite."""
    if os.environ.get(ENV_SEMUA) == "1":
        return penuh
    return max(20, penuh // 5)


@pytest.fixture
def params_2024_dict() -> dict:
    """The 2024 params as a plain dict, to mutate in tests."""
    return yaml.safe_load(PARAMS_2024.read_text(encoding="utf-8"))


@pytest.fixture
def project(tmp_path: Path, params_2024_dict: dict):
    """A copy of the 2024 raw data and a params file pointing at it, under tmp_path.

    Returns a small helper object with the paths and a ``rehash()`` that refreshes
    the manifest after a test edits a raw file on purpose.
    """
    raw = tmp_path / "raw"
    shutil.copytree(RAW_2024, raw)
    params = dict(params_2024_dict)
    params["paths"] = {"raw": str(raw), "processed": str(tmp_path / "processed"), "reports": str(tmp_path / "reports")}
    pfile = tmp_path / "params.yaml"
    pfile.write_text(yaml.safe_dump(params, allow_unicode=True, sort_keys=False), encoding="utf-8")

    class Project:
        root = tmp_path
        raw_dir = raw
        params_file = pfile
        processed = tmp_path / "processed"
        reports = tmp_path / "reports"

        @staticmethod
        def rehash():
            from lkjip.ingest import parse_manifest, update_manifest
            from lkjip.io import sha256_file

            readme = raw / "README.md"
            text = readme.read_text(encoding="utf-8")
            digests = {f: sha256_file(raw / f) for f in parse_manifest(text) if (raw / f).exists()}
            readme.write_text(update_manifest(text, digests), encoding="utf-8")

        @staticmethod
        def edit(name: str, old: str, new: str, rehash: bool = True):
            path = raw / name
            text = path.read_text(encoding="utf-8")
            assert old in text, f"{old!r} not in {name}"
            path.write_text(text.replace(old, new, 1), encoding="utf-8")
            if rehash:
                Project.rehash()

    return Project


#: Where the quick suite keeps the shared run between sessions (under pytest's cache folder).
CACHE_RUN = "lkjip-run2024"


def _folder_run(request, tmp_path_factory, worker_id) -> tuple[Path, Path]:
    """The shared run's folder, and this session's folder (for the lock and the "done" mark).

    The full suite (``--semua``, CI) runs the pipeline cold, in the session's temporary
    folder. The quick suite runs it in pytest's cache folder (``.pytest_cache/d/lkjip-run2024``),
    which outlives the session: the runner's own incremental run (stage keys over the raw
    data, params, notebooks, ``lkjip`` code and package versions, outputs checked by sha256)
    then re-runs only what changed since the last session, and nothing when nothing did.
    ``pytest --cache-clear`` starts it cold.
    """
    base = tmp_path_factory.getbasetemp()
    sesi = base.parent if worker_id != "master" else base
    cache = getattr(request.config, "cache", None)
    if request.config.getoption("--semua") or cache is None:
        return sesi / "run2024", sesi
    root = Path(cache.mkdir(CACHE_RUN))
    for sisa in ("_jalan_ulang", "_gagal"):  # what tests of the last session made beside the outputs
        shutil.rmtree(root / sisa, ignore_errors=True)
    return root, sesi


@pytest.fixture(scope="session")
def run_2024(request, tmp_path_factory, worker_id):
    """One full pipeline run on a copy of the 2024 data, shared by the end-to-end tests.

    Under pytest-xdist every worker process asks for it: the first one runs the pipeline
    (holding a file lock), the others wait and reuse its folders and summary. Tests only
    read these folders; a test that changes something works on a copy. In the quick suite
    the run is incremental over the last session's (:func:`_folder_run`).
    """
    import fcntl
    import json
    from types import SimpleNamespace

    from lkjip.runner import run

    params = yaml.safe_load(PARAMS_2024.read_text(encoding="utf-8"))
    with open(tmp_path_factory.getbasetemp().parent / "run2024.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        root, sesi = _folder_run(request, tmp_path_factory, worker_id)
        raw = root / "raw"
        params["paths"] = {"raw": str(raw), "processed": str(root / "processed"), "reports": str(root / "reports")}
        pfile = root / "params.yaml"
        done = sesi / "run2024-ringkasan.json"
        root.mkdir(parents=True, exist_ok=True)
        if not done.exists():
            shutil.rmtree(raw, ignore_errors=True)
            shutil.copytree(RAW_2024, raw)
            pfile.write_text(yaml.safe_dump(params, allow_unicode=True, sort_keys=False), encoding="utf-8")
            (root / "pid").write_text(str(os.getpid()), encoding="utf-8")  # the process that ran it
            done.write_text(json.dumps(run(pfile, echo=lambda *a: None)), encoding="utf-8")
    summary = json.loads(done.read_text(encoding="utf-8"))
    return SimpleNamespace(root=root, raw=raw, params_file=pfile, processed=root / "processed",
                           reports=root / "reports", summary=summary, tahun=params["tahun"],
                           pid=int((root / "pid").read_text(encoding="utf-8")))


@pytest.fixture(scope="session")
def worker_id(request) -> str:
    """The pytest-xdist worker name (``master`` without xdist)."""
    return getattr(request.config, "workerinput", {}).get("workerid", "master")
