"""Files: atomic writes (a reader sees the old file or the new one, never half of one), content hashes, article listings.

Named ``files``, not ``io``, so that it never stands for the standard library's :mod:`io`.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from geo.errors import os_reason
from geo.text import ARTICLE_SUFFIXES

__all__ = ["article_files_in", "article_files_under", "atomic_write_bytes", "atomic_write_text", "sha256_hex"]


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


def article_files_under(paths: Iterable[str | os.PathLike[str]], suffixes: tuple[str, ...] = ARTICLE_SUFFIXES) -> Iterator[tuple[Path, str | None]]:
    """Each article file of ``paths`` (files, or folders walked with their subfolders, sorted), with the problem
    found while listing its folder (None if none): what `ingest` reads.

    Inside a folder every entry named like an article (``suffixes``: :data:`geo.text.ARTICLE_SUFFIXES` unless
    told otherwise, e.g. with the tables of :mod:`geo.corpus`) counts, links included
    (a broken link or a loop is then reported by :func:`geo.text.read_article_bytes`); a subfolder that cannot be
    listed is reported too. Linked folders are not followed. A path that is not a folder is given as it is.
    """
    for path in map(Path, paths):
        if not path.is_dir():
            yield path, None
            continue
        found: list[tuple[Path, str | None]] = []

        def unlisted(error: OSError, top: Path = path) -> None:
            found.append((Path(error.filename or top), f"cannot list this folder ({os_reason(error)}); make it readable (chmod u+rx) or leave it out"))

        for folder, _, names in os.walk(path, onerror=unlisted):
            found.extend((Path(folder) / name, None) for name in names if Path(name).suffix.lower() in suffixes)
        yield from sorted(found, key=lambda item: item[0])


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
