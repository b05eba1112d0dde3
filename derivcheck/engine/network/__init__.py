"""Network specs: backward equations over matrices, checked entry by entry at fixed sizes."""
