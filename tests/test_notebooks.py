"""House rules of the stage notebooks: thin, parameterised with literals, committed without outputs."""

from __future__ import annotations

import ast

import nbformat
import pytest

from lkjip.paths import NOTEBOOKS
from lkjip.runner import STAGES

BOOKS = sorted(NOTEBOOKS.glob("*.ipynb"))


def test_every_stage_has_its_notebook_and_no_stray_notebooks():
    assert sorted(s.notebook for s in STAGES) == [p.name for p in BOOKS]


@pytest.mark.parametrize("path", BOOKS, ids=[p.stem for p in BOOKS])
def test_notebook_rules(path):
    nb = nbformat.read(str(path), as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code), "committed with outputs"
    params = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1, "exactly one cell tagged 'parameters'"
    for node in ast.parse(params[0].source).body:  # literals only
        assert isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant), ast.dump(node)
    assert {t.id for n in ast.parse(params[0].source).body for t in n.targets} == {
        "params_file", "processed_dir", "reports_dir"}
    for c in code:
        tree = ast.parse(c.source)
        assert not any(isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda))
                       for n in ast.walk(tree)), f"def/class/lambda in a pipeline notebook: {c.source[:60]}"
    assert nb.metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", BOOKS, ids=[p.stem for p in BOOKS])
def test_notebooks_name_lkjip_modules_by_their_names(path):
    """Evaluators read ``capaian.tabel_3_1``, not ``C.tabel_3_1``: no lkjip module under another name."""
    nb = nbformat.read(str(path), as_version=4)
    for c in nb.cells:
        if c.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(c.source)):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "lkjip":
                names = node.names
            elif isinstance(node, ast.Import):
                names = [a for a in node.names if a.name.split(".")[0] == "lkjip"]
            else:
                continue
            renamed = [(a.name, a.asname) for a in names if a.asname and a.asname != a.name.rsplit(".", 1)[-1]]
            assert not renamed, f"{path.name}: {renamed}"
