import type { CallToolResult, ServerContext } from "@modelcontextprotocol/server";
import { isModelError } from "../domain/errors.js";
import { execute, type OpContext } from "../ops/operation.js";
import type { Project } from "../project.js";
import type { AnyTool } from "./tool.js";

function errorResult(text: string): CallToolResult {
  return { isError: true, content: [{ type: "text", text }] };
}

/** Runs one tool call: the operation, then its structured and text results; refusals become `isError`. */
export async function runTool(
  tool: AnyTool,
  project: Project,
  input: unknown,
  ctx: ServerContext,
): Promise<CallToolResult> {
  const progressToken = ctx.mcpReq._meta?.progressToken;
  try {
    const opContext: OpContext = project.context({
      signal: ctx.mcpReq.signal,
      ...(progressToken !== undefined
        ? {
            onProgress: (p) =>
              void ctx.mcpReq
                .notify({ method: "notifications/progress", params: { progressToken, ...p } })
                .catch(() => undefined),
          }
        : {}),
    });
    const result = await execute(tool.op, opContext, input);
    return {
      content: [{ type: "text", text: tool.render(result, input) }],
      structuredContent: tool.shape(result, input),
    };
  } catch (error) {
    if (isModelError(error)) return errorResult(`${tool.name}: ${error.message}`);
    console.error(`[threatmodel] ${tool.name} failed:`, error);
    return errorResult(
      `${tool.name}: internal error (${(error as Error).message ?? String(error)}); the model was not changed`,
    );
  }
}
