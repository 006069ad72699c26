/** The parts of an MCP client transport (v1 or v2 SDK) the recorder forwards. */
export interface AnyTransport {
  start(): Promise<void>;
  close(): Promise<void>;
  send(message: unknown, options?: unknown): Promise<void>;
  onmessage?: ((message: never, extra?: unknown) => void) | undefined;
  onclose?: (() => void) | undefined;
  onerror?: ((error: Error) => void) | undefined;
  sessionId?: string | undefined;
  setProtocolVersion?: (version: string) => void;
}

/**
 * Wraps a client transport and records every message in both directions (and the negotiated
 * protocol version), without changing what is sent.
 */
export class RecordingTransport {
  readonly sent: unknown[] = [];
  readonly received: unknown[] = [];
  protocolVersion: string | undefined;

  constructor(private readonly inner: AnyTransport) {}

  start() {
    return this.inner.start();
  }
  close() {
    return this.inner.close();
  }
  send(message: unknown, options?: unknown) {
    this.sent.push(message);
    return this.inner.send(message, options);
  }
  get sessionId() {
    return this.inner.sessionId;
  }
  setProtocolVersion(version: string) {
    this.protocolVersion = version;
    this.inner.setProtocolVersion?.(version);
  }
  get onmessage() {
    return this.inner.onmessage as ((message: unknown, extra?: unknown) => void) | undefined;
  }
  set onmessage(handler: ((message: unknown, extra?: unknown) => void) | undefined) {
    this.inner.onmessage = handler
      ? (message: never, extra?: unknown) => {
          this.received.push(message);
          handler(message, extra);
        }
      : undefined;
  }
  get onclose() {
    return this.inner.onclose;
  }
  set onclose(handler: (() => void) | undefined) {
    this.inner.onclose = handler;
  }
  get onerror() {
    return this.inner.onerror;
  }
  set onerror(handler: ((error: Error) => void) | undefined) {
    this.inner.onerror = handler;
  }

  /** The protocol version the server answered `initialize` with, if this session used it. */
  initializeVersion(): string | undefined {
    for (const message of this.received) {
      const result = (message as { result?: { protocolVersion?: unknown } }).result;
      if (typeof result?.protocolVersion === "string") return result.protocolVersion;
    }
    return undefined;
  }
}
