"""Files: atomic writes (a reader sees the old file or the new one, never half of one), content hashes, article listings."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from geo.text import ARTICLE_SUFFIXES

__all__ = ["article_files_in", "atomic_write_bytes", "atomic_write_text", "sha256_hex"]


def sha256_hex(content: str | bytes) -> str:
    """The SHA-256 of bytes, or of a text's UTF-8: the one content hash of articles, data files and snapshots.

    >>> sha256_hex("") == sha256_hex(b"") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    True
    """
    return hashlib.sha256(content.encode("utf-8") if isinstance(content, str) else content).hexdigest()


def article_files_in(folder: Path) -> list[Path]:
    """The article files (.txt, .md, .html, .htm) directly in ``folder``, sorted by name; none if it is missing."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> atomic_write_bytes(p, b"hi").read_bytes()
    b'hi'
    """
    path = Path(path)
    mode = 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def atomic_write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write UTF-8 ``text`` atomically (see :func:`atomic_write_bytes`)."""
    return atomic_write_bytes(path, text.encode("utf-8"))


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
