"""StatBankClient against a local server replaying SSB's recorded answers."""

from __future__ import annotations

import json
import os
import re
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from attraktiv import DataError, InvalidOptionError
from attraktiv.io import StatBankClient, default_cache_dir

SSB = Path(__file__).parents[1] / "data" / "ssb"
POPULATION = (SSB / "jsonstat2_07459_population_2022.json").read_bytes()
RECORDED_QUERY = json.loads(
    (SSB / "jsonstat2_07459_population_2022_query.json").read_text(encoding="utf-8")
)


@dataclass
class Script:
    """Answers to give, in order (the last one repeats), and the requests seen."""

    answers: list[tuple[int, dict[str, str], bytes]] = field(default_factory=list)
    requests: list[tuple[str, str, Any]] = field(default_factory=list)


def _handler(script: Script) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _answer(self, body: Any) -> None:
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


@pytest.fixture
def server() -> Iterator[tuple[str, Script]]:
    script = Script()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(script))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/api/v0/no/table/", script
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def _client(base_url: str, cache: Path, waits: list[float]) -> StatBankClient:
    return StatBankClient(
        base_url, cache_dir=cache, sleep=waits.append, clock=lambda: 100.0
    )


def _recorded_selection() -> dict[str, Any]:
    return {
        entry["code"]: entry["selection"]
        for entry in RECORDED_QUERY["queryObj"]["query"]
    }


def test_fetch_reads_the_recorded_answer_and_caches_it(
    server: tuple[str, Script], tmp_path: Path
) -> None:
    base_url, script = server
    script.answers.append((200, {"Content-Type": "application/json"}, POPULATION))
    waits: list[float] = []
    client = _client(base_url, tmp_path, waits)
    frame = client.fetch("07459", _recorded_selection())
    assert frame.set_index("code").loc["0301", "value"] == 699_827
    assert frame.attrs["table"] == "07459"
    # The client sent SSB's own query, as recorded, asking for JSON-stat 2.0.
    method, path, body = script.requests[0]
    assert (method, path) == ("POST", "/api/v0/no/table/07459")
    assert body["query"] == RECORDED_QUERY["queryObj"]["query"]
    assert body["response"] == {"format": "json-stat2"}
    cached = list(tmp_path.glob("07459-*.json"))
    assert len(cached) == 1
    # The second call is answered from the cache: no new request, same frame.
    again = client.fetch("07459", _recorded_selection())
    assert len(script.requests) == 1
    assert again.equals(frame)
    # refresh asks again.
    client.fetch("07459", _recorded_selection(), refresh=True)
    assert len(script.requests) == 2
    assert waits == [2.0]


def test_rate_limit_answer_is_waited_out(
    server: tuple[str, Script], tmp_path: Path
) -> None:
    base_url, script = server
    script.answers += [
        (429, {"Retry-After": "7"}, b"Too many requests"),
        (200, {"Content-Type": "application/json"}, POPULATION),
    ]
    waits: list[float] = []
    frame = _client(base_url, tmp_path, waits).fetch("07459", {"Tid": ["2022"]})
    assert frame.set_index("code").loc["3033", "value"] == 41_565
    assert len(script.requests) == 2
    # Seven seconds as asked, then two between the requests.
    assert waits == [7.0, 2.0]


def test_rate_limit_without_retry_after_backs_off(
    server: tuple[str, Script], tmp_path: Path
) -> None:
    base_url, script = server
    script.answers += [(429, {}, b"")] * 3 + [(200, {}, POPULATION)]
    waits: list[float] = []
    _client(base_url, tmp_path, waits).fetch("07459", {"Tid": ["2022"]})
    backoffs = [w for i, w in enumerate(waits) if i % 2 == 0]
    assert backoffs == [4.0, 8.0, 16.0]


def test_rate_limit_that_does_not_end_is_an_error(
    server: tuple[str, Script], tmp_path: Path
) -> None:
    base_url, script = server
    script.answers.append((429, {"Retry-After": "1"}, b"Slow down"))
    client = _client(base_url, tmp_path, [])
    message = (
        f"StatBank answered 429 (Too Many Requests) for {base_url}07459 after 4 "
        "tries: Slow down"
    )
    with pytest.raises(DataError, match=re.escape(message)):
        client.fetch("07459", {"Tid": ["2022"]})
    assert len(script.requests) == 4
    assert not list(tmp_path.iterdir())


