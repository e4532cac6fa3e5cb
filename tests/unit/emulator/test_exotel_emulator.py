# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Behaviour of the Exotel v2 trunk API emulator, case by case against Exotel's published API reference."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import http.client
import json
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
from urllib.parse import quote, urlsplit
import urllib.error
import urllib.request

import pytest

from ansible_collections.exotel.trunking.tests.emulator import exotel_emulator


ACCOUNT = "exotel_test"
KEY = "emulator_key"
TOKEN = "emulator_token_s3cr3t"
BASE = "/v2/accounts/%s" % ACCOUNT
SID_RE = re.compile(r"^trmum1[0-9a-f]{18}1a1n$")
TS_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
RID_RE = re.compile(r"^[0-9a-f]{32}$")
DOMAIN = "exotel_test.pstn.exotel.com"
EMULATOR_PATH = exotel_emulator.__file__


class Resp:
    def __init__(self, status, headers, raw):
        self.status = status
        self.headers = headers
        self.raw = raw
        try:
            self.json = json.loads(raw.decode("utf-8"))
        except ValueError:
            self.json = None

    @property
    def inner(self):
        return self.json["response"]

    @property
    def data(self):
        return self.json["response"]["data"]

    @property
    def err(self):
        return self.json["response"]["error_data"]


