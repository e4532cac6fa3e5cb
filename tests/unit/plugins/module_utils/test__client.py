# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import email.utils

import pytest
import requests
import responses
from responses import matchers

from ansible_collections.exotel.trunking.plugins.module_utils import _client as _api
from ansible_collections.exotel.trunking.plugins.module_utils._client import ExotelClient, endpoint_of, parse_retry_after, quote_segment
from ansible_collections.exotel.trunking.plugins.module_utils._errors import (
    ExotelAPIError,
    ExotelAuthError,
    ExotelDuplicateError,
    ExotelForbiddenError,
    ExotelNotFoundError,
    ExotelOutcomeUnknownError,
    ExotelRateLimitError,
    ExotelResponseError,
    ExotelTransportError,
)
from ansible_collections.exotel.trunking.plugins.module_utils._version import COLLECTION_VERSION
from ansible_collections.exotel.trunking.tests.unit.utils import (
    API_KEY,
    API_URL,
    BASE,
    BASIC_VALUE,
    TOKEN,
    FakeClock,
    assert_calls_safe,
    batch,
    duplicate,
    error,
    forbidden,
    item,
    item_error,
    listing,
    not_found,
    single,
    unauthorized,
)

TRUNK = 'trmum1f708622631150902801a1n'
NUM = '+919876543210'
COLL = BASE + '/trunks/' + TRUNK + '/phone-numbers'
PATH = '/v2/accounts/exotel_test/trunks/' + TRUNK + '/phone-numbers'


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def slept(clock):
    return clock.sleeps


@pytest.fixture
def client(clock):
    return ExotelClient(API_URL, 'exotel_test', API_KEY, TOKEN, max_retries=2, clock=clock)


@pytest.fixture
def mock():
    with responses.RequestsMock(assert_all_requests_are_fired=True) as rsps:
        yield rsps


# -- parse_retry_after ----------------------------------------------------------------------------------

@pytest.mark.parametrize('value,expected', [('7', 7.0), (' 2.5 ', 2.5), ('0', 0.0), ('-5', 0.0), ('60', 60.0), ('120', 60.0), ('inf', 60.0)])
def test_parse_retry_after_seconds_clamped_to_0_and_60(value, expected):
    assert parse_retry_after(value, now=0.0) == expected


def test_parse_retry_after_http_date_is_relative_to_now():
    now = 1769000000.0
    assert parse_retry_after(email.utils.formatdate(now + 30, usegmt=True), now=now) == pytest.approx(30.0)


def test_parse_retry_after_http_date_in_past_is_zero_and_far_future_is_clamped():
    now = 1769000000.0
    assert parse_retry_after(email.utils.formatdate(now - 100, usegmt=True), now=now) == 0.0
    assert parse_retry_after(email.utils.formatdate(now + 3600, usegmt=True), now=now) == 60.0


@pytest.mark.parametrize('value', [None, '', '   ', 'soon', 'nan', 'Mon, 99 Foo 2026'])
def test_parse_retry_after_garbage_is_none(value):
    assert parse_retry_after(value, now=0.0) is None


# -- paths -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize('value,expected', [('../x', '..%2Fx'), ('a/b', 'a%2Fb'), ('a?b#c', 'a%3Fb%23c'), ('+91 98', '%2B91%2098'), (41512, '41512')])
def test_quote_segment_encodes_every_path_character(value, expected):
    assert quote_segment(value) == expected


def test_account_path_encodes_each_segment(client):
    assert client.account_path('trunks', '../x', 'phone-numbers') == '/v2/accounts/exotel_test/trunks/..%2Fx/phone-numbers'


# -- request basics ------------------------------------------------------------------------------------------

def test_request_sends_basic_auth_user_agent_and_json(client, mock):
    mock.add(responses.POST, COLL, json=single({'id': '1'}, method='POST'), match=[matchers.json_params_matcher({'phone_number': NUM})])
    assert client.write('POST', PATH, body={'phone_number': NUM}) == {'id': '1'}
    request = mock.calls[0].request
    assert request.headers['Authorization'] == BASIC_VALUE
    assert request.headers['Content-Type'] == 'application/json'
    assert request.headers['Accept'] == 'application/json'
    assert request.headers['User-Agent'].startswith('exotel.trunking/%s ' % COLLECTION_VERSION)
    assert_calls_safe(mock.calls)


