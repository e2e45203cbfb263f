"""The demo loaders, in dependency order. Each is idempotent and returns a one-line report."""

from .accounts import load_applicants
from .staff import load_staff

LOADERS: list = [load_applicants, load_staff]
