"""Every number traceable: from a printed figure back to the notebook cell that computed it.

* :func:`peta_asal` reads the executed stage notebooks of *one* run and returns, for
  every processed table, the notebook cell that computed it (the cell that assigned the
  frame later passed to ``io.write_tables``) and the ``lkjip`` functions called there.
  It is a pure function of the notebooks it is given: no module-level state, so
  several runs in one process (threads, a Dask worker) never see each other's map.
* :func:`lacak` wraps the values of a processed table so that each carries its source
  ``tabel:baris:kolom``; the report's formatting filters (:func:`tandai`) then print a
  number in the prose as ``<span class="jejak" data-src="…">``.
* :func:`tautkan` turns every ``data-src`` of the report HTML (table cells and those
  spans) into a link to the evaluator edition's cell (``notebooks/<stage>.html#sel-<id>``,
  an anchor per notebook cell, written by the ``lkjip_evaluator`` template), with the
  function name in the link title, and writes under every table a line naming the cell
  and the function as text (so the PDF carries the references too).
"""

from __future__ import annotations

import ast
import html
import re
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
from markupsafe import Markup, escape


@dataclass(frozen=True)
class Asal:
    """Where a processed table was computed: notebook, cell and the functions called there."""

    tabel: str
    notebook: str
    sel_id: str
    nomor: int | None
    fungsi: tuple[str, ...]

    @property
    def anchor(self) -> str:
        """The anchor of the cell in the evaluator edition."""
        return anchor_sel(self.sel_id)

    def href(self, awalan: str = "notebooks/") -> str:
        """Link from the report (``awalan`` = folder of the evaluator edition, relative)."""
        return f"{awalan}{self.notebook}.html#{self.anchor}"

    def teks(self) -> str:
        """The reference as plain text: ``03_capaian.ipynb sel [4]: lkjip.capaian.capaian_indikator()``."""
        sel = f"sel [{self.nomor}]" if self.nomor is not None else f"sel {self.sel_id}"
        fungsi = ", ".join(f"{f}()" for f in self.fungsi) or "nilai masukan"
        return f"{self.notebook}.ipynb {sel}: {fungsi}"


def anchor_sel(cell_id: str) -> str:
    """Anchor id of one notebook cell in the evaluator HTML (``sel-<cell id>``)."""
    return "sel-" + re.sub(r"[^\w-]", "-", str(cell_id))


def _dotted(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr}" if base else None
    return None


def _alias(cells: list[ast.Module]) -> dict[str, str]:
    """Local name → module or function of ``lkjip`` imported in the notebook."""
    out: dict[str, str] = {}
    for tree in cells:
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "lkjip":
                for a in node.names:
                    out[a.asname or a.name] = f"{node.module}.{a.name}"
            elif isinstance(node, ast.Import):
                for a in node.names:
                    if a.name.split(".")[0] == "lkjip":
                        out[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
    return out


def _fungsi(expr: ast.AST, alias: dict[str, str]) -> tuple[str, ...]:
    """The ``lkjip`` functions called in ``expr``, outermost first."""
    out: list[str] = []
    for node in ast.walk(expr):
        if isinstance(node, ast.Call):
            name = _dotted(node.func)
            if not name:
                continue
            head, _, rest = name.partition(".")
            if head in alias:
                full = alias[head] + (f".{rest}" if rest else "")
                if full not in out:
                    out.append(full)
    return tuple(out)


def _tabel_ditulis(tree: ast.Module, assigned: dict[str, Asal], here, out: dict[str, Asal]) -> Asal | None:
    """Record in ``out`` the tables one cell writes with ``io.write_tables(dir, {...})``.

    Returns the writer of a whole dict of frames (``io.write_tables(dir, tables)``, or
    ``{**tables, "x": x}``), if any.
    """
    cadangan = None
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "write_tables" and len(node.args) >= 2):
            continue
        mapping = node.args[1]
        if isinstance(mapping, ast.Dict):
            for k, v in zip(mapping.keys, mapping.values):
                if k is None and isinstance(v, ast.Name) and v.id in assigned:  # {**tables, ...}
                    cadangan = assigned[v.id]
                    continue
                if not (isinstance(k, ast.Constant) and isinstance(k.value, str)):
                    continue
                src = assigned.get(v.id) if isinstance(v, ast.Name) else None
                a = src or here(v, k.value)
                out[k.value] = Asal(k.value, a.notebook, a.sel_id, a.nomor, a.fungsi)
        elif isinstance(mapping, ast.Name) and mapping.id in assigned:
            cadangan = assigned[mapping.id]
    return cadangan


