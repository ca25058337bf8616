"""Mail handlers (third level)."""
