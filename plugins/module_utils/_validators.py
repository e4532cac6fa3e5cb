# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Input rules: every check a value passes before it may reach the wire.

Note that this module util is **PRIVATE** to the collection. It can have breaking
changes at any time. Do not use it from outside this collection.

Each ``check_*`` function returns the value (or its canonical form) or raises
:class:`InputError` with a message that names the option, the value (never a secret)
and the rule. They are pure: no request, no module. Patterns use ``fullmatch`` so that
a trailing newline can never slip through, and values are not silently "cleaned":
a number or name in a playbook should be exactly what Exotel stores.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import ipaddress
import math
import re
from urllib.parse import urlsplit

from ansible_collections.exotel.trunking.plugins.module_utils._errors import InputError

E164_RE = re.compile(r'\+[1-9][0-9]{6,14}')
SID_RE = re.compile(r'[A-Za-z0-9_-]{1,64}')
_VISUAL_SEPARATORS_RE = re.compile(r'[\s().-]')

MODES = ('pstn', 'flow')

TRUNK_NAME_RE = re.compile(r'[A-Za-z0-9_]{1,16}')
NSO_CODE_RE = re.compile(r'[A-Z0-9_]+-[A-Z0-9_]+')
DOMAIN_SUFFIX = '.pstn.exotel.com'
_DOMAIN_LABEL_RE = re.compile(r'[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?')

MASK_MIN = 16
MASK_MAX = 32

TRANSPORTS = ('tls', 'tcp', 'udp')
_DESTINATION_RE = re.compile(r'(?:sip:)?(?P<host>[^:;/@\s]+):(?P<port>[0-9]{1,5})(?:;transport=(?P<transport>[A-Za-z]+))?', re.IGNORECASE)
_FQDN_LABEL_RE = re.compile(r'[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?')
_DESTINATION_RULE = ("expected host:port with an optional ;transport=tls, tcp or udp (and an optional leading sip:), where host is an "
                     "IPv4 address or a fully qualified domain name and port is 1-65535, for example sip.example.com:5061;transport=tls")

CREDENTIAL_NAME_RE = re.compile(r'[A-Za-z0-9_]+')
USER_NAME_MAX = 32
FRIENDLY_NAME_MAX = 32
PASSWORD_MIN = 8

SETTING_NAME_RE = re.compile(r'[a-z0-9_]{1,64}')
E164_SETTINGS = frozenset(['trunk_external_alias'])  # settings whose value is a phone number


# -- identifiers and numbers -----------------------------------------------------------------------

def check_e164(value, option='phone_number'):
    """``value`` if it is an E.164 number; the message suggests the compact form when that would be valid."""
    if not isinstance(value, str) or not E164_RE.fullmatch(value):
        msg = ("%s %r is not an E.164 number: expected '+', then the country code and subscriber number, "
               "7 to 15 digits in all, the first digit 1-9, with no spaces or punctuation" % (option, value))
        if isinstance(value, str):
            stripped = _VISUAL_SEPARATORS_RE.sub('', value)
            if stripped != value and E164_RE.fullmatch(stripped):
                msg += " (did you mean %r?)" % stripped
        raise InputError(msg)
    return value


def check_sid(value, option):
    """Identifiers go into URL paths: only letters, digits, ``_`` and ``-`` (so never ``/`` or ``..``)."""
    if not isinstance(value, str) or not SID_RE.fullmatch(value):
        raise InputError("%s %r is not a valid Exotel identifier: use 1 to 64 letters, digits, '_' or '-' "
                         "(as in trmum1f708622631150902801a1n)" % (option, value))
    return value


def check_mode(value, option='mode'):
    if value is not None and value not in MODES:
        raise InputError('%s %r is not valid: use pstn or flow (or omit it)' % (option, value))
    return value


def parse_phone_number_element(element, where):
    """One element of a list of numbers: an E.164 string or ``{phone_number, mode}``; returns ``(number, mode)``."""
    if isinstance(element, str):
        return check_e164(element, where), None
    if not isinstance(element, dict):
        hint = ''
        if isinstance(element, int) and not isinstance(element, bool):
            hint = ' (YAML reads an unquoted +%d as the number %d: quote it, "+%d")' % (element, element, element)
        raise InputError('%s: %r is neither an E.164 string nor a dict with phone_number and an optional mode%s' % (where, element, hint))
    unknown = sorted(str(k) for k in element if k not in ('phone_number', 'mode'))
    if unknown:
        raise InputError('%s: unknown key(s) %s; allowed keys are phone_number and mode' % (where, ', '.join(unknown)))
    if element.get('phone_number') is None:
        raise InputError('%s: phone_number is required in a dict element' % where)
    check_mode(element.get('mode'), '%s: mode' % where)
    return check_e164(element['phone_number'], where), element.get('mode')


# -- trunks ----------------------------------------------------------------------------------------

