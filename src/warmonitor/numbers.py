"""Moved to ``warmonitor.lang.en.numbers`` (English data lives in lang/en); this name stays importable.

The alias is the same module object, so private names and monkeypatching work through either.
"""

import sys

from warmonitor.lang.en import numbers as _moved

sys.modules[__name__] = _moved
