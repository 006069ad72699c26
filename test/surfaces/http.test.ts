import { request } from "node:http";
import { readdirSync } from "node:fs";
import path from "node:path";
import { Client as ClientV2, StreamableHTTPClientTransport as HttpV2 } from "@modelcontextprotocol/client";
import { Client as ClientV1 } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport as HttpV1 } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allowedHostnames, tokenMatches } from "../../src/mcp/http.js";
import { refusedHttpStart, startHttpServer, type SpawnedHttpServer } from "../helpers/http-server.js";
import { tempProject } from "../helpers/project.js";

const TOKEN = "test-token-9f2c7d1e5b8a4c3f";
const LIST = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", params: {} });

/** A raw POST with full control of the headers (fetch does not let a caller set Host). */
function post(url: URL, headers: Record<string, string>, body = LIST, pathname = url.pathname) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: pathname,
          method: "POST",
          // A fresh connection each time: a pooled keep-alive socket the server already closed would fail the write.
          agent: false,
          headers: {
            host: `${url.hostname}:${url.port}`,
            "content-type": "application/json",
            accept: "application/json, text/event-stream",
            ...headers,
          },
        },
        (res) => {
          let text = "";
          res.on("data", (chunk: Buffer) => (text += chunk.toString()));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
        },
      );
      req.on("error", reject);
      req.end(body);
    },
  );
}

describe("HTTP on loopback without a token", () => {
  let server: SpawnedHttpServer;
  let temp: ReturnType<typeof tempProject>;
  beforeAll(async () => {
    temp = tempProject();
    server = await startHttpServer(temp.root);
  });
  afterAll(async () => {
    await server?.stop();
    temp?.cleanup();
  });

  it("answers a well-formed request", async () => {
    const ok = await post(server.url, { origin: "http://localhost:5173" });
    expect(ok.status).toBe(200);
    expect(ok.body).toContain("upsert_architecture");
  });

  it("refuses a forged Host header (DNS rebinding)", async () => {
    const forged = await post(server.url, { host: `attacker.example:${server.url.port}` });
    expect(forged.status).toBe(403);
    expect(forged.body).toContain("Invalid Host");
  });

  it("refuses a foreign Origin", async () => {
    const forged = await post(server.url, { origin: "https://attacker.example" });
    expect(forged.status).toBe(403);
    expect(forged.body).toContain("Invalid Origin");
  });

  it("refuses bodies over 4 MB and paths other than /mcp", async () => {
    const huge = JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "tools/list",
      params: { pad: "x".repeat(5 * 1024 * 1024) },
    });
    expect((await post(server.url, {}, huge)).status).toBe(413);
    expect((await post(server.url, {}, LIST, "/other")).status).toBe(404);
  });

  it("serves concurrent clients on one project without losing writes", async () => {
    const clients = await Promise.all(
      [0, 1, 2].map(async (n) => {
        const client = new ClientV2({ name: `concurrent-${n}`, version: "1.0.0" });
        await client.connect(new HttpV2(server.url));
        return client;
      }),
    );
    await Promise.all(
      clients.flatMap((client, n) =>
        Array.from({ length: 5 }, (_, i) =>
          client.callTool({
            name: "upsert_architecture",
            arguments: { components: [{ name: `C${n}-${i}`, type: "Compute" }] },
          }),
        ),
      ),
    );
    const listed = await clients[0]!.callTool({ name: "list_entities", arguments: { kind: "component" } });
    const names = (listed.structuredContent as { items: { name: string }[] }).items.map((c) => c.name);
    expect(names).toHaveLength(15);
    expect(new Set(names).size).toBe(15);
    expect(readdirSync(path.join(temp.root, ".threatmodel/model/components"))).toHaveLength(15);
    await Promise.all(clients.map((c) => c.close()));
  });
});

