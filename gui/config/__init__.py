"""Settings and their validation (Qt-free), and the API token in the system keyring.

Docstring only: importing one module must not load its neighbours."""
