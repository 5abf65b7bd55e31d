"""The test commands the README documents are the ones CI and the test script run."""

from __future__ import annotations

import re

from lkjip.paths import ROOT


def test_ci_runs_the_full_suite_the_readme_names():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    calls = [ln.strip() for ln in ci.splitlines() if "scripts/test.sh" in ln and not ln.lstrip().startswith("#")]
    assert calls == ["bash scripts/test.sh -q --semua"], calls  # the full suite, every test
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "./scripts/test.sh --semua           # run the full test suite, every test (what CI runs" in readme
    tests = readme[readme.index("\n## Tests\n"):]
    tests = tests[:tests.index("\n## ", 1)]
    assert re.search(r"`\./scripts/test\.sh --semua` \| the \*\*full\*\* suite.*CI \(`\.ci/run`\) runs this command", tests)
    assert "8. Uji" in readme and "`./scripts/test.sh --semua` menjalankan **seluruh** uji" in readme


def test_quick_suite_leaves_out_only_tests_marked_slow(pytestconfig):
    import tests.conftest as c

    assert pytestconfig.getini("markers")[0].startswith("slow:")
    assert "--strict-markers" in pytestconfig.getini("addopts")

    class Config:
        def __init__(self, semua, m="", args=()):
            self.o, self.args = {"--semua": semua, "-m": m}, list(args)

        def getoption(self, name):
            return self.o[name]

    assert not c._semua(Config(False, args=["tests"]))
    assert c._semua(Config(True)) and c._semua(Config(False, m="slow")) and c._semua(Config(False, args=["tests/a.py::t"]))
