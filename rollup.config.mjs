// Bundles the CLI so `serve` loads one file instead of hundreds of modules (cold start is measured
// in `npm run bench`). Commands other than `serve` stay in lazily loaded chunks.
import path from "node:path";
import json from "@rollup/plugin-json";
import resolve from "@rollup/plugin-node-resolve";
import { toolListings } from "./dist/mcp/listings.js";
import { TOOLSET_NAMES } from "./dist/mcp/toolset-names.js";

// Native addons, WebAssembly and browser drivers are loaded from node_modules at run time, and so are
// CommonJS packages (the bundle has no CommonJS plugin).
const EXTERNAL = [
  /^node:/,
  /^@ast-grep\//,
  /^@viz-js\//,
  /^playwright-core/,
  /^ignore$/,
  /^yaml$/,
  /^picomatch$/,
];

const PREBUILT_LISTINGS = path.resolve("dist/mcp/prebuilt-listings.js");
const SDK_NODE_SHIM = path.resolve("dist/mcp/sdk-node-shim.js");

/**
 * Start-up work done at build time: every toolset's `tools/list` entries are computed from the tool
 * declarations and written into the bundle (see src/mcp/prebuilt-listings.ts), and the SDK's Node
 * shim is replaced by one that loads the Ajv validator on first use (see src/mcp/sdk-node-shim.ts).
 */
const replaced = new Set();
const startUpAtBuildTime = {
  name: "start-up-at-build-time",
  buildStart() {
    replaced.clear();
  },
  resolveId(id) {
    if (id !== "@modelcontextprotocol/server/_shims") return null;
    replaced.add("SDK shim");
    return SDK_NODE_SHIM;
  },
  load(id) {
    if (id !== PREBUILT_LISTINGS) return null;
    replaced.add("tool listings module");
    const entries = TOOLSET_NAMES.map(
      (toolset) => `  ${toolset}: ${JSON.stringify(JSON.stringify(toolListings(toolset)))},`,
    );
    return `export const PREBUILT_LISTINGS = {\n${entries.join("\n")}\n};\n`;
  },
  // Both replacements keep the server correct when they do not happen, only slow to start: a moved
  // module or a changed SDK must fail the build instead of passing unnoticed.
  buildEnd(error) {
    if (error) return;
    for (const what of ["SDK shim", "tool listings module"])
      if (!replaced.has(what)) this.error(`start-up-at-build-time: the ${what} was not replaced`);
  },
};

export default {
  input: { threatmodel: "dist/cli/main.js" },
  output: {
    dir: "dist/bundle",
    format: "es",
    entryFileNames: "[name].mjs",
    chunkFileNames: "chunks/[name]-[hash].mjs",
    banner: (chunk) => (chunk.isEntry ? "#!/usr/bin/env node" : ""),
  },
  external: (id) => EXTERNAL.some((pattern) => pattern.test(id)),
  plugins: [
    startUpAtBuildTime,
    resolve({ preferBuiltins: true, exportConditions: ["node", "import"] }),
    json(),
  ],
  onwarn(warning, warn) {
    if (warning.code === "CIRCULAR_DEPENDENCY" || warning.code === "THIS_IS_UNDEFINED") return;
    warn(warning);
  },
};
