"""dyad's open annotated corpus: article texts located in ../shared/corpus, annotations anchored
to them by character offsets and span hashes (never the text itself), splits, agreement.

The texts are not openly licensed, so the repository keeps only what points into them; anything
that needs the words (training, evaluation) reads them from the shared corpus at run time and
checks every span's hash, so a changed text is caught instead of silently misaligned.
"""
