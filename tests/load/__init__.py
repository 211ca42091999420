"""The load test (issue 16): N concurrent Chromium sessions against one dashboard.

Run on demand, never collected by pytest (no test_*.py here):

    .venv/bin/python -m tests.load --sessions 5,10,20 --rounds 3 --scale 25
    .venv/bin/python -m tests.load --sessions 2 --rounds 1 --data-dir sample_data   # a quick try

See sessions.py for what is measured and docs/operations.md for how to read it.
"""
