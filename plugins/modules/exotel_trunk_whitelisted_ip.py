#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: exotel_trunk_whitelisted_ip
short_description: Whitelist an IPv4 address (ACL entry) on an Exotel SIP trunk
version_added: 1.0.0
description:
  - Adds an IPv4 address (with a CIDR prefix length) to the access control list of an Exotel SIP trunk, changes its
    prefix length, or removes it.
  - Outbound calls from your SIP equipment are accepted only from whitelisted addresses (or with digest credentials,
    see M(exotel.trunking.exotel_trunk_credential)), and an IP destination URI can only be added once its IP is
    whitelisted (see M(exotel.trunking.exotel_trunk_destination_uri)).
  - An entry is identified by its O(ip) on the trunk. The module lists the trunk's entries (all pages), compares, and
    writes only what differs, so it is idempotent and its check mode predicts exactly what a real run would do.
  - A write whose answer is lost is never resent blindly; the module re-reads the list and writes again only if the
    change is not there. If Exotel answers that the address is a duplicate (someone added it meanwhile), the module
    adopts that entry and corrects its O(mask) if needed.
author:
  - exotel.trunking contributors (@exotel-trunking)
extends_documentation_fragment:
  - exotel.trunking.connection
  - exotel.trunking.trunk_sid
  - exotel.trunking.attributes
  - exotel.trunking.attributes.actiongroup_exotel
options:
  ip:
    description:
      - The IPv4 address to whitelist, in dotted-quad form, for example V(44.248.146.11).
      - Give a network as its address here and its prefix length in O(mask); CIDR notation such as V(10.0.0.0/24)
        and IPv6 addresses are rejected before any request is sent.
    type: str
    required: true
  mask:
    description:
      - The CIDR prefix length, from V(16) to V(32). V(32) whitelists this one address.
      - An existing entry with another prefix length is updated in place.
      - Ignored when O(state=absent).
    type: int
    default: 32
  state:
    description:
      - V(present) makes sure the address is whitelisted with O(mask).
      - V(absent) removes the entry for O(ip), whatever its prefix length. An address that is not whitelisted,
        or a trunk that does not exist, is left alone and the task reports no change.
    type: str
    choices: [present, absent]
    default: present
notes:
  - Exotel's Voice-AI integration guide recommends one address per entry (O(mask=32)); some accounts may refuse
    shorter prefixes.
  - Removing an address can break IP destination URIs that rely on it for inbound calls.
seealso:
  - module: exotel.trunking.exotel_trunk_whitelisted_ip_info
  - module: exotel.trunking.exotel_trunk_destination_uri
  - module: exotel.trunking.exotel_trunk_credential
'''

EXAMPLES = r'''
- name: Whitelist the SBC's public address
  exotel.trunking.exotel_trunk_whitelisted_ip:
    account_sid: "{{ exotel_account_sid }}"
    api_key: "{{ exotel_api_key }}"
    api_token: "{{ exotel_api_token }}"
    region: mumbai
    trunk_sid: trmum1f708622631150902801a1n
    ip: 44.248.146.11
  register: acl

- name: Whitelist a /24 (credentials from module_defaults or EXOTEL_* environment variables)
  exotel.trunking.exotel_trunk_whitelisted_ip:
    trunk_sid: trmum1f708622631150902801a1n
    ip: 44.248.146.0
    mask: 24

- name: Remove an address
  exotel.trunking.exotel_trunk_whitelisted_ip:
    trunk_sid: trmum1f708622631150902801a1n
    ip: 44.248.146.11
    state: absent
'''

RETURN = r'''
whitelisted_ip:
  description:
    - The entry after the task, as Exotel reported it.
    - In check mode, the predicted entry; RV(whitelisted_ip.id) is V(null) for an entry that would be created.
    - With O(state=absent), the entry that was removed, or V(null) if there was none.
  returned: always
  type: dict
  contains:
    id:
      description: Exotel's numeric ID of the entry (a string).
      type: str
      returned: always
      sample: "1153"
    ip:
      description: The IPv4 address.
      type: str
      returned: always
      sample: 44.248.146.11
    mask:
      description: The CIDR prefix length.
      type: int
      returned: always
      sample: 32
    trunk_sid:
      description: The trunk SID.
      type: str
      returned: always
      sample: trmum1f708622631150902801a1n
    friendly_name:
      description: Exotel's friendly name of the entry (V(null) in every documented example).
      type: str
      returned: always
      sample: null
    date_created:
      description: When the entry was created (ISO 8601, UTC); V(null) in check mode for a new entry.
      type: str
      returned: always
      sample: "2026-01-23T11:37:36Z"
    date_updated:
      description: When the entry was last changed (ISO 8601, UTC); V(null) in check mode for a new entry.
      type: str
      returned: always
      sample: "2026-01-23T11:37:36Z"
error:
  description: Structured detail of an API failure (HTTP method, path, status, Exotel error code, request ID).
  returned: on API failure
  type: dict
  sample:
    kind: api
    method: POST
    path: /v2/accounts/ameyo5m/trunks/trmum1f708622631150902801a1n/whitelisted-ips
    http_status: 400
    code: 400
    error_code: 1002
    message: Invalid parameter
    description: Invalid ip
    request_id: e45544e19a7f4d5d956fefe63fe3c6b6
'''

from ansible_collections.exotel.trunking.plugins.module_utils._module import run_module
from ansible_collections.exotel.trunking.plugins.module_utils._specs import EXOTEL_TRUNK_WHITELISTED_IP


def main():
    run_module(EXOTEL_TRUNK_WHITELISTED_IP)


if __name__ == '__main__':
    main()