class Client:
    """Tiny stdlib HTTP client (http.client) so tests also see non-2xx bodies and dropped sockets."""

    def __init__(self, url, user=KEY, password=TOKEN):
        parts = urlsplit(url)
        self.host = parts.hostname
        self.port = parts.port
        self.tls = parts.scheme == "https"
        self.user = user
        self.password = password

    def call(self, method, path, body=None, raw=None, content_type="application/json", auth=True, headers=None, timeout=10):
        hdrs = dict(headers or {})
        if auth and self.user is not None:
            token = base64.b64encode(("%s:%s" % (self.user, self.password)).encode("utf-8")).decode("ascii")
            hdrs["Authorization"] = "Basic " + token
        payload = None
        if body is not None:
            payload = json.dumps(body).encode("utf-8")
        if raw is not None:
            payload = raw.encode("utf-8") if isinstance(raw, str) else raw
        if payload is not None and content_type is not None:
            hdrs["Content-Type"] = content_type
        if self.tls:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            conn = http.client.HTTPSConnection(self.host, self.port, timeout=timeout, context=context)
        else:
            conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            conn.request(method, path, body=payload, headers=hdrs)
            resp = conn.getresponse()
            return Resp(resp.status, resp.headers, resp.read())
        finally:
            conn.close()

    def get(self, path, **kw):
        return self.call("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.call("POST", path, body=body, **kw)

    def put(self, path, body=None, **kw):
        return self.call("PUT", path, body=body, **kw)

    def delete(self, path, **kw):
        return self.call("DELETE", path, **kw)

    # control API helpers (no auth)
    def ctl(self, method, control_path, body=None):
        resp = self.call(method, "/_emulator" + control_path, body=body, auth=False)
        assert resp.status == 200, resp.raw
        return resp.json


@pytest.fixture(scope="module", name="server")
def fixture_server():
    srv = exotel_emulator.EmulatorServer(host="127.0.0.1", port=0).start()
    yield srv
    srv.stop()


@pytest.fixture(name="api")
def fixture_api(server):
    client = Client(server.url)
    client.ctl("POST", "/reset")
    return client


def make_trunk(api, name="trunk_a"):
    resp = api.post(BASE + "/trunks", {"trunk_name": name, "nso_code": "ANY-ANY", "domain_name": DOMAIN})
    assert resp.status == 200, resp.raw
    return resp.data["trunk_sid"]


def sub(sid, collection):
    return "%s/trunks/%s/%s" % (BASE, sid, collection)


def assert_error(resp, status, code, message=None, description=None):
    assert resp.status == status, resp.raw
    assert resp.json["http_code"] == status
    assert resp.inner["code"] == status
    assert resp.inner["status"] == "failure"
    assert resp.inner["data"] is None
    assert set(resp.err) == {"code", "message", "description"}
    assert resp.err["code"] == code
    if message is not None:
        assert resp.err["message"] == message
    if description is not None:
        assert resp.err["description"] == description


def assert_duplicate(resp, description):
    assert resp.status == 200
    assert resp.json["http_code"] == 200
    assert resp.inner["code"] == 409
    assert resp.inner["status"] == "failure"
    assert resp.inner["data"] is None
    assert resp.err == {"code": 1008, "message": "Duplicate resource", "description": description}


# ---------------------------------------------------------------- envelopes / trunks

def test_create_trunk_envelope_and_object(api):
    resp = api.post(BASE + "/trunks", {"trunk_name": "outbound_trunk", "nso_code": "ANY-ANY", "domain_name": DOMAIN})
    assert resp.status == 200
    assert list(resp.json) == ["request_id", "method", "http_code", "response"]
    assert RID_RE.match(resp.json["request_id"])
    assert resp.json["method"] == "POST"
    assert resp.json["http_code"] == 200
    assert resp.inner["code"] == 200 and resp.inner["status"] == "success" and resp.inner["error_data"] is None
    data = resp.data
    sid = data["trunk_sid"]
    assert SID_RE.match(sid) and len(sid) == 28
    assert TS_RE.match(data["date_created"]) and TS_RE.match(data["date_updated"])
    assert data["trunk_name"] == "outbound_trunk"
    assert data["status"] == "active"
    assert data["domain_name"] == DOMAIN
    assert data["auth_type"] == "IP-WHITELIST"
    assert data["registration_enabled"] == "disabled"
    assert data["edge_preference"] == "auto"
    assert data["nso_code"] == "ANY-ANY"
    assert data["secure_trunking"] == "disabled"
    for key in ("destination_uris", "whitelisted_ips", "credentials", "phone_numbers"):
        assert data[key] == "%s/trunks/%s/%s" % (BASE, sid, key.replace("_", "-"))
    assert "account_sid" not in data


def test_request_ids_unique(api):
    ids = {api.get(BASE + "/trunks").json["request_id"] for dummy in range(5)}
    assert len(ids) == 5


@pytest.mark.parametrize("body,status,code,desc", [
    ({"nso_code": "ANY-ANY", "domain_name": DOMAIN}, 400, 1001, "TrunkName is mandatory"),
    ({"trunk_name": "", "nso_code": "ANY-ANY", "domain_name": DOMAIN}, 400, 1001, "TrunkName is mandatory"),
    ({"trunk_name": "a" * 17, "nso_code": "ANY-ANY", "domain_name": DOMAIN}, 400, 1002, "Maximum allowed length for TrunkName is 16"),
    ({"trunk_name": "bad-name", "nso_code": "ANY-ANY", "domain_name": DOMAIN}, 400, 1002, "Allowed characters for TrunkName is alphanumeric and _"),
    ({"trunk_name": "t1", "nso_code": "any any", "domain_name": DOMAIN}, 400, 1002, "Nso code is invalid"),
    ({"trunk_name": "t1", "nso_code": "ANY-ANY", "domain_name": "exotel.com"}, 400, 1002, "Domain name should end with .pstn.exotel.com"),
])
def test_create_trunk_validation(api, body, status, code, desc):
    resp = api.post(BASE + "/trunks", body)
    msg = "Mandatory Parameter missing" if code == 1001 else "Invalid parameter"
    assert_error(resp, status, code, msg, desc)


def test_trunk_name_16_chars_ok(api):
    make_trunk(api, "a" * 16)


def test_duplicate_trunk_quirk_and_strict_409(api):
    make_trunk(api, "dup")
    body = {"trunk_name": "dup", "nso_code": "ANY-ANY", "domain_name": DOMAIN}
    assert_duplicate(api.post(BASE + "/trunks", body), "Unable to create trunk with name dup")
    api.ctl("POST", "/config", {"duplicate_status": 409})
    resp = api.post(BASE + "/trunks", body)
    assert resp.status == 409 and resp.json["http_code"] == 409 and resp.inner["code"] == 409
    assert resp.err["code"] == 1008
    assert len(api.ctl("GET", "/state")["trunks"]) == 1


def test_list_trunks_metadata_filter_order(api):
    sids = [make_trunk(api, "t%d" % i) for i in range(3)]
    resp = api.get(BASE + "/trunks")
    assert resp.status == 200
    assert list(resp.json) == ["request_id", "method", "http_code", "metadata", "response"]
    assert resp.json["metadata"] == {
        "page_size": 50, "first_page_uri": BASE + "/trunks?offset=0&page_size=50", "prev_page_uri": None, "next_page_uri": None}
    assert [i["data"]["trunk_sid"] for i in resp.json["response"]] == sids[::-1]
    for item in resp.json["response"]:
        assert item["code"] == 200 and item["status"] == "success" and item["error_data"] is None
    filtered = api.get(BASE + "/trunks?trunk_sid=" + sids[1])
    assert [i["data"]["trunk_sid"] for i in filtered.json["response"]] == [sids[1]]
    assert api.get(BASE + "/trunks?trunk_sid=trmum1000000000000000000001a1n").json["response"] == []


def test_get_trunk_single_and_unknown(api):
    sid = make_trunk(api)
    resp = api.get(BASE + "/trunks/" + sid)
    assert resp.status == 200 and resp.data["trunk_sid"] == sid
    assert_error(api.get(BASE + "/trunks/trmum1nope"), 404, 1000, "Not Found", "Not Found")
    api.ctl("POST", "/config", {"unknown_trunk_status": 403})
    assert_error(api.get(BASE + "/trunks/trmum1nope"), 403, 1003, "Authorization failed", "Authorization failed")


def test_update_trunk(api):
    sid = make_trunk(api, "old")
    make_trunk(api, "other")
    resp = api.put(BASE + "/trunks/" + sid, {"trunk_name": "new_name", "nso_code": "ANY-ANY", "auth_type": "IP-WHITELIST"})
    assert resp.status == 200 and resp.json["method"] == "PUT"
    assert resp.data["trunk_name"] == "new_name" and resp.data["trunk_sid"] == sid
    assert_error(api.put(BASE + "/trunks/" + sid, {"nso_code": "any any"}), 400, 1002, description="Nso code is invalid")
    assert_error(api.put(BASE + "/trunks/" + sid, {"trunk_name": "x-y"}), 400, 1002)
    assert_duplicate(api.put(BASE + "/trunks/" + sid, {"trunk_name": "other"}), "Unable to create trunk with name other")
    assert_error(api.put(BASE + "/trunks/trmum1nope", {"trunk_name": "zz"}), 404, 1000)
    # renaming to its own name is not a duplicate
    assert api.put(BASE + "/trunks/" + sid, {"trunk_name": "new_name"}).status == 200


def test_delete_trunk_cascades(api):
    sid = make_trunk(api)
    keep = make_trunk(api, "keep")
    api.post(sub(sid, "phone-numbers"), {"phone_number": "+919876543210"})
    api.post(sub(sid, "whitelisted-ips"), {"ip": "44.248.146.11"})
    api.post(sub(sid, "destination-uris"), {"destinations": [{"destination": "44.248.146.11:5061;transport=tls"}]})
    api.post(sub(sid, "credentials"), {"user_name": "u1", "password": "password1"})
    api.post(sub(sid, "settings"), {"settings": [{"name": "trunk_external_alias", "value": "+919876543210"}]})
    api.post(sub(keep, "phone-numbers"), {"phone_number": "+919876543211"})
    resp = api.delete(BASE + "/trunks?trunk_sid=" + sid)
    assert resp.status == 200 and resp.json["method"] == "DELETE"
    assert resp.data["trunk_sid"] == sid and resp.data["trunk_name"] == "trunk_a"
    state = api.ctl("GET", "/state")
    assert [t["trunk_sid"] for t in state["trunks"]] == [keep]
    for key in ("whitelisted_ips", "destination_uris", "credentials", "settings"):
        assert state[key] == []
    assert [p["trunk_sid"] for p in state["phone_numbers"]] == [keep]
    # number freed by the cascade can be mapped again
    assert api.post(sub(keep, "phone-numbers"), {"phone_number": "+919876543210"}).inner["status"] == "success"
    assert_error(api.delete(BASE + "/trunks?trunk_sid=" + sid), 404, 1000)
    assert_error(api.delete(BASE + "/trunks"), 400, 1001)


# ---------------------------------------------------------------- phone numbers

def test_phone_number_create_mode_null_and_ids(api):
    sid = make_trunk(api)
    first = api.post(sub(sid, "phone-numbers"), {"phone_number": "+919876543210"})
    assert first.status == 200
    data = first.data
    assert data["id"] == "41500" and isinstance(data["id"], str)
    assert data["mode"] is None and "mode" in data
    assert data["phone_number"] == "+919876543210" and data["trunk_sid"] == sid
    assert TS_RE.match(data["date_created"])
    second = api.post(sub(sid, "phone-numbers"), {"phone_number": "+918040264208", "mode": "flow"})
    assert second.data["id"] == "41501" and second.data["mode"] == "flow"
    third = api.post(sub(sid, "phone-numbers"), {"phone_number": "+918040264209", "mode": None})
    assert third.data["mode"] is None


@pytest.mark.parametrize("body,code,desc", [
    ({}, 1001, "PhoneNumber is mandatory"),
    ({"phone_number": ""}, 1001, "PhoneNumber is mandatory"),
    ({"phone_number": "080-486-36999"}, 1002, "Invalid PhoneNumber"),
    ({"phone_number": "919876543210"}, 1002, "Invalid PhoneNumber"),
    ({"phone_number": "+91abc"}, 1002, "Invalid PhoneNumber"),
    ({"phone_number": "+9198765432101234"}, 1002, "Invalid PhoneNumber"),
    ({"phone_number": "+919876543210", "mode": "PSTN"}, 1002, "Invalid Mode"),
    ({"phone_number": "+919876543210", "mode": "sip"}, 1002, "Invalid Mode"),
])
def test_phone_number_validation(api, body, code, desc):
    sid = make_trunk(api)
    assert_error(api.post(sub(sid, "phone-numbers"), body), 400, code, description=desc)


def test_phone_number_one_trunk_only(api):
    sid_a = make_trunk(api, "a")
    sid_b = make_trunk(api, "b")
    assert api.post(sub(sid_a, "phone-numbers"), {"phone_number": "+919876543210"}).status == 200
    assert_duplicate(api.post(sub(sid_a, "phone-numbers"), {"phone_number": "+919876543210"}),
                     "Unable to create DidTrunkMapping with TrunkSid %s" % sid_a)
    assert_duplicate(api.post(sub(sid_b, "phone-numbers"), {"phone_number": "+919876543210", "mode": "flow"}),
                     "Unable to create DidTrunkMapping with TrunkSid %s" % sid_b)
    assert len(api.ctl("GET", "/state")["phone_numbers"]) == 1


def test_phone_number_owned_exophones(api):
    sid = make_trunk(api)
    api.ctl("POST", "/config", {"owned_exophones": ["+919876543210"]})
    assert api.post(sub(sid, "phone-numbers"), {"phone_number": "+919876543210"}).status == 200
    assert_error(api.post(sub(sid, "phone-numbers"), {"phone_number": "+919876543211"}), 400, 1002, description="Invalid PhoneNumber")


def test_phone_number_unknown_trunk(api):
    assert_error(api.post(sub("trmum1nope", "phone-numbers"), {"phone_number": "+919876543210"}), 404, 1000, "Not Found", "Not Found")
    api.ctl("POST", "/config", {"unknown_trunk_status": 403})
    assert_error(api.post(sub("trmum1nope", "phone-numbers"), {"phone_number": "+919876543210"}), 403, 1003, "Authorization failed")
    assert_error(api.get(sub("trmum1nope", "whitelisted-ips")), 403, 1003)


def test_phone_number_update(api):
    sid = make_trunk(api)
    pid = api.post(sub(sid, "phone-numbers"), {"phone_number": "+918040264208"}).data["id"]
    path = sub(sid, "phone-numbers") + "/" + pid
    resp = api.put(path, {"phone_number": "+918040264208", "mode": "flow"})
    assert resp.status == 200 and resp.data["mode"] == "flow" and resp.data["id"] == pid
    assert_error(api.put(path, {"mode": "flow"}), 400, 1001, description="PhoneNumber is mandatory")
    assert_error(api.put(path, {"phone_number": "+918040264208"}), 400, 1001, description="Mode is mandatory")
    assert_error(api.put(path, {"phone_number": "+918040264208", "mode": None}), 400, 1001)
    assert_error(api.put(path, {"phone_number": "+918040264209", "mode": "pstn"}), 400, 1002, description="PhoneNumber does not match")
    assert_error(api.put(path, {"phone_number": "+918040264208", "mode": "Flow"}), 400, 1002, description="Invalid Mode")
    assert_error(api.put(sub(sid, "phone-numbers") + "/99999", {"phone_number": "+918040264208", "mode": "pstn"}), 404, 1000)
    assert api.ctl("GET", "/state")["phone_numbers"][0]["mode"] == "flow"


def test_phone_number_list_and_delete(api):
    sid = make_trunk(api)
    ids = [api.post(sub(sid, "phone-numbers"), {"phone_number": "+91987654321%d" % i}).data["id"] for i in range(3)]
    listing = api.get(sub(sid, "phone-numbers"))
    assert [i["data"]["id"] for i in listing.json["response"]] == ids[::-1]
    assert listing.json["metadata"]["first_page_uri"] == sub(sid, "phone-numbers") + "?offset=0&page_size=50"
    resp = api.delete(sub(sid, "phone-numbers") + "?id=" + ids[0])
    assert resp.status == 200 and resp.data["id"] == ids[0] and resp.data["phone_number"] == "+919876543210"
    assert_error(api.delete(sub(sid, "phone-numbers") + "?id=" + ids[0]), 404, 1000)
    assert_error(api.delete(sub(sid, "phone-numbers") + "?id=424242"), 404, 1000)
    assert_error(api.delete(sub(sid, "phone-numbers")), 400, 1001)
    assert len(api.get(sub(sid, "phone-numbers")).json["response"]) == 2


def test_trunk_maps(api):
    sid = make_trunk(api)
    other = make_trunk(api, "other")
    pid = api.post(sub(sid, "phone-numbers"), {"phone_number": "+919876543210", "mode": "pstn"}).data["id"]
    resp = api.get(BASE + "/trunk-maps?exophone=" + quote("+919876543210"))
    assert resp.status == 200 and list(resp.json) == ["request_id", "method", "http_code", "response"]
    assert resp.data == {"exophone": "+919876543210", "trunk_sid": sid, "phone_number_id": pid, "mode": "pstn"}
    assert api.get(BASE + "/trunk-maps?exophone=%2B919876543210&trunk_sid=" + sid).status == 200
    assert_error(api.get(BASE + "/trunk-maps?exophone=%2B919876543210&trunk_sid=" + other), 404, 1000)
    assert_error(api.get(BASE + "/trunk-maps?exophone=%2B919999999999"), 404, 1000)
    assert_error(api.get(BASE + "/trunk-maps"), 400, 1001, description="Exophone is mandatory")


# ---------------------------------------------------------------- whitelisted IPs

def test_acl_create_list_update_delete(api):
    sid = make_trunk(api)
    resp = api.post(sub(sid, "whitelisted-ips"), {"ip": "44.248.146.11"})
    assert resp.status == 200
    assert resp.data["id"] == "1150" and resp.data["mask"] == 32 and resp.data["friendly_name"] is None
    assert resp.data["ip"] == "44.248.146.11" and resp.data["trunk_sid"] == sid
    second = api.post(sub(sid, "whitelisted-ips"), {"ip": "10.0.0.0", "mask": 24})
    assert second.data["id"] == "1151" and second.data["mask"] == 24
    listing = api.get(sub(sid, "whitelisted-ips"))
    assert [i["data"]["id"] for i in listing.json["response"]] == ["1151", "1150"]
    upd = api.put(sub(sid, "whitelisted-ips") + "/1151", {"ip": "10.0.1.0", "mask": 16})
    assert upd.status == 200 and upd.data["ip"] == "10.0.1.0" and upd.data["mask"] == 16
    assert_error(api.put(sub(sid, "whitelisted-ips") + "/1151", {"ip": "10.0.1.0"}), 400, 1001)
    assert_error(api.put(sub(sid, "whitelisted-ips") + "/9", {"ip": "10.0.1.0", "mask": 32}), 404, 1000)
    dele = api.delete(sub(sid, "whitelisted-ips") + "?id=1150")
    assert dele.status == 200 and dele.data["ip"] == "44.248.146.11"
    assert_error(api.delete(sub(sid, "whitelisted-ips") + "?id=1150"), 404, 1000)


@pytest.mark.parametrize("body,code,desc", [
    ({}, 1001, "Ip is mandatory"),
    ({"ip": "999.1.1.1"}, 1002, "Invalid ip"),
    ({"ip": "abc"}, 1002, "Invalid ip"),
    ({"ip": "1.2.3.4", "mask": 8}, 1002, "mask should be in-between 16 and 32"),
    ({"ip": "1.2.3.4", "mask": 33}, 1002, "mask should be in-between 16 and 32"),
    ({"ip": "1.2.3.4", "mask": -1}, 1007,
     "json: cannot unmarshal number -1 into Go struct field CreateWhitelistipsRequest.mask of type uint8"),
    ({"ip": "1.2.3.4", "mask": "32"}, 1007,
     "json: cannot unmarshal string into Go struct field CreateWhitelistipsRequest.mask of type uint8"),
    ({"ip": "1.2.3.4", "friendly_name": "bad-name"}, 1002, "Allowed characters for FriendlyName is alphanumberic and _"),
])
def test_acl_validation(api, body, code, desc):
    sid = make_trunk(api)
    resp = api.post(sub(sid, "whitelisted-ips"), body)
    assert_error(resp, 400, code, description=desc)
    if code == 1007:
        assert resp.err["message"] == "Invalid request body,failed parsing "


def test_acl_duplicate_same_ip_same_trunk(api):
    sid = make_trunk(api)
    other = make_trunk(api, "other")
    api.post(sub(sid, "whitelisted-ips"), {"ip": "44.248.146.10", "mask": 32})
    assert_duplicate(api.post(sub(sid, "whitelisted-ips"), {"ip": "44.248.146.10", "mask": 24}),
                     "Unable to Whitelist-ip with ip 44.248.146.10")
    assert api.post(sub(other, "whitelisted-ips"), {"ip": "44.248.146.10"}).inner["status"] == "success"


# ---------------------------------------------------------------- destination URIs

def test_destinations_batch_200_and_207(api):
    sid = make_trunk(api)
    api.post(sub(sid, "whitelisted-ips"), {"ip": "44.248.146.11"})
    resp = api.post(sub(sid, "destination-uris"), {"destinations": [{"destination": "44.248.146.11:5061;transport=tls"}]})
    assert resp.status == 200 and resp.json["http_code"] == 200
    assert list(resp.json) == ["request_id", "method", "http_code", "metadata", "response"]
    assert resp.json["metadata"] == {"total": 1, "success": 1, "failed": 0}
    item = resp.json["response"][0]["data"]
    assert item["id"] == "2540" and item["destination"] == "sip:44.248.146.11:5061;transport=tls"
    assert item["type"] == "public" and item["priority"] == 0 and item["weight"] == 1 and item["trunk_sid"] == sid
    mixed = api.post(sub(sid, "destination-uris"), {"destinations": [
        {"destination": "sip.company.com:5061;transport=tls", "priority": 1, "weight": 5},
        {"destination": "44.248.146.99:5061;transport=tls"},
        {"destination": "not a host"},
    ]})
    assert mixed.status == 207 and mixed.json["http_code"] == 207
    assert mixed.json["metadata"] == {"total": 3, "success": 1, "failed": 2}
    ok, notwl, bad = mixed.json["response"]
    assert ok["status"] == "success" and ok["data"]["priority"] == 1 and ok["data"]["weight"] == 5
    assert notwl == {"code": 400, "status": "failure", "data": None,
                     "error_data": {"code": 1002, "message": "Invalid parameter", "description": "Destination not whitelisted"}}
    assert bad["error_data"]["description"] == "Destination is not a valid Ip or Fqdn"
    listing = api.get(sub(sid, "destination-uris"))
    assert [i["data"]["destination"] for i in listing.json["response"]] == [
        "sip:sip.company.com:5061;transport=tls", "sip:44.248.146.11:5061;transport=tls"]


def test_destination_subnet_acl_and_strict(api):
    sid = make_trunk(api)
    api.post(sub(sid, "whitelisted-ips"), {"ip": "10.1.2.0", "mask": 24})
    api.post(sub(sid, "whitelisted-ips"), {"ip": "192.0.2.10"})
    pair = {"destinations": [{"destination": "10.1.2.77:5060;transport=tcp"}, {"destination": "192.0.2.10:5060"}]}
    resp = api.post(sub(sid, "destination-uris"), pair)
    assert resp.status == 200 and resp.json["metadata"]["success"] == 2
    api.ctl("POST", "/config", {"strict_destinations": True})
    strict = api.post(sub(sid, "destination-uris"), pair)
    assert strict.status == 207
    assert [i["error_data"]["description"] for i in strict.json["response"]] == ["Destination is not a valid Ip or Fqdn"] * 2


def test_destination_missing_list_update_delete(api):
    sid = make_trunk(api)
    assert_error(api.post(sub(sid, "destination-uris"), {}), 400, 1001)
    did = api.post(sub(sid, "destination-uris"), {"destinations": [{"destination": "sip.example.org:5061;transport=tls"}]}).json[
        "response"][0]["data"]["id"]
    upd = api.put(sub(sid, "destination-uris") + "/" + did, {"priority": 0, "weight": 5})
    assert upd.status == 200 and upd.data["weight"] == 5 and upd.data["priority"] == 0
    assert_error(api.put(sub(sid, "destination-uris") + "/1", {"weight": 5}), 404, 1000)
    dele = api.delete(sub(sid, "destination-uris") + "?id=" + did)
    assert dele.status == 200 and dele.data["id"] == did
    assert api.get(sub(sid, "destination-uris")).json["response"] == []


# ---------------------------------------------------------------- credentials

def test_credentials_crud_and_no_password(api):
    sid = make_trunk(api)
    empty = api.get(sub(sid, "credentials"))
    assert empty.status == 200 and empty.json["response"] == [] and "metadata" not in empty.json
    resp = api.post(sub(sid, "credentials"), {"user_name": "voice_ai_user", "password": "s3cretPass_1", "friendly_name": "voice_ai_platform"})
    assert resp.status == 200
    assert resp.data["id"] == "1230" and resp.data["user_name"] == "voice_ai_user" and resp.data["friendly_name"] == "voice_ai_platform"
    assert "password" not in resp.data
    assert_duplicate(api.post(sub(sid, "credentials"), {"user_name": "voice_ai_user", "password": "another_pw1"}),
                     "Unable to create Credential with user_name voice_ai_user")
    api.post(sub(sid, "credentials"), {"user_name": "second", "password": "another_pw1"})
    listing = api.get(sub(sid, "credentials"))
    meta = listing.json["metadata"]
    assert meta["total"] == 2 and meta["page"] == 1 and meta["page_size"] == 50
    assert meta["first_page_uri"] == sub(sid, "credentials") + "?page_size=50&offset=0"
    assert all("password" not in i["data"] for i in listing.json["response"])
    one = api.get(sub(sid, "credentials") + "?id=1230")
    assert [i["data"]["id"] for i in one.json["response"]] == ["1230"]
    upd = api.put(sub(sid, "credentials") + "/1230", {"password": "rotated_pw_2", "friendly_name": "renamed"})
    assert upd.status == 200 and upd.data["friendly_name"] == "renamed" and "password" not in upd.data
    state = api.ctl("GET", "/state")
    assert all("password" not in c for c in state["credentials"])
    assert "s3cretPass_1" not in json.dumps(state) and "rotated_pw_2" not in json.dumps(state)
    dele = api.delete(sub(sid, "credentials") + "?id=1230")
    assert dele.status == 200 and dele.data["user_name"] == "voice_ai_user" and "password" not in dele.data
    assert_error(api.delete(sub(sid, "credentials") + "?id=1230"), 404, 1000)


@pytest.mark.parametrize("body,code,desc", [
    ({"password": "password1"}, 1001, "UserName is mandatory"),
    ({"user_name": "u1"}, 1001, "Password is mandatory"),
    ({"user_name": "u-1", "password": "password1"}, 1002, None),
    ({"user_name": "u1", "password": "short"}, 1002, None),
    ({"user_name": "u1", "password": "pass-word-1"}, 1002, None),
    ({"user_name": "u1", "password": "password1", "friendly_name": "elevenlabs-prod"}, 1002,
     "Allowed characters for FriendlyName is alphanumberic and _"),
    ({"user_name": "u1", "password": "password1", "friendly_name": "x" * 33}, 1002, None),
])
def test_credentials_validation(api, body, code, desc):
    sid = make_trunk(api)
    assert_error(api.post(sub(sid, "credentials"), body), 400, code, description=desc)


# ---------------------------------------------------------------- settings

def test_settings_upsert_list_delete(api):
    sid = make_trunk(api)
    resp = api.post(sub(sid, "settings"), {"settings": [{"name": "trunk_external_alias", "value": "+919876543210"}]})
    assert resp.status == 200 and resp.json["metadata"] == {"total": 1, "success": 1}
    data = resp.json["response"][0]["data"]
    assert data["name"] == "trunk_external_alias" and data["value"] == "+919876543210" and data["trunk_sid"] == sid
    again = api.post(sub(sid, "settings"), {"settings": [{"name": "trunk_external_alias", "value": "+919876543211"}]})
    assert again.status == 200 and again.json["response"][0]["data"]["value"] == "+919876543211"
    assert again.json["response"][0]["data"]["date_created"] == data["date_created"]
    listing = api.get(sub(sid, "settings"))
    assert "metadata" in listing.json and [i["data"]["value"] for i in listing.json["response"]] == ["+919876543211"]
    bad = api.post(sub(sid, "settings"), {"settings": [{"name": "bogus", "value": "x"}]})
    assert bad.status == 207 and bad.json["response"][0]["code"] == 400
    dele = api.delete(sub(sid, "settings") + "?name=trunk_external_alias")
    assert dele.status == 200 and dele.data["name"] == "trunk_external_alias"
    assert_error(api.delete(sub(sid, "settings") + "?name=trunk_external_alias"), 404, 1000)
    assert_error(api.delete(sub(sid, "settings")), 400, 1001)
    assert_error(api.post(sub(sid, "settings"), {}), 400, 1001)


# ---------------------------------------------------------------- pagination

def test_pagination(api):
    seeded = api.ctl("POST", "/seed", {
        "trunks": [{"trunk_name": "big"}],
        "phone_numbers": [{"trunk_name": "big", "phone_number": "+9180400%05d" % i} for i in range(120)],
    })
    sid = seeded["trunks"][0]["trunk_sid"]
    path = sub(sid, "phone-numbers")
    first = api.get(path)
    assert len(first.json["response"]) == 50
    assert first.json["metadata"] == {"page_size": 50, "first_page_uri": path + "?offset=0&page_size=50",
                                      "prev_page_uri": None, "next_page_uri": path + "?offset=50&page_size=50"}
    ids = [int(i["data"]["id"]) for i in first.json["response"]]
    assert ids == sorted(ids, reverse=True) and ids[0] == 41619
    capped = api.get(path + "?page_size=500")
    assert capped.json["metadata"]["page_size"] == 100 and len(capped.json["response"]) == 100
    last = api.get(path + "?offset=100&page_size=100")
    assert len(last.json["response"]) == 20
    assert last.json["metadata"]["next_page_uri"] is None
    assert last.json["metadata"]["prev_page_uri"] == path + "?offset=0&page_size=100"
    past = api.get(path + "?offset=500")
    assert past.status == 200 and past.json["response"] == []
    # walking next_page_uri visits every item exactly once
    seen = []
    uri = path + "?page_size=7"
    while uri:
        page = api.get(uri)
        seen.extend(i["data"]["id"] for i in page.json["response"])
        uri = page.json["metadata"]["next_page_uri"]
    assert len(seen) == 120 and len(set(seen)) == 120
    api.ctl("POST", "/config", {"page_size_max": 10})
    assert api.get(path + "?page_size=50").json["metadata"]["page_size"] == 10
    assert_error(api.get(path + "?page_size=abc"), 400, 1002)
    assert_error(api.get(path + "?offset=-1"), 400, 1002)


def test_credentials_pagination_metadata(api):
    seeded = api.ctl("POST", "/seed", {"trunks": [{"trunk_name": "c"}], "credentials": [
        {"trunk_name": "c", "user_name": "user%d" % i, "password": "password%d" % i} for i in range(5)]})
    sid = seeded["trunks"][0]["trunk_sid"]
    page = api.get(sub(sid, "credentials") + "?page_size=2&offset=2")
    meta = page.json["metadata"]
    assert meta["total"] == 5 and meta["page"] == 2 and meta["page_size"] == 2
    assert meta["next_page_uri"] == sub(sid, "credentials") + "?page_size=2&offset=4"
    assert meta["prev_page_uri"] == sub(sid, "credentials") + "?page_size=2&offset=0"


# ---------------------------------------------------------------- content type / body / routes

def test_content_type_415(api):
    resp = api.post(BASE + "/trunks", raw='{"trunk_name": "x"}', content_type="text/plain")
    assert_error(resp, 415, 1011, "unsupported content type", "text/plain")
    assert_error(api.post(BASE + "/trunks", raw='{"trunk_name": "x"}', content_type=None), 415, 1011)
    ok = api.post(BASE + "/trunks", {"trunk_name": "x", "nso_code": "ANY-ANY", "domain_name": DOMAIN},
                  content_type="application/json; charset=utf-8")
    assert ok.status == 200
    # GET/DELETE without Content-Type are fine
    assert api.get(BASE + "/trunks").status == 200


@pytest.mark.parametrize("raw,desc", [
    ('{"trunk_name": "x"', "unexpected EOF"),
    ('{"trunk_name": "x",}', None),
    ('', "EOF"),
    ('[1, 2]', "json: cannot unmarshal array into Go value of type models.CreateTrunkRequest"),
    ('{"trunk_name": 5}', "json: cannot unmarshal number into Go struct field CreateTrunkRequest.trunk_name of type string"),
])
def test_invalid_json_1007(api, raw, desc):
    resp = api.post(BASE + "/trunks", raw=raw)
    assert_error(resp, 400, 1007, "Invalid request body,failed parsing ", desc)


def test_unknown_routes(api):
    assert_error(api.get(BASE + "/nothing"), 404, 1000, "Not Found", "Not Found")
    assert_error(api.get("/v1/Accounts/x"), 404, 1000)
    assert_error(api.call("DELETE", BASE + "/trunks/trmum1abc"), 404, 1000)
    assert_error(api.call("PATCH", BASE + "/trunks", body={}), 404, 1000)


# ---------------------------------------------------------------- auth

def test_auth_failures(server, api):
    expect = {"code": 1010, "message": "Authorization failed", "description": "Authorization failed"}
    bad = Client(server.url, KEY, "wrong")
    resp = bad.get(BASE + "/trunks")
    assert_error(resp, 401, 1010)
    assert resp.err == expect
    assert_error(Client(server.url, None).get(BASE + "/trunks"), 401, 1010)
    assert_error(api.get("/v2/accounts/other_account/trunks"), 401, 1010)
    api.ctl("POST", "/config", {"accounts": [
        {"account_sid": ACCOUNT, "api_key": KEY, "api_token": TOKEN, "region": "singapore"},
        {"account_sid": "mumbai_acct", "api_key": "k2", "api_token": "t2", "region": "mumbai"}]})
    assert_error(Client(server.url, "k2", "t2").get("/v2/accounts/mumbai_acct/trunks"), 401, 1010)
    api.ctl("POST", "/config", {"region": "mumbai"})
    assert Client(server.url, "k2", "t2").get("/v2/accounts/mumbai_acct/trunks").status == 200
    assert_error(api.get(BASE + "/trunks"), 401, 1010)


def test_bearer_auth_switch(api):
    bearer = {"Authorization": "Bearer " + TOKEN}
    assert_error(api.get(BASE + "/trunks", auth=False, headers=bearer), 401, 1010)
    api.ctl("POST", "/config", {"bearer_auth": True})
    assert api.get(BASE + "/trunks", auth=False, headers=bearer).status == 200
    assert_error(api.get(BASE + "/trunks", auth=False, headers={"Authorization": "Bearer nope"}), 401, 1010)
    log = api.ctl("GET", "/requests")["requests"]
    assert log[-2]["headers"]["authorization_scheme"] == "Bearer"
    assert TOKEN not in json.dumps(log)


def test_accounts_are_isolated(server, api):
    api.ctl("POST", "/config", {"accounts": [
        {"account_sid": ACCOUNT, "api_key": KEY, "api_token": TOKEN},
        {"account_sid": "acct2", "api_key": "k2", "api_token": "t2"}]})
    sid = make_trunk(api)
    other = Client(server.url, "k2", "t2")
    assert other.get("/v2/accounts/acct2/trunks").json["response"] == []
    assert_error(other.get("/v2/accounts/acct2/trunks/" + sid), 404, 1000)
    # the same number may be mapped in another account
    body = {"trunk_name": "trunk_a", "nso_code": "ANY-ANY", "domain_name": "acct2.pstn.exotel.com"}
    sid2 = other.post("/v2/accounts/acct2/trunks", body).data["trunk_sid"]
    assert api.post(sub(sid, "phone-numbers"), {"phone_number": "+919876543210"}).status == 200
    assert other.post("/v2/accounts/acct2/trunks/%s/phone-numbers" % sid2, {"phone_number": "+919876543210"}).inner["status"] == "success"


# ---------------------------------------------------------------- control API

def test_control_reset_config_requests(api):
    api.ctl("POST", "/config", {"duplicate_status": 409, "page_size_max": 5})
    make_trunk(api)
    cfg = api.ctl("GET", "/config")
    assert cfg["duplicate_status"] == 409 and cfg["page_size_max"] == 5 and cfg["region"] == "singapore"
    bad = api.call("POST", "/_emulator/config", body={"no_such_key": 1}, auth=False)
    assert bad.status == 400 and bad.json["ok"] is False
    assert api.call("POST", "/_emulator/config", body={"duplicate_status": 201}, auth=False).status == 400
    log = api.ctl("GET", "/requests")["requests"]
    assert len(log) == 1 and all(not e["path"].startswith("/_emulator") for e in log)
    assert api.ctl("POST", "/reset") == {"ok": True}
    assert api.ctl("GET", "/config") == exotel_emulator.DEFAULT_CONFIG
    assert api.ctl("GET", "/state")["trunks"] == []
    assert api.ctl("GET", "/requests")["requests"] == []
    assert api.call("GET", "/_emulator/nothing", auth=False).status == 404


def test_request_log_shape(api):
    sid = make_trunk(api)
    api.delete(sub(sid, "phone-numbers") + "?id=41500&x=%2B1")
    log = api.ctl("GET", "/requests")["requests"]
    assert [e["seq"] for e in log] == [1, 2]
    post, dele = log
    assert post["method"] == "POST" and post["path"] == BASE + "/trunks" and post["status"] == 200 and post["fault"] is None
    assert post["body"] == {"trunk_name": "trunk_a", "nso_code": "ANY-ANY", "domain_name": DOMAIN}
    assert post["headers"]["content-type"] == "application/json"
    assert post["headers"]["authorization_scheme"] == "Basic" and post["headers"]["auth_user"] == KEY
    assert post["account_sid"] == ACCOUNT and isinstance(post["time"], float)
    assert dele["query"] == {"id": ["41500"], "x": ["+1"]}
    assert dele["raw_uri"] == sub(sid, "phone-numbers") + "?id=41500&x=%2B1"
    assert dele["status"] == 404 and dele["body"] is None
    text = json.dumps(log)
    assert TOKEN not in text and base64.b64encode(("%s:%s" % (KEY, TOKEN)).encode()).decode() not in text
    assert api.ctl("DELETE", "/requests") == {"ok": True}
    assert api.ctl("GET", "/requests")["requests"] == []


def test_seed_and_state(api):
    seeded = api.ctl("POST", "/seed", {
        "trunks": [{"trunk_name": "s1", "trunk_sid": "trmum1aaaaaaaaaaaaaaaaaa1a1n"}, {"trunk_name": "s2"}],
        "phone_numbers": [{"trunk_sid": "trmum1aaaaaaaaaaaaaaaaaa1a1n", "phone_number": "+919876543210", "mode": "flow"},
                          {"trunk_name": "s2", "phone_number": "+919876543211", "mode": None}],
        "whitelisted_ips": [{"trunk_name": "s1", "ip": "44.248.146.11", "mask": 32}],
        "destination_uris": [{"trunk_name": "s1", "destination": "44.248.146.11:5061;transport=tls"}],
        "credentials": [{"trunk_name": "s1", "user_name": "u1", "password": "password1"}],
        "settings": [{"trunk_name": "s1", "name": "trunk_external_alias", "value": "+919876543210"}],
    })
    assert seeded["trunks"][0]["trunk_sid"] == "trmum1aaaaaaaaaaaaaaaaaa1a1n"
    assert seeded["destination_uris"][0]["destination"] == "sip:44.248.146.11:5061;transport=tls"
    assert "password" not in seeded["credentials"][0]
    state = api.ctl("GET", "/state")
    assert set(state) == {"trunks", "phone_numbers", "whitelisted_ips", "destination_uris", "credentials", "settings"}
    for key, values in state.items():
        assert values and all(v["account_sid"] == ACCOUNT for v in values), key
    # seeded data behaves like API-created data
    assert_duplicate(api.post(sub(state["trunks"][1]["trunk_sid"], "phone-numbers"), {"phone_number": "+919876543210"}),
                     "Unable to create DidTrunkMapping with TrunkSid %s" % state["trunks"][1]["trunk_sid"])
    tm = api.get(BASE + "/trunk-maps?exophone=%2B919876543210")
    assert tm.data["mode"] == "flow" and tm.data["trunk_sid"] == "trmum1aaaaaaaaaaaaaaaaaa1a1n"
    bad = api.call("POST", "/_emulator/seed", body={"phone_numbers": [{"trunk_name": "nope", "phone_number": "+911234567"}]}, auth=False)
    assert bad.status == 400


def test_seed_5000_numbers_fast(api):
    body = {"trunks": [{"trunk_name": "bulk"}],
            "phone_numbers": [{"trunk_name": "bulk", "phone_number": "+91804%07d" % i} for i in range(5000)]}
    start = time.time()
    seeded = api.ctl("POST", "/seed", body)
    assert time.time() - start < 1.0
    assert len(seeded["phone_numbers"]) == 5000
    sid = seeded["trunks"][0]["trunk_sid"]
    assert len(api.get(sub(sid, "phone-numbers") + "?offset=4950&page_size=100").json["response"]) == 50


# ---------------------------------------------------------------- faults

def add_fault(api, **fault):
    return api.ctl("POST", "/faults", {"faults": [fault]})


def test_fault_status_with_retry_after_and_times(api):
    add_fault(api, method="GET", path_regex="/trunks$", action="status", status=503, retry_after="2", times=2)
    assert len(api.ctl("GET", "/faults")["faults"]) == 1
    for dummy in range(2):
        resp = api.get(BASE + "/trunks")
        assert_error(resp, 503, 503, "Service Unavailable")
        assert resp.headers["Retry-After"] == "2"
    assert api.get(BASE + "/trunks").status == 200
    assert api.ctl("GET", "/faults")["faults"] == []
    log = api.ctl("GET", "/requests")["requests"]
    assert [e["fault"] for e in log] == ["status", "status", None]
    assert [e["status"] for e in log] == [503, 503, 200]


def test_fault_matching_method_and_path(api):
    add_fault(api, method="POST", path_regex="/phone-numbers$", action="status", status=500)
    sid = make_trunk(api)
    assert api.get(sub(sid, "phone-numbers")).status == 200
    resp = api.post(sub(sid, "phone-numbers"), {"phone_number": "+919876543210"})
    assert_error(resp, 500, 500, "Internal Server Error")
    assert api.ctl("GET", "/state")["phone_numbers"] == []
    add_fault(api, action="status", status=429, body="slow down", content_type="text/plain")
    raw = api.get(BASE + "/trunks")
    assert raw.status == 429 and raw.raw == b"slow down" and raw.headers["Content-Type"] == "text/plain"
    add_fault(api, action="status", status=500)
    assert api.ctl("DELETE", "/faults") == {"ok": True}
    assert api.ctl("GET", "/faults")["faults"] == []
    bad = api.call("POST", "/_emulator/faults", body={"faults": [{"action": "explode"}]}, auth=False)
    assert bad.status == 400


def test_fault_html(api):
    add_fault(api, action="html")
    resp = api.get(BASE + "/trunks")
    assert resp.status == 502 and resp.headers["Content-Type"].startswith("text/html")
    assert b"502 Bad Gateway" in resp.raw and resp.json is None


def test_fault_malformed_json_commit_or_not(api):
    sid = make_trunk(api)
    add_fault(api, method="POST", action="malformed_json")
    resp = api.post(sub(sid, "phone-numbers"), {"phone_number": "+919876543210"})
    assert resp.status == 200 and resp.json is None and resp.headers["Content-Type"] == "application/json"
    assert api.ctl("GET", "/state")["phone_numbers"] == []
    add_fault(api, method="POST", action="malformed_json", commit=True, status=200)
    resp = api.post(sub(sid, "phone-numbers"), {"phone_number": "+919876543210"})
    assert resp.status == 200 and resp.json is None
    assert len(api.ctl("GET", "/state")["phone_numbers"]) == 1


def test_fault_delay(api):
    add_fault(api, action="delay", seconds=0.3, times=2)
    start = time.time()
    assert api.get(BASE + "/trunks").status == 200
    assert time.time() - start >= 0.3
    with pytest.raises((socket.timeout, TimeoutError)):
        api.get(BASE + "/trunks", timeout=0.1)
    time.sleep(0.3)


def test_fault_drop_after_commit(api):
    sid = make_trunk(api)
    add_fault(api, method="POST", path_regex="/phone-numbers$", action="drop_after_commit")
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        api.post(sub(sid, "phone-numbers"), {"phone_number": "+919876543210"})
    assert len(api.ctl("GET", "/state")["phone_numbers"]) == 1
    entry = api.ctl("GET", "/requests")["requests"][-1]
    assert entry["fault"] == "drop_after_commit" and entry["status"] is None
    # a client retry then sees the duplicate quirk
    assert_duplicate(api.post(sub(sid, "phone-numbers"), {"phone_number": "+919876543210"}),
                     "Unable to create DidTrunkMapping with TrunkSid %s" % sid)


def test_fault_reset_before_commit(api):
    sid = make_trunk(api)
    add_fault(api, action="reset_before_commit")
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        api.post(sub(sid, "phone-numbers"), {"phone_number": "+919876543210"})
    assert api.ctl("GET", "/state")["phone_numbers"] == []
    entry = api.ctl("GET", "/requests")["requests"][-1]
    assert entry["fault"] == "reset_before_commit" and entry["status"] is None


def test_fault_via_urllib(api, server):
    """The module uses urllib (open_url); make sure dropped connections surface there too."""
    add_fault(api, action="drop_after_commit")
    req = urllib.request.Request(server.url + BASE + "/trunks")
    req.add_header("Authorization", "Basic " + base64.b64encode(("%s:%s" % (KEY, TOKEN)).encode()).decode())
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError, urllib.error.URLError)):
        urllib.request.urlopen(req, timeout=5)  # pylint: disable=consider-using-with
    with urllib.request.urlopen(req, timeout=5) as resp:
        assert resp.status == 200 and json.loads(resp.read())["method"] == "GET"


