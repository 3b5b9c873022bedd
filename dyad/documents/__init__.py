"""dyad.documents"""
