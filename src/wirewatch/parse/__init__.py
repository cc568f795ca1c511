"""The parse box: raw bytes from a source → `Article`s (or `Reject`s), never an exception.

Entry point: `parse_document(doc, options)`. One RawDocument may hold many articles (JSONL,
CSV, a feed), so it yields; a bad line yields a Reject and the rest goes on.
"""
