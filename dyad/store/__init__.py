"""dyad.store"""
