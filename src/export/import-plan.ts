import { BusinessContext, EMPTY_BUSINESS_CONTEXT } from "../domain/business-context.js";
import { canonicalJson } from "../domain/digest.js";
import { ModelError } from "../domain/errors.js";
import {
  COLLECTIONS,
  COLLECTION_KINDS,
  NUMBERED_KINDS,
  type AnyEntity,
  type CollectionKind,
  type NumberedKind,
} from "../domain/kinds.js";
import type { Draft } from "../domain/model.js";
import { EMPTY_PROJECT_STATE, ProjectState } from "../domain/project-state.js";
import { REFERENCES, referencedIds } from "../domain/references.js";
import { formatIssues } from "../domain/validate.js";

/** Something in the file that cannot be imported as it stands. */
export interface Problem {
  /** Where in the file, e.g. `threats[3]`. */
  where: string;
  reason: string;
}

export interface Candidate {
  kind: CollectionKind;
  value: Record<string, unknown>;
  where: string;
}

/** What a decoder (Threat Composer, Threat Dragon) proposes; `applyImport` validates and applies it. */
export interface ImportPlan {
  format: "threat-composer" | "threat-dragon";
  candidates: Candidate[];
  /** The whole business context (from our own export). */
  businessContext?: { value: unknown; where: string };
  /** Only a description (from a foreign file). */
  businessDescription?: string;
  project?: { value: unknown; where: string };
  warnings: string[];
  problems: Problem[];
  /** True when the file carried our complete data (an export of this tool). */
  exact: boolean;
}

export type ImportMode = "merge" | "replace";

export interface ImportOptions {
  mode: ImportMode;
  skipInvalid: boolean;
}

export type KindCounts = Partial<Record<CollectionKind, number>>;

export interface ImportSummary {
  format: ImportPlan["format"];
  mode: ImportMode;
  exact: boolean;
  created: KindCounts;
  updated: KindCounts;
  unchanged: KindCounts;
  removed: KindCounts;
  business_context: "replaced" | "kept" | "description set" | "unchanged";
  warnings: string[];
  /** Items left out (only with `skip_invalid`; otherwise any problem refuses the import). */
  skipped: Problem[];
}

const bump = (counts: KindCounts, kind: CollectionKind) => {
  counts[kind] = (counts[kind] ?? 0) + 1;
};

const MAX_LISTED = 25;

/**
 * Applies an import plan to a draft: every item is validated by the model's own schemas, numeric
 * ids are kept unless they clash, and references that point at nothing are dropped (links) or
 * detached with a warning. Problems refuse the whole import (nothing changes) unless
 * `skipInvalid`, in which case the bad items are left out and listed.
 */
