"""A small client for Statistics Norway's StatBank API (PxWeb, JSON-stat 2.0).

The library never needs the network at run time: this client is only used when
called, its answers are cached on disk, and the tests replay recorded answers
from a local server.
"""

from __future__ import annotations

import email.utils
import hashlib
import importlib
import json
import os
import re
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import pandas as pd

from ..errors import DataError, InvalidOptionError
from ._jsonstat import read_jsonstat

__all__ = ["DEFAULT_BASE_URL", "StatBankClient", "default_cache_dir"]

#: StatBank's API (version 0) in English; ``.../api/v0/no/table/`` is Norwegian.
DEFAULT_BASE_URL: Final = "https://data.ssb.no/api/v0/en/table/"

# SSB allows 30 queries a minute from one address: one every two seconds.
_MIN_INTERVAL: Final = 2.0
_RETRY_STATUSES: Final = frozenset({429, 502, 503, 504})
_TABLE_ID: Final = re.compile(r"^\d{5}$")

Selection = str | Sequence[str] | Mapping[str, Any]


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


def _selection(name: str, chosen: Selection) -> dict[str, Any]:
    if isinstance(chosen, str):
        if chosen == "*":
            return {"filter": "all", "values": ["*"]}
        return {"filter": "item", "values": [chosen]}
    if isinstance(chosen, Mapping):
        if set(chosen) != {"filter", "values"}:
            raise InvalidOptionError(
                f"the selection of {name!r} must have exactly the keys 'filter' "
                f"and 'values'; got {sorted(map(str, chosen))}"
            )
        return {"filter": str(chosen["filter"]), "values": list(chosen["values"])}
    values = [str(value) for value in chosen]
    if not values:
        raise InvalidOptionError(f"the selection of {name!r} is empty")
    return {"filter": "item", "values": values}


