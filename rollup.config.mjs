// Bundles the CLI so `serve` loads one file instead of hundreds of modules (cold start is measured
// in `npm run bench`). Commands other than `serve` stay in lazily loaded chunks.
import json from "@rollup/plugin-json";
import resolve from "@rollup/plugin-node-resolve";

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
  plugins: [resolve({ preferBuiltins: true, exportConditions: ["node", "import"] }), json()],
  onwarn(warning, warn) {
    if (warning.code === "CIRCULAR_DEPENDENCY" || warning.code === "THIS_IS_UNDEFINED") return;
    warn(warning);
  },
};