# ---------------------------------------------------------------- rate limit

def test_rate_limiter(api):
    api.ctl("POST", "/config", {"rate_limit": {"limit": 3, "window": 2}})
    sid = make_trunk(api)
    assert api.get(BASE + "/trunks").status == 200
    assert api.get(BASE + "/trunks").status == 200
    resp = api.post(sub(sid, "phone-numbers"), {"phone_number": "+919876543210"})
    assert_error(resp, 429, 429, "Too Many Requests", "Rate limit exceeded")
    assert 1 <= int(resp.headers["Retry-After"]) <= 2
    assert api.ctl("GET", "/state")["phone_numbers"] == []
    assert api.ctl("GET", "/requests")["requests"][-1]["status"] == 429
    # control API is never limited
    assert api.ctl("GET", "/config")["rate_limit"] == {"limit": 3, "window": 2}
    api.ctl("POST", "/config", {"rate_limit": None})
    assert api.get(BASE + "/trunks").status == 200


RATE_HEADERS = ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")
T0 = 1769000000.25


class WallClock:
    """Stands in for the rate limiter's time.time(); tests move it by hand."""

    def __init__(self, now=T0):
        self.now = now

    def __call__(self):
        return self.now


@pytest.fixture(name="wall")
def fixture_wall(server, monkeypatch):
    clock = WallClock()
    monkeypatch.setattr(server.state, "clock", clock)
    return clock


