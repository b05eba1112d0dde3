"""Result data, typed: what a run found (verdicts, checks, kinks) and what `derive` and `show` explain."""
