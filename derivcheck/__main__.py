"""`python -m derivcheck`: the same as the `derivcheck` command."""

from derivcheck.cli import main

main()
