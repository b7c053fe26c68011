"""Moved to ``warmonitor.lang.en.dates`` (English data lives in lang/en); this name stays importable.

The alias is the same module object, so private names and monkeypatching work through either.
"""

import sys

from warmonitor.lang.en import dates as _moved

sys.modules[__name__] = _moved
