import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connect, type TestSession } from "../helpers/client.js";
import { expectRefused } from "../helpers/refuse.js";

let s: TestSession;
beforeEach(async () => {
  s = await connect();
});
afterEach(() => s.close());

describe("components", () => {
  it("add, get, list, update and delete", async () => {
    const added = await s.ok("add_component", {
      name: "Checkout API",
      type: "compute",
      service_provider: "aws",
      specific_service: "Lambda",
      version: "3.2",
      description: "Handles payments",
      configuration: { memory: 512 },
    });
    expect(added.id).toMatch(/^C-/);
    expect(added.component).toMatchObject({
      type: "Compute",
      service_provider: "AWS",
      configuration: { memory: 512 },
    });
    const text = (await s.call("add_component", { name: "Worker", type: "Container" })).text;
    expect(text).toMatch(/^Component added with ID: C-[0-9A-Z]{6}/);

    expect((await s.ok("get_component", { id: added.id })).component.name).toBe("Checkout API");
    const listed = await s.ok("list_components", {});
    expect(listed.count).toBe(2);
    expect(
      (await s.ok("list_components", { type: "CONTAINER" })).components.map((c: { name: string }) => c.name),
    ).toEqual(["Worker"]);

    const updated = await s.ok("update_component", {
      id: added.id,
      name: "Payments API",
      description: "",
      version: null,
    });
    expect(updated.component).toMatchObject({ name: "Payments API", version: "3.2" });
    expect(updated.component.description).toBeUndefined();

    const deleted = await s.ok("delete_component", { id: added.id });
    expect(deleted.deleted).toEqual([{ kind: "component", id: added.id }]);
    expect((await s.ok("list_components", {})).count).toBe(1);
  });

  it("refuses bad input without changing anything", async () => {
    await s.ok("add_component", { name: "Seed", type: "Compute" });
    await expectRefused(
      s,
      "add_component",
      { name: "X", type: "spaceship" },
      /type: "spaceship" is not a valid ComponentType; allowed: Compute/,
    );
    await expectRefused(s, "add_component", { name: "", type: "Compute" }, /name: must not be empty/);
    await expectRefused(s, "add_component", { name: "X", type: "Compute", colour: "red" }, /colour/);
    await expectRefused(s, "add_component", { name: 7, type: "Compute" }, /name: expected text, got 7/);
    await expectRefused(
      s,
      "update_component",
      { id: "C-NOPE00", name: "X" },
      /no component has id "C-NOPE00"/,
    );
    await expectRefused(s, "get_component", { id: "C-NOPE00" }, /no component has id/);
    await expectRefused(s, "delete_component", { id: "C-NOPE00" }, /no component has id/);
    await expectRefused(s, "list_components", { type: "Blimp" }, /not a valid ComponentType/);
  });
});

describe("connections", () => {
  it("connect components and data stores, update, list by component, delete", async () => {
    const api = (await s.ok("add_component", { name: "API", type: "Compute" })).id;
    const db = (
      await s.ok("add_data_store", { name: "Orders", type: "relational", classification: "confidential" })
    ).id;
    const added = await s.ok("add_connection", {
      source_id: api,
      destination_id: db,
      protocol: "tcp",
      port: 5432,
    });
    expect(added.connection).toMatchObject({ protocol: "TCP", port: 5432, encryption: false });
    const updated = await s.ok("update_connection", { id: added.id, encryption: true, protocol: "HTTPS" });
    expect(updated.connection).toMatchObject({ encryption: true, protocol: "HTTPS", port: 5432 });
    expect((await s.ok("list_connections", { component_id: db })).count).toBe(1);
    expect((await s.ok("list_connections", { component_id: "C-OTHER0" })).count).toBe(0);
    expect((await s.ok("get_connection", { id: added.id })).connection.source_id).toBe(api);
    await s.ok("delete_connection", { id: added.id });
    expect((await s.ok("list_connections", {})).count).toBe(0);
  });

  it("checks both ends, the port range and references on delete", async () => {
    const api = (await s.ok("add_component", { name: "API", type: "Compute" })).id;
    await expectRefused(
      s,
      "add_connection",
      { source_id: api, destination_id: "C-GHOST0" },
      /destination_id: no component or data store has id "C-GHOST0"/,
    );
    await expectRefused(
      s,
      "add_connection",
      { source_id: api, destination_id: api, port: 70000 },
      /port: 70000 is above the maximum 65535/,
    );
    await expectRefused(
      s,
      "add_connection",
      { source_id: "TZ001", destination_id: api },
      /source_id: no component or data store has id "TZ001" \("TZ001" is a trust zone\)/,
    );
    const worker = (await s.ok("add_component", { name: "Worker", type: "Compute" })).id;
    const connection = (await s.ok("add_connection", { source_id: api, destination_id: worker })).id;
    await expectRefused(
      s,
      "update_connection",
      { id: connection, source_id: "C-GHOST0" },
      /source_id: no component/,
    );
    const text = await expectRefused(s, "delete_component", { id: worker }, /still referenced by connection/);
    expect(text).toContain(connection);
    const cascaded = await s.ok("delete_component", { id: worker, cascade: true });
    expect(cascaded.deleted).toEqual([
      { kind: "component", id: worker },
      { kind: "connection", id: connection },
    ]);
  });
});

describe("data stores and clearing", () => {
  it("manage data stores and clear the whole architecture", async () => {
    const db = await s.ok("add_data_store", {
      name: "Events",
      type: "time series",
      classification: "Internal",
      encryption_at_rest: true,
      backup_frequency: "daily",
    });
    expect(db.data_store).toMatchObject({
      type: "Time Series",
      backup_frequency: "Daily",
      encryption_at_rest: true,
    });
    expect(
      (await s.ok("update_data_store", { id: db.id, classification: "restricted" })).data_store
        .classification,
    ).toBe("Restricted");
    expect((await s.ok("list_data_stores", { type: "Time Series" })).count).toBe(1);
    expect((await s.ok("get_data_store", { id: db.id })).data_store.name).toBe("Events");
    await expectRefused(s, "add_data_store", { name: "X", type: "Relational" }, /classification/);
    const api = (await s.ok("add_component", { name: "API", type: "Compute" })).id;
    await s.ok("add_connection", { source_id: api, destination_id: db.id });
    const threat = await s.ok("add_threat", {
      threat_source: "attacker",
      prerequisites: "",
      threat_action: "read events",
      threat_impact: "",
      affected_components: [api, db.id],
    });
    const cleared = await s.ok("clear_architecture", {});
    expect(cleared.deleted.map((d: { kind: string }) => d.kind).sort()).toEqual([
      "component",
      "connection",
      "data_store",
    ]);
    expect((await s.ok("get_threat", { id: threat.id })).threat.affected_components).toEqual([]);
    expect((await s.ok("list_components", {})).count).toBe(0);
    await s.ok("delete_data_store", {
      id: (await s.ok("add_data_store", { name: "T", type: "Cache", classification: "Public" })).id,
    });
  });
});
