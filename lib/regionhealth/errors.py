"""The project's one error type: what the CLI prints as a single line and exits non-zero for."""


class RegionhealthError(Exception):
    """A problem with input, parameters or data that the user can fix; the message says which."""