export function applyImport(draft: Draft, plan: ImportPlan, options: ImportOptions): ImportSummary {
  const problems: Problem[] = [...plan.problems];
  const warnings = [...plan.warnings];
  const summary: ImportSummary = {
    format: plan.format,
    mode: options.mode,
    exact: plan.exact,
    created: {},
    updated: {},
    unchanged: {},
    removed: {},
    business_context: "unchanged",
    warnings,
    skipped: [],
  };

  // 1. Validate every candidate with the model's schema.
  const parsed: { kind: CollectionKind; entity: AnyEntity; where: string }[] = [];
  const seen = new Set<string>();
  for (const candidate of plan.candidates) {
    const result = COLLECTIONS[candidate.kind].schema.safeParse(candidate.value);
    if (!result.success) {
      problems.push({ where: candidate.where, reason: formatIssues(result.error.issues) });
      continue;
    }
    const entity = result.data as AnyEntity;
    const key = `${candidate.kind}\u0000${entity.id}`;
    if (seen.has(key)) {
      problems.push({
        where: candidate.where,
        reason: `a second ${COLLECTIONS[candidate.kind].label} with id ${JSON.stringify(entity.id)}`,
      });
      continue;
    }
    seen.add(key);
    parsed.push({ kind: candidate.kind, entity, where: candidate.where });
  }

  // 2. Replace clears the model; both modes then index what is there by id.
  const before = new Map<string, AnyEntity>();
  const kindById = new Map<string, CollectionKind>();
  for (const kind of COLLECTION_KINDS) {
    for (const entity of draft.list(kind)) {
      before.set(`${kind}\u0000${entity.id}`, entity);
      if (options.mode === "replace") draft.remove(kind, entity.id);
      else kindById.set(entity.id, kind);
    }
  }
  applySingletons(draft, plan, options, summary, problems);

  // 3. Ids used by another kind cannot be imported.
  const accepted = parsed.filter((p) => {
    const other = kindById.get(p.entity.id);
    if (other !== undefined && other !== p.kind) {
      problems.push({
        where: p.where,
        reason: `id ${JSON.stringify(p.entity.id)} already belongs to a ${COLLECTIONS[other].label}`,
      });
      return false;
    }
    return true;
  });

  // 4. Put everything; numbered entities keep their numbers unless another entity holds them.
  const clashes: typeof accepted = [];
  const numbers = new Map<string, string>();
  for (const kind of NUMBERED_KINDS) {
    for (const entity of draft.list(kind))
      numbers.set(`${kind}\u0000${(entity as { numericId: number }).numericId}`, entity.id);
  }
  for (const item of accepted) {
    if ((NUMBERED_KINDS as readonly string[]).includes(item.kind)) {
      const key = `${item.kind}\u0000${(item.entity as { numericId: number }).numericId}`;
      const holder = numbers.get(key);
      if (holder !== undefined && holder !== item.entity.id) {
        clashes.push(item);
        continue;
      }
      numbers.set(key, item.entity.id);
    }
    draft.put(item.kind, item.entity as never);
    kindById.set(item.entity.id, item.kind);
  }
  for (const item of clashes) {
    const kind = item.kind as NumberedKind;
    const old = (item.entity as { numericId: number }).numericId;
    const numericId = draft.nextNumericId(kind);
    draft.put(kind, { ...item.entity, numericId } as never);
    kindById.set(item.entity.id, kind);
    warnings.push(
      `${item.where}: number ${old} is taken by another ${COLLECTIONS[kind].label}; imported as ${numericId}`,
    );
  }

  // 5. References that point at nothing: links are dropped, optional references detached, and an
  // entity that cannot exist without its target becomes a problem.
  const imported = new Map(accepted.map((a) => [`${a.kind}\u0000${a.entity.id}`, a.where]));
  let changed = true;
  while (changed) {
    changed = false;
    for (const [key, where] of imported) {
      const [kind, id] = key.split("\u0000") as [CollectionKind, string];
      const entity = draft.get(kind, id);
      if (!entity) continue;
      let next: Record<string, unknown> = { ...(entity as unknown as Record<string, unknown>) };
      let drop: string | undefined;
      for (const rule of REFERENCES) {
        if (rule.from !== kind) continue;
        const missing = referencedIds(entity, rule).filter((ref) => {
          const target = kindById.get(ref);
          return target === undefined || !rule.to.includes(target);
        });
        if (missing.length === 0) continue;
        const what = `${rule.field} → ${missing.map((m) => JSON.stringify(m)).join(", ")}`;
        if (rule.owned) {
          drop = `${COLLECTIONS[kind].label} dropped: ${what} is not in the file or the model`;
          warnings.push(`${where}: ${drop}`);
        } else if (rule.onDelete === "delete") {
          drop = `${rule.field} refers to ${missing.join(", ")}, which is not in the file or the model`;
          problems.push({ where, reason: drop });
        } else {
          warnings.push(
            `${where}: ${rule.field} no longer refers to ${missing.join(", ")} (not in the file or the model)`,
          );
          next = rule.many
            ? { ...next, [rule.field]: (next[rule.field] as string[]).filter((r) => !missing.includes(r)) }
            : Object.fromEntries(Object.entries(next).filter(([k]) => k !== rule.field));
        }
        if (drop) break;
      }
      if (drop) {
        draft.remove(kind, id);
        kindById.delete(id);
        imported.delete(key);
        changed = true;
      } else if (canonicalJson(next) !== canonicalJson(entity)) {
        draft.put(kind, next as never);
      }
      if (kind === "assumption_link" && !drop) fixAssumptionLinkType(draft, id, kindById, where, warnings);
    }
  }

  if (problems.length > 0 && !options.skipInvalid) {
    const listed = problems.slice(0, MAX_LISTED).map((p) => `${p.where}: ${p.reason}`);
    const more = problems.length > MAX_LISTED ? `; and ${problems.length - MAX_LISTED} more` : "";
    throw new ModelError(
      "invalid_input",
      `import refused, nothing was changed: ${problems.length} item(s) cannot be imported: ${listed.join("; ")}${more}. Fix the file, or pass skip_invalid: true to import everything else and list these as skipped`,
      { field: "path" },
    );
  }
  summary.skipped = problems;

  // 6. Counts.
  for (const kind of COLLECTION_KINDS) {
    for (const entity of draft.list(kind)) {
      const key = `${kind}\u0000${entity.id}`;
      if (!imported.has(key)) continue;
      const old = before.get(key);
      if (!old) bump(summary.created, kind);
      else if (canonicalJson(old) === canonicalJson(entity)) bump(summary.unchanged, kind);
      else bump(summary.updated, kind);
    }
  }
  if (options.mode === "replace") {
    for (const key of before.keys()) {
      const [kind, id] = key.split("\u0000") as [CollectionKind, string];
      if (!draft.get(kind, id)) bump(summary.removed, kind);
    }
  }
  return summary;
}

