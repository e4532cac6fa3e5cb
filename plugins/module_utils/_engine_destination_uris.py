# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""The destination-URI engine: a trunk's inbound SIP targets, with priority and weight.

Note that this module util is **PRIVATE** to the collection. It can have breaking
changes at any time. Do not use it from outside this collection.

Identity is the parsed destination: the ``sip:`` prefix removed, host and transport
compared case-insensitively, port as a number. Exotel appends on every POST, so a
create happens only when the read shows no such destination; when several share one,
the oldest is managed. A new destination gets Exotel's defaults (priority 0, weight 1),
so a wanted priority or weight is set by a PUT right after the create.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.exotel.trunking.plugins.module_utils._api_destination_uris import DEFAULT_PRIORITY, DEFAULT_WEIGHT
from ansible_collections.exotel.trunking.plugins.module_utils._engine import Engine
from ansible_collections.exotel.trunking.plugins.module_utils._errors import ExotelAPIError
from ansible_collections.exotel.trunking.plugins.module_utils._validators import destination_key, parse_destination

ROUTING = ('priority', 'weight')


class DestinationURIEngine(Engine):
    kind = 'destination_uri'
    label = 'destination URI'

    def key(self, item):
        return destination_key(item.get('destination'))

    def want_key(self, want):
        return parse_destination(want.destination)

    def sort_key(self, key):
        """A parsed key is (host, port, transport-or-None); an unparsed one is text."""
        return tuple(part if part is not None else '' for part in key) if isinstance(key, tuple) else (key, 0, '')

    def view(self, item):
        return dict(destination=item['destination'], priority=item['priority'], weight=item['weight'])

    def describe_want(self, want):
        return want.destination

    def plan_update(self, item, want, created=False):
        """Both fields when either differs (a field left out keeps the current value)."""
        wanted = dict((field, item.get(field) if getattr(want, field) is None else getattr(want, field)) for field in ROUTING)
        if all(item.get(field) == value for field, value in wanted.items()):
            return {}
        return wanted

    def predict_create(self, parent, want):
        return dict(id=None, destination='sip:' + want.destination, type='public',
                    priority=DEFAULT_PRIORITY if want.priority is None else want.priority,
                    weight=DEFAULT_WEIGHT if want.weight is None else want.weight,
                    trunk_sid=parent, date_created=None, date_updated=None)

    def write_create(self, parent, want):
        try:
            return self.api.create(parent, want)
        except ExotelAPIError as exc:
            description = (exc.description or '').strip().lower()
            if description == 'destination not whitelisted':
                exc.message += ('. Exotel accepts an IP destination only after that IP is whitelisted on the same trunk: add it first '
                                'with exotel.trunking.exotel_trunk_whitelisted_ip (trunk_sid=%s, ip=%s), or use an FQDN destination'
                                % (parent, self.want_key(want)[0]))
            elif description == 'destination is not a valid ip or fqdn':
                exc.message += ('. Exotel checks that the host is a real, routable IP or FQDN; documentation (RFC 5737), private and '
                                'loopback addresses may be refused')
            raise

    def write_update(self, parent, item, body):
        return self.api.set_routing(parent, item, body['priority'], body['weight'])
