"""Small helpers that import nothing else from `gui`: paths, files, resources, languages.

Docstring only: importing one module must not load its neighbours."""
