"""PySide6 widgets and Qt item models. ``ui.app`` is the composition root; everything here may import desktop/.

A process that uses ui/ runs no automatic cyclic garbage collection: it would run on whichever thread allocates,
and a Qt object collected off the GUI thread leaves its timers behind. The window collects on the GUI thread instead
(ui/platform/gc_on_gui_thread.py) once it is up, so start-up, which builds what lives as long as the window (a few
hundred modules and Qt's enums), does without collections that would find almost nothing."""

import gc

gc.disable()
