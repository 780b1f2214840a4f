"""The one hierarchy of errors that Borderwatch raises on purpose.

Every message names the bad value, says what is allowed and what to do, so that
the CLI can print it as one line (exit code 2) and the dashboard as ``st.error``.

>>> raise ArticleError("seeds/x.bin: binary data (NUL bytes); give a text file (.txt, .md, .html)")
Traceback (most recent call last):
...
geo.errors.ArticleError: seeds/x.bin: binary data (NUL bytes); give a text file (.txt, .md, .html)
"""

import errno

__all__ = [
    "ArticleError",
    "AssetsError",
    "BorderwatchError",
    "DataError",
    "GeocoderError",
    "GoldError",
    "StoreError",
    "UsageError",
    "os_reason",
    "shown",
]


class BorderwatchError(Exception):
    """Base class: a problem the user can fix, with a message that says how.

    Each subclass also derives from the builtin error it resembles, so that code which knows nothing of
    Borderwatch can still catch it: a bad value is a :class:`ValueError`, a file, disk or network problem an
    :class:`OSError`.

    >>> issubclass(UsageError, ValueError), issubclass(StoreError, OSError)
    (True, True)
    """


class ArticleError(BorderwatchError, ValueError):
    """An article cannot be read: missing, empty, binary, undecodable or too large."""


class DataError(BorderwatchError, OSError):
    """The embedded data (data/) or the web assets are missing or inconsistent."""


class AssetsError(DataError):
    """The offline web assets (static/vendor) are missing or cannot be fetched."""


class GeocoderError(BorderwatchError, OSError):
    """An online geocoder failed (no answer, refused, rate-limited)."""


class UsageError(BorderwatchError, ValueError):
    """A command or function was called with a value it does not accept."""


class GoldError(BorderwatchError, ValueError):
    """A gold (hand-annotated) file for ``evaluate`` is malformed: the message names the article and the field."""


class StoreError(BorderwatchError, OSError):
    """The store cannot be opened or written: locked for too long, not a Borderwatch store, newer schema,
    damaged, read-only or on a full disk. The message says which, and what to do."""


_INVISIBLE = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Bidirectional controls: in a terminal they reorder what follows ("txt.exe" shown as "exe.txt")."""


def shown(value: object) -> str:
    """A user-supplied value (a file name, a path) for a one-line message: control characters, line and
    paragraph separators and bidirectional controls as visible escapes, everything else as it is.

    >>> shown("bad\\nname\\u202e.txt")
    'bad\\\\nname\\\\u202e.txt'
    >>> shown("Kŭlob report.txt")
    'Kŭlob report.txt'
    """
    text = str(value)
    if text.isprintable() and not _INVISIBLE.intersection(text):
        return text
    return "".join(_escape(c) if _hidden(c) else c for c in text)


def _hidden(char: str) -> bool:
    return char in _INVISIBLE or (not char.isprintable() and char != " ")


def _escape(char: str) -> str:
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    if char in named:
        return named[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def os_reason(error: OSError) -> str:
    """An operating system error in a few words, for a message.

    >>> import errno
    >>> os_reason(OSError(errno.ENOSPC, "No space left on device"))
    'the disk is full'
    """
    if error.errno == errno.ENOSPC:
        return "the disk is full"
    if error.errno == errno.EROFS:
        return "the disk is read-only"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return (error.strerror or str(error)).lower()
