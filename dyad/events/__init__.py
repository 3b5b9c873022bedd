"""dyad.events"""
