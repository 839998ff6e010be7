"""The one error the extraction feature raises: a document it cannot read."""


class ExtractionError(Exception):
    """A directive file that cannot be turned into text; the message is Vietnamese and
    meant for the person importing the file."""
