"""dyad.analysis: the questions analysts ask of stored events and incidents, as library functions.

Filters (`filters.py`), the records of a unit (`records.py`), counts over time (`trend.py`), the
actor network (`network.py`), the most active dyads, actors, types and months (`top.py`), the
export layouts analysts load (`exports.py`) and the charts (`plot.py`, the `charts` extra).
`dyad.api` calls these; the CLI and the web app call `dyad.api`.
"""
