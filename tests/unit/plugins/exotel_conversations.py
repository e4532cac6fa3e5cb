# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Reusable pieces of Exotel HTTP conversations, for the unit tests of every layer.

Import them with::

    from ansible_collections.exotel.trunking.tests.unit.plugins.exotel_conversations import (
        TRUNK_SID, WHITELISTED_IPS, api_whitelisted_ip)

Two kinds of builders:

* **Typical API objects**, exactly as Exotel returns them (exotel-api.md §3): :func:`api_trunk`,
  :func:`api_mapping`, :func:`api_whitelisted_ip`, :func:`api_destination_uri`, :func:`api_credential`,
  :func:`api_setting`. Each takes keyword overrides of its fields; :func:`normalised` reduces one to the
  fixed keys the modules return.
* **Conversation pieces**, one :class:`Collection` per kind (:data:`TRUNKS`, :data:`PHONE_NUMBERS`,
  :data:`WHITELISTED_IPS`, :data:`DESTINATION_URIS`, :data:`CREDENTIALS`, :data:`SETTINGS`). Each registers
  one exact request with its answer on a ``responses`` mock: ``listed`` (a list page, with the exact
  ``offset``/``page_size`` query), ``created`` (the POST, matching its JSON body when given), ``updated``
  (the PUT of one item), ``deleted`` (the DELETE with the item's id in the query; ``gone=True`` for Exotel's
  404), ``fails`` (any method answering an error envelope or a raw body, optionally matching the JSON sent or the
  query) and ``lost`` (a write whose answer is lost: a gateway error or a transport exception after it was sent).
  :func:`trunk_map` is the account-wide ``trunk-maps`` look-up, :func:`trunk_exists` the ``/trunks?trunk_sid=``
  check.

A module test then reads as the conversation it expects::

    WHITELISTED_IPS.listed(rsps, [])
    WHITELISTED_IPS.created(rsps, api_whitelisted_ip(), body={'ip': '44.248.146.11', 'mask': 32})

:class:`EngineContext` is the small context object an engine needs; :func:`make_client` an
:class:`ExotelClient` on the test account with a :class:`FakeClock`. :func:`conversation` lists what was
sent, as ``(method, path+query, body)`` triples.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import responses
from responses import matchers

from ansible_collections.exotel.trunking.plugins.module_utils._client import ExotelClient
from ansible_collections.exotel.trunking.tests.unit.utils import (
    ACCOUNT_SID,
    API_KEY,
    API_URL,
    TOKEN,
    FakeClock,
    batch,
    body_of,
    item,
    listing,
    not_found,
    single,
)

TRUNK_SID = 'trmum1f708622631150902801a1n'
OTHER_TRUNK_SID = 'trmum17d8e9a37a3732ecbf91a3u'
TRUNK_NAME = 'outbound_trunk'
DOMAIN = '%s.pstn.exotel.com' % ACCOUNT_SID
PHONE_NUMBER = '+919876543210'
CREATED = '2026-01-23T09:24:59Z'
UPDATED = '2026-01-24T00:00:00Z'
ACCOUNT_PATH = '/v2/accounts/%s' % ACCOUNT_SID
PAGE_SIZE = 50

TRUNK_FIELDS = ('trunk_sid', 'trunk_name', 'domain_name', 'status', 'auth_type', 'nso_code', 'registration_enabled',
                'edge_preference', 'secure_trunking', 'date_created', 'date_updated')
MAPPING_FIELDS = ('id', 'phone_number', 'trunk_sid', 'mode', 'date_created', 'date_updated')
WHITELISTED_IP_FIELDS = ('id', 'ip', 'mask', 'trunk_sid', 'friendly_name', 'date_created', 'date_updated')
DESTINATION_URI_FIELDS = ('id', 'destination', 'type', 'priority', 'weight', 'trunk_sid', 'date_created', 'date_updated')
CREDENTIAL_FIELDS = ('id', 'user_name', 'friendly_name', 'trunk_sid', 'date_created', 'date_updated')
SETTING_FIELDS = ('name', 'value', 'trunk_sid', 'date_created', 'date_updated')


# -- typical API objects (exotel-api.md §3) --------------------------------------------------------

def api_trunk(name=TRUNK_NAME, sid=TRUNK_SID, nso_code='ANY-ANY', domain=DOMAIN, updated=CREATED, **extra):
    """A trunk exactly as Exotel returns it (§5.1), nested collection paths included."""
    base = '%s/trunks/%s/' % (ACCOUNT_PATH, sid)
    data = {
        'trunk_name': name, 'date_created': CREATED, 'date_updated': updated, 'trunk_sid': sid,
        'status': 'active', 'domain_name': domain, 'auth_type': 'IP-WHITELIST', 'registration_enabled': 'disabled',
        'edge_preference': 'auto', 'nso_code': nso_code, 'secure_trunking': 'disabled',
        'destination_uris': base + 'destination-uris', 'whitelisted_ips': base + 'whitelisted-ips',
        'credentials': base + 'credentials', 'phone_numbers': base + 'phone-numbers',
    }
    data.update(extra)
    return data


