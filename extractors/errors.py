"""The one error extraction raises for unreadable input."""


class BadInput(ValueError):
    """A document that cannot be read; the message is the one-line quarantine reason."""
