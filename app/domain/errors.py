"""The one exception family the front doors show to users as a single line."""


class UserFacingError(Exception):
    """A failure whose str() is one line a user can act on; no traceback is shown for it."""
