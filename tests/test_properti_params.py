"""Property-based: whatever a params file holds, the loader raises nothing but the project's own user errors.

Three kinds of input: random small YAML-ish texts (built from YAML's special
characters), random small documents dumped as YAML, and the valid 2024 params with one
key changed, removed or added. The loader either returns a :class:`~lkjip.params.Params`
or raises a :class:`~lkjip.errors.LkjipError` subclass; any other exception fails.
"""

from __future__ import annotations

import copy
import os
import datetime as dt
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lkjip.errors import LkjipError
from lkjip.params import Params, load_params
from lkjip.paths import ROOT

from .conftest import contoh_hypothesis

BASE = yaml.safe_load((ROOT / "params" / "2024.yaml").read_text(encoding="utf-8"))
# 150 examples a property in the full suite (each loads a whole params file: ~0.1 s), 30 in the quick suite
SETTINGS = settings(max_examples=int(os.environ.get("LKJIP_HYPOTHESIS_N", contoh_hypothesis(150))), deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10 ** 30, max_value=10 ** 30),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=12),
    st.dates(min_value=dt.date(1, 1, 1)), st.decimals(allow_nan=False).map(str),
    st.sampled_from(["2025-02-31", "2024-13-01", "0000-00-00", "1e999", ".nan", "-.inf", "0x1F", "0o17", "1_000",
                     "~", "null", "yes", "off", "=1+1", "html", "pdf", "selisih_target", "ROUND_HALF_UP"]),
)
documents = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.one_of(st.text(max_size=8), st.integers(), st.booleans()),
                                               children, max_size=4)),
    max_leaves=20,
)
yaml_text = st.lists(st.sampled_from(list("ab01-:[]{}&*!|>'\"#%@`,?<=~. \n\t\u00a0\ufeff") +
                                     ["tahun", "paths", "!!int", "!!binary", "!!timestamp", "!!set", "!!float",
                                      "!!python/object", "<<", "&a", "*a", "2025-02-31", "1e99999", "\n  "]),
                     max_size=40).map("".join)


def _load(text: str | bytes) -> None:
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "params.yaml"
        if isinstance(text, bytes):
            p.write_bytes(text)
        else:
            p.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            assert isinstance(load_params(p), Params)
        except LkjipError:
            pass


@SETTINGS
@given(yaml_text)
def test_random_yaml_text_gives_only_user_errors(text):
    _load(text)


@SETTINGS
@given(st.binary(max_size=40))
def test_random_bytes_give_only_user_errors(data):
    _load(data)


@SETTINGS
@given(documents)
def test_random_documents_give_only_user_errors(doc):
    _load(yaml.safe_dump(doc, allow_unicode=True))


def _paths(d, prefix=()):
    if isinstance(d, dict):
        for k, v in d.items():
            yield prefix + (k,)
            yield from _paths(v, prefix + (k,))
    elif isinstance(d, list):
        for i, v in enumerate(d):
            yield prefix + (i,)
            yield from _paths(v, prefix + (i,))


PATHS = list(_paths(BASE))


@SETTINGS
@given(st.sampled_from(PATHS), st.sampled_from(["ganti", "hapus", "tambah"]), documents)
def test_params_like_dicts_give_only_user_errors(path, action, value):
    d = copy.deepcopy(BASE)
    parent = d
    for k in path[:-1]:
        parent = parent[k]
    key = path[-1]
    if action == "ganti":
        parent[key] = value
    elif action == "hapus":
        del parent[key]
    elif isinstance(parent, dict):
        parent[f"kunci_baru_{len(parent)}"] = value
    else:
        parent.append(value)
    _load(yaml.safe_dump(d, allow_unicode=True, sort_keys=False))


def test_base_params_load():
    """The property tests start from a valid document (else they would test nothing)."""
    assert load_params(ROOT / "params" / "2024.yaml").tahun == BASE["tahun"]
