import { createHash, timingSafeEqual } from "node:crypto";
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  hostHeaderValidation,
  originValidation,
  toNodeHandler,
  type NodeIncomingMessageLike,
} from "@modelcontextprotocol/node";
import { createMcpHandler, localhostAllowedHostnames } from "@modelcontextprotocol/server";
import { loadCatalog } from "./catalog.js";
import type { OpenProject } from "./open-project.js";
import { createServer, type ServerOptions } from "./server.js";
import { DEFAULT_TOOLSET } from "./toolset-names.js";

/** Largest request body accepted (413 above it): far above any sensible batch, far below a memory risk. */
export const MAX_HTTP_BODY_BYTES = 4 * 1024 * 1024;
export const MCP_PATH = "/mcp";
export const MIN_TOKEN_LENGTH = 16;

export interface HttpOptions extends ServerOptions {
  host: string;
  port: number;
  /** Required bearer token; mandatory unless bound to loopback. */
  token?: string;
  /** Host names clients use to reach the server (Host and Origin checks); defaults to loopback names. */
  allowedHosts?: string[];
}

export interface RunningHttpServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);
const WILDCARD = new Set(["0.0.0.0", "::", ""]);

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** The Host/Origin allow-list, or an explanation of why the bind is refused. */
export function allowedHostnames(options: Pick<HttpOptions, "host" | "token" | "allowedHosts">): string[] {
  const loopback = isLoopback(options.host);
  if (!loopback && !options.token) {
    throw new Error(
      `binding to ${options.host} (not loopback) needs a bearer token: set THREATMODEL_TOKEN to a long random secret`,
    );
  }
  if (options.token !== undefined && options.token.length < MIN_TOKEN_LENGTH) {
    throw new Error(`THREATMODEL_TOKEN is too short: use at least ${MIN_TOKEN_LENGTH} random characters`);
  }
  if (options.allowedHosts && options.allowedHosts.length > 0) {
    return options.allowedHosts.map((h) => (h.includes(":") && !h.startsWith("[") ? `[${h}]` : h));
  }
  if (loopback) return localhostAllowedHostnames();
  if (WILDCARD.has(options.host)) {
    throw new Error(
      `binding to ${options.host} needs --allowed-hosts with the host names clients use to reach this machine (they are checked against the Host and Origin headers)`,
    );
  }
  return [options.host.includes(":") ? `[${options.host}]` : options.host];
}

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

/** Compares a presented bearer token with the expected one in constant time (equal-length digests). */
export function tokenMatches(authorization: string | undefined, expected: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  const presented = match?.[1] ?? "";
  // Always compare, even when the header is missing, so timing says nothing about the token.
  return timingSafeEqual(digest(presented), digest(expected)) && presented.length > 0;
}

/** How much of a refused request's body is read and dropped so the client can read the refusal. */
const DRAIN_LIMIT_BYTES = 4 * MAX_HTTP_BODY_BYTES;

/**
 * Answers a request with an error once its body has been read and dropped (up to a bound): Node
 * closes the connection when a response ends before the request, which makes a client that is
 * still uploading fail with EPIPE instead of reading the status.
 */
function refuse(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
) {
  const answer = () => {
    if (res.headersSent) return;
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32001, message }, id: null }));
  };
  if (req.complete) return answer();
  let drained = 0;
  req.on("data", (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > DRAIN_LIMIT_BYTES) {
      answer();
      req.destroy();
    }
  });
  req.on("end", answer);
  req.on("error", () => undefined);
  req.resume();
}

/**
 * Serves the MCP server over Streamable HTTP at `/mcp`: Host and Origin are checked against the
 * allow-list (DNS-rebinding protection), then the bearer token when one is configured. One server
 * instance is built per request over the shared project; the store's lock keeps concurrent clients safe.
 */
export async function startHttpServer(
  openProject: OpenProject,
  options: HttpOptions,
): Promise<RunningHttpServer> {
  const hostnames = allowedHostnames(options);
  const checkHost = hostHeaderValidation(hostnames);
  const checkOrigin = originValidation(hostnames);
  const catalog = await loadCatalog(options.toolset ?? DEFAULT_TOOLSET, options.readOnly);
  const handler = createMcpHandler(() => createServer(openProject, catalog), {
    maxRequestBodySize: MAX_HTTP_BODY_BYTES,
    onerror: (error) => console.error(`[threatmodel] http: ${error.message}`),
  });
  const serve = toNodeHandler(handler, {
    maxRequestBodySize: MAX_HTTP_BODY_BYTES,
    onerror: (error) => console.error(`[threatmodel] http: ${error.message}`),
  });

  const http = createHttpServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? "/").split("?")[0];
    if (!checkHost(req, res) || !checkOrigin(req, res)) return;
    if (options.token !== undefined && !tokenMatches(req.headers.authorization, options.token)) {
      refuse(req, res, 401, "Unauthorized: send Authorization: Bearer <THREATMODEL_TOKEN>", {
        "www-authenticate": 'Bearer realm="threatmodel"',
      });
      return;
    }
    if (path !== MCP_PATH) {
      refuse(req, res, 404, `Not found: the MCP endpoint is ${MCP_PATH}`);
      return;
    }
    if (Number(req.headers["content-length"] ?? 0) > MAX_HTTP_BODY_BYTES) {
      refuse(req, res, 413, `Request body over ${MAX_HTTP_BODY_BYTES} bytes`);
      return;
    }
    // The adapter's request type is structural; Node's `headers` index signature differs only in optionality.
    serve(req as NodeIncomingMessageLike, res).catch((error: unknown) => {
      console.error(`[threatmodel] http: ${(error as Error).message}`);
      if (!res.headersSent) refuse(req, res, 500, "Internal error");
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(options.port, options.host, () => {
      http.off("error", reject);
      resolve();
    });
  });
  const port = (http.address() as AddressInfo).port;
  const shownHost = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    url: `http://${shownHost}:${port}${MCP_PATH}`,
    port,
    close: async () => {
      await handler.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
