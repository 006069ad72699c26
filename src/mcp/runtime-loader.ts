type Runtime = typeof import("./runtime.js");

let loading: Promise<Runtime> | undefined;

/** The request-time modules (runtime.ts): imported once, right after the handshake or by the first request. */
export function loadRuntime(): Promise<Runtime> {
  return (loading ??= import("./runtime.js"));
}
