"""A teaching kit about social media versus social networking.

Sub-packages are imported on demand so that ``import kit`` stays light:

- :mod:`kit.sim`: the strategy simulator (see ``MODEL.md`` in the docs).
- :mod:`kit.quiz`: question banks, grading and quiz widgets.
- :mod:`kit.data`: where the kit's data files live.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