# -- envelope validation -----------------------------------------------------------------------------------------

def test_status_failure_under_http_200_raises(client, mock):
    body = error(200, 1002, 'Invalid parameter', 'Invalid PhoneNumber')
    mock.add(responses.GET, COLL, json=body)
    with pytest.raises(ExotelAPIError) as info:
        client.get_object(PATH)
    assert 'Invalid PhoneNumber' in str(info.value)
    assert info.value.error_code == 1002


def test_duplicate_quirk_raises_duplicate_error(client, mock):
    mock.add(responses.POST, COLL, json=duplicate('Unable to create DidTrunkMapping with TrunkSid %s' % TRUNK))
    with pytest.raises(ExotelDuplicateError) as info:
        client.write('POST', PATH, body={'phone_number': NUM})
    assert info.value.http_status == 200 and info.value.code == 409 and info.value.error_code == 1008
    assert 'response.code 409' in str(info.value)
    assert len(mock.calls) == 1


@pytest.mark.parametrize('status,body,cls', [
    (404, not_found(), ExotelNotFoundError),
    (403, forbidden(), ExotelForbiddenError),
    (401, unauthorized(), ExotelAuthError),
    (409, duplicate('x', http_code=409), ExotelDuplicateError),
])
def test_http_errors_map_to_error_classes(client, mock, status, body, cls):
    mock.add(responses.GET, COLL, status=status, json=body)
    with pytest.raises(cls) as info:
        client.get_object(PATH)
    assert info.value.request_id == body['request_id']
    assert info.value.details()['http_status'] == status


def test_response_status_not_success_raises_response_error(client, mock):
    body = single({'id': '1'})
    body['response']['status'] = 'pending'
    mock.add(responses.GET, COLL, json=body)
    with pytest.raises(ExotelResponseError) as info:
        client.get_object(PATH)
    assert "'pending'" in str(info.value)


@pytest.mark.parametrize('body', [[1, 2], 'text', {'no_response': True}, {'response': 'x'}])
def test_non_envelope_body_raises_response_error(client, mock, body):
    mock.add(responses.GET, COLL, json=body)
    with pytest.raises(ExotelResponseError):
        client.get_object(PATH)


def test_html_502_body_on_get_is_retried_then_reported(client, mock, slept):
    for dummy in range(3):
        mock.add(responses.GET, COLL, status=502, body='<html><body><h1>502 Bad Gateway</h1></body></html>', content_type='text/html')
    with pytest.raises(ExotelAPIError) as info:
        client.get_object(PATH)
    assert not isinstance(info.value, ExotelResponseError)
    assert 'non-Exotel body (text/html)' in str(info.value)
    assert '502 Bad Gateway' in str(info.value)
    assert 'gave up after 2 retries' in str(info.value)
    assert len(mock.calls) == 3 and len(slept) == 2


def test_success_envelope_without_data_on_write_is_outcome_unknown(client, mock):
    mock.add(responses.DELETE, COLL, json=single(None, method='DELETE'))
    with pytest.raises(ExotelOutcomeUnknownError):
        client.write('DELETE', PATH, params={'id': '1'})


def test_malformed_json_on_get_is_response_error_without_retry(client, mock, slept):
    mock.add(responses.GET, COLL, body='{"response": ', content_type='application/json')
    with pytest.raises(ExotelResponseError) as info:
        client.get_object(PATH)
    assert 'not an Exotel JSON envelope' in str(info.value)
    assert len(mock.calls) == 1 and slept == []


def test_malformed_json_on_post_is_outcome_unknown(client, mock):
    mock.add(responses.POST, COLL, body='<<<', content_type='application/json')
    with pytest.raises(ExotelOutcomeUnknownError):
        client.write('POST', PATH, body={'phone_number': NUM})
    assert len(mock.calls) == 1


# -- lists ---------------------------------------------------------------------------------------------------

def test_list_item_failure_raises(client, mock):
    body = listing([{'id': '1'}], path=PATH)
    body['response'].append(item_error(1000, 'Not Found', 'Not Found', code=404))
    mock.add(responses.GET, COLL, json=body)
    with pytest.raises(ExotelNotFoundError) as info:
        client.get_list(PATH)
    assert 'a list item reported failure' in str(info.value)


