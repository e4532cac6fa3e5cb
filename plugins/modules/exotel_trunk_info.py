#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: exotel_trunk_info
short_description: List the SIP trunks of an Exotel account
version_added: 1.0.0
description:
  - Returns every trunk of the account, reading all pages of Exotel's list.
  - Optionally narrows the list to one trunk, by SID or by name.
author:
  - exotel.trunking contributors (@exotel-trunking)
extends_documentation_fragment:
  - exotel.trunking.connection
  - exotel.trunking.attributes.info_module
  - exotel.trunking.attributes.actiongroup_exotel
options:
  trunk_sid:
    description:
      - Return only the trunk with this SID (for example V(trmum1f708622631150902801a1n)). The result is then a list
        of zero or one trunks.
      - The module asks Exotel for this trunk alone (C(GET /trunks?trunk_sid=)) and filters the answer again.
      - Only letters, digits, V(_) and V(-) are accepted.
    type: str
  trunk_name:
    description:
      - Return only the trunk with this name (1 to 16 letters, digits or V(_)). The result is then a list of zero
        or one trunks.
      - Exotel cannot filter by name, so the module reads every page and filters itself.
      - When given together with O(trunk_sid), a trunk must match both.
    type: str
seealso:
  - module: exotel.trunking.exotel_trunk
'''

EXAMPLES = r'''
- name: List every trunk of the account
  exotel.trunking.exotel_trunk_info:
  register: all_trunks

- name: Show the trunk names
  ansible.builtin.debug:
    msg: "{{ all_trunks.trunks | map(attribute='trunk_name') | list }}"

- name: Look a trunk up by name
  exotel.trunking.exotel_trunk_info:
    trunk_name: outbound_trunk
  register: by_name

- name: Fail if it does not exist
  ansible.builtin.assert:
    that: by_name.trunks | length == 1

- name: Look a trunk up by SID
  exotel.trunking.exotel_trunk_info:
    trunk_sid: trmum1f708622631150902801a1n
  register: by_sid
'''

RETURN = r'''
trunks:
  description: The trunks, in the order Exotel lists them. Each field is V(null) when Exotel's answer did not include it.
  returned: always
  type: list
  elements: dict
  contains:
    trunk_sid:
      description: Exotel's SID of the trunk.
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
'''

from ansible_collections.exotel.trunking.plugins.module_utils._module import run_module
from ansible_collections.exotel.trunking.plugins.module_utils._specs import EXOTEL_TRUNK_INFO


def main():
    run_module(EXOTEL_TRUNK_INFO)


if __name__ == '__main__':
    main()
