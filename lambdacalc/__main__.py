"""`python -m lambdacalc` runs the CLI."""

from lambdacalc.cli import main

main()
