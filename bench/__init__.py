"""Benchmarks of Tremplin at federation scale (``make bench``); see ``RESULTS.md``."""
