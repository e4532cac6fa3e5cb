#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: exotel_trunks
short_description: Declare an Exotel account's SIP trunks as data, export them, and report drift
version_added: 2.0.0
description:
  - Manages whole trunks in one task - the trunk itself and everything on it (phone numbers with their routing mode,
    whitelisted IPs, destination URIs, SIP digest credentials and settings) - following the resource-module convention
    of Ansible's network collections.
  - O(state=gathered) exports the account's trunks in exactly the shape O(config) takes, so existing trunks (built in
    the dashboard or with curl) can be adopted into version control and fed back unchanged.
  - The module first checks all of O(config), then reads everything in scope, builds the full list of changes, and only
    then writes. Check mode returns that list without writing (RV(changes)), which makes a scheduled C(--check) run a
    drift report; a real run returns the list it performed, which is the same list.
  - An idempotent run sends only list reads (the trunk list, then one request per 50 items of each kind, per trunk in
    scope) and no write. A write whose answer is lost is never resent blindly; the module re-reads and writes again only
    if the change is not there.
  - It uses the same engines as the single-object modules (M(exotel.trunking.exotel_trunk),
    M(exotel.trunking.exotel_trunk_phone_number) and the others), so it compares and writes exactly as they do.
author:
  - exotel.trunking contributors (@exotel-trunking)
extends_documentation_fragment:
  - exotel.trunking.connection
  - exotel.trunking.attributes
  - exotel.trunking.attributes.actiongroup_exotel
attributes:
  check_mode:
    details:
      - Check mode reads the same state, validates the same input and plans the same changes as a real run; only the
        writes are skipped. RV(changes) is then the list a real run would perform.
  idempotent:
    support: partial
    details:
      - Fully idempotent with O(update_password=on_create) (the default). With O(update_password=always), every run
        sends the password of each listed credential that has one, and reports a change, because Exotel never returns
        passwords.
options:
  config:
    description:
      - The trunks, each identified by O(config[].trunk_name).
      - Required with every O(state) except V(gathered), where it narrows the export to the trunks named in it.
      - With O(state=overridden), V([]) means that the account must have no trunks at all.
    type: list
    elements: dict
    suboptions:
      trunk_name:
        description:
          - Name of the trunk, unique within the account; 1 to 16 letters, digits or V(_).
        type: str
        required: true
      nso_code:
        description:
          - The trunk's NSO code, upper case with two parts joined by V(-) (Exotel documents only V(ANY-ANY)).
          - When omitted, a new trunk gets V(ANY-ANY) and an existing trunk keeps its own.
        type: str
      domain_name:
        description:
          - The trunk's SIP domain, ending in V(.pstn.exotel.com).
          - When omitted, a new trunk gets V(<account_sid>.pstn.exotel.com) and an existing one keeps its own.
          - Exotel cannot change the domain of an existing trunk; a different value fails the task before any write.
        type: str
      phone_numbers:
        description:
          - The numbers mapped onto the trunk. Each element is an E.164 string (for example V(+919876543210)), or a dict
            with C(phone_number) and C(mode) (V(pstn) or V(flow)).
          - A number given without a mode is created without one (Exotel stores C(null), which routes as V(pstn)), and
            the mode of an existing mapping is left alone. A stored C(null) compares equal to V(pstn).
          - A number can be listed for only one trunk. To move a number between two listed trunks in one run, use
            O(state=replaced) or O(state=overridden) and list it only under its new trunk; it is unmapped from the old
            one before it is mapped onto the new one.
          - Quote numbers in YAML (V("+919876543210")); unquoted, YAML reads them as integers.
        type: list
        elements: raw
      whitelisted_ips:
        description:
          - The IPv4 addresses allowed to send calls. Each element is V(a.b.c.d) (prefix length 32), V(a.b.c.d/nn), or a
            dict with C(ip) and C(mask) (16 to 32, default 32).
          - An entry is identified by its address; a different prefix length is updated in place.
        type: list
        elements: raw
      destination_uris:
        description:
          - Where inbound calls go. Each element is a destination string, C(host:port) with an optional
            C(;transport=tls), C(tcp) or C(udp) and an optional leading C(sip:), or a dict with C(destination),
            C(priority) and C(weight).
          - A destination is identified by its host, port and transport (the C(sip:) prefix and case do not matter).
          - A C(priority) or C(weight) left out keeps the current value (a new destination gets Exotel's defaults,
            priority 0 and weight 1).
          - An IP destination needs its IP in O(config[].whitelisted_ips) of the same trunk; the module adds IPs before
            destinations.
        type: list
        elements: raw
      credentials:
        description:
          - SIP digest credentials, identified by O(config[].credentials[].user_name).
        type: list
        elements: dict
        suboptions:
          user_name:
            description:
              - The SIP digest user name, 1 to 32 letters, digits or V(_).
            type: str
            required: true
          password:
            description:
              - The password; needed only to create the credential, or to change it with O(update_password=always).
              - At least 8 characters, each a letter, digit or V(_). It is never shown in any output.
            type: str
          friendly_name:
            description:
              - A label of at most 32 letters, digits or V(_). Left out, an existing credential keeps its own.
            type: str
      settings:
        description:
          - Trunk settings as a dict of setting name to value, for example C(trunk_external_alias) (the outbound caller
            ID, an E.164 number).
        type: dict
  state:
    description:
      - V(merged) creates missing trunks and items and updates differing attributes; it removes nothing.
      - V(replaced) does what V(merged) does and, for each listed trunk, makes every key that is given authoritative, so
        items of that kind that are not listed are removed (an empty C(phone_numbers) list unmaps every number). A key that is
        omitted is left alone.
      - V(overridden) does what V(replaced) does and also deletes the trunks of the account that are not in O(config).
      - V(deleted) deletes the trunks named in O(config) (their credentials first) and touches nothing else.
      - V(gathered) writes nothing and returns RV(gathered), the account's trunks (or those named in O(config)) in the
        shape of O(config).
    type: str
    choices: [merged, replaced, overridden, deleted, gathered]
    default: merged
  update_password:
    description:
      - V(on_create) sends a credential's password only when the credential is created, so that a re-run changes nothing.
      - V(always) also sends it to existing credentials, on every run (Exotel never returns passwords, so a difference
        cannot be detected). A credential listed without a password keeps its password either way.
    type: str
    choices: [always, on_create]
    default: on_create
