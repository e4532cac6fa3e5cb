# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Local emulator of Exotel's v2 SIP-trunk REST API (standard library only).

Behaviour follows Exotel's published API reference (sections 2-7, and the section 9
suggestions where the real behaviour is unknown).  See tests/emulator/README.md.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import argparse
import base64
import copy
import http.client
import ipaddress
import json
import math
import os
import re
import signal
import socket
import ssl
import struct
import sys
import threading
import time
import traceback
import uuid

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit


CONTROL_PREFIX = "/_emulator"
REQUEST_LOG_MAX = 20000

DEFAULT_ACCOUNT = {
    "account_sid": "exotel_test",
    "api_key": "emulator_key",
    "api_token": "emulator_token_s3cr3t",
    "region": "singapore",
}

DEFAULT_CONFIG = {
    "region": "singapore",
    "accounts": [DEFAULT_ACCOUNT],
    "unknown_trunk_status": 404,
    "duplicate_status": 200,
    "page_size_max": 100,
    "owned_exophones": None,
    "strict_destinations": False,
    "bearer_auth": False,
    "rate_limit": None,
    "rate_limit_headers": "epoch",
}

RATE_LIMIT_HEADER_MODES = ("epoch", "seconds", "off")

ID_START = {
    "phone_numbers": 41500,
    "whitelisted_ips": 1150,
    "destination_uris": 2540,
    "credentials": 1230,
}

COLLECTIONS = ("phone_numbers", "whitelisted_ips", "destination_uris", "credentials")

DEFAULT_PAGE_SIZE = 50

PHONE_RE = re.compile(r"^\+[1-9]\d{6,14}$")
NAME_RE = re.compile(r"^[A-Za-z0-9_]+$")
FQDN_LABEL_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")
DESTINATION_RE = re.compile(r"^(?:sip:)?(?P<host>[^:;]+)(?::(?P<port>\d{1,5}))?(?P<params>(?:;[^;]*)*)$", re.IGNORECASE)
KNOWN_SETTINGS = ("trunk_external_alias",)

