"""Claims of several variables: losses (dL/dz, dL/dy), vector activations (Jacobians for every n), constraints."""
