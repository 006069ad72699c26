import { afterEach, describe, expect, it } from "vitest";
import { connect, type TestSession } from "./helpers/client.js";

describe("server smoke", () => {
  let session: TestSession;
  afterEach(() => session?.close());

  it("adds a component and reads it back through a real client", async () => {
    session = await connect();
    const added = await session.ok("add_component", { name: "API", type: "compute" });
    expect(added.id).toMatch(/^C-[0-9A-Z]{6}$/);
    const got = await session.ok("get_component", { id: added.id });
    expect(got.component).toMatchObject({ name: "API", type: "Compute" });
  });
});
