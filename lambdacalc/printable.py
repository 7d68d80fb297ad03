"""User text made safe to print: the one rule for every output and error message.

Names, paths and values come from files and flags the user (or someone else) wrote. Printed
raw, an ESC, CSI or OSC sequence or a C1 control would drive the terminal (recolour it, set
its title, hide text, make a link), a newline would forge an extra `Error:` line, and a
bidirectional override would reorder what is shown. Such characters are printed as their
Python escape (`\\x1b`, `\\n`, `\\u202e`); everything else, any script included, is kept.
"""

import re

# C0 controls, DEL and C1 controls; bidirectional embeddings, overrides and isolates; the
# line and paragraph separators; lone surrogates (which cannot be encoded at all). Patterns
# are compiled by `re` when first used (its cache keeps them): compiling these two classes
# takes about 1 ms, which a run that prints nothing unusual need not spend.
_UNSAFE = "[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"


def _escape(match: "re.Match[str]") -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` with every control character written as its escape; one line."""
    if text.isascii() and text.isprintable():  # the usual case: all of it is 0x20-0x7e
        return text
    return re.sub(_UNSAFE, _escape, text)


# What json.dumps(ensure_ascii=False) leaves raw inside strings (it escapes C0 itself; raw
# C0 outside strings is only the document's own line breaks).
_DEL_AND_C1 = bytes(range(0x7F, 0xA0))
_JSON_UNSAFE = "[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"


def json_safe(text: str) -> str:
    """JSON text with the control characters json.dumps leaves raw (DEL, C1, bidi, lone
    surrogates) written as \\u escapes: the same JSON value, nothing raw on a terminal.
    (Used on every stdout write: the table, CSV and Markdown have none left by then.)"""
    if text.isascii() and "\x7f" not in text:  # the usual case: nothing to escape (isascii
        return text  # is a flag lookup on str; every character above is DEL or beyond)
    try:  # Latin-1 text (a "×" in a label) can hold only DEL and C1 of them: C-level checks
        latin1 = text.encode("latin-1")
    except UnicodeEncodeError:
        pass
    else:
        if len(latin1.translate(None, _DEL_AND_C1)) == len(latin1):
            return text
    return re.sub(_JSON_UNSAFE, lambda m: f"\\u{ord(m.group()):04x}", text)