def peta_asal(notebooks: dict[str, dict], semua_tabel: list[str] | tuple[str, ...] = ()) -> dict[str, Asal]:
    """Map every processed table to the notebook cell that computed it.

    Parameters
    ----------
    notebooks : dict
        Notebook stem (``03_capaian``) → executed notebook (nbformat node or plain
        dict), in stage order.
    semua_tabel : sequence of str
        Every processed table name; a table written through a variable holding a dict
        of frames (``io.write_tables(out_dir, tables)``) is attributed to that cell.

    Returns
    -------
    dict
        Table name → :class:`Asal`. A table written twice keeps its *last* writer.

    Examples
    --------
    >>> nb = {"cells": [
    ...   {"cell_type": "code", "id": "a1", "execution_count": 2, "source": "from lkjip import capaian as C"},
    ...   {"cell_type": "code", "id": "b2", "execution_count": 3, "source": "cap = C.hitung(t)"},
    ...   {"cell_type": "code", "id": "c3", "execution_count": 4, "source": "io.write_tables(d, {'cap': cap})"}]}
    >>> a = peta_asal({"03_x": nb})["cap"]
    >>> a.href(), a.fungsi
    ('notebooks/03_x.html#sel-b2', ('lkjip.capaian.hitung',))
    """
    out: dict[str, Asal] = {}
    cadangan: Asal | None = None
    for stem, nb in notebooks.items():
        cells = [c for c in nb["cells"] if c["cell_type"] == "code"]
        trees: list[ast.Module] = []
        for c in cells:
            src = c["source"] if isinstance(c["source"], str) else "".join(c["source"])
            try:
                trees.append(ast.parse(src))
            except SyntaxError:  # IPython magics: not a pipeline cell
                trees.append(ast.Module(body=[], type_ignores=[]))
        alias = _alias(trees)
        assigned: dict[str, Asal] = {}
        for c, tree in zip(cells, trees):
            here = lambda expr, name: Asal(name, stem, str(c.get("id", "")), c.get("execution_count"),  # noqa: E731
                                           _fungsi(expr, alias))
            for node in tree.body:
                if isinstance(node, ast.Assign):
                    for target in node.targets:
                        names = [target] if isinstance(target, ast.Name) else (
                            list(target.elts) if isinstance(target, ast.Tuple) else [])
                        for n in names:
                            if isinstance(n, ast.Name):
                                assigned[n.id] = here(node.value, n.id)
            cadangan = _tabel_ditulis(tree, assigned, here, out) or cadangan
    if cadangan is not None:
        for name in semua_tabel:
            if name not in out:
                out[name] = Asal(name, cadangan.notebook, cadangan.sel_id, cadangan.nomor, cadangan.fungsi)
    return out


# ------------------------------------------------------------- traced values


class NilaiDesimal(Decimal):
    """A ``Decimal`` that knows the processed cell it came from (``src``); arithmetic gives plain ``Decimal``."""

    __slots__ = ("src",)

    def __new__(cls, value, src: str):
        self = super().__new__(cls, value)
        self.src = src
        return self

    def __reduce__(self):
        return (NilaiDesimal, (str(self), self.src))


class NilaiBulat(int):
    """An ``int`` that knows the processed cell it came from (``src``)."""

    def __new__(cls, value, src: str):
        self = super().__new__(cls, value)
        self.src = src
        return self

    def __reduce__(self):
        return (NilaiBulat, (int(self), self.src))


