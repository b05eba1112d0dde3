"""Explanations: derivatives step by step, output forms, hand derivations and the hints for a refuted claim."""
