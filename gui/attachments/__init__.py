"""Files attached to questions: reading images and documents, and the chips that show them.

Docstring only: importing one module must not load its neighbours."""
