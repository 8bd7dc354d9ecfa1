"""One message in the chat view: its data, widget, rendered body and question editor.

Docstring only: importing one module must not load its neighbours."""
