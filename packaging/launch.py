"""PyInstaller's entry script: the same ``ui.app:main`` the ``autocall-desk`` console script runs, or, given
:data:`~desktop.contacts.workbook.CHILD_FLAG`, the workbook reader's child process (an installed app has no
Python interpreter of its own to start it with)."""

import sys

from desktop.contacts import workbook

if __name__ == "__main__":
    if sys.argv[1:] == [workbook.CHILD_FLAG]:
        workbook.main()
        sys.exit(0)
    from ui.app import main

    sys.exit(main())
