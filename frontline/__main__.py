"""Allow ``python -m frontline``."""

from frontline.cli import main

raise SystemExit(main())
