"""Copying that works over SSH, inside tmux and on a desktop.

OSC 52 (Textual's `copy_to_clipboard`) reaches the local terminal through SSH;
tmux may swallow it depending on `set-clipboard`, so inside tmux the text also
goes into tmux's paste buffer; on a desktop, the local clipboard tool gets it
too. Subprocesses run in a thread with a timeout and fail silently: the copy
the user sees confirmed is the OSC 52 one, the rest are best effort.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from collections.abc import Mapping

TIMEOUT_SECONDS = 2.0


def local_copy_commands(env: Mapping[str, str] | None = None) -> list[list[str]]:
    """The commands that put stdin on a clipboard here, best first."""
    env = os.environ if env is None else env
    commands: list[list[str]] = []
    if env.get("TMUX") and shutil.which("tmux"):
        commands.append(["tmux", "load-buffer", "-w", "-"])
    if env.get("WAYLAND_DISPLAY") and shutil.which("wl-copy"):
        commands.append(["wl-copy"])
    elif env.get("DISPLAY"):
        if shutil.which("xclip"):
            commands.append(["xclip", "-selection", "clipboard"])
        elif shutil.which("xsel"):
            commands.append(["xsel", "--clipboard", "--input"])
    if shutil.which("pbcopy"):
        commands.append(["pbcopy"])
    return commands


def _run(command: list[str], text: str) -> bool:
    try:
        result = subprocess.run(
            command, input=text.encode("utf-8"), timeout=TIMEOUT_SECONDS,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    if result.returncode != 0 and command[:2] == ["tmux", "load-buffer"] and "-w" in command:
        # tmux < 3.2 has no -w (also send to the outer clipboard): plain load-buffer still fills the buffer.
        return _run(["tmux", "load-buffer", "-"], text)
    return result.returncode == 0


def copy_locally(text: str, commands: list[list[str]] | None = None) -> threading.Thread:
    """Feeds `text` to every local clipboard command, in a background thread."""
    commands = local_copy_commands() if commands is None else commands

    def work() -> None:
        for command in commands:
            _run(command, text)

    thread = threading.Thread(target=work, name="newsreader-clipboard", daemon=True)
    thread.start()
    return thread
