#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: exotel_trunk_setting
short_description: Set or remove one setting of an Exotel SIP trunk
version_added: 1.0.0
description:
  - Sets one named setting of an Exotel SIP trunk, such as V(trunk_external_alias) (the outbound caller ID), or
    removes it.
  - The module reads the trunk's settings first and writes only when the value differs, so it is idempotent and its
    check mode predicts exactly what a real run would do.
  - A write whose answer is lost is never resent blindly; the module re-reads the setting and writes again only if
    the value is not in place.
author:
  - exotel.trunking contributors (@exotel-trunking)
extends_documentation_fragment:
  - exotel.trunking.connection
  - exotel.trunking.trunk_sid
  - exotel.trunking.attributes
  - exotel.trunking.attributes.actiongroup_exotel
options:
  name:
    description:
      - Name of the setting, 1 to 64 lower-case letters, digits or V(_).
      - V(trunk_external_alias) (the caller ID shown on outbound calls) is the only setting Exotel documents.
    type: str
    required: true
  value:
    description:
      - The value of the setting, as a string.
      - For V(trunk_external_alias) it must be a phone number in E.164 format, for example V(+919876543210); other
        values are rejected before any request is sent.
      - Required when O(state=present); ignored when O(state=absent).
    type: str
  state:
    description:
      - V(present) sets the setting to O(value).
      - V(absent) removes the setting from the trunk. A setting that is not set, or a trunk that does not exist,
        is left alone and the task reports no change.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: exotel.trunking.exotel_trunk
  - name: Exotel - Set trunk alias
    description: Exotel's reference for the API call this module makes.
    link: https://developer.exotel.com/?p=8407
'''

EXAMPLES = r'''
- name: Show +919876543210 as the caller ID of calls out through the trunk
  exotel.trunking.exotel_trunk_setting:
    trunk_sid: trmum1f708622631150902801a1n
    name: trunk_external_alias
    value: "+919876543210"

- name: Remove the caller ID alias
  exotel.trunking.exotel_trunk_setting:
    trunk_sid: trmum1f708622631150902801a1n
    name: trunk_external_alias
    state: absent
'''

RETURN = r'''
setting:
  description:
    - The setting after the task, as Exotel reported it.
    - In check mode, the predicted setting; its dates are V(null) for a setting that would be created.
    - With O(state=absent), the setting that was removed, or V(null) if there was none.
  returned: always
  type: dict
  contains:
    name:
      description: Name of the setting.
      type: str
      returned: always
      sample: trunk_external_alias
    value:
      description: Value of the setting.
      type: str
      returned: always
      sample: "+919876543210"
    trunk_sid:
      description: The trunk the setting belongs to.
      type: str
      returned: always
      sample: trmum1f708622631150902801a1n
    date_created:
      description: When the setting was created (ISO 8601, UTC). V(null) when Exotel's answer did not include it.
      type: str
      returned: always
      sample: "2026-01-23T13:34:50Z"
    date_updated:
      description: When the setting was last changed (ISO 8601, UTC). V(null) when Exotel's answer did not include it.
      type: str
      returned: always
      sample: "2026-01-23T13:34:50Z"
error:
  description: Structured detail of an API failure (HTTP method, path, status, Exotel error code, request ID).
  returned: on API failure
  type: dict
  sample:
    kind: not_found
    method: GET
    path: /v2/accounts/ameyo5m/trunks/trmum1f708622631150902801a1n/settings
    http_status: 404
    code: 404
    error_code: 1000
    message: Not Found
    description: Not Found
    request_id: e45544e19a7f4d5d956fefe63fe3c6b6
'''

from ansible_collections.exotel.trunking.plugins.module_utils._module import run_module
from ansible_collections.exotel.trunking.plugins.module_utils._specs import EXOTEL_TRUNK_SETTING


def main():
    run_module(EXOTEL_TRUNK_SETTING)


if __name__ == '__main__':
    main()
