import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import * as z from "zod";
import { ModelError, showValue } from "../domain/errors.js";
import { opt } from "../ops/input.js";
import { task, type OpContext } from "../ops/operation.js";
import { THREATMODEL_DIR } from "../store/layout.js";
import { generatedFile, resolveOutputFile, writeGenerated } from "../store/output-file.js";
import { resolveInsideRoot } from "../store/paths.js";
import type { ModelDiff } from "./diff.js";
import { FILE_NAMES, FORMATS, type Format } from "./formats.js";
import type { ImportSummary } from "./import-plan.js";

// Renderers, decoders and the diff engine load on first use: the server starts without them.
const renderers = () => import("./render-all.js");
const engines = async () => ({
  ...(await import("./diff.js")),
  ...(await import("./extras.js")),
  ...(await import("./graphviz.js")),
  ...(await import("./import-plan.js")),
  ...(await import("./model-source.js")),
  ...(await import("./threat-composer/decode.js")),
  ...(await import("./threat-dragon/decode.js")),
});

export interface WrittenFile {
  format: string;
  /** Relative to the project root. */
  path: string;
  bytes: number;
  /** False when the file already had exactly this content (nothing was written). */
  changed: boolean;
}

export interface ExportResult {
  digest: string;
  files: WrittenFile[];
  warnings: string[];
}

const FormatName = z.enum(FORMATS, {
  error: (issue) => `${showValue(issue.input)} is not an export format; allowed: ${FORMATS.join(", ")}`,
});

async function render(ctx: OpContext, formats: readonly Format[], extended: boolean) {
  const { needsGraphviz, projectNameOf, renderAll } = await renderers();
  const { graphviz, gatherReportExtras } = await engines();
  const viz = needsGraphviz(formats) ? await graphviz() : undefined;
  const extrasFor = await gatherReportExtras(ctx);
  return ctx.store.read((model) =>
    renderAll(model, viz, {
      formats,
      projectName: projectNameOf(ctx.store.root),
      extras: extrasFor(model),
      extended,
    }),
  );
}

/** Renders the chosen formats to their stable names under `.threatmodel/`. */
export async function exportFormats(
  ctx: OpContext,
  formats: readonly Format[],
  extended = true,
): Promise<ExportResult> {
  const rendered = await render(ctx, formats, extended);
  const files: WrittenFile[] = [];
  for (const format of formats) {
    const content = rendered.files.get(format);
    if (content === undefined) continue; // not renderable: explained in the warnings
    const target = generatedFile(ctx.store.root, FILE_NAMES[format]);
    files.push({
      format,
      path: target.relative,
      bytes: Buffer.byteLength(content),
      changed: writeGenerated(target, content, "output"),
    });
  }
  return { digest: rendered.digest, files, warnings: rendered.warnings };
}

export const exportThreatModel = task(
  z.strictObject({
    formats: opt(
      z
        .array(FormatName)
        .min(1, { error: () => "name at least one format" })
        .describe(`Formats to write (default all): ${FORMATS.join(", ")}`),
    ),
    include_extended_data: opt(
      z.boolean().describe("Threat Composer file carries every field it has no place for (default true)"),
    ),
  }),
  (ctx, input) =>
    exportFormats(ctx, [...new Set(input.formats ?? FORMATS)], input.include_extended_data ?? true),
);

export const executeFinalExport = task(z.strictObject({}), (ctx) => exportFormats(ctx, FORMATS));

/** The Markdown report of the model as it is now, rendered in memory: what the export writes to `threat-model.md`. */
export const renderCurrentReport = task(z.strictObject({}), async (ctx) => {
  const rendered = await render(ctx, ["md"], true);
  return { digest: rendered.digest, text: rendered.files.get("md") ?? "" };
});

/** Marks our generated files carry; only such files are overwritten at a caller-chosen path. */
const GENERATED_MARK = "threatmodel:digest";

