import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import AjvDraft7 from "ajv";
import type { ErrorObject, ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

export const FIXTURES = path.resolve("../shared/fixtures");
export const TC_DIR = path.join(FIXTURES, "threat-composer");
export const TD_DIR = path.join(FIXTURES, "threat-dragon");
export const TC_FIXTURES = [
  "ThreatComposer.tc.json",
  "GenAIChatbot.tc.json",
  "ThreatModelingForBuilders-Exercise1.tc.json",
  "ThreatModelingForBuilders-Exercise3.tc.json",
];
export const TD_FIXTURES = ["v2-threat-model.json", "test-reports.json"];

export const readJson = (file: string): unknown => JSON.parse(readFileSync(file, "utf8"));

// Both are CommonJS modules: take the export from `default` when the interop wraps it.
const unwrap = <T>(m: unknown): T => ((m as { default?: T }).default ?? m) as T;
const addFormats = unwrap<(ajv: Ajv2020) => Ajv2020>(addFormatsModule);

const ajv2020 = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv2020);

/** Threat Composer's published JSON Schema (draft 2020-12), compiled once. */
export const validateTc: ValidateFunction = ajv2020.compile(
  readJson(path.join(TC_DIR, "threat-composer-v1.schema.json")) as object,
);

// The Threat Dragon schema (draft 7) uses OpenAPI's `nullable`, which ajv understands.
const Ajv = unwrap<typeof AjvDraft7.default>(AjvDraft7);
const ajv7 = new Ajv({ allErrors: true, strict: false });
export const validateTd: ValidateFunction = ajv7.compile(
  readJson(path.join(TD_DIR, "threat-dragon-v2.schema.json")) as object,
);

export const describeErrors = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? [])
    .slice(0, 10)
    .map((e) => `${e.instancePath} ${e.message}`)
    .join("\n");