def test_list_item_that_is_not_an_object_raises(client, mock):
    body = listing([{'id': '1'}], path=PATH)
    body['response'].append('oops')
    mock.add(responses.GET, COLL, json=body)
    with pytest.raises(ExotelResponseError):
        client.get_list(PATH)


def test_list_response_that_is_an_object_raises(client, mock):
    mock.add(responses.GET, COLL, json=single({'id': '1'}))
    with pytest.raises(ExotelResponseError) as info:
        client.get_list(PATH)
    assert 'expected a list' in str(info.value)


def test_get_list_passes_filters_and_pages(client, mock):
    mock.add(responses.GET, BASE + '/trunks', json=listing([{'trunk_sid': 'a'}] * 50, path='/x', next_page_uri=True),
             match=[matchers.query_param_matcher({'trunk_sid': 'a', 'offset': '0', 'page_size': '50'})])
    mock.add(responses.GET, BASE + '/trunks', json=listing([{'trunk_sid': 'a'}], path='/x', offset=50),
             match=[matchers.query_param_matcher({'trunk_sid': 'a', 'offset': '50', 'page_size': '50'})])
    assert len(client.get_list(client.account_path('trunks'), params={'trunk_sid': 'a'})) == 51


# -- batch -------------------------------------------------------------------------------------------------

def test_write_batch_returns_item_data(client, mock):
    mock.add(responses.POST, BASE + '/trunks/t1/destination-uris', json=batch([item({'id': '2543'}), item({'id': '2544'})]))
    assert client.write_batch('/v2/accounts/exotel_test/trunks/t1/destination-uris', {'destinations': []}) == [{'id': '2543'}, {'id': '2544'}]


def test_write_batch_207_names_the_failed_item(client, mock):
    envelope = batch([item({'id': '2543'}), item_error(1002, 'Invalid parameter', 'Destination not whitelisted')])
    assert envelope['http_code'] == 207 and envelope['metadata'] == {'total': 2, 'success': 1, 'failed': 1}
    mock.add(responses.POST, BASE + '/trunks/t1/destination-uris', status=207, json=envelope)
    with pytest.raises(ExotelAPIError) as info:
        client.write_batch('/v2/accounts/exotel_test/trunks/t1/destination-uris', {'destinations': []})
    assert 'item 2 of 2 failed' in str(info.value)
    assert 'Destination not whitelisted' in str(info.value)


# -- retries -----------------------------------------------------------------------------------------------

def test_429_on_get_honours_retry_after_and_warns(mock, slept, clock):
    warned = []
    client = ExotelClient(API_URL, 'exotel_test', API_KEY, TOKEN, clock=clock, warn=warned.append)
    mock.add(responses.GET, COLL, status=429, headers={'Retry-After': '12'}, json=error(429, 429, 'Too Many Requests'))
    mock.add(responses.GET, COLL, json=single({'id': '1'}))
    assert client.get_object(PATH) == {'id': '1'}
    assert slept == [12.0]
    assert len(warned) == 1 and 'HTTP 429' in warned[0] and 'retry 1 of 5' in warned[0]


def test_429_on_post_is_retried_because_not_applied(client, mock, slept):
    mock.add(responses.POST, COLL, status=429, headers={'Retry-After': '3'}, json=error(429, 429, 'Too Many Requests', method='POST'))
    mock.add(responses.POST, COLL, json=single({'id': '1'}, method='POST'))
    assert client.write('POST', PATH, body={'phone_number': NUM}) == {'id': '1'}
    assert slept == [3.0]
    assert len(mock.calls) == 2


def test_429_exhaustion_raises_rate_limit_error(client, mock):
    for dummy in range(3):
        mock.add(responses.GET, COLL, status=429, json=error(429, 429, 'Too Many Requests'))
    with pytest.raises(ExotelRateLimitError) as info:
        client.get_object(PATH)
    assert 'gave up after 2 retries' in str(info.value)
    assert len(mock.calls) == 3


@pytest.mark.parametrize('status', [502, 503, 504])
def test_gateway_error_on_post_is_outcome_unknown_and_not_retried(client, mock, slept, status):
    mock.add(responses.POST, COLL, status=status, json=error(status, status, 'Gateway', method='POST'))
    with pytest.raises(ExotelOutcomeUnknownError):
        client.write('POST', PATH, body={'phone_number': NUM})
    assert len(mock.calls) == 1 and slept == []


