"""The one hierarchy of errors that Borderwatch raises on purpose.

Every message names the bad value, says what is allowed and what to do, so that
the CLI can print it as one line (exit code 2) and the dashboard as ``st.error``.

>>> raise ArticleError("seeds/x.bin: binary data (NUL bytes); give a text file (.txt, .md, .html)")
Traceback (most recent call last):
...
geo.errors.ArticleError: seeds/x.bin: binary data (NUL bytes); give a text file (.txt, .md, .html)
"""


class BorderwatchError(Exception):
    """Base class: a problem the user can fix, with a message that says how."""


class ArticleError(BorderwatchError):
    """An article cannot be read: missing, empty, binary, undecodable or too large."""


class DataError(BorderwatchError):
    """The embedded data (data/) or the web assets are missing or inconsistent."""


class AssetsError(DataError):
    """The offline web assets (static/vendor) are missing or cannot be fetched."""


class GeocoderError(BorderwatchError):
    """A geocoder was misconfigured or an online geocoder failed."""


class UsageError(BorderwatchError):
    """A command or function was called with a value it does not accept."""


class GoldError(BorderwatchError):
    """A gold (hand-annotated) file for ``evaluate`` is malformed: the message names the article and the field."""
