import fc from "fast-check";
import { it } from "vitest";
import { connect } from "../helpers/client.js";
import { cleanArgsFor, resolveTokens } from "../helpers/fuzz-args.js";
import { COLLECTION_KINDS } from "../../src/domain/kinds.js";

it("debug", async () => {
  const s = await connect({ toolset: "all" });
  const c = await s.ok("add_component", { name: "A", type: "Compute" });
  await s.ok("add_component", { name: "B", type: "Compute" });
  await s.ok("add_data_store", {
    name: "D",
    type: "Relational",
    classification: "Public",
    encryption_at_rest: true,
  });
  await s
    .ok("add_connection", {
      source_id: c.id,
      destination_id: "TZ001".length ? c.id : c.id,
      protocol: "TCP",
      encryption: true,
    })
    .catch(() => 0);
  const t = await s.ok("add_threat", {
    threat_source: "a",
    prerequisites: "b",
    threat_action: "c",
    threat_impact: "d",
  });
  await s.ok("add_mitigation", { content: "m" });
  await s.ok("add_assumption", { description: "x", category: "Scope" });
  void t;
  const { tools } = await s.client.listTools();
  const names = process.env.TOOLS ? process.env.TOOLS.split(",") : tools.map((t) => t.name);
  const counts: Record<string, number[]> = {};
  for (const name of names) {
    const tool = tools.find((t) => t.name === name)!;
    for (const args of fc.sample(cleanArgsFor(name, tool.inputSchema as never), 6)) {
      const live = await s.project.store.read(
        (m) => new Map(COLLECTION_KINDS.map((k) => [k, m.list(k).map((e) => e.id)])),
      );
      const r = await s.call(name, resolveTokens(args, { live, dead: [] }) as never);
      (counts[name] ??= [0, 0])[r.isError ? 1 : 0]!++;
      if (r.isError && process.env.SHOW) console.error(name, "=>", r.text.slice(0, 300));
    }
  }
  console.error(
    Object.entries(counts)
      .filter(([, [ok]]) => ok! < 3)
      .map(([k, v]) => `${k} ${v}`)
      .join("\n"),
  );
  await s.close();
}, 120000);
