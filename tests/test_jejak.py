"""Every number traceable: each computed number of the report links to the evaluator cell that computed it."""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
from decimal import Decimal as D
from html.parser import HTMLParser

import nbformat
import pandas as pd
import pytest

from lkjip import fmt, jejak


class _Tautan(HTMLParser):
    """Links of the report, data-src cells, prose numbers, and the ids of a page."""

    def __init__(self):
        super().__init__()
        self.links: list[dict] = []
        self.td_src: list[tuple[str, bool]] = []
        self.ids: set[str] = set()
        self._td: list | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "td" and "data-src" in a:
            self._td = [a["data-src"], False]
        if tag == "a" and "jejak" in (a.get("class") or "").split():
            self.links.append(a)
            if self._td is not None:
                self._td[1] = True

    def handle_endtag(self, tag):
        if tag == "td" and self._td is not None:
            self.td_src.append(tuple(self._td))
            self._td = None


@pytest.fixture(scope="module")
def laporan(run_2024):
    text = (run_2024.reports / f"LKjIP-{run_2024.tahun}.html").read_text(encoding="utf-8")
    p = _Tautan()
    p.feed(text)
    return text, p


def test_every_table_number_is_a_link(laporan):
    _, p = laporan
    assert len(p.td_src) > 500
    tanpa = [src for src, linked in p.td_src if not linked]
    assert not tanpa, f"{len(tanpa)} sel angka tanpa tautan, mis. {tanpa[:5]}"


def test_prose_numbers_are_links(run_2024, laporan):
    """Numbers in the sentences (e.g. the serapan of the Ikhtisar) link to their cell too."""
    text, p = laporan
    from lkjip import io

    total = io.read_tables(run_2024.processed, ["ringkasan_anggaran"])["ringkasan_anggaran"].iloc[0]
    m = re.search(r'serapan <strong><a class="jejak" data-src="ringkasan_anggaran:0:serapan" href="([^"]+)"'
                  r' title="([^"]+)">' + re.escape(fmt.persen(total["serapan"])) + "</a></strong>", text)
    assert m, "serapan di Ikhtisar tidak bertaut"
    assert m.group(1).startswith("notebooks/04_anggaran.html#sel-") and "lkjip.anggaran." in m.group(2)
    prosa = [a for a in p.links if a.get("data-src")]
    assert len(prosa) > 50


def test_following_every_link_reaches_the_computing_cell(run_2024, laporan):
    """Open every linked evaluator page: the anchor exists and its cell calls the function named in the link."""
    _, p = laporan
    pages: dict[str, tuple[str, set[str]]] = {}
    cells: dict[str, dict[str, str]] = {}
    seen = 0
    for a in p.links:
        href = a["href"]
        path, _, frag = href.partition("#")
        assert path.startswith("notebooks/") and frag.startswith("sel-"), href
        if path not in pages:
            f = run_2024.reports / path
            assert f.is_file(), href
            ev = _Tautan()
            ev.feed(f.read_text(encoding="utf-8"))
            pages[path] = ev.ids
            nb = nbformat.read(str(f.with_suffix(".ipynb")), as_version=4)
            cells[path] = {jejak.anchor_sel(c.id): c.source for c in nb.cells}
        assert frag in pages[path], f"jangkar {href} tidak ada di edisi evaluator"
        title = a.get("title") or ""
        fungsi = re.findall(r"(lkjip\.[\w.]+)\(\)", title)
        for f in fungsi:  # the cell calls the function the link names (by its last name)
            assert f.rsplit(".", 1)[-1] + "(" in cells[path][frag], (href, f)
        if a.get("data-src") or title:
            tabel = (a.get("data-src") or title.split(" ")[0]).split(":")[0]
            assert tabel in title, (tabel, title)
        seen += 1
    assert seen > 500 and len(pages) >= 4


def test_every_table_names_its_cell_as_text(laporan):
    text, _ = laporan
    tables = re.findall(r'<table\b[^>]*data-sumber="([^"]+)"', text)
    lines = re.findall(r'<p class="jejak-tabel">Dihitung di edisi evaluator: <a class="jejak" href="[^"]+">([^<]+)</a>',
                       text)
    assert len(lines) == len(tables) > 20
    assert all(re.match(r"0\d_\w+\.ipynb sel \[\d+\]: ", t) for t in lines), lines[:3]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils tidak terpasang")
def test_pdf_lampiran_and_catatan_reviu_carry_the_references(run_2024):
    pdf = run_2024.reports / f"LKjIP-{run_2024.tahun}.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    lampiran = [" ".join(line.split()) for line in text[text.rfind("Tabel L.1 "):].splitlines()]
    assert any(re.fullmatch(r"Dihitung di edisi evaluator: 02_clean\.ipynb sel \[\d+\]: lkjip\.antara\.tabel_terperiksa\(\)", t)
               for t in lampiran)  # Tabel L.1 Perjanjian Kinerja (an input table)
    assert any(re.fullmatch(r"Dihitung di edisi evaluator: 06_reviu\.ipynb sel \[\d+\]: lkjip\.reviu\.ringkasan\(\)", t)
               for t in lampiran)  # Tabel L.2
    assert any(re.fullmatch(r"Dihitung di edisi evaluator: 06_reviu\.ipynb sel \[\d+\]: lkjip\.reviu\.reviu\(\)", t)
               for t in lampiran)  # Tabel L.3 Catatan Reviu