export const exportComprehensive = task(
  z.strictObject({
    output_path: z
      .string()
      .describe("File name or path inside the project; a bare name goes under .threatmodel/"),
    include_extended_data: z.boolean().default(true),
  }),
  async (ctx, input) => {
    const root = ctx.store.root;
    const given = input.output_path.trim();
    if (/^$|(^|[\\/])\.{0,2}$/.test(given)) {
      throw new ModelError(
        "invalid_input",
        `output_path: ${showValue(input.output_path)} names no file; give a file name such as threat-model.json`,
        {
          field: "output_path",
          value: input.output_path,
        },
      );
    }
    const placed = /[\\/]/.test(given) ? given : `${THREATMODEL_DIR}/${given}`;
    const { absolute } = resolveInsideRoot(root, placed, "output_path");
    const stem = path.relative(root, absolute).replace(/(\.tc)?\.json$|\.md$/i, "");
    // Both files are checked before either is written: only files this tool wrote are overwritten.
    const ours = (content: string) => content.includes(GENERATED_MARK);
    const targets = {
      tc: resolveOutputFile(root, `${stem}.json`, "output_path", ours),
      md: resolveOutputFile(root, `${stem}.md`, "output_path", ours),
    } as const;
    const rendered = await render(ctx, ["tc", "md"], input.include_extended_data);
    const tc = rendered.files.get("tc");
    if (tc === undefined)
      throw new ModelError("unsupported", rendered.warnings.join("; "), { field: "include_extended_data" });
    const files: WrittenFile[] = (["tc", "md"] as const).map((format) => {
      const content = format === "tc" ? tc : rendered.files.get(format)!;
      return {
        format,
        path: targets[format].relative,
        bytes: Buffer.byteLength(content),
        changed: writeGenerated(targets[format], content, "output_path"),
      };
    });
    return { digest: rendered.digest, files, warnings: rendered.warnings };
  },
);

const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

export const importThreatModel = task(
  z.strictObject({
    path: z.string().describe("A Threat Composer (.tc.json) or Threat Dragon v2 file inside the project"),
    mode: opt(
      z
        .enum(["merge", "replace"])
        .describe(
          "merge (default): add and update, delete nothing; replace: the model becomes the file's content",
        ),
    ),
    format: opt(
      z.enum(["auto", "threat-composer", "threat-dragon"]).describe("Default: detected from the content"),
    ),
    skip_invalid: opt(
      z
        .boolean()
        .describe("Import the valid items and list the rest as skipped (default: refuse the whole import)"),
    ),
  }),
  async (ctx, input): Promise<ImportSummary & { path: string }> => {
    const { absolute, relative } = resolveInsideRoot(ctx.store.root, input.path, "path");
    if (!existsSync(absolute) || !statSync(absolute).isFile())
      throw new ModelError("not_found", `path: ${showValue(input.path)} is not a file`, {
        field: "path",
        value: input.path,
      });
    const size = statSync(absolute).size;
    if (size > MAX_IMPORT_BYTES)
      throw new ModelError(
        "invalid_input",
        `path: the file is ${size} bytes; the limit is ${MAX_IMPORT_BYTES}`,
        { field: "path" },
      );
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(absolute, "utf8"));
    } catch (error) {
      throw new ModelError(
        "invalid_input",
        `path: ${relative} is not valid JSON (${(error as Error).message})`,
        { field: "path" },
      );
    }
    const { applyImport, decodeThreatComposer, decodeThreatDragon, detectFormat } = await engines();
    const detected = detectFormat(raw);
    const format = input.format && input.format !== "auto" ? input.format : detected;
    if (format !== "threat-composer" && format !== "threat-dragon") {
      throw new ModelError(
        "invalid_input",
        `path: ${relative} is not a Threat Composer file or a Threat Dragon v2 model`,
        {
          field: "path",
          allowed: ["threat-composer", "threat-dragon"],
        },
      );
    }
    const plan = format === "threat-composer" ? decodeThreatComposer(raw) : decodeThreatDragon(raw);
    const options = { mode: input.mode ?? "merge", skipInvalid: input.skip_invalid ?? false } as const;
    const summary = await ctx.store.mutate((draft) => applyImport(draft, plan, options));
    return { ...summary, path: relative };
  },
);

export const diffThreatModel = task(
  z.strictObject({
    against: z
      .string()
      .min(1)
      .describe(
        "A git ref (main, HEAD~1, a tag) or a file inside the project (.tc.json, snapshot, model folder)",
      ),
    kind: opt(
      z
        .enum(["auto", "git", "file"])
        .describe("auto (default): a path that exists is a file, anything else a git ref"),
    ),
  }),
  async (ctx, input): Promise<ModelDiff & { markdown: string }> => {
    const root = ctx.store.root;
    let useFile = input.kind === "file";
    if (!input.kind || input.kind === "auto") {
      try {
        useFile = existsSync(resolveInsideRoot(root, input.against, "against").absolute);
      } catch {
        useFile = false;
      }
    }
    const { diffModels, modelAtRef, modelFromPath, renderDiffMarkdown } = await engines();
    const other = useFile
      ? modelFromPath(root, input.against)
      : await modelAtRef(root, input.against, ctx.signal);
    const diff = await ctx.store.read((model) => diffModels(other.model, model, other.source, other.issues));
    return { ...diff, markdown: renderDiffMarkdown(diff) };
  },
);
