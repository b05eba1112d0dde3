"""Decide a claim: counterexamples first, then an exact symbolic proof that the numbers must confirm."""