def rate_headers(resp):
    return dict((name, resp.headers.get(name)) for name in RATE_HEADERS)


def test_rate_limit_headers_count_down_and_reset_when_the_oldest_request_leaves(api, wall):
    api.ctl("POST", "/config", {"rate_limit": {"limit": 3, "window": 10}})
    frees = str(int(T0) + 11)                      # ceil(T0 + 10): the first request's slot
    seen = []
    for step in (0, 2, 3):
        wall.now += step
        resp = api.get(BASE + "/trunks")
        assert resp.status == 200
        seen.append(rate_headers(resp))
    assert seen == [{"X-RateLimit-Limit": "3", "X-RateLimit-Remaining": str(left), "X-RateLimit-Reset": frees} for left in (2, 1, 0)]
    wall.now += 1                                  # T0 + 6: still full
    resp = api.get(BASE + "/trunks")
    assert_error(resp, 429, 429, "Too Many Requests", "Rate limit exceeded")
    assert rate_headers(resp) == {"X-RateLimit-Limit": "3", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": frees}
    assert resp.headers["Retry-After"] == "4"      # the first request frees its slot at T0 + 10
    wall.now = T0 + 10                             # the first request leaves the window
    resp = api.get(BASE + "/trunks")
    assert resp.status == 200
    # the oldest counted request is now the one at T0 + 2, and this one used the freed slot
    assert rate_headers(resp) == {"X-RateLimit-Limit": "3", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(T0) + 13)}


