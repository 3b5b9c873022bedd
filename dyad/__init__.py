"""dyad: verifiable political event data from news reports.

Who did what to whom, when, where, and according to whom, coded in PLOVER with a CAMEO code
beside it, every record traceable to its sentence. See README.md for the command line; the
Python API mirrors it:

    import dyad
    dyad.code_text("Russia and China held talks on Monday.", date="2024-05-15")
    dyad.ingest(["articles/"], db="events.duckdb")
    with dyad.open_store("events.duckdb") as store:
        store.events(dyad.parse_filter(dyad="RUS:*"))
"""

from .api import code_text, ingest
from .errors import DyadError
from .query import EventFilter, parse_filter
from .store import Store, open_store
from .version import __version__

__all__ = ["DyadError", "EventFilter", "Store", "code_text", "ingest", "open_store", "parse_filter", "__version__"]
