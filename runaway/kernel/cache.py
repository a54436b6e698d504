"""Keep numba's on-disk cache of the kernel consistent with the source it was compiled from.

numba keys each cached function on the modification time and size of its own source file
only. The kernel's compiled functions read constants from other modules (slot tables, bus
slots, physics functions it compiles), so an edit there would leave stale machine code in the
cache that numba happily loads — silently wrong results. :func:`check_fingerprint` hashes every
source file that compiled code depends on and, when the hash differs from the one recorded
beside the cache, removes the cached machine code so that it is compiled afresh. Installed
packages are rarely affected (an install rewrites every file), checkouts under development are.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
#: Source folders and files whose compiled functions are cached and depend on each other.
SOURCES = ("kernel", "physics", "abuse", "chemistry/compiled.py", "constants.py")
FINGERPRINT = "runaway-kernel.fingerprint"


def source_fingerprint() -> str:
    """SHA-256 over the compiled code's source files."""
    digest = hashlib.sha256()
    for entry in SOURCES:
        path = PACKAGE / entry
        files = sorted(path.glob("*.py")) if path.is_dir() else [path]
        for file in files:
            digest.update(file.relative_to(PACKAGE).as_posix().encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def check_fingerprint(cache_folders: list[Path]) -> bool:
    """Remove numba's cached machine code in ``cache_folders`` if the sources changed since it
    was written; returns whether anything was removed. Never raises: a cache that cannot be
    read or written is numba's business."""
    current = source_fingerprint()
    removed = False
    for folder in {Path(f) for f in cache_folders}:
        marker = folder / FINGERPRINT
        try:
            if marker.is_file() and marker.read_text().strip() == current:
                continue
            folder.mkdir(parents=True, exist_ok=True)  # a fresh cache gets its marker too
            for stale in (*folder.glob("*.nbi"), *folder.glob("*.nbc")):
                stale.unlink(missing_ok=True)
                removed = True
            tmp = folder / f".{FINGERPRINT}.{os.getpid()}"
            tmp.write_text(current + "\n")  # mode from the umask, like numba's own files
            os.replace(tmp, marker)
        except OSError:
            continue
    return removed