function fixAssumptionLinkType(
  draft: Draft,
  id: string,
  kindById: Map<string, CollectionKind>,
  where: string,
  warnings: string[],
): void {
  const link = draft.get("assumption_link", id);
  if (!link) return;
  const actual = kindById.get(link.linked_id) === "mitigation" ? "Mitigation" : "Threat";
  if (link.type !== actual) {
    warnings.push(`${where}: link type ${link.type} corrected to ${actual}`);
    draft.put("assumption_link", { ...link, type: actual });
  }
}

function applySingletons(
  draft: Draft,
  plan: ImportPlan,
  options: ImportOptions,
  summary: ImportSummary,
  problems: Problem[],
): void {
  let context: BusinessContext | undefined;
  if (plan.businessContext) {
    const parsed = BusinessContext.safeParse(plan.businessContext.value);
    if (parsed.success) context = parsed.data;
    else problems.push({ where: plan.businessContext.where, reason: formatIssues(parsed.error.issues) });
  } else if (plan.businessDescription !== undefined) {
    const parsed = BusinessContext.safeParse({
      ...draft.singleton("business_context"),
      description: plan.businessDescription,
    });
    if (parsed.success)
      context =
        options.mode === "replace"
          ? { ...EMPTY_BUSINESS_CONTEXT, description: parsed.data.description }
          : parsed.data;
    else problems.push({ where: "applicationInfo.description", reason: formatIssues(parsed.error.issues) });
  }
  const current = draft.singleton("business_context");
  if (options.mode === "replace") {
    const next = context ?? EMPTY_BUSINESS_CONTEXT;
    if (canonicalJson(next) !== canonicalJson(current)) {
      draft.setSingleton("business_context", next);
      summary.business_context = "replaced";
    }
  } else if (context && canonicalJson(context) !== canonicalJson(current)) {
    const isEmpty = canonicalJson(current) === canonicalJson(EMPTY_BUSINESS_CONTEXT);
    if (isEmpty || (plan.businessContext === undefined && current.description === "")) {
      draft.setSingleton("business_context", context);
      summary.business_context = plan.businessContext ? "replaced" : "description set";
    } else {
      summary.business_context = "kept";
      summary.warnings.push(
        "business context: the model already has one, so the file's was not merged in (use mode replace to take it)",
      );
    }
  }

  let project: ProjectState | undefined;
  if (plan.project) {
    const parsed = ProjectState.safeParse(plan.project.value);
    if (parsed.success) project = parsed.data;
    else problems.push({ where: plan.project.where, reason: formatIssues(parsed.error.issues) });
  }
  const currentProject = draft.singleton("project");
  if (options.mode === "replace") {
    const next = project ?? EMPTY_PROJECT_STATE;
    if (canonicalJson(next) !== canonicalJson(currentProject)) draft.setSingleton("project", next);
  } else if (project) {
    const known = new Set(currentProject.phase_overrides.map((o) => canonicalJson(o)));
    const added = project.phase_overrides.filter((o) => !known.has(canonicalJson(o)));
    if (added.length > 0)
      draft.setSingleton("project", { phase_overrides: [...currentProject.phase_overrides, ...added] });
  }
}
