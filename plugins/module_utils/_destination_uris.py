# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Destination URIs (inbound SIP targets) of a trunk: parsing, identity and writes.

Note that this module util is **PRIVATE** to the collection. It can have breaking
changes at any time. Do not use it from outside this collection.

Exotel stores a destination with a ``sip:`` prefix (``44.248.146.11:5061;transport=tls``
comes back as ``sip:44.248.146.11:5061;transport=tls``) and appends on every POST, even
for a destination it already has. Identity is therefore the parsed destination: the
``sip:`` prefix removed, host and transport compared case-insensitively, port as a number.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import ipaddress
import re

from ansible_collections.exotel.trunking.plugins.module_utils._api import ExotelAPIError, ExotelOutcomeUnknownError
from ansible_collections.exotel.trunking.plugins.module_utils._module import InputError
from ansible_collections.exotel.trunking.plugins.module_utils._subresource import SubresourceAPI

DESTINATION_URI_KEYS = ('id', 'destination', 'type', 'priority', 'weight', 'trunk_sid', 'date_created', 'date_updated')
DEFAULT_PRIORITY = 0
DEFAULT_WEIGHT = 1
TRANSPORTS = ('tls', 'tcp', 'udp')

_DESTINATION_RE = re.compile(r'^(?:sip:)?(?P<host>[^:;/@\s]+):(?P<port>[0-9]{1,5})(?:;transport=(?P<transport>[A-Za-z]+))?$', re.IGNORECASE)
_LABEL_RE = re.compile(r'^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$')
_RULE = ("expected host:port with an optional ;transport=tls, tcp or udp (and an optional leading sip:), where host is an "
         "IPv4 address or a fully qualified domain name and port is 1-65535, for example sip.example.com:5061;transport=tls")


def parse_destination(value, option='destination'):
    """``(host, port, transport)`` with host and transport lower-cased (transport None when absent); raises InputError."""
    text = value.strip() if isinstance(value, str) else ''
    match = _DESTINATION_RE.fullmatch(text)
    if not match:
        raise InputError('%s %r is not a valid destination: %s' % (option, value, _RULE))
    host = match.group('host').lower()
    port = int(match.group('port'))
    transport = match.group('transport')
    transport = transport.lower() if transport else None
    if not 1 <= port <= 65535:
        raise InputError('%s %r is not a valid destination: port %d is out of range 1-65535' % (option, value, port))
    if transport is not None and transport not in TRANSPORTS:
        raise InputError('%s %r is not a valid destination: transport %r is not one of tls, tcp, udp' % (option, value, transport))
    if re.fullmatch(r"[0-9.]+", host):
        try:
            host = str(ipaddress.IPv4Address(u'%s' % host))
        except ValueError:
            raise InputError('%s %r is not a valid destination: %r is not a valid IPv4 address' % (option, value, host))
    else:
        labels = host.rstrip('.').split('.')
        if len(host) > 253 or len(labels) < 2 or not all(_LABEL_RE.fullmatch(label) for label in labels) or not labels[-1].isalpha():
            raise InputError('%s %r is not a valid destination: %r is neither an IPv4 address nor a fully qualified domain name'
                             % (option, value, host))
        host = '.'.join(labels)
    return host, port, transport


def destination_key(value):
    """The identity of a destination, or the lower-cased text without ``sip:`` when it does not parse."""
    try:
        return parse_destination(value)
    except InputError:
        text = str(value).strip().lower()
        return text[4:] if text.startswith('sip:') else text


def is_ip(host):
    return bool(re.fullmatch(r"[0-9.]+", host))


class DestinationURIAPI(SubresourceAPI):
    collection = 'destination-uris'
    keys = DESTINATION_URI_KEYS
    result_key = 'destination_uri'
    label = 'destination URI'

    def key_of(self, item):
        return destination_key(item.get('destination'))

    def wanted_key(self):
        return parse_destination(self.params['destination'])

    def describe(self):
        return self.request_value()

    def request_value(self):
        """The destination as sent: the user's text without a leading ``sip:`` (Exotel adds it back)."""
        text = self.params['destination'].strip()
        return text[4:] if text.lower().startswith('sip:') else text

    def create_body(self):
        return {'destinations': [{'destination': self.request_value()}]}

    def predict_create(self):
        priority, weight = self.params['priority'], self.params['weight']
        return dict(id=None, destination='sip:' + self.request_value(), type='public',
                    priority=DEFAULT_PRIORITY if priority is None else priority,
                    weight=DEFAULT_WEIGHT if weight is None else weight,
                    trunk_sid=self.trunk_sid, date_created=None, date_updated=None)

    def create(self):
        try:
            items = self.client.write_batch(self.path(), self.create_body())
        except ExotelAPIError as exc:
            description = (exc.description or '').strip().lower()
            host = self.wanted_key()[0]
            if description == 'destination not whitelisted':
                exc.message += ('. Exotel accepts an IP destination only after that IP is whitelisted on the same trunk: add it first '
                                'with exotel.trunking.exotel_trunk_whitelisted_ip (trunk_sid=%s, ip=%s), or use an FQDN destination'
                                % (self.trunk_sid, host))
            elif description == 'destination is not a valid ip or fqdn':
                exc.message += ('. Exotel checks that the host is a real, routable IP or FQDN; documentation (RFC 5737), private and '
                                'loopback addresses may be refused')
            raise
        data = items[0] if items else None
        if not isinstance(data, dict):
            raise ExotelOutcomeUnknownError('POST %s: the answer holds no created item; the destination may or may not have been added'
                                            % self.path(), method='POST', path=self.path())
        return self.normalise(data)

    def update_body(self, current, created):
        """Both fields when either differs (an option left out keeps the current value)."""
        wanted = dict((key, current.get(key) if self.params[key] is None else self.params[key]) for key in ('priority', 'weight'))
        if all(current.get(key) == value for key, value in wanted.items()):
            return {}
        return wanted
