"""The proof engine: pure functions from sympy problems to result data (it never prints)."""
