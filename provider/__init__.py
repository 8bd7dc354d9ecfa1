"""Provider placeholder during bootstrap."""
