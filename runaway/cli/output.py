"""Where a result may be written: checked before the run, never over an input or a good result.

Shared by the commands that write files, so that a mistake in ``-o`` is found in a second, not
after an hour of simulation.
"""

from __future__ import annotations

import os
from pathlib import Path


class OutputError(ValueError):
    """The output path cannot be used; the message says why."""


def check_output(
    path: Path, inputs: list[Path], suffixes: tuple[str, ...], *, create_folder: bool = True
) -> Path:
    """Validate an output path before any work is done.

    Parameters
    ----------
    path : pathlib.Path
        Where the user asked for the result.
    inputs : list of pathlib.Path
        Files the command reads (scenario, mechanisms, result): never overwritten.
    suffixes : tuple of str
        Allowed suffixes, e.g. (".nc",), compared without regard to case.
    create_folder : bool
        The command creates a missing folder (else a missing folder is an error).

    Raises
    ------
    OutputError
        Empty path, a directory, an input file, a suffix not allowed, or a folder that is
        missing (unless ``create_folder``) or cannot be created or written.
    """
    if not str(path).strip():
        raise OutputError("the output path is empty")
    if path.suffix.lower() not in suffixes:
        allowed = " or ".join(suffixes) if len(suffixes) <= 2 else "one of " + ", ".join(suffixes)
        raise OutputError(f"the output must end in {allowed} (got '{path.name}')")
    if path.is_dir():
        raise OutputError("is a folder; give a file name")
    target = path.resolve()
    for source in inputs:
        if source.exists() and target == source.resolve():
            raise OutputError("is an input of this command; it would be overwritten")
    folder = target.parent
    if not create_folder and not folder.is_dir():
        raise OutputError(f"the folder {path.parent} does not exist")
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write into {existing}")
    if path.exists() and not os.access(path, os.W_OK):
        raise OutputError("exists and is read-only")
    return path


def failed_result_path(path: Path) -> Path:
    """Where a failed run goes when ``path`` already holds a successful result."""
    return path.with_name(f"{path.stem}.failed{path.suffix}")
