"""Replicate Chat: the desktop application (PySide6 on a qasync event loop)."""
