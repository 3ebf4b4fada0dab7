"""Benchmarks and evaluations: run from the repository root, e.g. `python -m bench.speech_wer`."""
