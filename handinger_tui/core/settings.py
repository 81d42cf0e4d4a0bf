"""Env vars, command-line flags and the config file, merged in one place.

Precedence, highest first: CLI flag > environment > config file > default.

The API key comes from ``--api-key-file FILE`` (``-`` reads standard input), ``--api-key``
(kept for compatibility, with a warning: every local user sees it in ``ps``), the
environment or the config file.

* Environment: ``HANDINGER_API_KEY``, ``HANDINGER_BASE_URL``, ``HANDINGER_TUI_CONFIG``
  (path of the config file). Empty variables count as unset.
* Config file (TOML, default ``user_config_dir("handinger-tui")/config.toml``)::

    [api]
    base_url = "https://handinger.com"
    api_key = "hdg_live_..."      # allowed, but a warning says it is plaintext
    read_only = false

    [refresh]                     # seconds
    active_interval = 2           # selected worker pending/running
    idle_interval = 15            # selected worker idle
    list_interval = 10            # visible list rows
    schedules_interval = 30
    webhook_interval = 30
    backoff_max = 180
    max_in_flight = 4
    sweep_per_minute = 12         # background sweep of every tracked worker (0: off)
    stuck_after = 600             # a run pending/running longer is a problem

    [paths]
    data_dir = "~/somewhere"

    [keys]                        # action id -> key (issue 4's action registry)
    "worker.create" = "n"

    [ui]
    theme = "nord"                # a Textual theme; the app saves the one chosen in it

A missing default config file is fine; a config path given explicitly (flag, env or
argument) must exist. Unknown keys produce warnings, bad values a :class:`SettingsError`
naming the setting, the bad value and where it came from. Boolean CLI flags only switch
things on (``--read-only``); ``False``/``None`` from the CLI means "not given".

The API key is an :class:`~handinger_tui.api.key.ApiKey` (``Secret`` here, by its old
name), whose ``repr``/``str``/format never show it, so a crash report that prints local
variables cannot leak it; :func:`~handinger_tui.api.key.check_key` is the one rule for a
valid key, the client's too. This module imports only the standard library at import time.
"""

from __future__ import annotations

import getpass
import math
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeVar
from urllib.parse import urlsplit

import platformdirs

from handinger_tui.api.key import ApiKey, check_key

if TYPE_CHECKING:
    from argparse import Namespace

__all__ = [
    "DEFAULT_BASE_URL",
    "ApiKey",
    "Secret",
    "Settings",
    "SettingsError",
    "default_config_path",
    "default_data_dir",
    "load_settings",
]

APP_NAME: Final = "handinger-tui"
DEFAULT_BASE_URL: Final = "https://handinger.com"
ENV_API_KEY: Final = "HANDINGER_API_KEY"
ENV_BASE_URL: Final = "HANDINGER_BASE_URL"
ENV_CONFIG: Final = "HANDINGER_TUI_CONFIG"
STDIN_SOURCE: Final = "standard input"
MAX_KEY_FILE: Final = 64 * 1024
ARGV_KEY_WARNING: Final = (
    "--api-key shows the key to every local user (ps, /proc); prefer the "
    f"{ENV_API_KEY} environment variable or --api-key-file FILE (- reads standard input)"
)

T = TypeVar("T")


Secret = ApiKey  # the old name of the one key type


class SettingsError(ValueError):
    """A setting has a bad value; the message is fit to show the operator as is."""


def default_config_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME))


@dataclass(frozen=True)
class Settings:
    """Everything the app is configured with. Intervals are in seconds."""

    api_key: ApiKey | None = None
    base_url: str = DEFAULT_BASE_URL
    active_interval: float = 2.0
    idle_interval: float = 15.0
    list_interval: float = 10.0
    schedules_interval: float = 30.0
    webhook_interval: float = 30.0
    max_in_flight: int = 4
    backoff_max: float = 180.0
    sweep_per_minute: int = 12
    stuck_after: float = 600.0
    read_only: bool = False
    keymap: dict[str, str] = field(default_factory=dict, hash=False)
    theme: str | None = None  # a Textual theme name, checked by the app (it knows them)
    config_path: Path | None = None
    data_dir: Path | None = None
    api_key_source: str | None = None
    warnings: tuple[str, ...] = ()

    @property
    def has_api_key(self) -> bool:
        return bool(self.api_key)


