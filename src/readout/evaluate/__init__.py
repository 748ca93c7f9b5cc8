"""Score readout (or any system) against gold labels, as ``../shared/corpus/SCHEMA.md`` "Scoring" says.

- ``matching``: when a predicted string counts as a gold one; one-to-one matching.
- ``scoring``: the field scorers, per-article results and the micro-averaged ``Report``.
- ``reading``: gold files, corpora, running a reader over them.
- ``validation``: the sets nothing is tuned on (the dev split, the archive set) and their fingerprints.
- ``reporting``: terminal tables, tuning and validation side by side, Markdown.
- ``gate``: accuracy floors pinned to gold fingerprints (``tests/test_eval_gate.py``).

The ``readout eval`` command lives in ``readout.cli.evaluate``.
"""

from readout.evaluate.matching import (
    formulation_matches,
    normalize,
    post_family,
    post_matches,
)
from readout.evaluate.reading import (
    evaluate,
    evaluate_predictions,
    evaluate_rows,
    load_gold,
    prediction_from_documents,
    source_categories,
)
from readout.evaluate.scoring import (
    FIELDS,
    Counts,
    FileResult,
    PredEvent,
    PredFormulation,
    Prediction,
    PredOfficial,
    Report,
    Scored,
    score_event_labels,
    score_events,
    score_file,
    score_formulations,
    score_official_names,
    score_officials,
    score_speakers,
)

__all__ = [
    "FIELDS", "Counts", "FileResult", "PredEvent", "PredFormulation", "PredOfficial", "Prediction", "Report",
    "Scored", "evaluate", "evaluate_predictions", "evaluate_rows", "formulation_matches", "load_gold", "normalize",
    "post_family", "post_matches", "prediction_from_documents", "score_event_labels", "score_events", "score_file",
    "score_formulations", "score_official_names", "score_officials", "score_speakers", "source_categories",
]
