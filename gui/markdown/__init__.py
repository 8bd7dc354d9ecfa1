"""Markdown to HTML and plain text, code highlighting and the streaming splitter (Qt-free).

Docstring only: importing one module must not load its neighbours."""