# name -> (section in the file, validator); the validator gets (value, where).
_FLOAT_RANGES: Final = {
    "active_interval": (0.5, 3600.0),
    "idle_interval": (0.5, 3600.0),
    "list_interval": (0.5, 3600.0),
    "schedules_interval": (0.5, 3600.0),
    "webhook_interval": (0.5, 3600.0),
    "backoff_max": (1.0, 3600.0),
    "stuck_after": (60.0, 7 * 86400.0),
}
_INT_RANGES: Final = {"max_in_flight": (1, 32), "sweep_per_minute": (0, 600)}
_FILE_KEYS: Final = {
    "api": {"base_url", "api_key", "read_only"},
    "refresh": set(_FLOAT_RANGES) | set(_INT_RANGES),
    "paths": {"data_dir"},
    "ui": {"theme"},
}


def _section_of(name: str) -> str:
    for section, names in _FILE_KEYS.items():
        if name in names:
            return section
    return "app"


def _fmt(number: float) -> str:
    return f"{number:g}"


def _number(name: str, value: object, where: str) -> float:
    low, high = _FLOAT_RANGES[name]
    message = (
        f"{_section_of(name)}.{name} must be a number between {_fmt(low)} and {_fmt(high)}, "
        f"got {value!r} in {where}"
    )
    if isinstance(value, bool):
        raise SettingsError(message)
    try:
        number = float(value) if isinstance(value, int | float | str) else math.nan
    except ValueError:
        raise SettingsError(message) from None
    if not (low <= number <= high):  # also rejects NaN
        raise SettingsError(message)
    return number


def _integer(name: str, value: object, where: str) -> int:
    low, high = _INT_RANGES[name]
    message = (
        f"{_section_of(name)}.{name} must be a whole number between {low} and {high}, "
        f"got {value!r} in {where}"
    )
    if isinstance(value, bool):
        raise SettingsError(message)
    if isinstance(value, str):
        try:
            value = int(value.strip())
        except ValueError:
            raise SettingsError(message) from None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or not (low <= value <= high):
        raise SettingsError(message)
    return value


def _base_url(value: object, where: str) -> str:
    message = (
        f"api.base_url must be an http(s) URL such as {DEFAULT_BASE_URL}, got {value!r} in {where}"
    )
    if not isinstance(value, str):
        raise SettingsError(message)
    url = value.strip().rstrip("/")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise SettingsError(message) from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise SettingsError(message)
    if parts.query or parts.fragment or any(ch.isspace() for ch in url):
        raise SettingsError(message)
    return url


def _api_key(value: object, where: str) -> ApiKey:
    # Never echo the value: it is a secret even when malformed.
    if not isinstance(value, str) or not value.strip():
        raise SettingsError(f"api.api_key must be a non-empty string in {where}")
    if (problem := check_key(value, where)) is not None:
        raise SettingsError(problem)
    return ApiKey(value.strip())


def _boolean(name: str, value: object, where: str) -> bool:
    if isinstance(value, bool):
        return value
    raise SettingsError(
        f"{_section_of(name)}.{name} must be true or false, got {value!r} in {where}"
    )


def _path(name: str, value: object, where: str) -> Path:
    if isinstance(value, os.PathLike) or (isinstance(value, str) and value.strip()):
        return Path(os.fspath(value)).expanduser()
    raise SettingsError(f"paths.{name} must be a directory path, got {value!r} in {where}")


def _keymap(value: object, where: str) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise SettingsError(f"[keys] must be a table of action id = key, in {where}")
    keymap: dict[str, str] = {}
    for action, key in value.items():
        if not isinstance(action, str) or not action.strip():
            raise SettingsError(
                f"keys: action ids must be non-empty strings, got {action!r} in {where}"
            )
        if (
            not isinstance(key, str)
            or not key.strip()
            or any(ch.isspace() or not ch.isprintable() for ch in key.strip())
        ):
            raise SettingsError(
                f'keys."{action}" must be a key name such as "n" or "ctrl+e", '
                f"got {key!r} in {where}"
            )
        keymap[action.strip()] = key.strip()
    return keymap


