"""PySide6 widgets and Qt item models. ``ui.app`` is the composition root; everything here may import desktop/."""
