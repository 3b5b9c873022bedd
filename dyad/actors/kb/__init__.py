"""Office-holder knowledge base: people in office by date, and parties, each row with its source.

Built by `python -m dyad.actors.kb.build` from the sources named in NOTICE.txt; read by `lookup`.
"""
