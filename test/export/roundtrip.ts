import { canonicalJson } from "../../src/domain/digest.js";
import { COLLECTION_KINDS } from "../../src/domain/kinds.js";
import { Model, type ModelReader } from "../../src/domain/model.js";
import { applyImport, type ImportOptions, type ImportSummary } from "../../src/export/import-plan.js";
import { decodeThreatComposer } from "../../src/export/threat-composer/decode.js";
import { decodeThreatDragon } from "../../src/export/threat-dragon/decode.js";
import { toThreatComposer } from "../../src/export/threat-composer/encode.js";

/** Everything in a model, canonical and order-free: equal models give equal strings. */
export function canonicalModel(model: ModelReader): Record<string, string[] | string> {
  const out: Record<string, string[] | string> = {};
  for (const kind of COLLECTION_KINDS)
    out[kind] = model
      .list(kind)
      .map((e) => canonicalJson(e))
      .sort();
  out.business_context = canonicalJson(model.singleton("business_context"));
  out.project = canonicalJson(model.singleton("project"));
  return out;
}

/** Imports a decoded file into a fresh, empty model, as the import tool does into the store. */
export function importInto(
  raw: unknown,
  format: "threat-composer" | "threat-dragon",
  options: ImportOptions = { mode: "replace", skipInvalid: false },
  model = new Model(),
): { model: Model; summary: ImportSummary } {
  const plan = format === "threat-composer" ? decodeThreatComposer(raw) : decodeThreatDragon(raw);
  const draft = model.draft();
  const summary = applyImport(draft, plan, options);
  model.apply(draft.changes());
  return { model, summary };
}

/** Exports to a Threat Composer document and back through JSON text, as a file would travel. */
export function exportTc(model: Model, extended = true) {
  const { document, warnings } = toThreatComposer(model, {
    projectName: "example",
    digest: "0".repeat(64),
    extended,
  });
  return { document: JSON.parse(JSON.stringify(document)) as Record<string, unknown>, warnings };
}
