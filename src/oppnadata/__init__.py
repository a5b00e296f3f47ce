"""oppnadata: validate, bundle and publish the 1:1 grant data of Region Jämtland Härjedalen."""

from typing import Any

__all__ = ["__version__"]


def __getattr__(name: str) -> Any:
    """``__version__`` read from the installed metadata when first asked for (importlib.metadata costs
    ~50 ms of every command's start-up otherwise)."""
    if name != "__version__":
        raise AttributeError(f"module 'oppnadata' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        value = version("oppnadata")
    except PackageNotFoundError:  # running from a source tree without an install
        value = "0.0.0+unknown"
    globals()["__version__"] = value
    return value