def check_trunk_name(value, option='trunk_name'):
    if not isinstance(value, str) or not TRUNK_NAME_RE.fullmatch(value):
        raise InputError("%s %r is not valid: use 1 to 16 characters, each a letter, a digit or '_' "
                         "(Exotel's rule for trunk names)" % (option, value))
    return value


def check_nso_code(value, option='nso_code'):
    if not isinstance(value, str) or not NSO_CODE_RE.fullmatch(value):
        raise InputError("%s %r is not valid: expected an upper-case code of two parts joined by '-', such as "
                         "ANY-ANY (the only value Exotel documents; 'any any' is rejected by Exotel)" % (option, value))
    return value


def check_domain_name(value, option='domain_name'):
    """``<label>[.<label>...].pstn.exotel.com``; each label letters, digits, '_' and inner '-'."""
    ok = isinstance(value, str) and value.lower().endswith(DOMAIN_SUFFIX) and len(value) <= 253
    if ok:
        labels = value[:-len(DOMAIN_SUFFIX)].split('.')
        ok = all(_DOMAIN_LABEL_RE.fullmatch(label) for label in labels)
    if not ok:
        raise InputError("%s %r is not valid: it must be a host name ending in %s, normally "
                         "<account_sid>%s" % (option, value, DOMAIN_SUFFIX, DOMAIN_SUFFIX))
    return value


# -- whitelisted IPs -------------------------------------------------------------------------------

def check_ip(value, option='ip'):
    """The canonical dotted-quad form of an IPv4 address."""
    text = value.strip() if isinstance(value, str) else value
    rule = 'it must be a single IPv4 address in dotted-quad form, for example 44.248.146.11'
    if isinstance(text, str) and '/' in text:
        address, prefix = text.split('/', 1)
        raise InputError('%s %r is a network, not an address: %s; give the prefix length separately in mask '
                         '(for example ip=%s mask=%s)' % (option, value, rule, address, prefix or 32))
    try:
        address = ipaddress.ip_address(u'%s' % text)
    except ValueError:
        raise InputError('%s %r is not a valid IPv4 address: %s' % (option, value, rule))
    if address.version != 4:
        raise InputError('%s %r is an IPv6 address: Exotel whitelists IPv4 addresses only; %s' % (option, value, rule))
    return str(address)


def check_mask(value, option='mask'):
    if isinstance(value, bool) or not isinstance(value, int) or not MASK_MIN <= value <= MASK_MAX:
        raise InputError('%s %r is not valid: Exotel accepts a CIDR prefix length from %d to %d (32 = this address only)'
                         % (option, value, MASK_MIN, MASK_MAX))
    return value


def ip_key(value):
    """Addresses compare as addresses, so a stored form with odd spelling still matches."""
    try:
        return str(ipaddress.ip_address(u'%s' % str(value).strip()))
    except ValueError:
        return str(value)


# -- destination URIs ------------------------------------------------------------------------------

def parse_destination(value, option='destination'):
    """``(host, port, transport)``: host and transport lower-cased, transport None when absent."""
    text = value.strip() if isinstance(value, str) else ''
    match = _DESTINATION_RE.fullmatch(text)
    if not match:
        raise InputError('%s %r is not a valid destination: %s' % (option, value, _DESTINATION_RULE))
    host = match.group('host').lower()
    port = int(match.group('port'))
    transport = match.group('transport')
    transport = transport.lower() if transport else None
    if not 1 <= port <= 65535:
        raise InputError('%s %r is not a valid destination: port %d is out of range 1-65535' % (option, value, port))
    if transport is not None and transport not in TRANSPORTS:
        raise InputError('%s %r is not a valid destination: transport %r is not one of tls, tcp, udp' % (option, value, transport))
    if re.fullmatch(r'[0-9.]+', host):
        try:
            host = str(ipaddress.IPv4Address(u'%s' % host))
        except ValueError:
            raise InputError('%s %r is not a valid destination: %r is not a valid IPv4 address' % (option, value, host))
    else:
        labels = host.rstrip('.').split('.')
        if len(host) > 253 or len(labels) < 2 or not all(_FQDN_LABEL_RE.fullmatch(label) for label in labels) or not labels[-1].isalpha():
            raise InputError('%s %r is not a valid destination: %r is neither an IPv4 address nor a fully qualified domain name'
                             % (option, value, host))
        host = '.'.join(labels)
    return host, port, transport


def destination_key(value):
    """The identity of a destination: its parsed form, or the lower-cased text without ``sip:`` when it does not parse."""
    try:
        return parse_destination(value)
    except InputError:
        text = str(value).strip().lower()
        return text[4:] if text.startswith('sip:') else text


def destination_text(value):
    """The destination as sent: the text without a leading ``sip:`` (Exotel adds it back)."""
    text = value.strip()
    return text[4:] if text.lower().startswith('sip:') else text


def check_non_negative(value, option):
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        raise InputError('%s %r is not valid: it must be 0 or greater' % (option, value))
    return value


