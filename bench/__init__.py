"""Benchmark scripts (run them as `python bench/<name>.py`); `bench.report` is what they share."""
