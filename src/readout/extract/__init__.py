"""Extraction stages: each a pure function from text (and earlier stages' output) to annotations.

Stages read ``norm`` — the clean text converted to simplified characters with the
same length — and return objects whose spans point into the clean text.
"""
