import * as z from "zod";
import type { Component, Connection, DataStore } from "../domain/entities.js";
import {
  BackupFrequency,
  ComponentType,
  DataClassification,
  DataStoreType,
  Protocol,
  ServiceProvider,
} from "../domain/enums.js";
import {
  Description,
  EntityId,
  JsonObject,
  Name,
  Tag,
  boundedInt,
  optionalText,
  text,
  uniqueList,
} from "../domain/fields.js";
import { LIMITS } from "../domain/limits.js";
import { DeleteInput, IdInput, NoInput, compact, opt, patch } from "./input.js";
import { mutation, query } from "./operation.js";
import { clearKinds, deleteEntity, requireEntity, requireRef } from "./references.js";
import { byName } from "./sorting.js";

const ELEMENT = ["component", "data_store"] as const;
const Tags = uniqueList(Tag, 50);

// ---- components ------------------------------------------------------------------------------

const componentFields = {
  service_provider: opt(ServiceProvider),
  specific_service: opt(optionalText(LIMITS.name)),
  version: opt(optionalText(100)),
  description: opt(Description),
  configuration: opt(JsonObject),
  tags: opt(
    Tags.describe("Labels such as llm, agent, mcp-server, internet-facing (the threat library reads them)"),
  ),
  code_paths: opt(
    uniqueList(text(LIMITS.name), 50).describe(
      "Where its code lives: folders, files or globs relative to the root",
    ),
  ),
};

export const addComponent = mutation(
  z.strictObject({ name: Name, type: ComponentType, ...componentFields }),
  (draft, input) => {
    const component: Component = compact({
      id: draft.newId("component"),
      name: input.name,
      type: input.type,
      service_provider: input.service_provider ?? undefined,
      specific_service: input.specific_service ?? undefined,
      version: input.version ?? undefined,
      description: input.description ?? undefined,
      configuration: input.configuration ?? undefined,
      tags: input.tags ?? undefined,
      code_paths: input.code_paths ?? undefined,
    } as Component);
    return draft.put("component", component);
  },
);

export const updateComponent = mutation(
  z.strictObject({ id: EntityId, name: opt(Name), type: opt(ComponentType), ...componentFields }),
  (draft, { id, ...changes }) => draft.put("component", patch(draft.require("component", id), changes)),
);

export const listComponents = query(z.strictObject({ type: opt(ComponentType) }), (model, input) =>
  model
    .list("component")
    .filter((c) => !input.type || c.type === input.type)
    .sort(byName),
);

export const getComponent = query(IdInput, (model, { id }) => requireEntity(model, "component", id));

export const deleteComponent = mutation(DeleteInput, (draft, { id, cascade }) =>
  deleteEntity(draft, "component", id, cascade),
);

// ---- connections -----------------------------------------------------------------------------

const connectionFields = {
  protocol: opt(Protocol),
  port: opt(boundedInt(0, 65535)),
  description: opt(Description),
};

export const addConnection = mutation(
  z.strictObject({
    source_id: EntityId,
    destination_id: EntityId,
    ...connectionFields,
    encryption: z.boolean().default(false),
  }),
  (draft, input) => {
    requireRef(draft, input.source_id, ELEMENT, "source_id");
    requireRef(draft, input.destination_id, ELEMENT, "destination_id");
    const connection: Connection = compact({
      id: draft.newId("connection"),
      source_id: input.source_id,
      destination_id: input.destination_id,
      protocol: input.protocol ?? undefined,
      port: input.port ?? undefined,
      encryption: input.encryption,
      description: input.description ?? undefined,
    } as Connection);
    return draft.put("connection", connection);
  },
);

export const updateConnection = mutation(
  z.strictObject({
    id: EntityId,
    source_id: opt(EntityId),
    destination_id: opt(EntityId),
    ...connectionFields,
    encryption: opt(z.boolean()),
  }),
  (draft, { id, ...changes }) => {
    const current = draft.require("connection", id);
    if (changes.source_id) requireRef(draft, changes.source_id, ELEMENT, "source_id");
    if (changes.destination_id) requireRef(draft, changes.destination_id, ELEMENT, "destination_id");
    return draft.put("connection", patch(current, changes));
  },
);

export const listConnections = query(z.strictObject({ component_id: opt(EntityId) }), (model, input) =>
  model
    .list("connection")
    .filter(
      (c) =>
        !input.component_id || c.source_id === input.component_id || c.destination_id === input.component_id,
    )
    .sort((a, b) => a.id.localeCompare(b.id)),
);

export const getConnection = query(IdInput, (model, { id }) => requireEntity(model, "connection", id));

export const deleteConnection = mutation(DeleteInput, (draft, { id, cascade }) =>
  deleteEntity(draft, "connection", id, cascade),
);

// ---- data stores -----------------------------------------------------------------------------

const dataStoreFields = {
  backup_frequency: opt(BackupFrequency),
  description: opt(Description),
  tags: opt(Tags.describe("Labels such as vector-store (the threat library reads them)")),
};

export const addDataStore = mutation(
  z.strictObject({
    name: Name,
    type: DataStoreType,
    classification: DataClassification,
    encryption_at_rest: z.boolean().default(false),
    ...dataStoreFields,
  }),
  (draft, input) => {
    const store: DataStore = compact({
      id: draft.newId("data_store"),
      name: input.name,
      type: input.type,
      classification: input.classification,
      encryption_at_rest: input.encryption_at_rest,
      backup_frequency: input.backup_frequency ?? undefined,
      description: input.description ?? undefined,
      tags: input.tags ?? undefined,
    } as DataStore);
    return draft.put("data_store", store);
  },
);

export const updateDataStore = mutation(
  z.strictObject({
    id: EntityId,
    name: opt(Name),
    type: opt(DataStoreType),
    classification: opt(DataClassification),
    encryption_at_rest: opt(z.boolean()),
    ...dataStoreFields,
  }),
  (draft, { id, ...changes }) => draft.put("data_store", patch(draft.require("data_store", id), changes)),
);

export const listDataStores = query(z.strictObject({ type: opt(DataStoreType) }), (model, input) =>
  model
    .list("data_store")
    .filter((d) => !input.type || d.type === input.type)
    .sort(byName),
);

export const getDataStore = query(IdInput, (model, { id }) => requireEntity(model, "data_store", id));

export const deleteDataStore = mutation(DeleteInput, (draft, { id, cascade }) =>
  deleteEntity(draft, "data_store", id, cascade),
);

export const clearArchitecture = mutation(NoInput, (draft) =>
  clearKinds(draft, ["connection", "component", "data_store"]),
);
