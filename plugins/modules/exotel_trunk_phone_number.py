#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: exotel_trunk_phone_number
short_description: Map a phone number (ExoPhone / DID) onto an Exotel SIP trunk
version_added: 1.0.0
description:
  - Maps one phone number onto an Exotel SIP trunk, sets its routing mode (V(pstn) or V(flow)), or removes the mapping.
  - The module reads the current mapping first and writes only what differs, so it is idempotent and its check mode
    predicts exactly what a real run would do.
  - It finds the number with a single account-wide look-up (C(GET /trunk-maps?exophone=)), whatever the size of the
    trunk. If that look-up answers in an unexpected way, it falls back to listing the trunk's mappings.
  - A write whose answer is lost (timeout, dropped connection, gateway error) is never resent blindly. The module
    re-reads the mapping and writes again only if the change is not there, so a retry can never map a number twice.
  - To manage many numbers on one trunk in one task, use M(exotel.trunking.exotel_trunk_phone_numbers).
author:
  - exotel.trunking contributors (@exotel-trunking)
extends_documentation_fragment:
  - exotel.trunking.connection
  - exotel.trunking.trunk_sid
  - exotel.trunking.attributes
  - exotel.trunking.attributes.actiongroup_exotel
options:
  phone_number:
    description:
      - The phone number in E.164 format, for example V(+919876543210).
      - It must be V(+), then the country code and subscriber number, 7 to 15 digits in all, with no leading zero.
      - Spaces, hyphens, dots and brackets are B(not) removed; the module rejects such a value before sending any
        request and suggests the compact form. The number is a routing key, and the value in the playbook is then
        exactly what Exotel stores and reports.
    type: str
    required: true
  mode:
    description:
      - How calls to the number are routed. V(pstn) sends them over the SIP trunk; V(flow) hands them to an Exotel
        App Bazaar flow (Voice AI, Voicebot, StreamKit).
      - When omitted, a new mapping is created without a mode (Exotel stores C(null), which routes as V(pstn)),
        and the mode of an existing mapping is left as it is.
      - An existing mapping whose mode is C(null) counts as V(pstn), so O(mode=pstn) does not change it.
      - Ignored when O(state=absent).
    type: str
    choices: [pstn, flow]
  state:
    description:
      - V(present) maps the number onto the trunk (and sets O(mode) if given).
      - V(absent) removes the mapping from this trunk. A number that is not mapped, or mapped to another trunk,
        is left alone and the task reports no change.
    type: str
    choices: [present, absent]
    default: present
notes:
  - A number can be mapped to only one trunk of an account. If it is mapped to another trunk, the task fails and
    names that trunk and the mapping ID; remove it there first.
  - Exotel's direct look-up does not return C(date_created) and C(date_updated), so in RV(mapping) they are
    V(null) when the mapping was already as requested; they are filled when the task created or changed it.
  - When the look-up says the number is not mapped and O(state=absent), the module confirms by listing the trunk,
    so a look-up that errs can never leave a mapping in place.
seealso:
  - module: exotel.trunking.exotel_trunk_phone_number_info
  - module: exotel.trunking.exotel_trunk_phone_numbers
  - name: Exotel - Map phone number to trunk
    description: Exotel's reference for the API call this module makes.
    link: https://developer.exotel.com/api/map-phone-number-to-trunk
'''

EXAMPLES = r'''
- name: Map a number onto a trunk for Voice AI, with credentials from module_defaults
  module_defaults:
    group/exotel.trunking.exotel:
      account_sid: "{{ exotel_account_sid }}"
      api_key: "{{ exotel_api_key }}"
      api_token: "{{ exotel_api_token }}"
      region: mumbai
  block:
    - name: Map +919876543210 in flow mode
      exotel.trunking.exotel_trunk_phone_number:
        trunk_sid: trmum1f708622631150902801a1n
        phone_number: "+919876543210"
        mode: flow
      register: mapped

    - name: Show the mapping ID Exotel assigned
      ansible.builtin.debug:
        msg: "Mapping {{ mapped.mapping.id }} routes {{ mapped.mapping.phone_number }} as {{ mapped.mapping.mode }}"

# Credentials can come from the environment instead:
# EXOTEL_ACCOUNT_SID, EXOTEL_API_KEY, EXOTEL_API_TOKEN and EXOTEL_REGION
- name: Switch the number back to PSTN routing
  exotel.trunking.exotel_trunk_phone_number:
    trunk_sid: trmum1f708622631150902801a1n
    phone_number: "+919876543210"
    mode: pstn

- name: Preview a change without making it (run with --check --diff to see before/after)
  exotel.trunking.exotel_trunk_phone_number:
    trunk_sid: trmum1f708622631150902801a1n
    phone_number: "+918040264208"
  check_mode: true
  register: preview

- name: Remove the number from the trunk
  exotel.trunking.exotel_trunk_phone_number:
    trunk_sid: trmum1f708622631150902801a1n
    phone_number: "+919876543210"
    state: absent
'''

RETURN = r'''
mapping:
  description:
    - The mapping after the task, as Exotel reported it.
    - In check mode, the predicted mapping; RV(mapping.id) is V(null) for a mapping that would be created.
    - With O(state=absent), the mapping that was removed, or V(null) if there was none on this trunk.
  returned: always
  type: dict
  contains:
    id:
      description: Exotel's numeric mapping ID (a string). It is not the phone number.
      type: str
      returned: always
      sample: "41512"
    phone_number:
      description: The phone number in E.164 format.
      type: str
      returned: always
      sample: "+919876543210"
    trunk_sid:
      description: The trunk the number is mapped to.
      type: str
      returned: always
      sample: trmum1f708622631150902801a1n
    mode:
      description:
        - The routing mode as Exotel stores it, V(pstn), V(flow) or V(null).
        - V(null) means the number was mapped without a mode; Exotel routes it as V(pstn), and the module compares it
          equal to V(pstn).
        - In check mode, a mapping that would be created without O(mode) shows V(null), as Exotel would store it.
      type: str
      returned: always
      sample: flow
    date_created:
      description: When the mapping was created (ISO 8601, UTC). V(null) when Exotel's answer did not include it.
      type: str
      returned: always
      sample: "2026-01-23T10:26:54Z"
    date_updated:
      description: When the mapping was last changed (ISO 8601, UTC). V(null) when Exotel's answer did not include it.
      type: str
      returned: always
      sample: "2026-01-23T10:26:54Z"
error:
  description: Structured detail of an API failure (HTTP method, path, status, Exotel error code, request ID).
  returned: on API failure
  type: dict
  sample:
    kind: not_found
    method: POST
    path: /v2/accounts/ameyo5m/trunks/trmum1f708622631150902801a1n/phone-numbers
    http_status: 404
    code: 404
    error_code: 1000
    message: Not Found
    description: Not Found
    request_id: e45544e19a7f4d5d956fefe63fe3c6b6
'''

from ansible_collections.exotel.trunking.plugins.module_utils._module import run_module
from ansible_collections.exotel.trunking.plugins.module_utils._specs import EXOTEL_TRUNK_PHONE_NUMBER


def main():
    run_module(EXOTEL_TRUNK_PHONE_NUMBER)


if __name__ == '__main__':
    main()
