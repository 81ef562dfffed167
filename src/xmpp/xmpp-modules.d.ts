// Minimal types for the parts of xmpp.js 0.14 that src/xmpp/ composes. xmpp.js ships no types;
// only what we call is declared, and only src/xmpp/ may import these modules (STYLE.md).

declare module '@xmpp/xml' {
  import {EventEmitter} from 'node:events'

  /** An XML element (ltx). */
  export class Element {
    constructor(name: string, attrs?: Record<string, string>)
    name: string
    attrs: Record<string, string | undefined>
    children: (Element | string)[]
    parent: Element | null
    is(name: string, xmlns?: string): boolean
    getNS(): string | undefined
    getChild(name: string, xmlns?: string): Element | undefined
    getChildren(name: string, xmlns?: string): Element[]
    getChildElements(): Element[]
    getChildText(name: string, xmlns?: string): string | null
    getText(): string
    text(): string
    append(...nodes: (Element | string)[]): this
    toString(): string
  }
  export type XmlChild = Element | string | null | undefined | false | XmlChild[]
  export function xml(name: string, attrs?: Record<string, string | number | undefined> | null, ...children: XmlChild[]): Element
  export class Parser extends EventEmitter {
    write(data: string): void
  }
  export default xml
}

declare module '@xmpp/jid' {
  export class JID {
    local: string
    domain: string
    resource: string
    toString(): string
    bare(): JID
  }
  export function parse(s: string): JID
  export function jid(s: string): JID
}

declare module '@xmpp/client-core' {
  import {EventEmitter} from 'node:events'
  import type {Element} from '@xmpp/xml'
  import type {JID} from '@xmpp/jid'

  /** What a transport class must provide (xmpp.js connection-tcp and subclasses). */
  export interface TransportClass {
    prototype: {socketParameters(service: string): unknown}
  }

  /** The stream machinery: socket, parser, stream open/restart/close (RFC 6120 §4). */
  export class Client extends EventEmitter {
    constructor(options: {domain: string; lang?: string; timeout?: number})
    transports: TransportClass[]
    jid: JID | null
    status: string
    timeout: number
    socket: (EventEmitter & {secure?: boolean; socket?: unknown; end(): void}) | null
    options: {domain: string; lang?: string}
    isSecure(): boolean
    connect(service: string): Promise<void>
    open(options: {domain: string; lang?: string}): Promise<Element>
    restart(): Promise<Element>
    send(element: Element): Promise<void>
    write(data: string): Promise<void>
    disconnect(): Promise<unknown>
    stop(): Promise<unknown>
    _attachSocket(socket: unknown): void
    _onData(data: Buffer | string): void
    _jid(id: string): JID
    _ready(resumed?: boolean): void
    parser: {write(data: string): void} | null
    root: Element | null
    Parser: new () => unknown
    headerElement(): Element
    header(element: Element): string
    _attachParser(parser: unknown): void
    _detachParser(): void
  }
}

declare module '@xmpp/connection-tcp' {
  /** XMPP over TCP (RFC 6120): stream header, footer, parser. */
  export default class ConnectionTCP {
    socketParameters(service: string): unknown
    /** Socket class instantiated by `connect` (set on the prototype). */
    Socket: unknown
    /** Stream namespace (`jabber:client` for c2s). */
    NS: string
  }
}

declare module '@xmpp/connection-tcp/Socket.js' {
  import {Socket} from 'node:net'
  export default class TcpSocket extends Socket {
    secure: boolean
  }
}

declare module '@xmpp/tls/lib/Socket.js' {
  import {EventEmitter} from 'node:events'
  import type {ConnectionOptions, TLSSocket} from 'node:tls'
  /** A TLS socket wrapper that emits `connect` once the handshake (and verification) is done. */
  export default class TlsSocket extends EventEmitter {
    secure: boolean
    socket: TLSSocket | null
    connect(options: ConnectionOptions): void
    end(): void
    write(data: string, cb: (err?: Error) => void): void
  }
}

declare module '@xmpp/middleware' {
  import type {Client} from '@xmpp/client-core'
  import type {Element} from '@xmpp/xml'
  export interface MiddlewareContext {
    stanza: Element
    entity: Client
    name: string
    type: string
    id: string
  }
  export type Middleware = (ctx: MiddlewareContext, next: () => Promise<unknown>) => unknown
  export interface MiddlewareHandle {
    use(fn: Middleware): Middleware
    filter(fn: Middleware): Middleware
  }
  export default function middleware(options: {entity: Client}): MiddlewareHandle
}

declare module '@xmpp/iq/callee.js' {
  import type {Client} from '@xmpp/client-core'
  import type {MiddlewareHandle, MiddlewareContext} from '@xmpp/middleware'
  import type {Element} from '@xmpp/xml'
  export interface IqCallee {
    get(ns: string, name: string, handler: (ctx: MiddlewareContext) => Element | Record<string, never> | undefined): void
    /** A handler returning `true` answers with an empty result; `undefined`, service-unavailable. */
    set(ns: string, name: string, handler: (ctx: MiddlewareContext) => Element | true | undefined): void
  }
  export default function iqCallee(options: {entity: Client; middleware: MiddlewareHandle}): IqCallee
}

declare module '@xmpp/xml/lib/parse.js' {
  import type {Element} from '@xmpp/xml'
  /** Parses one XML document into an element tree; throws on malformed XML. */
  export default function parse(data: string): Element | null
}