def test_rate_limit_headers_on_every_authenticated_answer_only(api, server, wall):
    api.ctl("POST", "/config", {"rate_limit": {"limit": 10, "window": 60}})
    not_found_route = api.get(BASE + "/no-such-thing")
    assert not_found_route.status == 404 and not_found_route.headers["X-RateLimit-Remaining"] == "9"
    bad_type = api.post(BASE + "/trunks", raw="x", content_type="text/plain")
    assert bad_type.status == 415 and bad_type.headers["X-RateLimit-Remaining"] == "8"
    duplicate = api.post(BASE + "/trunks", {"trunk_name": "t", "nso_code": "ANY-ANY", "domain_name": DOMAIN})
    assert duplicate.headers["X-RateLimit-Remaining"] == "7"
    unauthenticated = Client(server.url, password="wrong").get(BASE + "/trunks")
    assert unauthenticated.status == 401
    assert all(name not in unauthenticated.headers for name in RATE_HEADERS)
    control = api.call("GET", "/_emulator/config", auth=False)
    assert all(name not in control.headers for name in RATE_HEADERS)
    add_fault(api, action="status", status=503)
    faulted = api.get(BASE + "/trunks")
    assert faulted.status == 503 and all(name not in faulted.headers for name in RATE_HEADERS)
    assert api.get(BASE + "/trunks").headers["X-RateLimit-Remaining"] == "6"    # 401s and faults were not counted


