import { ResourceTemplate, type McpServer } from "@modelcontextprotocol/server";
import { PHASES, parsePhase } from "../methodology/phases.js";
import type { OpenProject } from "./open-project.js";
import { loadRuntime as runtime } from "./runtime-loader.js";
import type { ToolsetName } from "./toolset-names.js";

export const RESOURCE_URIS = {
  model: "threatmodel://model",
  report: "threatmodel://report",
  plan: "threatmodel://guidance/plan",
  phase: "threatmodel://guidance/phase/{phase}",
} as const;

const phaseUri = (id: string) => `threatmodel://guidance/phase/${id}`;

/** Registers the model (JSON), the current report (Markdown) and the guidance of the plan and of each phase. */
export function registerResources(server: McpServer, openProject: OpenProject, toolset: ToolsetName): void {
  // Handlers load the operations on first use (see runtime.ts); guidance is adapted to the toolset.
  const adapt = async (text: string) => (await runtime()).TEXT_ADAPTERS[toolset](text);
  server.registerResource(
    "model",
    RESOURCE_URIS.model,
    {
      title: "Threat model (JSON)",
      description: "Every entity of the model, the business context, project state and model digest.",
      mimeType: "application/json",
    },
    async (uri) => {
      const { execute, modelSnapshot } = await runtime();
      const snapshot = await execute(modelSnapshot, (await openProject()).context(), {});
      return {
        contents: [{ uri: uri.href, mimeType: "application/json", text: JSON.stringify(snapshot, null, 2) }],
      };
    },
  );

  server.registerResource(
    "report",
    RESOURCE_URIS.report,
    {
      title: "Threat model report (Markdown)",
      description:
        "The Markdown report rendered from the model as it is now (what the export writes to .threatmodel/threat-model.md).",
      mimeType: "text/markdown",
    },
    async (uri) => {
      const { execute, renderCurrentReport } = await runtime();
      const report = await execute(renderCurrentReport, (await openProject()).context(), {});
      return { contents: [{ uri: uri.href, mimeType: "text/markdown", text: report.text }] };
    },
  );

  server.registerResource(
    "plan",
    RESOURCE_URIS.plan,
    {
      title: "Threat modeling plan",
      description: "The whole method with current progress.",
      mimeType: "text/markdown",
    },
    async (uri) => {
      const { execute, getThreatModelingPlan } = await runtime();
      const plan = await execute(getThreatModelingPlan, (await openProject()).context(), {
        directory: ".",
        auto_validate_code: true,
      });
      return { contents: [{ uri: uri.href, mimeType: "text/markdown", text: await adapt(plan.text) }] };
    },
  );

  server.registerResource(
    "phase-guidance",
    new ResourceTemplate(RESOURCE_URIS.phase, {
      list: () => ({
        resources: PHASES.map(({ id, name }) => ({
          uri: phaseUri(id),
          name: `phase-${id}`,
          title: `Phase ${id}: ${name}`,
          mimeType: "text/markdown",
        })),
      }),
      complete: { phase: () => PHASES.map((p) => p.id) },
    }),
    {
      title: "Phase guidance",
      description: "Guidance of one phase, filled in from the model.",
      mimeType: "text/markdown",
    },
    async (uri, variables) => {
      const id = parsePhase(String(variables.phase ?? ""));
      const { invoke, phaseGuidance } = await runtime();
      const result = await invoke(phaseGuidance(id), (await openProject()).context(), {});
      return { contents: [{ uri: uri.href, mimeType: "text/markdown", text: await adapt(result.guidance) }] };
    },
  );
}
