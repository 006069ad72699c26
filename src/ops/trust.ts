import * as z from "zod";
import type { CrossingPoint, TrustBoundary, TrustZone } from "../domain/entities.js";
import { AuthenticationMethod, AuthorizationMethod, BoundaryType, TrustLevel } from "../domain/enums.js";
import { ModelError } from "../domain/errors.js";
import { Description, EntityId, Name, text, uniqueList } from "../domain/fields.js";
import { LIMITS } from "../domain/limits.js";
import type { Draft, ModelReader } from "../domain/model.js";
import { DeleteInput, IdInput, NoInput, compact, opt, patch } from "./input.js";
import { mutation, query } from "./operation.js";
import { clearKinds, deleteEntity, requireEntity, requireRef, requireRefs } from "./references.js";
import { byId, byName } from "./sorting.js";

// ---- trust zones -----------------------------------------------------------------------------

export interface TrustZoneView extends TrustZone {
  /** Components and data stores placed in this zone (membership is stored on each element). */
  contained_components: string[];
}

export function zoneView(model: ModelReader, zone: TrustZone): TrustZoneView {
  const members = [...model.list("component"), ...model.list("data_store")]
    .filter((element) => element.trust_zone_id === zone.id)
    .map((element) => element.id)
    .sort();
  return { ...zone, contained_components: members };
}

export const addTrustZone = mutation(
  z.strictObject({ name: Name, trust_level: TrustLevel, description: opt(Description) }),
  (draft, input) => {
    const zone = compact({
      id: draft.newId("trust_zone"),
      name: input.name,
      trust_level: input.trust_level,
      description: input.description ?? undefined,
    }) as TrustZone;
    return zoneView(draft, draft.put("trust_zone", zone));
  },
);

export const updateTrustZone = mutation(
  z.strictObject({
    id: EntityId,
    name: opt(Name),
    trust_level: opt(TrustLevel),
    description: opt(Description),
  }),
  (draft, { id, ...changes }) =>
    zoneView(draft, draft.put("trust_zone", patch(draft.require("trust_zone", id), changes))),
);

const TRUST_ORDER = ["Untrusted", "Low", "Medium", "High", "Full"];

export const listTrustZones = query(z.strictObject({ trust_level: opt(TrustLevel) }), (model, input) =>
  model
    .list("trust_zone")
    .filter((zone) => !input.trust_level || zone.trust_level === input.trust_level)
    .sort((a, b) => TRUST_ORDER.indexOf(a.trust_level) - TRUST_ORDER.indexOf(b.trust_level) || byName(a, b))
    .map((zone) => zoneView(model, zone)),
);

export const getTrustZone = query(IdInput, (model, { id }) => {
  const zone = zoneView(model, requireEntity(model, "trust_zone", id));
  const crossing_points = model
    .list("crossing_point")
    .filter((cp) => cp.source_zone_id === id || cp.destination_zone_id === id)
    .sort(byId);
  return { ...zone, crossing_points };
});

export const deleteTrustZone = mutation(DeleteInput, (draft, { id, cascade }) =>
  deleteEntity(draft, "trust_zone", id, cascade),
);

const ELEMENT = ["component", "data_store"] as const;

function placeElement(draft: Draft, elementId: string, zoneId: string | undefined) {
  const kind = requireRef(draft, elementId, ELEMENT, "component_id");
  const element = draft.get(kind, elementId)!;
  const { trust_zone_id: _old, ...rest } = element;
  return draft.put(kind, (zoneId === undefined ? rest : { ...rest, trust_zone_id: zoneId }) as never);
}

export const addComponentToZone = mutation(
  z.strictObject({ zone_id: EntityId, component_id: EntityId.describe("A component or data store id") }),
  (draft, { zone_id, component_id }) => {
    draft.require("trust_zone", zone_id, "zone_id");
    const kind = requireRef(draft, component_id, ELEMENT, "component_id");
    const current = draft.get(kind, component_id)!.trust_zone_id;
    if (current !== undefined && current !== zone_id) {
      throw new ModelError(
        "conflict",
        `component_id: ${component_id} is already in trust zone ${current}; remove it from that zone first (a component sits in exactly one zone)`,
        { field: "component_id", value: component_id },
      );
    }
    placeElement(draft, component_id, zone_id);
    return zoneView(draft, draft.require("trust_zone", zone_id));
  },
);

export const removeComponentFromZone = mutation(
  z.strictObject({ zone_id: EntityId, component_id: EntityId }),
  (draft, { zone_id, component_id }) => {
    draft.require("trust_zone", zone_id, "zone_id");
    const kind = requireRef(draft, component_id, ELEMENT, "component_id");
    if (draft.get(kind, component_id)!.trust_zone_id !== zone_id) {
      throw new ModelError("conflict", `component_id: ${component_id} is not in trust zone ${zone_id}`, {
        field: "component_id",
        value: component_id,
      });
    }
    placeElement(draft, component_id, undefined);
    return zoneView(draft, draft.require("trust_zone", zone_id));
  },
);

// ---- crossing points -------------------------------------------------------------------------

function checkZones(draft: Draft, source: string, destination: string) {
  draft.require("trust_zone", source, "source_zone_id");
  draft.require("trust_zone", destination, "destination_zone_id");
  if (source === destination) {
    throw new ModelError("invalid_input", "destination_zone_id: a crossing point joins two different zones", {
      field: "destination_zone_id",
      value: destination,
    });
  }
}

