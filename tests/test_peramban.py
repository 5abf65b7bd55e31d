"""The report HTML in a real browser (headless Chromium of the system, driven by Playwright for Python).

At a desktop (1366×768) and a phone (390×844) width: no element reaches outside the page
except inside a table's own scroll container, every caption is fully visible, every image
decodes, no console error, every internal link resolves. Screenshots of both widths are
saved in ``artefak-uji/peramban/`` (a CI artifact). Chromium comes from the Debian package
(``scripts/_venv.sh ensure_test_tools``); Playwright's own browser download is never used.
"""

from __future__ import annotations

import base64
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest

from lkjip.grafik import HURUF
from lkjip.paths import ROOT

ARTEFAK = ROOT / "artefak-uji" / "peramban"
LEBAR = {"desktop": (1366, 768), "ponsel": (390, 844)}
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = [pytest.mark.skipif(CHROMIUM is None, reason="chromium tidak terpasang (scripts/_venv.sh ensure_test_tools)"),
              pytest.mark.slow]  # a real browser (Chromium start, two page widths, every linked page): --semua, CI

#: The smallest size (CSS px) a chart's text (lkjip.grafik.HURUF pt at its drawn width) may show at.
HURUF_MIN_PX = 10

#: Runs in the page; returns every problem found, as text, per check.
PERIKSA_JS = r"""
async () => {
  const HURUF_GRAFIK = %s, HURUF_MIN_PX = %s;
  const vw = document.documentElement.clientWidth;
  const out = {overflow: [], caption: [], gambar: [], huruf_gambar: [], lekat: [], tautan: [], tautan_luar: []};
  const label = el => {
    const id = el.id ? '#' + el.id : '';
    const cls = el.classList && el.classList.length ? '.' + [...el.classList].join('.') : '';
    const txt = (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 50);
    return `${el.tagName.toLowerCase()}${id}${cls} «${txt}»`;
  };
  const clips = el => { const s = getComputedStyle(el); return s.overflowX !== 'visible'; };
  // a table's own scroll container: an ancestor that scrolls horizontally and holds a table
  const scrollTabel = el => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a);
      if ((s.overflowX === 'auto' || s.overflowX === 'scroll') && a.querySelector('table')) return a;
    }
    return null;
  };
  if (document.documentElement.scrollWidth > vw + 1)
    out.overflow.push(`halaman bergulir mendatar: scrollWidth ${document.documentElement.scrollWidth} > ${vw}`);
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right <= vw + 1 && r.left >= -1) continue;
    if (scrollTabel(el)) continue;
    out.overflow.push(`${label(el)}: kiri ${Math.round(r.left)}, kanan ${Math.round(r.right)} > ${vw}`);
  }
  for (const el of document.querySelectorAll('caption, figcaption, .judul-tabel')) {
    // the box of the caption's text (a centred caption may be wider than its words)
    const range = document.createRange();
    range.selectNodeContents(el);
    const r = range.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) { out.caption.push(`${label(el)}: tidak tampil`); continue; }
    let ok = r.left >= -1 && r.right <= vw + 1;
    let why = ok ? '' : `di luar layar (${Math.round(r.left)}–${Math.round(r.right)})`;
    for (let a = el.parentElement; ok && a && a !== document.body; a = a.parentElement) {
      if (!clips(a)) continue;
      const ar = a.getBoundingClientRect();
      if (r.left < ar.left - 1 || r.right > ar.right + 1) {
        ok = false;
        why = `terpotong oleh wadah gulir ${label(a).slice(0, 40)} (${Math.round(r.left)}–${Math.round(r.right)} `
          + `dari ${Math.round(ar.left)}–${Math.round(ar.right)})`;
      }
    }
    if (ok && el.scrollWidth > el.clientWidth + 1) { ok = false; why = 'teks terpotong (scrollWidth > clientWidth)'; }
    if (!ok) out.caption.push(`${label(el)}: ${why}`);
  }
  for (const img of document.images) {
    try { await img.decode(); } catch (e) { out.gambar.push(`${label(img)}: gagal didekode (${e})`); continue; }
    if (!img.complete || img.naturalWidth === 0) out.gambar.push(`${label(img)}: tidak termuat`);
  }
  // a chart's text as shown: its drawn size (HURUF_GRAFIK pt at the image's own width) scaled to the width on screen
  for (const img of document.querySelectorAll('figure img')) {
    if (!img.naturalWidth) continue;
    const px = HURUF_GRAFIK * 96 / 72 * img.getBoundingClientRect().width / img.naturalWidth;
    if (px < HURUF_MIN_PX)
      out.huruf_gambar.push(`${label(img.closest('figure'))}: teks grafik ${px.toFixed(1)} px (< ${HURUF_MIN_PX})`);
  }
  // a sticky first column keeps its own borders (collapsed borders stay behind with the table)
  for (const td of document.querySelectorAll('table.tabel td, table.tabel th')) {
    const s = getComputedStyle(td);
    if (s.position !== 'sticky') continue;
    const t = getComputedStyle(td.closest('table'));
    if (t.borderCollapse === 'collapse' || parseFloat(s.borderLeftWidth) < 1 || parseFloat(s.borderRightWidth) < 1
        || parseFloat(s.borderBottomWidth) < 1) {
      out.lekat.push(`${label(td.closest('table'))}: kolom lekat tanpa garis sendiri (${t.borderCollapse}, `
        + `${s.borderLeftWidth} ${s.borderRightWidth} ${s.borderBottomWidth})`);
      break;
    }
  }
  for (const a of document.querySelectorAll('a[href]')) {
    const href = a.getAttribute('href');
    if (href.startsWith('#')) {
      if (!document.getElementById(decodeURIComponent(href.slice(1)))) out.tautan.push(`${label(a)} → ${href}: sasaran tidak ada`);
    } else if (!/^(https?:|mailto:)/i.test(href)) {
      out.tautan_luar.push(a.href);
    }
  }
  out.tautan_luar = [...new Set(out.tautan_luar)];
  return out;
}
""".replace("%s", str(HURUF), 1).replace("%s", str(HURUF_MIN_PX), 1)