def test_malformed_answer_is_an_error_and_not_cached(
    server: tuple[str, Script], tmp_path: Path
) -> None:
    base_url, script = server
    script.answers.append((200, {}, POPULATION[: len(POPULATION) // 2]))
    client = _client(base_url, tmp_path, [])
    with pytest.raises(
        DataError,
        match=re.escape(
            f"StatBank's answer for table 07459 from {base_url}07459 is not JSON"
        ),
    ):
        client.fetch("07459", {"Tid": ["2022"]})
    assert not list(tmp_path.iterdir())
    # JSON but not JSON-stat 2.0: also refused, also not cached.
    script.answers.append((200, {}, b'{"class": "dataset", "version": "1.0"}'))
    with pytest.raises(DataError, match=r"version is '1.0'.*nothing was cached"):
        client.fetch("07459", {"Tid": ["2022"]})
    assert not list(tmp_path.iterdir())
    # A good answer afterwards is read and cached.
    script.answers.append((200, {}, POPULATION))
    assert len(client.fetch("07459", {"Tid": ["2022"]})) == 359
    assert len(list(tmp_path.glob("*.json"))) == 1


def test_bad_query_answer_is_named(server: tuple[str, Script], tmp_path: Path) -> None:
    base_url, script = server
    script.answers.append((400, {}, b"Bad Request: unknown variable Fylke"))
    message = (
        f"StatBank answered 400 (Bad Request) for {base_url}07459: "
        "Bad Request: unknown variable Fylke"
    )
    with pytest.raises(DataError, match=re.escape(message)):
        _client(base_url, tmp_path, []).fetch("07459", {"Fylke": ["03"]})


def test_metadata_is_read_with_get(server: tuple[str, Script], tmp_path: Path) -> None:
    base_url, script = server
    described = {"title": "07459", "variables": [{"code": "Region", "values": ["0"]}]}
    script.answers.append((200, {}, json.dumps(described).encode()))
    assert _client(base_url, tmp_path, []).metadata("07459") == described
    assert script.requests[0][:2] == ("GET", "/api/v0/no/table/07459")


def test_unreachable_service_is_named(tmp_path: Path) -> None:
    client = StatBankClient("http://127.0.0.1:9/", cache_dir=tmp_path, timeout=5)
    with pytest.raises(
        DataError, match=r"^cannot reach StatBank at http://127.0.0.1:9/07459"
    ):
        client.fetch("07459", {"Tid": ["2022"]})


def test_selections_and_options_are_checked() -> None:
    query = StatBankClient.query(
        {
            "Region": {"filter": "agg:KommSummer", "values": ["K-0301"]},
            "Alder": "*",
            "Tid": ["2021", "2022"],
        }
    )
    assert [entry["selection"] for entry in query["query"]] == [
        {"filter": "agg:KommSummer", "values": ["K-0301"]},
        {"filter": "all", "values": ["*"]},
        {"filter": "item", "values": ["2021", "2022"]},
    ]
    with pytest.raises(
        InvalidOptionError, match="five digits as text, such as '07459'"
    ):
        StatBankClient().url("7459")
    with pytest.raises(InvalidOptionError, match="the selection of 'Tid' is empty"):
        StatBankClient.query({"Tid": []})
    with pytest.raises(InvalidOptionError, match="must start with http"):
        StatBankClient("data.ssb.no")


def test_default_cache_dir_follows_xdg(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Without platformdirs, the XDG convention by hand.
    monkeypatch.setitem(sys.modules, "platformdirs", None)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(sys, "platform", "linux")
    assert default_cache_dir() == tmp_path / "attraktiv" / "ssb"


@pytest.mark.network
@pytest.mark.skipif(
    os.environ.get("ATTRAKTIV_NETWORK") != "1",
    reason="asks SSB's live API; run by hand with ATTRAKTIV_NETWORK=1 -m network",
)
def test_live_population_of_oslo(tmp_path: Path) -> None:
    client = StatBankClient(cache_dir=tmp_path)
    frame = client.fetch(
        "07459",
        {"Region": ["K-0301"], "ContentsCode": ["Personer1"], "Tid": ["2022"]},
    )
    assert frame["value"].sum() == 699_827


def test_unreadable_cache_file_is_fetched_again(
    server: tuple[str, Script], tmp_path: Path
) -> None:
    base_url, script = server
    script.answers.append((200, {}, POPULATION))
    client = _client(base_url, tmp_path, [])
    client.fetch("07459", {"Tid": ["2022"]})
    (cached,) = tmp_path.glob("07459-*.json")
    cached.write_text("{truncated", encoding="utf-8")
    frame = client.fetch("07459", {"Tid": ["2022"]})
    assert len(script.requests) == 2
    assert frame.set_index("code").loc["0301", "value"] == 699_827
    assert json.loads(cached.read_text(encoding="utf-8"))["class"] == "dataset"
