"""The one flow: raw documents -> articles -> parsed docs -> events, as a library.

`Coder` holds the loaded pipeline and vocabularies (loaded once per process) and codes
articles in batches through spaCy's `nlp.pipe`. Everything else (CLI, engines, API) calls this.

Long articles: spaCy refuses a text over `nlp.max_length` (1,000,000 characters by default),
its parser needs about 1 GB of working memory per 100,000 characters, and the coder's work on
one Doc grows faster than its length (`doc.ents` is rebuilt for each event). An article longer
than `PIECE_CHARS` (the longest of the development corpus has 53,372 characters) is therefore parsed and coded in pieces cut at paragraph ends; each
mention is then moved onto one `Doc` of the whole article (`Doc.from_docs` of the pieces, whose
text is the article's text), so sentence numbers and character offsets stay relative to the
whole article, and the events of all pieces are fused together. Who "he" is and the story's
running date do not carry over from one piece to the next. An article over `MAX_ARTICLE_CHARS`
is no news article (a book, a log, a whole site in one record): it is recorded as a failure and
the batch goes on.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date

from spacy.tokens import Doc

from .actors.dictionaries import DictionaryIndex
from .actors.resolve import ActorResolver
from .documents import build_article, text_for_parsing
from .errors import DyadError
from .events.coder import EventCoder
from .events.learned import LearnedStep, learned_step, model_hash
from .events.mention import Mention
from .fusion import fuse
from .models import Article, CodedArticle, Failure, RawDocument
from .nlp import load_pipeline
from .nlp.prepass import EventSentenceFilter, Selection
from .version import coder_version

PIECE_CHARS = 60_000
MAX_ARTICLE_CHARS = 1_000_000
PARSE_CHARS = 12_000
"""Characters the parser takes at once. spaCy pads a batch to its longest text, so one long
story in a batch of 32 made the whole batch's arrays long. Measured in one process (same events):
1,100 BBC stories, peak memory 634 -> 448 MB and CPU time 73.8 -> 70.9 s; 1,500 Reuters stories,
466 -> 406 MB and 34.8 -> 31.9 s (6,000 characters cost more time than it saved memory)."""


def split_for_parsing(text: str, limit: int = PIECE_CHARS) -> list[str]:
    """Cut `text` into pieces of at most `limit` characters whose concatenation is `text`.

    Each cut is after the last line break before the limit (a paragraph end: a sentence never
    spans two pieces), or failing that after the last sentence end or space, or at the limit."""
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = window.rfind("\n") + 1
        if cut <= 0:
            cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! ")) + 2
        if cut <= 1:
            cut = window.rfind(" ") + 1
        if cut <= 0:
            cut = limit
        pieces.append(window[:cut])
        start += cut
    pieces.append(text[start:])
    return pieces


class Coder:
    def __init__(self, model: str | None = None, batch_size: int = 32, events: EventCoder | None = None,
                 dictionary: DictionaryIndex | None = None, learned: bool = True, prepass: bool | None = None):
        self.nlp = load_pipeline(model)
        self.events = events or EventCoder(resolver=ActorResolver(dictionary=dictionary),
                                           pair_step=learned_step() if learned else None)
        self.batch_size = batch_size
        self.stats = {"sentences_parsed": 0, "sentences_skipped": 0}  # running totals, read by the engine
        step = self.events.pair_step
        if prepass is None:  # DYAD_PREPASS=0 parses every sentence (to measure what the pre-pass costs)
            prepass = os.environ.get("DYAD_PREPASS", "1") != "0"
        self.prepass = EventSentenceFilter.for_coder(self.nlp) if prepass else None
        self.version = coder_version(model_hash() if isinstance(step, LearnedStep) else None)

    def code_article(self, article: Article) -> CodedArticle:
        result = next(iter(self.code_articles([article])))
        if isinstance(result, Failure):
            raise DyadError(result.reason, item=result.where)
        return result

    def code_articles(self, articles: Iterable[Article]) -> Iterator[CodedArticle | Failure]:
        """Code articles lazily, parsing them in batches; order is kept."""
        pending: list[Article] = []
        for article in articles:
            pending.append(article)
            if len(pending) >= self.batch_size:
                yield from self._batch(pending)
                pending = []
        if pending:
            yield from self._batch(pending)

    def _select(self, text: str) -> Selection | None:
        """What of `text` to parse: the pre-pass's selection, or None to parse all of it."""
        if self.prepass is None or len(text) > PIECE_CHARS:
            return None
        # the pre-pass keeps only sentences the rules could code; a trained step that adds events
        # where the rules found none (add_new_threshold <= 1) needs every sentence parsed
        if getattr(getattr(self.events.pair_step, "model", None), "add_new_threshold", 2.0) <= 1.0:
            return None
        try:
            return self.prepass.select(text)
        except Exception:  # noqa: BLE001 - the pre-pass only saves time: on any surprise, parse everything
            return None

    def _parse(self, texts: list[str]) -> Iterator[Doc]:
        """Parse `texts` in order, in runs of about PARSE_CHARS characters (at least one text)."""
        run: list[str] = []
        size = 0
        for text in texts:
            if run and size + len(text) > PARSE_CHARS:
                yield from self.nlp.pipe(run, batch_size=len(run))
                run, size = [], 0
            run.append(text)
            size += len(text)
        if run:
            yield from self.nlp.pipe(run, batch_size=len(run))

    def _batch(self, articles: list[Article]) -> Iterator[CodedArticle | Failure]:
        texts = [text_for_parsing(a) for a in articles]
        selections = [self._select(text) for text in texts]
        to_parse = {i: (sel.text if sel else texts[i]) for i, sel in enumerate(selections)
                    if len(texts[i]) <= PIECE_CHARS and (sel is None or sel.kept)}  # long ones: _long_mentions
        try:
            parsed = dict(zip(to_parse, self._parse(list(to_parse.values())), strict=True))
        except Exception:  # noqa: BLE001 - parse one by one below, so only the bad article fails
            parsed = {}
        for i, article in enumerate(articles):
            try:
                selection = selections[i]
                if len(texts[i]) > PIECE_CHARS:
                    mentions = self._long_mentions(article, texts[i])
                elif selection is not None and not selection.kept:
                    self.stats["sentences_skipped"] += selection.dropped
                    mentions = []  # no sentence could hold an event: nothing to parse
                else:
                    doc = parsed.pop(i, None) or self.nlp(to_parse[i])
                    if selection is None:
                        self.stats["sentences_parsed"] += sum(1 for s in doc.sents if any(t.is_alpha for t in s))
                    mentions = self.events.mentions(article, doc)
                    if selection is not None:
                        self.stats["sentences_parsed"] += selection.kept
                        self.stats["sentences_skipped"] += selection.dropped
                        mentions = _numbered(mentions, selection)
                yield CodedArticle(article, tuple(fuse(article, mentions, self.version)))
            except _TooLong as exc:
                yield Failure(article.origin, str(exc), article.position, stage="code")
            except Exception as exc:  # noqa: BLE001 - one article's bug must not stop the batch
                yield Failure(article.origin, f"coding failed ({exc.__class__.__name__}: {exc}); please report it "
                              "with this article", article.position, stage="code")

    def _long_mentions(self, article: Article, text: str) -> list[Mention]:
        """The mentions of a long article, coded piece by piece and moved onto one Doc of it."""
        if len(text) > MAX_ARTICLE_CHARS:
            raise _TooLong(f"article is {len(text):,} characters, over the {MAX_ARTICLE_CHARS:,}-character limit "
                           "for one article (is it a whole site or a book?): split it into articles")
        pieces: list[Doc] = []
        per_piece: list[list[Mention]] = []
        for piece in self.nlp.pipe(split_for_parsing(text), batch_size=1):
            pieces.append(piece)
            per_piece.append(self.events.mentions(article, piece))
        whole = Doc.from_docs(pieces, ensure_whitespace=False)
        if whole.text != text:
            raise ValueError("the pieces of a long article do not join back to its text")
        mentions: list[Mention] = []
        tokens_before = sentences_before = 0
        for piece, found in zip(pieces, per_piece, strict=True):
            for m in found:
                sentence = whole[m.sentence.start + tokens_before:m.sentence.end + tokens_before]
                mentions.append(replace(m, sentence=sentence, sentence_index=m.sentence_index + sentences_before))
            tokens_before += len(piece)
            sentences_before += sum(1 for s in piece.sents if any(t.is_alpha for t in s))
        return mentions


def _numbered(mentions: list[Mention], selection: Selection) -> list[Mention]:
    """Mentions numbered by their sentence in the whole article: the coder counted only the kept ones."""
    out = []
    for m in mentions:
        first = next((t.idx for t in m.sentence if not t.is_space), m.sentence.start_char)
        out.append(replace(m, sentence_index=selection.sentence_number(first)))
    return out


class _TooLong(Exception):
    """An article too long to code; recorded as a failure, never a bug."""


def article_from_text(text: str, *, story_date: date | str | None = None, article_id: str | None = None,
                      layout: str = "body") -> Article:
    published = story_date.isoformat() if isinstance(story_date, date) else story_date
    raw = RawDocument(origin="text", text=text, layout=layout, id=article_id, published=published)
    return build_article(raw)
