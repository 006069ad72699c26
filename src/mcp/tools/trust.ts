import * as ops from "../../ops/trust.js";
import { bulkTool, crudTools, describeOutcome, updateTool } from "./crud.js";

const zone = { category: "trust-boundaries", key: "trust_zone", label: "Trust zone" } as const;
const crossing = { category: "trust-boundaries", key: "crossing_point", label: "Crossing point" } as const;

export const trustTools = [
  ...crudTools({
    category: "trust-boundaries",
    singular: "trust_zone",
    plural: "trust_zones",
    label: "Trust zone",
    describe: {
      add: "Add a trust zone (a region whose parts share one trust level).",
      update: "Change a trust zone's name, trust level or description.",
      list: "List trust zones from least to most trusted, with the components in each.",
      get: "Get a trust zone with its components and crossing points.",
      delete:
        "Delete a trust zone. Refused while components, crossing points or flows use it unless cascade is true.",
    },
    ops: {
      add: ops.addTrustZone,
      update: ops.updateTrustZone,
      list: ops.listTrustZones,
      get: ops.getTrustZone,
      delete: ops.deleteTrustZone,
    },
  }),
  updateTool({
    ...zone,
    name: "add_component_to_zone",
    title: "Place component in zone",
    description: "Put a component or data store in a trust zone (each sits in exactly one zone).",
    op: ops.addComponentToZone,
  }),
  updateTool({
    ...zone,
    name: "remove_component_from_zone",
    title: "Remove component from zone",
    description: "Take a component or data store out of a trust zone.",
    op: ops.removeComponentFromZone,
  }),
  ...crudTools({
    category: "trust-boundaries",
    singular: "crossing_point",
    plural: "crossing_points",
    label: "Crossing point",
    describe: {
      add: "Add a crossing point where traffic passes from one trust zone to another, with its authentication and authorization.",
      update: "Change a crossing point's zones, methods or description.",
      list: "List crossing points, optionally those touching one zone.",
      get: "Get a crossing point with the boundaries that include it.",
      delete: "Delete a crossing point. Refused while a boundary includes it unless cascade is true.",
    },
    ops: {
      add: ops.addCrossingPoint,
      update: ops.updateCrossingPoint,
      list: ops.listCrossingPoints,
      get: ops.getCrossingPoint,
      delete: ops.deleteCrossingPoint,
    },
  }),
  updateTool({
    ...crossing,
    name: "add_conn_to_crossing",
    title: "Attach connection to crossing point",
    description: "Record that a connection passes through a crossing point.",
    op: ops.addConnectionToCrossing,
  }),
  updateTool({
    ...crossing,
    name: "remove_conn_from_crossing",
    title: "Detach connection from crossing point",
    description: "Remove a connection from a crossing point.",
    op: ops.removeConnectionFromCrossing,
  }),
  ...crudTools({
    category: "trust-boundaries",
    singular: "trust_boundary",
    plural: "trust_boundaries",
    label: "Trust boundary",
    describe: {
      add: "Add a trust boundary grouping crossing points, with its security controls.",
      update: "Change a trust boundary (lists given replace the old ones).",
      list: "List trust boundaries, optionally of one type.",
      get: "Get one trust boundary.",
      delete: "Delete a trust boundary. Refused while threats refer to it unless cascade is true.",
    },
    ops: {
      add: ops.addTrustBoundary,
      update: ops.updateTrustBoundary,
      list: ops.listTrustBoundaries,
      get: ops.getTrustBoundary,
      delete: ops.deleteTrustBoundary,
    },
  }),
  bulkTool({
    name: "clear_trust_boundaries",
    title: "Clear trust zones and boundaries",
    description: "Delete every trust zone, crossing point and trust boundary (defaults do not come back).",
    category: "trust-boundaries",
    op: ops.clearTrustBoundaries,
    render: describeOutcome,
  }),
];
