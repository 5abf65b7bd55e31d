"""``lkjip batch`` on a real Dask cluster (scheduler + 2 workers on 127.0.0.1) and on the local default; the rekap.

A synthetic kabupaten of 4 OPDs (``lkjip contoh``), one of them with bad raw data: the
others succeed, the bad one's rekap row carries its located message, every rekap figure
equals the OPD's processed tables, and the same batch on the local cluster gives
byte-identical OPD outputs.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lkjip import batch as B
from lkjip import io
from lkjip.capaian import urutan_predikat
from lkjip.cli import main
from lkjip.params import load_params

DASK = Path(sys.executable).parent / "dask"
BAD = "opd-03-"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _opd_outputs(kab: Path) -> dict[str, str]:
    """sha256 of every processed table and annex table of every OPD (the run's deterministic outputs)."""
    out = {}
    for opd in sorted(kab.glob("opd-*")):
        for sub in ("data/processed/2024", "reports/2024/tabel"):
            if (opd / sub).is_dir():
                out |= {f"{opd.name}/{sub}/{k}": v for k, v in _hashes(opd / sub).items()}
        html = opd / "reports" / "2024" / "LKjIP-2024.html"
        if html.is_file():
            out[f"{opd.name}/reports/2024/LKjIP-2024.html"] = hashlib.sha256(html.read_bytes()).hexdigest()
    return out


@pytest.fixture(scope="module")
def kab(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kabupaten") / "kab"
    assert main(["contoh", str(folder), "--opd", "4", "--tahun", "2024", "--benih", "3"]) == 0
    bad = next(folder.glob(f"{BAD}*")) / "data" / "raw" / "2024" / "t3_1_kinerja.csv"
    lines = bad.read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(";")
    cells[3] = "banyak sekali"
    lines[1] = ";".join(cells)
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["manifest", str(bad.parent)]) == 0
    return folder


@pytest.fixture(scope="module")
def klaster(tmp_path_factory):
    """A real ``dask scheduler`` and two ``dask worker`` processes on 127.0.0.1 (not LocalCluster)."""
    from distributed import Client

    cwd = tmp_path_factory.mktemp("dask-cwd")  # the workers do not depend on the working directory
    port = _port()
    addr = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    procs = [subprocess.Popen([str(DASK), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                              cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        for i in range(2):
            procs.append(subprocess.Popen(
                [str(DASK), "worker", addr, "--nworkers", "1", "--nthreads", "1", "--no-dashboard",
                 "--host", "127.0.0.1", "--name", f"pekerja-{i}"],
                cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        deadline = time.monotonic() + 120
        while True:
            try:
                with Client(addr, timeout="5s") as c:
                    if len(c.scheduler_info()["workers"]) == 2:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "klaster Dask tidak siap"
            time.sleep(1)
        yield addr
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in reversed(procs):
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()


@pytest.fixture(scope="module")
def hasil_klaster(kab, klaster):
    out: list[str] = []
    rc = B.jalankan_batch(str(kab / "daftar.yaml"), scheduler=klaster, echo=out.append)
    rekap_dir = kab / "reports" / "rekap-2024"
    return {"rc": rc, "echo": "\n".join(out), "rekap_dir": rekap_dir, "hash": _opd_outputs(kab),
            "tables": io.read_tables(rekap_dir / "data"),
            "batch": json.loads((rekap_dir / "batch.json").read_text(encoding="utf-8"))}


def test_bad_opd_fails_alone_with_its_message(kab, hasil_klaster):
    assert hasil_klaster["rc"] == 1
    rekap = hasil_klaster["tables"]["rekap"]
    assert len(rekap) == 4
    bad = rekap[rekap["params"].str.contains(BAD)]
    assert list(bad["status"]) == ["gagal"]
    pesan = bad.iloc[0]["pesan"]
    assert "t3_1_kinerja" in pesan and "realisasi" in pesan and "banyak sekali" in pesan, pesan
    assert bad.iloc[0]["rata_rata_capaian"] is None and bad.iloc[0]["pagu"] is None
    assert (rekap.loc[~rekap["params"].str.contains(BAD), "status"] == "berhasil").all()
    assert "1 gagal" in hasil_klaster["echo"] and "banyak sekali" in hasil_klaster["echo"]
    assert not (next(kab.glob(f"{BAD}*")) / "data" / "processed" / "2024").exists()  # nothing half-written


def test_tasks_ran_on_both_cluster_workers(hasil_klaster, klaster):
    rec = hasil_klaster["batch"]
    assert rec["klaster"]["scheduler"] == klaster and rec["klaster"]["lokal"] is False
    assert len({h["pid"] for h in rec["hasil"]}) == 2  # two `dask worker` processes, one task at a time each
    for h in rec["hasil"]:
        assert h["tugas_detik"] >= h["runner_detik"] > 0


def test_rekap_matches_every_opd_table(kab, hasil_klaster):
    rekap = hasil_klaster["tables"]["rekap"]
    per = hasil_klaster["tables"]["predikat_indikator"]
    ok = rekap[rekap["status"] == "berhasil"]
    assert len(ok) == 3
    for r in ok.itertuples():
        P = load_params(kab / r.params) if not os.path.isabs(r.params) else load_params(r.params)
        t = io.read_tables(Path(P.paths.processed))
        assert r.opd == P.instansi.nama and r.tahun == 2024
        assert r.rata_rata_capaian == t["capaian_instansi"].iloc[0]["capaian"]
        assert r.predikat == t["capaian_instansi"].iloc[0]["predikat"]
        ang = t["ringkasan_anggaran"].iloc[0]
        assert (r.pagu, r.realisasi_anggaran, r.serapan) == (ang["pagu"], ang["realisasi_anggaran"], ang["serapan"])
        if "akip_total" in t:
            assert (r.nilai_akip, r.predikat_akip) == (t["akip_total"].iloc[0]["nilai"], t["akip_total"].iloc[0]["predikat"])
        else:
            assert r.nilai_akip is None and r.predikat_akip is None
        assert r.reviu_error == int((t["reviu"]["tingkat"] == "error").sum())
        assert r.reviu_peringatan == int((t["reviu"]["tingkat"] == "peringatan").sum())
        counts = dict(zip(per.loc[per["opd"] == r.opd, "predikat"], per.loc[per["opd"] == r.opd, "jumlah"]))
        cap = t["capaian_indikator"]
        for p in urutan_predikat(P.skala_predikat_capaian):
            assert counts[p] == int((cap["predikat"] == p).sum())
        assert sum(counts.values()) == len(cap) == r.jumlah_indikator
        html = Path(P.paths.reports) / "LKjIP-2024.html"
        assert (hasil_klaster["rekap_dir"] / r.laporan).resolve() == html.resolve()
    # the deliberate printed errors of `lkjip contoh` are found by the reviu
    assert ok["reviu_error"].sum() > 0


def test_rekap_files_html_pdf_xlsx(kab, hasil_klaster):
    from openpyxl import load_workbook

    from lkjip.fmt import persen, rupiah

    d = hasil_klaster["rekap_dir"]
    assert (d / "rekap-2024.pdf").read_bytes().startswith(b"%PDF")
    html = (d / "rekap-2024.html").read_text(encoding="utf-8")
    rekap = hasil_klaster["tables"]["rekap"]
    for i, r in enumerate(rekap.itertuples()):
        assert f'data-src="rekap:{i}:pagu">{rupiah(r.pagu)}<' in html
        assert f'data-src="rekap:{i}:rata_rata_capaian">{persen(r.rata_rata_capaian)}<' in html
    assert "Rekap Laporan Kinerja" in html and "<script" not in html
    ws = load_workbook(d / "rekap-2024.xlsx")["Rekap"]
    header = [c.value for c in ws[3]]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=4)]
    assert len(rows) == 4
    for r, x in zip(rekap.to_dict("records"), rows):
        got = dict(zip(header, x))
        assert got["OPD"] == r["opd"] and got["Status"] == r["status"]
        if r["pagu"] is not None:
            assert got["Pagu (Rp)"] == int(r["pagu"])
            assert got["Rata-rata capaian (%)"] == pytest.approx(float(r["rata_rata_capaian"]))


def test_local_default_gives_byte_identical_opd_outputs(kab, hasil_klaster):
    out: list[str] = []
    rc = B.jalankan_batch(str(kab / "daftar.yaml"), pekerja=2, echo=out.append)
    assert rc == 1
    assert any("pekerja" in line and "127.0.0.1" in line for line in out)
    after = _opd_outputs(kab)
    assert len(after) > 100
    assert after == hasil_klaster["hash"]


# ------------------------------------------------------------------ batch file


def test_bad_batch_file_exit_2(tmp_path, capsys):
    assert main(["batch", str(tmp_path / "tidak-ada.yaml")]) == 2
    assert "tidak ditemukan" in capsys.readouterr().err
    f = tmp_path / "daftar.yaml"
    f.write_text("params: [a.yaml]\nlain: 1\n", encoding="utf-8")
    assert main(["batch", str(f)]) == 2
    assert "kunci tidak dikenal: lain" in capsys.readouterr().err
    f.write_text("params: [a.yaml]\n", encoding="utf-8")
    assert main(["batch", str(f)]) == 2
    err = capsys.readouterr().err
    assert "params butir 1" in err and "a.yaml" in err and "tidak ditemukan" in err
    (tmp_path / "a.yaml").write_text("tahun: 2024\n", encoding="utf-8")
    f.write_text("params: [a.yaml, ./a.yaml]\n", encoding="utf-8")
    assert main(["batch", str(f)]) == 2
    assert "sudah tercantum" in capsys.readouterr().err
    f.write_text("params: []\n", encoding="utf-8")
    assert main(["batch", str(f)]) == 2
    f.write_text("params: [x/*.yaml]\n", encoding="utf-8")
    assert main(["batch", str(f)]) == 2
    assert "tidak cocok" in capsys.readouterr().err
    assert main(["batch", str(tmp_path / "nihil" / "*.yaml")]) == 2
    assert main(["batch", str(f), "--pekerja", "0"]) == 2


def test_glob_and_list_forms(tmp_path):
    for n in ("b", "a"):
        (tmp_path / n).mkdir()
        (tmp_path / n / "2024.yaml").write_text("tahun: 2024\n", encoding="utf-8")
    entri, keluar = B.baca_daftar(str(tmp_path / "*" / "2024.yaml"))
    assert [e.params.parent.name for e in entri] == ["a", "b"] and keluar is None
    f = tmp_path / "daftar.yaml"
    f.write_text("keluaran: rekap\nparams:\n  - b/2024.yaml\n  - a/*.yaml\n", encoding="utf-8")
    entri, keluar = B.baca_daftar(str(f))
    assert [e.params.parent.name for e in entri] == ["b", "a"] and keluar == (tmp_path / "rekap").resolve()


def test_two_entries_same_output_folder_exit_2(kab, tmp_path, capsys):
    src = next(kab.glob("opd-01-*")) / "params" / "2024.yaml"
    copy = tmp_path / "salinan.yaml"
    copy.write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    f = tmp_path / "daftar.yaml"
    f.write_text(f"params: ['{src}', '{copy}']\n", encoding="utf-8")
    assert main(["batch", str(f)]) == 2
    assert "juga dipakai oleh" in capsys.readouterr().err


def test_unreachable_scheduler_exit_2(kab, capsys):
    port = _port()
    t0 = time.monotonic()
    assert main(["batch", str(kab / "daftar.yaml"), "--scheduler", f"tcp://127.0.0.1:{port}", "--tunggu-scheduler", "1"]) == 2
    assert "tidak dapat dihubungi" in capsys.readouterr().err
    assert time.monotonic() - t0 < 15  # gives up after about --tunggu-scheduler seconds, not the default 20
    assert main(["batch", str(kab / "daftar.yaml"), "--scheduler", f"tcp://127.0.0.1:{port}", "--tunggu-scheduler", "0"]) == 2
    assert "--tunggu-scheduler" in capsys.readouterr().err


def test_rekap_folder_must_not_overlap_opd_outputs(kab, capsys):
    opd = next(kab.glob("opd-01-*"))
    assert main(["batch", str(kab / "daftar.yaml"), "--keluar", str(opd / "reports" / "2024")]) == 2
    assert "folder rekap" in capsys.readouterr().err


_SISA_MEMORI = """
import os, threading
from lkjip.batch import kembalikan_memori
def rss():
    return int(open(f"/proc/{os.getpid()}/statm").read().split()[1]) * 4096 / 2 ** 20
keep = []
def work():  # what a run leaves behind: memory freed in a thread's arena, a few survivors scattered in it
    xs = [bytes(3000) for _ in range(60000)]
    keep.extend(xs[::50])
    del xs
for _ in range(2):
    t = threading.Thread(target=work)
    t.start()
    t.join()
a = rss()
kembalikan_memori()
print(a, rss())
"""


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="needs Linux /proc")
def test_memory_freed_by_a_run_goes_back_to_the_system():
    """A worker runs OPD-year after OPD-year: the memory a finished run freed must not stay resident."""
    import ctypes.util

    libc = ctypes.util.find_library("c")
    if not libc or not hasattr(ctypes.CDLL(libc), "malloc_trim"):
        pytest.skip("no glibc malloc_trim here")
    r = subprocess.run([sys.executable, "-c", _SISA_MEMORI], capture_output=True, text=True, check=True)
    sebelum, sesudah = map(float, r.stdout.split())
    assert sebelum - sesudah > 100, (sebelum, sesudah)  # about 170 MiB freed in thread arenas, given back
