"""A small client for Statistics Norway's StatBank API (PxWeb, JSON-stat 2.0).

The library never needs the network at run time: this client is only used when
called, its answers are cached on disk, and the tests replay recorded answers
from a local server.

Everything that can go wrong between the client and the service is one
:class:`~attraktiv.errors.DataError` naming the table and the URL: a refused
connection, a server that stops in the middle of an answer or sends a broken
status line, an answer past its deadline or its size limit, a redirect to
another host, a wait longer than ``max_wait``, or an answer that is not the
dataset asked for. Only an answer that is that dataset is ever cached.
"""

from __future__ import annotations

import contextlib
import email.utils
import hashlib
import http.client
import importlib
import json
import math
import os
import re
import socket
import ssl
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import pandas as pd

from ..core.source import decode_text, load_json
from ..core.validation import check_path
from ..errors import DataError, InvalidOptionError
from ._borders import check_borders
from ._jsonstat import read_jsonstat

__all__ = ["DEFAULT_BASE_URL", "StatBankClient", "default_cache_dir"]

#: StatBank's API (version 0) in English; ``.../api/v0/no/table/`` is Norwegian.
DEFAULT_BASE_URL: Final = "https://data.ssb.no/api/v0/en/table/"

# SSB allows 30 queries a minute from one address: one every two seconds.
_MIN_INTERVAL: Final = 2.0
#: The longest wait a "too many requests" answer may ask for by default.
_MAX_WAIT: Final = 120.0
#: The largest answer read by default: SSB answers at most 800,000 cells.
_MAX_BYTES: Final = 200_000_000
_RETRY_STATUSES: Final = frozenset({429, 502, 503, 504})
_REDIRECTS: Final = frozenset({301, 302, 303, 307, 308})
_MAX_REDIRECTS: Final = 5
_CHUNK: Final = 1 << 16
# ASCII digits only: "\d" takes full-width digits, and "$" a trailing newline.
_TABLE_ID: Final = re.compile(r"[0-9]{5}")
_SECONDS: Final = re.compile(r"[0-9]{1,12}")
_CONTROL: Final = re.compile(r"[\x00-\x20\x7f]")
_LOOPBACK: Final = frozenset({"localhost", "127.0.0.1", "::1"})
_SELECTION_HELP: Final = (
    "give a list of codes such as ['K-0301'], '*' for every value, or "
    "{'filter': ..., 'values': [...]} as SSB writes it"
)

Selection = str | Sequence[str] | Mapping[str, Any]
PathArgument = str | os.PathLike[str]


def default_cache_dir() -> Path:
    """Where the client caches StatBank's answers by default.

    Returns
    -------
    pathlib.Path
        ``<user cache directory>/attraktiv/ssb``: from ``platformdirs`` when it
        is installed (the ``ssb`` extra), else the platform's convention by
        hand: ``%LOCALAPPDATA%`` on Windows, ``~/Library/Caches`` on macOS,
        ``$XDG_CACHE_HOME`` (default ``~/.cache``) elsewhere. Nothing is
        created until the client writes.

    Examples
    --------
    >>> default_cache_dir().name
    'ssb'
    """
    try:
        platformdirs = importlib.import_module("platformdirs")
    except ImportError:
        platformdirs = None
    if platformdirs is not None:
        return Path(platformdirs.user_cache_dir("attraktiv")) / "ssb"
    home = Path.home()
    if sys.platform.startswith("win"):
        local = os.environ.get("LOCALAPPDATA")
        base = Path(local) if local else home / "AppData" / "Local"
        return base / "attraktiv" / "Cache" / "ssb"
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "attraktiv" / "ssb"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else home / ".cache") / "attraktiv" / "ssb"


#: The longest any of the client's times may be, in seconds: a day. More is a
#: mistake (milliseconds given as seconds, say), and would hang a program for years.
_LONGEST: Final = 86_400.0
#: The most retries a client may make after 429 or 5xx answers.
_MOST_RETRIES: Final = 100
#: The largest ``max_bytes``: an answer is held in memory, and 10 GB is fifty
#: times SSB's largest.
_MOST_BYTES: Final = 10_000_000_000


