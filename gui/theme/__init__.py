"""Light and dark themes: palettes, colours, the outlined style, chat styles and glyphs.

Docstring only: importing one module must not load its neighbours."""
