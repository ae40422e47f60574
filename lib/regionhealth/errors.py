"""The project's one error type: what the CLI prints as a single line and exits non-zero for."""


class RegionhealthError(Exception):
    """A problem with input, parameters or data that the user can fix; the message says which."""

    def _render_traceback_(self) -> list[str]:
        """IPython/Jupyter hook: show the one-line message, not a traceback (papermill still fails)."""
        return [f"{type(self).__name__}: {self}"]
