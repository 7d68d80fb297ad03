"""The currency money is in: a price book's, and so its bill's.

AWS prices Lambda in USD everywhere except the China regions, whose operators (Sinnet in
Beijing, NWCD in Ningxia) price in CNY. A bill is priced from one book, so it is in one
currency and never mixes the two. Inside lambdacalc amounts are plain Decimals and the
engine's fields keep their USD-book names (`cost_usd`, `usd_per_gb_s`): they hold amounts in
the book's currency. Everything a user reads says the real one: text shows its symbol
(`¥12.34`), JSON and CSV spell each money field with its code (`monthly_cny`) and say
`currency`, and a CNY book file spells its prices `request_cny_per_million` and so on.

The currency of the money being shown is a context variable: set while a bill is priced
(`lambdacalc.cost.price`) and, at the command-line edge, for the whole command from the price
book it loaded (each command runs in its own copy of the context).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

USD = "USD"
CNY = "CNY"
SYMBOLS = {USD: "$", CNY: "¥"}  # the currencies a price book may be in

_current: ContextVar[str] = ContextVar("lambdacalc_currency", default=USD)


def current() -> str:
    """The currency of the money being priced or shown."""
    return _current.get()


def symbol() -> str:
    """Its symbol, as text output puts it before an amount: $ or ¥."""
    return SYMBOLS[_current.get()]


def use(currency: str) -> None:
    """Make `currency` the current one for the rest of this context (a command's run)."""
    _current.set(currency)


@contextmanager
def money_in(currency: str) -> Iterator[None]:
    """Money is in `currency` inside the block."""
    token = _current.set(currency)
    try:
        yield
    finally:
        _current.reset(token)


def key_in(key: str, currency: str) -> str:
    """A field name spelt for `currency`: the word `usd` in it becomes the currency's code
    (monthly_usd → monthly_cny, usd_per_gb_s → cny_per_gb_s); any other name is unchanged."""
    if currency == USD:
        return key
    code = currency.lower()
    return "_".join(code if part == "usd" else part for part in key.split("_"))


# A JSON key as lambdacalc writes JSON (indented: every key starts a line) holding the word
# usd. A string value cannot match: a quote inside one is escaped, so `usd"` cannot follow.
# (Compiled by `re` on first use, which only a book in another currency makes.)
_JSON_KEY = r'(?m)^(\s*")([a-z0-9_.\[\]]+)(": )'
_WORD = r"(?<![a-z0-9])usd(?![a-z0-9])"


def json_in(text: str, currency: str) -> str:
    """lambdacalc's JSON text with every money key spelt for `currency`."""
    if currency == USD:
        return text
    code = currency.lower()
    return re.sub(_JSON_KEY, lambda m: m[1] + re.sub(_WORD, code, m[2]) + m[3], text)


def csv_in(text: str, currency: str) -> str:
    """lambdacalc's CSV text with its header's money columns spelt for `currency`."""
    if currency == USD:
        return text
    header, newline, rest = text.partition("\n")
    return re.sub(_WORD, currency.lower(), header) + newline + rest
