"""The report in a real browser: headless Chromium opens ``index.html``.

Chromium is driven through its DevTools protocol over a pipe
(``--remote-debugging-pipe``: JSON messages ended by a NUL byte, the browser reading
file descriptor 3 and writing 4), so the test needs no client package and opens no
network port. ``.ci/run`` installs Debian's ``chromium`` package where it is missing;
elsewhere the test is skipped with a message that says so.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import queue
import re
import shutil
import struct
import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest

from attraktiv.report import Report, write_report

CHROMIUM = Path(os.environ.get("ATTRAKTIV_CHROMIUM", "/usr/bin/chromium"))
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-pipe",
)
SCREEN = (1280, 800)
#: A guard against a browser that stops answering, not a measure of speed.
PATIENCE = 120.0

pytestmark = pytest.mark.slow


def _above_nine(fd: int) -> int:
    """A copy of ``fd`` numbered 10 or more (``fd`` itself is closed)."""
    lifted = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return lifted


class DevTools:
    """A headless Chromium and one page of it, spoken to over the DevTools pipe."""

    def __init__(self, profile: Path) -> None:
        commands_read, commands_write = os.pipe()
        answers_read, answers_write = os.pipe()
        # Lift the browser's ends above 9, so that putting them on 3 and 4 cannot
        # overwrite one with the other.
        commands_read, answers_write = (
            _above_nine(commands_read),
            _above_nine(answers_write),
        )
        # bash puts the pipe ends on the descriptors the browser expects (a POSIX
        # sh need not take descriptor numbers above 9).
        self.process = subprocess.Popen(
            ["bash", "-c", f'exec "$@" 3<&{commands_read} 4>&{answers_write}',
             "bash", str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}"],
            pass_fds=(commands_read, answers_write),
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        os.close(commands_read)
        os.close(answers_write)
        self._commands = os.fdopen(commands_write, "wb", buffering=0)
        self._answers = os.fdopen(answers_read, "rb", buffering=0)
        self._inbox: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        self.session = ""

    def start(self) -> None:
        """Open one page of the set screen size, reporting what it does."""
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call(
            "Target.attachToTarget", targetId=target, flatten=True
        )["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable", session=True)
        self.call(
            "Emulation.setDeviceMetricsOverride",
            session=True,
            width=SCREEN[0],
            height=SCREEN[1],
            deviceScaleFactor=1,
            mobile=False,
        )

    def _read(self) -> None:
        buffer = b""
        while chunk := self._answers.read(65536):
            buffer += chunk
            *messages, buffer = buffer.split(b"\0")
            for message in messages:
                self._inbox.put(json.loads(message))
        self._inbox.put(None)  # the browser closed its end

    def _receive(self) -> dict[str, Any]:
        try:
            message = self._inbox.get(timeout=PATIENCE)
        except queue.Empty:
            raise AssertionError(f"Chromium said nothing for {PATIENCE} s") from None
        if message is None:
            raise AssertionError(f"Chromium stopped (exit {self.process.poll()})")
        return message

    def call(self, method: str, *, session: bool = False, **params: Any) -> Any:
        """Send one command and return its result; events meanwhile are kept."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method}
        message["params"] = params
        if session:
            message["sessionId"] = self.session
        self._commands.write(json.dumps(message).encode() + b"\0")
        while True:
            answer = self._receive()
            if answer.get("id") != self._next_id:
                self.events.append(answer)
            elif "error" in answer:
                raise AssertionError(f"{method}: {answer['error']}")
            else:
                return answer["result"]

    def wait_for(self, method: str) -> dict[str, Any]:
        """The next event ``method`` (events before it are kept)."""
        while True:
            event = self._receive()
            self.events.append(event)
            if event.get("method") == method:
                return event

    def open(self, url: str) -> str | None:
        """Load ``url`` in the page; Chromium's error text if it could not."""
        self.events.clear()
        navigation = self.call("Page.navigate", session=True, url=url)
        if navigation.get("errorText"):
            return str(navigation["errorText"])
        self.wait_for("Page.loadEventFired")
        return None

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (promises awaited)."""
        result = self.call(
            "Runtime.evaluate",
            session=True,
            expression=expression,
            returnByValue=True,
            awaitPromise=True,
        )
        if "exceptionDetails" in result:
            raise AssertionError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def of(self, method: str) -> list[dict[str, Any]]:
        """The parameters of the kept events ``method``."""
        return [e["params"] for e in self.events if e.get("method") == method]

    def close(self) -> None:
        try:
            self._commands.write(
                json.dumps({"id": 0, "method": "Browser.close"}).encode() + b"\0"
            )
            self.process.wait(timeout=PATIENCE)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        finally:
            self._commands.close()
            self._reader.join(timeout=PATIENCE)
            self._answers.close()


def console_errors(browser: DevTools) -> list[str]:
    """Every error the page's console showed, as text."""
    errors = [
        entry["entry"]["text"]
        for entry in browser.of("Log.entryAdded")
        if entry["entry"]["level"] == "error"
    ]
    errors += [
        " ".join(str(a.get("value", a.get("description", ""))) for a in call["args"])
        for call in browser.of("Runtime.consoleAPICalled")
        if call["type"] in {"error", "assert"}
    ]
    errors += [
        thrown["exceptionDetails"]["text"]
        for thrown in browser.of("Runtime.exceptionThrown")
    ]
    return errors


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    return write_report(tmp_path_factory.mktemp("browser") / "report")


