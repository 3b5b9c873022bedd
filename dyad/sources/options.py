"""Settings every reader may need, passed down from the command line or the API."""

from __future__ import annotations

from dataclasses import dataclass

from ..version import __version__

USER_AGENT = f"dyad-events/{__version__} (news event coder; +https://pypi.org/project/dyad-events/)"


@dataclass(frozen=True)
class ReadOptions:
    """`follow_links`: read the page a feed item links to instead of its summary.
    Network limits apply to URLs given on the command line and to followed links."""

    follow_links: bool = False
    timeout: float = 20.0
    retries: int = 3
    backoff: float = 0.5
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    user_agent: str = USER_AGENT