describe("HTTP with THREATMODEL_TOKEN", () => {
  let server: SpawnedHttpServer;
  let temp: ReturnType<typeof tempProject>;
  beforeAll(async () => {
    temp = tempProject();
    server = await startHttpServer(temp.root, [], { THREATMODEL_TOKEN: TOKEN });
  });
  afterAll(async () => {
    await server?.stop();
    temp?.cleanup();
  });

  it("answers 401 without a token or with a wrong one", async () => {
    const missing = await post(server.url, {});
    expect(missing.status).toBe(401);
    expect(missing.headers["www-authenticate"]).toMatch(/^Bearer/);
    expect((await post(server.url, { authorization: `Bearer ${TOKEN}x` })).status).toBe(401);
    expect((await post(server.url, { authorization: `Bearer ${TOKEN.slice(0, -1)}` })).status).toBe(401);
    expect((await post(server.url, { authorization: TOKEN })).status).toBe(401);
    expect((await post(server.url, { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
  });

  it("serves both SDK clients that send the token", async () => {
    const headers = { Authorization: `Bearer ${TOKEN}` };
    const v2 = new ClientV2({ name: "token-v2", version: "1.0.0" });
    await v2.connect(new HttpV2(server.url, { requestInit: { headers } }));
    expect((await v2.listTools()).tools.length).toBeGreaterThan(5);
    await v2.close();
    const v1 = new ClientV1({ name: "token-v1", version: "1.0.0" });
    await v1.connect(new HttpV1(server.url, { requestInit: { headers } }));
    expect((await v1.listTools()).tools.length).toBeGreaterThan(5);
    await v1.close();
  });

  it("a client without the token cannot connect", async () => {
    const client = new ClientV2({ name: "no-token", version: "1.0.0" });
    await expect(client.connect(new HttpV2(server.url))).rejects.toThrow();
  });
});

describe("HTTP start-up refusals (nothing is bound)", () => {
  it("refuses a non-loopback bind without a token", async () => {
    const temp = tempProject();
    const refused = await refusedHttpStart(temp.root, ["--host", "0.0.0.0"], { THREATMODEL_TOKEN: "" });
    temp.cleanup();
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("needs a bearer token: set THREATMODEL_TOKEN");
  });

  it("refuses a short token and a wildcard bind without --allowed-hosts", async () => {
    const temp = tempProject();
    const short = await refusedHttpStart(temp.root, ["--port", "0"], { THREATMODEL_TOKEN: "short" });
    const wildcard = await refusedHttpStart(temp.root, ["--host", "0.0.0.0"], { THREATMODEL_TOKEN: TOKEN });
    temp.cleanup();
    expect(short.code).toBe(2);
    expect(short.stderr).toContain("THREATMODEL_TOKEN is too short");
    expect(wildcard.code).toBe(2);
    expect(wildcard.stderr).toContain("needs --allowed-hosts");
  });
});

describe("HTTP policy (no server)", () => {
  it("allows loopback names on loopback, the bound name or --allowed-hosts elsewhere", () => {
    expect(allowedHostnames({ host: "127.0.0.1" })).toEqual(["localhost", "127.0.0.1", "[::1]"]);
    expect(allowedHostnames({ host: "::1" })).toEqual(["localhost", "127.0.0.1", "[::1]"]);
    expect(allowedHostnames({ host: "10.0.0.5", token: TOKEN })).toEqual(["10.0.0.5"]);
    expect(
      allowedHostnames({ host: "0.0.0.0", token: TOKEN, allowedHosts: ["tm.internal", "fd00::1"] }),
    ).toEqual(["tm.internal", "[fd00::1]"]);
    expect(() => allowedHostnames({ host: "10.0.0.5" })).toThrow(/needs a bearer token/);
    expect(() => allowedHostnames({ host: "::", token: TOKEN })).toThrow(/needs --allowed-hosts/);
  });

  it("accepts exactly the configured bearer token", () => {
    expect(tokenMatches(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(tokenMatches(`bearer ${TOKEN}`, TOKEN)).toBe(true);
    for (const header of [
      undefined,
      "",
      TOKEN,
      `Basic ${TOKEN}`,
      `Bearer ${TOKEN}x`,
      "Bearer ",
      `Bearer ${TOKEN} extra`,
    ])
      expect(tokenMatches(header, TOKEN), String(header)).toBe(false);
  });
});
