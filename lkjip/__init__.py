"""lkjip: a reproducible pipeline for the Laporan Kinerja Instansi Pemerintah (LKjIP).

The package holds the pure, tested logic; the notebooks under ``notebooks/`` own I/O,
tables, charts and narrative and call into these modules.
"""

__version__ = "0.1.0"