@pytest.fixture
def browser(tmp_path: Path):  # type: ignore[no-untyped-def]
    if not CHROMIUM.is_file():
        pytest.skip(
            f"no Chromium at {CHROMIUM}: install Debian's chromium package "
            "(.ci/run does) or set ATTRAKTIV_CHROMIUM to open the report in a browser"
        )
    devtools = DevTools(tmp_path / "profile")
    try:
        devtools.start()
        yield devtools
    finally:
        devtools.close()


def test_every_image_and_linked_file_loads_without_a_console_error(
    report: Report, browser: DevTools, tmp_path: Path
) -> None:
    assert browser.open(report.index.as_uri()) is None
    images = browser.evaluate(
        "Array.from(document.images,"
        " i => [i.getAttribute('src'), i.complete, i.naturalWidth, i.naturalHeight])"
    )
    assert sorted(src for src, *_ in images) == sorted(
        path.with_suffix(".png").name for path in report.figures
    )
    for src, complete, width, height in images:
        # Drawn at the size the file has: the browser decoded the real PNG.
        assert complete, src
        assert (width, height) == png_size((report.folder / src).read_bytes()), src
    assert browser.of("Network.loadingFailed") == []
    assert console_errors(browser) == []

    shot = tmp_path / "first-screen.png"
    shot.write_bytes(
        base64.b64decode(
            browser.call("Page.captureScreenshot", session=True, format="png")["data"]
        )
    )
    assert png_size(shot.read_bytes()) == SCREEN
    if destination := os.environ.get("ATTRAKTIV_SCREENSHOT"):
        shutil.copyfile(shot, destination)

    links = browser.evaluate("Array.from(document.links, a => a.href)")
    written = {path.as_uri() for path in report.files}
    assert links
    assert set(links) <= written
    for link in links:
        error = browser.open(link)
        answers = [
            event["response"]
            for event in browser.of("Network.responseReceived")
            if event["response"]["url"] == link
        ]
        assert [answer["status"] for answer in answers] == [200], link
        if link.endswith(".svg"):
            assert error is None, link
            assert browser.evaluate("document.documentElement.localName") == "svg"
            assert console_errors(browser) == [], link
        else:
            # A table is handed to the download manager once its bytes arrived.
            assert link.endswith(".csv"), link
            assert answers[0]["mimeType"] == "text/csv", link
            assert error in {None, "net::ERR_ABORTED"}, link


def test_content_security_policy_blocks_an_injected_script(
    report: Report, browser: DevTools, tmp_path: Path
) -> None:
    folder = tmp_path / "copy"
    shutil.copytree(report.folder, folder)
    page = report.index.read_text(encoding="utf-8")
    policy = re.search(r'<meta http-equiv="Content-Security-Policy"[^>]*>', page)
    assert policy is not None, "the report sets no Content-Security-Policy"
    image = report.figures[0].with_suffix(".png").name
    attack = (
        "<body><script>document.title = 'scripted';</script>"
        f'<img src="{image}" onload="document.body.dataset.run = \'yes\'">'
    )
    injected = folder / "injected.html"
    injected.write_text(page.replace("<body>", attack, 1), encoding="utf-8")
    unprotected = folder / "unprotected.html"
    unprotected.write_text(
        page.replace(policy[0], "").replace("<body>", attack, 1), encoding="utf-8"
    )
    state = "[document.title, document.body.dataset.run || 'no']"

    # Without the policy the same injection runs: the check can fail.
    assert browser.open(unprotected.as_uri()) is None
    assert browser.evaluate(state) == ["scripted", "yes"]

    assert browser.open(injected.as_uri()) is None
    title = re.search(r"<title>(.*?)</title>", page)
    assert title is not None
    assert browser.evaluate(state) == [title[1], "no"]
    refusals = [e for e in console_errors(browser) if "Content Security Policy" in e]
    assert len(refusals) == 2, console_errors(browser)
