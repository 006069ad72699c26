import type { Project } from "../project.js";
import { loadRuntime } from "./runtime-loader.js";

/** How the server reaches its project: opened (with its store and everything behind it) on first use. */
export type OpenProject = () => Promise<Project>;

/** Opens the project at `root` once, the first time a request needs it; its store watches for files saved in place. */
export function lazyProject(root: string): OpenProject {
  let opened: Promise<Project> | undefined;
  return () => (opened ??= loadRuntime().then(({ Project }) => new Project(root, { watch: true })));
}
