import * as ops from "../../ops/assets.js";
import { bulkTool, crudTools, describeOutcome } from "./crud.js";

export const assetTools = [
  ...crudTools({
    category: "assets-flows",
    singular: "asset",
    plural: "assets",
    label: "Asset",
    describe: {
      add: "Add an asset worth protecting (data, credential, key, token...) with its classification.",
      update: "Change fields of an asset.",
      list: "List assets, optionally by type or classification.",
      get: "Get an asset with the flows that carry it.",
      delete: "Delete an asset. Refused while flows or threats refer to it unless cascade is true.",
    },
    ops: {
      add: ops.addAsset,
      update: ops.updateAsset,
      list: ops.listAssets,
      get: ops.getAsset,
      delete: ops.deleteAsset,
    },
  }),
  ...crudTools({
    category: "assets-flows",
    singular: "flow",
    plural: "flows",
    label: "Flow",
    describe: {
      add: "Record how an asset moves between components, data stores or zones, and the controls on the way.",
      update: "Change fields of a flow.",
      list: "List flows, optionally for one asset or touching one element.",
      get: "Get one flow.",
      delete: "Delete a flow.",
    },
    ops: {
      add: ops.addFlow,
      update: ops.updateFlow,
      list: ops.listFlows,
      get: ops.getFlow,
      delete: ops.deleteFlow,
    },
  }),
  bulkTool({
    name: "clear_asset_flows",
    title: "Clear assets and flows",
    description: "Delete every asset and flow (threat references to assets are removed).",
    category: "assets-flows",
    op: ops.clearAssetFlows,
    render: describeOutcome,
  }),
  bulkTool({
    name: "reset_asset_flows",
    title: "Reset assets and flows",
    description: "Delete every asset and flow, then restore the 7 default assets.",
    category: "assets-flows",
    op: ops.resetAssetFlows,
    render: (r) => `Assets and flows reset: ${r.removed} removed, ${r.restored} default assets restored.`,
  }),
];
