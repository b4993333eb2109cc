"""The user's own keys: ``keymap.toml`` beside config.toml, one ``binding_id = "key"`` line per changed action.

Read once at start. A bad line (an id the app does not know, a key that is not a string, a key another action
already has) is left out with one sentence saying why; the file never stops the app.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import NamedTuple

from accountmgr.keys import BY_ID, VOCABULARY, display
from accountmgr.services.user_config import config_path

KEYMAP_FILE = "keymap.toml"

KEY_ALIASES = {"?": "question_mark", "/": "slash", "[": "left_square_bracket", "]": "right_square_bracket",
               "!": "exclamation_mark", "$": "dollar_sign", "+": "plus", "-": "minus", "esc": "escape",
               "return": "enter", "del": "delete", ",": "comma", ".": "full_stop", " ": "space"}
"""What people write for a key, as Textual names it."""


class Keymap(NamedTuple):
    """The keys to apply (id → key string) and one sentence per line left out."""

    keys: dict[str, str]
    problems: list[str]


def keymap_path() -> Path:
    """keymap.toml in the same folder as the user's config.toml (so ACCOUNTMGR_CONFIG moves both)."""
    return config_path().parent / KEYMAP_FILE


def _normalise(key: str) -> str:
    """One key as Textual names it: ``ctrl+S`` → ``ctrl+s``, ``?`` → ``question_mark``; a letter keeps its case."""
    key = key.strip()
    if key.lower() in KEY_ALIASES or key in KEY_ALIASES:
        return KEY_ALIASES.get(key, KEY_ALIASES.get(key.lower(), key))
    if "+" in key[:-1]:
        *mods, last = key.split("+")
        return "+".join([*(m.strip().lower() for m in mods), _normalise(last) if len(last) > 1 else last.lower()])
    return key if len(key) == 1 else key.lower()


def parse_keymap(text: str, source: str = KEYMAP_FILE) -> Keymap:
    """The usable lines of a keymap file's *text*; *source* names the file in the messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return Keymap({}, [f"{source} was not read: {error}; your keys are the default ones."])
    wanted: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, value in data.items():
        if binding_id not in BY_ID:
            problems.append(f"{source}: '{binding_id}' is not an action name (the help screen lists them); "
                            "that line is left out.")
        elif not isinstance(value, str) or not value.strip():
            problems.append(f"{source}: the key of '{binding_id}' must be text such as \"ctrl+n\"; "
                            "that line is left out.")
        else:
            wanted[binding_id] = ",".join(_normalise(part) for part in value.split(",") if part.strip())
    # Who holds each key once the wanted changes are made: a key may leave one action and go to another.
    holder: dict[str, str] = {}
    for spec in VOCABULARY:
        if spec.id not in wanted:
            for key in spec.key.split(","):
                holder[key] = spec.id
    keys: dict[str, str] = {}
    for binding_id, key_string in wanted.items():
        taken = next((holder[key] for key in key_string.split(",") if key in holder), None)
        if taken is not None:
            problems.append(f"{source}: {display(key_string)} for '{binding_id}' is already the key of '{taken}'; "
                            f"'{binding_id}' keeps {display(BY_ID[binding_id].key)}.")
            for key in BY_ID[binding_id].key.split(","):
                holder.setdefault(key, binding_id)
            continue
        for key in key_string.split(","):
            holder[key] = binding_id
        keys[binding_id] = key_string
    return Keymap(keys, problems)


def load_keymap(path: Path | None = None) -> Keymap:
    """The user's keymap file (none: nothing to change); an unreadable file is one problem, never an error."""
    path = path or keymap_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Keymap({}, [])
    except (OSError, UnicodeDecodeError) as error:
        return Keymap({}, [f"{path.name} could not be read ({error.__class__.__name__}); your keys are the default ones."])
    return parse_keymap(text, path.name)
