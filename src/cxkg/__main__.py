"""``python -m cxkg`` runs the command line."""

from .cli import run

run()
