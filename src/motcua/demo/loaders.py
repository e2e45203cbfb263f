"""The demo loaders, in dependency order. Each is idempotent and returns a one-line report."""

from .accounts import load_applicants
from .catalogue import load_catalogue
from .results import load_result_templates
from .staff import load_staff
from .units import load_units

LOADERS: list = [load_units, load_catalogue, load_applicants, load_staff, load_result_templates]
