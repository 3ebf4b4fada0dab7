"""Pure image steps: decode, segment, refine, compose, enhance, frame, export.

Nothing here imports the web app or the database, so the steps run the same in a worker, the
CLI, the tests and the benchmarks.
"""
