"""The expression language: safe spec text to sympy expressions (the only place text becomes sympy)."""
