import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { tempProject } from "../helpers/project.js";
import { BUNDLE } from "../helpers/stdio.js";

/** The built server over raw stdio: we write whatever bytes we like and read its answers by id. */
function rawServer(root: string) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [
    BUNDLE,
    "--project",
    root,
    "--toolset",
    "all",
  ]);
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const write = (text: string) => child.stdin.write(text);
  const send = (message: object) => write(`${JSON.stringify(message)}\n`);
  const answer = async (id: number) => {
    for (;;) {
      const line = out.split("\n").find((l) => l.includes(`"id":${id},`) || l.endsWith(`"id":${id}}`));
      if (line)
        return JSON.parse(line) as {
          result?: { isError?: boolean; content: { text: string }[] };
          error?: { message: string };
        };
      if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}): ${err}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  send({
    jsonrpc: "2.0",
    id: 1,
    method: "initialize",
    params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
  });
  send({ jsonrpc: "2.0", method: "notifications/initialized" });
  const call = (id: number, name: string, args: string) =>
    write(
      `{"jsonrpc":"2.0","id":${id},"method":"tools/call","params":{"name":"${name}","arguments":${args}}}\n`,
    );
  return { child, write, send, call, answer, stderr: () => err };
}

let stop: (() => void) | undefined;
afterEach(() => stop?.());

describe("stdio under hostile input", () => {
  it("answers a message over 64 MB with an error and keeps serving (it used to stop answering)", async () => {
    const temp = tempProject();
    const server = rawServer(temp.root);
    stop = () => (server.child.kill(), temp.cleanup());
    await server.answer(1);
    server.call(2, "add_component", `{"name":"${"x".repeat(70_000_000)}","type":"Compute"}`);
    server.call(3, "add_component", '{"name":"after","type":"Compute"}');
    const refused = await server.answer(2);
    expect(refused.error?.message).toMatch(/Request too large: \d+ bytes; the limit is 67108864/);
    const after = await server.answer(3);
    expect(after.result?.isError).toBeFalsy();
    expect(server.stderr()).toContain("dropped a");
  }, 60_000);

  it("answers a large legal message, unparsable lines and deeply nested arguments, then a normal call", async () => {
    const temp = tempProject();
    const server = rawServer(temp.root);
    stop = () => (server.child.kill(), temp.cleanup());
    await server.answer(1);
    // 50 MB: read whole and refused by validation (was joined chunk by chunk, blocking for minutes).
    server.call(2, "add_component", `{"name":"${"x".repeat(50_000_000)}","type":"Compute"}`);
    server.write("this is not JSON\n");
    server.write('{"jsonrpc":"2.0","id":3,"method":\n');
    server.call(
      4,
      "add_component",
      `{"name":"deep","type":"Compute","configuration":{"a":${"[".repeat(100_000)}${"]".repeat(100_000)}}}`,
    );
    server.call(5, "add_component", '{"name":"after","type":"Compute"}');
    const big = await server.answer(2);
    expect(big.result?.isError).toBe(true);
    expect(big.result?.content[0]!.text).toMatch(/name: is 50000000 characters; the limit is 200/);
    const deep = await server.answer(4);
    expect(deep.result?.isError).toBe(true);
    expect(deep.result?.content[0]!.text).toMatch(/configuration: is nested more than 32 levels deep/);
    expect((await server.answer(5)).result?.isError).toBeFalsy();
    expect(server.child.exitCode).toBeNull();
  }, 60_000);
});
