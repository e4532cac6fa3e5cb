# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Trunks: validate, read, normalise, compare, write.

Note that this module util is **PRIVATE** to the collection. It can have breaking
changes at any time. Do not use it from outside this collection.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible_collections.exotel.trunking.plugins.module_utils._api import ExotelForbiddenError, ExotelNotFoundError
from ansible_collections.exotel.trunking.plugins.module_utils._module import InputError

TRUNK_KEYS = ('trunk_sid', 'trunk_name', 'domain_name', 'status', 'auth_type', 'nso_code', 'registration_enabled',
              'edge_preference', 'secure_trunking', 'date_created', 'date_updated')

TRUNK_NAME_RE = re.compile(r'^[A-Za-z0-9_]{1,16}$')
NSO_CODE_RE = re.compile(r'^[A-Z0-9_]+-[A-Z0-9_]+$')
DOMAIN_SUFFIX = '.pstn.exotel.com'
DOMAIN_LABEL_RE = re.compile(r'^[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$')
DEFAULT_NSO_CODE = 'ANY-ANY'


def normalise(data):
    """A trunk as the modules return and compare it: the fixed keys of ``TRUNK_KEYS``, None when absent.

    The nested collection paths (``phone_numbers``, ``whitelisted_ips``, ...) are left out: they are
    derived from the SID and would only add noise to diffs.
    """
    return dict((key, data.get(key)) for key in TRUNK_KEYS)


def default_domain(account_sid):
    """The documented domain of every trunk of an account."""
    return '%s%s' % (account_sid, DOMAIN_SUFFIX)


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
        ok = all(DOMAIN_LABEL_RE.fullmatch(label) for label in labels)
    if not ok:
        raise InputError("%s %r is not valid: it must be a host name ending in %s, normally "
                         "<account_sid>%s" % (option, value, DOMAIN_SUFFIX, DOMAIN_SUFFIX))
    return value


def same_domain(left, right):
    """Host names compare case-insensitively."""
    return (left or '').lower() == (right or '').lower()


class TrunkAPI:
    """Exotel's trunk endpoints for one client."""

    def __init__(self, client):
        self.client = client

    def _collection(self):
        return self.client.account_path('trunks')

    def list(self, trunk_sid=None):
        """Every trunk of the account (all pages), normalised; with ``trunk_sid`` only that one (or none).

        ``GET /trunks?trunk_sid=`` is filtered again here, so this works whether or not the server
        applies the filter. An unknown SID (404/1000 or 403/1003) gives an empty list.
        """
        params = {'trunk_sid': trunk_sid} if trunk_sid is not None else None
        try:
            trunks = [normalise(item) for item in self.client.get_list(self._collection(), params=params)]
        except (ExotelNotFoundError, ExotelForbiddenError):
            if trunk_sid is None:
                raise
            return []
        if trunk_sid is not None:
            trunks = [t for t in trunks if t['trunk_sid'] == trunk_sid]
        return trunks

    def find_by_name(self, trunk_name):
        """The trunk called ``trunk_name`` (names are unique per account), or None. Pages through ``GET /trunks``."""
        for trunk in self.list():
            if trunk['trunk_name'] == trunk_name:
                return trunk
        return None

    def create(self, trunk_name, nso_code, domain_name):
        body = {'trunk_name': trunk_name, 'nso_code': nso_code, 'domain_name': domain_name}
        return normalise(self.client.write('POST', self._collection(), body=body))

    def update(self, trunk_sid, changes):
        """``PUT /trunks/{sid}`` with only the fields that differ (a partial update)."""
        path = self.client.account_path('trunks', trunk_sid)
        return normalise(self.client.write('PUT', path, body=dict(changes)))

    def delete(self, trunk_sid):
        """``DELETE /trunks?trunk_sid=``; Exotel answers with the deleted trunk and removes everything on it."""
        return normalise(self.client.write('DELETE', self._collection(), params={'trunk_sid': trunk_sid}))
