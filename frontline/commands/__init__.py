"""One module per ``frontline`` sub-command, each with ``add_arguments`` and ``run``."""
