"""Small widgets and Qt helpers shared by the features.

Docstring only: importing one module must not load its neighbours."""
