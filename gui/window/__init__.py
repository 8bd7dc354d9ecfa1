"""The main window: owns the features, connects them, and keeps their dialogs and actions.

Docstring only: importing one module must not load its neighbours."""
