"""Keep the app alive through an unexpected error in one of our handlers.

Textual hands an uncaught handler error to ``App._handle_exception``, which
exits, and the message loop of the widget that raised stops for good. In the
real app (``catch_errors``) the error should instead become a notification and
a log entry while the screen keeps working, so our screens, dialogs, widgets
and the app itself catch it one level earlier, around each message they handle.
Under Pilot tests ``catch_errors`` is off and the error propagates as before.
"""

from __future__ import annotations

from asyncio import CancelledError
from typing import Any

from textual.message import Message


class Guarded:
    """Mixin (put it first in the bases) for any Textual node of ours."""

    async def _dispatch_message(self, message: Message) -> None:
        try:
            await super()._dispatch_message(message)  # type: ignore[misc]
        except CancelledError:
            raise
        except Exception as error:
            app: Any = self.app  # type: ignore[attr-defined]
            if not getattr(app, "catch_errors", False):
                raise
            app.report_unexpected(error)
