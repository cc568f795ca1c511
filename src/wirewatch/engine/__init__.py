"""Engines orchestrate the boxes: `local` is the embedded default (one machine)."""
