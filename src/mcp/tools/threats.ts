import * as z from "zod";
import * as ops from "../../ops/threats.js";
import { CREATE, DESTROY, EntityOut, defineTool } from "../tool.js";
import { crudTools } from "./crud.js";

const LinkOut = z.object({ link: EntityOut, created: z.boolean() });

export const threatTools = [
  ...crudTools({
    category: "threats",
    singular: "threat",
    plural: "threats",
    label: "Threat",
    describe: {
      add: "Add a threat in Threat Composer grammar (source, prerequisites, action, impact) with STRIDE category, severity, likelihood and affected elements. The statement is composed for you.",
      update:
        "Change a threat; the statement is recomposed when grammar fields change. Statuses: threatIdentified, threatResolved, threatResolvedNotUseful.",
      list: "List threats in display order, with linked mitigations; filter by category, severity or status.",
      get: "Get a threat with its linked mitigations and assumptions.",
      delete: "Delete a threat and its links.",
    },
    ops: {
      add: ops.addThreat,
      update: ops.updateThreat,
      list: ops.listThreats,
      get: ops.getThreat,
      delete: ops.deleteThreat,
    },
  }),
  ...crudTools({
    category: "mitigations",
    singular: "mitigation",
    plural: "mitigations",
    label: "Mitigation",
    describe: {
      add: "Add a mitigation (control) with type, status, cost and effectiveness. Link it to threats with link_mitigation_to_threat.",
      update: "Change a mitigation (metadata given replaces the old list).",
      list: "List mitigations with the threats they address; filter by type or status.",
      get: "Get a mitigation with its linked threats and assumptions.",
      delete: "Delete a mitigation and its links.",
    },
    ops: {
      add: ops.addMitigation,
      update: ops.updateMitigation,
      list: ops.listMitigations,
      get: ops.getMitigation,
      delete: ops.deleteMitigation,
    },
  }),
  defineTool({
    name: "link_mitigation_to_threat",
    title: "Link mitigation to threat",
    description: "Record that a mitigation addresses a threat (linking twice is harmless).",
    category: "mitigations",
    op: ops.linkMitigationToThreat,
    output: LinkOut,
    annotations: { ...CREATE, idempotentHint: true },
    shape: (r) => ({ ...r }),
    render: (r, input) =>
      r.created
        ? `Mitigation ${input.mitigation_id} linked to threat ${input.threat_id}.`
        : `Mitigation ${input.mitigation_id} was already linked to threat ${input.threat_id}.`,
  }),
  defineTool({
    name: "unlink_mitigation_from_threat",
    title: "Unlink mitigation from threat",
    description: "Remove the link between a mitigation and a threat.",
    category: "mitigations",
    op: ops.unlinkMitigationFromThreat,
    output: z.object({ mitigation_id: z.string(), threat_id: z.string() }),
    annotations: DESTROY,
    shape: (r) => ({ ...r }),
    render: (r) => `Mitigation ${r.mitigation_id} unlinked from threat ${r.threat_id}.`,
  }),
  defineTool({
    name: "link_assumption",
    title: "Link assumption",
    description: "Link an assumption to the threat or mitigation it supports (as Threat Composer does).",
    category: "assumptions",
    op: ops.linkAssumption,
    output: LinkOut,
    annotations: { ...CREATE, idempotentHint: true },
    shape: (r) => ({ ...r }),
    render: (r, input) =>
      r.created
        ? `Assumption ${input.assumption_id} linked to ${r.link.type.toLowerCase()} ${input.linked_id}.`
        : `Assumption ${input.assumption_id} was already linked to ${input.linked_id}.`,
  }),
  defineTool({
    name: "unlink_assumption",
    title: "Unlink assumption",
    description: "Remove the link between an assumption and a threat or mitigation.",
    category: "assumptions",
    op: ops.unlinkAssumption,
    output: z.object({ assumption_id: z.string(), linked_id: z.string() }),
    annotations: DESTROY,
    shape: (r) => ({ ...r }),
    render: (r) => `Assumption ${r.assumption_id} unlinked from ${r.linked_id}.`,
  }),
];
