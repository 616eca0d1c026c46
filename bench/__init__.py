"""Benchmarks, run on demand with `make bench`. They print figures; they never assert."""
