"""dyad.engine"""
