"""PyInstaller's entry script: the same ``ui.app:main`` the ``autocall-desk`` console script runs."""

import sys

from ui.app import main

if __name__ == "__main__":
    sys.exit(main())
