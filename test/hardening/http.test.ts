import { request } from "node:http";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHttpServer, type SpawnedHttpServer } from "../helpers/http-server.js";
import { tempProject } from "../helpers/project.js";

const TOKEN = "hardening-token-4c1f9e2a7b3d8e6f";
const LIST = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", params: {} });

interface Reply {
  status: number;
  headers: Record<string, unknown>;
  body: string;
}

/** A raw request with full control of method, path and headers; `body` may be a size to stream. */
function send(
  url: URL,
  method: string,
  pathname: string,
  headers: Record<string, string | undefined>,
  body?: string | { bytes: number },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: pathname,
        method,
        agent: false,
        headers: Object.fromEntries(
          Object.entries({
            host: `${url.hostname}:${url.port}`,
            "content-type": "application/json",
            accept: "application/json, text/event-stream",
            ...headers,
          }).filter(([, v]) => v !== undefined),
        ) as Record<string, string>,
      },
      (res) => {
        let text = "";
        res.on("data", (chunk: Buffer) => (text += chunk.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on("error", reject);
    if (typeof body === "object") {
      // Streamed without a Content-Length (chunked): the limit must hold without one too.
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < body.bytes) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once("drain", pump);
        }
        req.end();
      };
      req.on("error", () => undefined);
      pump();
    } else req.end(body);
  });
}

let temp: ReturnType<typeof tempProject>;
let server: SpawnedHttpServer;
beforeAll(async () => {
  temp = tempProject();
  server = await startHttpServer(temp.root, ["--toolset", "all"], { THREATMODEL_TOKEN: TOKEN });
});
afterAll(async () => {
  await server?.stop();
  temp?.cleanup();
});

const ROUTES = [
  "/mcp",
  "/",
  "/other",
  "/mcp/",
  "/mcp/extra",
  "/mcp?x=1",
  "//mcp",
  "/MCP",
  "/.well-known/oauth-protected-resource",
];
const METHODS = ["GET", "POST", "DELETE", "PUT", "PATCH", "OPTIONS", "HEAD"];
const BAD_AUTH: (string | undefined)[] = [
  undefined,
  "",
  "Bearer",
  "Bearer ",
  `Bearer ${TOKEN}x`,
  `Bearer ${TOKEN.slice(0, -1)}`,
  `Bearer ${TOKEN.toUpperCase()}`,
  `Basic ${Buffer.from(`user:${TOKEN}`).toString("base64")}`,
  TOKEN,
  `Bearer ${TOKEN} ${TOKEN}`,
  `Bearer\t${"x".repeat(10_000)}`,
];

