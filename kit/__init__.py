"""A teaching kit about social media versus social networking.

Sub-packages are imported on demand so that ``import kit`` stays light:

- :mod:`kit.sim`: the strategy simulator (see ``MODEL.md`` in the docs).
- :mod:`kit.quiz`: question banks, grading and quiz widgets.
- :mod:`kit.data`: where the kit's data files live.
"""

from kit import _deferred

__version__ = "0.1.0"

_deferred.install()  # a slow import no lesson needs waits until it is used (see kit._deferred)

__all__ = ["__version__"]
