"""`python -m wirewatch …` runs the same CLI as the `wirewatch` command."""

from wirewatch.cli import main

if __name__ == "__main__":
    main()
