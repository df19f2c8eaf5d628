"""Making untrusted article text safe to put on a terminal.

Articles come from folders nobody curated: they may hold terminal escape
sequences (clear screen, OSC 52 clipboard writes) or control characters.
Everything shown — in the CLI or the reader — goes through `clean` first, and
is rendered as plain `Text`, never parsed as Rich markup.
"""

from __future__ import annotations

import re

# CSI, OSC (terminated by BEL or ST), other ESC-introduced sequences, then stray C0/C1 controls.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI ... final byte
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC ... BEL / ST
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC strings
    r"|\x1b[@-Z\\-_]?"  # two-byte escapes and lone ESC
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"
)


def clean(text: str) -> str:
    """`text` without escape sequences or control characters (newlines and tabs kept)."""
    return _ESCAPES.sub("", text)


_C1 = re.compile("[\x80-\x9f]")


def json_for_terminal(text: str) -> str:
    """JSON text with C1 controls (U+0080–U+009F, e.g. the 8-bit CSI) written as `\\u` escapes.

    `json.dumps` escapes only C0 controls; some terminals act on C1 controls even in
    UTF-8. They can only occur inside JSON strings, where the escape means the same.
    """
    return _C1.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