const crossingFields = {
  authentication_method: opt(AuthenticationMethod),
  authorization_method: opt(AuthorizationMethod),
  description: opt(Description),
};

export const addCrossingPoint = mutation(
  z.strictObject({ source_zone_id: EntityId, destination_zone_id: EntityId, ...crossingFields }),
  (draft, input) => {
    checkZones(draft, input.source_zone_id, input.destination_zone_id);
    const cp = compact({
      id: draft.newId("crossing_point"),
      source_zone_id: input.source_zone_id,
      destination_zone_id: input.destination_zone_id,
      connection_ids: [],
      authentication_method: input.authentication_method ?? undefined,
      authorization_method: input.authorization_method ?? undefined,
      description: input.description ?? undefined,
    }) as CrossingPoint;
    return draft.put("crossing_point", cp);
  },
);

export const updateCrossingPoint = mutation(
  z.strictObject({
    id: EntityId,
    source_zone_id: opt(EntityId),
    destination_zone_id: opt(EntityId),
    ...crossingFields,
  }),
  (draft, { id, ...changes }) => {
    const current = draft.require("crossing_point", id);
    const next = patch(current, changes);
    checkZones(draft, next.source_zone_id, next.destination_zone_id);
    return draft.put("crossing_point", next);
  },
);

export const listCrossingPoints = query(z.strictObject({ zone_id: opt(EntityId) }), (model, input) =>
  model
    .list("crossing_point")
    .filter(
      (cp) =>
        !input.zone_id || cp.source_zone_id === input.zone_id || cp.destination_zone_id === input.zone_id,
    )
    .sort(byId),
);

export const getCrossingPoint = query(IdInput, (model, { id }) => {
  const cp = requireEntity(model, "crossing_point", id);
  const trust_boundaries = model
    .list("trust_boundary")
    .filter((tb) => tb.crossing_point_ids.includes(id))
    .map((tb) => tb.id)
    .sort();
  return { ...cp, trust_boundaries };
});

export const deleteCrossingPoint = mutation(DeleteInput, (draft, { id, cascade }) =>
  deleteEntity(draft, "crossing_point", id, cascade),
);

export const addConnectionToCrossing = mutation(
  z.strictObject({ crossing_point_id: EntityId, connection_id: EntityId }),
  (draft, { crossing_point_id, connection_id }) => {
    const cp = draft.require("crossing_point", crossing_point_id, "crossing_point_id");
    draft.require("connection", connection_id, "connection_id");
    if (cp.connection_ids.includes(connection_id)) return cp;
    return draft.put("crossing_point", { ...cp, connection_ids: [...cp.connection_ids, connection_id] });
  },
);

export const removeConnectionFromCrossing = mutation(
  z.strictObject({ crossing_point_id: EntityId, connection_id: EntityId }),
  (draft, { crossing_point_id, connection_id }) => {
    const cp = draft.require("crossing_point", crossing_point_id, "crossing_point_id");
    if (!cp.connection_ids.includes(connection_id)) {
      throw new ModelError(
        "conflict",
        `connection_id: ${connection_id} is not in crossing point ${crossing_point_id}`,
        {
          field: "connection_id",
          value: connection_id,
        },
      );
    }
    return draft.put("crossing_point", {
      ...cp,
      connection_ids: cp.connection_ids.filter((c) => c !== connection_id),
    });
  },
);

// ---- trust boundaries ------------------------------------------------------------------------

const Controls = uniqueList(text(LIMITS.name), 100);
const CrossingPointIds = uniqueList(EntityId);

export const addTrustBoundary = mutation(
  z.strictObject({
    name: Name,
    type: BoundaryType,
    crossing_point_ids: CrossingPointIds.default([]),
    controls: Controls.default([]),
    description: opt(Description),
  }),
  (draft, input) => {
    requireRefs(draft, input.crossing_point_ids, ["crossing_point"], "crossing_point_ids");
    const tb = compact({
      id: draft.newId("trust_boundary"),
      name: input.name,
      type: input.type,
      crossing_point_ids: input.crossing_point_ids,
      controls: input.controls,
      description: input.description ?? undefined,
    }) as TrustBoundary;
    return draft.put("trust_boundary", tb);
  },
);

export const updateTrustBoundary = mutation(
  z.strictObject({
    id: EntityId,
    name: opt(Name),
    type: opt(BoundaryType),
    crossing_point_ids: opt(CrossingPointIds),
    controls: opt(Controls),
    description: opt(Description),
  }),
  (draft, { id, ...changes }) => {
    const current = draft.require("trust_boundary", id);
    if (changes.crossing_point_ids)
      requireRefs(draft, changes.crossing_point_ids, ["crossing_point"], "crossing_point_ids");
    return draft.put("trust_boundary", patch(current, changes));
  },
);

export const listTrustBoundaries = query(z.strictObject({ type: opt(BoundaryType) }), (model, input) =>
  model
    .list("trust_boundary")
    .filter((tb) => !input.type || tb.type === input.type)
    .sort(byName),
);

export const getTrustBoundary = query(IdInput, (model, { id }) => requireEntity(model, "trust_boundary", id));

export const deleteTrustBoundary = mutation(DeleteInput, (draft, { id, cascade }) =>
  deleteEntity(draft, "trust_boundary", id, cascade),
);

export const clearTrustBoundaries = mutation(NoInput, (draft) =>
  clearKinds(draft, ["trust_boundary", "crossing_point", "trust_zone"]),
);