def _retry_after(value: str | None, default: float) -> float:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date)."""
    if not value:
        return default
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    return max(0.0, moment.timestamp() - time.time())


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
        Seconds to wait for an answer.
    max_retries : int, default 3
        How many times to ask again after a "too many requests" (429) or a
        temporary failure (502, 503, 504).
    min_interval : float, default 2.0
        Seconds between two requests of this client: SSB allows 30 queries a
        minute from one address.
    sleep, clock : callable, optional
        ``time.sleep`` and ``time.monotonic`` by default; tests replace them so
        nothing waits.

    Raises
    ------
    InvalidOptionError
        If a number is negative or ``base_url`` is not http(s).

    Notes
    -----
    A query is StatBank's JSON query: for each variable the values wanted
    (``filter`` ``"item"``), every value (``"*"``, filter ``"all"``) or one of
    SSB's aggregations (``{"filter": "agg:KommSummer", "values": [...]}``);
    variables left out are eliminated (summed) by SSB where the table allows
    it. The answer is asked for as JSON-stat 2.0 and read with
    :func:`read_jsonstat`. It is cached only once it has been read
    successfully, so a malformed answer is never cached. A 429 answer is waited
    out for its ``Retry-After`` seconds (else twice the previous wait) before
    asking again.

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
        cache_dir: str | os.PathLike[str] | None = None,
        use_cache: bool = True,
        timeout: float = 60.0,
        max_retries: int = 3,
        min_interval: float = _MIN_INTERVAL,
        sleep: Callable[[float], None] | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise InvalidOptionError(
                f"base_url must start with http:// or https://; got {base_url!r}"
            )
        for name, number in (
            ("timeout", timeout),
            ("max_retries", max_retries),
            ("min_interval", min_interval),
        ):
            if number < 0:
                raise InvalidOptionError(f"{name} must be 0 or more; got {number!r}")
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.use_cache = use_cache
        self.timeout = float(timeout)
        self.max_retries = int(max_retries)
        self.min_interval = float(min_interval)
        self._sleep = sleep if sleep is not None else time.sleep
        self._clock = clock if clock is not None else time.monotonic
        self._last_request: float | None = None

    def __repr__(self) -> str:
        return f"StatBankClient({self.base_url!r})"

    def url(self, table: str) -> str:
        """The URL of a table: ``base_url`` followed by its five-digit id."""
        if not isinstance(table, str) or not _TABLE_ID.match(table):
            raise InvalidOptionError(
                f"a StatBank table id is five digits as text, such as '07459'; "
                f"got {table!r}"
            )
        return self.base_url + table

    @staticmethod
    def query(selection: Mapping[str, Selection]) -> dict[str, Any]:
        """StatBank's JSON query for a selection, answer as JSON-stat 2.0.

        Parameters
        ----------
        selection : mapping
            Variable code to the values wanted: a list of codes, ``"*"`` for
            all, or ``{"filter": ..., "values": [...]}`` as SSB writes it.

        Returns
        -------
        dict
            ``{"query": [...], "response": {"format": "json-stat2"}}``.
        """
        if not isinstance(selection, Mapping):
            raise InvalidOptionError(
                "selection must map variable codes to values, such as "
                "{'Region': ['K-0301'], 'Tid': ['2022']}"
            )
        return {
            "query": [
                {"code": str(name), "selection": _selection(str(name), chosen)}
                for name, chosen in selection.items()
            ],
            "response": {"format": "json-stat2"},
        }

    def _cache_file(self, table: str, url: str, body: Mapping[str, Any]) -> Path:
        key = json.dumps({"url": url, "body": body}, sort_keys=True)
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]
        directory = (
            self.cache_dir if self.cache_dir is not None else default_cache_dir()
        )
        return directory / f"{table}-{digest}.json"

    def _wait_turn(self) -> None:
        if self._last_request is not None:
            due = self._last_request + self.min_interval - self._clock()
            if due > 0:
                self._sleep(due)
        self._last_request = self._clock()

    def _request(self, url: str, body: Mapping[str, Any] | None) -> bytes:
        data = None if body is None else json.dumps(body).encode("utf-8")
        headers = {"User-Agent": "attraktiv (Python; StatBankClient)"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        wait = self.min_interval
        for attempt in range(self.max_retries + 1):
            self._wait_turn()
            request = urllib.request.Request(
                url,
                data=data,
                headers=headers,
                method="GET" if data is None else "POST",
            )
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                    content: bytes = answer.read()
                    return content
            except urllib.error.HTTPError as err:
                detail = err.read()[:300].decode("utf-8", errors="replace").strip()
                if err.code in _RETRY_STATUSES and attempt < self.max_retries:
                    wait = _retry_after(err.headers.get("Retry-After"), 2 * wait)
                    self._sleep(wait)
                    continue
                tries = f" after {attempt + 1} tries" if attempt else ""
                raise DataError(
                    f"StatBank answered {err.code} ({err.reason}) for {url}{tries}"
                    + (f": {detail}" if detail else "")
                ) from None
            except (urllib.error.URLError, TimeoutError, OSError) as err:
                reason = getattr(err, "reason", err)
                raise DataError(f"cannot reach StatBank at {url}: {reason}") from None
        raise AssertionError("unreachable")  # pragma: no cover

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
            The parsed JSON-stat dataset.

        Raises
        ------
        DataError
            If the service cannot be reached, answers with an error (the message
            has its status and text), or its answer is not a JSON-stat 2.0
            dataset; nothing is cached then.
        """
        url = self.url(table)
        body = self.query(selection)
        cached = self._cache_file(table, url, body)
        if self.use_cache and not refresh and cached.is_file():
            try:
                parsed: dict[str, Any] = json.loads(cached.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError):
                pass  # An unreadable cache file is a miss; it is written anew.
            else:
                return parsed
        content = self._request(url, body)
        where = f"StatBank's answer for table {table} from {url}"
        try:
            dataset = json.loads(content.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            raise DataError(
                f"{where} is not JSON ({type(err).__name__}: {err}); nothing was cached"
            ) from None
        try:
            read_jsonstat(dataset)
        except DataError as err:
            raise DataError(f"{where}: {err}; nothing was cached") from None
        if self.use_cache:
            cached.parent.mkdir(parents=True, exist_ok=True)
            partial = cached.with_suffix(".part")
            partial.write_text(json.dumps(dataset), encoding="utf-8")
            os.replace(partial, cached)
        return dict(dataset)

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
        content = self._request(url, None)
        try:
            described = json.loads(content.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            raise DataError(
                f"the description of table {table} is not JSON: {err}"
            ) from None
        if not isinstance(described, dict):
            raise DataError(f"the description of table {table} is not a JSON object")
        return described
