"""Whose a file is: the account that owns it, beside the name a person chose to share.

A name in a room or a presence file is self-asserted ("Anna" from any account); the
owner of the file is what the system vouches for, so both are shown together.
"""

from __future__ import annotations

import functools
import pwd

from mbsr_tui.core.safe_text import visible


@functools.lru_cache(maxsize=256)
def account(uid: int) -> str:
    """The login name of `uid`, or the number where the host has no name for it."""
    try:
        name = pwd.getpwuid(uid).pw_name
    except (KeyError, OverflowError, ValueError, TypeError):
        return str(uid)
    return visible(name)[:32] or str(uid)


def who(name: str, uid: int) -> str:
    """A chosen name with its account, "Anna (anna)"; the account alone without one."""
    if uid < 0:
        return name
    login = account(uid)
    if not name or name == login:
        return login
    return f"{name} ({login})"
