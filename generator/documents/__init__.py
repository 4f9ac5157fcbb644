"""Document kinds: one module each, saying what data it needs, which template it
uses and how its context is built. `build.py` runs them all."""
