"""Export to Markdown and JSON: the Qt-free formats (also used by `replicate-chat export`)
and the window's export flow.

Docstring only: importing one module must not load its neighbours."""