def api_mapping(number=PHONE_NUMBER, ident='41512', mode=None, trunk=TRUNK_SID, created=CREATED, updated=CREATED):
    """A phone-number mapping (§3.2); ``mode`` None is what Exotel stores for a number mapped without one."""
    return {'id': ident, 'phone_number': number, 'trunk_sid': trunk, 'date_created': created, 'date_updated': updated, 'mode': mode}


def api_whitelisted_ip(ip='44.248.146.11', mask=32, ident='1153', trunk=TRUNK_SID, updated=CREATED):
    """An ACL entry (§3.3)."""
    return {'id': ident, 'mask': mask, 'trunk_sid': trunk, 'ip': ip, 'friendly_name': None, 'date_created': CREATED, 'date_updated': updated}


def api_destination_uri(destination='sip:44.248.146.11:5061;transport=tls', priority=0, weight=1, ident='2543', trunk=TRUNK_SID,
                        updated=CREATED):
    """A destination URI (§3.4), stored with its ``sip:`` prefix."""
    return {'id': ident, 'destination': destination, 'date_created': CREATED, 'date_updated': updated,
            'type': 'public', 'priority': priority, 'weight': weight, 'trunk_sid': trunk}


def api_credential(user_name='voice_ai_user', friendly_name='voice_ai_platform', ident='1234', trunk=TRUNK_SID, updated=CREATED):
    """A SIP digest credential (§3.5): never a password."""
    return {'id': ident, 'trunk_sid': trunk, 'user_name': user_name, 'friendly_name': friendly_name,
            'date_created': CREATED, 'date_updated': updated}


def api_setting(name='trunk_external_alias', value=PHONE_NUMBER, trunk=TRUNK_SID, updated=CREATED):
    """A trunk setting (§3.6)."""
    return {'name': name, 'value': value, 'trunk_sid': trunk, 'date_created': CREATED, 'date_updated': updated}


def normalised(data, fields):
    """``data`` reduced to ``fields`` (missing ones None), the shape every module result uses."""
    return dict((field, data.get(field)) for field in fields)


def predicted(fields, **values):
    """A predicted item (check mode, or a create not yet answered): every field None unless given."""
    result = dict((field, None) for field in fields)
    result.update(values)
    return result


# -- conversation pieces --------------------------------------------------------------------------

def page_query(offset=0, page_size=PAGE_SIZE, **extra):
    """The exact query of one list page."""
    query = dict((k, str(v)) for k, v in extra.items())
    query.update(offset=str(offset), page_size=str(page_size))
    return matchers.query_param_matcher(query)


class Collection:
    """One collection of Exotel's API: a trunk's sub-resource (``segment``) or, with ``trunk_level``, ``/trunks`` itself.

    ``id_field``/``id_param`` name the item's id and the DELETE query parameter that carries it; ``batch`` marks the
    collections whose POST takes a list and answers per item (destination-uris, settings).
    """

    def __init__(self, segment, id_field='id', id_param='id', batch_post=False, trunk_level=False):
        self.segment = segment
        self.id_field = id_field
        self.id_param = id_param
        self.batch_post = batch_post
        self.trunk_level = trunk_level

    # paths
    def path(self, trunk=TRUNK_SID, *extra):
        """The account-relative path: ``/v2/accounts/{sid}/trunks/{trunk}/{segment}[/extra]`` (or ``/trunks[/extra]``)."""
        parts = ['trunks'] if self.trunk_level else ['trunks', trunk, self.segment]
        return '/'.join([ACCOUNT_PATH] + parts + [str(e) for e in extra])

    def url(self, trunk=TRUNK_SID, *extra):
        return API_URL + self.path(trunk, *extra)

    def item_path(self, data, trunk=TRUNK_SID):
        """Where a PUT of ``data`` goes (``/trunks/{sid}`` for a trunk, ``.../{collection}/{id}`` otherwise)."""
        return self.path(trunk, data[self.id_field])

    # requests
    def listed(self, rsps, items, trunk=TRUNK_SID, offset=0, next_page=False, metadata=True, page_size=PAGE_SIZE, query=None):
        """``GET`` one page of the collection answering ``items`` (Exotel data dicts).

        ``next_page=True`` makes ``metadata.next_page_uri`` point at the following page; ``metadata=False`` omits
        the key (Exotel does on some empty lists); ``query`` adds filters (``trunk_sid=...`` on ``/trunks``).
        """
        rsps.add(responses.GET, self.url(trunk), match=[page_query(offset, page_size, **(query or {}))],
                 json=listing(items, path=self.path(trunk), offset=offset, page_size=page_size,
                              next_page_uri=True if next_page else None, metadata=metadata))

    def created(self, rsps, data, body=None, trunk=TRUNK_SID):
        """``POST`` of one item answering ``data`` (a batch answer for destination-uris and settings).

        With ``body`` the request must carry exactly that JSON (a key too many fails the match).
        """
        match = [matchers.json_params_matcher(body, strict_match=True)] if body is not None else []
        if self.batch_post:
            envelope = batch([item(data)])
            rsps.add(responses.POST, self.url(trunk), status=envelope['http_code'], json=envelope, match=match)
        else:
            rsps.add(responses.POST, self.url(trunk), json=single(data, method='POST'), match=match)

    def updated(self, rsps, data, body=None, trunk=TRUNK_SID):
        """``PUT`` of the item ``data`` identifies, answering ``data`` (the item as updated)."""
        match = [matchers.json_params_matcher(body, strict_match=True)] if body is not None else []
        rsps.add(responses.PUT, API_URL + self.item_path(data, trunk), json=single(data, method='PUT'), match=match)

    def deleted(self, rsps, data, trunk=TRUNK_SID, gone=False):
        """``DELETE ...?{id_param}={id}`` answering the deleted item, or, with ``gone``, Exotel's 404."""
        answer = dict(status=404, json=not_found(method='DELETE')) if gone else dict(json=single(data, method='DELETE'))
        rsps.add(responses.DELETE, self.url(trunk), match=[matchers.query_param_matcher({self.id_param: str(data[self.id_field])})],
                 **answer)

    def fails(self, rsps, method, envelope=None, status=None, trunk=TRUNK_SID, extra=(), body=None, sent=None, query=None):
        """Any request to the collection (``extra`` path segments for one item) answering an error.

        ``envelope`` is the JSON answer (``status`` defaults to its ``http_code``); ``body`` a raw text answer, or an
        exception the transport raises. ``sent`` (exact JSON body) and ``query`` (exact query) narrow the match.
        """
        kwargs = {'match': _matchers(sent, query)}
        if envelope is not None:
            kwargs['json'] = envelope
            status = envelope['http_code'] if status is None else status
        if body is not None:
            kwargs['body'] = body
        rsps.add(getattr(responses, method), self.url(trunk, *extra), status=status or 200, **kwargs)

    def lost(self, rsps, method, trunk=TRUNK_SID, extra=(), status=502, exc=None, sent=None, query=None):
        """A write whose answer is lost after it reached Exotel (outcome unknown): a gateway error, or ``exc`` raised by
        the transport (a read timeout, a dropped connection)."""
        answer = dict(body=exc) if exc is not None else dict(status=status, body='Bad Gateway')
        rsps.add(getattr(responses, method), self.url(trunk, *extra), match=_matchers(sent, query), **answer)


