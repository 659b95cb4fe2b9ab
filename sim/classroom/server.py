"""The web server behind `salesim serve`: textual-serve runs one game process per browser
tab; this adds the shared code (`--token`), a page that takes the keyboard by itself, a cap
on sessions, and the trainer's pages (`/cohort`, and `/cohort/runs/ID` for each debrief).

textual-serve has no authentication of its own. With a token, every page and the game's
websocket need it: given once as `?token=CODE`, it is kept in a same-site cookie.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import textual_serve
from aiohttp import WSCloseCode, web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(textual_serve.__file__).parent / "static"
COOKIE = "salesim_token"
OPEN_PATHS = ("/static/",)
"""Paths served without the token: textual-serve's scripts and fonts (public files)."""

log = logging.getLogger("salesim.serve")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class ClassroomServer(Server):
    """textual-serve's `Server` with the classroom's additions (see the module docstring)."""

    def __init__(
        self,
        command: str,
        *,
        host: str,
        port: int,
        public_url: str | None,
        token: str | None,
        max_sessions: int,
        cohort_page: Callable[[], str],
        run_page: Callable[[int], str | None],
    ):
        super().__init__(
            command,
            host=host,
            port=port,
            title="salesim",
            public_url=public_url,
            statics_path=STATIC,
            templates_path=TEMPLATES,
        )
        self.token = token
        self.fixed_public_url = public_url
        self.max_sessions = max_sessions
        self.websockets: set[web.WebSocketResponse] = set()
        """The open tabs, one game process each."""
        self.cohort_page = cohort_page
        self.run_page = run_page

    # ------------------------------------------------------------------ routes
    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self._check_token)
        app.add_routes(
            [
                web.get("/cohort", self.handle_cohort, name="cohort"),
                web.get("/cohort/runs/{run_id:[0-9]+}", self.handle_run, name="run"),
                web.get("/healthz", self.handle_health, name="health"),
            ]
        )
        return app

    @web.middleware
    async def _check_token(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if self.token is None or request.path.startswith(OPEN_PATHS):
            return await handler(request)
        given = request.query.get("token")
        from_query = given is not None
        if given is None:
            given = request.cookies.get(COOKIE, "")
        if not hmac.compare_digest(given.encode(), self.token.encode()):
            return web.Response(
                status=403,
                content_type="text/html",
                text=FORBIDDEN,
            )
        response = await handler(request)
        if from_query and isinstance(response, web.Response):
            response.set_cookie(
                COOKIE,
                self.token,
                httponly=True,
                samesite="Strict",
                secure=self.public_url.startswith("https"),
            )
        return response

    async def handle_index(self, request: web.Request) -> Any:
        """The game's page. Without --public-url its addresses follow the address the browser
        used (so `--host 0.0.0.0` works from other machines)."""
        if self.fixed_public_url is None:
            self.public_url = f"{request.scheme}://{request.host}"
        return await super().handle_index(request)

    async def handle_health(self, request: web.Request) -> web.Response:
        return web.json_response({"ok": True, "sessions": self.sessions})

    async def handle_cohort(self, request: web.Request) -> web.Response:
        html = await asyncio.get_running_loop().run_in_executor(None, self.cohort_page)
        return web.Response(text=html, content_type="text/html", headers=NO_STORE)

    async def handle_run(self, request: web.Request) -> web.Response:
        run_id = int(request.match_info["run_id"])
        html = await asyncio.get_running_loop().run_in_executor(None, self.run_page, run_id)
        if html is None:
            raise web.HTTPNotFound(text=f"No run {run_id} in the store.")
        return web.Response(text=html, content_type="text/html", headers=NO_STORE)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One browser tab: its own game process for as long as the tab is connected
        (textual-serve's handler, plus the cap and the list of open tabs for shutdown)."""
        if len(self.websockets) >= self.max_sessions:
            log.warning("refused a session: %d already playing", len(self.websockets))
            raise web.HTTPServiceUnavailable(text="The classroom is full; try again later.")
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        app_service: AppService | None = None
        self.websockets.add(websocket)
        try:
            await websocket.prepare(request)

            async def close() -> None:  # AppService wants no result; aiohttp's close gives one
                await websocket.close()

            app_service = AppService(
                self.command,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=close,
                download_manager=self.download_manager,
                debug=self.debug,
            )
            await app_service.start(width, height)
            await self._process_messages(websocket, app_service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # noqa: BLE001 - one tab's failure never stops the class
            log.exception(error)
        finally:
            self.websockets.discard(websocket)
            if app_service is not None:
                await app_service.stop()
        return websocket

    @property
    def sessions(self) -> int:
        """Browser tabs playing now."""
        return len(self.websockets)

    async def on_shutdown(self, app: web.Application) -> None:
        """Close every tab (each game saves and quits) so Ctrl+C stops at once."""
        for ws in list(self.websockets):
            await ws.close(code=WSCloseCode.GOING_AWAY, message=b"server stopping")

    async def on_startup(self, app: web.Application) -> None:
        if self.fixed_public_url is None and self.host in ("0.0.0.0", "::", ""):
            import socket  # every interface: name this machine in the link to hand out

            self.public_url = f"http://{socket.gethostname()}:{self.port}"
        where = self.public_url + (f"/?token={self.token}" if self.token else "/")
        self.console.print(f"salesim classroom: trainees open {where}", highlight=False)
        self.console.print(
            f"the trainer's page: {self.public_url}/cohort"
            + (f"?token={self.token}" if self.token else ""),
            highlight=False,
        )
        self.console.print("Press Ctrl+C to stop.", highlight=False)


NO_STORE = {"Cache-Control": "no-store"}

FORBIDDEN = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>salesim</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40em; margin: 4em auto;">
<h1>This classroom needs its code</h1>
<p>Open the full link your trainer gave you: it ends in <code>?token=…</code>.</p>
</body></html>
"""
