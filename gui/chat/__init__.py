"""The conversation on screen: the view, its messages, the composer and the streaming session.

Docstring only: importing one module must not load its neighbours."""