def test_evaluator_has_an_anchor_per_cell(run_2024):
    nb_dir = run_2024.reports / "notebooks"
    for f in sorted(nb_dir.glob("0*.ipynb")):
        nb = nbformat.read(str(f), as_version=4)
        ev = _Tautan()
        ev.feed(f.with_suffix(".html").read_text(encoding="utf-8"))
        missing = [c.id for c in nb.cells if jejak.anchor_sel(c.id) not in ev.ids]
        assert not missing, (f.name, missing[:3])


# --------------------------------------------------------------- unit tests


def _nb(*sources: str) -> dict:
    return {"cells": [{"cell_type": "code", "id": f"c{i}", "execution_count": i + 1, "source": s}
                      for i, s in enumerate(sources)]}


def test_peta_asal_follows_variables_aliases_and_dicts():
    nb = _nb("from lkjip import anggaran as A, io\nfrom lkjip.capaian import capaian_sasaran",
             "roll = A.dengan_total(A.rollup_rkt(t['rkt']))\nx, sas = 1, capaian_sasaran(t)",
             "io.write_tables(d, {'rkt_rollup': roll, 'capaian_sasaran': sas, 'langsung': A.f(t)})")
    clean = _nb("from lkjip import clean", "tables = clean.clean_tables(raw)", "io.write_tables(out, tables)")
    peta = jejak.peta_asal({"02_clean": clean, "04_anggaran": nb}, ["rkt", "rkt_rollup", "capaian_sasaran"])
    assert peta["rkt_rollup"].sel_id == "c1" and peta["rkt_rollup"].fungsi == (
        "lkjip.anggaran.dengan_total", "lkjip.anggaran.rollup_rkt")
    assert peta["capaian_sasaran"].fungsi == ("lkjip.capaian.capaian_sasaran",)
    assert peta["langsung"].sel_id == "c2" and peta["langsung"].fungsi == ("lkjip.anggaran.f",)
    assert peta["rkt"].notebook == "02_clean" and peta["rkt"].fungsi == ("lkjip.clean.clean_tables",)
    assert peta["rkt"].teks() == "02_clean.ipynb sel [2]: lkjip.clean.clean_tables()"


def test_peta_asal_whole_dict_unpacked_into_the_writer():
    """``io.write_tables(out, {**tables, "x": x})``: every other table comes from the cell that assigned ``tables``."""
    nb = _nb("from lkjip import antara, io", "tables = antara.tabel_terperiksa(b, s)\nx = antara.g(b)",
             "io.write_tables(out, {**tables, 'x': x})")
    peta = jejak.peta_asal({"02_clean": nb}, ["rkt", "x"])
    assert peta["rkt"].teks() == "02_clean.ipynb sel [2]: lkjip.antara.tabel_terperiksa()"
    assert peta["x"].fungsi == ("lkjip.antara.g",)
    assert "rkt" not in jejak.peta_asal({"02_clean": _nb("io.write_tables(out, {**tables})")}, ["rkt"])


def test_peta_asal_has_no_shared_state_between_runs():
    """Maps of different runs computed at the same time in threads never mix (no module state)."""
    results: dict[int, dict] = {}

    def work(k: int):
        nb = _nb("from lkjip import capaian as C", f"v = C.f{k}(t)", f"io.write_tables(d, {{'t{k}': v}})")
        for _ in range(50):
            results[k] = jejak.peta_asal({f"nb{k}": nb})

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for k, peta in results.items():
        assert list(peta) == [f"t{k}"] and peta[f"t{k}"].fungsi == (f"lkjip.capaian.f{k}",)


def test_lacak_and_tandai():
    df = pd.DataFrame({"nama": ["a"], "pagu": [D("1500")], "n": [3], "ok": [True], "kosong": [None]}, dtype=object,
                      index=[4])
    out = jejak.lacak(df, "anggaran")
    assert out.at[4, "pagu"].src == "anggaran:4:pagu" and out.at[4, "pagu"] == D("1500")
    assert out.at[4, "n"].src == "anggaran:4:n" and out.at[4, "ok"] is True and out.at[4, "kosong"] is None
    assert not hasattr(df.at[4, "pagu"], "src")  # the input is not changed
    assert type(out.at[4, "pagu"] + 1) is D  # arithmetic gives plain Decimals
    assert str(jejak.tandai(out.at[4, "pagu"], "Rp 1.500")) == '<span class="jejak" data-src="anggaran:4:pagu">Rp 1.500</span>'
    assert jejak.tandai(D(5), "5") == "5"
    assert str(jejak.tandai(out.at[4, "pagu"], "<b>")).endswith("&lt;b&gt;</span>")  # text stays text
    import pickle

    assert pickle.loads(pickle.dumps(out.at[4, "pagu"])).src == "anggaran:4:pagu"


def test_tautkan_cells_spans_and_table_lines():
    asal = {"t": jejak.Asal("t", "03_x", "b2", 3, ("lkjip.capaian.hitung",))}
    doc = ('<table class="tabel" id="tabel-1" data-sumber="t"><tr><td class="angka" data-src="t:0:c">5</td>'
           '<td data-src="lain:0:c">6</td></tr></table><p>capaian <span class="jejak" data-src="t:1:c">7%</span></p>')
    out = jejak.tautkan(doc, asal)
    assert '<td class="angka" data-src="t:0:c"><a class="jejak" href="notebooks/03_x.html#sel-b2"' in out
    assert '<td data-src="lain:0:c">6</td>' in out  # unknown table: left alone (and a test reports it)
    assert '<a class="jejak" data-src="t:1:c" href="notebooks/03_x.html#sel-b2"' in out and "<span" not in out
    assert '<p class="jejak-tabel">Dihitung di edisi evaluator: <a class="jejak" href="notebooks/03_x.html#sel-b2">' \
           "03_x.ipynb sel [3]: lkjip.capaian.hitung()</a></p>" in out