def test_rate_limit_reset_as_seconds_from_now(api, wall):
    api.ctl("POST", "/config", {"rate_limit": {"limit": 2, "window": 10}, "rate_limit_headers": "seconds"})
    assert api.get(BASE + "/trunks").headers["X-RateLimit-Reset"] == "10"
    wall.now += 3.5
    resp = api.get(BASE + "/trunks")
    assert rate_headers(resp) == {"X-RateLimit-Limit": "2", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "7"}
    wall.now += 6.4                                # 0.1 s before the first slot frees
    resp = api.get(BASE + "/trunks")
    assert resp.status == 429 and resp.headers["Retry-After"] == "1" and resp.headers["X-RateLimit-Reset"] == "1"


def test_rate_limit_headers_can_be_turned_off(api, wall):
    api.ctl("POST", "/config", {"rate_limit": {"limit": 1, "window": 10}, "rate_limit_headers": "off"})
    ok = api.get(BASE + "/trunks")
    limited = api.get(BASE + "/trunks")
    assert ok.status == 200 and limited.status == 429 and limited.headers["Retry-After"] == "10"
    for resp in (ok, limited):
        assert all(name not in resp.headers for name in RATE_HEADERS)


def test_no_rate_limit_headers_without_a_rate_limit(api):
    assert api.ctl("GET", "/config")["rate_limit_headers"] == "epoch"
    resp = api.get(BASE + "/trunks")
    assert resp.status == 200 and all(name not in resp.headers for name in RATE_HEADERS)