def _theme(value: object, where: str, warnings: list[str]) -> str | None:
    """A theme name, or a warning and the default theme: never a reason not to start."""
    if isinstance(value, str) and value.strip() and value.strip().isprintable():
        return value.strip()
    warnings.append(
        f'ui.theme must be a theme name such as "textual-dark", got {value!r} in {where}; '
        "using the default theme"
    )
    return None


def read_stdin_key() -> str:
    """The key from standard input: asked for (not echoed) on a terminal, else read."""
    if sys.stdin is None:
        raise SettingsError("--api-key-file -: there is no standard input to read the key from")
    if sys.stdin.isatty():
        return getpass.getpass("Handinger API key (not shown): ")
    return sys.stdin.read(MAX_KEY_FILE + 1)


def _key_text(text: str, where: str) -> ApiKey:
    """One key on one line (a trailing newline is fine); never echo the content."""
    if len(text) > MAX_KEY_FILE:
        raise SettingsError(f"{where} is too large to hold an API key")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        raise SettingsError(f"{where} holds no API key (it is empty)")
    if len(lines) > 1:
        raise SettingsError(f"{where} holds {len(lines)} lines; it must hold the API key alone")
    return _api_key(lines[0], where)


def _key_file(value: object, warnings: list[str], stdin: Callable[[], str]) -> tuple[ApiKey, str]:
    """The key from ``--api-key-file`` (``-`` = standard input) and where it came from."""
    if value == "-":
        return _key_text(stdin(), STDIN_SOURCE), STDIN_SOURCE
    if not isinstance(value, str | os.PathLike) or not str(value).strip():
        raise SettingsError("--api-key-file needs a file path (or - for standard input)")
    path = Path(str(value)).expanduser()
    where = f"--api-key-file {path}"
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_KEY_FILE + 1)
            mode = os.fstat(handle.fileno()).st_mode
    except FileNotFoundError:
        raise SettingsError(f"API key file {path} does not exist") from None
    except IsADirectoryError:
        raise SettingsError(f"API key file {path} is a directory") from None
    except OSError as exc:
        raise SettingsError(f"Could not read API key file {path}: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SettingsError(f"API key file {path} is not UTF-8 text") from None
    if os.name == "posix" and mode & 0o077:
        warnings.append(f"API key file {path} is readable by other users: chmod 600 it")
    return _key_text(text, where), where


def _cli_get(cli: Mapping[str, object] | Namespace | None, name: str) -> object:
    """A flag's value (None: not given), from a mapping or the parsed command line."""
    if cli is None:
        return None
    values = cli if isinstance(cli, Mapping) else vars(cli)
    return values.get(name)


def _read_config(path: Path, *, required: bool) -> dict[str, Any]:
    import tomllib  # here, not at the top: only a config file that exists needs it

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        if required:
            raise SettingsError(f"Config file {path} does not exist") from None
        return {}
    except IsADirectoryError:
        raise SettingsError(f"Config file {path} is a directory") from None
    except OSError as exc:
        raise SettingsError(f"Could not read config file {path}: {exc.strerror or exc}") from None
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise SettingsError(f"Config file {path} is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"Config file {path} is not valid TOML: {exc}") from None


def load_settings(
    *,
    cli: Mapping[str, object] | Namespace | None = None,
    env: Mapping[str, str] | None = None,
    config_path: Path | None = None,
    stdin: Callable[[], str] = read_stdin_key,
) -> Settings:
    """Merge CLI flags, environment, config file and defaults into :class:`Settings`.

    ``cli`` is a mapping or an ``argparse.Namespace`` whose attributes are the
    :class:`Settings` field names (``api_key``, ``base_url``, ``read_only``, intervals,
    ``data_dir``) plus ``config`` / ``config_path`` and ``api_key_file``; ``None`` means
    "not given". ``stdin`` reads the key for ``--api-key-file -``.
    Raises :class:`SettingsError` with an operator-facing message.
    """
    environ: Mapping[str, str] = os.environ if env is None else env
    warnings: list[str] = []

    def env_get(name: str) -> str | None:
        value = environ.get(name)
        return value if value and value.strip() else None

    # Where is the config file?
    explicit: object = config_path
    if explicit is None:
        explicit = _cli_get(cli, "config_path") or _cli_get(cli, "config")
    if explicit is None:
        explicit = env_get(ENV_CONFIG)
    if explicit is not None:
        path = _path("config", explicit, "the config path")
        file_data = _read_config(path, required=True)
    else:
        path = default_config_path()
        file_data = _read_config(path, required=False)
    in_file = str(path)

    sections: dict[str, Mapping[str, Any]] = {}
    for section, table in file_data.items():
        if section not in (*_FILE_KEYS, "keys"):
            owner = next((name for name, keys in _FILE_KEYS.items() if section in keys), None)
            if owner is not None and not isinstance(table, Mapping):
                warnings.append(
                    f"{section} = … at the top of {in_file} was ignored: "
                    f"did you mean {section} under [{owner}]?"
                )
            else:
                warnings.append(f"Unknown section [{section}] in {in_file} was ignored")
            continue
        if not isinstance(table, Mapping):
            raise SettingsError(f"[{section}] must be a table in {in_file}")
        sections[section] = table
        if section in _FILE_KEYS:
            for key in table:
                if key not in _FILE_KEYS[section]:
                    warnings.append(f"Unknown setting {section}.{key} in {in_file} was ignored")

    def pick(
        name: str, flag: str, env_name: str | None, convert: Callable[[object, str], T]
    ) -> tuple[T | None, str | None]:
        cli_value = _cli_get(cli, name)
        if cli_value is not None and cli_value is not False:
            return convert(cli_value, flag), flag
        if env_name is not None:
            env_value = env_get(env_name)
            if env_value is not None:
                return convert(env_value, env_name), env_name
        table = sections.get(_section_of(name), {})
        if name in table:
            return convert(table[name], in_file), in_file
        return None, None

    values: dict[str, Any] = {}
    key_file = _cli_get(cli, "api_key_file")
    if key_file is not None and _cli_get(cli, "api_key") is not None:
        raise SettingsError("--api-key and --api-key-file were both given; pass only one")
    api_key: ApiKey | None
    key_source: str | None
    if key_file is not None:
        api_key, key_source = _key_file(key_file, warnings, stdin)
    else:
        api_key, key_source = pick("api_key", "--api-key", ENV_API_KEY, _api_key)
    if key_source == "--api-key":
        warnings.append(ARGV_KEY_WARNING)
    if api_key is not None:
        values["api_key"] = api_key
    if "api_key" in sections.get("api", {}) or "api_key" in file_data:
        warning = (
            f"{in_file} holds an API key in plain text; prefer the {ENV_API_KEY} "
            "environment variable or --api-key-file"
        )
        try:
            if os.name == "posix" and path.stat().st_mode & 0o077:
                warning += " (the file is readable by other users: chmod 600 it)"
        except OSError:
            pass
        warnings.append(warning)

    base_url, _ = pick("base_url", "--base-url", ENV_BASE_URL, _base_url)
    if base_url is not None:
        values["base_url"] = base_url
    for name in _FLOAT_RANGES:
        flag = "--" + name.replace("_", "-")
        number, _ = pick(name, flag, None, partial(_number, name))
        if number is not None:
            values[name] = number
    for name in _INT_RANGES:
        flag = "--" + name.replace("_", "-")
        integer, _ = pick(name, flag, None, partial(_integer, name))
        if integer is not None:
            values[name] = integer
    read_only, _ = pick("read_only", "--read-only", None, partial(_boolean, "read_only"))
    if read_only is not None:
        values["read_only"] = read_only
    data_dir, _ = pick("data_dir", "--data-dir", None, partial(_path, "data_dir"))

    keymap = _keymap(sections["keys"], in_file) if "keys" in sections else {}
    ui = sections.get("ui", {})
    theme = _theme(ui["theme"], in_file, warnings) if "theme" in ui else None
    return Settings(
        **values,
        keymap=keymap,
        theme=theme,
        config_path=path,
        data_dir=data_dir if data_dir is not None else default_data_dir(),
        api_key_source=key_source,
        warnings=tuple(warnings),
    )
