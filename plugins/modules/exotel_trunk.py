#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: exotel_trunk
short_description: Create, update or delete an Exotel SIP trunk
version_added: 1.0.0
description:
  - Creates an Exotel SIP trunk, updates its NSO code, or deletes it.
  - The trunk is identified by O(trunk_name), which is unique within an account. The module finds it by reading
    every page of the account's trunk list (Exotel offers no look-up by name), so a re-run never creates a second trunk.
  - The module reads the trunk first and writes only what differs, so it is idempotent and its check mode
    predicts exactly what a real run would do.
  - A write whose answer is lost (timeout, dropped connection, gateway error) is never resent blindly. The module
    re-reads the trunk by name and writes again only if the change is not there.
  - Exotel's "duplicate resource" answer to a create (error 1008, which Exotel sends as HTTP 200 with
    C(response.code) 409) means another client created the trunk in the meantime; the module then reads it back
    and reconciles it instead of failing.
author:
  - exotel.trunking contributors (@exotel-trunking)
extends_documentation_fragment:
  - exotel.trunking.connection
  - exotel.trunking.attributes
  - exotel.trunking.attributes.actiongroup_exotel
options:
  trunk_name:
    description:
      - Name of the trunk, unique within the account.
      - 1 to 16 characters, each a letter, a digit or V(_). Other values are rejected before any request is sent.
      - The name identifies the trunk, so this module never renames one.
    type: str
    required: true
  nso_code:
    description:
      - The trunk's NSO code. V(ANY-ANY) is the only value Exotel documents.
      - It must be upper case with two parts joined by V(-); Exotel rejects for example V(any any).
      - An existing trunk with another NSO code is updated in place.
      - Ignored when O(state=absent).
    type: str
    default: ANY-ANY
  domain_name:
    description:
      - The trunk's SIP domain. It must end in V(.pstn.exotel.com).
      - When omitted, a new trunk gets V(<account_sid>.pstn.exotel.com), the domain Exotel documents for every
        trunk of an account, and the domain of an existing trunk is left as it is and not checked.
      - Exotel cannot change the domain of an existing trunk. If the trunk exists with another domain, the task
        fails and names both; delete and recreate the trunk to change it.
      - The comparison ignores upper and lower case.
      - Ignored when O(state=absent).
    type: str
  state:
    description:
      - V(present) creates the trunk, or updates its NSO code.
      - V(absent) deletes the trunk. B(Exotel also deletes everything on it) - phone-number mappings, whitelisted
        IPs, destination URIs, credentials and settings. A trunk that does not exist is left alone and the task
        reports no change.
    type: str
    choices: [present, absent]
    default: present
notes:
  - Exotel fills in the other fields of a trunk (RV(trunk.status), RV(trunk.auth_type), RV(trunk.registration_enabled),
    RV(trunk.edge_preference), RV(trunk.secure_trunking)) itself; this module does not set them.
  - Finding a trunk by name costs one request per 50 trunks in the account.
seealso:
  - module: exotel.trunking.exotel_trunk_info
  - module: exotel.trunking.exotel_trunk_phone_number
  - module: exotel.trunking.exotel_trunk_setting
  - name: Exotel - Create trunk
    description: Exotel's reference for the API call this module makes to create a trunk.
    link: https://developer.exotel.com/api/sip-trunking-apis
  - name: Exotel - Delete trunk
    description: Exotel's reference for the API call this module makes to delete a trunk.
    link: https://developer.exotel.com/api/delete-trunk
'''

EXAMPLES = r'''
- name: Create a trunk, with credentials from module_defaults
  module_defaults:
    group/exotel.trunking.exotel:
      account_sid: "{{ exotel_account_sid }}"
      api_key: "{{ exotel_api_key }}"
      api_token: "{{ exotel_api_token }}"
      region: mumbai
  block:
    - name: Ensure the trunk exists
      exotel.trunking.exotel_trunk:
        trunk_name: voice_ai_prod
      register: trunk

    - name: Map a number onto it, using the SID Exotel assigned
      exotel.trunking.exotel_trunk_phone_number:
        trunk_sid: "{{ trunk.trunk.trunk_sid }}"
        phone_number: "+919876543210"
        mode: flow

# Credentials can come from the environment instead:
# EXOTEL_ACCOUNT_SID, EXOTEL_API_KEY, EXOTEL_API_TOKEN and EXOTEL_REGION
- name: Create a trunk with an explicit domain and NSO code
  exotel.trunking.exotel_trunk:
    trunk_name: outbound_trunk
    domain_name: ameyo5m.pstn.exotel.com
    nso_code: ANY-ANY

- name: Preview the change (run with --check --diff to see before/after)
  exotel.trunking.exotel_trunk:
    trunk_name: outbound_trunk
  check_mode: true
  register: preview

- name: Delete the trunk and everything on it
  exotel.trunking.exotel_trunk:
    trunk_name: outbound_trunk
    state: absent
'''

RETURN = r'''
trunk:
  description:
    - The trunk after the task, as Exotel reported it.
    - In check mode, the predicted trunk; for a trunk that would be created, the fields Exotel assigns
      (RV(trunk.trunk_sid), RV(trunk.status), RV(trunk.auth_type), RV(trunk.registration_enabled),
      RV(trunk.edge_preference), RV(trunk.secure_trunking) and the dates) are V(null).
    - With O(state=absent), the trunk that was deleted, or V(null) if there was none.
    - Each field is V(null) when Exotel's answer did not include it.
  returned: always
  type: dict
  contains:
    trunk_sid:
      description: Exotel's SID of the trunk, which the other modules of this collection take as their C(trunk_sid) option.
      type: str
      returned: always
      sample: trmum1f708622631150902801a1n
    trunk_name:
      description: The trunk's name.
      type: str
      returned: always
      sample: outbound_trunk
    domain_name:
      description: The trunk's SIP domain.
      type: str
      returned: always
      sample: ameyo5m.pstn.exotel.com
    status:
      description: V(active) when the trunk is usable, V(inactive) when it is disabled.
      type: str
      returned: always
      sample: active
    auth_type:
      description: How calls from the SIP side are authenticated.
      type: str
      returned: always
      sample: IP-WHITELIST
    nso_code:
      description: The trunk's NSO code.
      type: str
      returned: always
      sample: ANY-ANY
    registration_enabled:
      description: V(enabled) or V(disabled).
      type: str
      returned: always
      sample: disabled
    edge_preference:
      description: Exotel's edge preference for the trunk.
      type: str
      returned: always
      sample: auto
    secure_trunking:
      description: Whether TLS is required, V(enabled) or V(disabled).
      type: str
      returned: always
      sample: disabled
    date_created:
      description: When the trunk was created (ISO 8601, UTC).
      type: str
      returned: always
      sample: "2026-01-23T09:24:59Z"
    date_updated:
      description: When the trunk was last changed (ISO 8601, UTC).
      type: str
      returned: always
      sample: "2026-01-23T09:24:59Z"
error:
  description: Structured detail of an API failure (HTTP method, path, status, Exotel error code, request ID).
  returned: on API failure
  type: dict
  sample:
    kind: api
    method: POST
    path: /v2/accounts/ameyo5m/trunks
    http_status: 400
    code: 400
    error_code: 1002
    message: Invalid parameter
    description: Nso code is invalid
    request_id: 10a67da360d446378d5c2b66407b7f18
'''

from ansible_collections.exotel.trunking.plugins.module_utils._module import run_module
from ansible_collections.exotel.trunking.plugins.module_utils._specs import EXOTEL_TRUNK


def main():
    run_module(EXOTEL_TRUNK)


if __name__ == '__main__':
    main()