notes:
  - Deleting a trunk deletes everything on it (Exotel removes its numbers, IPs, destinations and settings with it); the
    module removes the trunk's credentials first and lists those removals in RV(changes) before the trunk's.
  - Changes are applied in this order - trunks that are removed, numbers that are unmapped, then for each listed trunk
    (by name) the trunk itself, its numbers, IPs and credentials, the destinations that go and come, the IPs and
    credentials that go, and its settings.
  - Under O(state=merged), or when the other trunk is not in scope, a number held by another trunk cannot be mapped;
    that item fails, naming the trunk that holds it, and the rest is applied. With O(state=merged) and
    O(state=replaced), each number that is to be mapped costs one look-up before any write (C(GET /trunk-maps)), to
    find such a holder among the trunks that were not read; with O(state=overridden) every trunk is read, so no look-up
    is needed.
  - A failure part-way (an API error, a lost connection) stops the run and reports RV(changes) (what was done) and
    RV(not_done) (what was not, with the reason); running the task again finishes the job.
  - An unknown key in a trunk or credential entry is rejected by Ansible's own option checks before the module runs,
    naming the key. Every other input problem is reported by the module, all at once, naming the trunk, the kind, the
    index and the rule.
seealso:
  - module: exotel.trunking.exotel_trunk
  - module: exotel.trunking.exotel_trunk_phone_numbers
  - ref: ansible_collections.exotel.trunking.docsite.drift_guide
    description: The collection's guide to exporting, reviewing, applying and checking trunks on a schedule, with the
      playbooks C(exotel.trunking.export) and C(exotel.trunking.apply).
'''

EXAMPLES = r'''
- name: Export the account's trunks in the shape config takes (state gathered)
  exotel.trunking.exotel_trunks:
    state: gathered
  register: export

- name: Write them to a vars file for review and version control
  ansible.builtin.copy:
    content: "{{ {'exotel_trunks': export.gathered} | ansible.builtin.to_nice_yaml(indent=2, sort_keys=false) }}"
    dest: /srv/exotel/trunks.yml
    mode: "0644"

- name: Make sure a trunk and its items exist; nothing is removed (state merged, the default)
  exotel.trunking.exotel_trunks:
    state: merged
    config:
      - trunk_name: mumbai_cc
        phone_numbers:
          - "+919876543210"
          - phone_number: "+918040264208"
            mode: flow
        whitelisted_ips:
          - 44.248.146.11
          - 44.248.147.0/24
        destination_uris:
          - destination: "44.248.146.11:5061;transport=tls"
            priority: 0
            weight: 5
          - sip.example.com:5061;transport=tls
        credentials:
          - user_name: voice_ai_user
            password: "{{ vault_voice_ai_sip_password }}"
            friendly_name: voice_ai_platform
        settings:
          trunk_external_alias: "+919876543210"

- name: Make the listed kinds of two trunks exactly as written, moving a number between them (state replaced)
  exotel.trunking.exotel_trunks:
    state: replaced
    config:
      - trunk_name: mumbai_cc
        phone_numbers:
          - "+919876543210"
        whitelisted_ips: []  # removes every whitelisted IP; destinations, credentials and settings are left alone
      - trunk_name: mumbai_bot
        phone_numbers:
          - phone_number: "+918040264208"  # unmapped from mumbai_cc first, then mapped here
            mode: flow

