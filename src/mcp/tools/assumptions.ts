import * as ops from "../../ops/assumptions.js";
import { crudTools } from "./crud.js";

export const assumptionTools = crudTools({
  category: "assumptions",
  singular: "assumption",
  plural: "assumptions",
  label: "Assumption",
  describe: {
    add: "Record an assumption the threat model relies on (category, impact if wrong, rationale).",
    update: "Change fields of an assumption.",
    list: "List assumptions, optionally in one category.",
    get: "Get one assumption.",
    delete: "Delete an assumption and its links.",
  },
  ops: {
    add: ops.addAssumption,
    update: ops.updateAssumption,
    list: ops.listAssumptions,
    get: ops.getAssumption,
    delete: ops.deleteAssumption,
  },
});
