"""`make bench`: benchmarks against the peers and the practical limit (not collected by pytest).

Each part runs in its own process (`python -m tests.benchmarks.<part> --out FILE`) and writes
its figures as JSON; `python -m tests.benchmarks` runs them all and prints one table. Figures,
never pass/fail: nothing here fails CI on speed.
"""
