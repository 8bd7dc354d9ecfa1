"""Start-up: the command that opens the window, the event loop, logging, crashes, one instance.

Docstring only: importing one module must not load its neighbours."""
