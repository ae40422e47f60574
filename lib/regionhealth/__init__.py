"""regionhealth: harmonised, traceable health-policy targets of Chinese regions."""

__version__ = "0.1.0"
