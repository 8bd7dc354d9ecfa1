"""The window's dialogs: settings, model picker, API token, keyboard shortcuts.

Docstring only: importing one module must not load its neighbours."""
