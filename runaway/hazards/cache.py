"""On-disk cache of flame and equilibrium results, keyed by a hash of everything they depend on.

The key hashes the calculation kind, the composition (rounded to 1e-9), the conditions, the
solver settings, the mechanism file's content and the Cantera and runaway versions, so a cached
value is never reused for a different gas, mechanism or code version. Values are small JSON
files written atomically (temporary file + ``os.replace``), so parallel runs never read a
half-written entry. The folder is ``$RUNAWAY_CACHE_DIR`` if set, else
``$XDG_CACHE_HOME/runaway/hazards`` (default ``~/.cache/runaway/hazards``).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path

import cantera as ct

from runaway import __version__


def cache_dir() -> Path:
    """The cache folder (not created here)."""
    explicit = os.environ.get("RUNAWAY_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "runaway" / "hazards"


def cache_enabled() -> bool:
    """False when ``RUNAWAY_CACHE_DIR`` is set to ``off`` (or the cache is unusable)."""
    return os.environ.get("RUNAWAY_CACHE_DIR", "").lower() not in ("off", "none", "0")


@lru_cache(maxsize=8)
def mechanism_fingerprint(mechanism: str) -> str:
    """SHA-256 of the mechanism file's content, or its name if the file cannot be found."""
    path = Path(mechanism)
    if not path.is_file():
        candidates = [Path(d) / mechanism for d in ct.get_data_directories()]
        path = next((p for p in candidates if p.is_file()), path)
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return f"name:{mechanism}"


def cache_key(kind: str, composition: dict[str, float], mechanism: str, **conditions) -> str:
    """Hex digest identifying one calculation.

    Parameters
    ----------
    kind : str
        Calculation ("flame", "aicc", ...).
    composition : dict of str to float
        Vent-gas mole fractions [1].
    mechanism : str
        Cantera YAML file.
    **conditions
        Temperatures [K], pressures [Pa], equivalence ratio [1], solver settings.
    """
    payload = {
        "kind": kind,
        "composition": {k: round(v, 9) for k, v in sorted(composition.items()) if v > 0},
        "mechanism": mechanism_fingerprint(mechanism),
        "conditions": {
            k: (round(v, 9) if isinstance(v, float) else v) for k, v in sorted(conditions.items())
        },
        "cantera": ct.__version__,
        "runaway": __version__,
    }
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def load(key: str) -> dict | None:
    """The cached value for ``key``, None if absent, unreadable or the cache is off."""
    if not cache_enabled():
        return None
    try:
        return json.loads((cache_dir() / f"{key}.json").read_text())
    except (OSError, ValueError):
        return None


def store(key: str, value: dict) -> None:
    """Write ``value`` for ``key`` atomically; a cache that cannot be written is skipped."""
    if not cache_enabled():
        return
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".json")
    except OSError:
        return
    try:
        with os.fdopen(fd, "w") as handle:
            json.dump(value, handle)
        os.replace(tmp, folder / f"{key}.json")
    except OSError:
        Path(tmp).unlink(missing_ok=True)
