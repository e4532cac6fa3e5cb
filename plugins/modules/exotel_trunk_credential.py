#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: exotel_trunk_credential
short_description: Manage SIP digest credentials of an Exotel SIP trunk
version_added: 1.0.0
description:
  - Creates a SIP digest credential (user name and password) on an Exotel SIP trunk, changes its password or
    friendly name, or deletes it. SIP equipment that authenticates with these credentials needs no whitelisted IP.
  - A credential is identified by its O(user_name) on the trunk. The module lists the trunk's credentials (all pages),
    compares, and writes only what differs.
  - B(Exotel never returns a password), so the module cannot tell whether the password it is given is the one
    Exotel holds. O(update_password) decides what happens; see there and the RV(credential) note on idempotency.
  - The password is never written to the task result, the diff, a message or a log.
author:
  - exotel.trunking contributors (@exotel-trunking)
extends_documentation_fragment:
  - exotel.trunking.connection
  - exotel.trunking.trunk_sid
  - exotel.trunking.attributes
  - exotel.trunking.attributes.actiongroup_exotel
attributes:
  check_mode:
    details:
      - Check mode reads the same state and makes the same comparison as a real run; only the write is skipped.
      - With O(update_password=always) and a O(password), check mode predicts a change for an existing credential,
        because a real run would send the password.
  idempotent:
    support: partial
    details:
      - With O(update_password=on_create) (or without O(password)) the module is fully idempotent.
      - With O(update_password=always) (the default) and a O(password), every run sends the password to an existing
        credential and reports a change, because Exotel never returns the password and a difference cannot be detected.
options:
  user_name:
    description:
      - The SIP digest user name, 1 to 32 characters, each a letter, digit or V(_).
    type: str
    required: true
  password:
    description:
      - The SIP digest password. Required to create a credential.
      - At least 8 characters, each a letter, digit or V(_); Exotel refuses other symbols. A password that breaks the
        rule is rejected before any request is sent, and the message does not show it.
      - When omitted, the password of an existing credential is left as it is.
      - Ignored when O(state=absent).
    type: str
  update_password:
    description:
      - V(always) sends O(password) on every run, so an existing credential always ends with this password; the task
        then reports a change every time (Exotel cannot say whether the password was already set).
      - V(on_create) sends O(password) only when the credential is created; later runs do not touch the password
        and report no change. Use this for idempotent runs, and V(always) (once) to rotate a password.
    type: str
    choices: [always, on_create]
    default: always
  friendly_name:
    description:
      - A label for the credential, at most 32 characters, each a letter, digit or V(_) (Exotel refuses hyphens).
      - When omitted, a new credential has none and an existing one keeps its own. An empty string removes it.
      - Ignored when O(state=absent).
    type: str
  state:
    description:
      - V(present) makes sure the credential exists (with O(friendly_name) and, see O(update_password), O(password)).
      - V(absent) deletes the credential. One that does not exist, or a trunk that does not exist, is left alone and
        the task reports no change.
    type: str
    choices: [present, absent]
    default: present
notes:
  - In diff mode, a password that is (or would be) sent shows as a C(password) line with a placeholder, never the value.
seealso:
  - module: exotel.trunking.exotel_trunk_credential_info
  - module: exotel.trunking.exotel_trunk_whitelisted_ip
  - name: Exotel - Credential authentication for SIP trunking
    description: Exotel's announcement of digest credentials for trunks.
    link: https://next.exotel.com/build/ip-allowlisting-was-slowing-us-down-credential-auth-for-sip-trunking-is-live/
'''

EXAMPLES = r'''
- name: Create a credential for a Voice AI platform (the password is only set when it is created)
  exotel.trunking.exotel_trunk_credential:
    account_sid: "{{ exotel_account_sid }}"
    api_key: "{{ exotel_api_key }}"
    api_token: "{{ exotel_api_token }}"
    region: mumbai
    trunk_sid: trmum1f708622631150902801a1n
    user_name: voice_ai_user
    password: "{{ vault_voice_ai_sip_password }}"
    update_password: on_create
    friendly_name: voice_ai_platform

- name: Rotate the password (reports a change on every run; credentials from module_defaults or EXOTEL_* variables)
  exotel.trunking.exotel_trunk_credential:
    trunk_sid: trmum1f708622631150902801a1n
    user_name: voice_ai_user
    password: "{{ vault_voice_ai_sip_password_new }}"
    update_password: always

- name: Delete the credential
  exotel.trunking.exotel_trunk_credential:
    trunk_sid: trmum1f708622631150902801a1n
    user_name: voice_ai_user
    state: absent
'''

RETURN = r'''
credential:
  description:
    - The credential after the task, as Exotel reported it. It never contains the password.
    - In check mode, the predicted credential; RV(credential.id) is V(null) for one that would be created.
    - With O(state=absent), the credential that was deleted, or V(null) if there was none.
  returned: always
  type: dict
  contains:
    id:
      description: Exotel's numeric ID of the credential (a string).
      type: str
      returned: always
      sample: "1234"
    user_name:
      description: The SIP digest user name.
      type: str
      returned: always
      sample: voice_ai_user
    friendly_name:
      description: The label of the credential, or V(null).
      type: str
      returned: always
      sample: voice_ai_platform
    trunk_sid:
      description: The trunk SID.
      type: str
      returned: always
      sample: trmum1f708622631150902801a1n
    date_created:
      description: When the credential was created (ISO 8601, UTC); V(null) in check mode for a new one.
      type: str
      returned: always
      sample: "2026-01-23T11:37:36Z"
    date_updated:
      description: When the credential was last changed (ISO 8601, UTC); V(null) in check mode for a new one.
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
    path: /v2/accounts/ameyo5m/trunks/trmum1f708622631150902801a1n/credentials
    http_status: 400
    code: 400
    error_code: 1002
    message: Invalid parameter
    description: Allowed characters for FriendlyName is alphanumberic and _
    request_id: e45544e19a7f4d5d956fefe63fe3c6b6
'''

from ansible_collections.exotel.trunking.plugins.module_utils._module import run_module
from ansible_collections.exotel.trunking.plugins.module_utils._specs import EXOTEL_TRUNK_CREDENTIAL


def main():
    run_module(EXOTEL_TRUNK_CREDENTIAL)


if __name__ == '__main__':
    main()
