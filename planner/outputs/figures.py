"""Saving output files: byte-stable matplotlib figures, and atomic writes.

The same input gives the same bytes: the SVG's element ids come from a fixed
hash salt and carry no date, the PNG carries no timestamp and neither names
the matplotlib version.  Text stays text in the SVG (``svg.fonttype: none``),
so a reader or a test can find every label in it.  Files are written to a
temporary file in the same directory and renamed, so a reader never sees a
half-written file and a failure leaves any earlier file as it was.
"""

from __future__ import annotations

import io
import os
import stat
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

from planner.errors import InputError, refused_path

__all__ = [
    "FigureFormat",
    "FIGURE_FORMATS",
    "REPORT_SUFFIXES",
    "SOFTWARE",
    "stable_style",
    "figure_bytes",
    "save_figure",
    "format_from_suffix",
    "check_writable",
    "write_atomic",
]

FigureFormat = Literal["png", "svg"]
FIGURE_FORMATS: tuple[str, ...] = ("png", "svg")
# A report's file suffix and its format (planner.outputs.report); here, with
# the other suffixes, so the command line checks --report without loading Jinja2.
REPORT_SUFFIXES = {"md": "md", "markdown": "md", "html": "html", "htm": "html"}
SOFTWARE = "meeting-planner"

_STABLE_RC = {
    "svg.hashsalt": SOFTWARE,
    "svg.fonttype": "none",  # <text> elements, not glyph outlines
    "path.simplify": True,
    "font.family": "DejaVu Sans",  # ships with matplotlib: same glyphs everywhere
}
# rcParams are global: one figure at a time is built or saved under them,
# so a server rendering in threads cannot mix another thread's settings in.
_STYLE_LOCK = threading.RLock()
_METADATA = {
    "svg": {"Date": None, "Creator": SOFTWARE},
    "png": {"Software": SOFTWARE},
}


@contextmanager
def stable_style():
    """Build and save figures inside this: fixed font, SVG text as text,
    fixed SVG hash salt."""
    import matplotlib

    with _STYLE_LOCK, matplotlib.rc_context(_STABLE_RC):
        yield


def format_from_suffix(path: str | os.PathLike, allowed: tuple[str, ...], field: str) -> str:
    """The output format a file name asks for (its suffix), or a one-line
    InputError naming the option (`field`) when the suffix is not one of `allowed`."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in allowed:
        wanted = " or ".join(f".{s}" for s in allowed)
        shown = f"'.{suffix}'" if suffix else "no suffix"
        raise InputError(f"{shown} is not an output format here: use {wanted}", file=str(path), field=field)
    return suffix


def figure_bytes(fig, fmt: FigureFormat, *, title: str | None = None) -> bytes:
    """The figure as PNG or SVG bytes, identical for identical figures.

    Saved at the figure's own dpi and size (no tight bounding box), so the
    axes' data-to-pixel transform after saving is the one in the file."""
    if fmt not in FIGURE_FORMATS:
        raise InputError(f"{fmt!r} is not a figure format: use png or svg", field="format")
    metadata = dict(_METADATA[fmt])
    if title:
        metadata["Title"] = title
    buffer = io.BytesIO()
    with stable_style():
        fig.savefig(buffer, format=fmt, dpi=fig.dpi, metadata=metadata)
    return buffer.getvalue()


def save_figure(fig, path: str | os.PathLike, *, field: str = "path", title: str | None = None) -> Path:
    """Render the figure in the format its suffix names (.png, .svg) and
    write it atomically; returns the path."""
    fmt = format_from_suffix(path, FIGURE_FORMATS, field)
    return write_atomic(path, figure_bytes(fig, fmt, title=title), field=field)


def check_writable(path: str | os.PathLike, field: str) -> None:
    """Refuse early (before any work) a path whose directory is missing."""
    # A name too long for the system (is_dir() passes on ENAMETOOLONG) or with a NUL byte is
    # refused here too, before the work, not after it.
    with refused_path(path, doing="write here", field=field):
        parent = Path(path).resolve().parent
        if not parent.is_dir():
            raise InputError(f"directory {parent} does not exist", file=str(path), field=field)
        if Path(path).is_dir():
            raise InputError("is a directory, not a file name", file=str(path), field=field)


def _mode_for(target: Path) -> int:
    """An existing file's own mode (a 0600 file stays private), else what
    the user's umask leaves of 0666, as open() would."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    # Read, not set and reset: os.umask() changes the whole process, threads included.
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: str | os.PathLike, data: bytes | str, *, field: str = "path") -> Path:
    """Write `data` to `path` through a temporary file and a rename.  An
    unwritable place is bad input (an InputError naming `field`)."""
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with refused_path(path, doing="write here", field=field):
        handle, temporary = tempfile.mkstemp(dir=target.resolve().parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        # mkstemp makes 0600: give the file the mode the user would get from any program.
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
    except BaseException as exc:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise InputError(f"cannot write here: {exc.strerror}", file=str(path), field=field) from exc
        raise
    return target