def test_rate_limit_headers_config_is_validated_and_reset_restores_it(api):
    bad = api.call("POST", "/_emulator/config", body={"rate_limit_headers": "relative"}, auth=False)
    assert bad.status == 400 and "rate_limit_headers" in bad.json["error"]
    api.ctl("POST", "/config", {"rate_limit_headers": "seconds"})
    api.ctl("POST", "/reset")
    assert api.ctl("GET", "/config")["rate_limit_headers"] == "epoch"


# ---------------------------------------------------------------- concurrency

def test_concurrent_same_number_maps_once(api):
    sid_a = make_trunk(api, "a")
    sid_b = make_trunk(api, "b")
    results = []
    lock = threading.Lock()

    def worker(idx):
        resp = api.post(sub(sid_a if idx % 2 else sid_b, "phone-numbers"), {"phone_number": "+919876543210"})
        with lock:
            results.append(resp.inner["status"])

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert sorted(results) == ["failure"] * 19 + ["success"]
    assert len(api.ctl("GET", "/state")["phone_numbers"]) == 1


def test_concurrent_creates_unique_ids(api):
    sid = make_trunk(api)
    ids = []
    lock = threading.Lock()

    def worker(idx):
        resp = api.post(sub(sid, "phone-numbers"), {"phone_number": "+91987650%04d" % idx})
        with lock:
            ids.append(resp.data["id"])

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert sorted(ids) == [str(41500 + i) for i in range(20)]