def _matchers(sent=None, query=None):
    match = []
    if sent is not None:
        match.append(matchers.json_params_matcher(sent, strict_match=True))
    if query is not None:
        match.append(matchers.query_param_matcher(query))
    return match


TRUNKS = Collection('trunks', id_field='trunk_sid', id_param='trunk_sid', trunk_level=True)
PHONE_NUMBERS = Collection('phone-numbers')
WHITELISTED_IPS = Collection('whitelisted-ips')
DESTINATION_URIS = Collection('destination-uris', batch_post=True)
CREDENTIALS = Collection('credentials')
SETTINGS = Collection('settings', id_field='name', id_param='name', batch_post=True)

TRUNK_MAPS_URL = API_URL + ACCOUNT_PATH + '/trunk-maps'


def trunk_map(rsps, number=PHONE_NUMBER, trunk=None, ident='41512', mode=None, **answer):
    """``GET /trunk-maps?exophone=`` answering where ``number`` is mapped (``trunk`` None: Exotel's 404, not mapped).

    ``answer`` (``json=``, ``status=``, ``body=``) replaces the answer altogether.
    """
    if not answer:
        if trunk is None:
            answer = dict(status=404, json=not_found())
        else:
            answer = dict(json=single({'exophone': number, 'trunk_sid': trunk, 'phone_number_id': ident, 'mode': mode}))
    rsps.add(responses.GET, TRUNK_MAPS_URL, match=[matchers.query_param_matcher({'exophone': number})], **answer)


def trunk_exists(rsps, exists=True, trunk=TRUNK_SID):
    """The ``GET /trunks?trunk_sid=`` check a module makes before it creates something on a trunk."""
    TRUNKS.listed(rsps, [api_trunk(sid=trunk)] if exists else [], query={'trunk_sid': trunk})


def conversation(calls):
    """What was sent, in order: ``(method, path?query, JSON body or None)`` for each of ``rsps.calls``."""
    return [(c.request.method, c.request.url[len(API_URL):], body_of(c)) for c in calls]


# -- engines and clients without a module ---------------------------------------------------------

class EngineContext:
    """The context an engine needs: ``check_mode``, ``max_retries``, ``clock`` and ``warn`` (recorded in ``warnings``)."""

    def __init__(self, check_mode=False, max_retries=2, clock=None):
        self.check_mode = check_mode
        self.max_retries = max_retries
        self.clock = clock or FakeClock()
        self.warnings = []

    def warn(self, msg):
        self.warnings.append(msg)


def make_client(max_retries=0, clock=None, **kwargs):
    """An :class:`ExotelClient` on the test account (``utils.CONN``) whose waits go to a :class:`FakeClock`."""
    return ExotelClient(API_URL, ACCOUNT_SID, API_KEY, TOKEN, max_retries=max_retries, clock=clock or FakeClock(), **kwargs)