describe("HTTP with a token: authentication on every route", () => {
  it("answers 401 to every method on every path without the right token", async () => {
    let checked = 0;
    for (const route of ROUTES)
      for (const method of METHODS)
        for (const authorization of BAD_AUTH) {
          const reply = await send(
            server.url,
            method,
            route,
            { authorization },
            method === "POST" ? LIST : undefined,
          );
          expect(reply.status, `${method} ${route} with ${String(authorization).slice(0, 40)}`).toBe(401);
          if (method !== "HEAD") expect(reply.body).not.toContain("upsert_architecture");
          checked++;
        }
    expect(checked).toBe(ROUTES.length * METHODS.length * BAD_AUTH.length);
    const ok = await send(server.url, "POST", "/mcp", { authorization: `Bearer ${TOKEN}` }, LIST);
    expect(ok.status).toBe(200);
    expect(ok.body).toContain("upsert_architecture");
  });

  it("answers 403 to a forged Host or Origin, even with the right token", async () => {
    const auth = `Bearer ${TOKEN}`;
    const port = server.url.port;
    for (const host of [
      `attacker.example:${port}`,
      `localhost.attacker.example:${port}`,
      `127.0.0.1.nip.io:${port}`,
      `0.0.0.0:${port}`,
      `[::ffff:127.0.0.1]:${port}`,
    ]) {
      const reply = await send(server.url, "POST", "/mcp", { host, authorization: auth }, LIST);
      expect(reply.status, host).toBe(403);
    }
    for (const origin of [
      "https://attacker.example",
      "http://localhost.attacker.example",
      "null",
      "file://",
      "http://127.0.0.2",
    ]) {
      const reply = await send(server.url, "POST", "/mcp", { origin, authorization: auth }, LIST);
      expect(reply.status, origin).toBe(403);
    }
    // A browser page on the same machine (any port) is a legitimate origin.
    expect(
      (await send(server.url, "POST", "/mcp", { origin: "http://localhost:5173", authorization: auth }, LIST))
        .status,
    ).toBe(200);
  });

  it("refuses oversized bodies, declared or streamed, and keeps serving", async () => {
    const auth = `Bearer ${TOKEN}`;
    const declared = await send(
      server.url,
      "POST",
      "/mcp",
      { authorization: auth },
      JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "tools/list",
        params: { pad: "x".repeat(5 * 1024 * 1024) },
      }),
    );
    expect(declared.status).toBe(413);
    const streamed = await send(
      server.url,
      "POST",
      "/mcp",
      { authorization: auth, "transfer-encoding": "chunked" },
      { bytes: 6 * 1024 * 1024 },
    );
    expect([400, 413]).toContain(streamed.status);
    // Unauthenticated uploads are refused without being processed.
    const anonymous = await send(server.url, "POST", "/mcp", {}, { bytes: 2 * 1024 * 1024 });
    expect(anonymous.status).toBe(401);
    const broken = await send(server.url, "POST", "/mcp", { authorization: auth }, "{not json");
    expect(broken.status).toBeGreaterThanOrEqual(400);
    expect(broken.status).toBeLessThan(500);
    expect((await send(server.url, "POST", "/mcp", { authorization: auth }, LIST)).status).toBe(200);
  });

  it("stays responsive after a storm of 500 mixed requests (20 at a time, loopback)", async () => {
    const auth = `Bearer ${TOKEN}`;
    const kinds = [
      () => send(server.url, "POST", "/mcp", { authorization: auth }, LIST),
      () => send(server.url, "POST", "/mcp", {}, LIST),
      () => send(server.url, "GET", "/nope", { authorization: auth }),
      () => send(server.url, "POST", "/mcp", { authorization: auth }, "{"),
      () => send(server.url, "POST", "/mcp", { authorization: auth, host: "evil.example" }, LIST),
      () =>
        send(
          server.url,
          "POST",
          "/mcp",
          { authorization: auth },
          JSON.stringify({
            jsonrpc: "2.0",
            id: 2,
            method: "tools/call",
            params: { name: "add_component", arguments: { name: "storm", type: "Compute" } },
          }),
        ),
    ];
    const statuses = new Map<number, number>();
    let next = 0;
    let added = 0;
    const worker = async () => {
      while (next < 500) {
        const index = next++ % kinds.length;
        const reply = await kinds[index]!();
        statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
        if (index === kinds.length - 1 && reply.status === 200 && !reply.body.includes('"isError":true'))
          added++;
      }
    };
    await Promise.all(Array.from({ length: 20 }, worker));
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(500);
    expect(statuses.has(500)).toBe(false);
    expect(statuses.get(401)).toBeGreaterThan(0);
    expect(statuses.get(403)).toBeGreaterThan(0);
    // A normal client still works, and every write of the storm was kept.
    const client = new Client({ name: "after-storm", version: "1.0.0" });
    await client.connect(
      new StreamableHTTPClientTransport(server.url, { requestInit: { headers: { Authorization: auth } } }),
    );
    const listed = await client.callTool({ name: "list_entities", arguments: { kind: "component" } });
    expect(added).toBe(Array.from({ length: 500 }, (_, i) => i).filter((i) => i % kinds.length === 5).length);
    expect((listed.structuredContent as { count: number }).count).toBe(added);
    await client.close();
    expect(server.child.exitCode).toBeNull();
  });
});