- name: Make the whole account exactly as a vars file says; other trunks are deleted (state overridden)
  exotel.trunking.exotel_trunks:
    state: overridden
    config: "{{ exotel_trunks }}"
  register: applied

- name: Show what was done
  ansible.builtin.debug:
    var: applied.changes

- name: Drift check - compare the account with the file, without writing
  exotel.trunking.exotel_trunks:
    state: overridden
    config: "{{ exotel_trunks }}"
  check_mode: true
  register: drift

- name: Fail when anything differs
  ansible.builtin.assert:
    that: drift.changes | length == 0
    fail_msg: "Drift: {{ drift.changes | map(attribute='trunk_name') | zip(drift.changes | map(attribute='action'),
      drift.changes | map(attribute='kind'), drift.changes | map(attribute='key')) | map('join', ' ') | list }}"

- name: Delete two trunks and everything on them (state deleted)
  exotel.trunking.exotel_trunks:
    state: deleted
    config:
      - trunk_name: old_trunk
      - trunk_name: test_trunk
'''

RETURN = r'''
before:
  description:
    - The trunks in scope before the task, in the shape of O(config), sorted by name; items sorted by their key.
    - Every key of a trunk is present (V([]) or V({}) where it holds nothing). A number stored without a mode is a bare
      string; credentials never carry a password.
  returned: unless O(state=gathered)
  type: list
  elements: dict
  sample:
    - trunk_name: mumbai_cc
      nso_code: ANY-ANY
      domain_name: ameyo5m.pstn.exotel.com
      phone_numbers: ["+919876543210", {phone_number: "+918040264208", mode: flow}]
      whitelisted_ips: [{ip: 44.248.146.11, mask: 32}]
      destination_uris: [{destination: "sip:44.248.146.11:5061;transport=tls", priority: 0, weight: 5}]
      credentials: [{user_name: voice_ai_user, friendly_name: voice_ai_platform}]
      settings: {trunk_external_alias: "+919876543210"}
after:
  description:
    - The trunks in scope after the task, in the same shape as RV(before). In check mode, the prediction.
  returned: unless O(state=gathered)
  type: list
  elements: dict
changes:
  description:
    - The operations, in the order performed (in check mode, the order a real run would perform them). An empty list
      means that the account already is as O(config) says, which makes RV(changes) in check mode a drift report.
  returned: unless O(state=gathered)
  type: list
  elements: dict
  contains:
    action:
      description: What was (or would be) done.
      type: str
      choices: [create, update, delete]
    kind:
      description: What kind of object.
      type: str
      choices: [trunk, phone_number, whitelisted_ip, destination_uri, credential, setting]
    trunk_name:
      description: The trunk the object belongs to (for C(kind=trunk), the trunk itself).
      type: str
    key:
      description:
        - The object's identity - the trunk name, the phone number, C(ip/mask), the destination (as Exotel stores
          it, with C(sip:)), the user name or the setting name.
      type: str
    before:
      description: The object before, in the shape of O(config) (always a dict), or V(null) for a create.
      type: dict
    after:
      description:
        - The object after, in the shape of O(config) (always a dict), or V(null) for a delete.
        - For a credential whose password is sent, C(password) is a fixed mark, never the password.
      type: dict
  sample:
    - action: create
      kind: phone_number
      trunk_name: mumbai_cc
      key: "+918040264208"
      before: null
      after: {phone_number: "+918040264208", mode: flow}
    - action: update
      kind: whitelisted_ip
      trunk_name: mumbai_cc
      key: 44.248.146.0/24
      before: {ip: 44.248.146.0, mask: 32}
      after: {ip: 44.248.146.0, mask: 24}
gathered:
  description:
    - With O(state=gathered), every trunk of the account (or those named in O(config)) in the shape of O(config).
      Feeding it back as O(config) with O(state=overridden) sends no write.
  returned: when O(state=gathered)
  type: list
  elements: dict
not_done:
  description:
    - When the task fails after planning, the operations that were not performed, each like an entry of RV(changes)
      plus C(reason) - the error, the trunk that holds a number, or C(not attempted) for what came after an error
      that stopped the run. The task fails whenever this list is not empty.
  returned: on a failure after planning
  type: list
  elements: dict
  sample:
    - action: create
      kind: phone_number
      trunk_name: mumbai_bot
      key: "+919876543210"
      before: null
      after: {phone_number: "+919876543210", mode: null}
      reason: "+919876543210 is mapped to trunk mumbai_cc (trmum1f708622631150902801a1n, mapping id 41512), which is
        not in config: remove it there first, or list that trunk too"
error:
  description: Structured detail of the API failure that stopped the run (HTTP method, path, status, Exotel error code, request ID).
  returned: on API failure
  type: dict
'''

from ansible_collections.exotel.trunking.plugins.module_utils._module import run_module
from ansible_collections.exotel.trunking.plugins.module_utils._specs import EXOTEL_TRUNKS


def main():
    run_module(EXOTEL_TRUNKS)


if __name__ == '__main__':
    main()
