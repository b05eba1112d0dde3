"""Points where g may not be differentiable: continuity, one-sided derivatives, declared and framework values."""
