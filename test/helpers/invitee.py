#!/usr/bin/python3
"""Plays a relative's XMPP app in the tests, with Debian's python3-slixmpp (not the project's
code): creates the account the way an app does with an invitation (XEP-0445 pre-auth token,
then XEP-0077 registration) or with open registration, adds the organizer from the link
(a XEP-0379 subscription request carrying the link's token, and the pre-approval an app sends),
accepts what arrives, and reports what it sees: its roster and the room invitations received.

Usage (one JSON object on stdout):
  invitee.py --jid U@D --password P --host H --port N --ca CA.pem
             [--register] [--token T]       create the account first (with a pre-auth token)
             [--subscribe-to JID] [--subscribe-token T]
             [--wait SECONDS]               stay online that long, collecting messages
             [--join ROOM]                  enter a room first (reports a <destroy/> seen meanwhile)
             [--probe-room ROOM]            after the wait, ask the room's disco#info (exists / condition)
"""
import argparse
import asyncio
import json
import logging
import sys

from slixmpp import ClientXMPP
from slixmpp.exceptions import IqError, IqTimeout
from slixmpp.xmlstream import ET
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import StanzaPath

NS_PARS = 'urn:xmpp:pars:0'
NS_MUC_USER = 'http://jabber.org/protocol/muc#user'
NS_CONFERENCE = 'jabber:x:conference'


