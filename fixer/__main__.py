"""`python -m fixer` runs the command line."""

from fixer.entry import main

main()
