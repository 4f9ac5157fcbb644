"""Readers: YAML and Excel files -> validated model objects, with locations for errors."""
