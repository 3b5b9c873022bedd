"""The documents stage: headline, outlet, dateline, publication time and zone, body, language, ids."""

from .build import build_article, content_hash, text_for_parsing
from .language import detect_language

__all__ = ["build_article", "content_hash", "detect_language", "text_for_parsing"]
