"""Wirewatch: a live, queryable, explainable picture of the world from news articles.

    import wirewatch
    ww = wirewatch.open("./wirewatch-data")
    ww.ingest(["articles/"])
    ww.articles(q="Blinken")      # a pandas DataFrame
"""

from wirewatch.api import Wirewatch, open

__all__ = ["Wirewatch", "open"]
__version__ = "0.1.0"
