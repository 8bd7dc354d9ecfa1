"""The conversation store: SQLite schema, conversations and messages, search, checks (Qt-free).

Docstring only: importing one module must not load its neighbours."""
