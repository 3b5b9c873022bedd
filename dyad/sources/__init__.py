"""dyad.sources"""