# -- credentials -----------------------------------------------------------------------------------

def check_user_name(value, option='user_name'):
    if not isinstance(value, str) or not 1 <= len(value) <= USER_NAME_MAX or not CREDENTIAL_NAME_RE.fullmatch(value):
        raise InputError('%s %r is not valid: use 1 to %d characters, each a letter, digit or _' % (option, value, USER_NAME_MAX))
    return value


def check_friendly_name(value, option='friendly_name'):
    if value and (not isinstance(value, str) or len(value) > FRIENDLY_NAME_MAX or not CREDENTIAL_NAME_RE.fullmatch(value)):
        raise InputError('%s %r is not valid: Exotel accepts at most %d characters, each a letter, digit or _ (no hyphens or spaces)'
                         % (option, value, FRIENDLY_NAME_MAX))
    return value


def check_password(value, option='password'):
    """Never echoes the value, not even in part."""
    if not isinstance(value, str) or len(value) < PASSWORD_MIN or not CREDENTIAL_NAME_RE.fullmatch(value):
        raise InputError('%s is not valid (value not shown): Exotel accepts %d or more characters, each a letter, digit or _; '
                         'hyphens and other symbols are refused' % (option, PASSWORD_MIN))
    return value


# -- settings --------------------------------------------------------------------------------------

def check_setting_name(value, option='name'):
    if not isinstance(value, str) or not SETTING_NAME_RE.fullmatch(value):
        raise InputError("%s %r is not a valid setting name: use 1 to 64 lower-case letters, digits or '_' "
                         "(for example trunk_external_alias)" % (option, value))
    return value


def check_setting_value(name, value, option='value'):
    """Validate ``value`` for setting ``name``; the caller has validated ``name``."""
    if value is None:
        raise InputError('%s is required when state=present (setting %s)' % (option, name))
    if not isinstance(value, str) or value == '':
        raise InputError('%s %r is not valid: setting %s needs a non-empty string' % (option, value, name))
    if name in E164_SETTINGS:
        check_e164(value, option)
    return value


# -- connection ------------------------------------------------------------------------------------

def check_positive_seconds(value, option):
    if value is None or math.isnan(value) or math.isinf(value) or not value > 0:
        raise InputError('%s %r is not valid: it must be a number of seconds greater than 0' % (option, value))
    return value


def check_count(value, option, rule):
    if value < 0:
        raise InputError('%s %r is not valid: it must be %s' % (option, value, rule))
    return value


def check_api_url(value):
    """``scheme://host[:port][/prefix]`` without credentials, query or fragment; returns it without a trailing ``/``."""
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        raise InputError('api_url %r is not a valid URL: expected scheme://host[:port], for example https://api.exotel.com' % (value,))
    if parts.username is not None or parts.password is not None or '@' in parts.netloc:
        # Never echo the value: it holds credentials.
        raise InputError('api_url must not contain credentials (user:password@host); pass api_key and api_token instead')
    if parts.scheme not in ('http', 'https') or not parts.hostname:
        raise InputError('api_url %r is not valid: expected http:// or https:// followed by a host, for example https://api.exotel.com'
                         % (value,))
    if parts.query or parts.fragment:
        raise InputError('api_url %r is not valid: it must not have a query string or fragment' % (value,))
    if port is not None and not 0 < port < 65536:
        raise InputError('api_url %r is not valid: port out of range' % (value,))
    return value.rstrip('/')


def parse_phone_numbers(values, option='phone_numbers'):
    """Validate a list of numbers; returns ``[(phone_number, mode_or_None), ...]`` in input order.

    Raises one InputError listing every bad element (with its index) and every number
    given more than once.
    """
    if not isinstance(values, list):
        raise InputError('%s must be a list of E.164 strings or {phone_number, mode} dicts, got %r' % (option, values))
    problems = []
    wanted = []
    for index, element in enumerate(values):
        try:
            number, mode = parse_phone_number_element(element, '%s[%d]' % (option, index))
        except InputError as exc:
            problems.append((index, str(exc)))
            continue
        wanted.append((index, number, mode))

    positions = {}
    for index, number, mode in wanted:
        positions.setdefault(number, []).append((index, mode))
    for number, uses in positions.items():
        if len(uses) > 1:
            where = ', '.join('%s[%d]' % (option, i) for i, dummy in uses)
            modes = sorted(set(m if m is not None else 'unset' for dummy, m in uses))
            rule = 'with different modes (%s)' % ', '.join(modes) if len(modes) > 1 else 'more than once'
            problems.append((uses[1][0], '%s: %s is listed %s; list each number once' % (where, number, rule)))

    if problems:
        problems.sort(key=lambda p: p[0])
        raise InputError('%s has %d invalid element%s (nothing was changed): %s'
                         % (option, len(problems), '' if len(problems) == 1 else 's', '; '.join(p[1] for p in problems)))
    return [(number, mode) for dummy, number, mode in wanted]