def _seconds(name: str, value: object, *, positive: bool = False) -> float:
    """A finite number of seconds, at most a day: no text, bool, NaN or inf."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidOptionError(
            f"{name} must be a number; got {type(value).__name__} {value!r:.40}"
        )
    number = float(value)
    if not math.isfinite(number) or number < 0 or (positive and number == 0):
        least = "more than 0" if positive else "0 or more"
        raise InvalidOptionError(
            f"{name} must be a finite number, {least}; got {value!r}"
        )
    if number > _LONGEST:
        raise InvalidOptionError(
            f"{name} must be at most {_LONGEST:,.0f} seconds (a day); got {value!r}"
        )
    return number


def _count(name: str, value: object, *, least: int, most: int) -> int:
    """A whole number from ``least`` to ``most``: no bool, float or text."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidOptionError(
            f"{name} must be a whole number; got {type(value).__name__} {value!r:.40}"
        )
    if value < least:
        raise InvalidOptionError(f"{name} must be {least} or more; got {value!r}")
    if value > most:
        raise InvalidOptionError(f"{name} must be at most {most:,}; got {value:,}")
    return int(value)


def _flag(name: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidOptionError(
            f"{name} must be True or False; got {type(value).__name__} {value!r:.40}"
        )
    return value


def _base_url(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidOptionError(
            f"base_url must be text; got {type(value).__name__} {value!r:.40}"
        )
    parts = urllib.parse.urlsplit(value) if not _CONTROL.search(value) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidOptionError(
            "base_url must start with http:// or https:// and name a host, without "
            f"spaces or control characters; got {value!r:.80}"
        )
    if parts.query or parts.fragment:
        raise InvalidOptionError(
            f"base_url must not have a query or fragment; got {value!r:.80}"
        )
    try:
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        raise InvalidOptionError(
            f"base_url has an invalid port: {value!r:.80}"
        ) from None
    return value if value.endswith("/") else value + "/"


def _code(name: str, value: object) -> str:
    if (
        not isinstance(value, str)
        or not value.strip()
        or _CONTROL.search(value.strip())
    ):
        raise InvalidOptionError(
            f"{name} must be a code as text, such as 'K-0301' or '2022'; got "
            f"{type(value).__name__} {value!r:.40}"
        )
    if value != value.strip():
        raise InvalidOptionError(f"{name} has spaces around it: {value!r:.40}")
    return value


def _values(name: str, values: object, *, empty: bool = False) -> list[str]:
    if isinstance(values, str | bytes | bytearray) or not isinstance(values, Sequence):
        raise InvalidOptionError(
            f"the values of {name!r} in the selection must be a list of codes; got "
            f"{type(values).__name__} {values!r:.40}; {_SELECTION_HELP}"
        )
    codes = [_code(f"a value of {name!r}", value) for value in values]
    if not codes and not empty:
        raise InvalidOptionError(f"the selection of {name!r} is empty")
    repeated = [code for i, code in enumerate(codes) if code in codes[:i]]
    if repeated:
        raise InvalidOptionError(
            f"the selection of {name!r} lists {repeated[0]!r} more than once"
        )
    return codes


def _selection(name: str, chosen: object) -> dict[str, Any]:
    if isinstance(chosen, str):
        if chosen == "*":
            return {"filter": "all", "values": ["*"]}
        return {"filter": "item", "values": [_code(f"the value of {name!r}", chosen)]}
    if isinstance(chosen, Mapping):
        if set(chosen) != {"filter", "values"}:
            raise InvalidOptionError(
                f"the selection of {name!r} must have exactly the keys 'filter' "
                f"and 'values'; got {sorted(map(str, chosen))}"
            )
        kind = _code(f"the filter of {name!r}", chosen["filter"])
        # SSB's own queries give a value set ("vs:...") with no values.
        codes = _values(name, chosen["values"], empty=kind not in ("item", "all"))
        return {"filter": kind, "values": codes}
    return {"filter": "item", "values": _values(name, chosen)}


def _retry_after(value: str | None, default: float) -> float:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date)."""
    if not value:
        return default
    value = value.strip()
    if _SECONDS.fullmatch(value):
        return float(value)
    if value.isascii() and value.isdigit():  # more digits than any sensible wait
        return math.inf
    try:
        moment = email.utils.parsedate_to_datetime(value)
        return max(0.0, moment.timestamp() - time.time())
    except (TypeError, ValueError, OverflowError, IndexError):
        return default


@dataclass(frozen=True)
class _Answer:
    status: int
    reason: str
    headers: http.client.HTTPMessage
    content: bytes


class _TransportError(Exception):
    """A transport failure; the caller names the table and the URL."""


def _connection(url: str, timeout: float) -> tuple[http.client.HTTPConnection, str]:
    """A connection for ``url`` (through the environment's proxy) and the target."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    port = parts.port
    target = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
    proxies = urllib.request.getproxies()
    proxy = proxies.get(parts.scheme)
    if proxy and host not in _LOOPBACK and not urllib.request.proxy_bypass(host):
        via = urllib.parse.urlsplit(proxy if "://" in proxy else f"http://{proxy}")
        if parts.scheme == "https":
            connection: http.client.HTTPConnection = http.client.HTTPSConnection(
                via.hostname or "",
                via.port,
                timeout=timeout,
                context=ssl.create_default_context(),
            )
            connection.set_tunnel(host, port)
            return connection, target
        return http.client.HTTPConnection(
            via.hostname or "", via.port, timeout=timeout
        ), url
    if parts.scheme == "https":
        return http.client.HTTPSConnection(
            host, port, timeout=timeout, context=ssl.create_default_context()
        ), target
    return http.client.HTTPConnection(host, port, timeout=timeout), target


def _cut(connection: http.client.HTTPConnection) -> None:
    """Called by the deadline's timer: wake a read that waits on the socket."""
    sock = connection.sock
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def _exchange(
    url: str,
    method: str,
    data: bytes | None,
    headers: Mapping[str, str],
    timeout: float,
    max_bytes: int,
) -> _Answer:
    """One request and its whole answer, all within ``timeout`` seconds."""
    connection, target = _connection(url, timeout)
    expired = threading.Event()

    def expire() -> None:
        expired.set()
        _cut(connection)

    timer = threading.Timer(timeout, expire)
    timer.daemon = True
    timer.start()
    try:
        connection.request(method, target, body=data, headers=dict(headers))
        response = connection.getresponse()
        length = response.getheader("Content-Length")
        if length and length.strip().isdigit() and int(length) > max_bytes:
            raise _TransportError(
                f"the answer is {int(length):,} bytes, more than max_bytes="
                f"{max_bytes:,}"
            )
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = response.read(_CHUNK)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise _TransportError(
                    f"the answer is more than max_bytes={max_bytes:,} bytes long"
                )
            chunks.append(chunk)
        if expired.is_set():
            raise _TransportError(f"no complete answer within timeout={timeout:g} s")
        if response.length:  # read(amt) returns short at EOF instead of raising
            raise _TransportError(
                f"the answer stopped after {size:,} of the {size + response.length:,} "
                "bytes it announced (IncompleteRead)"
            )
        return _Answer(response.status, response.reason, response.msg, b"".join(chunks))
    except _TransportError:
        raise
    except (http.client.HTTPException, OSError, ValueError, UnicodeError) as err:
        if expired.is_set() or isinstance(err, TimeoutError):
            raise _TransportError(
                f"no complete answer within timeout={timeout:g} s"
            ) from None
        raise _TransportError(_describe(err)) from None
    finally:
        timer.cancel()
        connection.close()


def _describe(err: BaseException) -> str:
    """A transport failure in a few words, whatever ``http.client`` raised."""
    if isinstance(err, http.client.IncompleteRead):
        return (
            f"the answer stopped after {len(err.partial):,} bytes "
            f"({type(err).__name__})"
        )
    text = str(err).strip()
    if isinstance(err, OSError) and err.strerror:
        text = err.strerror
    text = text[:200] if text else "no detail"
    return f"{type(err).__name__}: {text}"


class StatBankClient:
    """Fetch StatBank tables through SSB's API, as tidy frames, with a disk cache.

    Parameters
    ----------
    base_url : str, default "https://data.ssb.no/api/v0/en/table/"
        The API's table root; a table's URL is ``base_url + table``. Tests point
        it at a local server.
    cache_dir : path, optional
        Where answers are cached, one JSON file per table and query; default
        :func:`default_cache_dir`.
    use_cache : bool, default True
        Read and write the cache. With False every call asks the service.
    timeout : float, default 60.0
        Seconds one request may take, from connecting to the last byte of the
        answer (not per read: a server that sends a byte now and then is cut
        off at this deadline). This and the other times are at most a day.
    max_retries : int, default 3
        How many times to ask again after a "too many requests" (429) or a
        temporary failure (502, 503, 504); at most 100.
    min_interval : float, default 2.0
        Seconds between two requests of this client: SSB allows 30 queries a
        minute from one address.
    max_wait : float, default 120.0
        The longest wait a 429 answer's ``Retry-After`` may ask for; a longer
        one is an error, and waits between retries never exceed it.
    max_bytes : int, default 200_000_000
        The largest answer read; a longer one is an error. At most 10**10.
    sleep, clock : callable, optional
        ``time.sleep`` and ``time.monotonic`` by default; tests replace them so
        nothing waits between requests.

    Raises
    ------
    InvalidOptionError
        If an option has the wrong type, a number is negative, infinite, NaN
        or beyond its bound, ``cache_dir`` is not a usable path, or ``base_url``
        is not an http(s) URL with a host.

    Notes
    -----
    A query is StatBank's JSON query: for each variable the values wanted
    (``filter`` ``"item"``), every value (``"*"``, filter ``"all"``) or one of
    SSB's aggregations (``{"filter": "agg:KommSummer", "values": [...]}``);
    variables left out are eliminated (summed) by SSB where the table allows
    it. The answer is asked for as JSON-stat 2.0 and read with
    :func:`read_jsonstat`.

    An answer is cached only when it is the dataset asked for: it reads as
    JSON-stat 2.0, has every variable of the query, and for an ``"item"``
    selection exactly the values asked for. The cache key is the method, URL
    and query; a cached file is checked the same way when read, and one that
    fails (cut short, edited, another table's) is a miss and is replaced. Files
    are written under a unique temporary name and moved into place, so clients
    fetching the same table at once never see each other's partial files.

    The client follows a redirect only to the same host, and a ``POST`` only
    where the redirect keeps the query (307, 308). A 429 answer is waited out
    for its ``Retry-After`` seconds (else twice the previous wait, at most
    ``max_wait``) before asking again.

    Examples
    --------
    >>> client = StatBankClient(cache_dir="/tmp/attraktiv-example-cache")
    >>> client.query({"Region": ["K-0301"], "Tid": ["2022"]})["query"][0]
    {'code': 'Region', 'selection': {'filter': 'item', 'values': ['K-0301']}}
    >>> client.url("07459")
    'https://data.ssb.no/api/v0/en/table/07459'
    """

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        *,
        cache_dir: PathArgument | None = None,
        use_cache: bool = True,
        timeout: float = 60.0,
        max_retries: int = 3,
        min_interval: float = _MIN_INTERVAL,
        max_wait: float = _MAX_WAIT,
        max_bytes: int = _MAX_BYTES,
        sleep: Callable[[float], None] | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.base_url = _base_url(base_url)
        if cache_dir is not None and (
            not isinstance(cache_dir, str | os.PathLike)
            or not str(os.fspath(cache_dir)).strip()
            or "\x00" in str(os.fspath(cache_dir))
        ):
            raise InvalidOptionError(
                "cache_dir must be a folder's path or None; got "
                f"{type(cache_dir).__name__} {cache_dir!r:.40}"
            )
        self.cache_dir = (
            check_path("cache_dir", cache_dir) if cache_dir is not None else None
        )
        self.use_cache = _flag("use_cache", use_cache)
        self.timeout = _seconds("timeout", timeout, positive=True)
        self.max_retries = _count(
            "max_retries", max_retries, least=0, most=_MOST_RETRIES
        )
        self.min_interval = _seconds("min_interval", min_interval)
        self.max_wait = _seconds("max_wait", max_wait)
        self.max_bytes = _count("max_bytes", max_bytes, least=1, most=_MOST_BYTES)
        for name, function in (("sleep", sleep), ("clock", clock)):
            if function is not None and not callable(function):
                raise InvalidOptionError(
                    f"{name} must be a function or None; got {type(function).__name__}"
                )
        self._sleep = sleep if sleep is not None else time.sleep
        self._clock = clock if clock is not None else time.monotonic
        self._last_request: float | None = None
        self._turn = threading.Lock()

    def __repr__(self) -> str:
        return f"StatBankClient({self.base_url!r})"

    def url(self, table: str) -> str:
        """The URL of a table: ``base_url`` followed by its five-digit id."""
        if not isinstance(table, str) or not _TABLE_ID.fullmatch(table):
            raise InvalidOptionError(
                f"a StatBank table id is five digits as text, such as '07459'; "
                f"got {table!r:.40}"
            )
        return self.base_url + table

    @staticmethod
    def query(selection: Mapping[str, Selection]) -> dict[str, Any]:
        """StatBank's JSON query for a selection, answer as JSON-stat 2.0.

        Parameters
        ----------
        selection : mapping
            Variable code to the values wanted: a list of codes (text), ``"*"``
            for all, or ``{"filter": ..., "values": [...]}`` as SSB writes it.

        Returns
        -------
        dict
            ``{"query": [...], "response": {"format": "json-stat2"}}``.

        Raises
        ------
        InvalidOptionError
            If the selection is not a mapping, a variable or value is not a code
            as text (a number, bytes, a text where a list is due), or a list
            is empty or repeats a value.
        """
        if not isinstance(selection, Mapping):
            raise InvalidOptionError(
                "selection must map variable codes to values, such as "
                "{'Region': ['K-0301'], 'Tid': ['2022']}; got "
                f"{type(selection).__name__}"
            )
        return {
            "query": [
                {
                    "code": _code("a variable of the selection", name),
                    "selection": _selection(name, chosen),
                }
                for name, chosen in selection.items()
            ],
            "response": {"format": "json-stat2"},
        }

    def _cache_file(self, table: str, url: str, body: Mapping[str, Any]) -> Path:
        key = json.dumps({"method": "POST", "url": url, "body": body}, sort_keys=True)
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
        if self.cache_dir is not None:
            return self.cache_dir / f"{table}-{digest}.json"
        try:
            directory = default_cache_dir()
        except (RuntimeError, KeyError, OSError) as err:
            # Path.home() fails without HOME and a password entry.
            raise DataError(
                f"cannot find a cache folder for table {table} ({err}); give the "
                "client a cache_dir, or use_cache=False"
            ) from None
        return directory / f"{table}-{digest}.json"

    def _wait_turn(self) -> None:
        with self._turn:
            if self._last_request is not None:
                due = self._last_request + self.min_interval - self._clock()
                if due > 0:
                    self._sleep(due)
            self._last_request = self._clock()

    def _request(self, table: str, url: str, body: Mapping[str, Any] | None) -> bytes:
        data = None if body is None else json.dumps(body).encode("utf-8")
        method = "GET" if data is None else "POST"
        headers = {
            "User-Agent": "attraktiv (Python; StatBankClient)",
            "Accept": "application/json",
        }
        if data is not None:
            headers["Content-Type"] = "application/json"
        wait = self.min_interval
        where = f"table {table} at {url}"
        for attempt in range(self.max_retries + 1):
            self._wait_turn()
            answer = self._follow(table, url, method, data, headers)
            if 200 <= answer.status < 300:
                return answer.content
            # One line, however the server formats its error page.
            detail = " ".join(
                answer.content[:300].decode("utf-8", errors="replace").split()
            )
            if answer.status in _RETRY_STATUSES and attempt < self.max_retries:
                header = answer.headers.get("Retry-After")
                wait = _retry_after(header, min(2 * wait, self.max_wait))
                if wait > self.max_wait:
                    raise DataError(
                        f"StatBank answered {answer.status} for {where} and asked "
                        f"to wait (Retry-After: {str(header)[:40]!r}), longer than "
                        f"max_wait={self.max_wait:g} s; ask again later, or give "
                        "the client a larger max_wait"
                    )
                self._sleep(wait)
                continue
            tries = f" after {attempt + 1} tries" if attempt else ""
            raise DataError(
                f"StatBank answered {answer.status} ({answer.reason[:60].strip()}) "
                f"for {url}{tries}" + (f": {detail}" if detail else "")
            )
        raise AssertionError("unreachable")  # pragma: no cover

    def _follow(
        self,
        table: str,
        url: str,
        method: str,
        data: bytes | None,
        headers: Mapping[str, str],
    ) -> _Answer:
        """One answer, following redirects that stay on the host and keep the query."""
        where = f"table {table} at {url}"
        origin = urllib.parse.urlsplit(url)
        current = url
        for _ in range(_MAX_REDIRECTS + 1):
            try:
                answer = _exchange(
                    current, method, data, headers, self.timeout, self.max_bytes
                )
            except _TransportError as err:
                raise DataError(
                    f"cannot reach StatBank at {current} for table {table}: {err}"
                ) from None
            if answer.status not in _REDIRECTS:
                return answer
            location = answer.headers.get("Location") or ""
            target = urllib.parse.urljoin(current, location.strip())
            moved = urllib.parse.urlsplit(target)
            if (moved.scheme, moved.hostname, moved.port) != (
                origin.scheme,
                origin.hostname,
                origin.port,
            ):
                raise DataError(
                    f"StatBank redirected {where} to {target[:200]!r}, another host "
                    "or scheme; the client does not follow it"
                )
            if data is not None and answer.status not in (307, 308):
                raise DataError(
                    f"StatBank redirected {where} with {answer.status}, which would "
                    "drop the query; the client does not follow it"
                )
            current = target
        raise DataError(f"StatBank redirected {where} more than {_MAX_REDIRECTS} times")

    def _dataset(
        self, content: bytes, table: str, url: str, body: Mapping[str, Any]
    ) -> dict[str, Any]:
        """The answer as a dataset, if it is the one asked for; else DataError."""
        where = f"StatBank's answer for table {table} from {url}"
        text, _ = decode_text(content, where)
        dataset = load_json(text, where, "expected a JSON-stat 2.0 dataset")
        try:
            read_jsonstat(dataset)
        except DataError as err:
            raise DataError(f"{where}: {err}") from None
        _check_answers(dataset, body, where)
        return dict(dataset)

    def _read_cache(
        self, cached: Path, table: str, url: str, body: Mapping[str, Any]
    ) -> dict[str, Any] | None:
        """The cached dataset, or None: a missing or invalid entry is a miss."""
        try:
            content = cached.read_bytes()
        except (OSError, ValueError):
            return None
        try:
            return self._dataset(content, table, url, body)
        except DataError:
            return None

    def _write_cache(self, cached: Path, content: bytes) -> None:
        """Write atomically, under a unique temporary name beside the target."""
        partial: str | None = None
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            handle, partial = tempfile.mkstemp(
                dir=cached.parent, prefix=f".{cached.stem}-", suffix=".part"
            )
            with os.fdopen(handle, "wb") as file:
                file.write(content)
            os.replace(partial, cached)
            partial = None
        except (OSError, ValueError) as err:
            reason = getattr(err, "strerror", None) or err
            raise DataError(
                f"cannot write the cache file {str(cached)!r}: {reason}; give "
                "another cache_dir, or use_cache=False"
            ) from None
        finally:
            if partial is not None:
                Path(partial).unlink(missing_ok=True)

    def fetch_json(
        self,
        table: str,
        selection: Mapping[str, Selection],
        *,
        refresh: bool = False,
    ) -> dict[str, Any]:
        """The JSON-stat 2.0 answer for a table and selection, from the cache if there.

        Parameters
        ----------
        table : str
            The five-digit table id (``"07459"``).
        selection : mapping
            As for :meth:`query`.
        refresh : bool, default False
            Ask the service even when the answer is cached (and cache the new one).

        Returns
        -------
        dict
            The parsed JSON-stat dataset, checked like a new answer whether it
            came from the service or the cache.

        Raises
        ------
        DataError
            If the service cannot be reached, answers with an error (the message
            has its status and text), or its answer is not a JSON-stat 2.0
            dataset or not the one asked for; nothing is cached then. Also if
            the cache cannot be written.
        """
        url = self.url(table)
        body = self.query(selection)
        _flag("refresh", refresh)
        cached = self._cache_file(table, url, body) if self.use_cache else None
        if cached is not None and not refresh:
            hit = self._read_cache(cached, table, url, body)
            if hit is not None:
                return hit
        content = self._request(table, url, body)
        try:
            dataset = self._dataset(content, table, url, body)
        except DataError as err:
            raise DataError(f"{err}; nothing was cached") from None
        if cached is not None:
            self._write_cache(cached, content)
        return dataset

    def fetch(
        self,
        table: str,
        selection: Mapping[str, Selection],
        *,
        borders: int | None = None,
        refresh: bool = False,
    ) -> pd.DataFrame:
        """A StatBank table as a tidy frame (see :func:`read_jsonstat`).

        Parameters
        ----------
        table : str
            The five-digit table id (``"07459"``).
        selection : mapping
            As for :meth:`query`.
        borders : int, optional
            As for :func:`read_jsonstat` (2024 only).
        refresh : bool, default False
            Ask the service even when the answer is cached.

        Returns
        -------
        pandas.DataFrame
            The tidy frame; ``frame.attrs["table"]`` and ``["query"]`` record what
            was asked.

        Raises
        ------
        DataError
            As for :meth:`fetch_json`.
        PeriodError, GeographyError
            With ``borders``, as for :func:`to_borders`.
        """
        if borders is not None:
            check_borders(borders)  # before asking the service
        dataset = self.fetch_json(table, selection, refresh=refresh)
        frame = read_jsonstat(dataset, borders=borders)
        frame.attrs["table"] = table
        frame.attrs["query"] = self.query(selection)
        return frame

    def metadata(self, table: str) -> dict[str, Any]:
        """A table's variables and their values, as the API describes them.

        Parameters
        ----------
        table : str
            The five-digit table id.

        Returns
        -------
        dict
            SSB's description: ``title`` and ``variables`` (each with ``code``,
            ``text``, ``values`` and ``valueTexts``). Not cached.

        Raises
        ------
        DataError
            If the service cannot be reached or answers with an error or
            something other than a JSON object.
        """
        url = self.url(table)
        content = self._request(table, url, None)
        where = f"the description of table {table} from {url}"
        text, _ = decode_text(content, where)
        described = load_json(text, where, "expected a JSON object")
        if not isinstance(described, dict):
            raise DataError(f"{where} is not a JSON object")
        return described


def _categories(dataset: Mapping[str, Any], name: str) -> list[str]:
    """A dimension's category codes (the dataset has been read, so is valid)."""
    category = dataset["dimension"][name]["category"]
    index = category.get("index")
    if index is None:
        return [str(code) for code in category.get("label", {})]
    return [str(code) for code in index]


def _check_answers(
    dataset: Mapping[str, Any], body: Mapping[str, Any], where: str
) -> None:
    """The dataset answers the query: its variables, and the items asked for.

    An answer for another query (a redirect that dropped it, a stale or
    swapped cache file) lacks a variable asked for or has other values.
    """
    ids = dataset["id"]
    for entry in body["query"]:
        name, chosen = entry["code"], entry["selection"]
        if chosen["filter"] not in ("item", "all"):
            continue  # aggregations and value sets may rename or eliminate it
        if name not in ids:
            raise DataError(
                f"{where} does not answer the query: it has no variable {name!r} "
                f"(it has {', '.join(map(repr, ids))})"
            )
        if chosen["filter"] != "item":
            continue
        got = _categories(dataset, name)
        if set(got) != set(chosen["values"]):
            missing = sorted(set(chosen["values"]) - set(got))
            extra = sorted(set(got) - set(chosen["values"]))
            raise DataError(
                f"{where} does not answer the query: variable {name!r} lacks "
                f"{missing[:5]!r} and has {extra[:5]!r} beyond what was asked"
            )
