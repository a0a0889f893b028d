"""``python -m tui`` runs the same CLI as ``tandem``."""

from tui.cli import main

main()
