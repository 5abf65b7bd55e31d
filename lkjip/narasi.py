"""Normalising narasi Markdown as typed from a printed document (lists, broken sentences).

Narasi files are transcribed from PDF documents. Their lists keep the marks of that
source: nested items indented by a single space (CommonMark needs the parent's content
column, so they come out flat), letter markers typed after a bullet (``- a. Kepala``,
printed "• a."), blank lines between the items of one list (a page break in the source)
and a sentence cut between a list item and the next paragraph (a line break in the
source). :func:`rapikan` rewrites the text so that Markdown sees the structure the
author meant; the letter markers themselves become ``lower-alpha`` lists when the
Markdown is rendered (:func:`daftar_huruf`).

The functions are pure (text in, text out) and idempotent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: A list item line: indentation, optional bullet, optional number or letter marker, text.
_ITEM = re.compile(r"^(?P<ind>[ \t]*)(?:(?P<bul>[-*+])[ \t]+)?"
                   r"(?:(?P<num>\d{1,3})[.)]|(?P<alf>[a-z])[.)])?[ \t]+(?P<teks>\S.*)$")
#: Letter marker at the start of a list item's text (``a.`` or ``a)``).
HURUF = re.compile(r"^([a-z])[.)][ \t]+")
_FENCE = re.compile(r"^[ \t]*(```|~~~)")
#: Line ends that close a sentence or introduce a list: no sentence continues after them.
_AKHIR_KALIMAT = tuple(".;:!?)”\"'")


@dataclass
class _Tingkat:
    jenis: str   # "angka", "huruf" or "butir"
    asal: int    # indentation in the source
    kolom: int   # indentation written (the parent's content column)
    butir: list[int] = field(default_factory=list)  # indices of its item lines in the output
    nomor: int = 0  # number (or letter index) of its last item


def _nomor(penanda: str) -> int:
    """Number of a marker: ``3.`` → 3, ``- c.`` → 3, a bullet → 0."""
    m = re.search(r"(\d+)\.$|([a-z])\.$", penanda)
    if not m:
        return 0
    return int(m.group(1)) if m.group(1) else ord(m.group(2)) - ord("a") + 1


def _baris_butir(line: str) -> tuple[str, int, str, str] | None:
    """``(jenis, indentasi, penanda, teks)`` of a list item line, or ``None``."""
    m = _ITEM.match(line.expandtabs(4))
    if not m or not (m["bul"] or m["num"] or m["alf"]):
        return None
    ind = len(m["ind"])
    if m["num"]:
        if m["bul"]:
            return None  # "- 1. x": keep as written
        return "angka", ind, m["num"] + ".", m["teks"]
    if m["alf"]:
        return "huruf", ind, "* " + m["alf"] + ".", m["teks"]  # "*": never merged into a "-" bullet list
    if m["bul"] and HURUF.match(m["teks"]) is None:
        return "butir", ind, "-", m["teks"]
    return None


def rapikan(text: str) -> str:
    """Rewrite transcribed narasi Markdown so its lists and sentences come out as meant.

    * a list item indented further than the item above it (by any number of spaces)
      is nested under it, at the content column Markdown needs;
    * a list of another kind (letters under numbers) that follows an item ending in
      ``:`` is nested under that item;
    * an item numbered or lettered next after an item of an open list (``c.`` after
      ``b.``) is that list's next item, whatever its indentation in the source;
    * blank lines between the items of one list are removed (one tight list);
    * a paragraph that continues a list item cut mid-sentence is joined to that item:
      the item has no closing punctuation and the paragraph starts in lower case, or
      every earlier item of its list introduces a sub-list (ends in ``:``) and this one
      does not (its introduction was split by a line break of the source);
    * a paragraph that starts in lower case after one without closing punctuation
      continues it (a page break of the source) and is joined to it;
    * letter items are written ``* a. teks`` (with or without a bullet in the source;
      ``*`` so that a letter list is never merged into a ``-`` bullet list above it),
      which :func:`daftar_huruf` turns into a ``lower-alpha`` list: never a bullet and
      a letter together.

    Fenced code is left as it is.

    Examples
    --------
    >>> print(rapikan("- a. Kepala;\\n- b. Sekretariat:\\n 1. Umum;\\n 2. Fungsional.\\n- c. Bidang."), end="")
    * a. Kepala;
    * b. Sekretariat:
      1. Umum;
      2. Fungsional.
    * c. Bidang.
    >>> print(rapikan("1. Satu;\\n\\n2. Dua."), end="")
    1. Satu;
    2. Dua.
    """
    out: list[str] = []
    stack: list[_Tingkat] = []
    kosong = 0          # blank lines seen since the last written line
    pagar = False       # inside fenced code
    terakhir_butir = False  # the last written line is (the end of) a list item
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if pagar or _FENCE.match(raw):
            if _FENCE.match(raw):
                pagar = not pagar
            out.extend([""] * kosong)
            kosong = 0
            out.append(raw)
            stack, terakhir_butir = [], False
            continue
        if not raw.strip():
            kosong += 1
            continue
        butir = _baris_butir(raw)
        if butir is not None:
            jenis, ind, penanda, teks = butir
            nomor = _nomor(penanda)
            calon = [i for i in range(len(stack)) if nomor > 1 and stack[i].jenis == jenis and stack[i].nomor + 1 == nomor]
            # the deepest open list it can continue at or above its own indentation, else the deepest one
            lanjut = max([i for i in calon if stack[i].asal <= ind] or calon or [None], key=lambda i: -1 if i is None else i)
            if lanjut is not None:
                # the next number or letter of an open list: its sibling, however the source indented it
                del stack[lanjut + 1:]
                ind = stack[-1].asal
            if stack:
                # pop the levels this item does not belong to
                while stack and (stack[-1].asal > ind or (
                        stack[-1].asal == ind and stack[-1].jenis != jenis
                        and any(t.jenis == jenis and t.asal <= ind for t in stack[:-1]))):
                    stack.pop()
            if stack and ind > stack[-1].asal or (
                    stack and terakhir_butir and stack[-1].jenis != jenis and ind <= stack[-1].asal
                    and out and out[-1].rstrip().endswith(":")):
                # nested under the last item written
                induk = out[-1]
                kolom = len(induk) - len(induk.lstrip(" ")) + len(induk.lstrip(" ").split(" ")[0]) + 1
                stack.append(_Tingkat(jenis, ind, kolom))
                if jenis == "angka" and penanda != "1.":
                    out.append("")  # an ordered list that does not start at 1 cannot interrupt a paragraph
            elif stack and stack[-1].asal == ind and stack[-1].jenis == jenis:
                pass  # next item of the same list: blank lines between them dropped
            else:
                kolom = stack[-1].kolom if stack else 0
                if stack:
                    stack.pop()
                if out and (out[-1].strip() or kosong):
                    out.append("")  # a new list: never read as the continuation of the one above
                stack.append(_Tingkat(jenis, ind, kolom))
            stack[-1].butir.append(len(out))
            stack[-1].nomor = nomor
            out.append(" " * stack[-1].kolom + penanda + " " + teks.rstrip())
            kosong, terakhir_butir = 0, True
            continue
        line = raw.rstrip()
        mulai_kata = line.lstrip()[:1].isalnum()
        if stack and terakhir_butir:
            prev = out[-1].rstrip()
            if kosong == 0 and not line.startswith((" ", "\t")) and mulai_kata:
                out[-1] = prev + " " + line.strip()  # lazy continuation line of the item
                continue
            saudara = [out[i].rstrip() for i in stack[-1].butir[:-1]]
            if (kosong and mulai_kata and not line.startswith((" ", "\t")) and not prev.endswith(_AKHIR_KALIMAT)
                    and (line.lstrip()[0].islower()
                         or (saudara and all(x.endswith(":") for x in saudara)))):
                out[-1] = prev + " " + line.strip()  # a sentence cut by the source's line break
                kosong = 0
                continue
            if kosong and line.startswith(("  ", "\t")):
                out.append("")
                out.append(" " * stack[-1].kolom + line.strip())  # a paragraph inside the item
                kosong = 0
                continue
        if (kosong and not stack and out and out[-1].strip() and line[:1].islower()
                and out[-1][:1].isalnum() and not out[-1].rstrip().endswith(_AKHIR_KALIMAT)):
            out[-1] = out[-1].rstrip() + " " + line.strip()  # a paragraph cut mid-sentence by the source
            kosong = 0
            continue
        stack, terakhir_butir = [], False
        if out and kosong:
            out.append("")
        out.append(line)
        kosong = 0
    return "\n".join(out).strip("\n") + "\n"