# ---------------------------------------------------------------- python API / CLI / TLS

def test_python_api_context_manager_and_config():
    with exotel_emulator.EmulatorServer(port=0, config={"duplicate_status": 409}) as srv:
        assert srv.url.startswith("http://127.0.0.1:")
        client = Client(srv.url)
        assert client.ctl("GET", "/config")["duplicate_status"] == 409
        client.get(BASE + "/trunks")
        assert len(srv.request_log) == 1 and srv.request_log[0]["status"] == 200
        assert isinstance(srv.state, exotel_emulator.State)
        client.ctl("POST", "/config", {"duplicate_status": 200})
        client.ctl("POST", "/reset")
        assert client.ctl("GET", "/config")["duplicate_status"] == 409


def wait_for_file(path, timeout=5.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if os.path.exists(path):
            return True
        time.sleep(0.02)
    return False


def test_cli_foreground_max_lifetime(tmp_path):
    port_file = str(tmp_path / "port")
    seed = tmp_path / "seed.json"
    seed.write_text(json.dumps({"trunks": [{"trunk_name": "seeded"}]}))
    proc = subprocess.Popen(  # pylint: disable=consider-using-with
        [sys.executable, EMULATOR_PATH, "--port-file", port_file, "--max-lifetime", "1.5", "--quiet",
         "--seed-file", str(seed), "--config-json", '{"duplicate_status": 409}'],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert wait_for_file(port_file)
        with open(port_file, encoding="utf-8") as handle:
            port = int(handle.read())
        client = Client("http://127.0.0.1:%d" % port)
        assert [t["trunk_name"] for t in client.ctl("GET", "/state")["trunks"]] == ["seeded"]
        assert client.ctl("GET", "/config")["duplicate_status"] == 409
        out = proc.communicate(timeout=6)[0].decode()
        assert "exotel emulator listening on http://127.0.0.1:%d" % port in out
        assert proc.returncode == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_cli_daemonize_and_sigterm(tmp_path):
    port_file = str(tmp_path / "port")
    pid_file = str(tmp_path / "pid")
    log_file = str(tmp_path / "log")
    res = subprocess.run([sys.executable, EMULATOR_PATH, "--daemonize", "--port-file", port_file, "--pid-file", pid_file,
                          "--log-file", log_file, "--max-lifetime", "20"], stdout=subprocess.PIPE, timeout=10, check=True)
    # the port file already exists when the launcher returns
    assert os.path.exists(port_file) and os.path.exists(pid_file)
    with open(port_file, encoding="utf-8") as handle:
        port = int(handle.read())
    with open(pid_file, encoding="utf-8") as handle:
        pid = int(handle.read())
    assert "listening on http://127.0.0.1:%d" % port in res.stdout.decode()
    try:
        assert Client("http://127.0.0.1:%d" % port).get(BASE + "/trunks").status == 200
    finally:
        os.kill(pid, signal.SIGTERM)
    deadline = time.time() + 5
    while time.time() < deadline and os.path.exists(pid_file):
        time.sleep(0.05)
    assert not os.path.exists(pid_file)
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl binary not available")
def test_tls(tmp_path):
    cert = str(tmp_path / "cert.pem")
    key = str(tmp_path / "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "1", "-subj", "/CN=127.0.0.1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=True, timeout=30)
    with exotel_emulator.EmulatorServer(tls_cert=cert, tls_key=key) as srv:
        assert srv.url.startswith("https://127.0.0.1:")
        client = Client(srv.url)
        assert client.get(BASE + "/trunks").status == 200
        assert make_trunk(client)
