"""Well-formed terms: what the ``invalid-iri`` and ``ill-typed-literal`` rules of ``shapes/skos.ttl`` report.

The functions here are the Python mirror of those two shapes' SPARQL (the fast engine's checks call them,
and the fingerprints in :mod:`cxkg.validation.skos_checks` tie them to the shape text). The loader uses
:func:`iri_error` and :func:`reported_iri` too: ``cxkg validate`` keeps an IRI Oxigraph refuses only when
the rule reports it, so no broken IRI passes validation unseen.

>>> reported_iri("http://example.org/a b"), reported_iri("http://example.org/a%20b")
(True, False)
>>> from rdflib import Literal, XSD
>>> ill_typed(Literal("2021-02-30", datatype=XSD.date)), ill_typed(Literal("2024-02-29", datatype=XSD.date))
(True, False)
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pyoxigraph as ox
from rdflib import XSD, Literal

# -- IRIs ----------------------------------------------------------------------------------------------
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
#: a character RFC 3987 allows nowhere in an IRI: anything but its unreserved, reserved and ``%`` ASCII and
#: the ranges of ucschar and iprivate (a little widened), spelt as what is left out, which compiles ten times faster
NOT_IN_IRIS = re.compile("[\x00-\x20\"<>\\\\^`{|}\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufff0-\uffff\U0010fffe\U0010ffff]")
BAD_PERCENT = re.compile("%([^0-9A-Fa-f]|[0-9A-Fa-f]([^0-9A-Fa-f]|$)|$)")


def reported_iri(text: str) -> bool:
    """Whether the ``invalid-iri`` rule reports ``text``: no scheme, a character no IRI may hold (a space,
    a control character, ``< > " { } | ^ ` \\``), or a ``%`` not followed by two hex digits."""
    return not SCHEME.search(text) or bool(NOT_IN_IRIS.search(text) or BAD_PERCENT.search(text))


def iri_error(text: str) -> str | None:
    """Why ``text`` is no IRI (RFC 3987, as Oxigraph checks it), or None when it is one."""
    try:
        ox.NamedNode(text)
    except ValueError as exc:  # UnicodeEncodeError (a lone surrogate) included
        return str(exc) or "not an IRI"
    return None


# -- literals: the lexical spaces of XML Schema 1.1 -------------------------------------------------------
_TIMEZONE = re.compile(r"(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))$")
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_YEAR = r"-?([1-9][0-9]{3,}|0[0-9]{3})"
_TIME = r"(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]([.][0-9]+)?|24:00:00([.]0+)?)"
_DATE = re.compile(rf"^{_YEAR}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(T.*)?$")
_CLOCK = re.compile(rf"^[^T]*T{_TIME}$")
_NO_SUCH_DAY = re.compile(r"^-?[0-9]*-(02-3|(0[469]|11)-31)")
_FEBRUARY_29 = re.compile(r"^-?[0-9]+-02-29")
_LEAP_DAY = re.compile(r"^-?[0-9]*([02468][48]|[13579][26]|[2468]0|([02468][048]|[13579][26])00)-02-29")
_DURATION = re.compile(r"^-?P([0-9]+Y)?([0-9]+M)?([0-9]+D)?(T([0-9]+H)?([0-9]+M)?([0-9]+([.][0-9]+)?S)?)?$")
_DAY_TIME = re.compile(r"^-?P([0-9]+D)?(T([0-9]+H)?([0-9]+M)?([0-9]+([.][0-9]+)?S)?)?$")


# (the patterns of the checks below are compiled on first use, by re's cache: most runs meet few datatypes)
def _matches(pattern: str) -> Callable[[str, str], bool]:
    return lambda text, local: re.search(pattern, text) is not None


def _on_local(pattern: str) -> Callable[[str, str], bool]:
    return lambda text, local: re.search(pattern, local) is not None


def _in_range(low: int, high: int) -> Callable[[str, str], bool]:
    return lambda text, local: _INTEGER.search(text) is not None and low <= int(text) <= high


def _duration(pattern: re.Pattern[str], units: str) -> Callable[[str, str], bool]:
    return lambda text, local: (pattern.search(text) is not None and any(u in text for u in units)
                                and not text.endswith("T"))


def _date(time: str) -> Callable[[str, str], bool]:
    """date (``time`` "no"), dateTime ("yes") or dateTimeStamp ("zoned"): date, clock, zone, a real day."""
    def valid(text: str, local: str) -> bool:
        if not _DATE.search(local) or (time == "no" and "T" in local):
            return False
        if (time != "no" and not _CLOCK.search(local)) or (time == "zoned" and local == text):
            return False
        return not _NO_SUCH_DAY.search(text) and (not _FEBRUARY_29.search(text) or bool(_LEAP_DAY.search(text)))
    return valid


_FLOAT = _matches(r"^([+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([Ee][+-]?[0-9]+)?|[+-]?INF|NaN"
                  r"|[+-]?([Ii][Nn][Ff]([Ii][Nn][Ii][Tt][Yy])?|[Nn][Aa][Nn]))$")

_CHECKS = {
    XSD.boolean: _matches(r"^(true|false|1|0)$"),
    XSD.decimal: _matches(r"^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)$"),
    # INF and NaN, and their other spellings: rdflib and Oxigraph read them (and rdflib writes inf and nan)
    XSD.float: _FLOAT,
    XSD.double: _FLOAT,
    XSD.integer: _matches(_INTEGER.pattern),
    XSD.nonNegativeInteger: _matches(r"^([+]?[0-9]+|-0+)$"),
    XSD.positiveInteger: _matches(r"^[+]?0*[1-9][0-9]*$"),
    XSD.nonPositiveInteger: _matches(r"^(-[0-9]+|[+]?0+)$"),
    XSD.negativeInteger: _matches(r"^-0*[1-9][0-9]*$"),
    XSD.long: _in_range(-(1 << 63), (1 << 63) - 1),
    XSD.int: _in_range(-(1 << 31), (1 << 31) - 1),
    XSD.short: _in_range(-(1 << 15), (1 << 15) - 1),
    XSD.byte: _in_range(-(1 << 7), (1 << 7) - 1),
    XSD.unsignedLong: _in_range(0, (1 << 64) - 1),
    XSD.unsignedInt: _in_range(0, (1 << 32) - 1),
    XSD.unsignedShort: _in_range(0, (1 << 16) - 1),
    XSD.unsignedByte: _in_range(0, (1 << 8) - 1),
    XSD.date: _date("no"),
    XSD.dateTime: _date("yes"),
    XSD.dateTimeStamp: _date("zoned"),
    XSD.time: _on_local(rf"^{_TIME}$"),
    XSD.gYear: _on_local(rf"^{_YEAR}$"),
    XSD.gYearMonth: _on_local(rf"^{_YEAR}-(0[1-9]|1[0-2])$"),
    XSD.gMonth: _on_local(r"^--(0[1-9]|1[0-2])$"),
    XSD.gDay: _on_local(r"^---(0[1-9]|[12][0-9]|3[01])$"),
    XSD.gMonthDay: lambda text, local: (re.search(r"^--(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$", local) is not None
                                        and not _NO_SUCH_DAY.search(text)),
    XSD.duration: _duration(_DURATION, "YMDHS"),
    XSD.yearMonthDuration: _matches(r"^-?P([0-9]+Y([0-9]+M)?|[0-9]+M)$"),
    XSD.dayTimeDuration: _duration(_DAY_TIME, "DHMS"),
    XSD.hexBinary: _matches(r"^([0-9A-Fa-f]{2})*$"),
    XSD.base64Binary: _matches(r"^(([A-Za-z0-9+/] ?){4})*(([A-Za-z0-9+/] ?){3}[A-Za-z0-9+/]"
                               r"|([A-Za-z0-9+/] ?){2}[AEIMQUYcgkosw048] ?=|[A-Za-z0-9+/] ?[AQgw] ?= ?=)?$"),
    XSD.language: _matches(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$"),
}


#: datatype IRI -> is (lexical form, lexical form without its time zone) valid; the datatypes the rule checks
LEXICAL: dict[str, Callable[[str, str], bool]] = {str(datatype): check for datatype, check in _CHECKS.items()}


def ill_typed(literal: Literal) -> bool:
    """Whether the ``ill-typed-literal`` rule reports ``literal``: its datatype is one of :data:`LEXICAL`
    and its lexical form is not one of that datatype's."""
    return literal.datatype is not None and ill_typed_text(str(literal), literal.datatype)


def ill_typed_text(text: str, datatype: str) -> bool:
    """Whether ``text`` is no lexical form of ``datatype``, one of the datatypes of :data:`LEXICAL`."""
    check = LEXICAL.get(str(datatype))
    return check is not None and ("\n" in text or not check(text, _TIMEZONE.sub("", text)))
