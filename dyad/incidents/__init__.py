"""dyad.incidents: one real-world incident, many reports.

A stage over stored event records (never re-parsing articles): groups the mentions of one
event across articles and outlets into incidents, kept in the store beside the events
(docs/INCIDENTS.md). `update_incidents(store)` runs after every ingest.
"""

from .params import IncidentParams, load_params
from .stage import IncidentUpdate, update_incidents

__all__ = ["IncidentParams", "IncidentUpdate", "load_params", "update_incidents"]