class Person(ClientXMPP):
    def __init__(self, args):
        super().__init__(args.jid, args.password)
        self.args = args
        self.report = {'registered': False, 'roster': {}, 'invites': [], 'subscribeRequests': [], 'errors': [], 'bookmarks': None, 'messages': [], 'destroyed': [], 'room': None}
        self.ca_certs = args.ca
        self.register_plugin('xep_0030')
        self.register_plugin('xep_0199')
        if args.register:
            self.register_plugin('xep_0077')
            self['xep_0077'].force_registration = True
            # slixmpp 1.8 queues stanzas sent before the session starts; registration happens
            # before authentication, so let them through (its own register example needs this too).
            self._always_send_everything = True
            self.add_event_handler('register', self.on_register)
        self.add_event_handler('session_start', self.on_start)
        # slixmpp's 'message' event needs a <body/>; a direct invitation (XEP-0249) has none.
        self.register_handler(Callback('every message', StanzaPath('message'), self.on_message))
        self.add_event_handler('presence_subscribe', self.on_subscribe)
        self.add_event_handler('presence', self.on_presence_any)
        self.add_event_handler('failed_auth', lambda _: self.fail('auth failed'))
        self.done = asyncio.get_event_loop().create_future()

    def fail(self, why):
        self.report['errors'].append(why)
        if not self.done.done():
            self.done.set_result(None)
        self.disconnect()

    async def on_register(self, _):
        try:
            if self.args.token:
                # XEP-0445: the token first, on the unauthenticated stream; then XEP-0077.
                iq = self.Iq()
                iq['type'] = 'set'
                iq.append(ET.fromstring(f"<preauth xmlns='{NS_PARS}' token='{self.args.token}'/>"))
                await iq.send()
            resp = self.Iq()
            resp['type'] = 'set'
            resp['register']['username'] = self.boundjid.user
            resp['register']['password'] = self.password
            await resp.send()
            self.report['registered'] = True
        except (IqError, IqTimeout) as error:
            condition = error.iq['error']['condition'] if isinstance(error, IqError) else 'timeout'
            self.fail(f'registration refused: {condition}')

    def on_message(self, msg):
        body = msg.xml.find('{jabber:client}body')
        oob = msg.xml.find('{jabber:x:oob}x/{jabber:x:oob}url')
        if body is not None or oob is not None:
            self.report['messages'].append({'from': str(msg['from']), 'type': msg['type'], 'body': body.text if body is not None else '', 'url': oob.text if oob is not None else None})
        x = msg.xml.find(f'{{{NS_MUC_USER}}}x')
        invite = x.find(f'{{{NS_MUC_USER}}}invite') if x is not None else None
        if invite is not None:
            reason = invite.find(f'{{{NS_MUC_USER}}}reason')
            self.report['invites'].append({'kind': 'mediated', 'room': msg['from'].bare, 'reason': reason.text if reason is not None else ''})
            return
        direct = msg.xml.find(f'{{{NS_CONFERENCE}}}x')
        if direct is not None:
            self.report['invites'].append({'kind': 'direct', 'room': direct.get('jid', ''), 'reason': direct.get('reason', '')})

    async def read_bookmarks(self):
        # What an app reads: the legacy store (XEP-0048 in XEP-0049 private storage), which
        # clients use when the server does not advertise urn:xmpp:bookmarks:1#compat, and the
        # XEP-0402 PEP node.
        legacy, pep = [], []
        iq = self.Iq()
        iq['type'] = 'get'
        iq.append(ET.fromstring("<query xmlns='jabber:iq:private'><storage xmlns='storage:bookmarks'/></query>"))
        try:
            reply = await iq.send()
            for c in reply.xml.iter('{storage:bookmarks}conference'):
                legacy.append(c.get('jid', '').lower())
        except IqError:
            pass
        iq = self.Iq()
        iq['type'] = 'get'
        iq.append(ET.fromstring("<pubsub xmlns='http://jabber.org/protocol/pubsub'><items node='urn:xmpp:bookmarks:1'/></pubsub>"))
        try:
            reply = await iq.send()
            for item in reply.xml.iter('{http://jabber.org/protocol/pubsub}item'):
                pep.append(item.get('id', '').lower())
        except IqError:
            pass
        return {'legacy': sorted(legacy), 'pep': sorted(pep)}

    def on_presence_any(self, presence):
        # XEP-0045 §10.9: an occupant of a destroyed room gets an unavailable presence with
        # <x xmlns='…muc#user'><destroy><reason/></destroy></x>.
        if self.args.join and presence['from'].bare == self.args.join:
            self.report.setdefault('roomPresences', []).append(str(presence))
        destroy = presence.xml.find(f'{{{NS_MUC_USER}}}x/{{{NS_MUC_USER}}}destroy')
        if destroy is not None:
            reason = destroy.find(f'{{{NS_MUC_USER}}}reason')
            self.report['destroyed'].append({'room': presence['from'].bare, 'reason': reason.text if reason is not None else ''})

    async def probe_room(self, room):
        iq = self.Iq()
        iq['type'] = 'get'
        iq['to'] = room
        iq.append(ET.fromstring("<query xmlns='http://jabber.org/protocol/disco#info'/>"))
        try:
            await iq.send()
            return 'exists'
        except IqError as error:
            return error.iq['error']['condition']
        except IqTimeout:
            return 'timeout'

    def on_subscribe(self, presence):
        self.report['subscribeRequests'].append(presence['from'].bare)

    async def on_start(self, _):
        try:
            self.send_presence()
            await self.get_roster()
            to = self.args.subscribe_to
            if to:
                # What an app does with xmpp:to?roster;preauth=T: subscribe with the token
                # (XEP-0379 §3) and pre-approve the contact's own request.
                pres = self.Presence()
                pres['to'] = to
                pres['type'] = 'subscribe'
                if self.args.subscribe_token:
                    pres.append(ET.fromstring(f"<preauth xmlns='{NS_PARS}' token='{self.args.subscribe_token}'/>"))
                pres.send()
                self.send_presence(pto=to, ptype='subscribed')
            if self.args.read_bookmarks:
                self.report['bookmarks'] = await self.read_bookmarks()
            if self.args.join:
                pres = self.Presence()
                pres['to'] = f'{self.args.join}/{self.boundjid.user}'
                pres.append(ET.fromstring("<x xmlns='http://jabber.org/protocol/muc'><history maxstanzas='0'/></x>"))
                pres.send()
            await asyncio.sleep(self.args.wait)
            if self.args.probe_room:
                self.report['room'] = await self.probe_room(self.args.probe_room)
            await self.get_roster()
            for jid in self.client_roster:
                item = self.client_roster[jid]
                self.report['roster'][jid] = {'subscription': item['subscription'], 'pending_out': bool(item['pending_out'])}
        except Exception as error:  # report, never hang the test
            self.report['errors'].append(repr(error))
        if not self.done.done():
            self.done.set_result(None)
        self.disconnect()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--jid', required=True)
    parser.add_argument('--password', required=True)
    parser.add_argument('--host', required=True)
    parser.add_argument('--port', type=int, required=True)
    parser.add_argument('--ca', required=True)
    parser.add_argument('--register', action='store_true')
    parser.add_argument('--token')
    parser.add_argument('--subscribe-to')
    parser.add_argument('--subscribe-token')
    parser.add_argument('--wait', type=float, default=2.0)
    parser.add_argument('--read-bookmarks', action='store_true')
    parser.add_argument('--join')
    parser.add_argument('--probe-room')
    args = parser.parse_args()
    logging.basicConfig(level=logging.DEBUG if __import__("os").environ.get("INVITEE_DEBUG") else logging.ERROR)
    person = Person(args)
    person.connect(address=(args.host, args.port))
    loop = asyncio.get_event_loop()
    try:
        loop.run_until_complete(asyncio.wait_for(person.done, timeout=60))
    except asyncio.TimeoutError:
        person.report['errors'].append('timeout')
    print(json.dumps(person.report))
    sys.exit(1 if person.report['errors'] else 0)


if __name__ == '__main__':
    main()
