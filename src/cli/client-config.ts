/** Configuration snippets that connect each MCP client to this server for one project folder. */

export interface ClientSnippet {
  id: string;
  client: string;
  where: string;
  text: string;
}

const PACKAGE = "threat-modeling-mcp-server";

export function clientSnippets(root: string, extraArgs: readonly string[] = []): ClientSnippet[] {
  const args = ["-y", PACKAGE, "--project", root, ...extraArgs];
  const json = (value: unknown) => JSON.stringify(value, null, 2);
  const mcpServers = json({ mcpServers: { threatmodel: { command: "npx", args } } });
  const shellArgs = args.map((a) => (/^[\w./@:-]+$/.test(a) ? a : JSON.stringify(a))).join(" ");
  return [
    {
      id: "claude-code",
      client: "Claude Code",
      where: "run once in a shell",
      text: `claude mcp add threatmodel -- npx ${shellArgs}`,
    },
    {
      id: "cursor",
      client: "Cursor, Claude Desktop, Cline, Windsurf, Kiro, Amazon Q",
      where:
        ".cursor/mcp.json, claude_desktop_config.json, cline_mcp_settings.json, ~/.codeium/windsurf/mcp_config.json, .kiro/settings/mcp.json, .amazonq/mcp.json",
      text: mcpServers,
    },
    {
      id: "vscode",
      client: "VS Code",
      where: ".vscode/mcp.json",
      text: json({
        servers: {
          threatmodel: {
            type: "stdio",
            command: "npx",
            args: ["-y", PACKAGE, "--project", "${workspaceFolder}", ...extraArgs],
          },
        },
      }),
    },
    {
      id: "codex",
      client: "Codex CLI",
      where: "~/.codex/config.toml",
      text: `[mcp_servers.threatmodel]\ncommand = "npx"\nargs = [${args.map((a) => JSON.stringify(a)).join(", ")}]`,
    },
    {
      id: "http",
      client: "Any client over Streamable HTTP (one server for several people)",
      where: "start the server, then give clients the URL and the token",
      text: [
        `THREATMODEL_TOKEN=<long random secret> npx ${PACKAGE} serve --http --project ${JSON.stringify(root)} --host 0.0.0.0 --allowed-hosts <host name>${extraArgs.length ? ` ${extraArgs.join(" ")}` : ""}`,
        `client: url http://<host name>:8765/mcp, header "Authorization: Bearer <the token>"`,
        "(on one machine: threatmodel serve --http, url http://127.0.0.1:8765/mcp, no token needed)",
      ].join("\n"),
    },
  ];
}
