"""StatBankClient against hostile loopback servers: it caches only what it asked for.

Every server here is started by the test on 127.0.0.1 (http.server or a raw
socket server in a thread); no test reaches the network. Every wait is bounded:
the client's own deadline (``timeout``) is short, and the servers give up
after a few seconds whatever happens.
"""

from __future__ import annotations

import itertools
import json
import re
import socket
import socketserver
import struct
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from attraktiv import DataError, InvalidOptionError, PeriodError
from attraktiv.io import StatBankClient

SSB = Path(__file__).parents[1] / "data" / "ssb"
POPULATION = (SSB / "jsonstat2_07459_population_2022.json").read_bytes()
QUERY = {"Tid": ["2022"]}

Answer = tuple[int, dict[str, str], bytes]


@dataclass
class Script:
    """Answers to give, in order (the last one repeats), and the requests seen."""

    answers: list[Answer] = field(default_factory=list)
    requests: list[tuple[str, str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _handler(script: Script) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def _answer(self, body: Any) -> None:
            with script.lock:
                script.requests.append((self.command, self.path, body))
                index = min(len(script.requests), len(script.answers)) - 1
                status, headers, content = script.answers[index]
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            self._answer(json.loads(self.rfile.read(length)))

        def do_GET(self) -> None:
            self._answer(None)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


class _Server(ThreadingHTTPServer):
    # Room for 32 connections at once: the default backlog of 5 makes the
    # kernel reset some of them before the server accepts them.
    request_queue_size = 64


def _serve(script: Script) -> tuple[ThreadingHTTPServer, threading.Thread]:
    httpd = _Server(("127.0.0.1", 0), _handler(script))
    httpd.daemon_threads = True
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    return httpd, thread


def _stop(httpd: socketserver.BaseServer, thread: threading.Thread) -> None:
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=10)


@pytest.fixture
def server() -> Iterator[tuple[str, Script]]:
    script = Script()
    httpd, thread = _serve(script)
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/api/v0/en/table/", script
    finally:
        _stop(httpd, thread)


@pytest.fixture
def other_host() -> Iterator[tuple[str, Script]]:
    """A second server, on another host name (localhost, not 127.0.0.1)."""
    script = Script()
    httpd, thread = _serve(script)
    try:
        yield f"http://localhost:{httpd.server_address[1]}/api/v0/en/table/", script
    finally:
        _stop(httpd, thread)


def _ticking() -> Callable[[], float]:
    """A clock a minute ahead at every look: no wait between requests is due."""
    ticks = itertools.count(0.0, 60.0)
    return lambda: next(ticks)


def _client(base_url: str, cache: Path, **options: Any) -> StatBankClient:
    options.setdefault("timeout", 10.0)
    options.setdefault("clock", _ticking())
    return StatBankClient(base_url, cache_dir=cache, sleep=lambda _: None, **options)


def _cached(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


# Redirects -------------------------------------------------------------------


def test_redirect_to_another_host_is_not_followed(
    server: tuple[str, Script], other_host: tuple[str, Script], tmp_path: Path
) -> None:
    base_url, script = server
    elsewhere, evil = other_host
    evil.answers.append((200, {}, POPULATION))
    script.answers.append((302, {"Location": elsewhere + "07459"}, b""))
    message = (
        f"StatBank redirected table 07459 at {base_url}07459 to "
        f"'{elsewhere}07459', another host or scheme; the client does not follow it"
    )
    with pytest.raises(DataError, match=re.escape(message)):
        _client(base_url, tmp_path).fetch("07459", QUERY)
    assert evil.requests == []
    assert _cached(tmp_path) == []


def test_redirect_that_drops_the_query_is_not_followed(
    server: tuple[str, Script], tmp_path: Path
) -> None:
    base_url, script = server
    script.answers += [(303, {"Location": "/api/v0/en/table/other"}, b"")]
    script.answers += [(200, {}, POPULATION)]
    with pytest.raises(DataError, match=r"with 303, which would drop the query"):
        _client(base_url, tmp_path).fetch("07459", QUERY)
    assert len(script.requests) == 1
    assert _cached(tmp_path) == []


def test_same_host_307_keeps_the_query_and_is_followed(
    server: tuple[str, Script], tmp_path: Path
) -> None:
    base_url, script = server
    script.answers += [(307, {"Location": "/api/v0/en/table/07459b"}, b"")]
    script.answers += [(200, {}, POPULATION)]
    frame = _client(base_url, tmp_path).fetch("07459", QUERY)
    assert frame.set_index("code").loc["0301", "value"] == 699_827
    (first, second) = script.requests
    assert (first[0], second[0]) == ("POST", "POST")
    assert second[1] == "/api/v0/en/table/07459b"
    assert second[2] == first[2]
    assert len(_cached(tmp_path)) == 1


def test_metadata_follows_a_same_host_redirect(
    server: tuple[str, Script], tmp_path: Path
) -> None:
    base_url, script = server
    described = {"title": "07459", "variables": []}
    script.answers += [(301, {"Location": base_url + "07459/"}, b"")]
    script.answers += [(200, {}, json.dumps(described).encode())]
    assert _client(base_url, tmp_path).metadata("07459") == described
    assert [r[1] for r in script.requests] == [
        "/api/v0/en/table/07459",
        "/api/v0/en/table/07459/",
    ]


def test_endless_redirects_stop(server: tuple[str, Script], tmp_path: Path) -> None:
    base_url, script = server
    script.answers.append((307, {"Location": base_url + "07459"}, b""))
    with pytest.raises(DataError, match=r"redirected table 07459 .* more than 5"):
        _client(base_url, tmp_path).fetch("07459", QUERY)
    assert len(script.requests) == 6


# What is cached ----------------------------------------------------------------


def test_answer_to_another_query_is_refused_and_not_cached(
    server: tuple[str, Script], tmp_path: Path
) -> None:
    base_url, script = server
    script.answers.append((200, {}, POPULATION))  # holds 2022 only
    message = (
        "does not answer the query: variable 'Tid' lacks ['2021'] and has "
        "['2022'] beyond what was asked; nothing was cached"
    )
    with pytest.raises(DataError, match=re.escape(message)):
        _client(base_url, tmp_path).fetch("07459", {"Tid": ["2021"]})
    assert _cached(tmp_path) == []


def test_answer_without_a_queried_variable_is_refused(
    server: tuple[str, Script], tmp_path: Path
) -> None:
    base_url, script = server
    script.answers.append((200, {}, POPULATION))
    with pytest.raises(DataError, match=r"it has no variable 'Kjonn'"):
        _client(base_url, tmp_path).fetch("07459", {"Kjonn": "*", "Tid": ["2022"]})
    assert _cached(tmp_path) == []


@pytest.mark.parametrize(
    "poison",
    [
        b'{"class": "collection"}',
        b"[]",
        b"null",
        b'{"class": "dataset", "version": "2.0"}',
        POPULATION[:100],
        POPULATION.replace(b'"2022"', b'"2021"'),
    ],
    ids=["collection", "array", "null", "empty-dataset", "cut", "other-year"],
)
def test_invalid_cache_entry_is_a_miss_and_is_replaced(
    server: tuple[str, Script], tmp_path: Path, poison: bytes
) -> None:
    base_url, script = server
    script.answers.append((200, {}, POPULATION))
    client = _client(base_url, tmp_path)
    client.fetch_json("07459", QUERY)
    (cached,) = _cached(tmp_path)
    cached.write_bytes(poison)
    dataset = client.fetch_json("07459", QUERY)
    assert len(script.requests) == 2
    assert dataset["value"][0] == json.loads(POPULATION)["value"][0]
    assert cached.read_bytes() == POPULATION
    # Valid again: the third call is a hit.
    client.fetch_json("07459", QUERY)
    assert len(script.requests) == 2


def test_cache_key_is_the_query(server: tuple[str, Script], tmp_path: Path) -> None:
    base_url, script = server
    script.answers.append((200, {}, POPULATION))
    client = _client(base_url, tmp_path)
    client.fetch_json("07459", {"Tid": ["2022"]})
    client.fetch_json("07459", {"Tid": {"filter": "item", "values": ["2022"]}})
    assert len(script.requests) == 1  # the same query, written two ways
    client.fetch_json("07459", {"Tid": "*"})
    assert len(script.requests) == 2
    assert len(_cached(tmp_path)) == 2


@pytest.mark.slow  # 32 threads on a shared 2-core machine: 6-9 s under load
def test_thirty_two_concurrent_fetches_all_succeed(
    server: tuple[str, Script], tmp_path: Path
) -> None:
    base_url, script = server
    script.answers.append((200, {}, POPULATION))

    oslo = json.loads(POPULATION)["dimension"]["Region"]["category"]["index"]["K-0301"]

    def fetch(_: int) -> float:
        # A generous deadline: 32 threads share the machine's cores.
        client = _client(base_url, tmp_path, timeout=120.0)
        dataset = client.fetch_json("07459", QUERY, refresh=True)
        return float(dataset["value"][oslo])

    with ThreadPoolExecutor(max_workers=32) as pool:
        values = list(pool.map(fetch, range(32)))
    assert values == [699_827.0] * 32
    assert len(script.requests) == 32
    (cached,) = _cached(tmp_path)  # one file, no temporary file left behind
    assert cached.read_bytes() == POPULATION


def test_cache_folder_that_is_a_file_is_named(
    server: tuple[str, Script], tmp_path: Path
) -> None:
    base_url, script = server
    script.answers.append((200, {}, POPULATION))
    blocker = tmp_path / "cache"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(
        DataError,
        match=r"cannot write the cache file '.*cache/07459-\w+\.json'.*use_cache=False",
    ):
        _client(base_url, blocker).fetch("07459", QUERY)
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_cache_entry_that_is_a_folder_is_named(
    server: tuple[str, Script], tmp_path: Path
) -> None:
    base_url, script = server
    script.answers.append((200, {}, POPULATION))
    client = _client(base_url, tmp_path)
    client.fetch("07459", QUERY)
    (cached,) = _cached(tmp_path)
    cached.unlink()
    cached.mkdir()
    with pytest.raises(DataError, match=re.escape(f"cache file {str(cached)!r}")):
        client.fetch("07459", QUERY)
    assert [p.name for p in tmp_path.iterdir()] == [cached.name]


def test_without_cache_nothing_is_written(
    server: tuple[str, Script], tmp_path: Path
) -> None:
    base_url, script = server
    script.answers.append((200, {}, POPULATION))
    client = _client(base_url, tmp_path / "never", use_cache=False)
    client.fetch("07459", QUERY)
    client.fetch("07459", QUERY)
    assert len(script.requests) == 2
    assert not (tmp_path / "never").exists()


# Waiting and size --------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "options"),
    [
        ("1000000000", {}),  # 31 years
        ("121", {}),
        ("99999999999999999999999", {}),
        ("Fri, 31 Dec 9999 23:59:59 GMT", {}),
        ("30", {"max_wait": 10.0}),
    ],
    ids=["31-years", "just-over", "huge-digits", "far-date", "configured"],
)
def test_retry_after_beyond_max_wait_is_an_error(
    server: tuple[str, Script], tmp_path: Path, header: str, options: dict[str, Any]
) -> None:
    base_url, script = server
    script.answers.append((429, {"Retry-After": header}, b""))
    waits: list[float] = []
    client = StatBankClient(
        base_url,
        cache_dir=tmp_path,
        sleep=waits.append,
        clock=_ticking(),
        timeout=10.0,
        **options,
    )
    limit = options.get("max_wait", 120.0)
    message = (
        f"StatBank answered 429 for table 07459 at {base_url}07459 and asked to wait "
        f"(Retry-After: {header!r}), longer than max_wait={limit:g} s"
    )
    with pytest.raises(DataError, match=re.escape(message)):
        client.fetch("07459", QUERY)
    assert waits == []
    assert len(script.requests) == 1


def test_retry_after_within_max_wait_is_waited(
    server: tuple[str, Script], tmp_path: Path
) -> None:
    base_url, script = server
    script.answers += [(503, {"Retry-After": "119"}, b""), (200, {}, POPULATION)]
    waits: list[float] = []
    client = StatBankClient(
        base_url, cache_dir=tmp_path, sleep=waits.append, clock=_ticking()
    )
    client.fetch("07459", QUERY)
    assert waits == [119.0]


def test_backoff_without_retry_after_stops_at_max_wait(
    server: tuple[str, Script], tmp_path: Path
) -> None:
    base_url, script = server
    script.answers += [(502, {}, b"")] * 3 + [(200, {}, POPULATION)]
    waits: list[float] = []
    client = StatBankClient(
        base_url,
        cache_dir=tmp_path,
        sleep=waits.append,
        clock=_ticking(),
        min_interval=3.0,
        max_wait=10.0,
    )
    client.fetch("07459", QUERY)
    assert waits == [6.0, 10.0, 10.0]


def test_answer_longer_than_max_bytes_is_refused(
    server: tuple[str, Script], tmp_path: Path
) -> None:
    base_url, script = server
    script.answers.append((200, {}, POPULATION))
    message = (
        f"cannot reach StatBank at {base_url}07459 for table 07459: the answer is "
        f"{len(POPULATION):,} bytes, more than max_bytes=1,000"
    )
    with pytest.raises(DataError, match=re.escape(message)):
        _client(base_url, tmp_path, max_bytes=1000).fetch("07459", QUERY)
    assert _cached(tmp_path) == []


# Raw servers: broken HTTP --------------------------------------------------------

Reply = Callable[[socket.socket], None]


@dataclass
class Raw:
    reply: Reply
    seen: list[bytes] = field(default_factory=list)


def _read_request(sock: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = re.search(rb"(?i)content-length:\s*(\d+)", head)
    wanted = int(length.group(1)) if length else 0
    while len(body) < wanted:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


@pytest.fixture
def raw() -> Iterator[tuple[str, Raw]]:
    script = Raw(reply=lambda sock: None)

    class Handler(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            self.request.settimeout(5.0)
            try:
                script.seen.append(_read_request(self.request))
                script.reply(self.request)
            except OSError:
                pass  # the client hung up: what several tests want

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/table/", script
    finally:
        _stop(server, thread)


def _send(payload: bytes) -> Reply:
    return lambda sock: sock.sendall(payload)


def _reset(sock: socket.socket) -> None:
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def _drip(head: bytes, unit: bytes, pause: float = 0.05) -> Reply:
    """Send ``head``, then ``unit`` now and then for at most five seconds."""

    def reply(sock: socket.socket) -> None:
        sock.sendall(head)
        stop = time.monotonic() + 5.0
        while time.monotonic() < stop:
            sock.sendall(unit)
            time.sleep(pause)

    return reply


def _silent(sock: socket.socket) -> None:
    sock.settimeout(5.0)
    sock.recv(1)  # returns when the client gives up and closes


_OK = b"HTTP/1.1 200 OK\r\n"


@pytest.mark.parametrize(
    ("reply", "culprit"),
    [
        (
            _send(_OK + b"Content-Length: 1000\r\n\r\n" + POPULATION[:10]),
            "the answer stopped after 10 of the 1,000 bytes it announced "
            "(IncompleteRead)",
        ),
        (_send(b"HELLO THERE\r\n\r\n"), "BadStatusLine"),
        (_send(b"HTTP/1.1 200 " + b"x" * 70_000 + b"\r\n\r\n"), "LineTooLong"),
        (
            _send(_OK + b"".join(b"X-%d: 1\r\n" % i for i in range(120)) + b"\r\n"),
            "got more than 100 headers",
        ),
        (_send(_OK + b"X-" + b"y" * 70_000 + b": 1\r\n\r\n"), "LineTooLong"),
        (_reset, "Connection reset by peer"),
        (lambda sock: None, "RemoteDisconnected"),
        (
            _send(_OK + b"Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n"),
            "the answer stopped after 0 bytes (IncompleteRead)",
        ),
        (
            _send(b"HTTP/1.1 200 OK\r\nContent-Length: 10000000000000\r\n\r\n"),
            "the answer is 10,000,000,000,000 bytes, more than max_bytes=100,000",
        ),
        (
            _drip(
                _OK + b"Transfer-Encoding: chunked\r\n\r\n",
                b"400\r\n" + b"7" * 1024 + b"\r\n",
                0.001,
            ),
            "the answer is more than max_bytes=100,000 bytes long",
        ),
        (_silent, "no complete answer within timeout=0.5 s"),
        (_drip(b"", b"H"), "no complete answer within timeout=0.5 s"),
        (_drip(_OK + b"X-Slow: ", b"z"), "no complete answer within timeout=0.5 s"),
        (
            _drip(_OK + b"Content-Length: 100000\r\n\r\n", b"{"),
            "no complete answer within timeout=0.5 s",
        ),
    ],
    ids=[
        "incomplete-read",
        "bad-status-line",
        "status-line-too-long",
        "too-many-headers",
        "header-too-long",
        "connection-reset",
        "closed-without-answer",
        "bad-chunk-size",
        "huge-content-length",
        "endless-body",
        "silent-server",
        "dripping-status-line",
        "dripping-header",
        "dripping-body",
    ],
)
def test_transport_failure_is_one_error_naming_table_and_url(
    raw: tuple[str, Raw], tmp_path: Path, reply: Reply, culprit: str
) -> None:
    base_url, script = raw
    script.reply = reply
    timeout = 0.5 if "timeout" in culprit else 10.0
    client = _client(base_url, tmp_path, timeout=timeout, max_bytes=100_000)
    prefix = f"cannot reach StatBank at {base_url}07459 for table 07459: "
    with pytest.raises(DataError) as caught:
        client.fetch("07459", QUERY)
    assert str(caught.value).startswith(prefix)
    assert culprit in str(caught.value)
    assert type(caught.value) is DataError
    assert len(script.seen) == 1
    assert _cached(tmp_path) == []


def test_metadata_transport_failure_names_the_table(
    raw: tuple[str, Raw], tmp_path: Path
) -> None:
    base_url, script = raw
    script.reply = _send(b"NOT HTTP\r\n\r\n")
    with pytest.raises(
        DataError,
        match=re.escape(f"cannot reach StatBank at {base_url}12345 for table 12345"),
    ):
        _client(base_url, tmp_path).metadata("12345")


@pytest.mark.parametrize(
    ("payload", "culprit"),
    [
        (b"[" * 100 + b"]" * 100, "more than 64 levels deep"),
        (b'{"a": ' + b"9" * 5000 + b"}", "a number of 5000 characters"),
        (b"\xef\xbb\xbf{\xe6}", "byte 0xe6 at offset 4"),
        (b'{"title": "x", "title": "y"}', "repeats the key 'title'"),
        (b"[]", "is not a JSON object"),
    ],
    ids=["deep", "long-number", "latin1-after-bom", "duplicate-key", "array"],
)
def test_metadata_answer_is_checked(
    server: tuple[str, Script], tmp_path: Path, payload: bytes, culprit: str
) -> None:
    base_url, script = server
    script.answers.append((200, {}, payload))
    with pytest.raises(DataError) as caught:
        _client(base_url, tmp_path).metadata("07459")
    assert culprit in str(caught.value)
    assert f"table 07459 from {base_url}07459" in str(caught.value)


@pytest.mark.parametrize(
    ("payload", "culprit"),
    [
        (b"[" * 5000 + b"]" * 5000, "more than 64 levels deep"),
        (b'{"value": [' + b"1" * 400 + b"]}", "a number of 400 characters"),
        (b'{"value": [NaN]}', "NaN, which is not a JSON number"),
        (b"\xef\xbb\xbf" + '{"label": "Tromsø"}'.encode("latin-1"), "byte 0xf8"),
        (
            POPULATION.replace(
                b'"class":"dataset"', b'"class":"dataset","status":{"0":"..","0":":"}'
            ),
            "repeats the key '0'",
        ),
        (
            POPULATION.replace(b'"value":[31444', b'"value":[-31444'),
            "value 0 (ContentsCode 'Personer1', 'Personer') is -31444; a count of "
            "people cannot be negative",
        ),
        (POPULATION.replace(b'"value":[31444', b'"value":[1e400'), "which is infinite"),
    ],
    ids=[
        "deep",
        "long-number",
        "nan",
        "latin1-after-bom",
        "sparse-twice",
        "negative",
        "inf",
    ],
)
def test_corrupt_answer_is_refused_and_not_cached(
    server: tuple[str, Script], tmp_path: Path, payload: bytes, culprit: str
) -> None:
    base_url, script = server
    script.answers.append((200, {}, payload))
    with pytest.raises(DataError) as caught:
        _client(base_url, tmp_path).fetch("07459", QUERY)
    message = str(caught.value)
    assert message.startswith(f"StatBank's answer for table 07459 from {base_url}07459")
    assert culprit in message
    assert message.endswith("nothing was cached")
    assert _cached(tmp_path) == []


# Options ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "culprit"),
    [
        (
            {"timeout": float("nan")},
            "timeout must be a finite number, more than 0; got nan",
        ),
        (
            {"timeout": float("inf")},
            "timeout must be a finite number, more than 0; got inf",
        ),
        ({"timeout": 0}, "timeout must be a finite number, more than 0; got 0"),
        ({"timeout": -1.0}, "timeout must be a finite number, more than 0; got -1.0"),
        ({"timeout": "60"}, "timeout must be a number; got str '60'"),
        ({"timeout": b"60"}, "timeout must be a number; got bytes b'60'"),
        ({"timeout": True}, "timeout must be a number; got bool True"),
        ({"timeout": None}, "timeout must be a number; got NoneType None"),
        ({"max_retries": 2.5}, "max_retries must be a whole number; got float 2.5"),
        ({"max_retries": "3"}, "max_retries must be a whole number; got str '3'"),
        ({"max_retries": -1}, "max_retries must be 0 or more; got -1"),
        ({"max_retries": False}, "max_retries must be a whole number; got bool False"),
        (
            {"min_interval": float("nan")},
            "min_interval must be a finite number, 0 or more",
        ),
        ({"min_interval": -0.5}, "min_interval must be a finite number, 0 or more"),
        ({"min_interval": "2"}, "min_interval must be a number; got str '2'"),
        (
            {"max_wait": float("inf")},
            "max_wait must be a finite number, 0 or more; got inf",
        ),
        ({"max_wait": "120"}, "max_wait must be a number; got str '120'"),
        ({"max_bytes": 0}, "max_bytes must be 1 or more; got 0"),
        ({"max_bytes": 1e9}, "max_bytes must be a whole number; got float"),
        ({"use_cache": "no"}, "use_cache must be True or False; got str 'no'"),
        ({"use_cache": 0}, "use_cache must be True or False; got int 0"),
        ({"cache_dir": 5}, "cache_dir must be a folder's path or None; got int 5"),
        ({"cache_dir": ""}, "cache_dir must be a folder's path or None; got str ''"),
        (
            {"cache_dir": "cache\x00dir"},
            "cache_dir must be a folder's path or None; got str 'cache\\x00dir'",
        ),
        ({"sleep": 5}, "sleep must be a function or None; got int"),
        ({"clock": "now"}, "clock must be a function or None; got str"),
    ],
)
def test_options_are_validated(options: dict[str, Any], culprit: str) -> None:
    with pytest.raises(InvalidOptionError) as caught:
        StatBankClient(**options)
    assert culprit in str(caught.value)


@pytest.mark.parametrize(
    ("base_url", "culprit"),
    [
        ("data.ssb.no/api", "must start with http:// or https://"),
        ("ftp://data.ssb.no/", "must start with http:// or https://"),
        ("https:///api/", "and name a host"),
        ("https://data.ssb.no/api\n/", "without spaces or control characters"),
        ("https://data ssb.no/", "without spaces or control characters"),
        ("https://data.ssb.no/api?x=1", "must not have a query or fragment"),
        ("https://data.ssb.no:99999/", "base_url has an invalid port"),
        ("https://data.ssb.no:http/", "base_url has an invalid port"),
        (b"https://data.ssb.no/", "base_url must be text; got bytes"),
        (None, "base_url must be text; got NoneType"),
    ],
)
def test_base_url_is_validated(base_url: Any, culprit: str) -> None:
    with pytest.raises(InvalidOptionError) as caught:
        StatBankClient(base_url)
    assert culprit in str(caught.value)


@pytest.mark.parametrize(
    "table",
    [
        "07459\n",
        "\uff10\uff17\uff14\uff15\uff19",
        "7459",
        " 07459",
        "074590",
        "0745a",
        7459,
        b"07459",
        None,
        ["07459"],
        "０7459",
    ],
)
def test_table_ids_are_five_ascii_digits(table: Any) -> None:
    with pytest.raises(InvalidOptionError) as caught:
        StatBankClient().url(table)
    assert f"five digits as text, such as '07459'; got {table!r}" in str(caught.value)


@pytest.mark.parametrize(
    ("selection", "culprit"),
    [
        (
            {"Region": {"filter": "item", "values": "K-0301"}},
            "the values of 'Region' in the selection must be a list of codes; got "
            "str 'K-0301'",
        ),
        (
            {"Region": b"0301"},
            "the values of 'Region' in the selection must be a list of codes; got "
            "bytes",
        ),
        ({"Region": [b"0301"]}, "a value of 'Region' must be a code as text"),
        (
            {"Tid": [2022]},
            "a value of 'Tid' must be a code as text, such as 'K-0301' or '2022'; "
            "got int 2022",
        ),
        ({"Tid": [2022.0]}, "got float 2022.0"),
        ({"Tid": [None]}, "got NoneType None"),
        ({"Tid": [""]}, "a value of 'Tid' must be a code as text"),
        ({"Tid": ["2022\n"]}, "a value of 'Tid' has spaces around it: '2022\\n'"),
        ({"Tid": ["20\x0022"]}, "a value of 'Tid' must be a code as text"),
        (
            {"Tid": ["2022", "2022"]},
            "the selection of 'Tid' lists '2022' more than once",
        ),
        ({"Tid": []}, "the selection of 'Tid' is empty"),
        ({"Tid": {"filter": "item", "values": []}}, "the selection of 'Tid' is empty"),
        (
            {"Tid": 2022},
            "the values of 'Tid' in the selection must be a list of codes; got "
            "int 2022",
        ),
        (
            {"Tid": None},
            "the values of 'Tid' in the selection must be a list of codes; got "
            "NoneType",
        ),
        (
            {"Tid": {"values": ["2022"]}},
            "must have exactly the keys 'filter' and 'values'",
        ),
        (
            {"Tid": {"filter": 5, "values": ["2022"]}},
            "the filter of 'Tid' must be a code as text",
        ),
        ({5: ["2022"]}, "a variable of the selection must be a code as text"),
        ({"": ["2022"]}, "a variable of the selection must be a code as text"),
        ({"Tid ": ["2022"]}, "a variable of the selection has spaces around it"),
        (["Tid", "2022"], "selection must map variable codes to values"),
        ("Tid=2022", "selection must map variable codes to values"),
        (None, "selection must map variable codes to values"),
    ],
)
def test_selections_are_validated(selection: Any, culprit: str) -> None:
    with pytest.raises(InvalidOptionError) as caught:
        StatBankClient.query(selection)
    assert culprit in str(caught.value)


@pytest.mark.parametrize("refresh", ["yes", 1, None])
def test_refresh_must_be_a_bool(tmp_path: Path, refresh: Any) -> None:
    client = StatBankClient("http://127.0.0.1:9/", cache_dir=tmp_path)
    with pytest.raises(InvalidOptionError, match=r"refresh must be True or False"):
        client.fetch_json("07459", QUERY, refresh=refresh)


def test_value_set_with_no_values_is_ssb_s_own_query() -> None:
    query = StatBankClient.query({"Alder": {"filter": "vs:AlleAldre00B", "values": []}})
    assert query["query"] == [
        {"code": "Alder", "selection": {"filter": "vs:AlleAldre00B", "values": []}}
    ]


@pytest.mark.parametrize("header", ["-5", "3.5", "soon", "0x10", ""])
def test_retry_after_that_is_not_a_wait_is_the_usual_back_off(
    server: tuple[str, Script], tmp_path: Path, header: str
) -> None:
    base_url, script = server
    script.answers += [(429, {"Retry-After": header}, b""), (200, {}, POPULATION)]
    waits: list[float] = []
    client = StatBankClient(
        base_url, cache_dir=tmp_path, sleep=waits.append, clock=_ticking()
    )
    client.fetch("07459", QUERY)
    assert waits == [4.0]  # twice min_interval, as without a header


def test_requests_go_through_the_environment_s_proxy(
    server: tuple[str, Script], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base_url, script = server
    proxy = base_url.removesuffix("/api/v0/en/table/")
    monkeypatch.setenv("http_proxy", proxy)
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    script.answers.append((200, {}, POPULATION))
    client = _client("http://statbank.invalid/api/v0/en/table/", tmp_path)
    frame = client.fetch("07459", QUERY)
    assert frame.set_index("code").loc["0301", "value"] == 699_827
    # A proxy is asked for the whole URL.
    assert script.requests[0][:2] == (
        "POST",
        "http://statbank.invalid/api/v0/en/table/07459",
    )


def test_cache_folder_without_a_home_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setitem(sys.modules, "platformdirs", None)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    client = StatBankClient("http://127.0.0.1:9/")
    message = (
        "cannot find a cache folder for table 07459 (Could not determine home "
        "directory.); give the client a cache_dir, or use_cache=False"
    )
    with pytest.raises(DataError, match=re.escape(message)):
        client.fetch_json("07459", QUERY)


def test_error_page_is_one_line_in_the_message(
    server: tuple[str, Script], tmp_path: Path
) -> None:
    base_url, script = server
    page = b"<html>\n  <body>\n\n    Bad   query:\r\n unknown Fylke\n</body></html>"
    script.answers.append((400, {}, page))
    message = (
        f"StatBank answered 400 (Bad Request) for {base_url}07459: <html> <body> "
        "Bad query: unknown Fylke </body></html>"
    )
    with pytest.raises(DataError, match=re.escape(message) + "$"):
        _client(base_url, tmp_path).fetch("07459", QUERY)


@pytest.mark.parametrize(
    ("borders", "culprit"),
    [
        (2020, "borders=2020 is not supported"),
        (2024.0, "borders must be a year (int); got 2024.0"),
        ("2024", "borders must be a year (int); got '2024'"),
    ],
)
def test_borders_are_checked_before_asking_the_service(
    server: tuple[str, Script], tmp_path: Path, borders: Any, culprit: str
) -> None:
    base_url, script = server
    script.answers.append((200, {}, POPULATION))
    with pytest.raises(PeriodError) as caught:
        _client(base_url, tmp_path).fetch("07459", QUERY, borders=borders)
    assert culprit in str(caught.value)
    assert script.requests == []
