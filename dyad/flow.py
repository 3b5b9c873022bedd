"""The one flow: raw documents -> articles -> parsed docs -> events, as a library.

`Coder` holds the loaded pipeline and vocabularies (loaded once per process) and codes
articles in batches through spaCy's `nlp.pipe`. Everything else (CLI, engines, API) calls this.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from .actors.dictionaries import DictionaryIndex
from .actors.resolve import ActorResolver
from .documents import build_article, text_for_parsing
from .errors import DyadError
from .events.coder import EventCoder
from .events.learned import LearnedStep, learned_step, model_hash
from .fusion import fuse
from .models import Article, CodedArticle, Failure, RawDocument
from .nlp import load_pipeline
from .version import coder_version


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
        docs = self.nlp.pipe((text_for_parsing(a) for a in articles), batch_size=self.batch_size)
        for article, doc in zip(articles, docs, strict=True):
            try:
                mentions = self.events.mentions(article, doc)
                yield CodedArticle(article, tuple(fuse(article, mentions, self.version)))
            except Exception as exc:  # noqa: BLE001 - one article's bug must not stop the batch
                yield Failure(article.origin, f"coding failed ({exc.__class__.__name__}: {exc}); please report it "
                              "with this article", article.position, stage="code")


def article_from_text(text: str, *, story_date: date | str | None = None, article_id: str | None = None,
                      layout: str = "body") -> Article:
    published = story_date.isoformat() if isinstance(story_date, date) else story_date
    raw = RawDocument(origin="text", text=text, layout=layout, id=article_id, published=published)
    return build_article(raw)