def test_read_timeout_on_get_is_retried(client, mock, slept):
    mock.add(responses.GET, COLL, body=requests.exceptions.ReadTimeout('read timed out'))
    mock.add(responses.GET, COLL, json=single({'id': '1'}))
    assert client.get_object(PATH) == {'id': '1'}
    assert len(slept) == 1


def test_connection_error_exhaustion_on_get_gives_up_cleanly(client, mock):
    for dummy in range(3):
        mock.add(responses.GET, COLL, body=requests.exceptions.ConnectionError(ConnectionRefusedError(111, 'Connection refused')))
    with pytest.raises(ExotelTransportError) as info:
        client.get_object(PATH)
    assert 'connection refused' in str(info.value)
    assert 'gave up after 2 retries' in str(info.value)
    assert TOKEN not in str(info.value)


def test_read_timeout_on_delete_is_outcome_unknown_not_retried(client, mock):
    mock.add(responses.DELETE, COLL, body=requests.exceptions.ReadTimeout('read timed out'))
    with pytest.raises(ExotelOutcomeUnknownError) as info:
        client.write('DELETE', PATH, params={'id': '1'})
    assert 'may or may not have been applied' in str(info.value)
    assert len(mock.calls) == 1


def test_backoff_grows_without_retry_after(mock, slept, clock, monkeypatch):
    monkeypatch.setattr(_api.random, 'uniform', lambda low, high: 0.0)
    client = ExotelClient(API_URL, 'exotel_test', API_KEY, TOKEN, max_retries=3, clock=clock)
    for dummy in range(3):
        mock.add(responses.GET, COLL, status=503, json=error(503, 503, 'Service Unavailable'))
    mock.add(responses.GET, COLL, json=single({'id': '1'}))
    client.get_object(PATH)
    assert slept == [0.5, 1.0, 2.0]


def test_connect_failure_check_survives_a_string_reason():
    """urllib3 keeps 'CERTIFICATE_VERIFY_FAILED' (a str) in .reason of a TLS error; walking the chain must not crash."""
    inner = OSError('certificate verify failed')
    inner.reason = 'CERTIFICATE_VERIFY_FAILED'
    exc = requests.exceptions.SSLError(inner)
    assert _api._is_connect_failure(exc) is False
    assert 'TLS certificate verification failed' in _api._describe_exception(exc)


def test_validate_certs_false_is_sent_with_every_request(monkeypatch):
    """A session-level verify=False loses to REQUESTS_CA_BUNDLE; the client must pass verify per request."""
    monkeypatch.setenv('REQUESTS_CA_BUNDLE', '/nonexistent/ca.pem')
    client = _api.ExotelClient('https://api.test', 'exotel_test', 'k', 't', validate_certs=False)
    seen = {}

    def fake_request(method, url, **kwargs):
        seen.update(kwargs)
        raise requests.exceptions.ConnectTimeout('no')

    monkeypatch.setattr(client.session, 'request', fake_request)
    client.max_retries = 0
    with pytest.raises(ExotelTransportError):
        client.request('GET', '/v2/accounts/exotel_test/trunks')
    assert seen['verify'] is False


@pytest.mark.parametrize('base_url,expected', [
    ('https://api.exotel.com', 'https://api.exotel.com:443'),
    ('http://127.0.0.1:8088', 'http://127.0.0.1:8088'),
    ('https://api.in.exotel.com/prefix', 'https://api.in.exotel.com:443'),
    ('http://[::1]:9', 'http://[::1]:9'),
])
def test_endpoint_names_scheme_host_and_port_only(base_url, expected):
    assert endpoint_of(base_url) == expected


def test_transport_failure_names_the_endpoint_it_tried(mock, clock):
    client = ExotelClient('http://127.0.0.1:9', 'exotel_test', API_KEY, TOKEN, max_retries=0, clock=clock)
    mock.add(responses.GET, 'http://127.0.0.1:9' + PATH,
             body=requests.exceptions.ConnectionError(ConnectionRefusedError(111, 'Connection refused')))
    with pytest.raises(ExotelTransportError) as info:
        client.get_object(PATH)
    assert 'connection refused or host unreachable' in str(info.value)
    assert 'at http://127.0.0.1:9' in str(info.value)
    assert TOKEN not in str(info.value) and API_KEY not in str(info.value)