def lacak(df: pd.DataFrame, nama: str) -> pd.DataFrame:
    """A copy of ``df`` whose numbers carry their source ``nama:baris:kolom``.

    Text, booleans and missing values are left as they are; the index is the row
    number of the processed CSV (as in ``data-src``).

    Examples
    --------
    >>> df = pd.DataFrame({"pagu": [Decimal("5")]}, dtype=object)
    >>> lacak(df, "anggaran").at[0, "pagu"].src
    'anggaran:0:pagu'
    """
    out = df.copy()
    for col in out.columns:
        vals = []
        for idx, v in zip(out.index, out[col]):
            if isinstance(v, Decimal) and not isinstance(v, NilaiDesimal) and v.is_finite():
                v = NilaiDesimal(v, f"{nama}:{idx}:{col}")
            elif isinstance(v, int) and not isinstance(v, (bool, NilaiBulat)):
                v = NilaiBulat(v, f"{nama}:{idx}:{col}")
            vals.append(v)
        out[col] = pd.Series(vals, index=out.index, dtype=object)
    return out


def tandai(value, teks: str):
    """The formatted ``teks`` of ``value``, marked with its source when the value carries one."""
    src = getattr(value, "src", None)
    if not src:
        return teks
    return Markup('<span class="jejak" data-src="{}">{}</span>').format(src, teks)


# ------------------------------------------------------------- report links

_SEL = re.compile(r'<(td|span)\b([^>]*?)\sdata-src="([^"]+)"([^>]*)>(.*?)</\1>', re.S)
_TABEL = re.compile(r'(<table\b[^>]*\sdata-sumber="([^"]*)"[^>]*>.*?</table>)', re.S)


def judul_tautan(src: str, a: Asal) -> str:
    """Title of a number's link: which value, computed where, by which function."""
    tabel, baris, kolom = (src.split(":") + ["", ""])[:3]
    return f"{tabel} baris {baris}, kolom {kolom} — {a.teks()}"


def tautkan(doc: str, asal: dict[str, Asal], awalan: str = "notebooks/") -> str:
    """Link every ``data-src`` number of the report to its cell in the evaluator edition.

    Parameters
    ----------
    doc : str
        Report HTML: table cells ``<td data-src="tabel:baris:kolom">`` and prose numbers
        ``<span class="jejak" data-src="…">`` (see :func:`tandai`).
    asal : dict
        :func:`peta_asal` of the run.
    awalan : str
        Relative folder of the evaluator edition.

    Returns
    -------
    str
        The HTML with each such number wrapped in ``<a class="jejak" href=… title=…>``
        and, under each table with ``data-sumber``, a line ``<p class="jejak-tabel">``
        naming the cell and the function as text.

    Examples
    --------
    >>> a = {"t": Asal("t", "03_x", "b2", 3, ("lkjip.capaian.hitung",))}
    >>> tautkan('<td class="angka" data-src="t:0:c">5</td>', a)
    '<td class="angka" data-src="t:0:c"><a class="jejak" href="notebooks/03_x.html#sel-b2" \
title="t baris 0, kolom c — 03_x.ipynb sel [3]: lkjip.capaian.hitung()">5</a></td>'
    """
    def sel(m: re.Match) -> str:
        tag, pre, src, post, inner = m.groups()
        a = asal.get(src.split(":")[0])
        if a is None:
            return m.group(0)
        link = (f'<a class="jejak" href="{html.escape(a.href(awalan))}" '
                f'title="{html.escape(judul_tautan(src, a))}">{inner}</a>')
        if tag == "span":  # the span only carried the source: the link replaces it
            return link.replace('<a class="jejak"', f'<a class="jejak" data-src="{src}"', 1)
        return f'<{tag}{pre} data-src="{src}"{post}>{link}</{tag}>'

    def tabel(m: re.Match) -> str:
        a = asal.get(m.group(2))
        if a is None:
            return m.group(1)
        return (m.group(1) + f'<p class="jejak-tabel">Dihitung di edisi evaluator: <a class="jejak" '
                f'href="{html.escape(a.href(awalan))}">{escape(a.teks())}</a></p>')

    return _TABEL.sub(tabel, _SEL.sub(sel, doc))
