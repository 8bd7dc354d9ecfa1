"""The conversation list with search, rename, delete and undo.

Docstring only: importing one module must not load its neighbours."""
