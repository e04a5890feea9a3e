"""Errors the kit raises for bad user input, shown as one sentence wherever they surface.

On the command line (``kit ...``) a :class:`KitError` is one line on stderr and exit code 2.
In a notebook, importing any part of the kit installs an IPython handler that shows a
``KitError`` as its sentence in a box, without a traceback: a bad scenario code, a shared bank
that is too large, a setting out of range are the learner's to fix, not a program's crash.
"""

from __future__ import annotations

import html
import sys


class KitError(Exception):
    """A problem with the user's input that the user can fix.

    The message says what is wrong and how to fix it; the command line prints it on one
    line without a traceback, and a notebook shows it in a box (see the module's docstring).
    """


def _show_in_notebook(shell, etype, value, tb, tb_offset=None):
    """IPython's custom exception handler for KitError: the sentence, no traceback."""
    text = str(value) or etype.__name__
    try:
        from IPython.display import HTML, display

        display(
            HTML(
                "<div class='kit-error' role='alert' style='border-left:4px solid #d55e00;"
                "padding:0.4em 0.8em;margin:0.3em 0'><b>This did not work:</b> "
                f"{html.escape(text)}</div>"
            )
        )
    except Exception:  # noqa: BLE001 - never fail while reporting
        print(f"This did not work: {text}", file=sys.stderr)
    return []  # no traceback lines


def install_notebook_handler() -> bool:
    """Show KitErrors in the running IPython kernel as one sentence (idempotent). Returns
    whether a kernel was there to install into."""
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return False
    try:
        shell = ipython.get_ipython()
    except Exception:  # noqa: BLE001
        return False
    if shell is None or getattr(shell, "_kit_errors_installed", False):
        return shell is not None
    shell.set_custom_exc((KitError,), _show_in_notebook)
    shell._kit_errors_installed = True
    return True


install_notebook_handler()
