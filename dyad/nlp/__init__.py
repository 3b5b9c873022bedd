"""dyad.nlp"""
