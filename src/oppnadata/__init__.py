"""oppnadata: validate, bundle and publish the 1:1 grant data of Region Jämtland Härjedalen."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("oppnadata")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
