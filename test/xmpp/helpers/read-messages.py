#!/usr/bin/python3
# "The other person's app" in tests: a slixmpp client (Debian's python3-slixmpp, not the
# project's code) that logs in, optionally joins a room, and prints every message it receives as
# one JSON line: {"type", "from", "body", "oob_url", "oob_desc"}. Prints {"ready": true} once it
# listens. Usage: read-messages.py JID HOST PORT CA_FILE [ROOM NICK]; the password comes on stdin.
# Stops after 120 s, or when stdin closes.
import asyncio
import json
import ssl
import sys

import slixmpp


def main():
    jid, host, port, ca = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    room = sys.argv[5] if len(sys.argv) > 5 else None
    nick = sys.argv[6] if len(sys.argv) > 6 else 'reader'
    password = sys.stdin.readline().rstrip('\n')
    client = slixmpp.ClientXMPP(jid, password)
    client.register_plugin('xep_0045')
    client.register_plugin('xep_0066')
    # Certificates stay verified: the test CA is trusted, nothing else changes.
    client.ssl_context = ssl.create_default_context(cafile=ca)

    def emit(obj):
        sys.stdout.write(json.dumps(obj, ensure_ascii=False) + '\n')
        sys.stdout.flush()

    def on_message(msg):
        # Invitations (type normal) are not what these tests read.
        if msg['type'] not in ('chat', 'groupchat'):
            return
        if msg['body'] == '':
            return
        emit({'type': msg['type'], 'from': str(msg['from']), 'body': msg['body'], 'oob_url': msg['oob']['url'] or None, 'oob_desc': msg['oob']['desc'] or None})

    async def on_start(_event):
        client.send_presence()
        await client.get_roster()
        if room:
            # maxhistory 0: only what is posted from now on.
            await client.plugin['xep_0045'].join_muc_wait(room, nick, maxstanzas=0, timeout=30)
        emit({'ready': True})

    client.add_event_handler('session_start', on_start)
    client.add_event_handler('message', on_message)
    client.add_event_handler('failed_auth', lambda _e: (emit({'error': 'auth'}), client.disconnect()))
    client.connect((host, port))

    async def stop_on_stdin_close():
        loop = asyncio.get_event_loop()
        await loop.run_in_executor(None, sys.stdin.read)
        client.disconnect()

    client.loop.create_task(stop_on_stdin_close())
    # slixmpp 1.8.3's process(timeout=…) hands coroutines to asyncio.wait, which Python 3.11
    # refuses: wait for the disconnection here instead.
    try:
        client.loop.run_until_complete(asyncio.wait_for(client.disconnected, 120))
    except asyncio.TimeoutError:
        pass


main()
