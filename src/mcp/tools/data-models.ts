import * as z from "zod";
import * as ops from "../../ops/data-models.js";
import { READ, defineTool } from "../tool.js";

export const dataModelTools = [
  defineTool({
    name: "get_data_model_types",
    title: "Allowed values of a type",
    description:
      "List the allowed values of an enum type (e.g. ComponentType, ThreatCategory). Pass values exactly as listed; matching is case-insensitive.",
    category: "data-models",
    op: ops.getDataModelTypes,
    output: z.object({ model_name: z.string(), values: z.array(z.string()) }),
    annotations: READ,
    shape: (r) => ({ ...r }),
    render: (r) => `${r.model_name}: ${r.values.join(", ")}`,
  }),
  defineTool({
    name: "list_data_models",
    title: "List enum types",
    description: "Names of every enum type the tools accept.",
    category: "data-models",
    op: ops.listDataModels,
    output: z.object({ models: z.array(z.string()) }),
    annotations: READ,
    shape: (r) => ({ ...r }),
    render: (r) => `Data models: ${r.models.join(", ")}`,
  }),
];
