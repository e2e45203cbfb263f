# The English interface keeps the Vietnamese date and number conventions.
from motcua.conf.formats.vi.formats import *  # noqa: F403
