"""dyad's exception tree.

Every message names the item and says what was wrong and what to do, on one line, with a code
(`E1xx` input, `E2xx` documents, `E3xx` models and settings, `E4xx` store and queries) that the
docs explain. Catch `DyadError` to handle anything dyad raises on purpose. The command line
reports anything else (a bug) as `E900` on one line; DYAD_DEBUG=1 shows its traceback.


    DyadError
    ├── InputError            an item could not be read (empty, binary, malformed, unsupported)
    │   └── DocumentError     an item was read but is not a usable article (no body, bad date)
    ├── ConfigError           settings, model or data files are wrong or missing
    │   └── MissingExtra      an optional extra (api, postgres, cluster) is not installed
    └── StoreError            the database could not be opened or written
        └── QueryError        a filter or query parameter is invalid
"""

from __future__ import annotations


class DyadError(Exception):
    """Base of everything dyad raises on purpose."""

    code = "E000"

    def __init__(self, message: str, *, item: str | None = None) -> None:
        self.item = item
        self.message = message
        super().__init__(f"[{self.code}] {item}: {message}" if item else f"[{self.code}] {message}")


class InputError(DyadError):
    code = "E100"


class EmptyInput(InputError):
    code = "E101"


class BinaryInput(InputError):
    code = "E102"


class MalformedInput(InputError):
    code = "E103"


class UnsupportedInput(InputError):
    code = "E104"


class DocumentError(InputError):
    code = "E200"


class UnsupportedLanguage(DocumentError):
    """Not a failure: the item is skipped and counted, because dyad only codes English."""

    code = "E201"


class ConfigError(DyadError):
    code = "E300"


class ModelNotFound(ConfigError):
    code = "E301"


class MissingExtra(ConfigError):
    """A feature needs an optional dependency group that is not installed; says which to install."""

    code = "E302"

    def __init__(self, message: str, *, extra: str, item: str | None = None) -> None:
        self.extra = extra
        super().__init__(message, item=item)


class StoreError(DyadError):
    code = "E400"


class QueryError(StoreError):
    code = "E401"
