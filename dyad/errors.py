"""dyad's exception tree, error codes and the exit codes of every command.

Every message names the item and says what was wrong and what to do, on one line, with a code
that the table below explains. Catch `DyadError` to handle anything dyad raises on purpose. The
command line reports anything else (a bug) as `E900` on one line; DYAD_DEBUG=1 shows its traceback.

Error codes:

    E000  a DyadError raised without a more precise class (the base class's code)
    E100  input: an item or argument could not be read or is not valid
    E101    empty input
    E102    binary data where text was expected
    E103    malformed input (bad JSON, corrupt gzip, over a size limit)
    E104    unsupported input kind
    E200  document: the item was read but is not a usable article (no body)
    E201    not English: skipped and counted, not a failure
    E300  settings, model or data files are wrong or missing
    E301    the spaCy pipeline is not installed
    E302    a feature needs an optional extra that is not installed (the message names it)
    E400  the database could not be opened or written, or does not exist
    E401    a filter or query parameter is invalid
    E900  internal error: a bug in dyad (the command line's last line of defence)

Exit codes, the same for every command (docs/EXIT_CODES.md):

    0    done; every item or query was handled (items skipped as duplicates or as not English count
         as handled)
    1    done, but some of what was asked failed: `actors resolve --file` answered every line and
         some answers carry an "error"; `ingest` read nothing at all (every item failed, or no
         article was found: an empty directory); each failure is reported on its own line, and
         `ingest` records it (see `dyad failures`)
    2    nothing was done: a usage error, an unreadable argument, a missing database (the message
         starts with "error" and an E-code)
    3    internal error E900, a bug: please report it
    130  interrupted (Ctrl-C); what was stored before stays stored, and running again resumes


    DyadError
    ├── InputError            an item could not be read (empty, binary, malformed, unsupported)
    │   └── DocumentError     an item was read but is not a usable article (no body, bad date)
    ├── ConfigError           settings, model or data files are wrong or missing
    │   └── MissingExtra      an optional extra (api, postgres, cluster) is not installed
    └── StoreError            the database could not be opened or written
        └── QueryError        a filter or query parameter is invalid
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_ERROR = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130


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
