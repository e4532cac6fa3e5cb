#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: exotel_trunk_destination_uri
short_description: Manage an inbound destination URI of an Exotel SIP trunk
version_added: 1.0.0
description:
  - Adds a destination URI (where Exotel sends inbound calls of the trunk) to an Exotel SIP trunk, sets its
    O(priority) and O(weight), or removes it.
  - Exotel appends a new destination on every add, even an identical one, so the module always lists the trunk's
    destinations (all pages) first and adds only when the destination is missing. It writes only what differs, so it
    is idempotent and its check mode predicts exactly what a real run would do.
  - A destination is identified by its host, port and transport, compared without a leading C(sip:) and
    case-insensitively (Exotel stores every destination with a C(sip:) prefix).
  - A write whose answer is lost is never resent blindly; the module re-reads the list and writes again only if the
    change is not there, so a retry can never add the destination twice.
author:
  - exotel.trunking contributors (@exotel-trunking)
extends_documentation_fragment:
  - exotel.trunking.connection
  - exotel.trunking.trunk_sid
  - exotel.trunking.attributes
  - exotel.trunking.attributes.actiongroup_exotel
options:
  destination:
    description:
      - The destination as C(host:port), optionally followed by C(;transport=tls), C(;transport=tcp) or
        C(;transport=udp), and optionally preceded by C(sip:). For example V(sip.example.com:5061;transport=tls) or
        V(44.248.146.11:5061;transport=tls).
      - The host is an IPv4 address or a fully qualified domain name; the port is 1 to 65535. Anything else is
        rejected before any request is sent. Exotel recommends TLS on port 5061.
      - An IPv4 host must first be whitelisted on the same trunk with M(exotel.trunking.exotel_trunk_whitelisted_ip),
        otherwise Exotel refuses it (C(Destination not whitelisted)). FQDN hosts need no whitelisting.
      - A destination without C(;transport=) is a different destination from the same one with C(;transport=udp).
    type: str
    required: true
  priority:
    description:
      - Priority of the destination; a lower value is tried first. 0 or greater.
      - When omitted, a new destination gets Exotel's default (V(0)) and an existing one keeps its priority.
      - Ignored when O(state=absent).
    type: int
  weight:
    description:
      - Share of traffic among destinations of equal O(priority); a higher value gets more calls. 0 or greater.
      - When omitted, a new destination gets Exotel's default (V(1)) and an existing one keeps its weight.
      - Ignored when O(state=absent).
    type: int
  state:
    description:
      - V(present) makes sure the destination exists with the given O(priority) and O(weight).
      - V(absent) removes the destination, and any duplicates of it that Exotel holds. A destination that does not
        exist, or a trunk that does not exist, is left alone and the task reports no change.
    type: str
    choices: [present, absent]
    default: present
notes:
  - Exotel's add call cannot set priority and weight, so a new destination with a non-default O(priority) or
    O(weight) takes two calls (add, then update). If the second fails, running the task again completes it.
  - If Exotel holds several identical destinations (added outside this module), O(state=present) manages the oldest
    and warns; O(state=absent) removes them all.
seealso:
  - module: exotel.trunking.exotel_trunk_destination_uri_info
  - module: exotel.trunking.exotel_trunk_whitelisted_ip
  - name: Exotel - Map destination URI to trunk
    description: Exotel's reference for the add call this module makes.
    link: https://developer.exotel.com/api/map-destination-uri-to-trunk
'''

EXAMPLES = r'''
- name: Send inbound calls to an SBC by name over TLS
  exotel.trunking.exotel_trunk_destination_uri:
    account_sid: "{{ exotel_account_sid }}"
    api_key: "{{ exotel_api_key }}"
    api_token: "{{ exotel_api_token }}"
    region: mumbai
    trunk_sid: trmum1f708622631150902801a1n
    destination: sip.example.com:5061;transport=tls

- name: An IP destination needs its IP whitelisted first (credentials from module_defaults or EXOTEL_* variables)
  exotel.trunking.exotel_trunk_whitelisted_ip:
    trunk_sid: trmum1f708622631150902801a1n
    ip: 44.248.146.11

- name: Add the IP destination as a backup that takes a third of the traffic
  exotel.trunking.exotel_trunk_destination_uri:
    trunk_sid: trmum1f708622631150902801a1n
    destination: 44.248.146.11:5061;transport=tls
    priority: 1
    weight: 5

- name: Remove a destination
  exotel.trunking.exotel_trunk_destination_uri:
    trunk_sid: trmum1f708622631150902801a1n
    destination: sip:44.248.146.11:5061;transport=tls
    state: absent
'''

RETURN = r'''
destination_uri:
  description:
    - The destination after the task, as Exotel reported it.
    - In check mode, the predicted destination; RV(destination_uri.id) is V(null) for one that would be added.
    - With O(state=absent), the destination that was removed, or V(null) if there was none.
  returned: always
  type: dict
  contains:
    id:
      description: Exotel's numeric ID of the destination (a string).
      type: str
      returned: always
      sample: "2543"
    destination:
      description: The destination as Exotel stores it, with a C(sip:) prefix.
      type: str
      returned: always
      sample: sip:44.248.146.11:5061;transport=tls
    type:
      description: The destination type (V(public)).
      type: str
      returned: always
      sample: public
    priority:
      description: The priority; lower is tried first.
      type: int
      returned: always
      sample: 0
    weight:
      description: The weight among destinations of equal priority; higher gets more traffic.
      type: int
      returned: always
      sample: 1
    trunk_sid:
      description: The trunk SID.
      type: str
      returned: always
      sample: trmum1f708622631150902801a1n
    date_created:
      description: When the destination was added (ISO 8601, UTC); V(null) in check mode for a new one.
      type: str
      returned: always
      sample: "2026-01-23T13:38:32Z"
    date_updated:
      description: When the destination was last changed (ISO 8601, UTC); V(null) in check mode for a new one.
      type: str
      returned: always
      sample: "2026-01-23T13:38:32Z"
error:
  description: Structured detail of an API failure (HTTP method, path, status, Exotel error code, request ID).
  returned: on API failure
  type: dict
  sample:
    kind: api
    method: POST
    path: /v2/accounts/ameyo5m/trunks/trmum1f708622631150902801a1n/destination-uris
    http_status: 207
    code: 400
    error_code: 1002
    message: Invalid parameter
    description: Destination not whitelisted
    request_id: c06dc46304aa406ea7daca83785bc7a9
'''

from ansible_collections.exotel.trunking.plugins.module_utils._module import run_module
from ansible_collections.exotel.trunking.plugins.module_utils._specs import EXOTEL_TRUNK_DESTINATION_URI


def main():
    run_module(EXOTEL_TRUNK_DESTINATION_URI)


if __name__ == '__main__':
    main()
