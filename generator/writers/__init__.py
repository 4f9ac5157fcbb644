"""Writers: bytes of finished documents, deterministic, put in place atomically."""
