"""The spec loader: YAML files to checked, located `Spec` data (the only package that reads YAML)."""
