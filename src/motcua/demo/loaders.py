"""The demo loaders, in dependency order. Each is idempotent and returns a one-line report."""

LOADERS: list = []
