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
from .version import coder_version

PIECE_CHARS = 60_000
MAX_ARTICLE_CHARS = 1_000_000


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
                 dictionary: DictionaryIndex | None = None, learned: bool = True):
        self.nlp = load_pipeline(model)
        self.events = events or EventCoder(resolver=ActorResolver(dictionary=dictionary),
                                           pair_step=learned_step() if learned else None)
        self.batch_size = batch_size
        step = self.events.pair_step
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

    def _batch(self, articles: list[Article]) -> Iterator[CodedArticle | Failure]:
        texts = [text_for_parsing(a) for a in articles]
        short = [i for i, text in enumerate(texts) if len(text) <= PIECE_CHARS]  # long ones: _long_mentions
        try:
            parsed = dict(zip(short, self.nlp.pipe((texts[i] for i in short), batch_size=self.batch_size),
                              strict=True))
        except Exception:  # noqa: BLE001 - parse one by one below, so only the bad article fails
            parsed = {}
        for i, article in enumerate(articles):
            try:
                if len(texts[i]) > PIECE_CHARS:
                    mentions = self._long_mentions(article, texts[i])
                else:
                    doc = parsed.pop(i, None) or self.nlp(texts[i])
                    mentions = self.events.mentions(article, doc)
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


class _TooLong(Exception):
    """An article too long to code; recorded as a failure, never a bug."""


def article_from_text(text: str, *, story_date: date | str | None = None, article_id: str | None = None,
                      layout: str = "body") -> Article:
    published = story_date.isoformat() if isinstance(story_date, date) else story_date
    raw = RawDocument(origin="text", text=text, layout=layout, id=article_id, published=published)
    return build_article(raw)