DOC_NETWORKS = [ipaddress.ip_network(n) for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24")]

FAULT_ACTIONS = ("status", "html", "malformed_json", "delay", "drop_after_commit", "reset_before_commit")

HTML_502 = (
    "<html>\r\n<head><title>{code} {reason}</title></head>\r\n<body>\r\n"
    "<center><h1>{code} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)

# Request body schemas: handler name -> (Go struct name, {field: type}).
# Types: "string", "uint8", "int", or ("array", (struct, fields)).
SCHEMAS = {
    "create_trunk": ("CreateTrunkRequest", {"trunk_name": "string", "nso_code": "string", "domain_name": "string", "auth_type": "string"}),
    "update_trunk": ("UpdateTrunkRequest", {"trunk_name": "string", "nso_code": "string", "auth_type": "string"}),
    "create_phone_number": ("CreateDidTrunkMappingRequest", {"phone_number": "string", "mode": "string"}),
    "update_phone_number": ("UpdateDidTrunkMappingRequest", {"phone_number": "string", "mode": "string"}),
    "create_whitelisted_ip": ("CreateWhitelistipsRequest", {"ip": "string", "mask": "uint8", "friendly_name": "string"}),
    "update_whitelisted_ip": ("UpdateWhitelistipsRequest", {"ip": "string", "mask": "uint8", "friendly_name": "string"}),
    "create_destination_uris": ("CreateDestinationUrisRequest", {
        "destinations": ("array", ("Destination", {"destination": "string", "priority": "int", "weight": "int"})),
    }),
    "update_destination_uri": ("UpdateDestinationUriRequest", {"priority": "int", "weight": "int"}),
    "create_credential": ("CreateCredentialRequest", {"user_name": "string", "password": "string", "friendly_name": "string"}),
    "update_credential": ("UpdateCredentialRequest", {"user_name": "string", "password": "string", "friendly_name": "string"}),
    "set_settings": ("CreateTrunkSettingsRequest", {"settings": ("array", ("TrunkSetting", {"name": "string", "value": "string"}))}),
}

_SUB = r"/trunks/(?P<trunk_sid>[^/]+)/"
ROUTE_SPECS = [
    ("POST", r"/trunks", "create_trunk"),
    ("GET", r"/trunks", "list_trunks"),
    ("DELETE", r"/trunks", "delete_trunk"),
    ("GET", r"/trunks/(?P<trunk_sid>[^/]+)", "get_trunk"),
    ("PUT", r"/trunks/(?P<trunk_sid>[^/]+)", "update_trunk"),
    ("POST", _SUB + "phone-numbers", "create_phone_number"),
    ("GET", _SUB + "phone-numbers", "list_phone_numbers"),
    ("PUT", _SUB + r"phone-numbers/(?P<item_id>[^/]+)", "update_phone_number"),
    ("DELETE", _SUB + "phone-numbers", "delete_phone_number"),
    ("GET", r"/trunk-maps", "get_trunk_map"),
    ("POST", _SUB + "whitelisted-ips", "create_whitelisted_ip"),
    ("GET", _SUB + "whitelisted-ips", "list_whitelisted_ips"),
    ("PUT", _SUB + r"whitelisted-ips/(?P<item_id>[^/]+)", "update_whitelisted_ip"),
    ("DELETE", _SUB + "whitelisted-ips", "delete_whitelisted_ip"),
    ("POST", _SUB + "destination-uris", "create_destination_uris"),
    ("GET", _SUB + "destination-uris", "list_destination_uris"),
    ("PUT", _SUB + r"destination-uris/(?P<item_id>[^/]+)", "update_destination_uri"),
    ("DELETE", _SUB + "destination-uris", "delete_destination_uri"),
    ("POST", _SUB + "credentials", "create_credential"),
    ("GET", _SUB + "credentials", "list_credentials"),
    ("PUT", _SUB + r"credentials/(?P<item_id>[^/]+)", "update_credential"),
    ("DELETE", _SUB + "credentials", "delete_credential"),
    ("POST", _SUB + "settings", "set_settings"),
    ("GET", _SUB + "settings", "list_settings"),
    ("DELETE", _SUB + "settings", "delete_setting"),
]
ACCOUNT_RE = re.compile(r"^/v2/accounts/(?P<account>[^/]+)(?P<rest>/.*)?$")
ROUTES = [(m, re.compile("^" + p + "$"), h) for (m, p, h) in ROUTE_SPECS]


def match_route(method, rest):
    """Return (handler name, path groups) for a path below /v2/accounts/{sid}, or None."""
    for route_method, regex, handler_name in ROUTES:
        found = regex.match(rest)
        if found and route_method == method:
            return handler_name, found.groupdict()
    return None


def now_iso():
    """UTC timestamp, whole seconds, trailing Z."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def reason_phrase(status):
    return http.client.responses.get(status, "Error")


def item_envelope(code, data=None, error=None):
    """One per-item envelope (section 2.1 'response' object)."""
    return {
        "code": code,
        "error_data": error,
        "status": "success" if error is None else "failure",
        "data": data,
    }


def error_data(code, message, description):
    return {"code": code, "message": message, "description": description}


def build_envelope(method, http_code, response, metadata=None):
    """The single envelope helper: every API body goes through here."""
    env = {"request_id": uuid.uuid4().hex, "method": method, "http_code": http_code}
    if metadata is not None:
        env["metadata"] = metadata
    env["response"] = response
    return env


class Reply:
    """Result of an API operation, rendered with build_envelope()."""

    def __init__(self, status, response, metadata=None, http_code=None, headers=None):
        self.status = status
        self.response = response
        self.metadata = metadata
        self.http_code = status if http_code is None else http_code
        self.headers = headers or {}

    def render(self, method):
        return build_envelope(method, self.http_code, self.response, self.metadata)


class ApiError(Exception):
    """An error that becomes a section 6.1 envelope."""

    def __init__(self, status, code, message, description):
        super().__init__(description)
        self.status = status
        self.code = code
        self.message = message
        self.description = description

    def reply(self):
        return Reply(self.status, item_envelope(self.status, None, error_data(self.code, self.message, self.description)))


def missing(description):
    return ApiError(400, 1001, "Mandatory Parameter missing", description)


def invalid(description):
    return ApiError(400, 1002, "Invalid parameter", description)


def not_found():
    return ApiError(404, 1000, "Not Found", "Not Found")


def unauthorized():
    return ApiError(401, 1010, "Authorization failed", "Authorization failed")


def parse_error(description):
    return ApiError(400, 1007, "Invalid request body,failed parsing ", description)


class DuplicateError(ApiError):
    """1008; rendered per config duplicate_status (section 9.4)."""

    def __init__(self, description, status=200):
        super().__init__(status, 1008, "Duplicate resource", description)

    def reply(self):
        return Reply(self.status, item_envelope(409, None, error_data(1008, "Duplicate resource", self.description)))


class ControlError(Exception):
    """Bad request to the control API."""


def public(record):
    """API view of a stored record (no account_sid, password or ordering key)."""
    return dict((k, v) for k, v in record.items() if k not in ("account_sid", "password", "_seq"))


def state_view(record):
    return dict((k, v) for k, v in record.items() if k not in ("password", "_seq"))


# --------------------------------------------------------------------------
# Go-like JSON decoding errors (section 2.4: the backend is Go)
# --------------------------------------------------------------------------

def go_json_error(exc, text):
    """Translate a Python JSONDecodeError into Go encoding/json wording."""
    if not text.strip():
        return "EOF"
    msg = exc.msg
    pos = exc.pos
    if pos >= len(text.rstrip()) or msg.startswith("Unterminated string"):
        return "unexpected EOF"
    char = text[pos]
    if msg.startswith("Extra data"):
        return "invalid character %r after top-level value" % char
    if msg.startswith("Expecting property name"):
        return "invalid character %r looking for beginning of object key string" % char
    if msg.startswith("Expecting ':'"):
        return "invalid character %r after object key" % char
    if msg.startswith("Expecting ','"):
        return "invalid character %r after object key:value pair" % char
    if msg.startswith("Invalid control character"):
        return "invalid character %r in string literal" % char
    return "invalid character %r looking for beginning of value" % char


def go_type_name(value):
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def check_schema(struct_name, fields, body, prefix=""):
    """Type-check a decoded body like Go would; nulls are dropped (Go zero value)."""
    if not isinstance(body, dict):
        raise parse_error("json: cannot unmarshal %s into Go value of type models.%s" % (go_type_name(body), struct_name))
    for key in list(body.keys()):
        value = body[key]
        if key not in fields:
            continue
        if value is None:
            del body[key]
            continue
        ftype = fields[key]
        where = "Go struct field %s.%s%s" % (struct_name, prefix, key)
        if isinstance(ftype, tuple):
            if not isinstance(value, list):
                raise parse_error("json: cannot unmarshal %s into %s of type []models.%s" % (go_type_name(value), where, ftype[1][0]))
            for idx, elem in enumerate(value):
                if elem is None:
                    value[idx] = {}
                    continue
                if not isinstance(elem, dict):
                    raise parse_error("json: cannot unmarshal %s into %s of type models.%s" % (go_type_name(elem), where, ftype[1][0]))
                check_schema(struct_name, ftype[1][1], elem, prefix + key + ".")
        elif ftype == "string":
            if not isinstance(value, str):
                raise parse_error("json: cannot unmarshal %s into %s of type string" % (go_type_name(value), where))
        else:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise parse_error("json: cannot unmarshal %s into %s of type %s" % (go_type_name(value), where, ftype))
            bad = isinstance(value, float) or (ftype == "uint8" and not 0 <= value <= 255)
            if bad:
                raise parse_error("json: cannot unmarshal number %s into %s of type %s" % (json.dumps(value), where, ftype))


# --------------------------------------------------------------------------
# Request context
# --------------------------------------------------------------------------

class Context:
    """What a State operation needs to know about the request."""

    def __init__(self, method, path, query, account, body):
        self.method = method
        self.path = path
        self.query = query
        self.account = account
        self.body = body

    def param(self, name):
        values = self.query.get(name)
        if not values:
            return None
        return values[0]


# --------------------------------------------------------------------------
# State
# --------------------------------------------------------------------------

class State:
    """All emulator data behind one lock: resources, config, request log, faults, rate counters."""

    def __init__(self, config=None):
        self.lock = threading.RLock()
        base = copy.deepcopy(DEFAULT_CONFIG)
        if config:
            base.update(copy.deepcopy(config))
        self.validate_config(base)
        self.initial_config = base
        self.config = copy.deepcopy(base)
        self.trunks = {}
        self.items = {}
        self.settings = {}
        self.phone_index = {}
        self.counters = {}
        self.seq = 0
        self.request_log = []
        self.log_seq = 0
        self.faults = []
        self.rate_hits = {}
        self.clock = time.time      # wall clock of the rate limiter; tests may replace it
        self.clear_resources()

    # ---------------------------------------------------------------- admin

    def clear_resources(self):
        self.trunks = {}
        self.items = dict((name, {}) for name in COLLECTIONS)
        self.settings = {}
        self.phone_index = {}
        self.counters = dict(ID_START)
        self.seq = 0

    def reset(self):
        with self.lock:
            self.clear_resources()
            self.request_log = []
            self.log_seq = 0
            self.faults = []
            self.rate_hits = {}
            self.config = copy.deepcopy(self.initial_config)

    @staticmethod
    def validate_config(cfg):
        unknown = set(cfg) - set(DEFAULT_CONFIG)
        if unknown:
            raise ControlError("unknown config key(s): %s" % ", ".join(sorted(unknown)))
        if cfg["unknown_trunk_status"] not in (403, 404):
            raise ControlError("unknown_trunk_status must be 403 or 404")
        if cfg["duplicate_status"] not in (200, 409):
            raise ControlError("duplicate_status must be 200 or 409")
        psm = cfg["page_size_max"]
        if isinstance(psm, bool) or not isinstance(psm, int) or psm < 1:
            raise ControlError("page_size_max must be a positive integer")
        if cfg["owned_exophones"] is not None and not isinstance(cfg["owned_exophones"], list):
            raise ControlError("owned_exophones must be null or a list")
        if not isinstance(cfg["accounts"], list) or not cfg["accounts"]:
            raise ControlError("accounts must be a non-empty list")
        for acc in cfg["accounts"]:
            if not isinstance(acc, dict) or not all(isinstance(acc.get(k), str) for k in ("account_sid", "api_key", "api_token")):
                raise ControlError("each account needs string account_sid, api_key and api_token")
            acc.setdefault("region", cfg["region"])
        rate = cfg["rate_limit"]
        if rate is not None:
            ok = isinstance(rate, dict) and isinstance(rate.get("limit"), int) and rate["limit"] >= 1
            ok = ok and isinstance(rate.get("window"), (int, float)) and rate["window"] > 0
            if not ok:
                raise ControlError("rate_limit must be null or {\"limit\": N>=1, \"window\": seconds>0}")
        if cfg["rate_limit_headers"] not in RATE_LIMIT_HEADER_MODES:
            raise ControlError("rate_limit_headers must be one of: %s" % ", ".join(RATE_LIMIT_HEADER_MODES))

    def get_config(self):
        with self.lock:
            return copy.deepcopy(self.config)

    def update_config(self, changes):
        if not isinstance(changes, dict):
            raise ControlError("config body must be a JSON object")
        with self.lock:
            merged = copy.deepcopy(self.config)
            merged.update(copy.deepcopy(changes))
            self.validate_config(merged)
            self.config = merged
            if "rate_limit" in changes:
                self.rate_hits = {}
            return copy.deepcopy(self.config)

    def find_account(self, account_sid):
        for acc in self.config["accounts"]:
            if acc["account_sid"] == account_sid:
                return acc
        return None

    def check_auth(self, account_sid, scheme, user, secret):
        with self.lock:
            acc = self.find_account(account_sid)
            if acc is None or acc.get("region", self.config["region"]) != self.config["region"]:
                return False
            if scheme == "basic":
                return user == acc["api_key"] and secret == acc["api_token"]
            if scheme == "bearer" and self.config["bearer_auth"]:
                return secret == acc["api_token"]
            return False

    def check_rate(self, account_sid):
        """Count one request against the account's rolling window.

        Returns ``(retry_after, headers)``: ``retry_after`` is None when the request is allowed,
        else the whole seconds until a slot frees (at least 1); ``headers`` are the
        ``X-RateLimit-*`` headers for the answer (empty without a rate limit or with
        ``rate_limit_headers: off``).
        """
        with self.lock:
            rate = self.config["rate_limit"]
            if not rate:
                return None, {}
            now = self.clock()
            hits = [t for t in self.rate_hits.get(account_sid, []) if t > now - rate["window"]]
            retry = None
            if len(hits) >= rate["limit"]:
                retry = max(1, int(math.ceil(hits[0] + rate["window"] - now)))
            else:
                hits.append(now)
            self.rate_hits[account_sid] = hits
            mode = self.config["rate_limit_headers"]
            if mode == "off":
                return retry, {}
            frees = hits[0] + rate["window"]       # when the oldest counted request leaves the window
            reset = int(math.ceil(frees)) if mode == "epoch" else max(1, int(math.ceil(frees - now)))
            return retry, {
                "X-RateLimit-Limit": str(rate["limit"]),
                "X-RateLimit-Remaining": str(rate["limit"] - len(hits)),
                "X-RateLimit-Reset": str(reset),
            }

    # ---- request log

    def log_request(self, entry):
        with self.lock:
            self.log_seq += 1
            entry["seq"] = self.log_seq
            self.request_log.append(entry)
            if len(self.request_log) > REQUEST_LOG_MAX:
                del self.request_log[:len(self.request_log) - REQUEST_LOG_MAX]
            return entry

    def update_log(self, entry, **changes):
        with self.lock:
            entry.update(changes)

    def get_requests(self):
        with self.lock:
            return copy.deepcopy(self.request_log)

    def clear_requests(self):
        with self.lock:
            self.request_log = []

    # ---- faults

    def add_faults(self, faults):
        if not isinstance(faults, list):
            raise ControlError("body must be {\"faults\": [...]}")
        cleaned = []
        for fault in faults:
            if not isinstance(fault, dict):
                raise ControlError("each fault must be an object")
            fault = copy.deepcopy(fault)
            if fault.get("action") not in FAULT_ACTIONS:
                raise ControlError("fault action must be one of %s" % ", ".join(FAULT_ACTIONS))
            times = fault.setdefault("times", 1)
            if isinstance(times, bool) or not isinstance(times, int) or times < 1:
                raise ControlError("times must be a positive integer")
            if fault.get("path_regex") is not None:
                try:
                    re.compile(fault["path_regex"])
                except re.error as exc:
                    raise ControlError("bad path_regex: %s" % exc) from exc
            if fault["action"] == "status" and not isinstance(fault.get("status"), int):
                raise ControlError("status fault needs an integer 'status'")
            cleaned.append(fault)
        with self.lock:
            self.faults.extend(cleaned)
            return copy.deepcopy(self.faults)

    def list_faults(self):
        with self.lock:
            return copy.deepcopy(self.faults)

    def clear_faults(self):
        with self.lock:
            self.faults = []

    def take_fault(self, method, path):
        """Consume one use of the first matching fault, returning a copy of it."""
        with self.lock:
            for idx, fault in enumerate(self.faults):
                if fault.get("method") and fault["method"].upper() != method:
                    continue
                if fault.get("path_regex") and not re.search(fault["path_regex"], path):
                    continue
                fault["times"] -= 1
                if fault["times"] <= 0:
                    del self.faults[idx]
                return copy.deepcopy(fault)
            return None

    # ---- snapshot / seed

    def snapshot(self):
        with self.lock:
            def ordered(records):
                return [state_view(r) for r in sorted(records, key=lambda r: r["_seq"])]
            out = {"trunks": ordered(self.trunks.values())}
            for name in COLLECTIONS:
                out[name] = ordered(self.items[name].values())
            out["settings"] = ordered(self.settings.values())
            return out

    def seed(self, data):
        if not isinstance(data, dict):
            raise ControlError("seed body must be a JSON object")
        with self.lock:
            account = data.get("account_sid") or self.config["accounts"][0]["account_sid"]
            out = {"trunks": []}
            for spec in data.get("trunks") or []:
                trunk = self._new_trunk(account, spec.get("trunk_name", ""), spec.get("domain_name"), spec.get("trunk_sid"))
                for key in ("status", "auth_type", "nso_code", "registration_enabled", "edge_preference", "secure_trunking"):
                    if key in spec:
                        trunk[key] = spec[key]
                out["trunks"].append(state_view(trunk))

            by_name = dict((t["trunk_name"], t["trunk_sid"]) for t in self.trunks.values() if t["account_sid"] == account)

            def trunk_for(spec):
                sid = spec.get("trunk_sid")
                if sid is None and spec.get("trunk_name") is not None:
                    sid = by_name.get(spec["trunk_name"])
                trunk = self.trunks.get(sid) if sid else None
                if trunk is None or trunk["account_sid"] != account:
                    raise ControlError("seed item refers to an unknown trunk: %r" % (spec,))
                return trunk["trunk_sid"]

            out["phone_numbers"] = []
            for spec in data.get("phone_numbers") or []:
                sid = trunk_for(spec)
                if (account, spec.get("phone_number")) in self.phone_index:
                    raise ControlError("phone number %s is already mapped in account %s" % (spec.get("phone_number"), account))
                rec = self._new_phone(account, sid, spec.get("phone_number"), spec.get("mode"))
                out["phone_numbers"].append(state_view(rec))
            out["whitelisted_ips"] = [
                state_view(self._new_acl(account, trunk_for(s), s.get("ip"), s.get("mask", 32), s.get("friendly_name")))
                for s in data.get("whitelisted_ips") or []]
            out["destination_uris"] = []
            for spec in data.get("destination_uris") or []:
                dest = spec.get("destination", "")
                if not dest.lower().startswith("sip:"):
                    dest = "sip:" + dest
                rec = self._new_destination(account, trunk_for(spec), dest, spec.get("priority", 0), spec.get("weight", 1))
                out["destination_uris"].append(state_view(rec))
            out["credentials"] = [
                state_view(self._new_credential(account, trunk_for(s), s.get("user_name"), s.get("password"), s.get("friendly_name")))
                for s in data.get("credentials") or []]
            out["settings"] = [state_view(self._upsert_setting(account, trunk_for(s), s.get("name"), s.get("value")))
                               for s in data.get("settings") or []]
            return out

    # ---------------------------------------------------------------- record factories

    def _next_seq(self):
        self.seq += 1
        return self.seq

    def _next_id(self, collection):
        value = self.counters[collection]
        self.counters[collection] += 1
        return str(value)

    def _new_trunk(self, account, name, domain=None, trunk_sid=None):
        sid = trunk_sid or ("trmum1" + uuid.uuid4().hex[:18] + "1a1n")
        stamp = now_iso()
        base = "/v2/accounts/%s/trunks/%s/" % (account, sid)
        rec = {
            "trunk_name": name,
            "date_created": stamp,
            "date_updated": stamp,
            "trunk_sid": sid,
            "status": "active",
            "domain_name": domain or "%s.pstn.exotel.com" % account,
            "auth_type": "IP-WHITELIST",
            "registration_enabled": "disabled",
            "edge_preference": "auto",
            "nso_code": "ANY-ANY",
            "secure_trunking": "disabled",
            "destination_uris": base + "destination-uris",
            "whitelisted_ips": base + "whitelisted-ips",
            "credentials": base + "credentials",
            "phone_numbers": base + "phone-numbers",
            "account_sid": account,
            "_seq": self._next_seq(),
        }
        self.trunks[sid] = rec
        return rec

    def _new_phone(self, account, trunk_sid, number, mode):
        stamp = now_iso()
        rec = {"id": self._next_id("phone_numbers"), "phone_number": number, "trunk_sid": trunk_sid,
               "date_created": stamp, "date_updated": stamp, "mode": mode, "account_sid": account, "_seq": self._next_seq()}
        self.items["phone_numbers"][rec["id"]] = rec
        self.phone_index[(account, number)] = rec["id"]
        return rec

    def _new_acl(self, account, trunk_sid, ip, mask, friendly_name):
        stamp = now_iso()
        rec = {"id": self._next_id("whitelisted_ips"), "mask": mask, "trunk_sid": trunk_sid, "ip": ip, "friendly_name": friendly_name,
               "date_created": stamp, "date_updated": stamp, "account_sid": account, "_seq": self._next_seq()}
        self.items["whitelisted_ips"][rec["id"]] = rec
        return rec

    def _new_destination(self, account, trunk_sid, destination, priority, weight):
        stamp = now_iso()
        rec = {"id": self._next_id("destination_uris"), "destination": destination, "date_created": stamp, "date_updated": stamp,
               "type": "public", "priority": priority, "weight": weight, "trunk_sid": trunk_sid,
               "account_sid": account, "_seq": self._next_seq()}
        self.items["destination_uris"][rec["id"]] = rec
        return rec

    def _new_credential(self, account, trunk_sid, user_name, password, friendly_name):
        stamp = now_iso()
        rec = {"id": self._next_id("credentials"), "trunk_sid": trunk_sid, "user_name": user_name, "friendly_name": friendly_name,
               "date_created": stamp, "date_updated": stamp, "password": password, "account_sid": account, "_seq": self._next_seq()}
        self.items["credentials"][rec["id"]] = rec
        return rec

    def _upsert_setting(self, account, trunk_sid, name, value):
        stamp = now_iso()
        rec = self.settings.get((trunk_sid, name))
        if rec is None:
            rec = {"name": name, "value": value, "trunk_sid": trunk_sid, "date_created": stamp, "date_updated": stamp,
                   "account_sid": account, "_seq": self._next_seq()}
            self.settings[(trunk_sid, name)] = rec
        else:
            rec["value"] = value
            rec["date_updated"] = stamp
        return rec

    def _delete_item(self, collection, rec):
        del self.items[collection][rec["id"]]
        if collection == "phone_numbers":
            self.phone_index.pop((rec["account_sid"], rec["phone_number"]), None)

    # ---------------------------------------------------------------- helpers

    def duplicate(self, description):
        return DuplicateError(description, self.config["duplicate_status"])

    def unknown_trunk(self):
        if self.config["unknown_trunk_status"] == 403:
            return ApiError(403, 1003, "Authorization failed", "Authorization failed")
        return not_found()

    def trunk(self, ctx, trunk_sid):
        rec = self.trunks.get(trunk_sid)
        if rec is None or rec["account_sid"] != ctx.account:
            raise self.unknown_trunk()
        return rec

    def item(self, collection, trunk_sid, item_id):
        rec = self.items[collection].get(item_id)
        if rec is None or rec["trunk_sid"] != trunk_sid:
            raise not_found()
        return rec

    def children(self, collection, trunk_sid):
        return [r for r in self.items[collection].values() if r["trunk_sid"] == trunk_sid]

    def page_params(self, ctx):
        size = ctx.param("page_size")
        offset = ctx.param("offset")
        try:
            size = DEFAULT_PAGE_SIZE if size in (None, "") else int(size)
        except ValueError:
            size = 0
        if size < 1:
            raise invalid("Invalid page_size")
        try:
            offset = 0 if offset in (None, "") else int(offset)
        except ValueError:
            offset = -1
        if offset < 0:
            raise invalid("Invalid offset")
        return min(size, self.config["page_size_max"]), offset

    def list_reply(self, ctx, records, credentials_style=False):
        """Section 2.2 list envelope, newest (highest id) first, offset/page_size paging."""
        size, offset = self.page_params(ctx)
        records = sorted(records, key=lambda r: r["_seq"], reverse=True)
        total = len(records)
        page = records[offset:offset + size]
        response = [item_envelope(200, public(r)) for r in page]
        if credentials_style and total == 0:
            return Reply(200, response)

        def uri(off):
            if credentials_style:
                return "%s?page_size=%d&offset=%d" % (ctx.path, size, off)
            return "%s?offset=%d&page_size=%d" % (ctx.path, off, size)
        metadata = {
            "page_size": size,
            "first_page_uri": uri(0),
            "prev_page_uri": uri(max(0, offset - size)) if offset > 0 else None,
            "next_page_uri": uri(offset + size) if offset + size < total else None,
        }
        if credentials_style:
            metadata["total"] = total
            metadata["page"] = offset // size + 1
        return Reply(200, response, metadata)

    @staticmethod
    def ok(record):
        return Reply(200, item_envelope(200, public(record)))

    @staticmethod
    def require_query(ctx, name, description):
        value = ctx.param(name)
        if value in (None, ""):
            raise missing(description)
        return value

    # ---------------------------------------------------------------- trunks

    @staticmethod
    def validate_trunk_name(name):
        if not name:
            raise missing("TrunkName is mandatory")
        if len(name) > 16:
            raise invalid("Maximum allowed length for TrunkName is 16")
        if not NAME_RE.match(name):
            raise invalid("Allowed characters for TrunkName is alphanumeric and _")

    def check_trunk_name_unique(self, account, name, exclude_sid=None):
        for rec in self.trunks.values():
            if rec["account_sid"] == account and rec["trunk_name"] == name and rec["trunk_sid"] != exclude_sid:
                raise self.duplicate("Unable to create trunk with name %s" % name)

    def create_trunk(self, ctx):
        body = ctx.body
        name = body.get("trunk_name")
        self.validate_trunk_name(name)
        if not body.get("nso_code"):
            raise missing("NsoCode is mandatory")
        if body["nso_code"] != "ANY-ANY":
            raise invalid("Nso code is invalid")
        if not body.get("domain_name"):
            raise missing("DomainName is mandatory")
        if not body["domain_name"].endswith(".pstn.exotel.com"):
            raise invalid("Domain name should end with .pstn.exotel.com")
        if body.get("auth_type") not in (None, "IP-WHITELIST"):
            raise invalid("Invalid AuthType")
        self.check_trunk_name_unique(ctx.account, name)
        return self.ok(self._new_trunk(ctx.account, name, body["domain_name"]))

    def list_trunks(self, ctx):
        records = [t for t in self.trunks.values() if t["account_sid"] == ctx.account]
        sid = ctx.param("trunk_sid")
        if sid:
            records = [t for t in records if t["trunk_sid"] == sid]
        return self.list_reply(ctx, records)

    def get_trunk(self, ctx, trunk_sid):
        return self.ok(self.trunk(ctx, trunk_sid))

    def update_trunk(self, ctx, trunk_sid):
        rec = self.trunk(ctx, trunk_sid)
        body = ctx.body
        if "trunk_name" in body:
            self.validate_trunk_name(body["trunk_name"])
            self.check_trunk_name_unique(ctx.account, body["trunk_name"], exclude_sid=trunk_sid)
        if "nso_code" in body and body["nso_code"] != "ANY-ANY":
            raise invalid("Nso code is invalid")
        if "auth_type" in body and body["auth_type"] != "IP-WHITELIST":
            raise invalid("Invalid AuthType")
        for key in ("trunk_name", "nso_code", "auth_type"):
            if key in body:
                rec[key] = body[key]
        rec["date_updated"] = now_iso()
        return self.ok(rec)

    def delete_trunk(self, ctx):
        sid = self.require_query(ctx, "trunk_sid", "TrunkSid is mandatory")
        rec = self.trunk(ctx, sid)
        for collection in COLLECTIONS:
            for child in self.children(collection, sid):
                self._delete_item(collection, child)
        for key in [k for k in self.settings if k[0] == sid]:
            del self.settings[key]
        del self.trunks[sid]
        return self.ok(rec)

    # ---------------------------------------------------------------- phone numbers

    def validate_mode(self, mode, allow_null):
        if mode is None and allow_null:
            return
        if mode not in ("pstn", "flow"):
            raise invalid("Invalid Mode")

    def create_phone_number(self, ctx, trunk_sid):
        self.trunk(ctx, trunk_sid)
        number = ctx.body.get("phone_number")
        if not number:
            raise missing("PhoneNumber is mandatory")
        if not PHONE_RE.match(number):
            raise invalid("Invalid PhoneNumber")
        owned = self.config["owned_exophones"]
        if owned is not None and number not in owned:
            raise invalid("Invalid PhoneNumber")
        self.validate_mode(ctx.body.get("mode"), allow_null=True)
        if (ctx.account, number) in self.phone_index:
            raise self.duplicate("Unable to create DidTrunkMapping with TrunkSid %s" % trunk_sid)
        return self.ok(self._new_phone(ctx.account, trunk_sid, number, ctx.body.get("mode")))

    def list_phone_numbers(self, ctx, trunk_sid):
        self.trunk(ctx, trunk_sid)
        return self.list_reply(ctx, self.children("phone_numbers", trunk_sid))

    def update_phone_number(self, ctx, trunk_sid, item_id):
        self.trunk(ctx, trunk_sid)
        number = ctx.body.get("phone_number")
        mode = ctx.body.get("mode")
        if not number:
            raise missing("PhoneNumber is mandatory")
        if not mode:
            raise missing("Mode is mandatory")
        self.validate_mode(mode, allow_null=False)
        rec = self.item("phone_numbers", trunk_sid, item_id)
        if number != rec["phone_number"]:
            raise invalid("PhoneNumber does not match")
        rec["mode"] = mode
        rec["date_updated"] = now_iso()
        return self.ok(rec)

    def delete_phone_number(self, ctx, trunk_sid):
        return self._delete_by_id(ctx, trunk_sid, "phone_numbers")

    def get_trunk_map(self, ctx):
        exophone = self.require_query(ctx, "exophone", "Exophone is mandatory")
        rec = self.items["phone_numbers"].get(self.phone_index.get((ctx.account, exophone)))
        want_sid = ctx.param("trunk_sid")
        if rec is None or (want_sid and rec["trunk_sid"] != want_sid):
            raise not_found()
        data = {"exophone": rec["phone_number"], "trunk_sid": rec["trunk_sid"], "phone_number_id": rec["id"], "mode": rec["mode"]}
        return Reply(200, item_envelope(200, data))

    def _delete_by_id(self, ctx, trunk_sid, collection):
        self.trunk(ctx, trunk_sid)
        item_id = self.require_query(ctx, "id", "Id is mandatory")
        rec = self.item(collection, trunk_sid, item_id)
        self._delete_item(collection, rec)
        return self.ok(rec)

    # ---------------------------------------------------------------- whitelisted IPs

    @staticmethod
    def validate_acl(body, require_mask):
        ip = body.get("ip")
        if not ip:
            raise missing("Ip is mandatory")
        try:
            ipaddress.IPv4Address(ip)
        except ValueError as exc:
            raise invalid("Invalid ip") from exc
        if "mask" not in body and require_mask:
            raise missing("Mask is mandatory")
        mask = body.get("mask", 32)
        if not 16 <= mask <= 32:
            raise invalid("mask should be in-between 16 and 32")
        friendly = body.get("friendly_name")
        if friendly is not None:
            validate_friendly_name(friendly)
        return ip, mask, friendly

    def create_whitelisted_ip(self, ctx, trunk_sid):
        self.trunk(ctx, trunk_sid)
        ip, mask, friendly = self.validate_acl(ctx.body, require_mask=False)
        if any(r["ip"] == ip for r in self.children("whitelisted_ips", trunk_sid)):
            raise self.duplicate("Unable to Whitelist-ip with ip %s" % ip)
        return self.ok(self._new_acl(ctx.account, trunk_sid, ip, mask, friendly))

    def list_whitelisted_ips(self, ctx, trunk_sid):
        self.trunk(ctx, trunk_sid)
        return self.list_reply(ctx, self.children("whitelisted_ips", trunk_sid))

    def update_whitelisted_ip(self, ctx, trunk_sid, item_id):
        self.trunk(ctx, trunk_sid)
        ip, mask, friendly = self.validate_acl(ctx.body, require_mask=True)
        rec = self.item("whitelisted_ips", trunk_sid, item_id)
        if any(r["ip"] == ip and r["id"] != item_id for r in self.children("whitelisted_ips", trunk_sid)):
            raise self.duplicate("Unable to Whitelist-ip with ip %s" % ip)
        rec["ip"] = ip
        rec["mask"] = mask
        if "friendly_name" in ctx.body:
            rec["friendly_name"] = friendly
        rec["date_updated"] = now_iso()
        return self.ok(rec)

    def delete_whitelisted_ip(self, ctx, trunk_sid):
        return self._delete_by_id(ctx, trunk_sid, "whitelisted_ips")

    # ---------------------------------------------------------------- destination URIs

    def check_destination(self, trunk_sid, destination):
        """Return the stored form (with sip:) or raise the item-level ApiError (section 9.12)."""
        match = DESTINATION_RE.match(destination.strip())
        bad = invalid("Destination is not a valid Ip or Fqdn")
        if not match:
            raise bad
        host = match.group("host")
        port = match.group("port")
        if port is not None and not 1 <= int(port) <= 65535:
            raise bad
        for param in (match.group("params") or "").split(";")[1:]:
            key, dummy_sep, value = param.partition("=")
            if key.lower() == "transport" and value.lower() not in ("tls", "tcp", "udp"):
                raise bad
        addr = None
        if re.match(r"^[\d.]+$", host):
            try:
                addr = ipaddress.IPv4Address(host)
            except ValueError as exc:
                raise bad from exc
        else:
            labels = host.split(".")
            if len(labels) < 2 or not all(FQDN_LABEL_RE.match(lab) for lab in labels) or not labels[-1].isalpha():
                raise bad
        if addr is not None:
            if self.config["strict_destinations"]:
                if addr.is_private or addr.is_loopback or any(addr in net for net in DOC_NETWORKS):
                    raise bad
            covered = False
            for acl in self.children("whitelisted_ips", trunk_sid):
                if addr in ipaddress.ip_network("%s/%s" % (acl["ip"], acl["mask"]), strict=False):
                    covered = True
                    break
            if not covered:
                raise invalid("Destination not whitelisted")
        text = destination.strip()
        if not text.lower().startswith("sip:"):
            text = "sip:" + text
        return text

    def create_destination_uris(self, ctx, trunk_sid):
        self.trunk(ctx, trunk_sid)
        dests = ctx.body.get("destinations")
        if not dests:
            raise missing("Destinations is mandatory")
        response = []
        for spec in dests:
            try:
                if not spec.get("destination"):
                    raise missing("Destination is mandatory")
                text = self.check_destination(trunk_sid, spec["destination"])
                for key in ("priority", "weight"):
                    if spec.get(key, 0) < 0:
                        raise invalid("Invalid %s" % key)
                rec = self._new_destination(ctx.account, trunk_sid, text, spec.get("priority", 0), spec.get("weight", 1))
                response.append(item_envelope(200, public(rec)))
            except ApiError as exc:
                response.append(item_envelope(exc.status, None, error_data(exc.code, exc.message, exc.description)))
        success = sum(1 for r in response if r["status"] == "success")
        failed = len(response) - success
        return Reply(207 if failed else 200, response, {"total": len(response), "success": success, "failed": failed})

    def list_destination_uris(self, ctx, trunk_sid):
        self.trunk(ctx, trunk_sid)
        return self.list_reply(ctx, self.children("destination_uris", trunk_sid))

    def update_destination_uri(self, ctx, trunk_sid, item_id):
        self.trunk(ctx, trunk_sid)
        for key in ("priority", "weight"):
            if ctx.body.get(key, 0) < 0:
                raise invalid("Invalid %s" % key)
        rec = self.item("destination_uris", trunk_sid, item_id)
        for key in ("priority", "weight"):
            if key in ctx.body:
                rec[key] = ctx.body[key]
        rec["date_updated"] = now_iso()
        return self.ok(rec)

    def delete_destination_uri(self, ctx, trunk_sid):
        return self._delete_by_id(ctx, trunk_sid, "destination_uris")

    # ---------------------------------------------------------------- credentials

    @staticmethod
    def validate_credential(body, creating):
        if creating and not body.get("user_name"):
            raise missing("UserName is mandatory")
        if "user_name" in body:
            user = body["user_name"]
            if not user or len(user) > 32:
                raise invalid("Maximum allowed length for UserName is 32")
            if not NAME_RE.match(user):
                raise invalid("Allowed characters for UserName is alphanumeric and _")
        if creating and not body.get("password"):
            raise missing("Password is mandatory")
        if "password" in body:
            if len(body["password"]) < 8:
                raise invalid("Minimum length for Password is 8")
            if not NAME_RE.match(body["password"]):
                raise invalid("Allowed characters for Password is alphanumeric and _")
        if body.get("friendly_name") is not None:
            validate_friendly_name(body["friendly_name"])

    def create_credential(self, ctx, trunk_sid):
        self.trunk(ctx, trunk_sid)
        body = ctx.body
        self.validate_credential(body, creating=True)
        if any(r["user_name"] == body["user_name"] for r in self.children("credentials", trunk_sid)):
            raise self.duplicate("Unable to create Credential with user_name %s" % body["user_name"])
        rec = self._new_credential(ctx.account, trunk_sid, body["user_name"], body["password"], body.get("friendly_name"))
        return self.ok(rec)

    def list_credentials(self, ctx, trunk_sid):
        self.trunk(ctx, trunk_sid)
        records = self.children("credentials", trunk_sid)
        wanted = ctx.param("id")
        if wanted:
            records = [r for r in records if r["id"] == wanted]
        return self.list_reply(ctx, records, credentials_style=True)

    def update_credential(self, ctx, trunk_sid, item_id):
        self.trunk(ctx, trunk_sid)
        body = ctx.body
        self.validate_credential(body, creating=False)
        rec = self.item("credentials", trunk_sid, item_id)
        if "user_name" in body and any(r["user_name"] == body["user_name"] and r["id"] != item_id
                                       for r in self.children("credentials", trunk_sid)):
            raise self.duplicate("Unable to create Credential with user_name %s" % body["user_name"])
        for key in ("user_name", "password", "friendly_name"):
            if key in body:
                rec[key] = body[key]
        rec["date_updated"] = now_iso()
        return self.ok(rec)

    def delete_credential(self, ctx, trunk_sid):
        return self._delete_by_id(ctx, trunk_sid, "credentials")

    # ---------------------------------------------------------------- settings

    def set_settings(self, ctx, trunk_sid):
        self.trunk(ctx, trunk_sid)
        specs = ctx.body.get("settings")
        if not specs:
            raise missing("Settings is mandatory")
        response = []
        for spec in specs:
            try:
                name = spec.get("name")
                if not name:
                    raise missing("Name is mandatory")
                if name not in KNOWN_SETTINGS:
                    raise invalid("Invalid setting name %s" % name)
                value = spec.get("value")
                if not value:
                    raise missing("Value is mandatory")
                if not PHONE_RE.match(value):
                    raise invalid("Invalid value for %s" % name)
                response.append(item_envelope(200, public(self._upsert_setting(ctx.account, trunk_sid, name, value))))
            except ApiError as exc:
                response.append(item_envelope(exc.status, None, error_data(exc.code, exc.message, exc.description)))
        success = sum(1 for r in response if r["status"] == "success")
        metadata = {"total": len(response), "success": success}
        if success != len(response):
            metadata["failed"] = len(response) - success
        return Reply(200 if success == len(response) else 207, response, metadata)

    def list_settings(self, ctx, trunk_sid):
        self.trunk(ctx, trunk_sid)
        return self.list_reply(ctx, [r for r in self.settings.values() if r["trunk_sid"] == trunk_sid])

    def delete_setting(self, ctx, trunk_sid):
        self.trunk(ctx, trunk_sid)
        name = self.require_query(ctx, "name", "Name is mandatory")
        rec = self.settings.pop((trunk_sid, name), None)
        if rec is None:
            raise not_found()
        return self.ok(rec)

    # ---------------------------------------------------------------- dispatch

    def dispatch(self, handler_name, ctx, groups):
        with self.lock:
            try:
                return getattr(self, handler_name)(ctx, **groups)
            except ApiError as exc:
                return exc.reply()


def validate_friendly_name(value):
    if len(value) > 32:
        raise invalid("Maximum allowed length for FriendlyName is 32")
    if value and not NAME_RE.match(value):
        raise invalid("Allowed characters for FriendlyName is alphanumberic and _")


# --------------------------------------------------------------------------
# HTTP layer
# --------------------------------------------------------------------------

class DropConnection(Exception):
    """Raised to end a request without sending a response."""

    def __init__(self, reset):
        super().__init__("drop")
        self.reset = reset


class Handler(BaseHTTPRequestHandler):
    """Thin HTTP front end: parsing, auth, faults, logging; State does the work."""

    protocol_version = "HTTP/1.1"
    # Send each response at once: with Nagle's algorithm on, a keep-alive client waits ~40 ms
    # (delayed ACK) for every response whose headers and body go out in separate writes.
    disable_nagle_algorithm = True
    server_version = "ExotelEmulator/1.0"
    sys_version = ""
    timeout = 120

    def handle(self):
        if isinstance(self.request, ssl.SSLSocket):
            try:
                self.request.do_handshake()
            except (ssl.SSLError, OSError):
                self.close_connection = True
                return
        try:
            BaseHTTPRequestHandler.handle(self)
        except (ConnectionError, ssl.SSLError, socket.timeout):
            self.close_connection = True

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        if getattr(self.server, "verbose", False):
            sys.stderr.write("%s - [%s] %s\n" % (self.address_string(), self.log_date_time_string(), format % args))

    def do_GET(self):
        self.dispatch_request()

    def do_POST(self):
        self.dispatch_request()

    def do_PUT(self):
        self.dispatch_request()

    def do_DELETE(self):
        self.dispatch_request()

    def do_PATCH(self):
        self.dispatch_request()

    @property
    def state(self):
        return self.server.emulator_state

    # ---- low level IO

    def read_body(self):
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks = []
            while True:
                line = self.rfile.readline()
                size = int(line.split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def send_bytes(self, status, payload, content_type="application/json", headers=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    def send_json(self, status, obj, headers=None):
        self.send_bytes(status, json.dumps(obj).encode("utf-8"), headers=headers)

    def drop(self, reset):
        self.close_connection = True
        try:
            self.wfile.flush()
        except OSError:
            pass
        try:
            if reset:
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            else:
                self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        try:
            self.connection.close()
        except OSError:
            pass

    # ---- main entry

    def dispatch_request(self):
        split = urlsplit(self.path)
        path = unquote(split.path)
        query = parse_qs(split.query, keep_blank_values=True)
        try:
            raw = self.read_body()
        except (ValueError, OSError):
            self.close_connection = True
            return
        if path == CONTROL_PREFIX or path.startswith(CONTROL_PREFIX + "/"):
            self.handle_control(path, raw)
            return
        entry = self.state.log_request(self.log_entry(path, query, raw))
        try:
            status, payload, ctype, headers = self.handle_api(path, query, raw, entry)
        except DropConnection as exc:
            self.state.update_log(entry, status=None)
            self.drop(exc.reset)
            return
        except Exception:  # pylint: disable=broad-except
            traceback.print_exc()
            reply = Reply(500, item_envelope(500, None, error_data(500, "Internal Server Error", "Internal Server Error")))
            status, payload, ctype, headers = 500, json.dumps(reply.render(self.command)).encode("utf-8"), "application/json", {}
        self.state.update_log(entry, status=status)
        self.send_bytes(status, payload, ctype, headers)

    def log_entry(self, path, query, raw):
        auth = self.headers.get("Authorization")
        scheme = None
        user = None
        if auth:
            scheme = auth.split(" ", 1)[0]
            if scheme.lower() == "basic":
                scheme = "Basic"
                user = self.basic_credentials(auth)[0]
            elif scheme.lower() == "bearer":
                scheme = "Bearer"
        body = None
        if raw:
            text = raw.decode("utf-8", "replace")
            try:
                body = json.loads(text)
            except ValueError:
                body = text
        match = ACCOUNT_RE.match(path)
        return {
            "seq": 0,
            "time": time.time(),
            "method": self.command,
            "path": path,
            "query": query,
            "raw_uri": self.path,
            "headers": {
                "content-type": self.headers.get("Content-Type"),
                "user-agent": self.headers.get("User-Agent"),
                "authorization_scheme": scheme,
                "auth_user": user,
            },
            "body": body,
            "status": None,
            "fault": None,
            "account_sid": match.group("account") if match else None,
        }

    @staticmethod
    def basic_credentials(header):
        try:
            decoded = base64.b64decode(header.split(" ", 1)[1].strip()).decode("utf-8")
        except (ValueError, IndexError, UnicodeDecodeError):
            return None, None
        user, sep, secret = decoded.partition(":")
        if not sep:
            return user, None
        return user, secret

    def handle_api(self, path, query, raw, entry):
        """Return (status, payload bytes, content type, headers) or raise DropConnection."""
        method = self.command
        fault = self.state.take_fault(method, path)
        action = fault["action"] if fault else None
        if fault:
            self.state.update_log(entry, fault=action)
            early = self.apply_fault_before(fault, method)
            if early is not None:
                return early
        reply = self.process(method, path, query, raw)
        payload = json.dumps(reply.render(method)).encode("utf-8")
        if action == "drop_after_commit":
            raise DropConnection(reset=False)
        if action == "malformed_json":
            return fault.get("status", 200), payload[:max(1, len(payload) // 2)], "application/json", {}
        return reply.status, payload, "application/json", reply.headers

    def apply_fault_before(self, fault, method):
        """Faults that act before (or instead of) processing; None means 'process normally'."""
        action = fault["action"]
        if action == "delay":
            time.sleep(float(fault.get("seconds", 1)))
            return None
        if action == "reset_before_commit":
            raise DropConnection(reset=True)
        if action == "html":
            status = int(fault.get("status", 502))
            page = HTML_502.format(code=status, reason=reason_phrase(status)).encode("utf-8")
            return status, page, "text/html", {}
        if action == "status":
            status = int(fault["status"])
            headers = {}
            if fault.get("retry_after") is not None:
                headers["Retry-After"] = str(fault["retry_after"])
            if fault.get("body") is not None:
                return status, fault["body"].encode("utf-8"), fault.get("content_type", "application/json"), headers
            default_desc = "Rate limit exceeded" if status == 429 else reason_phrase(status)
            err = error_data(status, reason_phrase(status), fault.get("description", default_desc))
            env = build_envelope(method, status, item_envelope(status, None, err))
            return status, json.dumps(env).encode("utf-8"), "application/json", headers
        if action == "malformed_json" and not fault.get("commit", False):
            env = build_envelope(method, 200, item_envelope(200, {}))
            return fault.get("status", 200), json.dumps(env).encode("utf-8")[:40], "application/json", {}
        return None

    def process(self, method, path, query, raw):
        """Auth, rate limit, routing, body decoding, then State."""
        match = ACCOUNT_RE.match(path)
        if not match:
            return not_found().reply()
        account = match.group("account")
        if not self.authorized(account):
            return unauthorized().reply()
        retry, rate_headers = self.state.check_rate(account)
        if retry is not None:
            err = error_data(429, "Too Many Requests", "Rate limit exceeded")
            rate_headers["Retry-After"] = str(retry)
            return Reply(429, item_envelope(429, None, err), headers=rate_headers)
        reply = self.route(method, path, query, raw, account)
        reply.headers.update(rate_headers)
        return reply

    def route(self, method, path, query, raw, account):
        """Routing, body decoding, then State, for an authenticated request within the rate limit."""
        match = ACCOUNT_RE.match(path)
        route = match_route(method, match.group("rest") or "")
        if route is None:
            return not_found().reply()
        handler_name, groups = route
        body = {}
        if method in ("POST", "PUT"):
            try:
                body = self.decode_body(handler_name, raw)
            except ApiError as exc:
                return exc.reply()
        ctx = Context(method, path, query, account, body)
        return self.state.dispatch(handler_name, ctx, groups)

    def authorized(self, account):
        header = self.headers.get("Authorization") or ""
        scheme = header.split(" ", 1)[0].lower()
        if scheme == "basic":
            user, secret = self.basic_credentials(header)
            return self.state.check_auth(account, "basic", user, secret)
        if scheme == "bearer":
            return self.state.check_auth(account, "bearer", None, header.split(" ", 1)[1].strip() if " " in header else "")
        return False

    def decode_body(self, handler_name, raw):
        ctype = self.headers.get("Content-Type") or ""
        if ctype.split(";")[0].strip().lower() != "application/json":
            raise ApiError(415, 1011, "unsupported content type", ctype)
        text = raw.decode("utf-8", "replace")
        try:
            body = json.loads(text)
        except ValueError as exc:
            raise parse_error(go_json_error(exc, text)) from exc
        struct_name, fields = SCHEMAS[handler_name]
        check_schema(struct_name, fields, body)
        return body

    # ---- control API

    def handle_control(self, path, raw):
        method = self.command
        state = self.state
        body = None
        if raw:
            try:
                body = json.loads(raw.decode("utf-8"))
            except ValueError:
                self.send_json(400, {"ok": False, "error": "body is not valid JSON"})
                return
        sub = path[len(CONTROL_PREFIX):]
        try:
            if (method, sub) == ("POST", "/reset"):
                state.reset()
                result = {"ok": True}
            elif (method, sub) == ("GET", "/config"):
                result = state.get_config()
            elif (method, sub) == ("POST", "/config"):
                result = state.update_config(body if body is not None else {})
            elif (method, sub) == ("POST", "/seed"):
                result = state.seed(body if body is not None else {})
            elif (method, sub) == ("GET", "/state"):
                result = state.snapshot()
            elif (method, sub) == ("GET", "/requests"):
                result = {"requests": state.get_requests()}
            elif (method, sub) == ("DELETE", "/requests"):
                state.clear_requests()
                result = {"ok": True}
            elif (method, sub) == ("GET", "/faults"):
                result = {"faults": state.list_faults()}
            elif (method, sub) == ("POST", "/faults"):
                result = {"faults": state.add_faults((body or {}).get("faults") if isinstance(body, dict) else None)}
            elif (method, sub) == ("DELETE", "/faults"):
                state.clear_faults()
                result = {"ok": True}
            else:
                self.send_json(404, {"ok": False, "error": "unknown control endpoint %s %s" % (method, path)})
                return
        except ControlError as exc:
            self.send_json(400, {"ok": False, "error": str(exc)})
            return
        self.send_json(200, result)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address, handler_class, state, verbose=False):
        self.emulator_state = state
        self.verbose = verbose
        ThreadingHTTPServer.__init__(self, address, handler_class)

    def handle_error(self, request, client_address):
        if getattr(self, "verbose", False):
            ThreadingHTTPServer.handle_error(self, request, client_address)


class EmulatorServer:
    """Run the emulator in a background thread.

    srv = EmulatorServer(host="127.0.0.1", port=0).start(); srv.url; srv.stop()
    """

    def __init__(self, host="127.0.0.1", port=0, tls_cert=None, tls_key=None, config=None):
        self.host = host
        self.port = port
        self.tls_cert = tls_cert
        self.tls_key = tls_key
        self.state = State(config)
        self.verbose = False
        self.httpd = None
        self.thread = None

    def bind(self):
        if self.httpd is not None:
            return self
        httpd = _Server((self.host, self.port), Handler, self.state, self.verbose)
        if self.tls_cert:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(self.tls_cert, self.tls_key)
            httpd.socket = context.wrap_socket(httpd.socket, server_side=True, do_handshake_on_connect=False)
        self.httpd = httpd
        self.port = httpd.server_address[1]
        return self

    def start(self):
        self.bind()
        self.httpd.verbose = self.verbose
        if self.thread is None:
            self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.2}, name="exotel-emulator")
            self.thread.daemon = True
            self.thread.start()
        return self

    def stop(self):
        if self.httpd is None:
            return
        if self.thread is not None:
            self.httpd.shutdown()
            self.thread.join(5)
            self.thread = None
        self.httpd.server_close()
        self.httpd = None

    @property
    def url(self):
        scheme = "https" if self.tls_cert else "http"
        host = self.host
        if ":" in host:
            host = "[%s]" % host
        return "%s://%s:%d" % (scheme, host, self.port)

    @property
    def request_log(self):
        return self.state.get_requests()

    def __enter__(self):
        return self.start()

    def __exit__(self, exc_type, exc_value, tb):
        self.stop()


# --------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------

def write_atomic(path, text):
    tmp = "%s.tmp.%d" % (path, os.getpid())
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)


def build_parser():
    parser = argparse.ArgumentParser(description="Local emulator of Exotel's v2 SIP-trunk REST API")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1, loopback only)")
    parser.add_argument("--port", type=int, default=0, help="port to bind (default 0 = pick a free port)")
    parser.add_argument("--port-file", help="write the bound port here (atomically) once listening")
    parser.add_argument("--pid-file", help="write the server pid here")
    parser.add_argument("--log-file", help="in --daemonize mode, stdout/stderr go here (default /dev/null)")
    parser.add_argument("--daemonize", action="store_true", help="double-fork into the background")
    parser.add_argument("--max-lifetime", type=float, default=None,
                        help="stop after this many seconds (default: 0 = forever in foreground, 7200 with --daemonize)")
    parser.add_argument("--tls-cert", help="PEM certificate (enables HTTPS)")
    parser.add_argument("--tls-key", help="PEM private key")
    parser.add_argument("--config-json", help="JSON object of config overrides")
    parser.add_argument("--seed-file", help="JSON file in the POST /_emulator/seed format, loaded at start")
    parser.add_argument("--quiet", action="store_true", help="do not log each request to stderr")
    return parser


def daemonize(log_file):
    """Double fork; the original process exits once the grandchild reports ready on a pipe.

    Returns the write end of the pipe (in the grandchild).
    """
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid > 0:
        os.close(write_fd)
        chunks = []
        while True:
            data = os.read(read_fd, 4096)
            if not data:
                break
            chunks.append(data)
        os.waitpid(pid, 0)
        message = b"".join(chunks).decode("utf-8", "replace")
        if message.startswith("ok "):
            sys.stdout.write(message[3:])
            sys.stdout.flush()
            os._exit(0)  # pylint: disable=protected-access
        sys.stderr.write(message or "exotel emulator failed to start\n")
        os._exit(1)  # pylint: disable=protected-access
    os.close(read_fd)
    os.setsid()
    if os.fork() > 0:
        os._exit(0)  # pylint: disable=protected-access
    os.chdir("/")
    os.umask(0o022)
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    out = os.open(log_file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644) if log_file else devnull
    os.dup2(out, 1)
    os.dup2(out, 2)
    return write_fd


def main(argv=None):
    args = build_parser().parse_args(argv)
    for name in ("port_file", "pid_file", "log_file", "tls_cert", "tls_key", "seed_file"):
        if getattr(args, name):
            setattr(args, name, os.path.abspath(getattr(args, name)))
    config = json.loads(args.config_json) if args.config_json else None
    lifetime = args.max_lifetime
    if lifetime is None:
        lifetime = 7200.0 if args.daemonize else 0.0
    srv = EmulatorServer(args.host, args.port, args.tls_cert, args.tls_key, config)
    srv.verbose = not args.quiet
    if args.seed_file:
        with open(args.seed_file, encoding="utf-8") as handle:
            srv.state.seed(json.load(handle))
    srv.bind()
    ready_fd = daemonize(args.log_file) if args.daemonize else None
    message = "exotel emulator listening on %s\n" % srv.url
    if args.pid_file:
        write_atomic(args.pid_file, "%d\n" % os.getpid())
    if args.port_file:
        write_atomic(args.port_file, "%d\n" % srv.port)
    sys.stdout.write(message)
    sys.stdout.flush()
    stop = threading.Event()

    def on_signal(signum, frame):  # pylint: disable=unused-argument
        stop.set()
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    srv.start()
    if ready_fd is not None:
        os.write(ready_fd, ("ok " + message).encode("utf-8"))
        os.close(ready_fd)
    deadline = time.time() + lifetime if lifetime > 0 else None
    while not stop.is_set():
        if deadline is not None and time.time() >= deadline:
            sys.stdout.write("exotel emulator: max lifetime reached, stopping\n")
            break
        stop.wait(0.5)
    srv.stop()
    for path in (args.port_file, args.pid_file):
        if path:
            try:
                os.unlink(path)
            except OSError:
                pass
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
