"""Reading the reference files a province imports (catalogue, unit lists)."""

import gzip
from pathlib import Path
from typing import IO

_GZIP_MAGIC = b"\x1f\x8b"


def open_text(path: str | Path, *, encoding: str = "utf-8", **options) -> IO[str]:
    """A text file, or its gzip-compressed form (detected by content, not by name).

    The repository keeps the large reference files compressed; a province may point the
    importers at a plain export just as well. The file is opened at once, so a missing file
    raises OSError here."""
    with open(path, "rb") as probe:
        gzipped = probe.read(2) == _GZIP_MAGIC
    opener = gzip.open if gzipped else open
    return opener(path, "rt", encoding=encoding, **options)
