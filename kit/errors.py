"""Errors the kit raises for bad user input."""


class KitError(Exception):
    """A problem with the user's input that the user can fix.

    The message says what is wrong and how to fix it; the command line prints it on one
    line without a traceback.
    """