def _browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    pw = sync_api.sync_playwright().start()
    browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
    return pw, browser


@pytest.fixture(scope="module")
def hasil(run_2024):
    """Every check at both widths, from one browser session (the shared pipeline run)."""
    report = run_2024.reports / f"LKjIP-{run_2024.tahun}.html"
    ARTEFAK.mkdir(parents=True, exist_ok=True)
    pw, browser = _browser()
    out = {}
    try:
        for nama, (w, h) in LEBAR.items():
            page = browser.new_page(viewport={"width": w, "height": h})
            konsol = []
            page.on("console", lambda m, k=konsol: k.append(f"{m.type}: {m.text}") if m.type in ("error", "assert") else None)
            page.on("pageerror", lambda e, k=konsol: k.append(f"pageerror: {e}"))
            page.on("requestfailed", lambda r, k=konsol: k.append(f"requestfailed: {r.url[:80]}"))
            page.goto(report.as_uri(), wait_until="load")
            r = page.evaluate(PERIKSA_JS)
            r["konsol"] = konsol
            # links out of the page (the evaluator edition): the file and the anchor exist
            targets: dict[str, set[str]] = {}
            for url in r.pop("tautan_luar"):
                u = urlparse(url)
                targets.setdefault(u.scheme + "://" + u.netloc + u.path, set()).add(u.fragment)
            r["tautan"] += _periksa_sasaran(browser, targets)
            page.screenshot(path=str(ARTEFAK / f"{nama}-{w}x{h}-awal.png"))
            for sel, nama_bagian in (("#cap-tabel-2-2", "tabel-2-2"), ("#cap-tabel-3-5", "tabel-3-5"), ("#cap-tabel-L-3", "tabel-L-3")):
                if page.locator(sel).count():
                    page.locator(sel).first.evaluate("el => el.scrollIntoView({block: 'start'})")
                    page.screenshot(path=str(ARTEFAK / f"{nama}-{w}x{h}-{nama_bagian}.png"))
            out[nama] = r
            page.close()
    finally:
        browser.close()
        pw.stop()
    return out


def _periksa_sasaran(browser, targets: dict[str, set[str]]) -> list[str]:
    """Open each linked page once; every fragment must be an element id there."""
    masalah = []
    for url, frags in sorted(targets.items()):
        path = Path(urlparse(url).path)
        if not path.is_file():
            masalah.append(f"{url}: berkas tidak ada")
            continue
        page = browser.new_page()
        page.goto(url, wait_until="domcontentloaded")
        ada = page.evaluate("fs => fs.filter(f => f && !document.getElementById(decodeURIComponent(f)))", sorted(frags))
        masalah += [f"{path.name}#{f}: jangkar tidak ada" for f in ada]
        page.close()
    return masalah


CEK = ("overflow", "caption", "gambar", "huruf_gambar", "lekat", "konsol", "tautan")


def _kasus():
    for lebar in LEBAR:
        for cek in CEK:
            yield pytest.param(lebar, cek, id=f"{lebar}-{cek}")


@pytest.mark.parametrize("lebar,cek", list(_kasus()))
def test_html_di_peramban(hasil, lebar, cek):
    masalah = hasil[lebar][cek]
    assert not masalah, f"{len(masalah)} masalah ({lebar}, {cek}):\n" + "\n".join(masalah[:30])


def test_tangkapan_layar_tersimpan(hasil):
    for nama, (w, h) in LEBAR.items():
        shot = ARTEFAK / f"{nama}-{w}x{h}-awal.png"
        assert shot.is_file() and shot.stat().st_size > 5_000, shot


def test_pemeriksa_menangkap_luapan_dan_caption_terpotong(tmp_path):
    """The checks themselves fail on a page that overflows and hides a caption (they can fail)."""
    page_html = tmp_path / "buruk.html"
    page_html.write_text(
        '<!DOCTYPE html><html><body style="margin:0">'
        '<div style="width:2000px">lebar sekali</div>'
        '<div style="overflow-x:auto;width:300px"><table style="width:900px"><caption>Tabel 9.9 Judul yang '
        'panjang sekali dan ikut bergulir bersama tabel</caption><tr><td>1</td></tr></table></div>'
        '<img src="data:image/png;base64,AAAA" alt="rusak"><a href="#tidak-ada">x</a>'
        # a chart drawn 1000 px wide shown at 300 px; a sticky cell in a table with collapsed borders
        '<figure><img style="width:300px" alt="kecil" src="data:image/svg+xml;base64,'
        + base64.b64encode(b'<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="100"></svg>').decode()
        + '"></figure><table class="tabel" style="border-collapse:collapse"><tr><td style="position:sticky;left:0">'
        'x</td></tr></table>'
        "<script>console.error('galat uji')</script></body></html>", encoding="utf-8")
    pw, browser = _browser()
    try:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        konsol = []
        page.on("console", lambda m: konsol.append(m.text) if m.type == "error" else None)
        page.goto(page_html.as_uri())
        r = page.evaluate(PERIKSA_JS)
    finally:
        browser.close()
        pw.stop()
    assert any("2000" in m or "scrollWidth" in m for m in r["overflow"])
    assert any("Tabel 9.9" in m for m in r["caption"])
    assert r["gambar"] and r["tautan"] and konsol == ["galat uji"]
    assert any("teks grafik" in m for m in r["huruf_gambar"]) and r["lekat"]
