"""``python -m desktop`` is the same as the ``autocall`` console script."""

from desktop.cli import main

raise SystemExit(main())
